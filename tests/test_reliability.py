"""Safe under concurrency and careless use: real processes, real files, both backends.

Each test here reproduces one of the defects a hostile user found (concurrent
loads and upgrades, reads that created databases, paths that were not
identities, pipes that hung a load, unreadable folders skipped silently,
tracebacks) and states what the user can rely on now.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import SEEDS, postgres_base_url, require_postgres

ARTICLE = "Troops arrive in {place}\n\nMOSCOW - Russia sent {n} troops to {place} on Monday, officials said.\n"
PLACES = ["Tajikistan", "Kyrgyzstan", "Kazakhstan", "Armenia", "Belarus"]


# Run as root, permission bits do not bind; without these two capabilities they do.
NO_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
needs_no_dac = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run a process that permission bits bind",
)


def factdb(url: str, *args: str, cwd=None, no_dac: bool = False, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the real CLI in its own process (``no_dac``: without root's permission override)."""
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_URL"}
    return subprocess.run(
        [*(NO_DAC if no_dac else []), sys.executable, "-m", "factdb.cli", "--db", url, *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout,
    )


def start(url: str, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_URL"}
    return subprocess.Popen([sys.executable, "-m", "factdb.cli", "--db", url, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def write_articles(folder: Path, start_n: int, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start_n, start_n + count):
        place = PLACES[i % len(PLACES)]
        (folder / f"a{i:04d}.txt").write_text(ARTICLE.format(place=place, n=1000 + i), encoding="utf-8")
    return folder


def count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return n


# ------------------------------------------------------------ 3. concurrent writers


def test_two_loads_at_once_both_succeed_and_store_each_article_once(db_url, tmp_path):
    own_a = write_articles(tmp_path / "a", 0, 60)
    own_b = write_articles(tmp_path / "b", 100, 60)
    both = write_articles(tmp_path / "both", 200, 60)  # loaded by both processes
    first = start(db_url, "load", str(own_a), str(both), "--format", "json")
    second = start(db_url, "load", str(own_b), str(both), "--format", "json")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outs):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    summaries = [json.loads(out) for out, _ in outs]
    assert sum(s["loaded"] for s in summaries) == 180  # the shared folder: inserted once
    # the other process found each shared file stored (re-extracting it only if it was
    # the one that stored the registry on this fresh database)
    assert sum(s["loaded"] + s["unchanged"] + s["updated"] for s in summaries) == 240
    assert sum(s["duplicate"] + s["failed"] for s in summaries) == 0
    assert count(db_url, "articles") == 180


def test_two_upgrades_of_a_fresh_database_at_once(db_url):
    procs = [start(db_url, "db", "upgrade") for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert factdb(db_url, "db", "current").stdout.strip().endswith("(head)")


# ------------------------------------------------------------ 6. reads never create


def test_a_read_on_a_mistyped_sqlite_path_creates_nothing(tmp_path):
    path = tmp_path / "typo.sqlite"
    for args in (["claims"], ["members", "CSTO"], ["sql", "SELECT 1"], ["db", "current"], ["serve"]):
        result = factdb(f"sqlite:///{path}", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert not path.exists()


def test_a_foreign_postgresql_database_is_left_alone(pg_schema_url, tmp_path):
    engine = sa.create_engine(pg_schema_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE customers (id integer primary key, name text)"))
    for args in (["claims"], ["load", str(write_articles(tmp_path / "x", 0, 1))], ["db", "upgrade"]):
        result = factdb(pg_schema_url, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "not a factdb database" in result.stderr and "customers" in result.stderr
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == ["customers"]
    engine.dispose()


def test_an_empty_alembic_version_is_explained(pg_schema_url, tmp_path):
    assert factdb(pg_schema_url, "db", "upgrade").returncode == 0
    engine = sa.create_engine(pg_schema_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM alembic_version"))
    engine.dispose()
    result = factdb(pg_schema_url, "claims")
    assert result.returncode == 2
    assert "alembic_version" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------ 7. paths


def test_the_same_file_from_another_directory_is_the_same_article(db_url, tmp_path):
    folder = write_articles(tmp_path / "news", 0, 1)
    assert factdb(db_url, "load", "news", cwd=tmp_path).returncode == 0
    (folder / "a0000.txt").write_text(ARTICLE.format(place="Armenia", n=4321), encoding="utf-8")
    result = factdb(db_url, "load", ".", "--format", "json", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["updated"] == 1
    rows = json.loads(factdb(db_url, "articles", "--format", "json").stdout)
    assert len(rows) == 1 and rows[0]["path"] == str((folder / "a0000.txt").resolve())


def test_remove_deletes_a_stale_article_and_keeps_curated_history(db_url, tmp_path):
    folder = write_articles(tmp_path / "news", 0, 2)
    assert factdb(db_url, "load", str(folder)).returncode == 0
    curated = count(db_url, "memberships WHERE article_id IS NULL")
    gone = folder / "a0000.txt"
    gone.unlink()
    result = factdb(db_url, "remove", str(gone))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("removed 1 article (")
    assert count(db_url, "articles") == 1
    assert count(db_url, "claims WHERE article_id NOT IN (SELECT id FROM articles)") == 0
    assert count(db_url, "memberships WHERE article_id IS NULL") == curated > 0
    missing = factdb(db_url, "remove", str(gone), "--id", "999")
    assert missing.returncode == 1 and "not stored" in missing.stderr


def test_a_registry_in_a_loaded_folder_is_not_used(db_url, tmp_path):
    folder = write_articles(tmp_path / "news", 0, 1)
    (folder / "registry.yml").write_text("- name: Nowhere\n  kind: country\n", encoding="utf-8")
    result = factdb(db_url, "load", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert {"path": str(folder / "registry.yml"),
            "reason": "curated file: pass it with --registry or --history to use it"} in summary["skipped_files"]
    assert json.loads(factdb(db_url, "entity", "Russia", "--format", "json").stdout)["name"] == "Russia"


def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(db_url, tmp_path):
    folder = write_articles(tmp_path / "news", 0, 1)
    os.mkfifo(folder / "pipe.txt")
    result = factdb(db_url, "load", str(folder), "--format", "json", timeout=60)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["loaded"] == 1
    assert {"path": str(folder / "pipe.txt"), "reason": "a named pipe, not a file"} in summary["skipped_files"]
    named = factdb(db_url, "load", str(folder / "pipe.txt"), timeout=60)  # named explicitly: skipped too
    assert named.returncode == 0 and "skipped: " in named.stderr and "named pipe" in named.stderr


@needs_no_dac
def test_unreadable_folders_are_failures(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.sqlite'}"
    news = write_articles(tmp_path / "news", 0, 2)
    secret = write_articles(news / "secret", 10, 1)
    secret.chmod(0o000)
    result = factdb(url, "load", str(news), "--format", "json", no_dac=True)
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert summary["loaded"] == 2
    assert any(f["path"] == str(secret) and "Permission denied" in f["reason"] for f in summary["failures"])
    result = factdb(url, "load", str(secret), no_dac=True)  # the unreadable folder itself
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Permission denied" in result.stderr


@needs_no_dac
def test_a_load_into_a_read_only_file_is_one_line(tmp_path):
    path = tmp_path / "ro.sqlite"
    url = f"sqlite:///{path}"
    write_articles(tmp_path / "news", 0, 1)
    assert factdb(url, "load", str(tmp_path / "news")).returncode == 0
    for p in tmp_path.glob("ro.sqlite*"):
        p.chmod(0o444)
    (tmp_path / "news" / "a0000.txt").write_text(ARTICLE.format(place="Belarus", n=77), encoding="utf-8")
    result = factdb(url, "load", str(tmp_path / "news"), no_dac=True)
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_an_undecodable_file_name_loads(db_url, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    name = os.fsencode(str(folder)) + b"/caf\xe9.txt"
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(ARTICLE.format(place="Tajikistan", n=55))
    result = factdb(db_url, "load", str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["loaded"] == 1
    rows = json.loads(factdb(db_url, "articles", "--format", "json").stdout)
    assert rows[0]["path"].endswith("caf\\xe9.txt")
    again = json.loads(factdb(db_url, "load", str(folder), "--format", "json").stdout)
    assert again["unchanged"] == 1


# ------------------------------------------------------------ 8. one line, the documented exit code


@pytest.mark.parametrize("args, code, words", [
    (["--db", "notaurl", "claims"], 2, "not a database URL"),
    (["--db", "mysql://u@localhost/db", "claims"], 2, "SQLite"),
    (["claims", "--limit", "99999999999999999999999"], 1, "--limit"),
    (["db", "upgrade", "zzzz"], 1, "unknown schema revision"),
    (["export", "claims", "--format", "csv", "-o", "/nonexistent-dir/x.csv"], 1, "does not exist"),
    (["claims", "--property", "fatality"], 1, "did you mean fatalities"),
    (["fact", "Russia", "nosuchprop"], 1, "unknown property"),
    (["claims", "--between", "2016", "2014"], 1, "earlier date first"),
    (["claims", "--as-of", "2015-13"], 1, "month must be"),
    (["members", "CSTO", "--as-of", "yesterday"], 1, "YYYY"),
    (["nosuchcommand"], 1, "No such command"),
])
def test_bad_input_is_one_line_with_its_exit_code(seeded_url, args, code, words):
    argv = args if args[0] == "--db" else ["--db", seeded_url, *args]
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_URL"}
    result = subprocess.run([sys.executable, "-m", "factdb.cli", *argv], capture_output=True, text=True, env=env)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert words in lines[0]


def test_annotations_check_reports_a_malformed_file(seeded_url, tmp_path):
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("__pycache__", "__init__.py", "*.yml"))
    annotation = folder / "annotations" / "000_29ecdb6cc52f9c2d.yml"
    annotation.parent.mkdir(exist_ok=True)
    annotation.write_text("- action: confirm\n  quote: [unclosed\n", encoding="utf-8")
    result = factdb(seeded_url, "annotations", "check", str(folder), "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert rows and rows[0]["file"] == str(annotation) and rows[0]["problem"]
