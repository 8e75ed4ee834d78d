"""Read-only SQL for users. The database refuses writes, not a statement parser.

Guarantees (``docs/security.md``), the same for ``factdb sql`` and ``FactDB.sql``:

* **Never writes.** SQLite: the file is opened ``mode=ro`` with
  ``PRAGMA query_only`` and an authorizer that denies ATTACH/DETACH and PRAGMA
  assignments. PostgreSQL: the statement runs in a session whose *login* role
  is ``factdb_reader`` (created by migration 0004: SELECT on factdb's tables,
  no superuser, no server-file or server-program roles) inside a read-only
  transaction, so ``COPY ... TO PROGRAM``, server files and side-effect
  functions are refused by privileges.
* **Exactly one statement.** SQLite's driver refuses a second statement;
  PostgreSQL prepares the text as one statement (the server rejects
  "multiple commands in a prepared statement"). Nothing runs when either refuses.
* **Bounded.** A time limit (``timeout`` seconds, default
  :data:`DEFAULT_TIMEOUT`; 0 for none): SQLite interrupts the statement from a
  progress handler, PostgreSQL through ``statement_timeout`` (so the server
  stops the query even when the client is killed). Ctrl-C stops the query on
  both (SQLite's progress handler notices it; psycopg cancels on the server).

Errors: :class:`ReadOnlyViolation` when the database refused a write,
:class:`SqlTimeout` when the limit was hit, :class:`SqlError` for anything else
the statement got wrong.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError, StatementError

from ..errors import DatabaseError, FactdbError

DEFAULT_TIMEOUT = 60.0  # seconds
READER_ROLE = "factdb_reader"


class SqlError(FactdbError):
    """The statement failed: a syntax error, an unknown table, a bad parameter..."""


class ReadOnlyViolation(SqlError):
    """The database refused a write (or another statement than one read)."""


class SqlTimeout(SqlError):
    """The statement ran past its time limit and was stopped."""


_WRITE_WORDS = (
    "read-only", "readonly", "not authorized", "query_only", "permission denied",
    "must be superuser", "privilege", "multiple commands", "one statement at a time",
)


def classify(exc: BaseException) -> SqlError:
    """The SqlError subclass for a driver error, with a one-line message."""
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else exc.__class__.__name__
    low = message.lower()
    if "statement timeout" in low or "canceling statement due to statement timeout" in low:
        return SqlTimeout(f"SQL stopped: {message} (raise the limit with --timeout SECONDS, 0 for none)")
    if "interrupted" in low:
        return SqlTimeout("SQL stopped: the statement ran past its time limit or was interrupted"
                          " (raise the limit with --timeout SECONDS, 0 for none)")
    if any(w in low for w in _WRITE_WORDS):
        return ReadOnlyViolation(
            f"SQL refused: {message} (factdb sql runs exactly one read-only statement;"
            " the database refused this one)"
        )
    return SqlError(f"SQL error: {message}")


def run_sql(
    db, query: str, params: dict | None = None, *, limit: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[list[str], list[dict]]:
    """Run one statement read-only; return (columns, rows). Never writes."""
    if db.dialect == "postgresql":
        return _run_postgres(db, query, params or {}, limit, timeout)
    return _run_sqlite(db, query, params or {}, limit, timeout)


def _fetch(cursor_or_result, columns: list[str], limit: int | None) -> list[dict]:
    fetched = cursor_or_result.fetchmany(limit) if limit is not None else cursor_or_result.fetchall()
    return [dict(zip(columns, r)) for r in fetched]


# ---------------------------------------------------------------- SQLite


@contextmanager
def sqlite_deadline(dbapi_conn, timeout: float | None) -> Iterator[dict]:
    """Interrupt the running statement at the deadline or on Ctrl-C.

    SQLite calls the handler every few thousand virtual-machine steps, so
    Python gets to notice a pending SIGINT and the clock; a non-zero return
    aborts the statement with "interrupted". ``state["keyboard"]`` tells a
    Ctrl-C apart from the time limit.
    """
    state = {"keyboard": False}
    deadline = time.monotonic() + timeout if timeout else None

    def handler() -> int:
        try:
            if deadline is not None and time.monotonic() > deadline:
                return 1
        except KeyboardInterrupt:
            state["keyboard"] = True
            return 1
        return 0

    dbapi_conn.set_progress_handler(handler, 10_000)
    try:
        yield state
    finally:
        dbapi_conn.set_progress_handler(None, 0)


def _run_sqlite(db, query, params, limit, timeout):
    with db.read_only() as conn:
        raw = conn.connection.driver_connection
        with sqlite_deadline(raw, timeout) as state:
            try:
                result = conn.execute(text(query), params)
                if not result.returns_rows:
                    return [], []
                columns = list(result.keys())
                rows = _fetch(result, columns, limit)
            except (DBAPIError, StatementError) as exc:
                if state["keyboard"]:
                    raise KeyboardInterrupt from None
                raise classify(exc) from None
    return columns, rows


# ---------------------------------------------------------------- PostgreSQL


def reader_url(db_url: str, timeout: float | None) -> str:
    """The URL user SQL connects with: same server and database, login role factdb_reader.

    ``FACTDB_READER_URL`` overrides it (for a server that wants a password for
    the role). The search_path and other options of ``db_url`` are kept; the
    session is read-only and has ``statement_timeout`` set.
    """
    import os

    from sqlalchemy.engine import make_url

    override = os.environ.get("FACTDB_READER_URL")
    u = make_url(override) if override else make_url(db_url).set(username=READER_ROLE, password=None)
    existing = u.query.get("options", "")
    if isinstance(existing, tuple):
        existing = " ".join(existing)
    ms = int(timeout * 1000) if timeout else 0
    options = f"{existing} -c default_transaction_read_only=on -c statement_timeout={ms}".strip()
    return u.update_query_dict({"options": options}).render_as_string(hide_password=False)


def _run_postgres(db, query, params, limit, timeout):
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(reader_url(db.url, timeout), poolclass=NullPool)
    try:
        try:
            conn = engine.connect()
        except SQLAlchemyError as exc:
            raise DatabaseError(
                f"cannot run SQL as the read-only role {READER_ROLE}: {getattr(exc, 'orig', exc)}".rstrip()
                + f"\nRun `factdb db upgrade` as a user with CREATEROLE (it creates {READER_ROLE}),"
                " or set FACTDB_READER_URL to a URL for that role; see docs/security.md."
            ) from None
        with conn:
            cursor = conn.connection.driver_connection.cursor()
            # take the snapshot first: PostgreSQL then refuses `SET TRANSACTION READ WRITE`
            cursor.execute("SELECT 1")
            try:
                compiled = text(query).compile(dialect=conn.dialect)
                driver_sql = str(compiled)
                # always a dict, so psycopg turns the compiler's %% back into %
                driver_params = compiled.construct_params(params)
                # prepare=True: the server parses the text as exactly one statement
                cursor.execute(driver_sql, driver_params, prepare=True)
                if cursor.description is None:
                    return [], []
                columns = [d.name for d in cursor.description]
                rows = _fetch(cursor, columns, limit)
            except Exception as exc:  # psycopg's errors; KeyboardInterrupt passes (psycopg cancelled it)
                if isinstance(exc, SQLAlchemyError) or exc.__class__.__module__.startswith("psycopg"):
                    raise classify(exc) from None
                if isinstance(exc, KeyError):
                    raise SqlError(f"SQL error: no value for parameter {exc} (pass -p NAME VALUE)") from None
                raise
            finally:
                cursor.close()
                conn.rollback()
    finally:
        engine.dispose()
    return columns, rows
