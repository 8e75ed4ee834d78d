"""Full-text search over articles: SQLite FTS5 or PostgreSQL tsvector, one result shape."""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..errors import FactdbError

SEARCH_COLUMNS = ["article_id", "title", "outlet", "published", "score", "snippet"]
_TOKEN = re.compile(r"\w+", re.UNICODE)

_SQLITE = text(
    """
    SELECT a.id AS article_id, a.title, o.name AS outlet, a.published,
           -bm25(articles_fts) AS score,
           snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet
    FROM articles_fts
    JOIN articles a ON a.id = articles_fts.rowid
    LEFT JOIN outlets o ON o.id = a.outlet_id
    WHERE articles_fts MATCH :q
    ORDER BY bm25(articles_fts), a.id
    LIMIT :n
    """
)

_POSTGRES = text(
    """
    SELECT a.id AS article_id, a.title, o.name AS outlet, a.published,
           ts_rank(to_tsvector('english', coalesce(a.title, '') || ' ' || coalesce(a.body, '')), q) AS score,
           ts_headline('english', a.body, q,
                       'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…') AS snippet
    FROM articles a
    LEFT JOIN outlets o ON o.id = a.outlet_id,
         websearch_to_tsquery('english', :q) q
    WHERE to_tsvector('english', coalesce(a.title, '') || ' ' || coalesce(a.body, '')) @@ q
    ORDER BY score DESC, a.id
    LIMIT :n
    """
)


def fts5_query(user_text: str) -> str:
    """Every word of ``user_text`` as a quoted FTS5 term (all must match).

    Quoting makes operators and punctuation in user input literal, so any
    text is a valid query.
    """
    terms = _TOKEN.findall(user_text)
    return " ".join(f'"{t}"' for t in terms)


def search_articles(conn: Connection, query: str, *, limit: int | None = 20) -> list[dict]:
    """Articles matching every word of ``query``, best first, with a [highlighted] snippet."""
    if not _TOKEN.search(query or ""):
        raise FactdbError("search needs at least one word")
    n = limit if limit is not None else 1_000_000
    if conn.dialect.name == "sqlite":
        rows = conn.execute(_SQLITE, {"q": fts5_query(query), "n": n})
    else:
        rows = conn.execute(_POSTGRES, {"q": query, "n": n})
    out = []
    for r in rows:
        d = dict(r._mapping)
        d["score"] = round(float(d["score"]), 6)
        d["snippet"] = " ".join((d["snippet"] or "").split())
        out.append(d)
    return out
