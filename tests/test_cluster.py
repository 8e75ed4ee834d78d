"""`factdb load --dask`: a LocalCluster of two worker processes against the local PostgreSQL
stores what a plain load stores; a retried partition changes nothing; SQLite is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import _make_pg_schema, require_postgres
from test_scale import _mixed_folder

pytest.importorskip("dask.distributed")

# Rows by what they are, not by id: partitions commit in the order they finish, so ids
# follow that order (factdb/cluster.py). Every other column must be equal.
SKIP = {"id", "article_id", "conversion_of_id", "outlet_id", "loaded_at", "updated_at"}
TABLES = ("articles", "mentions", "unresolved_names", "claims", "memberships", "entities", "entity_aliases",
          "outlets", "loader_state")


def _content(url: str) -> dict[str, list]:
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in TABLES:
            cols = [c["name"] for c in sa.inspect(conn).get_columns(table)]
            keep = [f"t.{c}" for c in cols if c not in SKIP or table in ("entities", "entity_aliases")]
            sql = f"SELECT {', '.join(keep)}"
            if "article_id" in cols:
                sql += ", a.source_path"
            if "outlet_id" in cols:
                sql += ", o.name"
            if "conversion_of_id" in cols:
                sql += ", c2.span_start"
            sql += f" FROM {table} t"
            if "article_id" in cols:
                sql += " LEFT JOIN articles a ON a.id = t.article_id"
            if "outlet_id" in cols:
                sql += " LEFT JOIN outlets o ON o.id = t.outlet_id"
            if "conversion_of_id" in cols:
                sql += " LEFT JOIN claims c2 ON c2.id = t.conversion_of_id"
            out[table] = sorted((tuple(r) for r in conn.execute(sa.text(sql))), key=repr)
    engine.dispose()
    return out


def _db(url: str):
    from factdb import schema
    from factdb.db import Database

    db = Database(url)
    schema.upgrade(db, "head")
    return db


def test_dask_local_cluster_stores_what_a_plain_load_stores(tmp_path, monkeypatch):
    require_postgres()
    from factdb import cluster
    from factdb.load import load_paths

    monkeypatch.setattr(cluster, "PARTITION", 12)  # several partitions on two workers
    folder = _mixed_folder(tmp_path)
    (plain_url, drop_plain), (dask_url, drop_dask) = _make_pg_schema(), _make_pg_schema()
    try:
        plain_db, dask_db = _db(plain_url), _db(dask_url)
        plain = load_paths(plain_db, [str(folder)])
        lines = []
        on_dask = cluster.load_on_dask(dask_db, [str(folder)], "local", workers=2, log=lines.append)
        assert "dashboard" in lines[0]
        assert on_dask.summary() == plain.summary()
        assert sorted(on_dask.loaded) == sorted(plain.loaded) and on_dask.failed == plain.failed
        assert _content(dask_url) == _content(plain_url)

        again = cluster.load_on_dask(dask_db, [str(folder)], "local", workers=2)
        assert again.summary()["loaded"] == 0 and again.summary()["unchanged"] == plain.summary()["loaded"]
        plain_db.dispose(), dask_db.dispose()
    finally:
        drop_plain()
        drop_dask()


def test_a_retried_partition_changes_nothing(tmp_path):
    """A worker that dies after its commit is retried: the partition's second run stores nothing."""
    require_postgres()
    from factdb import cluster
    from factdb.load import default_curated_file, read_curated, sync_curated, LoadReport

    folder = _mixed_folder(tmp_path)
    files = sorted(str(p) for p in (folder / "corpus").iterdir())[:10]
    url, drop = _make_pg_schema()
    try:
        db = _db(url)
        curated = read_curated(db, default_curated_file("registry.yml"), None)
        with db.transaction() as conn:
            _, ids, props = sync_curated(conn, curated, LoadReport())
        import datetime as dt

        now = dt.datetime.now(dt.timezone.utc)
        args = (files, url, curated.registry, ids, props)
        kw = dict(force=False, now=now, encoding=None, max_bytes=5_000_000)
        first, first_ids = cluster._load_partition(*args, **kw)
        before = _content(url)
        second, second_ids = cluster._load_partition(*args, **kw)
        assert len(first.loaded) == 10 and len(second.unchanged) == 10 and not second.loaded
        assert first_ids == second_ids and _content(url) == before
        db.dispose()
    finally:
        drop()


def test_sqlite_refuses_dask_in_one_line(tmp_path):
    from click.testing import CliRunner

    from factdb.cli import cli

    target = tmp_path / "nope.sqlite"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{target}", "load", "--dask", "local", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "--dask needs PostgreSQL" in result.output
    assert not Path(target).exists()
