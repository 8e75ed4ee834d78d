"""Bulk inserts for the loader's write path.

One function, :func:`insert_rows`, that every store function uses for
many-row inserts, so the write path can be tuned in one place (see
``benchmarks/``) without touching the store's logic.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` inside the caller's transaction."""
    if rows:
        conn.execute(insert(table), list(rows))
