"""`factdb sql` is read-only because the database refuses writes, on both backends.

The hostile statements run against a private copy of the seeded database (a
fresh SQLite file or PostgreSQL schema per test), never the shared one. On
PostgreSQL the marker paths live in a world-writable folder, so a statement
that *did* run a program or write a file as the server's OS user would leave
the marker behind and fail the test.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import SEEDS

WRITES = [
    "INSERT INTO outlets (name) VALUES ('Evil Times')",
    "UPDATE articles SET title = 'changed'",
    "DELETE FROM claims",
    "DROP TABLE claims",
    "DROP VIEW v_claims",
    "CREATE TABLE evil (x INTEGER)",
    "CREATE INDEX ix_evil ON articles (title)",
    "SELECT 1; DELETE FROM claims",
    "DELETE FROM claims; SELECT 1",
    "SELECT 1; SELECT 2",
]
SQLITE_ONLY = [
    "ATTACH DATABASE '{tmp}/evil.sqlite' AS evil",
    "PRAGMA user_version = 42",
    "PRAGMA query_only = OFF",
    "PRAGMA journal_mode = DELETE",
    "VACUUM",
    "VACUUM INTO '{tmp}/evil.sqlite'",
    "SELECT load_extension('{tmp}/evil')",
]
# Each must be refused by PostgreSQL's privileges or its read-only transaction.
POSTGRES_ONLY = [
    "SET TRANSACTION READ WRITE",
    "COPY claims FROM '/etc/hostname'",
    "COPY (SELECT 1) TO PROGRAM 'touch {tmp}/pwned'",
    "COPY (SELECT 1) TO '{tmp}/pwned'",
    "COPY claims TO '{tmp}/pwned'",
    "SELECT 1; COPY (SELECT 1) TO PROGRAM 'touch {tmp}/pwned'",
    "SELECT pg_catalog.setval('claims_id_seq', 1000000)",
    "SELECT nextval('claims_id_seq')",
    "SELECT pg_read_file('/etc/hostname')",
    "SELECT pg_read_binary_file('/etc/hostname')",
    "SELECT pg_ls_dir('.')",
    "SELECT lo_import('/etc/hostname')",
    "SELECT lo_export(1, '{tmp}/pwned')",
    "SELECT set_config('role', 'postgres', false)",
    "SET ROLE postgres",
    "SET SESSION AUTHORIZATION postgres",
    "SELECT set_config('role', 'postgres', true), query_to_xml('select pg_read_file(''/etc/hostname'')', true, false, '')",
    "SELECT query_to_xml('delete from claims returning id', true, false, '')",
    "DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROGRAM ''touch {tmp}/pwned'''; END $$",
    "DO $$ BEGIN DELETE FROM claims; END $$",
    "ALTER SYSTEM SET work_mem = '1GB'",
    "SELECT pg_reload_conf()",
    "CREATE EXTENSION IF NOT EXISTS dblink",
    "CREATE TEMP TABLE evil AS SELECT 1",
    "VACUUM claims",
    "CHECKPOINT",
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()",
    "SELECT pg_stat_reset()",
    "GRANT ALL ON claims TO PUBLIC",
]


# PostgreSQL lets these run even read-only; the transaction is always rolled back,
# so they must leave nothing behind either.
POSTGRES_HARMLESS = [
    "SELECT lo_create(0)",
    "RESET ROLE",
    "SELECT pg_advisory_lock(42)",
]


def _snapshot(url: str) -> dict:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        tables = sorted(insp.get_table_names()) + sorted(insp.get_view_names())
        counts = {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one()
                  for t in ("articles", "claims", "outlets", "entities", "memberships")}
        titles = conn.execute(sa.text("SELECT title FROM articles ORDER BY id")).scalars().all()
        if conn.dialect.name == "sqlite":
            version = conn.execute(sa.text("PRAGMA user_version")).scalar_one()
        else:
            version = (conn.execute(sa.text("SELECT last_value FROM claims_id_seq")).scalar_one(),
                       conn.execute(sa.text("SELECT count(*) FROM pg_largeobject_metadata")).scalar_one())
    engine.dispose()
    return {"tables": tables, "counts": counts, "titles": titles, "version": version}


@pytest.fixture
def private_seeded(db_url):
    """A private seeded database: the five seeds loaded through the real CLI."""
    from click.testing import CliRunner

    from factdb.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["--db", db_url, "load", str(SEEDS)])
    assert result.exit_code == 0, result.output

    def run(*args):
        return runner.invoke(cli, ["--db", db_url, *args], catch_exceptions=False)

    run.url = db_url
    return run


@pytest.fixture
def marker_dir():
    """A folder the PostgreSQL server's OS user could write to, were it allowed to."""
    path = Path("/tmp") / f"factdb-sql-{uuid.uuid4().hex[:8]}"
    path.mkdir()
    path.chmod(0o777)
    yield path
    for p in path.iterdir():
        p.unlink()
    path.rmdir()


def test_writes_and_server_side_effects_are_refused(private_seeded, marker_dir):
    url = private_seeded.url
    before = _snapshot(url)
    extra = SQLITE_ONLY if url.startswith("sqlite") else POSTGRES_ONLY
    for statement in WRITES + [s.format(tmp=marker_dir) for s in extra]:
        result = private_seeded("sql", statement)
        assert result.exit_code == 1, f"{statement!r} was accepted: {result.output}"
        assert result.stderr.startswith("Error: SQL"), (statement, result.stderr)
        assert "Traceback" not in result.output + result.stderr
        assert list(marker_dir.iterdir()) == [], f"{statement!r} wrote {list(marker_dir.iterdir())}"
    if not url.startswith("sqlite"):
        for statement in POSTGRES_HARMLESS:
            private_seeded("sql", statement)
    assert _snapshot(url) == before


def test_a_refused_write_and_a_broken_statement_are_told_apart(private_seeded):
    from factdb.queries.sql import ReadOnlyViolation, SqlError, run_sql
    from factdb.db import Database

    db = Database(private_seeded.url)
    with pytest.raises(ReadOnlyViolation):
        run_sql(db, "DELETE FROM claims")
    with pytest.raises(SqlError) as err:
        run_sql(db, "SELECT nosuchcolumn FROM claims")
    assert not isinstance(err.value, ReadOnlyViolation)
    assert "nosuchcolumn" in str(err.value)
    with pytest.raises(SqlError) as err:
        run_sql(db, "SELECT * FROM claims WHERE id = :id")  # no value bound
    assert not isinstance(err.value, ReadOnlyViolation)
    db.dispose()


def test_reads_work_with_parameters_percent_signs_and_formats(seeded_cli):
    result = seeded_cli("sql", "SELECT name FROM properties WHERE name = :p", "-p", "p", "fatalities",
                        "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "fatalities"}]
    result = seeded_cli("sql", "SELECT name FROM properties WHERE name LIKE 'fatal%'", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "fatalities"}]
    result = seeded_cli("sql", "SELECT property, count(*) AS n FROM v_claims GROUP BY property ORDER BY property",
                        "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "property,n"


RUNAWAY = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def tagged_runaway() -> tuple[str, str]:
    """A runaway query carrying a tag of its own, so other tests' queries are not counted."""
    tag = uuid.uuid4().hex
    return f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*), '{tag}' FROM c", tag


def test_timeout_stops_a_runaway_query(private_seeded):
    started = time.monotonic()
    result = private_seeded("sql", RUNAWAY, "--timeout", "1")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "--timeout" in result.stderr and "Traceback" not in result.stderr
    assert elapsed < 10


def test_api_sql_is_read_only_and_bounded_too(private_seeded):
    import factdb
    from factdb.queries.sql import ReadOnlyViolation, SqlTimeout

    db = factdb.connect(private_seeded.url)
    with pytest.raises(ReadOnlyViolation):
        db.sql("DELETE FROM claims")
    with pytest.raises(SqlTimeout):
        db.sql(RUNAWAY, timeout=1)
    assert len(db.sql("SELECT id FROM claims")) > 0
    assert len(db.sql("SELECT id FROM claims", timeout=0)) > 0  # the Arrow path on SQLite
    db.close()


def _factdb_process(url: str, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "factdb.cli", "--db", url, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )


def _pg_running_runaways(url: str, tag: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'factdb_reader'"
            " AND state = 'active' AND query LIKE :pattern"
        ), {"pattern": f"%{tag}%"}).scalar_one()
    engine.dispose()
    return n


def test_ctrl_c_stops_the_query(private_seeded):
    query, tag = tagged_runaway()
    proc = _factdb_process(private_seeded.url, "sql", query, "--timeout", "0")
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("Ctrl-C did not stop factdb sql")
    assert proc.returncode != 0
    if private_seeded.url.startswith("postgresql"):
        time.sleep(0.5)
        assert _pg_running_runaways(private_seeded.url, tag) == 0


def test_a_killed_client_does_not_leave_the_query_running(pg_schema_url):
    from click.testing import CliRunner

    from factdb.cli import cli

    assert CliRunner().invoke(cli, ["--db", pg_schema_url, "db", "upgrade"]).exit_code == 0
    query, tag = tagged_runaway()
    proc = _factdb_process(pg_schema_url, "sql", query, "--timeout", "2")
    time.sleep(1.0)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while _pg_running_runaways(pg_schema_url, tag) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert _pg_running_runaways(pg_schema_url, tag) == 0
