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
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_URL = "sqlite:///factdb.sqlite"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def resolve_url(url: str | None = None) -> str:
    """The database URL in force: argument, then ``FACTDB_URL``, then the default file."""
    return url or os.environ.get("FACTDB_URL") or DEFAULT_URL


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> str | None:
    """The file path of a SQLite URL (None for in-memory)."""
    u = make_url(url)
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
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``url`` with factdb's connection settings.

    ``read_only=True`` opens SQLite with ``mode=ro`` and ``PRAGMA query_only``
    and PostgreSQL with ``default_transaction_read_only``: writes are refused by
    the database, whatever the statement says.
    """
    url = resolve_url(url)
    u = make_url(url)
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
            return create_engine(u, **kwargs)
        except ModuleNotFoundError as exc:  # psycopg missing
            raise DatabaseError(
                f"cannot use {u.render_as_string(hide_password=True)}: {exc.name} is not installed;"
                " install it with: pip install 'factdb[postgres]'"
            ) from None
    return create_engine(u)


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
        """A connection inside one transaction: commit on success, rollback on error."""
        with _translate_errors(self.url):
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM session in one transaction: commit on success, rollback on error."""
        from sqlalchemy.orm import Session

        with _translate_errors(self.url):
            with Session(self.engine) as session, session.begin():
                yield session

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
        raise DatabaseError(
            f"database error on {safe_url(url)}: {exc.orig}"
        ) from exc


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
    return make_url(url).render_as_string(hide_password=True)


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


def warn(message: str) -> None:
    print(message, file=sys.stderr)
