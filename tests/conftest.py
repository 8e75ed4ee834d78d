"""Shared fixtures: every database test runs on a SQLite file and on PostgreSQL.

PostgreSQL tests read FACTDB_TEST_POSTGRES_URL (default: the local server) and
each test gets its own schema, dropped afterwards. Without a server they skip
with the reason, except under CI=... where an unreachable server fails the run.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

_pg_problem: str | None | bool = False  # False: not checked yet


def postgres_base_url() -> str:
    return os.environ.get("FACTDB_TEST_POSTGRES_URL", PG_DEFAULT)


def _postgres_unavailable() -> str | None:
    global _pg_problem
    if _pg_problem is False:
        try:
            import sqlalchemy as sa

            engine = sa.create_engine(postgres_base_url())
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            engine.dispose()
            _pg_problem = None
        except Exception as exc:  # noqa: BLE001 - any failure means "no server"
            _pg_problem = f"PostgreSQL at {postgres_base_url()} unreachable: {exc.__class__.__name__}: {exc}"
    return _pg_problem


def require_postgres() -> None:
    problem = _postgres_unavailable()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {problem}")
        pytest.skip(problem)


@pytest.fixture
def pg_schema_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    require_postgres()
    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    url = sa.engine.make_url(postgres_base_url()).update_query_dict(
        {"options": f"-csearch_path={name}"}
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path):
    """An empty database URL on each backend (a real file for SQLite)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'factdb.sqlite'}"
    else:
        yield request.getfixturevalue("pg_schema_url")


@pytest.fixture
def db(db_url):
    """A Database upgraded to head through the real migrations."""
    from factdb import schema
    from factdb.db import Database

    database = Database(db_url)
    schema.upgrade(database, "head")
    yield database
    database.dispose()


@pytest.fixture
def run_cli(db_url):
    """Invoke the real click CLI against this test's database: run_cli("claims", "--format", "json")."""
    from click.testing import CliRunner

    from factdb.cli import cli

    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(cli, ["--db", db_url, *args], input=input, env=env, catch_exceptions=False)

    run.url = db_url
    return run


@pytest.fixture(scope="session")
def seed_paths():
    return sorted(SEEDS.glob("*.txt"))


def _make_pg_schema() -> tuple[str, callable]:
    import sqlalchemy as sa

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(postgres_base_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    url = sa.engine.make_url(postgres_base_url()).update_query_dict({"options": f"-csearch_path={name}"})

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def seeded_url(request, tmp_path_factory):
    """A database with the five seeds loaded, shared by read-only tests. Do not write to it."""
    from click.testing import CliRunner

    from factdb.cli import cli

    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('seeded') / 'seeded.sqlite'}"
    else:
        require_postgres()
        url, drop = _make_pg_schema()
    result = CliRunner().invoke(cli, ["--db", url, "load", str(SEEDS)])
    assert result.exit_code == 0, result.output
    yield url
    if drop:
        drop()


@pytest.fixture
def seeded_cli(seeded_url):
    """run("claims", ...) against the shared seeded database."""
    from click.testing import CliRunner

    from factdb.cli import cli

    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--db", seeded_url, *args], catch_exceptions=False)

    run.url = seeded_url
    return run
