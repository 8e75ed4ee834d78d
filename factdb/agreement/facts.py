"""The best-supported answer for one quantity, at a date and over time.

* :func:`best_fact`: among reported levels, the interval shared by the group of
  claims with the most (weighted) support, counted per article. A vague
  quantity ("at least 10,000" read from "tens of thousands", "dozens",
  "hundreds") *supports* the answer but defines it only when every figure in
  the winning group is vague; the answer is the intersection of the others.
* :func:`fact_at`: the answer as of a date. Figures count from the start of
  their as-of window; the *voting set* is the newest usable figure and every
  figure that started at most three half-lives before it
  (:mod:`factdb.agreement.timing`), each weighted 2^(-age / half-life). When
  the newest figure is older than the property's horizon there is no current
  answer. Timeless properties (border lengths, distances) use every figure
  with weight 1.
* :func:`timeline`: :func:`fact_at` as a step function of the date (it only
  changes when a figure starts or the newest one goes stale), stored at load.
* :func:`quantities`: a subject's claims for one property split by identity
  (kind, scope, object), so "troops stationed" and "troops sent" get
  separate answers.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from factdb.agreement.intervals import (
    RATE_TOLERANCE, UNIT_TOLERANCE, Interval, contains, dimension_of, intersect, widen,
)
from factdb.agreement.timing import policy
from factdb.agreement.views import ClaimView, Fact, canonical, interval_of

VOTING_HALFLIVES = 3  # figures older than this many half-lives before the newest one do not vote


def _entry_exit(iv: Interval) -> tuple[tuple, tuple | None]:
    """The first point (value, just_above) an interval contains, and the first after it it does not.

    Points order as (v, False) < (v, True) < (w, ...) for v < w, where (v, True)
    stands for "just above v"; ``contains(iv, v, eps)`` is entry <= (v, eps) < exit.
    """
    lo, hi, li, hi_inc = iv
    entry = (-math.inf, False) if lo is None else (lo, not li)
    exit_ = None if hi is None else (hi, bool(hi_inc))
    return entry, exit_


def _sweep_scores(points: list[tuple], ivs: list, weights: dict | None = None) -> dict[tuple, tuple]:
    """(weighted articles, distinct articles, claims) containing each point, in one sorted sweep.

    An article counts once at a point, with the largest weight among its
    claims there. O(n log n).
    """
    spans = []
    for c, iv in ivs:
        entry, exit_ = _entry_exit(iv)
        if exit_ is None or entry < exit_:
            spans.append((entry, exit_, c.article_id, 1.0 if weights is None else weights[c.id]))
    spans.sort(key=lambda s: s[0])
    live: dict[int, Counter] = {}
    exits: list = []
    count = 0
    total = 0.0
    i = 0
    out = {}

    def top(article):
        ws = live.get(article)
        return max(ws) if ws else 0.0

    for p in sorted(points):
        while i < len(spans) and spans[i][0] <= p:
            _, exit_, article, w = spans[i]
            before = top(article)
            live.setdefault(article, Counter())[w] += 1
            total += top(article) - before
            count += 1
            if exit_ is not None:
                heapq.heappush(exits, (exit_, i, article, w))
            i += 1
        while exits and exits[0][0] <= p:
            _, _, article, w = heapq.heappop(exits)
            before = top(article)
            ws = live[article]
            ws[w] -= 1
            if not ws[w]:
                del ws[w]
            if not ws:
                del live[article]
            total += top(article) - before
            count -= 1
        out[p] = (round(total, 9), len(live), count)
    return out


def _display_unit(levels: Sequence[ClaimView]) -> tuple[str | None, list, list]:
    """(unit, [(claim, interval)], incomparable): written unit when all share one, else canonical."""
    units = {c.unit for c in levels}
    if len(units) == 1:
        (unit,) = units
        return unit, [(c, interval_of(c)) for c in levels], []
    cans = [(c, canonical(c)) for c in levels]
    counts = Counter(can[0] for _, can in cans if can is not None)
    if not counts:
        return None, [], list(levels)
    unit = max(counts, key=lambda u: (counts[u], u))
    # a figure written in another unit is widened as conflicts widen it (rates move, conversions round)
    ivs = [(c, can[1] if c.unit == unit else widen(can[1], RATE_TOLERANCE if dimension_of(c.unit) == "money"
                                                   else UNIT_TOLERANCE))
           for c, can in cans if can is not None and can[0] == unit]
    incomparable = [c for c, can in cans if can is None or can[0] != unit]
    return unit, ivs, incomparable


def _width(ivs: list, point: tuple) -> float:
    """Width of the answer the group containing ``point`` would give (inf when open)."""
    group = [(c, iv) for c, iv in ivs if contains(iv, *point)]
    shared = intersect(iv for c, iv in group if not c.vague) or intersect(iv for _, iv in group)
    if shared is None or shared[0] is None or shared[1] is None:
        return math.inf
    return shared[1] - shared[0]


def best_fact(claims: Sequence[ClaimView], weights: dict[int, float] | None = None) -> Fact:
    """The interval shared by the best-supported group of mutually consistent claims.

    Only reported levels count (conversions restate their source and are
    left out). Score of a point: (weighted articles, articles, claims) whose
    intervals contain it; ``weights`` maps claim id -> weight (default 1).
    Between points with equal scores the narrower answer wins ("1,344 km"
    over "more than 1,350 km"), then the first listed.
    The answer is the intersection of the winning group's figures that are
    not vague, when it has any (a vague quantity supports but does not
    define), else of all of them. ``method``: consensus (the group is every comparable claim),
    majority (more than half of the articles), plurality.
    """
    levels = [c for c in claims if c.change is None and c.modality == "reported" and c.conversion_of is None]
    if not levels:
        return Fact(None, None, True, True, None, "none")
    unit, ivs, incomparable = _display_unit(levels)
    if not ivs:
        return Fact(None, None, True, True, None, "none", incomparable=tuple(incomparable))
    everyone = intersect(iv for _, iv in ivs)
    if everyone is not None:
        # all agree: the sweep would pick the first listed point inside the common interval, its lower end
        best_point = (everyone[0], not everyone[2]) if everyone[0] is not None else (-math.inf, False)
        n = len({c.article_id for c, _ in ivs})
        score = (None, n)
        group = list(ivs)
    else:
        points = list(dict.fromkeys([(-math.inf, False)] + [(iv[0], not iv[2]) for _, iv in ivs if iv[0] is not None]))
        scores = _sweep_scores(points, ivs, weights)
        top = max(scores[p] for p in points)
        tied = [p for p in points if scores[p] == top]
        # equal support: the more specific answer (the narrowest defined interval) wins, then the first listed
        best_point = min(tied, key=lambda p: _width(ivs, p)) if len(tied) > 1 else tied[0]
        score = scores[best_point]
        group = [(c, iv) for c, iv in ivs if contains(iv, *best_point)]
    members = {c.id for c, _ in group}
    defining = [iv for c, iv in group if not c.vague] or [iv for _, iv in group]
    shared = intersect(defining) or intersect(iv for _, iv in group)
    n_articles = len({c.article_id for c, _ in ivs})
    if len(group) == len(ivs):
        method = "consensus"
    elif score[1] * 2 > n_articles:
        method = "majority"
    else:
        method = "plurality"
    lo, hi, li, hi_inc = shared
    return Fact(lo, hi, li, hi_inc, unit, method,
                supporting=tuple(c for c, _ in group),
                dissent=tuple(c for c, _ in ivs if c.id not in members),
                incomparable=tuple(incomparable),
                weights=dict(weights) if weights else {}, point=best_point)


# ------------------------------------------------------------------ as of a date


@dataclass(frozen=True)
class Answer:
    """:func:`best_fact` over the voting set as of ``as_of`` (None: the latest evidence)."""

    fact: Fact
    as_of: _dt.date | None
    newest: _dt.date | None  # end of the newest voting figure's window
    oldest: _dt.date | None  # start of the oldest voting figure's window
    stale: bool = False  # figures exist before the date, but the newest is past the horizon
    voters: tuple[ClaimView, ...] = field(default=())

    @property
    def age_days(self) -> int | None:
        """How old the newest evidence is at ``as_of`` (0 when current)."""
        if self.as_of is None or self.newest is None:
            return None
        return max(0, (self.as_of - self.newest).days)


def _start(c: ClaimView) -> _dt.date | None:
    w = c.window()
    return w[0] if w else None


def voting_set(claims: Sequence[ClaimView], ref: _dt.date | None) -> tuple[list[ClaimView], dict, bool]:
    """(voters, weights, stale) for ``ref`` (None: anchored at the newest dated figure, undated ones vote too)."""
    levels = [c for c in claims if c.change is None and c.modality == "reported" and c.conversion_of is None]
    if not levels:
        return [], {}, False
    prop = levels[0].property
    p = policy(prop)
    if p.timeless:
        return levels, {c.id: 1.0 for c in levels}, False
    dated = [c for c in levels if c.window() is not None]
    if ref is not None:
        dated = [c for c in dated if c.window()[0] <= ref]
    undated = [c for c in levels if c.window() is None] if ref is None else []
    if not dated:
        return undated, {c.id: 1.0 for c in undated}, False
    anchor = max(_start(c) for c in dated)
    newest_end = max(c.window()[1] for c in dated if _start(c) == anchor)
    if ref is not None and (ref - newest_end).days > p.horizon_days:
        return [], {}, True
    earliest = anchor - _dt.timedelta(days=math.ceil(VOTING_HALFLIVES * p.halflife_days))
    voters = [c for c in dated if _start(c) >= earliest]
    weights = {c.id: 0.5 ** ((anchor - _start(c)).days / p.halflife_days) for c in voters}
    weights.update({c.id: 1.0 for c in undated})
    return voters + undated, weights, False


def fact_at(claims: Sequence[ClaimView], ref: _dt.date | None = None) -> Answer:
    """The answer as of ``ref`` (the last day of a query window), or as of the latest evidence."""
    voters, weights, stale = voting_set(claims, ref)
    f = best_fact(voters, weights)
    windows = [c.window() for c in f.supporting if c.window() is not None]
    newest = max((w[1] for w in windows), default=None)
    oldest = min((w[0] for w in windows), default=None)
    return Answer(f, ref, newest, oldest, stale, tuple(voters))


@dataclass(frozen=True)
class Epoch:
    """The answer from ``valid_from`` to ``valid_to`` (inclusive; None = open-ended)."""

    valid_from: _dt.date
    valid_to: _dt.date | None
    answer: Answer


def timeline(claims: Sequence[ClaimView]) -> list[Epoch]:
    """:func:`fact_at` as a step function of the date, for dated figures.

    The voting set changes only when a figure starts (a new anchor) or when the
    newest figure passes the horizon, so one evaluation per distinct start
    date gives the whole function. Timeless properties have one open epoch
    from the first dated figure (their answer does not depend on the date).
    O(n log n) plus one :func:`best_fact` per start date over its voters.
    """
    import bisect

    levels = [c for c in claims if c.change is None and c.modality == "reported" and c.conversion_of is None]
    windows = {c.id: c.window() for c in levels}
    dated = sorted((c for c in levels if windows[c.id] is not None), key=lambda c: (windows[c.id][0], c.id))
    if not dated:
        return []
    p = policy(dated[0].property)
    if p.timeless:
        first = windows[dated[0].id][0]
        return [Epoch(first, None, fact_at(levels, first))]
    starts = [windows[c.id][0] for c in dated]
    span = _dt.timedelta(days=math.ceil(VOTING_HALFLIVES * p.halflife_days))
    distinct = sorted(set(starts))
    out: list[Epoch] = []
    for i, s in enumerate(distinct):
        nxt = distinct[i + 1] if i + 1 < len(distinct) else None
        lo, hi = bisect.bisect_left(starts, s - span), bisect.bisect_right(starts, s)
        voters = dated[lo:hi]
        weights = {c.id: 0.5 ** ((s - windows[c.id][0]).days / p.halflife_days) for c in voters}
        f = best_fact(voters, weights)
        sup = [windows[c.id] for c in f.supporting]
        ans = Answer(f, s, max((w[1] for w in sup), default=None), min((w[0] for w in sup), default=None),
                     False, tuple(voters))
        newest_end = max(windows[c.id][1] for c in dated[bisect.bisect_left(starts, s):hi])
        stale_from = newest_end + _dt.timedelta(days=p.horizon_days + 1)
        end = nxt - _dt.timedelta(days=1) if nxt else None
        if end is None or stale_from <= end:
            out.append(Epoch(s, stale_from - _dt.timedelta(days=1), ans))
            out.append(Epoch(stale_from, end, Answer(Fact(None, None, True, True, None, "none"), stale_from,
                                                     None, None, stale=True)))
        else:
            out.append(Epoch(s, end, ans))
    return out


# ------------------------------------------------------------------ one subject, one property


def quantity_key(c: ClaimView) -> tuple:
    return (c.kind or "", c.scope, c.object or "")


def quantities(claims: Sequence[ClaimView]) -> dict[tuple, list[ClaimView]]:
    """Claims split by identity (kind, scope, object).

    A claim whose kind or object the text does not give is a quantity of its
    own ("$2 billion in aid" without a recipient is not the aid to Tajikistan).
    Groups are ordered by the articles that give a reported level (the
    answerable ones), then all articles, largest first (ties: the whole
    scope first, then the key); the first is the subject's *main* quantity.
    """
    groups: dict[tuple, list[ClaimView]] = {}
    for c in claims:
        groups.setdefault(quantity_key(c), []).append(c)

    def rank(kv):
        key, cs = kv
        answerable = {c.article_id for c in cs if c.change is None and c.modality == "reported" and c.conversion_of is None}
        return -len(answerable), -len({c.article_id for c in cs}), key[1] != "whole", -len(cs), key

    return dict(sorted(groups.items(), key=rank))
