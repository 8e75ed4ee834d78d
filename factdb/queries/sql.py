"""Read-only SQL for users. The database refuses writes, not a statement parser.

The connection comes from :meth:`factdb.db.Database.read_only`: SQLite opened
with ``mode=ro`` plus ``PRAGMA query_only`` and an authorizer that denies
ATTACH; PostgreSQL inside a READ ONLY transaction.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, StatementError

from ..errors import FactdbError


class ReadOnlyViolation(FactdbError):
    """A statement tried to write, or could not be run read-only."""


def run_sql(db, query: str, params: dict | None = None, *, limit: int | None = None) -> tuple[list[str], list[dict]]:
    """Run one statement read-only; return (columns, rows). Never writes."""
    with db.read_only() as conn:
        try:
            result = conn.execute(text(query), params or {})
            if not result.returns_rows:
                return [], []
            columns = list(result.keys())
            fetched = result.fetchmany(limit) if limit is not None else result.fetchall()
            rows = [dict(zip(columns, r)) for r in fetched]
        except (DBAPIError, StatementError) as exc:
            orig = getattr(exc, "orig", None) or exc
            message = str(orig).strip().splitlines()[0] if str(orig).strip() else exc.__class__.__name__
            hint = ""
            low = message.lower()
            if "read-only" in low or "readonly" in low or "not authorized" in low or "query_only" in low:
                hint = " (factdb sql is read-only: the database refused the write)"
            raise ReadOnlyViolation(f"SQL error: {message}{hint}") from None
    return columns, rows
