"""``factdb export``: any table or view to CSV, JSON or Parquet, streamed in chunks.

Rows are fetched ``CHUNK`` at a time from a server-side/streaming cursor and
written as they come, so memory holds one chunk, not the table.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

from sqlalchemy import inspect, text

from .errors import FactdbError, NotFound
from .safe_write import atomic_output, resolve_target

CHUNK = 20_000
EXPORT_FORMATS = ("csv", "json", "parquet")
HIDDEN_PREFIXES = ("articles_fts", "sqlite_", "alembic_version")


def exportable_names(conn) -> list[str]:
    insp = inspect(conn)
    names = insp.get_table_names() + insp.get_view_names()
    return sorted(n for n in names if not n.startswith(HIDDEN_PREFIXES))


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def export_table(db, name: str, fmt: str, out_path: str) -> int:
    """Write table or view ``name`` to ``out_path`` in ``fmt``. Returns the row count."""
    if fmt not in EXPORT_FORMATS:
        raise FactdbError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if out_path != "-":
        resolve_target(out_path)  # refuse a bad path before reading anything
    with db.read_only() as conn:
        names = exportable_names(conn)
        if name not in names:
            raise NotFound(f"no table or view called {name!r}; exportable: {', '.join(names)}")
        quoted = conn.dialect.identifier_preparer.quote(name)
        result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(
            text(f"SELECT * FROM {quoted}")
        )
        columns = list(result.keys())
        writer = {"csv": _write_csv, "json": _write_json, "parquet": _write_parquet}[fmt]
        with atomic_output(out_path, binary=fmt == "parquet") as fh:
            n = writer(result, columns, fh)
    return n


def _chunks(result):
    while True:
        rows = result.fetchmany(CHUNK)
        if not rows:
            return
        yield rows


def _write_csv(result, columns, fh) -> int:
    n = 0
    w = csv.writer(fh)
    w.writerow(columns)
    for rows in _chunks(result):
        w.writerows(rows)
        n += len(rows)
    return n


def _write_json(result, columns, fh) -> int:
    n = 0
    fh.write("[")
    for rows in _chunks(result):
        for r in rows:
            fh.write(",\n" if n else "\n")
            json.dump(dict(zip(columns, r)), fh, default=_default, ensure_ascii=False)
            n += 1
    fh.write("\n]\n")
    return n


def _write_parquet(result, columns, fh) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise FactdbError("parquet export needs pyarrow: pip install 'factdb[arrow]'") from None
    n = 0
    writer = None
    schema = None
    try:
        for rows in _chunks(result):
            cols = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
            table = pa.table(cols) if schema is None else pa.table(cols, schema=schema)
            if writer is None:
                schema = table.schema
                writer = pq.ParquetWriter(fh, schema)
            writer.write_table(table)
            n += len(rows)
        if writer is None:
            pq.write_table(pa.table({c: [] for c in columns}), fh)
    finally:
        if writer is not None:
            writer.close()
    return n
