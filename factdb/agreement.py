"""Where sources agree or contradict: pure aggregation over plain records.

Nothing here reads a database. The store turns rows into :class:`ClaimView`
and :class:`AssertionView` records, calls these functions, and formats the
result. Rules (also in docs/memberships.md):

Numeric claims
  * A claim's interval is its stored (low, high) with inclusivity; ``None`` is
    unbounded. Hedge tolerance ("about" -> +/- x%) is already inside the
    stored interval; only when both ends are missing is it derived from the
    qualifier (approx -> +/- ``APPROX_TOLERANCE``).
  * Two claims are *comparable* when they have the same subject and property,
    are levels (``change is None``) with modality ``reported``, their objects
    and counted nouns agree where both are known, and their as-of dates fall in
    the same time window (:func:`factdb.timeutil.same_time_window`: within
    ``window_days`` for two day dates, overlapping periods when either is a
    month or year). Two claims of one article are always in the same window.
  * Comparable claims *conflict* when their intervals are disjoint. Different
    units are compared through ``normalized_value``/``normalized_unit``, each
    side first widened (relative) by ``RATE_TOLERANCE`` for money (the rate is
    uncertain) or ``UNIT_TOLERANCE`` for other units (rounding). Units that
    cannot be aligned are never reported as a conflict.
  * A conversion restates its source: a conflict with a conversion is not
    reported again when the same claim already conflicts with its source.
  * Within one article, a conversion ("70 billion rubles (about $1.23
    billion)") conflicts with the amount it converts when their USD values
    differ by more than ``RATE_TOLERANCE``, and the same figure written in two
    currencies ("$70 billion" vs "70 billion rubles") conflicts when their
    normalised values are disjoint.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from factdb.membership_status import (  # noqa: F401  (re-exported: factdb.agreement is the public API)
    AssertionView,
    Conflict,
    MemberRow,
    member_status,
    membership_conflicts,
)
from factdb.hedges import APPROX_TOLERANCE, hedge_interval  # noqa: F401
from factdb.timeutil import date_window, parse_date_arg, same_time_window  # noqa: F401

__all__ = [
    "AssertionView", "ClaimView", "Conflict", "Fact", "MemberRow", "aligned", "best_fact", "comparable",
    "consistent", "date_window", "interval_of", "member_status", "membership_conflicts", "numeric_conflicts",
    "overlap", "parse_date_arg", "same_time_window",
]

RATE_TOLERANCE = 0.25
UNIT_TOLERANCE = 0.01  # rounding of physical unit conversions ("1,344 km" vs "835 miles")
_CURRENCY = re.compile(r"^[A-Z]{3}$")

Interval = tuple[float | None, float | None, bool, bool]


@dataclass(frozen=True)
class ClaimView:
    """The fields of a stored claim that agreement needs."""

    id: int
    article_id: int
    subject: str | None
    property: str
    value: float
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str = "exact"
    unit: str = "count"
    normalized_value: float | None = None
    normalized_unit: str | None = None
    as_of: _dt.date | None = None
    as_of_precision: str | None = None
    change: str | None = None
    modality: str = "reported"
    conversion_of: int | None = None  # id of the claim (same article) this converts
    object: str | None = None
    counted: str | None = None
    surface: str | None = None  # the number expression as written


@dataclass(frozen=True)
class Fact:
    """The best-supported answer for one subject and property.

    ``low``/``high`` (with inclusivity, ``None`` = unbounded) is the interval
    every supporting claim allows; ``method`` is ``consensus`` (all comparable
    claims agree), ``majority`` (the largest agreeing group has more than half
    of the articles), ``plurality`` (largest group, no majority) or ``none``.
    """

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str | None
    method: str
    supporting: tuple[ClaimView, ...] = ()
    dissent: tuple[ClaimView, ...] = ()
    incomparable: tuple[ClaimView, ...] = field(default=())


def interval_of(claim: ClaimView) -> Interval:
    """(low, high, low_inclusive, high_inclusive) of a claim; None = unbounded."""
    if claim.low is not None or claim.high is not None:
        return claim.low, claim.high, claim.low_inclusive, claim.high_inclusive
    return hedge_interval(claim.qualifier, claim.value)[1:]


def _scale(iv: Interval, factor: float, widen: float = 0.0) -> Interval:
    lo, hi, li, hi_inc = iv
    lo = None if lo is None else lo * factor * (1 - widen)
    hi = None if hi is None else hi * factor * (1 + widen)
    return lo, hi, li, hi_inc


def _is_money(c: ClaimView) -> bool:
    return c.property == "monetary_amount" or bool(_CURRENCY.match(c.unit or ""))


def aligned(a: ClaimView, b: ClaimView) -> tuple[Interval, Interval, str] | None:
    """Both intervals in one unit, or None when the units cannot be aligned.

    Same unit: the stored intervals. Otherwise both must carry a normalised
    value in the same normalised unit; each interval is scaled by its own
    normalised/raw ratio, and money is widened by ``RATE_TOLERANCE``.
    """
    if a.unit == b.unit:
        return interval_of(a), interval_of(b), a.unit
    if (
        a.normalized_unit
        and a.normalized_unit == b.normalized_unit
        and a.normalized_value is not None
        and b.normalized_value is not None
        and a.value
        and b.value
    ):
        widen = RATE_TOLERANCE if (_is_money(a) or _is_money(b)) else UNIT_TOLERANCE
        ia = interval_of(a) if a.unit == a.normalized_unit else _scale(interval_of(a), a.normalized_value / a.value, widen)
        ib = interval_of(b) if b.unit == b.normalized_unit else _scale(interval_of(b), b.normalized_value / b.value, widen)
        return ia, ib, a.normalized_unit
    return None


def overlap(x: Interval, y: Interval) -> bool:
    """Whether two intervals share at least one point."""
    return _intersect([x, y]) is not None


def _intersect(ivs: Iterable[Interval]) -> Interval | None:
    lo, hi, li, hi_inc = None, None, True, True
    for l2, h2, li2, hi2 in ivs:
        if l2 is not None and (lo is None or l2 > lo or (l2 == lo and not li2)):
            lo, li = l2, li2 if (lo is None or l2 != lo) else (li and li2)
        if h2 is not None and (hi is None or h2 < hi or (h2 == hi and not hi2)):
            hi, hi_inc = h2, hi2 if (hi is None or h2 != hi) else (hi_inc and hi2)
    if lo is not None and hi is not None and (lo > hi or (lo == hi and not (li and hi_inc))):
        return None
    return lo, hi, li, hi_inc


def consistent(a: ClaimView, b: ClaimView) -> bool:
    """True unless both intervals can be put in one unit and are disjoint."""
    al = aligned(a, b)
    return True if al is None else overlap(al[0], al[1])


def comparable(a: ClaimView, b: ClaimView, window_days: int = 31) -> bool:
    """Same subject/property/level/time window; see the module docstring."""
    if a.id == b.id or a.subject is None or a.subject != b.subject or a.property != b.property:
        return False
    if a.change is not None or b.change is not None:
        return False
    # Across articles only reported levels are compared (a plan is not a count);
    # inside one article a headline and its body speak of the same thing, so
    # two plans (or two estimates) are compared with each other too.
    if a.article_id == b.article_id:
        if a.modality != b.modality:
            return False
    elif a.modality != "reported" or b.modality != "reported":
        return False
    if a.object and b.object and a.object != b.object:
        return False
    if a.counted and b.counted and a.counted != b.counted:
        return False
    if a.article_id == b.article_id:
        # one article speaks of one moment unless it dates a figure otherwise
        # ("rose from 24 to 36": the 24 has no date of its own)
        return a.as_of == b.as_of
    return same_time_window(a.as_of, a.as_of_precision, b.as_of, b.as_of_precision, window_days)


def _show(c: ClaimView) -> str:
    if c.surface:
        return c.surface
    lo, hi, li, hi_inc = interval_of(c)
    return f"{'[' if li else '('}{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}{']' if hi_inc else ')'} {c.unit}"


def _conflict(a: ClaimView, b: ClaimView, reason: str) -> Conflict:
    return Conflict(
        kind="numeric",
        subject=a.subject or b.subject,
        property=a.property,
        organization=None,
        ids=(a.id, b.id),
        article_ids=tuple(sorted({a.article_id, b.article_id})),
        values=(_show(a), _show(b)),
        reason=reason,
    )


def _relative_gap(x: float, y: float) -> float:
    top = max(abs(x), abs(y))
    return 0.0 if top == 0 else abs(x - y) / top


def _usd(c: ClaimView) -> float | None:
    if c.normalized_value is not None:
        return c.normalized_value
    return c.value if c.normalized_unit is None and c.unit == "USD" else None


def numeric_conflicts(claims: Sequence[ClaimView], window_days: int = 31) -> list[Conflict]:
    """Pairs of claims that cannot both hold; each pair reported once.

    Order: by the pair's claim ids. Reasons name the rule that fired.
    """
    out: dict[tuple[int, int], Conflict] = {}
    by_id = {c.id: c for c in claims}
    # Conversions that disagree with what they convert (same article).
    for c in claims:
        src = by_id.get(c.conversion_of) if c.conversion_of is not None else None
        if src is None or src.article_id != c.article_id:
            continue
        cu, su = _usd(c), _usd(src)
        if cu is not None and su is not None and _relative_gap(cu, su) > RATE_TOLERANCE:
            key = tuple(sorted((c.id, src.id)))
            out[key] = _conflict(src, c, f"conversion disagrees: {_show(c)} is given as the conversion of {_show(src)} "
                                 f"but they differ by {_relative_gap(cu, su):.0%} at the recorded rate")
    # The same figure in two currencies within one article ("$70 billion" vs "70 billion rubles").
    by_article: dict[int, list[ClaimView]] = {}
    for c in claims:
        if _is_money(c) and c.change is None:
            by_article.setdefault(c.article_id, []).append(c)
    for group in by_article.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                key = tuple(sorted((a.id, b.id)))
                if (key not in out and a.unit != b.unit and a.value == b.value
                        and (not a.subject or not b.subject or a.subject == b.subject) and not consistent(a, b)):
                    out[key] = _conflict(a, b, f"the same figure in two currencies in one article ({a.unit} vs {b.unit}); "
                                         "their values differ far beyond any exchange rate")
    groups: dict[tuple[str, str], list[ClaimView]] = {}
    for c in claims:
        if c.subject:
            groups.setdefault((c.subject, c.property), []).append(c)
    for group in groups.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                key = tuple(sorted((a.id, b.id)))
                if key in out or not comparable(a, b, window_days) or consistent(a, b):
                    continue
                where = "in the same article" if a.article_id == b.article_id else "within the same time window"
                out[key] = _conflict(a, b, f"intervals do not overlap {where}: {_show(a)} vs {_show(b)}")
    for x, y in list(out):
        for keep, conv in ((x, y), (y, x)):
            src = by_id[conv].conversion_of
            if src is not None and src != keep and tuple(sorted((keep, src))) in out:
                out.pop((x, y), None)
    return [out[k] for k in sorted(out)]


def _contains(iv: Interval, v: float, eps: bool) -> bool:
    lo, hi, li, hi_inc = iv
    if lo is not None and not (v >= lo if eps else (v > lo or (v == lo and li))):
        return False
    if hi is not None and not (v < hi if eps else (v < hi or (v == hi and hi_inc))):
        return False
    return True


def _entry_exit(iv: Interval) -> tuple[tuple, tuple | None]:
    """The first point (value, just_above) an interval contains, and the first after it it does not.

    Points order as (v, False) < (v, True) < (w, ...) for v < w, where (v, True)
    stands for "just above v"; ``_contains(iv, v, eps)`` is entry <= (v, eps) < exit.
    """
    lo, hi, li, hi_inc = iv
    entry = (-math.inf, False) if lo is None else (lo, not li)
    exit_ = None if hi is None else (hi, bool(hi_inc))
    return entry, exit_


def _sweep_scores(points: list[tuple], ivs: list) -> dict[tuple, tuple[int, int]]:
    """(distinct articles, claims) containing each point, in one sorted sweep (O(n log n))."""
    import heapq
    from collections import Counter

    spans = []
    for c, iv in ivs:
        entry, exit_ = _entry_exit(iv)
        if exit_ is None or entry < exit_:
            spans.append((entry, exit_, c.article_id))
    spans.sort(key=lambda s: s[0])
    live: Counter = Counter()
    exits: list = []
    count = 0
    i = 0
    out = {}
    for p in sorted(points):
        while i < len(spans) and spans[i][0] <= p:
            entry, exit_, article = spans[i]
            live[article] += 1
            count += 1
            if exit_ is not None:
                heapq.heappush(exits, (exit_, i, article))
            i += 1
        while exits and exits[0][0] <= p:
            _, _, article = heapq.heappop(exits)
            live[article] -= 1
            if not live[article]:
                del live[article]
            count -= 1
        out[p] = (len(live), count)
    return out


def best_fact(claims: Sequence[ClaimView]) -> Fact:
    """The interval shared by the largest group of mutually consistent claims.

    Only reported levels count. Claims are put in the most common unit
    (others converted through normalised values, else listed as
    ``incomparable``). Groups are compared by distinct articles, then claims;
    a group of intervals that pairwise overlap always shares a point, so the
    answer is the intersection of the group.
    """
    levels = [c for c in claims if c.change is None and c.modality == "reported"]
    if not levels:
        return Fact(None, None, True, True, None, "none")
    units: dict[str, int] = {}
    for c in levels:
        units[c.unit] = units.get(c.unit, 0) + 1
    unit = max(units, key=lambda u: (units[u], u))
    ref = next(c for c in levels if c.unit == unit)
    ivs: list[tuple[ClaimView, Interval]] = []
    incomparable: list[ClaimView] = []
    for c in levels:
        if c.unit == unit:
            ivs.append((c, interval_of(c)))
            continue
        al = aligned(ref, c)
        if al is None or not ref.value or ref.normalized_value is None:
            incomparable.append(c)
            continue
        back = ref.value / ref.normalized_value if ref.unit != ref.normalized_unit else 1.0
        ivs.append((c, _scale(al[1], back)))
    # candidate points: each distinct lower end (first occurrence kept, so ties resolve as before)
    points = list(dict.fromkeys([(-math.inf, False)] + [(iv[0], not iv[2]) for _, iv in ivs if iv[0] is not None]))
    scores = _sweep_scores(points, ivs)
    best_point = max(enumerate(points), key=lambda ip: (scores[ip[1]], -ip[0]))[1]
    group = [(c, iv) for c, iv in ivs if _contains(iv, *best_point)]
    best = (scores[best_point], group)
    members = {c.id for c, _ in group}
    shared = _intersect(iv for _, iv in group)
    n_articles = len({c.article_id for c, _ in ivs})
    if len(group) == len(ivs):
        method = "consensus"
    elif best[0][0] * 2 > n_articles:
        method = "majority"
    else:
        method = "plurality"
    lo, hi, li, hi_inc = shared
    return Fact(
        lo, hi, li, hi_inc, unit, method,
        supporting=tuple(c for c, _ in group),
        dissent=tuple(c for c, _ in ivs if c.id not in members),
        incomparable=tuple(incomparable),
    )
