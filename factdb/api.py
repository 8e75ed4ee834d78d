"""The Python API for notebooks: ``db = factdb.connect()``, then DataFrames.

One implementation with the CLI: every method calls the same query function
the command does and only turns its rows into a DataFrame with proper dtypes
(dates as ``datetime64``, nullable integers as ``Int64``, numbers as floats).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .db import Database
from .frames import frame
from .schema import require_readable

if TYPE_CHECKING:
    import pandas as pd

def connect(url: str | None = None) -> FactDB:
    """Open the factdb database at ``url`` (default: ``$FACTDB_URL`` or ./factdb.sqlite)."""
    return FactDB(url)


class FactDB:
    """An open factdb database. Methods return pandas DataFrames (``entity`` a dict)."""

    def __init__(self, url: str | None = None):
        self.db = Database(url)
        require_readable(self.db)  # reads never create or migrate

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> FactDB:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def articles(self, limit: int | None = None) -> pd.DataFrame:
        from .queries.articles import ARTICLE_COLUMNS, list_articles

        with self.db.connect() as conn:
            rows = list_articles(conn, limit=limit)
        return frame(rows, ARTICLE_COLUMNS)

    def claims(self, **filters: Any) -> pd.DataFrame:
        """Claims with their sources; filters as ``factdb claims`` options:
        property, article_id, unit, qualifier, min, max, method, status, subject,
        object, as_of ("2015", "2015-09"), between=(a, b), change, limit."""
        from .queries.claims import CLAIM_COLUMNS, list_claims

        from .queries.claims import claim_filter

        f = claim_filter(**filters)
        with self.db.connect() as conn:
            rows = list_claims(conn, f)
        return frame(rows, CLAIM_COLUMNS)

    def entity(self, name: str) -> dict:
        from .queries.entities import get_entity

        with self.db.connect() as conn:
            return get_entity(conn, name)

    def entities(self, kind: str | None = None, unresolved: bool = False) -> pd.DataFrame:
        from .queries.entities import ENTITY_COLUMNS, UNRESOLVED_COLUMNS, list_entities, list_unresolved

        with self.db.connect() as conn:
            if unresolved:
                return frame(list_unresolved(conn), UNRESOLVED_COLUMNS)
            return frame(list_entities(conn, kind=kind), ENTITY_COLUMNS)

    def search(self, text: str, limit: int | None = 20) -> pd.DataFrame:
        from .queries.search import SEARCH_COLUMNS, search_articles

        with self.db.connect() as conn:
            return frame(search_articles(conn, text, limit=limit), SEARCH_COLUMNS)

    def sql(self, query: str, params: dict | None = None, *, timeout: float | None = None) -> pd.DataFrame:
        """Run exactly one read-only statement (the database refuses writes).

        ``timeout`` is in seconds (default 60, as ``factdb sql``); ``0`` means no
        limit. On SQLite with the ``arrow`` extra installed and ``timeout=0``,
        plain SELECTs go through ADBC into Arrow (about 3x faster than fetching
        rows, under half the memory: docs/benchmarks.md); the ADBC driver cannot
        interrupt a statement, so a time limit takes the ordinary path.
        """
        from .frames import read_frame
        from .queries.sql import DEFAULT_TIMEOUT

        return read_frame(self.db, query, params, timeout=DEFAULT_TIMEOUT if timeout is None else timeout)

    def table(self, name: str) -> pd.DataFrame:
        """A whole table or view (``claims``, ``v_claims``...) as a DataFrame."""
        from .errors import NotFound
        from .export import exportable_names

        with self.db.read_only() as conn:
            names = exportable_names(conn)
        if name not in names:
            raise NotFound(f"no table or view called {name!r}; there are: {', '.join(names)}")
        return self.sql(f'SELECT * FROM "{name}"', timeout=0)  # a known table: the fast path

    def members(self, organization: str, as_of: str | None = None, role: str | None = None) -> pd.DataFrame:
        from .queries.agreement import MEMBER_COLUMNS, members

        with self.db.connect() as conn:
            return frame(members(conn, organization, as_of=as_of, role=role), MEMBER_COLUMNS)

    def conflicts(self) -> pd.DataFrame:
        from .queries.agreement import CONFLICT_COLUMNS, conflicts

        with self.db.connect() as conn:
            return frame(conflicts(conn), CONFLICT_COLUMNS)

    def fact(self, subject: str, property: str, as_of: str | None = None) -> dict:
        """The stored answer (as ``factdb fact``); ``as_of`` weighs earlier figures by closeness in time."""
        from .queries.agreement import fact

        with self.db.connect() as conn:
            return fact(conn, subject, property, as_of=as_of)

    def timeline(self, subject: str, property: str) -> dict:
        """Every source's interval over time and the answer band (as ``factdb timeline``)."""
        from .queries.agreement import timeline

        with self.db.connect() as conn:
            return timeline(conn, subject, property)

