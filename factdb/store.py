"""Store functions: records in, rows out. They take a connection and never commit.

The caller (:mod:`factdb.load`) owns the transaction: one per article, one for
the registry and one for the curated history, so a failure leaves nothing
half-written. Statements are SQLAlchemy Core, executed with executemany.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from .bulk import insert_rows
from .tables import (
    articles as A,
    claims as C,
    entities as E,
    entity_aliases as EA,
    loader_state as S,
    memberships as MS,
    mentions as M,
    outlets as O,
    properties as P,
    unresolved_names as U,
)
from .normalize import alias_key
from .pipeline import Extraction, SourceFile
from .records import ParsedArticle



# ---------------------------------------------------------------- small state


def get_state(conn: Connection, key: str) -> str | None:
    return conn.execute(select(S.c.value).where(S.c.key == key)).scalar_one_or_none()


def set_state(conn: Connection, key: str, value: str) -> None:
    if get_state(conn, key) is None:
        conn.execute(insert(S).values(key=key, value=value))
    else:
        conn.execute(update(S).where(S.c.key == key).values(value=value))


def entity_ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(E.c.name, E.c.id)).all())


def property_ids(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(P.c.name, P.c.id)).all())


# ---------------------------------------------------------------- registry


def sync_registry(conn: Connection, registry) -> dict[str, int]:
    """Make entities and aliases match the registry. Idempotent.

    Entities are matched by canonical name (updated in place, so ids and the
    rows pointing at them survive); aliases are replaced. Entities no longer in
    the registry are kept (claims may point at them) but lose their aliases.
    """
    existing = entity_ids(conn)
    new_rows = [
        {"name": e.name, "kind": e.kind, "description": e.description, "wikidata_id": e.wikidata}
        for e in registry.entities
        if e.name not in existing
    ]
    if new_rows:
        conn.execute(insert(E), new_rows)
    for e in registry.entities:
        if e.name in existing:
            conn.execute(
                update(E)
                .where(E.c.id == existing[e.name])
                .values(kind=e.kind, description=e.description, wikidata_id=e.wikidata)
            )
    ids = entity_ids(conn)
    country_links = [
        {"id": ids[e.name], "country": ids.get(e.parent) if e.parent else None}
        for e in registry.entities
    ]
    for row in country_links:
        conn.execute(update(E).where(E.c.id == row["id"]).values(country_entity_id=row["country"]))
    conn.execute(delete(EA))
    alias_rows = []
    for e in registry.entities:
        seen = set()
        for a in e.aliases:
            if a.key in seen:
                continue
            seen.add(a.key)
            alias_rows.append(
                {
                    "entity_id": ids[e.name],
                    "alias": a.alias,
                    "normalized_key": a.key,
                    "language": a.language or "en",
                    "alias_kind": a.kind_of_alias,
                }
            )
    if alias_rows:
        conn.execute(insert(EA), alias_rows)
    return ids


def sync_history(conn: Connection, rows: Sequence, ids: dict[str, int]) -> int:
    """Replace the curated membership history (method ``curated``, no article)."""
    conn.execute(delete(MS).where(MS.c.article_id.is_(None), MS.c.method == "curated"))
    out = [
        {
            "member_entity_id": ids[r.member],
            "organization_entity_id": ids[r.organization],
            "role": r.role,
            "valid_from": r.valid_from,
            "valid_from_precision": r.valid_from_precision,
            "valid_to": r.valid_to,
            "valid_to_precision": r.valid_to_precision if r.valid_to else None,
            "article_id": None,
            "quote": None,
            "complete_list": False,
            "negated": False,
            "method": "curated",
            "status": "confirmed",
            "confidence": 1.0,
            "source_note": r.source,
            "standing": getattr(r, "status", "active") or "active",
            "history_note": getattr(r, "note", None),
        }
        for r in rows
    ]
    if out:
        conn.execute(insert(MS), out)
    return len(out)


# ---------------------------------------------------------------- articles


def outlet_id(conn: Connection, name: str | None, domain: str | None, cache: dict | None = None) -> int | None:
    """The outlet's id, created on first sight (named by its name, else its domain).

    ``cache`` (name -> (id, domain)) saves the lookup for outlets already seen in
    the same write transaction (valid only while it holds the write turn).
    """
    name = name or domain
    if not name:
        return None
    if cache is not None and name in cache:
        found_id, found_domain = cache[name]
        if domain and not found_domain:
            conn.execute(update(O).where(O.c.id == found_id).values(domain=domain))
            cache[name] = (found_id, domain)
        return found_id
    found = conn.execute(_OUTLET_BY_NAME, {"name": name}).first()
    if found:
        if domain and not found.domain:
            conn.execute(update(O).where(O.c.id == found.id).values(domain=domain))
        result, known_domain = found.id, found.domain or domain
    else:
        result = conn.execute(insert(O).values(name=name, domain=domain).returning(O.c.id)).scalar_one()
        known_domain = domain
    if cache is not None:
        cache[name] = (result, known_domain)
    return result


# Statements run once per article are built once, with bound parameters
# (rebuilding a select per call costs more than the query on SQLite).
_BY_PATH = select(A.c.id, A.c.sha256, A.c.annotations_sha256).where(
    A.c.source_path == bindparam("path")
)
_BY_SHA = select(A.c.id, A.c.source_path).where(A.c.sha256 == bindparam("sha"))
_OUTLET_BY_NAME = select(O.c.id, O.c.domain).where(O.c.name == bindparam("name"))
_INSERT_ARTICLE = insert(A).returning(A.c.id)


def article_by_path(conn: Connection, path: str):
    return conn.execute(_BY_PATH, {"path": path}).first()


def article_by_sha(conn: Connection, sha: str):
    return conn.execute(_BY_SHA, {"sha": sha}).first()


def articles_by_paths(conn: Connection, paths) -> list:
    """(id, source_path, sha256, annotations_sha256) of the articles stored under these paths."""
    paths = sorted(set(paths))
    out = []
    for i in range(0, len(paths), 500):
        out += conn.execute(select(A.c.id, A.c.source_path, A.c.sha256, A.c.annotations_sha256)
                            .where(A.c.source_path.in_(paths[i:i + 500]))).all()
    return out


def articles_by_shas(conn: Connection, shas) -> list:
    """(id, source_path, sha256) of the articles with these contents."""
    shas = sorted(set(shas))
    out = []
    for i in range(0, len(shas), 500):
        out += conn.execute(select(A.c.id, A.c.source_path, A.c.sha256).where(A.c.sha256.in_(shas[i:i + 500]))).all()
    return out


def _article_values(src: SourceFile, art: ParsedArticle, outlet: int | None, ann_sha: str) -> dict:
    return {
        "annotations_sha256": ann_sha,
        "outlet_id": outlet,
        "title": art.title,
        "published": art.published,
        "date_precision": art.date_precision or "unknown",
        "url": art.url,
        "authors": "; ".join(art.authors) if art.authors else None,
        "translator": art.translator,
        "language": art.language or "en",
        "body": art.body,
        "source_path": src.path,
        "sha256": src.sha256,
        "metadata_note": art.metadata_note,
    }


def insert_article(
    conn: Connection, src: SourceFile, art: ParsedArticle, now: dt.datetime, ann_sha: str = "",
    outlets: dict | None = None,
) -> int:
    values = _article_values(src, art, outlet_id(conn, art.outlet, art.outlet_domain, outlets), ann_sha)
    values["loaded_at"] = now
    return conn.execute(_INSERT_ARTICLE, values).scalar_one()


def update_article(
    conn: Connection, article_id: int, src: SourceFile, art: ParsedArticle, now: dt.datetime,
    ann_sha: str = "", outlets: dict | None = None,
) -> None:
    values = _article_values(src, art, outlet_id(conn, art.outlet, art.outlet_domain, outlets), ann_sha)
    values["updated_at"] = now
    conn.execute(update(A).where(A.c.id == article_id).values(**values))


def delete_articles(conn: Connection, article_ids: Sequence[int]) -> dict[str, int]:
    """Delete articles and everything extracted from them. Curated history (no article) stays.

    Returns what was deleted, by table.
    """
    ids = list(article_ids)
    if not ids:
        return {"articles": 0, "claims": 0, "memberships": 0, "mentions": 0}
    counts = {
        name: conn.execute(select(func.count()).select_from(t).where(t.c.article_id.in_(ids))).scalar_one()
        for name, t in (("claims", C), ("memberships", MS), ("mentions", M))
    }
    clear_extraction(conn, ids)
    counts["articles"] = conn.execute(delete(A).where(A.c.id.in_(ids))).rowcount
    return counts


def clear_extraction(conn: Connection, article_ids: Iterable[int] | None = None) -> None:
    """Delete what was extracted from these articles (or from all articles).

    Claims go whatever their method: curated claims come from annotation files,
    which are applied again on every extraction, matched by what survives it
    (quote and value), so their spans always point into the current body. The
    curated membership history (no article) is never touched here.
    """
    conds = []
    if article_ids is not None:
        ids = list(article_ids)
        conds = [lambda t: t.c.article_id.in_(ids)]
    for table, extra in ((M, None), (U, None), (C, None), (MS, MS.c.article_id.is_not(None))):
        stmt = delete(table)
        for cond in conds:
            stmt = stmt.where(cond(table))
        if extra is not None:
            stmt = stmt.where(extra)
        conn.execute(stmt)


class BufferRefused(Exception):
    """The database refused a row of a :class:`RowBuffer` (whose article's is not known)."""


class RowBuffer:
    """Extracted rows of many articles, written with one :func:`insert_rows` call per table
    (one ``COPY`` on PostgreSQL) instead of one per article and table.

    Rows keep their order within each table, so ids are the ones per-article
    inserts would give. :meth:`flush` raises :class:`BufferRefused` when the
    database refuses a row: the caller rolls back and stores article by article.
    """

    def __init__(self) -> None:
        self.tables: dict = {M: [], U: [], C: [], MS: []}
        self.links: list[tuple[int, int, list]] = []  # (article id, its claims, conversion_of per claim)

    def __bool__(self) -> bool:
        return any(self.tables.values())

    def add(self, table, rows: list[dict]) -> None:
        self.tables[table].extend(rows)

    def holds_claims(self, property_id: int | None, unit: str) -> bool:
        """Whether a buffered claim has this property and unit (a read of such claims must flush first)."""
        return any(r["property_id"] == property_id and r["unit"] == unit for r in self.tables[C])

    def absorb(self, other: RowBuffer) -> None:
        """Append another buffer's rows (an article's, once it is stored)."""
        for table, rows in other.tables.items():
            self.tables[table].extend(rows)
        self.links.extend(other.links)

    def flush(self, conn: Connection) -> None:
        from sqlalchemy.exc import DataError, IntegrityError

        try:
            for table, rows in self.tables.items():
                insert_rows(conn, table, rows)
            if self.links:
                _link_conversions(conn, self.links)
        except (IntegrityError, DataError) as exc:
            raise BufferRefused(str(exc)) from exc
        for rows in self.tables.values():
            rows.clear()
        self.links.clear()


def _insert(conn: Connection, table, rows: list[dict], buffer: RowBuffer | None) -> None:
    if buffer is not None:
        buffer.add(table, rows)
    else:
        insert_rows(conn, table, rows)


def store_extraction(
    conn: Connection,
    article_id: int,
    ex: Extraction,
    ids: dict[str, int],
    props: dict[str, int],
    buffer: RowBuffer | None = None,
) -> dict[str, int]:
    """Insert mentions, candidates, claims and memberships of one article (or add them to
    ``buffer``, written when it is flushed). Returns counts."""
    if ex.mentions:
        _insert(
            conn,
            M,
            [
                {"article_id": article_id, "entity_id": ids[m.entity], "span_start": m.start,
                 "span_end": m.end, "surface": m.surface}
                for m in ex.mentions
                if m.entity in ids
            ],
            buffer,
        )
    if ex.candidates:
        _insert(
            conn,
            U,
            [
                {"article_id": article_id, "surface": c.surface, "normalized_key": alias_key(c.surface),
                 "span_start": c.start, "span_end": c.end, "sentence": c.sentence}
                for c in ex.candidates
            ],
            buffer,
        )
    n_claims = _store_claims(conn, article_id, ex, ids, props, buffer)
    rows = [
        {
            "member_entity_id": ids[m.member],
            "organization_entity_id": ids[m.organization],
            "role": m.role,
            "valid_from": m.valid_from,
            "valid_from_precision": m.date_precision if m.valid_from else None,
            "valid_to": m.valid_to,
            "valid_to_precision": m.date_precision if m.valid_to else None,
            "article_id": article_id,
            "quote": m.quote,
            "span_start": m.start,
            "span_end": m.end,
            "complete_list": m.complete_list,
            "negated": m.negated,
            "standing": m.status or ("negated" if m.negated else "active"),
            "method": "rule",
            "status": "extracted",
            "confidence": m.confidence,
            "source_note": None,
        }
        for m in ex.memberships
        if m.member in ids and m.organization in ids
    ]
    _insert(conn, MS, rows, buffer)
    return {"mentions": len(ex.mentions), "claims": n_claims, "memberships": len(rows)}


def _store_claims(conn, article_id, ex: Extraction, ids, props, buffer: RowBuffer | None = None) -> int:
    rows = [claim_row(article_id, c, ids, props) for c in ex.claims]
    if not rows:
        return 0
    links = [r.pop("_conversion_of") for r in rows]
    _insert(conn, C, rows, buffer)
    if any(t is not None for t in links):
        if buffer is not None:
            buffer.links.append((article_id, len(rows), links))
        else:
            _link_conversions(conn, [(article_id, len(rows), links)])
    return len(rows)


_SET_CONVERSION = update(C).where(C.c.id == bindparam("b_id")).values(conversion_of_id=bindparam("b_target"))


def _link_conversions(conn, links: list[tuple[int, int, list]]) -> None:
    """Point each restated amount at the claim it restates, once both have ids.

    ``links``: (article id, number of claims just inserted for it, index of the
    claim each one restates or None). Ids grow in insertion order inside one
    transaction on both backends, so an article's new claims are its last ones.
    """
    found: dict[int, list[int]] = {}
    for article_id, claim_id in conn.execute(
        select(C.c.article_id, C.c.id).where(C.c.article_id.in_([a for a, _, _ in links])).order_by(C.c.id)
    ):
        found.setdefault(article_id, []).append(claim_id)
    updates = []
    for article_id, n, targets in links:
        new_ids = found.get(article_id, [])[-n:]
        for claim_id, target in zip(new_ids, targets):
            if target is not None and 0 <= target < len(new_ids):
                updates.append({"b_id": claim_id, "b_target": new_ids[target]})
    if updates:
        conn.execute(_SET_CONVERSION, updates)


def claim_row(article_id: int, c, ids: dict[str, int], props: dict[str, int]) -> dict:
    extras = c.extras or {}
    subject_id = ids.get(c.subject) if c.subject and c.subject_resolved else None
    object_id = ids.get(c.object) if c.object and c.object_resolved else None
    return {
        "article_id": article_id,
        "property_id": props[c.property],
        "subject_entity_id": subject_id,
        "subject_text": c.subject if subject_id is None else None,
        "subject_source": c.subject_source,
        "object_entity_id": object_id,
        "object_text": c.object if object_id is None else None,
        "value": c.value,
        "low": c.low,
        "high": c.high,
        "low_inclusive": c.low_inclusive,
        "high_inclusive": c.high_inclusive,
        "qualifier": c.qualifier,
        "unit": c.unit,
        "counted": c.counted,
        "normalized_value": c.normalized_value,
        "normalized_unit": c.normalized_unit,
        "rate": extras.get("rate"),
        "rate_date": extras.get("rate_date"),
        "rate_source": extras.get("rate_source"),
        "as_of": c.as_of,
        "as_of_precision": c.as_of_precision,
        "modality": c.modality or "reported",
        "change": c.change,
        "_conversion_of": c.conversion_of,
        "quote": c.quote,
        "span_start": c.start,
        "span_end": c.end,
        "quote_start": c.quote_start,
        "quote_end": c.quote_end,
        "method": extras.get("method", "rule"),
        "status": extras.get("status", "extracted"),
        "confidence": c.confidence,
        "curation_note": extras.get("note") or extras.get("reason"),
    }
