"""Bulk inserts for the loader's write path.

One function, :func:`insert_rows`, that every store function uses for
many-row inserts, so the write path is tuned in one place (measured by
``python -m benchmarks``).

Guarantees:

* the rows go through the DBAPI connection SQLAlchemy's ``Connection`` already
  holds, so they are inside the caller's transaction or savepoint and roll
  back with it;
* the stored values are the ones SQLAlchemy Core would store: Python-side
  scalar column defaults fill missing keys, and the column types' bind
  processors run where the driver would not do the same by itself (dates on
  SQLite become ISO strings; booleans and floats are bound natively, which
  SQLite's column affinity stores exactly as SQLAlchemy would);
* rows keep their order, so autoincrement ids grow in list order;
* a refused row raises SQLAlchemy's own exception (``IntegrityError`` ...),
  as ``conn.execute`` would.

Every dict must have the same keys as the first (as with Core executemany).
On SQLite the INSERT is one ``executemany`` of tuples with a statement string
built once per (table, columns); on PostgreSQL with psycopg 3, ``COPY FROM
STDIN`` for two rows or more (faster than executemany even for an article's
handful of rows) and ``executemany`` for one. Any other
dialect or a callable column default falls back to Core ``executemany``.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from sqlalchemy import Boolean, Float, Integer, Table, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

#: rows at or above which PostgreSQL uses COPY instead of executemany
COPY_MIN_ROWS = 2

# Types whose values the driver binds natively with the same stored result.
_NATIVE = {
    "sqlite": (Boolean, Float, Integer),
    "postgresql": (Boolean,),
}

_plans: dict[tuple, _Plan | None] = {}


class _Plan:
    """A cached INSERT for one (dialect, table, key set) and its row-to-tuple function."""

    __slots__ = ("sql", "copy_sql", "row")

    def __init__(self, sql, copy_sql, keys, procs, extra):
        self.sql = sql
        self.copy_sql = copy_sql
        self.row = _row_function(keys, dict(procs), extra)

    def tuples(self, rows: Sequence[dict]) -> list:
        return list(map(self.row, rows))


def _row_function(keys, procs: dict, extra: tuple):
    """dict -> tuple in column order, processors inlined, defaults appended.

    Generated once per plan (``lambda r: (r['a'], p1(r['b']) if ... , ...)``):
    a plain tuple display is several times faster than a loop over columns.
    """
    if not procs and not extra:
        getter = itemgetter(*keys)
        return (lambda r: (getter(r),)) if len(keys) == 1 else getter
    ns: dict = {"extra": extra}
    parts = []
    for i, key in enumerate(keys):
        item = f"r[{key!r}]"
        if i in procs:
            ns[f"p{i}"] = procs[i]
            parts.append(f"(None if (v := {item}) is None else p{i}(v))")
        else:
            parts.append(item)
    body = "(" + ", ".join(parts) + ",)" + (" + extra" if extra else "")
    return eval(f"lambda r: {body}", ns)  # noqa: S307 - source built from validated column keys


def _make_plan(conn: Connection, table: Table, keys: tuple[str, ...]) -> _Plan | None:
    dialect = conn.dialect
    name = dialect.name
    if name == "sqlite":
        param = "?"
    elif name == "postgresql" and dialect.driver == "psycopg":
        param = "%s"
    else:
        return None
    cols = table.c
    for k in keys:
        if k not in cols:
            raise KeyError(f"table {table.name} has no column {k!r}")
    extra_cols, extra_vals = [], []
    for col in table.columns:
        if col.key in keys or col.default is None:
            continue
        if not col.default.is_scalar:
            return None  # callable / SQL defaults: let Core compute them
        extra_cols.append(col.key)
        extra_vals.append(col.default.arg)
    names = list(keys) + extra_cols
    native = _NATIVE.get(name, ())
    procs = []
    for i, key in enumerate(names):
        typ = cols[key].type
        if isinstance(typ, native):
            continue
        proc = typ._cached_bind_processor(dialect)
        if proc is not None:
            procs.append((i, proc))
    if procs and extra_vals:  # defaults go through the same processors once, now
        for i, proc in procs:
            j = i - len(keys)
            if j >= 0 and extra_vals[j] is not None:
                extra_vals[j] = proc(extra_vals[j])
        procs = [(i, p) for i, p in procs if i < len(keys)]
    quote = dialect.identifier_preparer.quote
    col_list = ", ".join(quote(cols[n].name) for n in names)
    target = dialect.identifier_preparer.format_table(table)
    sql = f"INSERT INTO {target} ({col_list}) VALUES ({', '.join([param] * len(names))})"
    copy_sql = f"COPY {target} ({col_list}) FROM STDIN" if name == "postgresql" else None
    return _Plan(sql, copy_sql, keys, procs, tuple(extra_vals))


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """INSERT ``rows`` (dicts with the same keys) into ``table`` inside the caller's transaction."""
    if not rows:
        return
    keys = tuple(rows[0])
    cache_key = (conn.dialect.name, conn.dialect.driver, table, keys)
    try:
        plan = _plans[cache_key]
    except KeyError:
        plan = _plans[cache_key] = _make_plan(conn, table, keys)
    if plan is None:
        conn.execute(insert(table), list(rows))
        return
    params = plan.tuples(rows)
    dbapi_conn = conn.connection.dbapi_connection
    try:
        if plan.copy_sql is not None and len(params) >= COPY_MIN_ROWS:
            with dbapi_conn.cursor() as cur, cur.copy(plan.copy_sql) as copy:
                write = copy.write_row
                for p in params:
                    write(p)
        elif plan.copy_sql is not None:
            with dbapi_conn.cursor() as cur:
                cur.executemany(plan.sql, params)
        else:
            dbapi_conn.executemany(plan.sql, params)
    except conn.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            plan.sql, params[:10], exc, conn.dialect.loaded_dbapi.Error, dialect=conn.dialect
        ) from exc

