"""Members, conflicts and facts: stored rows in, :mod:`factdb.agreement` rules applied.

The rules are pure functions (``factdb.agreement``); this module only reads
the rows they need and shapes the answers the CLI and the API print.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..history import HistoryRow
from ..tables import articles as A
from ..tables import claims as C
from ..tables import entities
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
                    "as_of", "reason"]


def _organization(conn: Connection, name: str) -> str:
    eid = resolve_entity_id(conn, name)
    return conn.execute(select(ORG.c.name).where(ORG.c.id == eid)).scalar_one()


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
    from ..agreement import AssertionView

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


def members(conn: Connection, organization: str, *, as_of: str | None = None, role: str | None = None) -> list[dict]:
    """Who belonged to ``organization`` at ``as_of`` (default: today), over all sources."""
    import datetime as dt

    from ..agreement import member_status
    from ..timeutil import parse_date_arg

    from ..membership_status import DEFAULT_MAX_AGE_DAYS
    from ..timeutil import date_window

    org = _organization(conn, organization)
    when, precision = parse_date_arg(as_of) if as_of else (dt.date.today(), "day")
    lo, hi = date_window(when, precision)
    # assertions further than the rules' horizon from the date cannot count: leave them in the database
    horizon = (lo - dt.timedelta(days=DEFAULT_MAX_AGE_DAYS + 366), hi + dt.timedelta(days=DEFAULT_MAX_AGE_DAYS + 366))
    rows = member_status(org, when, load_assertions(conn, org, around=horizon), load_history(conn, org),
                         precision=precision, role=role)
    return [
        {"member": r.member, "organization": r.organization, "role": r.role, "status": r.status,
         "supporting": r.supporting, "contradicting": r.contradicting,
         "article_ids": list(r.article_ids),
         # the first and last day each date allows ("2015" ends on 2015-12-31)
         "valid_from": _window_edge(r.valid_from, r.valid_from_precision, 0),
         "valid_to": _window_edge(r.valid_to, r.valid_to_precision, 1),
         "reason": getattr(r, "reason", None),
         # the curated interval's status (active, suspended, frozen, contested) and note
         "standing": r.standing, "note": r.note}
        for r in rows
    ]


def _window_edge(d, precision, edge: int):
    from ..timeutil import date_window

    return date_window(d, precision)[edge] if d is not None else None


def claim_views(conn: Connection, *, subject_id: int | None = None, property: str | None = None) -> list:
    from ..agreement import ClaimView

    stmt = (
        select(C.c.id, C.c.article_id, func.coalesce(SUBJ.c.name, C.c.subject_text).label("subject"),
               P.c.name.label("property"), C.c.value, C.c.low, C.c.high, C.c.low_inclusive,
               C.c.high_inclusive, C.c.qualifier, C.c.unit, C.c.normalized_value, C.c.normalized_unit,
               C.c.as_of, C.c.as_of_precision, C.c.change, C.c.modality, C.c.conversion_of_id,
               func.coalesce(OBJ.c.name, C.c.object_text).label("object"), C.c.counted,
               # only the number as written, not the whole body (1-based substr on both backends)
               func.substr(A.c.body, C.c.span_start + 1, C.c.span_end - C.c.span_start).label("surface"))
        .select_from(C.join(P, P.c.id == C.c.property_id).join(A, A.c.id == C.c.article_id)
                     .outerjoin(SUBJ, SUBJ.c.id == C.c.subject_entity_id)
                     .outerjoin(OBJ, OBJ.c.id == C.c.object_entity_id))
        .where(C.c.status != "rejected")
        .order_by(C.c.id)
    )
    conds = []
    if subject_id is not None:
        conds.append(C.c.subject_entity_id == subject_id)
    if property:
        conds.append(P.c.name == property)
    if conds:
        stmt = stmt.where(and_(*conds))
    return [
        ClaimView(id=r.id, article_id=r.article_id, subject=r.subject, property=r.property, value=r.value,
                  low=r.low, high=r.high, low_inclusive=bool(r.low_inclusive),
                  high_inclusive=bool(r.high_inclusive), qualifier=r.qualifier, unit=r.unit,
                  normalized_value=r.normalized_value, normalized_unit=r.normalized_unit, as_of=r.as_of,
                  as_of_precision=r.as_of_precision, change=r.change, modality=r.modality,
                  conversion_of=r.conversion_of_id, object=r.object, counted=r.counted,
                  surface=r.surface)
        for r in conn.execute(stmt)
    ]


def _conflict_dict(c) -> dict:
    return {"kind": c.kind, "subject": c.subject, "property": c.property,
            "organization": c.organization, "ids": list(c.ids), "article_ids": list(c.article_ids),
            "values": list(c.values), "as_of": c.as_of, "reason": c.reason}


def conflicts(conn: Connection) -> list[dict]:
    """Numeric claims that cannot both hold, then membership disputes."""
    from ..agreement import membership_conflicts, numeric_conflicts

    out = [_conflict_dict(c) for c in numeric_conflicts(claim_views(conn))]
    out += [_conflict_dict(c) for c in membership_conflicts(load_assertions(conn), load_history(conn))]
    return out


def fact(conn: Connection, subject: str, property: str, *, as_of: str | None = None) -> dict:
    """The best-supported answer for SUBJECT and PROPERTY, its sources and the dissent."""
    from ..agreement import best_fact
    from ..timeutil import date_window, parse_date_arg

    subject_id = resolve_entity_id(conn, subject)
    name = conn.execute(select(SUBJ.c.name).where(SUBJ.c.id == subject_id)).scalar_one()
    views = claim_views(conn, subject_id=subject_id, property=property)
    if as_of:
        lo, hi = date_window(*parse_date_arg(as_of))
        views = [v for v in views if v.as_of is not None and lo <= v.as_of <= hi]
    f = best_fact(views)
    ids = sorted({v.article_id for v in views})
    titles = dict(conn.execute(select(A.c.id, A.c.title).where(A.c.id.in_(ids))).all()) if ids else {}

    def source(v) -> dict:
        return {"claim_id": v.id, "article_id": v.article_id, "article_title": titles.get(v.article_id),
                "qualifier": v.qualifier, "value": v.value, "unit": v.unit, "as_of": v.as_of,
                "text": v.surface}

    return {
        "subject": name, "property": property, "as_of": as_of,
        "low": f.low, "high": f.high, "low_inclusive": f.low_inclusive, "high_inclusive": f.high_inclusive,
        "unit": f.unit, "method": f.method, "answer": describe_interval(f),
        "supporting": [source(v) for v in f.supporting],
        "dissent": [source(v) for v in f.dissent],
        "incomparable": [source(v) for v in f.incomparable],
    }


def describe_interval(f) -> str:
    """'between 6,000 and 7,000 person', 'more than 20 person', 'no answer'..."""
    def num(x):
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"

    unit = f" {f.unit}" if f.unit else ""
    if f.low is None and f.high is None:
        return "no answer" if f.method == "none" else f"any value{unit}"
    if f.low is not None and f.high is not None:
        if f.low == f.high:
            return f"{num(f.low)}{unit}"
        return f"{num(f.low)} to {num(f.high)}{unit}"
    if f.low is not None:
        return f"{'at least' if f.low_inclusive else 'more than'} {num(f.low)}{unit}"
    return f"{'at most' if f.high_inclusive else 'less than'} {num(f.high)}{unit}"
