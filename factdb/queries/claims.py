"""Read queries over numeric claims, shared by the CLI and the Python API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, and_, bindparam, func, select
from sqlalchemy.engine import Connection

from ..errors import FactdbError
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
    limit: int | None = None


class FilterError(FactdbError):
    """A claims filter the user must fix: an unknown property, a bad date, a reversed range."""


def claim_filter(*, as_of: str | None = None, between: tuple[str, str] | None = None,
                 article: int | None = None, **filters) -> ClaimFilter:
    """A ClaimFilter from filters as a user writes them (dates as ``2015``, ``2015-09`` or
    ``2015-09-15``), checked: the one place the CLI and the API build it."""
    from ..records import PROPERTIES
    from ..timeutil import date_window, parse_date_arg

    def window(value: str, what: str):
        try:
            return date_window(*parse_date_arg(value))
        except ValueError as exc:
            raise FilterError(f"{what}: {exc}") from None

    prop = filters.get("property")
    if prop is not None and prop not in PROPERTIES:
        raise FilterError(f"unknown property {prop!r}; properties: {', '.join(PROPERTIES)}")
    if article is not None:
        filters["article_id"] = article
    if as_of:
        filters["as_of"] = window(as_of, "--as-of")
    if between:
        lo, hi = window(between[0], "--between"), window(between[1], "--between")
        if lo[0] > hi[1]:
            raise FilterError(f"--between: {between[0]} is after {between[1]}: give the earlier date first")
        filters["between"] = (lo[0], hi[1])
    return ClaimFilter(**filters)


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


# (column, operator, parameter) for each filter; a statement is built once per
# combination of filters in use and reused with new values (bindparam), so a
# lookup costs the query, not the statement's construction.
_FILTERS = {
    "property": lambda: P.c.name == bindparam("property"),
    "article_id": lambda: C.c.article_id == bindparam("article_id"),
    "unit": lambda: C.c.unit == bindparam("unit"),
    "qualifier": lambda: C.c.qualifier == bindparam("qualifier"),
    "min": lambda: C.c.value >= bindparam("min"),
    "max": lambda: C.c.value <= bindparam("max"),
    "method": lambda: C.c.method == bindparam("method"),
    "status": lambda: C.c.status == bindparam("status"),
    "subject": lambda: C.c.subject_entity_id == bindparam("subject"),
    "object": lambda: C.c.object_entity_id == bindparam("object"),
    "as_of": lambda: and_(C.c.as_of >= bindparam("as_of_lo"), C.c.as_of <= bindparam("as_of_hi")),
    "between": lambda: and_(C.c.as_of >= bindparam("between_lo"), C.c.as_of <= bindparam("between_hi")),
    "change": lambda: C.c.change == bindparam("change"),
    "change_none": lambda: C.c.change.is_(None),
    "limit": None,
}
_STATEMENTS: dict[tuple[str, ...], object] = {}


def _statement(shape: tuple[str, ...]):
    stmt = _STATEMENTS.get(shape)
    if stmt is None:
        stmt = claims_select()
        conds = [_FILTERS[name]() for name in shape if _FILTERS[name] is not None]
        if conds:
            stmt = stmt.where(and_(*conds))
        stmt = stmt.order_by(C.c.article_id, C.c.span_start, C.c.id)
        if "limit" in shape:
            stmt = stmt.limit(bindparam("limit", type_=Integer))
        _STATEMENTS[shape] = stmt
    return stmt


def build_claims_query(conn: Connection, f: ClaimFilter):
    """(statement, parameters) for filter ``f``; names resolve to entity ids first."""
    params: dict = {}
    for name in ("property", "article_id", "unit", "qualifier", "min", "max", "method", "status"):
        value = getattr(f, name)
        if value is not None and value != "":
            params[name] = value
    if f.subject:
        params["subject"] = resolve_entity_id(conn, f.subject)
    if f.object:
        params["object"] = resolve_entity_id(conn, f.object)
    shape = [k for k in params]
    for name in ("as_of", "between"):
        window = getattr(f, name)
        if window:
            params[f"{name}_lo"], params[f"{name}_hi"] = window
            shape.append(name)
    if f.change == "none":
        shape.append("change_none")
    elif f.change:
        params["change"] = f.change
        shape.append("change")
    if f.limit is not None:
        params["limit"] = f.limit
        shape.append("limit")
    return _statement(tuple(shape)), params


def list_claims(conn: Connection, f: ClaimFilter | None = None) -> list[dict]:
    """Claims matching ``f`` with their sources, in article then text order."""
    stmt, params = build_claims_query(conn, f or ClaimFilter())
    result = conn.execute(stmt, params)
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result]

