"""`factdb sql` is read-only because the database refuses writes, on both backends."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

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
]
SQLITE_ONLY = [
    "ATTACH DATABASE '{tmp}/evil.sqlite' AS evil",
    "PRAGMA user_version = 42",
    "PRAGMA query_only = OFF",
    "PRAGMA journal_mode = DELETE",
    "VACUUM",
]
POSTGRES_ONLY = [
    "SET TRANSACTION READ WRITE",
    "COPY claims FROM '/etc/hostname'",
    "SELECT pg_catalog.setval('claims_id_seq', 1000000)",
]


def _snapshot(url: str) -> dict:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        tables = sorted(insp.get_table_names()) + sorted(insp.get_view_names())
        counts = {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one()
                  for t in ("articles", "claims", "outlets", "entities", "memberships")}
        titles = conn.execute(sa.text("SELECT title FROM articles ORDER BY id")).scalars().all()
        version = None
        if conn.dialect.name == "sqlite":
            version = conn.execute(sa.text("PRAGMA user_version")).scalar_one()
        else:
            version = conn.execute(sa.text(
                "SELECT last_value FROM claims_id_seq")).scalar_one()
    engine.dispose()
    return {"tables": tables, "counts": counts, "titles": titles, "version": version}


def _statements(url: str, tmp_path) -> list[str]:
    extra = SQLITE_ONLY if url.startswith("sqlite") else POSTGRES_ONLY
    return WRITES + [s.format(tmp=tmp_path) for s in extra]


def test_writes_are_refused_and_nothing_changes(seeded_cli, tmp_path):
    before = _snapshot(seeded_cli.url)
    for statement in _statements(seeded_cli.url, tmp_path):
        result = seeded_cli("sql", statement)
        assert result.exit_code != 0, f"{statement!r} was accepted: {result.output}"
        assert "Error" in result.stderr and "Traceback" not in result.output + result.stderr
    assert _snapshot(seeded_cli.url) == before
    assert not (tmp_path / "evil.sqlite").exists()


def test_reads_work_with_parameters_and_formats(seeded_cli):
    result = seeded_cli("sql", "SELECT name FROM properties WHERE name = :p", "-p", "p", "fatalities",
                        "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": "fatalities"}]
    result = seeded_cli("sql", "SELECT property, count(*) AS n FROM v_claims GROUP BY property ORDER BY property",
                        "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "property,n"


def test_api_sql_is_read_only_too(seeded_url):
    import factdb
    from factdb.queries.sql import ReadOnlyViolation

    db = factdb.connect(seeded_url)
    with pytest.raises(ReadOnlyViolation):
        db.sql("DELETE FROM claims")
    assert len(db.sql("SELECT id FROM claims")) > 0
    db.close()
