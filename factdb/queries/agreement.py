"""Members, conflicts, facts and timelines: the stored verdicts, read.

No agreement rule runs here: every answer is a row :mod:`factdb.verdicts`
wrote at load. Listing the claims behind a stored answer classifies them
against the answer's stored point (the point every supporter contains), which
gives exactly the supporters the rule chose (tests/test_verdicts.py).
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.engine import Connection

from ..history import HistoryRow
from ..tables import articles as A
from ..tables import claim_identity as CI
from ..tables import claims as C
from ..tables import conflicts as K
from ..tables import entities
from ..tables import fact_answers as F
from ..tables import membership_evidence as ME
from ..tables import membership_status as MSS
from ..tables import memberships as MS
from ..tables import properties as P
from .entities import resolve_entity_id

MEM = entities.alias("member_entity")
ORG = entities.alias("org_entity")
SUBJ = entities.alias("subject_entity")
OBJ = entities.alias("object_entity")

MEMBER_COLUMNS = ["member", "organization", "role", "status", "standing", "supporting", "contradicting",
                  "article_ids", "valid_from", "valid_to", "note"]
CONFLICT_COLUMNS = ["kind", "subject", "property", "organization", "ids", "article_ids", "values",
                    "as_of", "reason", "rule"]
TIMELINE_COLUMNS = ["claim_id", "article_id", "from", "to", "qualifier", "value", "unit", "low", "high",
                    "supports", "article_title"]
_STATUS_ORDER = {"confirmed": 0, "disputed": 1, "former": 2}


def _organization(conn: Connection, name: str) -> tuple[int, str]:
    eid = resolve_entity_id(conn, name)
    return eid, conn.execute(select(ORG.c.name).where(ORG.c.id == eid)).scalar_one()


# ------------------------------------------------------------------ inputs of the membership rules


def load_history(conn: Connection, organization: str | None = None) -> list[HistoryRow]:
    """The curated membership history as stored (method curated, no article)."""
    stmt = (
        select(MEM.c.name.label("member"), ORG.c.name.label("organization"), MS.c.role,
               MS.c.valid_from, MS.c.valid_from_precision, MS.c.valid_to, MS.c.valid_to_precision,
               MS.c.source_note, MS.c.standing, MS.c.history_note)
        .select_from(MS.join(MEM, MEM.c.id == MS.c.member_entity_id)
                     .join(ORG, ORG.c.id == MS.c.organization_entity_id))
        .where(MS.c.article_id.is_(None), MS.c.method == "curated")
    )
    if organization:
        stmt = stmt.where(ORG.c.name == organization)
    return [
        HistoryRow(member=r.member, organization=r.organization, role=r.role,
                   valid_from=r.valid_from, valid_from_precision=r.valid_from_precision or "day",
                   valid_to=r.valid_to, valid_to_precision=r.valid_to_precision,
                   source=r.source_note or "", note=r.history_note, status=r.standing or "active")
        for r in conn.execute(stmt)
    ]


def load_assertions(conn: Connection, organization: str | None = None, *, around=None) -> list:
    """Membership assertions extracted from articles (rejected ones left out)."""
    from ..membership_status import AssertionView

    stmt = (
        select(MS.c.id, MS.c.article_id, MEM.c.name.label("member"), ORG.c.name.label("organization"),
               MS.c.role, MS.c.complete_list, MS.c.valid_from, MS.c.valid_to,
               func.coalesce(MS.c.valid_from_precision, MS.c.valid_to_precision).label("precision"),
               MS.c.negated, A.c.published, A.c.date_precision)
        .select_from(MS.join(MEM, MEM.c.id == MS.c.member_entity_id)
                     .join(ORG, ORG.c.id == MS.c.organization_entity_id)
                     .join(A, A.c.id == MS.c.article_id))
        .where(MS.c.status != "rejected")
        .order_by(MS.c.id)
    )
    if organization:
        stmt = stmt.where(ORG.c.name == organization)
    if around is not None:
        date = func.coalesce(MS.c.valid_to, MS.c.valid_from, A.c.published)
        stmt = stmt.where(date.is_(None) | date.between(around[0], around[1]))
    return [
        AssertionView(id=r.id, article_id=r.article_id, member=r.member, organization=r.organization,
                      role=r.role, complete_list=bool(r.complete_list), valid_from=r.valid_from,
                      valid_to=r.valid_to, date_precision=r.precision, negated=bool(r.negated),
                      published=r.published,
                      published_precision=r.date_precision if r.published else None)
        for r in conn.execute(stmt)
    ]


# ------------------------------------------------------------------ members


_STATUS_AT = (
    select(MEM.c.name.label("member"), MSS.c.member_entity_id, MSS.c.role, MSS.c.status, MSS.c.valid_from,
           MSS.c.history_status, MSS.c.counts, MSS.c.history_from, MSS.c.history_from_precision, MSS.c.history_to,
           MSS.c.history_to_precision)
    .select_from(MSS.join(MEM, MEM.c.id == MSS.c.member_entity_id))
    .where(MSS.c.organization_entity_id == bindparam("org"), MSS.c.precision == bindparam("precision"),
           MSS.c.valid_from <= bindparam("day"),
           or_(MSS.c.valid_to.is_(None), MSS.c.valid_to >= bindparam("day")))
)
_SUPPORTERS = (
    select(ME.c.member_entity_id, ME.c.role, ME.c.article_id)
    .where(ME.c.organization_entity_id == bindparam("org"), ME.c.kind == "support",
           ME.c.starts <= bindparam("last"), ME.c.ends >= bindparam("first"))
)


def members(conn: Connection, organization: str, *, as_of: str | None = None, role: str | None = None) -> list[dict]:
    """Who belonged to ``organization`` at ``as_of`` (default: today): the stored status rows."""
    from ..timeutil import date_window, parse_date_arg

    org_id, org = _organization(conn, organization)
    when, precision = parse_date_arg(as_of) if as_of else (dt.date.today(), "day")
    first, last = date_window(when, precision)
    from ..agreement.membership import counts_at_text
    from ..membership_status import _decide
    from ..db import raw_rows

    rows = conn.execute(_STATUS_AT, {"org": org_id, "precision": precision, "day": first}).all()
    if role:
        rows = [r for r in rows if r.role == role]
    ids: dict[tuple, set[int]] = {}
    # thousands of (member, article) pairs for a big organisation: plain driver rows (an article may
    # support a member with two pieces: a set)
    for member_id, r_role, article_id in raw_rows(conn, _SUPPORTERS, {"org": org_id, "first": first, "last": last}):
        ids.setdefault((member_id, r_role), set()).add(article_id)
    rows = sorted(rows, key=lambda r: (r.role != "member", r.role, _STATUS_ORDER[r.status], r.member))
    # the curated interval the stored status was decided with: its standing (active,
    # suspended, frozen, contested) and note
    curated = {(h.member, h.role, h.valid_from): h for h in load_history(conn, org)}
    out = []
    for r in rows:
        s, c = counts_at_text(r.counts, (first - r.valid_from).days)
        out.append({
            "member": r.member, "organization": org, "role": r.role, "status": r.status,
            "supporting": s, "contradicting": c,
            "article_ids": sorted(ids.get((r.member_entity_id, r.role), [])),
            # the first and last day each history date allows ("2015" ends on 2015-12-31)
            "valid_from": _window_edge(r.history_from, r.history_from_precision, 0),
            "valid_to": _window_edge(r.history_to, r.history_to_precision, 1),
            # the reason member_status gives, the curated interval's standing included
            "reason": _decide(r.history_status, s, c, curated.get((r.member, r.role, r.history_from)))[1],
            "standing": getattr(curated.get((r.member, r.role, r.history_from)), "status", None),
            "note": getattr(curated.get((r.member, r.role, r.history_from)), "note", None)})
    return out


def _window_edge(d, precision, edge: int):
    from ..timeutil import date_window

    return date_window(d, precision)[edge] if d is not None else None


# ------------------------------------------------------------------ conflicts


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(";") if x]


def conflicts(conn: Connection) -> list[dict]:
    """Numeric claims that cannot both hold, then membership disputes: the stored rows."""
    stmt = select(K).order_by(K.c.kind != "numeric", K.c.claim_id, K.c.other_claim_id, K.c.organization,
                              K.c.subject, K.c.property, K.c.id)
    return [
        {"kind": r.kind, "subject": r.subject, "property": r.property, "organization": r.organization,
         "ids": _ints(r.ids), "article_ids": _ints(r.article_ids),
         "values": [v for v in (r.value_text, r.other_value_text) if v is not None],
         "as_of": r.as_of, "reason": r.reason, "rule": r.rule}
        for r in conn.execute(stmt)
    ]


# ------------------------------------------------------------------ facts


def _property_id(conn: Connection, name: str) -> int | None:
    return conn.execute(select(P.c.id).where(P.c.name == name)).scalar_one_or_none()


_ANSWERS = select(F).where(F.c.subject_entity_id == bindparam("subject"), F.c.property_id == bindparam("property"))
_OVERALL = _ANSWERS.where(F.c.overall.is_(True)).order_by(F.c.quantity_rank)
_AT = (_ANSWERS.where(F.c.overall.is_(False), F.c.valid_from <= bindparam("day"),
                      or_(F.c.valid_to.is_(None), F.c.valid_to >= bindparam("day")))
       .order_by(F.c.quantity_rank))
_VOTERS = (
    select(C.c.id, C.c.article_id, A.c.title.label("article_title"), C.c.qualifier, C.c.value, C.c.unit,
           C.c.low, C.c.high, C.c.low_inclusive, C.c.high_inclusive, C.c.as_of, C.c.change, C.c.modality,
           C.c.conversion_of_id, CI.c.canonical_unit, CI.c.canonical_low, CI.c.canonical_high,
           CI.c.canonical_low_inclusive, CI.c.canonical_high_inclusive, CI.c.window_start, CI.c.window_end,
           func.substr(A.c.body, C.c.span_start + 1, C.c.span_end - C.c.span_start).label("text"))
    .select_from(CI.join(C, C.c.id == CI.c.claim_id).join(A, A.c.id == C.c.article_id))
    .where(CI.c.subject_entity_id == bindparam("subject"), CI.c.property_id == bindparam("property"),
           CI.c.quantity == bindparam("quantity"), C.c.status != "rejected")
    .order_by(C.c.id)
)
_VOTERS_WINDOW = _VOTERS.where(or_(CI.c.window_start.between(bindparam("lo"), bindparam("hi")),
                                   CI.c.window_start.is_(None) & bindparam("undated")))


def _interval_in(r, unit):
    from ..agreement.intervals import stored_interval

    if r.unit == unit:
        return stored_interval(r.low, r.high, r.low_inclusive, r.high_inclusive, r.qualifier, r.value)
    if r.canonical_unit == unit:
        return r.canonical_low, r.canonical_high, bool(r.canonical_low_inclusive), bool(r.canonical_high_inclusive)
    return None


def _voters(conn, row, ref_policy, timeless: bool):
    """The claims that voted for a stored answer row (the voting set of factdb.agreement.facts)."""
    from ..agreement.facts import VOTING_HALFLIVES

    params = {"subject": row.subject_entity_id, "property": row.property_id, "quantity": row.quantity}
    if timeless:
        rows = conn.execute(_VOTERS, params).all()
    elif row.anchor is None:  # no dated figure: the overall answer of undated ones; a stale epoch has none
        rows = [r for r in conn.execute(_VOTERS, params) if r.window_start is None] if row.overall else []
    else:
        lo = row.anchor - dt.timedelta(days=math.ceil(VOTING_HALFLIVES * ref_policy.halflife_days))
        rows = conn.execute(_VOTERS_WINDOW, {**params, "lo": lo, "hi": row.anchor, "undated": bool(row.overall)}).all()
    return [r for r in rows if r.change is None and r.modality == "reported" and r.conversion_of_id is None]


def _weight(r, row, p, timeless) -> float:
    if timeless or r.window_start is None or row.anchor is None:
        return 1.0
    return round(0.5 ** ((row.anchor - r.window_start).days / p.halflife_days), 4)


def _answer(conn, row, p, timeless) -> dict:
    """A stored answer row with its supporting, dissenting and incomparable claims."""
    from ..agreement.intervals import contains

    point = -math.inf if row.point is None else row.point
    out = {"supporting": [], "dissent": [], "incomparable": []}
    for r in _voters(conn, row, p, timeless):
        iv = _interval_in(r, row.unit)
        part = "incomparable" if iv is None else "supporting" if contains(iv, point, row.point_above) else "dissent"
        out[part].append({"claim_id": r.id, "article_id": r.article_id, "article_title": r.article_title,
                          "qualifier": r.qualifier, "value": r.value, "unit": r.unit, "as_of": r.as_of,
                          "text": r.text, "weight": _weight(r, row, p, timeless)})
    return out


def describe_interval(f) -> str:
    """'6,000 person', '6,000 to 7,000 person', 'more than 20 person', 'no answer'..."""
    def num(x):
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"

    unit = f" {f.unit}" if f.unit else ""
    if f.low is None and f.high is None:
        return "no answer" if f.method == "none" else f"any value{unit}"
    if f.low is not None and f.high is not None:
        if f.low == f.high:
            return f"{num(f.low)}{unit}"
        low = f"{'' if f.low_inclusive else 'more than '}{num(f.low)}"
        high = f"{'' if f.high_inclusive else 'less than '}{num(f.high)}"
        return f"{low} to {high}{unit}"
    if f.low is not None:
        return f"{'at least' if f.low_inclusive else 'more than'} {num(f.low)}{unit}"
    return f"{'at most' if f.high_inclusive else 'less than'} {num(f.high)}{unit}"


def _no_answer(name, property, as_of) -> dict:
    return {"subject": name, "property": property, "as_of": as_of, "low": None, "high": None,
            "low_inclusive": True, "high_inclusive": True, "unit": None, "method": "none", "answer": "no answer",
            "supporting": [], "dissent": [], "incomparable": [], "quantity": None, "timeless": None,
            "evidence": None, "other_quantities": []}


def fact(conn: Connection, subject: str, property: str, *, as_of: str | None = None) -> dict:
    """The stored answer for SUBJECT and PROPERTY (its main quantity), its sources and the dissent.

    Without ``as_of``: the answer of the latest evidence. With it: the answer
    as of the last day of that window, from figures dated before it, weighted
    by closeness in time; ``evidence.age_days`` says how old the newest one is.
    """
    from ..agreement.timing import policy
    from ..timeutil import date_window, parse_date_arg

    subject_id = resolve_entity_id(conn, subject)
    name = conn.execute(select(SUBJ.c.name).where(SUBJ.c.id == subject_id)).scalar_one()
    prop_id = _property_id(conn, property)
    if prop_id is None:
        return _no_answer(name, property, as_of)
    p = policy(property)
    params = {"subject": subject_id, "property": prop_id}
    ref = None
    if as_of:
        ref = date_window(*parse_date_arg(as_of))[1]
    if as_of and not p.timeless:
        rows = conn.execute(_AT, {**params, "day": ref}).all()
    else:
        rows = conn.execute(_OVERALL, params).all()
    if not rows:
        return _no_answer(name, property, as_of)
    # the main quantity is the best-supported one that has an answer at that date
    rows = sorted(rows, key=lambda r: (r.method == "none", r.quantity_rank))
    main, others = rows[0], rows[1:]
    listed = _answer(conn, main, p, p.timeless)
    today = dt.date.today()
    newest = main.newest_evidence
    age_from = ref or today
    return {
        "subject": name, "property": property, "as_of": as_of,
        "low": main.low, "high": main.high, "low_inclusive": bool(main.low_inclusive),
        "high_inclusive": bool(main.high_inclusive), "unit": main.unit, "method": main.method,
        "answer": describe_interval(main), **listed,
        "quantity": {"kind": main.kind, "scope": main.scope, "object": main.object},
        "timeless": p.timeless,
        "evidence": {"newest": newest, "oldest": main.oldest_evidence,
                     "age_days": None if newest is None else max(0, (age_from - newest).days),
                     "age_from": age_from, "stale": bool(main.stale),
                     "supporting_articles": main.supporting_articles, "articles": main.articles},
        "other_quantities": [{"kind": o.kind, "scope": o.scope, "object": o.object, "answer": describe_interval(o),
                              "method": o.method} for o in others],
    }


# ------------------------------------------------------------------ timeline


def timeline(conn: Connection, subject: str, property: str) -> dict:
    """Every source's interval over time for the main quantity, and the stored answer band over time."""
    from ..agreement.intervals import contains
    from ..agreement.timing import policy

    subject_id = resolve_entity_id(conn, subject)
    name = conn.execute(select(SUBJ.c.name).where(SUBJ.c.id == subject_id)).scalar_one()
    prop_id = _property_id(conn, property)
    empty = {"subject": name, "property": property, "unit": None, "quantity": None, "claims": [], "bands": [],
             "overall": None}
    if prop_id is None:
        return empty
    params = {"subject": subject_id, "property": prop_id}
    overall = conn.execute(_OVERALL, params).first()
    if overall is None:
        return empty
    unit = overall.unit
    bands = [r for r in conn.execute(_ANSWERS.where(F.c.overall.is_(False), F.c.quantity_rank == 0)
                                     .order_by(F.c.valid_from), params)]
    p = policy(property)
    sources = []
    for r in conn.execute(_VOTERS, {**params, "quantity": overall.quantity}):
        if r.change is not None or r.modality != "reported" or r.conversion_of_id is not None:
            continue
        iv = _interval_in(r, unit)
        band = overall if p.timeless or r.window_start is None else next(
            (b for b in bands if b.valid_from <= r.window_start and (b.valid_to is None or b.valid_to >= r.window_start)),
            None)
        point = None if band is None else (-math.inf if band.point is None else band.point)
        supports = None if iv is None or band is None or band.method == "none" else contains(iv, point, band.point_above)
        sources.append({"claim_id": r.id, "article_id": r.article_id, "from": r.window_start, "to": r.window_end,
                        "qualifier": r.qualifier, "value": r.value, "unit": r.unit,
                        "low": None if iv is None else iv[0], "high": None if iv is None else iv[1],
                        "low_inclusive": None if iv is None else iv[2], "high_inclusive": None if iv is None else iv[3],
                        "supports": supports, "article_title": r.article_title, "text": r.text})
    sources.sort(key=lambda s: (s["from"] is None, s["from"] or dt.date.min, s["claim_id"]))
    return {
        "subject": name, "property": property, "unit": unit,
        "quantity": {"kind": overall.kind, "scope": overall.scope, "object": overall.object},
        "timeless": p.timeless,
        "overall": {"low": overall.low, "high": overall.high, "low_inclusive": bool(overall.low_inclusive),
                    "high_inclusive": bool(overall.high_inclusive), "method": overall.method,
                    "answer": describe_interval(overall)},
        "claims": sources,
        "bands": [{"from": b.valid_from, "to": b.valid_to, "low": b.low, "high": b.high,
                   "low_inclusive": bool(b.low_inclusive), "high_inclusive": bool(b.high_inclusive),
                   "method": b.method, "stale": bool(b.stale), "answer": describe_interval(b),
                   "supporting_articles": b.supporting_articles, "articles": b.articles}
                  for b in bands],
    }
