"""Schema revisions: Alembic wiring and the revision check every command runs first.

Alembic is imported lazily: a database already at :data:`SCHEMA_HEAD` is
recognised with one small query, so ordinary commands start fast.
``tests/test_migrations.py`` proves :data:`SCHEMA_HEAD` is the scripts' head.
"""

from __future__ import annotations

import sys
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from .errors import DatabaseError, FactdbError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from .db import Database

#: The newest revision this code knows. Bump together with a new migration.
SCHEMA_HEAD = "0007"


def script_location() -> str:
    """The migrations folder, found inside the installed package (editable or not)."""
    return str(resources.files("factdb.migrations"))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", script_location())
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def script_heads() -> list[str]:
    from alembic.script import ScriptDirectory

    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revision(conn: Connection) -> str | None:
    """The revision stamped in the database, None for an empty database."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise DatabaseError(f"database has several Alembic heads {rows}; fix it with `alembic`")
    return rows[0] if rows else None


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate to ``revision``. Concurrent upgrades take turns (the write transaction's lock); at the head,
    compute the verdicts a migration queued (factdb.verdicts)."""
    from alembic import command

    _refuse_unknown(db)
    _check_target(revision)
    with db.transaction() as conn:
        command.upgrade(alembic_config(conn), revision)
        if current_revision(conn) == SCHEMA_HEAD:
            from .verdicts import pending, refresh

            if pending(conn):
                refresh(conn)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    _refuse_unknown(db)
    _check_target(revision)
    with db.transaction() as conn:
        command.downgrade(alembic_config(conn), revision)


def _check_target(revision: str) -> None:
    import re

    if revision in ("head", "base", "heads") or revision in known_revisions():
        return
    if re.fullmatch(r"[+-]\d+|\w+@[+-]?\w+", revision):  # Alembic's relative forms
        return
    known = ", ".join(sorted(known_revisions()))
    raise FactdbError(f"unknown schema revision {revision!r}: use head, base or one of {known}")


def history() -> list[tuple[str, str | None, str]]:
    """(revision, down_revision, message) from newest to oldest."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    out = []
    for rev in script.walk_revisions():
        down = rev.down_revision if isinstance(rev.down_revision, str) or rev.down_revision is None else ",".join(rev.down_revision)
        out.append((rev.revision, down, (rev.doc or "").strip().splitlines()[0] if rev.doc else ""))
    return out


def _read_revision(db: Database) -> str | None:
    from .db import safe_url

    try:
        with db.connect() as conn:
            rev = current_revision(conn)
            if rev is None:
                _refuse_foreign(conn, db)
            return rev
    except DatabaseError:
        raise
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {safe_url(db.url)}: {getattr(exc, 'orig', exc)}") from None


def _refuse_foreign(conn: Connection, db: Database) -> None:
    """A database with tables but no factdb revision is someone else's: never touch it."""
    from .db import safe_url

    names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
    if not names:
        return
    stamped = inspect(conn).has_table("alembic_version")
    shown = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
    if stamped and "articles" in names:
        raise DatabaseError(
            f"{safe_url(db.url)} has factdb's tables but its alembic_version table is empty, so its"
            " schema revision is unknown; if you know it, record it with"
            " `alembic -x url=URL stamp REVISION`, else load into a new database. Nothing was changed."
        )
    raise DatabaseError(
        f"{safe_url(db.url)} is not a factdb database (it has other tables: {shown}); factdb"
        " will not add its tables beside them: point --db at a new file, database or schema."
        " Nothing was changed."
    )


def require_readable(db: Database) -> None:
    """Refuse, untouched, a database that read commands cannot use. Never creates or migrates.

    * a SQLite file that does not exist: say how to create it;
    * an empty database, or one at an older revision: say to run ``factdb db upgrade``;
    * a foreign database, or one written by a newer factdb: say so.
    """
    import os

    from .db import safe_url, sqlite_path

    path = sqlite_path(db.url) if db.dialect == "sqlite" else None
    if path is not None and not os.path.exists(path):
        raise DatabaseError(
            f"no factdb database at {path}: load articles into it first (factdb --db {safe_url(db.url)}"
            " load DIR), or check the path (--db or FACTDB_URL)"
        )
    rev = _read_revision(db)
    if rev == SCHEMA_HEAD:
        return
    _refuse_unknown(db)
    if rev is None:
        raise DatabaseError(
            f"{safe_url(db.url)} is empty: load articles into it (factdb load DIR) or create the"
            " schema (factdb db upgrade)"
        )
    raise DatabaseError(
        f"{safe_url(db.url)} is at schema revision {rev}, older than this factdb's {SCHEMA_HEAD}:"
        " run `factdb db upgrade` (reads never migrate)"
    )


def _refuse_unknown(db: Database) -> str | None:
    rev = _read_revision(db)
    if rev is not None and rev != SCHEMA_HEAD and rev not in known_revisions():
        raise DatabaseError(
            f"database is at schema revision {rev!r}, which this factdb does not know:"
            " it was written by a newer factdb. Upgrade factdb (pip install -U factdb) or"
            " point --db at another database. The database was not touched."
        )
    return rev


def ensure_current(db: Database, *, quiet: bool = False) -> None:
    """Bring the database to the head revision, or refuse it untouched.

    * at head: nothing to do (one query, Alembic not imported);
    * empty (new file): upgraded to head;
    * older known revision: upgraded, and said on stderr;
    * unknown revision (newer code wrote it): DatabaseError, exit code 2.
    """
    rev = _read_revision(db)
    if rev == SCHEMA_HEAD:
        return
    _refuse_unknown(db)
    if rev is not None and not quiet:
        print(
            f"factdb: upgrading database schema from revision {rev} to {SCHEMA_HEAD}",
            file=sys.stderr,
        )
    upgrade(db, "head")
