"""Read queries about articles. They never write."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..errors import NotFound
from ..tables import articles as A
from ..tables import claims, memberships, mentions
from ..tables import outlets as O

ARTICLE_COLUMNS = [
    "id", "title", "outlet", "published", "date_precision", "url", "authors", "translator",
    "language", "path", "sha256",
]


def _article_select():
    return select(
        A.c.id, A.c.title, O.c.name.label("outlet"), O.c.domain.label("outlet_domain"),
        A.c.published, A.c.date_precision, A.c.url, A.c.authors, A.c.translator, A.c.language,
        A.c.source_path.label("path"), A.c.sha256, A.c.loaded_at, A.c.updated_at, A.c.metadata_note,
    ).select_from(A.outerjoin(O, A.c.outlet_id == O.c.id))


def _row(r) -> dict:
    d = dict(r._mapping)
    d["authors"] = d["authors"].split("; ") if d.get("authors") else []
    return d


def list_articles(conn: Connection, *, limit: int | None = None) -> list[dict]:
    stmt = _article_select().order_by(A.c.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_row(r) for r in conn.execute(stmt)]


def get_article(conn: Connection, article_id: int) -> dict:
    row = conn.execute(_article_select().add_columns(A.c.body).where(A.c.id == article_id)).first()
    if row is None:
        total = conn.execute(select(func.count()).select_from(A)).scalar_one()
        raise NotFound(f"no article with id {article_id} ({total} articles stored; see `factdb articles`)")
    d = _row(row)
    for name, t in (("mentions", mentions), ("claims", claims), ("memberships", memberships)):
        d[f"{name}_count"] = conn.execute(
            select(func.count()).select_from(t).where(t.c.article_id == article_id)
        ).scalar_one()
    return d
