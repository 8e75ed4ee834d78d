"""Complete extracted claims with who, when, how sure, level or change, and conversions.

:func:`complete_claims` is pure: it takes the body, the claims of
:func:`factdb.extract.claims.extract_claims`, the registry mentions of
:class:`factdb.extract.mentions.MentionFinder` and a ``kinds`` mapping
(canonical entity name -> kind) and returns new claims (``dataclasses.replace``)
with subject/object, as-of date, modality, change and ``conversion_of`` set.
The rules are documented in ``docs/claims-context.md``; subject and object
rules per property live in :mod:`factdb.extract.subjects`.

Guarantees: the output has the same length and order as ``claims``; number,
span and quote fields are never changed; a subject name that is not a
registry entity is kept as text with ``subject_resolved`` False.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from bisect import bisect_left
from typing import Mapping, Sequence

from factdb.extract.subjects import ACTOR, PLACE, UNIT, EntityFacts, _Context, _find_roles  # noqa: F401  (re-exported)
from factdb.extract.timeref import find_time_refs
from factdb.records import Claim, Mention

# Confidence multipliers by where the subject was found (documented).
SOURCE_FACTOR = {"sentence": 1.0, "sentence_text": 0.9, "paragraph": 0.8, "headline": 0.6, "article": 0.5, None: 0.5}

_BOUND_BEFORE = re.compile(
    r"[;:()\[\]—–]|,(?!\d)|\b(?:after|before|when|while|because|although|though|but|whereas|which|who|that|where)\b",
    re.I,
)
_BOUND_AFTER = re.compile(
    r"[;:()\[\]—–]|,(?!\d)|\b(?:and|but|while|after|before|because|although|though|whereas|when|which|who)\b", re.I
)

_PLANNED = re.compile(
    r"\b(?:will|shall|would|(?:plans?|planned|planning|intends?|intended|aims?|aimed|promised|promises|pledged|pledges|vowed|agreed|decided|expects)\s+to"
    r"|(?:is|are|was|were|be)\s+(?:ready|prepared|willing|set|due|going|scheduled|planned|poised|about)\s+to"
    r"|(?:is|are)\s+to\s+(?:be|receive|get|send|deploy|allocate|provide)"
    r"|in\s+the\s+(?:coming|next)\s+(?:years?|months?|weeks?|days?|decades?)|upcoming|next\s+(?:year|month|week))\b|'ll\b",
    re.I,
)
_ESTIMATED = re.compile(
    r"\b(?:estimated|estimates?|estimating|expected\s+to|(?:is|are|was|were)\s+expected|could|might|projected|forecasts?|likely"
    r"|believed\s+to|thought\s+to|probably|possibly|may\s+(?:be|have|reach|exceed|rise|total|number|cost|grow|take|need|require))\b",
    re.I,
)

_INC = r"rose|risen|rises|rising|increased|increases|increasing|increase|grew|grown|grows|climbed|climbs|jumped|jumps|gained|gains|added|adds|adding|add|boosted|boosts|boost|raised|raises|raise|expanded|expands|expand|soared|surged|up|reinforced|strengthened|bolstered|expanded"
_DEC = r"fell|fallen|falls|falling|dropped|drops|declined|declines|decreased|decreases|decrease|reduced|reduces|reduce|cut|cuts|cutting|slashed|slashes|slash|shed|sheds|lost|loses|down|withdrew|withdraws|withdraw|withdrawn|shrank|shrunk|trimmed|lowered|lowers"
_HEDGE_TAIL = re.compile(
    r"(?:\s*\b(?:about|around|some|roughly|approximately|nearly|almost|more\s+than|over|at\s+least|as\s+many\s+as|less\s+than|fewer\s+than|under|an\s+estimated|only|just|a|an|the|another|a\s+further|further|an\s+additional|additional|extra|fresh|a\s+total\s+of))+\s*$",
    re.I,
)
_ADDITIVE = re.compile(r"\b(?:another|additional|extra|further|fresh)\s*$", re.I)
_BY_CHANGE = re.compile(rf"\b(?P<v>{_INC}|{_DEC})\b(?:\s+[\w'’-]+){{0,4}}?\s+by\s*$", re.I)
_DIRECT_CHANGE = re.compile(rf"\b(?P<v>{_INC}|{_DEC})\s*$", re.I)
_TO_LEVEL = re.compile(rf"\b(?:{_INC}|{_DEC})\b.*\bto\s*$", re.I)
_NOUN_CHANGE = re.compile(
    r"\b(?P<n>increase|rise|growth|jump|hike|gain|boost|decrease|drop|fall|decline|reduction|cut|loss)\s+of\s*$", re.I
)
# Every pattern _change searches in the words before the number needs one of these (a cheap gate).
_CHANGE_WORD = re.compile(
    rf"\b(?:{_INC}|{_DEC}|increase|rise|growth|jump|hike|gain|boost|decrease|drop|fall|decline|reduction|cut|loss"
    r"|another|additional|extra|further|fresh)",
    re.I,
)
_POST_MORE = re.compile(r"^\s*(?:[\w%-]+\s+)?(?P<w>more|additional|extra|fewer|less)\b(?!\s+than)", re.I)
_POST_COMPARE = re.compile(r"^\s*(?:[\w%-]+\s+)?(?P<w>more|higher|greater|larger|fewer|less|lower|smaller)\s+than\b", re.I)
_INC_WORDS = frozenset(_INC.split("|")) | {"increase", "rise", "growth", "jump", "hike", "gain", "boost", "more", "additional", "extra", "higher", "greater", "larger"}
_LOSS_VERBS = frozenset({"lost", "loses"})  # "lost 20 soldiers" is a toll, not a decrease

_CONVERSION_TAIL = re.compile(
    r"(?:\(\s*(?:about|approx\.?|approximately|around|roughly|some|nearly|almost|~|≈|or\s+about|i\.e\.,?|equivalent\s+to|equal\s+to|worth)?"
    r"|\bor\s+(?:about|approximately|around|roughly|some|nearly|almost|the\s+equivalent\s+of)"
    r"|\b(?:equivalent|equal)\s+(?:to|of)(?:\s+(?:about|approximately|around|roughly|some))?"
    r"|\bworth(?:\s+(?:about|approximately|around|roughly|some))?"
    r"|,\s*(?:about|approximately|roughly|or\s+about))\s*$",
    re.I,
)


def _clause(body: str, qs: int, qe: int, s: int, e: int, bounds=(_BOUND_BEFORE, _BOUND_AFTER)) -> tuple[int, int]:
    """The clause around ``body[s:e]`` inside the sentence ``body[qs:qe]``."""
    cs = qs
    for m in bounds[0].finditer(body, qs, s):
        cs = m.end()
    ce = qe
    m = bounds[1].search(body, e, qe)
    if m:
        ce = m.start()
    return cs, ce


def _modality(clause: str, as_of: _dt.date | None, relation: str | None, published: _dt.date | None) -> str:
    if _ESTIMATED.search(clause):
        return "estimated"
    if _PLANNED.search(clause):
        return "planned"
    if as_of and published and as_of > published and relation in ("by", "until", "at"):
        return "planned"
    return "reported"


def _change(claim: Claim, pre: str, post: str) -> str | None:
    """``increase``/``decrease`` when the clause states a change, else None (a level)."""
    if _CHANGE_WORD.search(pre):  # else none of the patterns below can match in pre
        if _TO_LEVEL.search(pre):
            return None  # "rose by 12 to 36": the 36 is the level
        if _ADDITIVE.search(pre):
            return "increase"
        stripped = _HEDGE_TAIL.sub("", pre)
        for pattern in (_BY_CHANGE, _NOUN_CHANGE):
            m = pattern.search(stripped) or pattern.search(pre)
            if m:
                word = (m.groupdict().get("v") or m.groupdict().get("n")).lower()
                return "increase" if word in _INC_WORDS else "decrease"
        m = _DIRECT_CHANGE.search(stripped)
        if m:
            word = m.group("v").lower()
            if word in _LOSS_VERBS and claim.property in ("fatalities", "troop_count", "count"):
                return None
            if word == "up" and re.search(r"\bup\s*$", pre, re.I) and re.search(r"\bto\s*$", pre, re.I):
                return None
            return "increase" if word in _INC_WORDS else "decrease"
    m = _POST_MORE.match(post) or _POST_COMPARE.match(post)
    if m:
        return "increase" if m.group("w").lower() in _INC_WORDS else "decrease"
    return None


_FROM_RE = re.compile(r"from\b", re.I)
_NEWS_OF_THE_DAY_RE = re.compile(
    r"(?:(?:on|since|by|until|last)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday"
    r"|tomorrow|(?:(?:by|until|since|in|during)\s+)?this\s+week)\b", re.I)
_CONTRAST_RE = re.compile(r"\b(?:but|while|whereas|although|though|has\s+since|have\s+since|since\s+then)\b", re.I)


class _Spans:
    """The claims' (start, end) sorted by start: the spans starting in a range, by bisect."""

    def __init__(self, claims: Sequence[Claim]):
        self.spans = sorted((c.start, c.end) for c in claims)
        self.starts = [s for s, _ in self.spans]

    def starting_in(self, a: int, b: int) -> list[tuple[int, int]]:
        return self.spans[bisect_left(self.starts, a):bisect_left(self.starts, b)]


def _as_of(body, claim, clause_span, published, date_precision, all_claims, find_refs=find_time_refs):
    """(as_of, precision, relation, extras) from the sentence, else the published date."""
    qs = claim.quote_start
    sentence = body[qs:claim.quote_end]
    refs = find_refs(sentence, published, date_precision)
    extras: dict = {}
    spans = all_claims.starting_in(qs, claim.quote_end) if isinstance(all_claims, _Spans) else [
        (c.start, c.end) for c in all_claims if qs <= c.start < claim.quote_end]
    usable = []
    for r in refs:
        rs, re_ = r.start + qs, r.end + qs
        if any(rs < ce and cs < re_ for cs, ce in spans):
            continue  # the number itself, not a date
        in_clause = clause_span[0] <= rs and re_ <= clause_span[1]
        if r.relation == "since":
            if r.date:
                extras["since"] = r.date.isoformat()
            # "from January 1" (a plan taking effect), "a facility from 2018" (its origin):
            # the figure's date; "since 2014" is a running total true at publication
            if not (r.date and in_clause and _FROM_RE.match(body, rs)):
                continue
        if r.date is None or _NEWS_OF_THE_DAY_RE.match(body, rs, re_):
            continue  # "on Tuesday", "yesterday", "this week": news of the day, as of publication
        if not in_clause and _CONTRAST_RE.search(body, min(re_, claim.start), max(rs, claim.end)):
            continue  # "... at the start of last year, but has since dropped to $47"
        dist = max(claim.start - re_, rs - claim.end, 0)
        usable.append((not in_clause, dist, r))
    if usable:
        usable.sort(key=lambda t: (t[0], t[1]))
        r = usable[0][2]
        if r.relation == "range":
            extras["period_from"] = r.date.isoformat()
            return r.date_to, r.precision, r.relation, extras
        if r.relation in ("by", "until"):
            extras["time_relation"] = r.relation
        return r.date, r.precision, r.relation, extras
    if published is not None:
        prec = date_precision if date_precision in ("day", "month", "year") else None
        return published, prec, None, extras
    return None, None, None, extras


def _conversions(body: str, claims: Sequence[Claim]) -> dict[int, int]:
    """Index of a money claim -> index of the earlier amount it restates in another currency."""
    out: dict[int, int] = {}
    order = sorted(range(len(claims)), key=lambda i: claims[i].start)
    for pos in range(1, len(order)):
        i, j = order[pos - 1], order[pos]
        a, b = claims[i], claims[j]
        if a.property != "monetary_amount" or b.property != "monetary_amount":
            continue
        if a.unit == b.unit or a.quote_start != b.quote_start or b.start - a.end > 80:
            continue
        between = body[a.end:b.start]
        if ")" in between or _CONVERSION_TAIL.search(between) is None:
            continue
        out[j] = i
    return out


def _headline_from_body(done: list[Claim], headline_end: int) -> None:
    """A headline figure that its own words leave without a subject takes the roles of the
    body figure it restates (same property, unit and value): "Nordics pledge $4.6B loans to
    Iceland" and "... pledged a combined $4.6 billion ... to help Iceland"."""
    for k, h in enumerate(done):
        if h.quote_start >= headline_end or h.subject_source == "sentence":
            continue
        twin = next((b for b in done if b.quote_start >= headline_end and b.property == h.property
                     and b.unit == h.unit and b.value == h.value and b.subject is not None), None)
        if twin is not None:
            done[k] = dataclasses.replace(h, subject=twin.subject, subject_resolved=twin.subject_resolved,
                                          subject_source=twin.subject_source,
                                          object=h.object or twin.object,
                                          object_resolved=h.object_resolved if h.object else twin.object_resolved)


def complete_claims(
    body: str,
    claims: Sequence[Claim],
    mentions: Sequence[Mention],
    kinds: Mapping[str, str],
    published: _dt.date | None,
    date_precision: str | None,
    stands_for: Mapping[str, str] | None = None,
    facts: EntityFacts | None = None,
    language: str = "en",
) -> list[Claim]:
    """New claims with context filled in (same order and length as ``claims``).

    ``language`` "ru" reads clauses, dates, modality and change in Russian
    (:mod:`factdb.extract.ru.context`); subject and object rules are shared.

    ``stands_for`` (optional) maps an entity to the country it stands for when
    it acts: a capital ("Moscow will allocate...") or a state organ ("the
    Kremlin keeps..."). It is applied only to actors (payer, recipient, owner
    of troops), never to places, so "40 detained in Dushanbe" stays Dushanbe.
    ``facts`` (optional) says who owns a unit, where a unit or city is and which
    currency an ISO code names (:class:`factdb.extract.subjects.EntityFacts`).
    """
    ctx = _Context(body, sorted(mentions, key=lambda m: m.start), kinds, stands_for or {}, facts, language)
    bounds, find_refs, modality, change = (_BOUND_BEFORE, _BOUND_AFTER), find_time_refs, None, None
    if language == "ru":
        from factdb.extract.ru import context as ru
        from factdb.extract.ru.timeref import find_time_refs_ru

        bounds, find_refs, modality, change = (ru.BOUND_BEFORE, ru.BOUND_AFTER), find_time_refs_ru, ru.modality, ru.change
    done: list[Claim] = []
    spans = _Spans(claims)
    for claim in claims:
        cs, ce = _clause(body, claim.quote_start, claim.quote_end, claim.start, claim.end, bounds)
        clause = body[cs:ce]
        as_of, precision, relation, extras = _as_of(body, claim, (cs, ce), published, date_precision, spans, find_refs)
        role = _find_roles(ctx, claim)
        factor = SOURCE_FACTOR.get(role.source, 0.5)
        new_extras = dict(claim.extras)
        new_extras.update(extras)
        new_extras.update(role.extras)
        done.append(
            dataclasses.replace(
                claim,
                subject=role.subject,
                subject_resolved=role.subject_resolved,
                # "article": the country the article is about (no stored source says so: None)
                subject_source={"sentence_text": "sentence", "article": None}.get(role.source, role.source),
                object=role.object,
                object_resolved=role.object_resolved,
                as_of=as_of,
                as_of_precision=precision,
                modality=(modality(clause) if modality else _modality(clause, as_of, relation, published)),
                change=(change(body[cs:claim.start], body[claim.end:ce]) if change
                        else _change(claim, body[cs:claim.start], body[claim.end:ce])),
                confidence=round(claim.confidence * factor, 3),
                extras=new_extras,
            )
        )
    _headline_from_body(done, ctx.headline_end)
    for j, i in _conversions(body, done).items():
        src = done[i]
        done[j] = dataclasses.replace(
            done[j],
            conversion_of=i,
            subject=src.subject,
            subject_resolved=src.subject_resolved,
            subject_source=src.subject_source,
            object=src.object,
            object_resolved=src.object_resolved,
            modality=src.modality,
            change=src.change,
            as_of=src.as_of,
            as_of_precision=src.as_of_precision,
            confidence=src.confidence,
        )
    return done
