"""Read queries about entities: lookup by any alias, listings, unresolved names."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from ..errors import NotFound
from ..tables import claims as C
from ..tables import entities as E
from ..tables import entity_aliases as EA
from ..tables import memberships as MS
from ..tables import mentions as M
from ..tables import properties as P
from ..tables import unresolved_names as U
from ..normalize import alias_key


ENTITY_COLUMNS = ["id", "name", "kind", "wikidata", "mention_count", "aliases"]
UNRESOLVED_COLUMNS = ["name", "mention_count", "article_count", "example"]


def suggestions(conn: Connection, name: str, limit: int = 5) -> list[str]:
    """Canonical names whose aliases are closest to ``name`` (rapidfuzz WRatio)."""
    from rapidfuzz import fuzz, process

    rows = conn.execute(select(EA.c.normalized_key, E.c.name).join(E, E.c.id == EA.c.entity_id)).all()
    rows += conn.execute(select(E.c.name, E.c.name)).all()
    by_key: dict[str, str] = {}
    for key, canonical in rows:
        by_key.setdefault(alias_key(key), canonical)
    out: list[str] = []
    for key, score, _ in process.extract(alias_key(name), list(by_key), scorer=fuzz.WRatio, limit=limit * 4):
        canonical = by_key[key]
        if score >= 60 and canonical not in out:
            out.append(canonical)
        if len(out) == limit:
            break
    return out


def resolve_entity_id(conn: Connection, name: str) -> int:
    """The id of the entity ``name`` names (any alias, any case or accents).

    Raises NotFound with "did you mean" suggestions.
    """
    key = alias_key(name)
    found = conn.execute(select(EA.c.entity_id).where(EA.c.normalized_key == key)).scalar()
    if found is None:
        found = conn.execute(select(E.c.id).where(func.lower(E.c.name) == name.strip().lower())).scalar()
    if found is None:
        raise NotFound(f"no entity called {name!r}", suggestions(conn, name))
    return found


def _dicts(result) -> list[dict]:
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result]


ENTITY_PAGE = 50  # claims and memberships shown with an entity; the counts say how many there are

_S = E.alias("s")
_OB = E.alias("o")
_MEM = E.alias("mem")
_ORG = E.alias("org")
_CLAIM_COLS = (C.c.id, C.c.article_id, P.c.name.label("property"),
               func.coalesce(_S.c.name, C.c.subject_text).label("subject"),
               func.coalesce(_OB.c.name, C.c.object_text).label("object"),
               C.c.value, C.c.low, C.c.high, C.c.qualifier, C.c.unit, C.c.as_of, C.c.method,
               C.c.status, C.c.quote)
_CLAIM_FROM = (C.join(P, P.c.id == C.c.property_id)
               .outerjoin(_S, _S.c.id == C.c.subject_entity_id)
               .outerjoin(_OB, _OB.c.id == C.c.object_entity_id))
_MS_COLS = (MS.c.id, _MEM.c.name.label("member"), _ORG.c.name.label("organization"), MS.c.role,
            MS.c.valid_from, MS.c.valid_to, MS.c.method, MS.c.status, MS.c.article_id, MS.c.negated)
_MS_FROM = (MS.join(_MEM, _MEM.c.id == MS.c.member_entity_id)
            .join(_ORG, _ORG.c.id == MS.c.organization_entity_id))


def _first_ids(conn: Connection, column_a, column_b, eid: int, limit: int | None) -> list[int]:
    """Ids of rows where ``column_a`` or ``column_b`` is ``eid``, smallest first, at most ``limit``.

    ``column_a`` is read in id order through its own index (LIMIT stops the
    scan); ``column_b``'s ids are read whole through its index and sorted
    here: asked for ``ORDER BY id LIMIT``, a planner may walk the table in id
    order looking for a value no row has.
    """
    table = column_a.table
    first = select(table.c.id).where(column_a == eid).order_by(table.c.id)
    if limit is not None:
        first = first.limit(limit)
    out = set(conn.execute(first).scalars())
    out.update(conn.execute(select(table.c.id).where(column_b == eid, or_(column_a.is_(None), column_a != eid)))
               .scalars())
    return sorted(out)[:limit] if limit is not None else sorted(out)


def _count(conn: Connection, column_a, column_b, eid: int) -> int:
    table = column_a.table
    a = conn.execute(select(func.count()).select_from(table).where(column_a == eid)).scalar_one()
    b = conn.execute(select(func.count()).select_from(table).where(
        column_b == eid, or_(column_a.is_(None), column_a != eid))).scalar_one()
    return a + b


def get_entity(conn: Connection, name: str, *, limit: int | None = ENTITY_PAGE) -> dict:
    """The entity ``name`` names, with its first ``limit`` claims and memberships (None: all) and their counts."""
    eid = resolve_entity_id(conn, name)
    e = conn.execute(select(E).where(E.c.id == eid)).one()
    aliases = conn.execute(
        select(EA.c.alias).where(EA.c.entity_id == eid).order_by(EA.c.id)
    ).scalars().all()
    mention_count = conn.execute(
        select(func.count()).select_from(M).where(M.c.entity_id == eid)
    ).scalar_one()
    claim_ids = _first_ids(conn, C.c.subject_entity_id, C.c.object_entity_id, eid, limit)
    claims = _dicts(conn.execute(
        select(*_CLAIM_COLS).select_from(_CLAIM_FROM).where(C.c.id.in_(claim_ids)).order_by(C.c.id)
    )) if claim_ids else []
    ms_ids = _first_ids(conn, MS.c.member_entity_id, MS.c.organization_entity_id, eid, None)
    memberships = _dicts(conn.execute(
        select(*_MS_COLS).select_from(_MS_FROM).where(MS.c.id.in_(ms_ids)).order_by(MS.c.method, MS.c.id)
        .limit(limit)
    )) if ms_ids else []
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "description": e.description,
        "wikidata": e.wikidata_id,
        "aliases": list(aliases),
        "mention_count": mention_count,
        "claims": claims,
        "memberships": memberships,
        "claim_count": len(claim_ids) if limit is None or len(claim_ids) < limit
        else _count(conn, C.c.subject_entity_id, C.c.object_entity_id, eid),
        "membership_count": len(ms_ids),
    }


def list_entities(conn: Connection, *, kind: str | None = None, limit: int | None = None) -> list[dict]:
    counts = (
        select(M.c.entity_id, func.count().label("n")).group_by(M.c.entity_id).subquery()
    )
    stmt = (
        select(E.c.id, E.c.name, E.c.kind, E.c.wikidata_id.label("wikidata"),
               func.coalesce(counts.c.n, 0).label("mention_count"))
        .select_from(E.outerjoin(counts, counts.c.entity_id == E.c.id))
        .order_by(func.coalesce(counts.c.n, 0).desc(), E.c.name)
    )
    if kind:
        stmt = stmt.where(E.c.kind == kind)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = [dict(r._mapping) for r in conn.execute(stmt)]
    if rows:
        ids = [r["id"] for r in rows]
        aliases: dict[int, list[str]] = {}
        for eid, alias in conn.execute(
            select(EA.c.entity_id, EA.c.alias).where(EA.c.entity_id.in_(ids)).order_by(EA.c.id)
        ):
            aliases.setdefault(eid, []).append(alias)
        for r in rows:
            r["aliases"] = aliases.get(r["id"], [])
    return rows


def list_unresolved(conn: Connection, *, limit: int | None = None) -> list[dict]:
    """Names not in the registry, most frequent first, with an example sentence."""
    stmt = (
        select(
            U.c.normalized_key,
            func.min(U.c.surface).label("name"),
            func.count().label("mention_count"),
            func.count(func.distinct(U.c.article_id)).label("article_count"),
            func.min(U.c.sentence).label("example"),
        )
        .group_by(U.c.normalized_key)
        .order_by(func.count().desc(), func.min(U.c.surface))
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        {k: v for k, v in r._mapping.items() if k != "normalized_key"} for r in conn.execute(stmt)
    ]
