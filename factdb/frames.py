"""Rows and query results as pandas DataFrames with factdb's dtypes; the Arrow fast path.

:func:`frame` turns rows into a DataFrame (dates ``datetime64``, ids ``Int64``).

:func:`read_frame` runs one statement on a SQLite database with the ADBC
SQLite driver, which builds Arrow columns in C: no Python object per value,
so it is several times faster than fetching rows and uses a fraction of the
memory. Text columns stay Arrow-backed strings; date columns (factdb's
``DATE_COLUMNS``) become ``datetime64``; integer columns become ``Int64``.

Guarantees: never writes (the file is opened ``mode=ro``); when the fast path
is not available or not safe — PostgreSQL, a statement other than a
plain SELECT / WITH, ``adbc-driver-sqlite`` or ``pyarrow`` not
installed, an in-memory database, or a column whose values change type
mid-table — it falls back to :func:`factdb.queries.sql.run_sql` and
:func:`factdb.api.frame`, so the answer is the same DataFrame either way
(up to dtypes of integer/boolean columns, which may differ only in nullability).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .db import Database


# Only plain reads take the fast path; anything that could touch another file
# (ATTACH, VACUUM INTO) or change settings goes through run_sql's authorizer.
_READ = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)
_UNSAFE = re.compile(r"\b(attach|vacuum|pragma|load_extension)\b", re.IGNORECASE)


DATE_COLUMNS = {"published", "as_of", "valid_from", "valid_to", "rate_date", "article_published",
                "loaded_at", "updated_at"}
INT_COLUMNS = {"id", "article_id", "conversion_of_id", "subject_entity_id", "supporting",
               "contradicting", "mention_count", "article_count", "claim_id", "other_claim_id",
               "other_article_id", "membership_id", "start", "end", "span_start", "span_end"}
FLOAT_COLUMNS = {"value", "low", "high", "normalized_value", "rate", "confidence", "score"}



def frame(rows: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """Rows as a DataFrame with factdb's dtypes."""
    import pandas as pd

    df = pd.DataFrame.from_records(rows, columns=columns) if columns else pd.DataFrame.from_records(rows)
    for col in df.columns:
        if col in DATE_COLUMNS:
            df[col] = pd.to_datetime(df[col], errors="coerce", utc=col in ("loaded_at", "updated_at"))
        elif col in INT_COLUMNS:
            df[col] = pd.array(df[col].tolist(), dtype="Int64") if len(df) else df[col].astype("Int64")
        elif col in FLOAT_COLUMNS:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    return df


def arrow_available() -> bool:
    try:
        import adbc_driver_sqlite.dbapi  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def read_frame(db: Database, query: str, params: dict | None = None, *, timeout: float | None = 0) -> pd.DataFrame:
    """The rows of one read-only ``query`` on ``db`` as a DataFrame.

    The Arrow fast path is taken on SQLite only without a time limit
    (``timeout`` 0 or None): ADBC cannot interrupt a running statement.
    """
    from .db import sqlite_path

    path = sqlite_path(db.url) if db.dialect == "sqlite" else None
    if path and not timeout and not params and _READ.match(query) and not _UNSAFE.search(query) and arrow_available():
        table = _sqlite_arrow(path, query)
        if table is not None:
            return arrow_to_frame(table)
    from .queries.sql import run_sql

    columns, rows = run_sql(db, query, params, timeout=timeout or None)
    return frame(rows, columns)


def _sqlite_arrow(path: str, query: str):
    """An Arrow table from ADBC SQLite, or None when the driver cannot type a column."""
    import adbc_driver_sqlite.dbapi as adbc

    uri = f"file:{os.path.abspath(path)}?mode=ro"
    try:
        with adbc.connect(uri) as con, con.cursor() as cur:
            # read-only by the database as well as by the URI
            cur.execute("PRAGMA query_only=ON")
            cur.execute(query)
            return cur.fetch_arrow_table()
    except Exception as exc:  # noqa: BLE001 - any driver failure: take the plain path
        from .queries.sql import ReadOnlyViolation, classify

        error = classify(exc)
        if isinstance(error, ReadOnlyViolation):
            raise error from None
        return None


def arrow_to_frame(table) -> pd.DataFrame:
    """An Arrow table as a DataFrame with factdb's date and integer dtypes."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = []
    for name, col in zip(table.column_names, table.columns):
        if name in DATE_COLUMNS and pa.types.is_string(col.type):
            col = _dates(col, pa, pc, utc=name in ("loaded_at", "updated_at"))
        elif name in DATE_COLUMNS and pa.types.is_integer(col.type) and col.null_count == len(col):
            col = pa.chunked_array([pa.nulls(len(col), pa.timestamp("us"))])
        cols.append(col)
    table = pa.table(cols, names=table.column_names)
    mapper = {pa.int64(): pd.Int64Dtype()}.get
    return table.to_pandas(types_mapper=mapper, date_as_object=False, split_blocks=True,
                           self_destruct=True)


def _dates(col, pa, pc, *, utc: bool):
    """ISO date / datetime text to dates (day) or UTC timestamps; unparseable text left as text."""
    try:
        if utc:  # stored naive (UTC) or with an offset
            text = pc.replace_substring(col, " ", "T")
            try:
                return pc.cast(pc.cast(text, pa.timestamp("us")), pa.timestamp("us", tz="UTC"))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                return pc.cast(text, pa.timestamp("us", tz="UTC"))
        day = pc.cast(pc.utf8_slice_codeunits(col, 0, 10), pa.date32())
        return pc.cast(day, pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return col
