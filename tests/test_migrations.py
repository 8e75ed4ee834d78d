"""The schema is owned by the migrations: round trips, one head, models agree, refusals."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from factdb import schema
from factdb.db import Database

EXPECTED_TABLES = {
    "outlets", "articles", "entities", "entity_aliases", "mentions", "unresolved_names",
    "properties", "claims", "memberships", "loader_state",
}


def _tables(db: Database) -> set[str]:
    with db.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_one_single_head_and_code_knows_it():
    heads = schema.script_heads()
    assert heads == [schema.SCHEMA_HEAD]


def test_upgrade_from_empty_to_head(db_url):
    db = Database(db_url)
    assert not EXPECTED_TABLES & _tables(db)
    schema.upgrade(db, "head")
    assert EXPECTED_TABLES <= _tables(db)
    with db.connect() as conn:
        assert schema.current_revision(conn) == schema.SCHEMA_HEAD
        names = set(conn.execute(sa.text("SELECT name FROM properties")).scalars())
    assert {"troop_count", "fatalities", "monetary_amount", "border_length", "distance",
            "duration", "member_count", "count", "share", "exchange_rate"} <= names
    db.dispose()


def test_downgrade_to_base_and_back(db):
    schema.downgrade(db, "base")
    assert not EXPECTED_TABLES & _tables(db)
    with db.connect() as conn:
        assert schema.current_revision(conn) is None
    schema.upgrade(db, "head")
    assert EXPECTED_TABLES <= _tables(db)


def test_every_revision_steps_down_and_up(db):
    revisions = [r for r, _, _ in schema.history()]  # newest first
    for rev in revisions[1:]:
        schema.downgrade(db, rev)
        with db.connect() as conn:
            assert schema.current_revision(conn) == rev
    schema.upgrade(db, "head")
    with db.connect() as conn:
        assert schema.current_revision(conn) == schema.SCHEMA_HEAD


def test_tables_match_migrations(db):
    """Alembic's autogenerate comparison finds nothing between factdb.tables and the migrated schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from factdb.tables import metadata

    with db.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    # FTS shadow tables and views are managed by migrations only (no models).
    diff = [d for d in diff if not _is_migration_only(d)]
    assert diff == []


def _is_migration_only(d) -> bool:
    if isinstance(d, tuple) and d and d[0] == "remove_table":
        return d[1].name.startswith(("articles_fts", "alembic_version"))
    if isinstance(d, tuple) and d and d[0] == "remove_index":
        return d[1].name.startswith("ix_articles_fts")
    return False


def test_sqlite_enforces_foreign_keys(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'fk.sqlite'}")
    schema.upgrade(db, "head")
    with pytest.raises(sa.exc.IntegrityError):
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO mentions (article_id, entity_id, span_start, span_end, surface)"
                " VALUES (999, 999, 0, 1, 'x')"))
    db.dispose()


def test_deleting_an_article_deletes_what_was_extracted_from_it(db):
    with db.transaction() as conn:
        conn.execute(sa.text(
            "INSERT INTO articles (id, title, date_precision, language, body, source_path, sha256, loaded_at)"
            " VALUES (1, 't', 'unknown', 'en', 'Russia has 7,000 troops', 'a.txt', 'abc', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO entities (id, name, kind) VALUES (1, 'Russia', 'country')"))
        conn.execute(sa.text(
            "INSERT INTO mentions (article_id, entity_id, span_start, span_end, surface) VALUES (1, 1, 0, 6, 'Russia')"))
        pid = conn.execute(sa.text("SELECT id FROM properties WHERE name='troop_count'")).scalar_one()
        conn.execute(sa.text(
            "INSERT INTO claims (article_id, property_id, subject_entity_id, value, low, high, low_inclusive,"
            " high_inclusive, qualifier, unit, modality, quote, span_start, span_end, method, status, confidence)"
            f" VALUES (1, {pid}, 1, 7000, 7000, 7000, TRUE, TRUE, 'exact', 'person', 'reported', 'q', 11, 16,"
            " 'rule', 'extracted', 0.9)"))
    with db.transaction() as conn:
        conn.execute(sa.text("DELETE FROM articles WHERE id = 1"))
    with db.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM mentions")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM claims")).scalar_one() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM entities")).scalar_one() == 1


def test_unknown_revision_is_refused_untouched(tmp_path):
    from click.testing import CliRunner

    from factdb.cli import cli

    path = tmp_path / "newer.sqlite"
    url = f"sqlite:///{path}"
    db = Database(url)
    schema.upgrade(db, "head")
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    runner = CliRunner()
    for args in (["articles"], ["db", "upgrade"], ["load", str(tmp_path)]):
        result = runner.invoke(cli, ["--db", url, *args])
        assert result.exit_code == 2, (args, result.output)
        assert "ffff_from_the_future" in result.stderr
        assert "newer factdb" in result.stderr
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before


def test_older_database_is_refused_by_reads_and_upgraded_by_load(tmp_path):
    from click.testing import CliRunner

    from factdb.cli import cli

    revisions = [r for r, _, _ in schema.history()]
    if len(revisions) < 2:
        pytest.skip("only one revision so far")
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    db = Database(url)
    schema.upgrade(db, revisions[-1])
    db.dispose()
    before = hashlib.sha256(Path(tmp_path / "old.sqlite").read_bytes()).hexdigest()
    result = CliRunner().invoke(cli, ["--db", url, "articles", "--format", "json"])
    assert result.exit_code == 2  # reads never migrate: they say how
    assert "factdb db upgrade" in result.stderr and "Traceback" not in result.output
    assert hashlib.sha256(Path(tmp_path / "old.sqlite").read_bytes()).hexdigest() == before
    result = CliRunner().invoke(cli, ["--db", url, "load", str(tmp_path / "none")])
    assert "upgrading database schema" in result.stderr  # a load migrates, and says so
    db = Database(url)
    with db.connect() as conn:
        assert schema.current_revision(conn) == schema.SCHEMA_HEAD
    db.dispose()


def test_cli_db_upgrade_and_current(run_cli):
    result = run_cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    result = run_cli("db", "current")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"{schema.SCHEMA_HEAD} (head)"
    result = run_cli("db", "history")
    assert schema.SCHEMA_HEAD in result.stdout
