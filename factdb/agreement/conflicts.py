"""Numeric claims that cannot both hold.

A conflict is a pair of claims about the same quantity (docs/agreement.md) whose
intervals, in one unit, share no point. Which pairs are looked at:

* **Across articles** (rule ``sources``): claims whose identity is the same
  (:func:`same_quantity`), both reported levels (not changes, plans or
  estimates), both about the same moment (:func:`factdb.agreement.timing.same_moment`:
  a later, different figure is a change, not a dispute). Each figure is checked
  against the earlier figures of other articles (at most ``MAX_LOOKBACK``) and
  reported once, against the nearest one it contradicts; one pair per two
  articles and quantity.
* **Inside one article** several amounts of one property are usually parts,
  totals or different things, so only three pairs are looked at:
  ``headline`` (a headline figure against the body figure it restates: the
  first body figure of the same quantity written with the same number),
  ``conversion`` (a figure against its own conversion, "70 billion rubles
  (about $1.23 billion)", "1,344 km (835 miles)") and ``contradiction``
  (the sentence itself sets two sources against each other: "officials put
  the toll at 30, hospitals at 45").

Conversions restate their source, so they take part only in the
``conversion`` rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdb.agreement.intervals import RATE_TOLERANCE, dimension_of, intersect, overlap
from factdb.agreement.timing import policy, same_moment
from factdb.agreement.views import ClaimView, aligned, canonical, interval_of
from factdb.membership_status import Conflict

MAX_LOOKBACK = 64  # earlier figures each figure is checked against (bounds the work on huge groups)


def consistent(a: ClaimView, b: ClaimView) -> bool:
    """True unless both intervals can be put in one unit and are disjoint."""
    al = aligned(a, b)
    return True if al is None else overlap(al[0], al[1])


def _known_equal(x, y) -> bool:
    return x is None or y is None or x == y


def same_quantity(a: ClaimView, b: ClaimView) -> str | None:
    """None when ``a`` and ``b`` state the same quantity, else which part of their identity differs."""
    if a.subject is None or b.subject is None or a.subject != b.subject:
        return "subject"
    if a.property != b.property:
        return "property"
    if not _known_equal(a.object, b.object):
        return "object"
    if not _known_equal(a.kind, b.kind):
        return "kind"
    if a.scope != "whole" or b.scope != "whole":
        return "scope"
    return None


def _level(c: ClaimView) -> bool:
    return c.change is None


def comparable(a: ClaimView, b: ClaimView, window_days: int | None = None) -> bool:
    """Whether two claims of *different articles* are compared (see the module docstring).

    ``window_days`` is accepted for compatibility and ignored: the same-moment
    window is the property's (:mod:`factdb.agreement.timing`).
    """
    if a.id == b.id or a.article_id == b.article_id:
        return False
    if not (a.subject_resolved and b.subject_resolved):
        return False
    if not (_level(a) and _level(b)) or a.modality != "reported" or b.modality != "reported":
        return False
    if a.conversion_of is not None or b.conversion_of is not None:
        return False
    if same_quantity(a, b) is not None:
        return False
    return same_moment(a.property, a.window(), b.window())


def _show(c: ClaimView) -> str:
    if c.surface:
        return c.surface
    lo, hi, li, hi_inc = interval_of(c)
    return (f"{'[' if li else '('}{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}"
            f"{']' if hi_inc else ')'} {c.unit}")


def _conflict(a: ClaimView, b: ClaimView, rule: str, reason: str) -> Conflict:
    first, second = (a, b) if a.id < b.id else (b, a)
    w = first.window() or second.window()
    return Conflict(
        kind="numeric", subject=first.subject or second.subject, property=first.property, organization=None,
        ids=(first.id, second.id), article_ids=tuple(sorted({a.article_id, b.article_id})),
        values=(_show(first), _show(second)), reason=reason, as_of=w[0] if w else None, rule=rule,
    )


# ------------------------------------------------------------------ inside one article

_ATTRIBUTION = r"(?:said|says|say|put\s+(?:it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+at|puts\s+it\s+at|estimated(?:\s+it\s+at)?|" \
               r"reported|claimed|claims|told|gave|counted|at)"
_BETWEEN = re.compile(
    r"^[^.;!?]{0,60}?(?:,|;|\bwhile\b|\bbut\b|\bwhereas\b|\bhowever\b)\s*(?:the\s+|other\s+|local\s+)?"
    r"(?P<source>[\w’'-]+(?:\s+[\w’'-]+){0,3})\s+" + _ATTRIBUTION + r"\s*(?:that\s+|only\s+|some\s+|about\s+|"
    r"around\s+|more\s+than\s+|at\s+least\s+|nearly\s+)?$", re.I)
_BEFORE = re.compile(r"\b(?:said|says|say|put|puts|estimated?|reported|claimed|claims|according\s+to|told|gave|counted)\b",
                     re.I)
_ACCORDING = re.compile(r"^\W{0,3}according\s+to\b", re.I)


def explicit_contradiction(a: ClaimView, b: ClaimView) -> bool:
    """The sentence sets two sources against each other over ``a`` then ``b``.

    "officials put the toll at 30, hospitals at 45"; "police said 12 died,
    while residents said 40"; "30 according to officials and 45 according to
    hospitals". Needs both claims in one sentence, an attribution before or
    right after the first number, and the text between the numbers ending in
    another source's attribution.
    """
    if a.quote is None or a.quote_start is None or a.quote_start != b.quote_start or a.start is None:
        return False
    q, qs = a.quote, a.quote_start
    a_s, a_e, b_s, b_e = a.start - qs, a.end - qs, b.start - qs, b.end - qs
    if not (0 <= a_s < a_e <= b_s < b_e <= len(q)):
        return False
    between = q[a_e:b_s]
    if _ACCORDING.match(q[a_e:]) and _ACCORDING.match(q[b_e:]):
        return True
    m = _BETWEEN.search(between)
    if not m:
        return False
    return bool(_BEFORE.search(q[:a_s]) or _ACCORDING.match(q[a_e:]))


_PAREN = re.compile(r"^\s*\(\s*(?:about|around|some|roughly|approximately|or|i\.e\.|equivalent\s+to|nearly)?\s*$", re.I)


def _converts(a: ClaimView, b: ClaimView) -> bool:
    """``b`` is written as a conversion of ``a`` (linked by the extractor, or in parentheses right after it)."""
    if b.conversion_of is not None:
        return b.conversion_of == a.id
    if a.quote is None or a.start is None or b.start is None or a.quote_start != b.quote_start:
        return False
    if a.unit == b.unit or dimension_of(a.unit) is None or dimension_of(a.unit) != dimension_of(b.unit):
        return False
    gap = a.quote[a.end - a.quote_start:b.start - a.quote_start]
    return b.start >= a.end and bool(_PAREN.match(gap))


def _same_written(h: ClaimView, b: ClaimView) -> bool:
    return abs(h.value - b.value) <= 1e-9 * max(abs(h.value), abs(b.value), 1.0)


def _usd(c: ClaimView) -> float | None:
    can = canonical(c)
    if can is None or can[0] != "USD":
        return None
    return c.normalized_value if c.normalized_value is not None and c.normalized_unit == "USD" else (
        c.value if c.unit == "USD" else None)


def within_article(claims: Sequence[ClaimView]) -> list[Conflict]:
    """The headline, conversion and contradiction rules for the claims of one article."""
    out: list[Conflict] = []
    levels = sorted((c for c in claims if _level(c)), key=lambda c: (c.start if c.start is not None else 0, c.id))
    by_id = {c.id: c for c in claims}
    # pairs in one sentence only (conversions in parentheses, contradictions): group by sentence first
    sentences: dict[int, list[ClaimView]] = {}
    for c in levels:
        if c.quote_start is not None and c.quote is not None:
            sentences.setdefault(c.quote_start, []).append(c)
    # a figure against its own conversion
    for b in levels:
        src = by_id.get(b.conversion_of) if b.conversion_of is not None else None
        same = sentences.get(b.quote_start, ()) if b.quote_start is not None else ()
        cands = [src] if src is not None else [a for a in same if a.id != b.id and _converts(a, b)]
        for a in cands:
            if a is None or a.property != b.property:
                continue
            if dimension_of(a.unit) == "money":
                ua, ub = _usd(a), _usd(b)
                if ua is None or ub is None:
                    continue
                gap = abs(ua - ub) / max(abs(ua), abs(ub), 1e-12)
                if gap > RATE_TOLERANCE:
                    out.append(_conflict(a, b, "conversion",
                                         f"conversion disagrees: {_show(b)} is given as the conversion of {_show(a)} "
                                         f"but they differ by {gap:.0%} at the recorded rate"))
            elif not consistent(a, b):
                out.append(_conflict(a, b, "conversion",
                                     f"conversion disagrees: {_show(b)} is given as the conversion of {_show(a)}"))
    # a headline figure against the body figure it restates
    body = [c for c in levels if not c.headline and c.conversion_of is None]
    for h in levels:
        if not h.headline or h.subject is None:
            continue
        restated = next((b for b in body if same_quantity(h, b) is None and _same_written(h, b)), None)
        if restated is not None and not consistent(h, restated):
            out.append(_conflict(h, restated, "headline",
                                 f"the headline's {_show(h)} restates the body's {_show(restated)}, "
                                 "but their values differ beyond any exchange rate or rounding"
                                 if h.unit != restated.unit else
                                 f"the headline's {_show(h)} restates the body's {_show(restated)} but disagrees"))
    # two sources set against each other in one sentence
    for sentence in sentences.values():
        for i, a in enumerate(sentence):
            for b in sentence[i + 1:]:
                if a.property != b.property:
                    continue
                if a.conversion_of is not None or b.conversion_of is not None or _converts(a, b):
                    continue
                if b.subject is not None and a.subject is not None and a.subject != b.subject:
                    continue
                if not _known_equal(a.object, b.object) or not _known_equal(a.kind, b.kind) or a.scope != b.scope:
                    continue
                if explicit_contradiction(a, b) and not consistent(a, b):
                    out.append(_conflict(a, b, "contradiction",
                                         f"the article sets two sources against each other: {_show(a)} vs {_show(b)}"))
    return out


# ------------------------------------------------------------------ across articles


def across_articles(claims: Sequence[ClaimView]) -> list[Conflict]:
    """Same quantity, same moment, different articles, disjoint intervals (see the module docstring)."""
    groups: dict[tuple[str, str], list[ClaimView]] = {}
    for c in claims:
        if (c.subject and c.subject_resolved and _level(c) and c.modality == "reported" and c.scope == "whole"
                and c.conversion_of is None):
            groups.setdefault((c.subject, c.property), []).append(c)
    out: list[Conflict] = []
    for group in groups.values():
        out.extend(_group_conflicts(group))
    return out


def _group_conflicts(group: list[ClaimView]) -> list[Conflict]:
    """Conflicts among the eligible claims of one subject and property (see across_articles).

    The same test as :func:`comparable` and :func:`consistent`, with each
    claim's window and written interval computed once (groups can be large).
    """
    if not group:
        return []
    windows = {c.id: c.window() for c in group}
    group = sorted(group, key=lambda c: (windows[c.id] is None, windows[c.id][0] if windows[c.id] else None, c.id))
    ivs = [interval_of(c) for c in group]
    # latest window end among group[:j + 1]: scanning back, once it is a moment before b, nothing earlier can match
    reach, latest = [], None
    for c in group:
        w = windows[c.id]
        if w is not None and (latest is None or w[1] > latest):
            latest = w[1]
        reach.append(latest)
    prop = group[0].property
    timeless = policy(prop).timeless
    seen_pairs: set[tuple] = set()
    out = []
    for i, b in enumerate(group):
        wb, ib = windows[b.id], ivs[i]
        for j in range(i - 1, max(-1, i - 1 - MAX_LOOKBACK), -1):
            a = group[j]
            if not timeless and wb is not None and reach[j] is not None and reach[j] < wb[0] \
                    and not same_moment(prop, (reach[j], reach[j]), wb):
                break  # every earlier figure ended before b's moment
            if a.article_id == b.article_id:
                continue
            if (a.object is not None and b.object is not None and a.object != b.object) or \
                    (a.kind is not None and b.kind is not None and a.kind != b.kind):
                continue
            if not timeless and not same_moment(prop, windows[a.id], wb):
                continue
            if a.unit == b.unit:
                if intersect((ivs[j], ib)) is not None:
                    continue
            elif consistent(a, b):
                continue
            pair = (min(a.article_id, b.article_id), max(a.article_id, b.article_id), a.kind, a.object)
            if pair not in seen_pairs:
                seen_pairs.add(pair)
                out.append(_conflict(a, b, "sources", f"intervals do not overlap at the same moment (two sources): "
                                                     f"{_show(a)} vs {_show(b)}"))
            break  # one conflict per figure: against the nearest earlier figure it contradicts
    return out


def numeric_conflicts(claims: Sequence[ClaimView], window_days: int | None = None) -> list[Conflict]:
    """Every numeric conflict among ``claims`` (any number of articles), ordered by claim ids."""
    by_article: dict[int, list[ClaimView]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    found: dict[tuple[int, int], Conflict] = {}
    for group in by_article.values():
        for c in within_article(group):
            found.setdefault(c.ids, c)
    for c in across_articles(claims):
        found.setdefault(c.ids, c)
    return [found[k] for k in sorted(found)]
