"""Read queries over numeric claims, shared by the CLI and the Python API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from ..tables import articles as A
from ..tables import claims as C
from ..tables import entities, properties as P
from ..tables import outlets as O
from .entities import resolve_entity_id

S = entities.alias("subject_entity")
OB = entities.alias("object_entity")

CLAIM_COLUMNS = [
    "id", "article_id", "article_title", "published", "outlet", "subject", "object", "property",
    "value", "low", "high", "low_inclusive", "high_inclusive", "qualifier", "unit", "counted",
    "normalized_value", "normalized_unit", "rate", "rate_source", "as_of", "as_of_precision",
    "modality", "change", "subject_source", "conversion_of_id", "quote", "start", "end",
    "method", "status", "confidence",
]
TABLE_COLUMNS = ["id", "article_id", "property", "subject", "qualifier", "value", "unit", "as_of", "quote"]


@dataclass(frozen=True)
class ClaimFilter:
    """Filters of ``factdb claims``; None means "any"."""

    property: str | None = None
    article_id: int | None = None
    unit: str | None = None
    qualifier: str | None = None
    min: float | None = None
    max: float | None = None
    method: str | None = None
    status: str | None = None
    subject: str | None = None
    object: str | None = None
    as_of: tuple[dt.date, dt.date] | None = None  # a window (start, end) inclusive
    between: tuple[dt.date, dt.date] | None = None
    change: str | None = None  # increase | decrease | none
    include_rejected: bool = True
    limit: int | None = None


def claims_select():
    return (
        select(
            C.c.id, C.c.article_id, A.c.title.label("article_title"), A.c.published,
            O.c.name.label("outlet"), A.c.url,
            func.coalesce(S.c.name, C.c.subject_text).label("subject"),
            func.coalesce(OB.c.name, C.c.object_text).label("object"),
            P.c.name.label("property"), C.c.value, C.c.low, C.c.high, C.c.low_inclusive,
            C.c.high_inclusive, C.c.qualifier, C.c.unit, C.c.counted, C.c.normalized_value,
            C.c.normalized_unit, C.c.rate, C.c.rate_source, C.c.as_of, C.c.as_of_precision,
            C.c.modality, C.c.change, C.c.subject_source, C.c.conversion_of_id, C.c.quote,
            C.c.span_start.label("start"), C.c.span_end.label("end"), C.c.method, C.c.status,
            C.c.confidence, C.c.subject_entity_id, C.c.curation_note,
        )
        .select_from(
            C.join(P, P.c.id == C.c.property_id)
            .join(A, A.c.id == C.c.article_id)
            .outerjoin(O, O.c.id == A.c.outlet_id)
            .outerjoin(S, S.c.id == C.c.subject_entity_id)
            .outerjoin(OB, OB.c.id == C.c.object_entity_id)
        )
    )


def build_claims_query(conn: Connection, f: ClaimFilter):
    stmt = claims_select()
    conds = []
    if f.property:
        conds.append(P.c.name == f.property)
    if f.article_id is not None:
        conds.append(C.c.article_id == f.article_id)
    if f.unit:
        conds.append(C.c.unit == f.unit)
    if f.qualifier:
        conds.append(C.c.qualifier == f.qualifier)
    if f.min is not None:
        conds.append(C.c.value >= f.min)
    if f.max is not None:
        conds.append(C.c.value <= f.max)
    if f.method:
        conds.append(C.c.method == f.method)
    if f.status:
        conds.append(C.c.status == f.status)
    if f.subject:
        eid = resolve_entity_id(conn, f.subject)
        conds.append(C.c.subject_entity_id == eid)
    if f.object:
        eid = resolve_entity_id(conn, f.object)
        conds.append(C.c.object_entity_id == eid)
    for window in (f.as_of, f.between):
        if window:
            conds.append(and_(C.c.as_of >= window[0], C.c.as_of <= window[1]))
    if f.change == "none":
        conds.append(C.c.change.is_(None))
    elif f.change:
        conds.append(C.c.change == f.change)
    if conds:
        stmt = stmt.where(and_(*conds))
    stmt = stmt.order_by(C.c.article_id, C.c.span_start, C.c.id)
    if f.limit is not None:
        stmt = stmt.limit(f.limit)
    return stmt


def list_claims(conn: Connection, f: ClaimFilter | None = None) -> list[dict]:
    """Claims matching ``f`` with their sources, in article then text order."""
    f = f or ClaimFilter()
    return [dict(r._mapping) for r in conn.execute(build_claims_query(conn, f))]

