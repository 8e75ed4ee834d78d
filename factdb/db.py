"""The one place that owns engines, connections, sessions and transactions.

* ``resolve_url`` picks the database: ``--db``, else ``FACTDB_URL``, else
  ``sqlite:///factdb.sqlite`` in the working directory.
* ``make_engine`` sets SQLite up the same way on every connection: foreign keys
  on, WAL, a busy timeout, and real ``BEGIN`` so savepoints work.
* ``Database.transaction()`` is the unit of work: commit on success, rollback on
  any exception. Store functions take the connection or session it yields and
  never commit themselves.
* ``Database.read_only()`` yields a connection on which the database itself
  refuses writes (SQLite ``mode=ro`` + ``query_only``; PostgreSQL read-only
  transaction).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .errors import DatabaseError

DEFAULT_URL = "sqlite:///factdb.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 60_000  # how long a writer waits for another writer's turn
WRITE_OPTION = "factdb_write"  # execution option marking a connection whose transactions write
SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def resolve_url(url: str | None = None) -> str:
    """The database URL in force: argument, then ``FACTDB_URL``, then the default file."""
    return url or os.environ.get("FACTDB_URL") or DEFAULT_URL


def sqlite_path(url: str) -> str | None:
    """The file path of a SQLite URL (None for in-memory)."""
    u = parse_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    db = u.database
    if not db or db == ":memory:":
        return None
    if db.startswith("file:"):
        db = db[5:]
    return db


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    # Take transaction control away from pysqlite so SQLAlchemy's BEGIN / SAVEPOINT
    # are real (see SQLAlchemy's "Serializable isolation / Savepoints" SQLite notes).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    try:
        cur.execute("PRAGMA journal_mode=WAL")
    except Exception:  # read-only files cannot switch journal mode; they keep theirs
        pass
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


_SQLITE_PRAGMA, _SQLITE_ATTACH, _SQLITE_DETACH = 19, 24, 25


def _read_only_authorizer(action, arg1, arg2, _db, _trigger):
    """SQLite's own authorizer: no ATTACH/DETACH, no PRAGMA that assigns a value."""
    import sqlite3

    if action in (_SQLITE_ATTACH, _SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    if action == _SQLITE_PRAGMA and arg2 is not None:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _sqlite_on_begin(conn: Connection) -> None:
    # A transaction that will write takes the write lock when it begins, so a
    # second writer waits in the busy handler instead of failing to upgrade a
    # read lock ("database is locked") halfway through.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def _postgres_on_begin(conn: Connection) -> None:
    # Writers of one factdb schema take turns: shared rows (entities, aliases,
    # outlets, state) and migrations never race. The lock is released at commit
    # or rollback; the expensive work (parsing, extraction) happens outside it.
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('factdb.write.' || current_schema()))")


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` with factdb's connection settings.

    ``read_only=True`` opens SQLite with ``mode=ro`` and ``PRAGMA query_only``
    and PostgreSQL with ``default_transaction_read_only``: writes are refused by
    the database, whatever the statement says.
    """
    url = resolve_url(url)
    u = parse_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        connect_args: dict = {"check_same_thread": False}
        if read_only and path:
            # open by URI so the file is never created or written
            u = u.set(database=f"file:{os.path.abspath(path)}?mode=ro")
            u = u.update_query_dict({"uri": "true"})
        engine = create_engine(u, connect_args=connect_args)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        if read_only:

            def _query_only(dbapi_conn, _record):
                dbapi_conn.execute("PRAGMA query_only=ON")
                dbapi_conn.set_authorizer(_read_only_authorizer)

            event.listen(engine, "connect", _query_only)
        return engine
    if backend == "postgresql":
        kwargs: dict = {"pool_pre_ping": True}
        if read_only:
            # keep any options the URL already carries (a search_path, say)
            existing = u.query.get("options", "")
            if isinstance(existing, tuple):
                existing = " ".join(existing)
            options = f"{existing} -c default_transaction_read_only=on".strip()
            kwargs["connect_args"] = {"options": options}
        try:
            engine = create_engine(u, **kwargs)
        except ModuleNotFoundError as exc:  # psycopg missing
            raise DatabaseError(
                f"cannot use {u.render_as_string(hide_password=True)}: {exc.name} is not installed;"
                " install it with: pip install 'factdb[postgres]'"
            ) from None
        event.listen(engine, "begin", _postgres_on_begin)
        return engine
    raise DatabaseError(
        f"cannot use {u.render_as_string(hide_password=True)}: factdb works with SQLite"
        f" (sqlite:///FILE) and PostgreSQL (postgresql+psycopg://USER@HOST/DB), not {backend}"
    )


def parse_url(url: str):
    """The SQLAlchemy URL of ``url``, or a DatabaseError saying what a URL looks like."""
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"{url!r} is not a database URL: use sqlite:///PATH/TO/FILE.sqlite or"
            " postgresql+psycopg://USER@HOST:PORT/DBNAME (--db or FACTDB_URL)"
        ) from None


class Database:
    """An open factdb database: engine plus the unit-of-work helpers."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.url = resolve_url(url)
        self.engine = engine or make_engine(self.url)
        self._ro_engine: Engine | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one write transaction: commit on success, rollback on error.

        It holds the database's write turn from its start (SQLite ``BEGIN
        IMMEDIATE``, a PostgreSQL advisory lock per schema), so concurrent
        writers wait for each other instead of failing.
        """
        with self.writer() as conn, conn.begin():
            yield conn

    @contextmanager
    def writer(self) -> Iterator[Connection]:
        """A connection whose every transaction is a write transaction (see ``transaction``).

        For a caller that commits in batches; it owns ``begin``/``commit``.
        """
        with _translate_errors(self.url):
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A plain connection for reads (the caller decides about transactions)."""
        with _translate_errors(self.url):
            with self.engine.connect() as conn:
                yield conn

    @contextmanager
    def read_only(self) -> Iterator[Connection]:
        """A connection on which the database itself refuses every write."""
        if self._ro_engine is None:
            self._ro_engine = make_engine(self.url, read_only=True)
        with self._ro_engine.connect() as conn:
            if self.dialect == "postgresql":
                # Every transaction is read-only, whatever a previous user SET on this
                # pooled session; the first query takes the snapshot, after which
                # PostgreSQL refuses `SET TRANSACTION READ WRITE`.
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                conn.exec_driver_sql("SELECT 1")
            yield conn
            conn.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
        if self._ro_engine is not None:
            self._ro_engine.dispose()


@contextmanager
def _translate_errors(url: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(url, exc)) from None


def describe_operational_error(url: str, exc: OperationalError) -> str:
    """One line for a database that cannot be used, with what to do next."""
    orig = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(getattr(exc, "orig", exc)).strip() else str(exc)
    low = orig.lower()
    if "database is locked" in low:
        return (f"{safe_url(url)} is busy: another factdb process kept the write lock for over"
                f" {SQLITE_BUSY_TIMEOUT_MS // 1000} s; try again when it has finished")
    if "readonly database" in low or "read-only" in low:
        return f"{safe_url(url)} cannot be written (read-only file or folder): check its permissions"
    if "unable to open database file" in low:
        return f"cannot open {safe_url(url)}: check that the folder exists and is readable"
    return f"database error on {safe_url(url)}: {orig}"


def raw_rows(conn: Connection, stmt, params: dict | None = None, dates: tuple[int, ...] = ()) -> list[tuple]:
    """Rows of a Core ``stmt`` as plain tuples straight from the driver, in ``conn``'s transaction.

    For reads of thousands of rows where SQLAlchemy's row objects cost more
    than the query. SQLite returns dates as ISO text: the columns at ``dates``
    are turned into ``date`` objects, as SQLAlchemy would.
    """
    import datetime as _dt

    compiled = stmt.compile(dialect=conn.dialect)
    values = compiled.construct_params(params or {})
    args = tuple(values[k] for k in compiled.positiontup) if compiled.positional else values
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(str(compiled), args)
        rows = cur.fetchall()
    finally:
        cur.close()
    if dates and conn.dialect.name == "sqlite":
        parse = _dt.date.fromisoformat
        out = []
        for r in rows:
            r = list(r)
            for i in dates:
                if r[i] is not None:
                    r[i] = parse(r[i])
            out.append(tuple(r))
        return out
    return rows


def safe_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL at all: show it as given
        return url


def ping(url: str) -> None:
    """Connect once; raise DatabaseError with a hint when the server is not there."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot connect to {safe_url(url)}: {getattr(exc, 'orig', exc)}\n"
            "Check the URL (--db or FACTDB_URL) and that the server is running."
        ) from None
    finally:
        engine.dispose()

