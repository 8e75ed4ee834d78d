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

from .errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from .db import Database

#: The newest revision this code knows. Bump together with a new migration.
SCHEMA_HEAD = "0005"


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
    """Migrate to ``revision``; at the head, compute the verdicts a migration queued (factdb.verdicts)."""
    from alembic import command

    _refuse_unknown(db)
    with db.transaction() as conn:
        command.upgrade(alembic_config(conn), revision)
        if current_revision(conn) == SCHEMA_HEAD:
            from .verdicts import pending, refresh

            if pending(conn):
                refresh(conn)


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    _refuse_unknown(db)
    with db.transaction() as conn:
        command.downgrade(alembic_config(conn), revision)


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
    try:
        with db.connect() as conn:
            return current_revision(conn)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read {db.url}: {getattr(exc, 'orig', exc)}") from None


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
