"""`factdb load` end to end on a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import SEEDS


def _count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return n


def _articles(run_cli) -> list[dict]:
    result = run_cli("articles", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def seed_copy(tmp_path):
    """The seed folder copied, so tests may edit files."""
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return dst


def test_seeds_load_with_their_metadata(run_cli, seed_copy):
    result = run_cli("load", str(seed_copy), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["loaded"] == 5 and summary["failed"] == 0
    by_stem = {Path(a["path"]).name[:3]: a for a in _articles(run_cli)}
    assert set(by_stem) == {"000", "001", "002", "003", "004"}

    mt = by_stem["000"]
    assert mt["title"] == "'Count on Russia,' Putin Tells Tajikistan After Deadly Gun Battles"
    assert (mt["published"], mt["date_precision"]) == ("2015-09-15", "day")
    assert mt["outlet"] == "The Moscow Times"
    assert mt["url"].startswith("https://www.themoscowtimes.com/2015/09/15/count-on-russia")

    trt = by_stem["001"]
    assert trt["title"] == "Putin promises to help Tajikistan after clashes"
    assert trt["outlet"] == "TRTWorld"
    # the body dates the summit, not the publication: only month precision is justified (sidecar note)
    assert trt["date_precision"] in ("month", "unknown")

    vor = by_stem["002"]
    assert vor["title"] == "CSTO to step up military support for Tajikistan"
    assert (vor["published"], vor["date_precision"]) == ("2013-09-28", "day")

    kom = by_stem["003"]
    assert kom["title"] == "ISIS creeps up on Tajikistan, Russia pledges aid"
    assert (kom["published"], kom["date_precision"]) == ("2015-04-07", "day")
    assert kom["authors"] == ["Elena Chernenko", "Ivan Safronov"]
    assert kom["translator"] == "Krisitna Rus"

    ticker = by_stem["004"]
    assert ticker["title"] == "Russia promises Tajikistan gratuitous arms supplies"
    assert ticker["published"] is None and ticker["date_precision"] == "unknown"

    for a in by_stem.values():
        assert len(a["sha256"]) == 64


def test_bodies_are_clean_and_start_with_the_headline(run_cli, seed_copy):
    run_cli("load", str(seed_copy))
    for a in _articles(run_cli):
        body = json.loads(run_cli("article", str(a["id"]), "--format", "json").stdout)["body"]
        assert body.startswith(a["title"])
        for junk in ("__ATA", "Subscribe to our newsletter", "Photo by:", "USD 86.45", "and share via",
                     "Original url:"):
            assert junk not in body


def test_second_load_changes_nothing(run_cli, seed_copy):
    first = run_cli("load", str(seed_copy), "--format", "json")
    assert first.exit_code == 0
    before = _articles(run_cli)
    claims_before = _count(run_cli.url, "claims")
    second = run_cli("load", str(seed_copy), "--format", "json")
    assert second.exit_code == 0
    summary = json.loads(second.stdout)
    assert summary["unchanged"] == 5
    assert summary["loaded"] == summary["updated"] == 0
    assert _articles(run_cli) == before
    assert _count(run_cli.url, "claims") == claims_before


def test_changed_file_updates_in_place_and_copy_is_duplicate(run_cli, seed_copy, tmp_path):
    run_cli("load", str(seed_copy))
    before = {a["path"]: a for a in _articles(run_cli)}
    target = sorted(seed_copy.glob("000_*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("more than 20 people", "at least 25 people"),
                      encoding="utf-8")
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(sorted(seed_copy.glob("004_*.txt"))[0], other / "copy.txt")
    result = run_cli("load", str(seed_copy), str(other), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["updated"], summary["unchanged"], summary["duplicate"]) == (1, 4, 1)
    after = {a["path"]: a for a in _articles(run_cli)}
    assert set(after) == set(before)
    assert after[str(target)]["id"] == before[str(target)]["id"]
    assert after[str(target)]["sha256"] != before[str(target)]["sha256"]
    body = json.loads(run_cli("article", str(after[str(target)]["id"]), "--format", "json").stdout)["body"]
    assert "at least 25 people" in body


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Files that must fail, with a word their error must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00\x00" * 50)
    (folder / "latin1.txt").write_bytes("Headline\n\nThe caf\xe9 is closed.".encode("latin-1"))
    (folder / "big.txt").write_bytes(b"Headline\n\n" + b"word " * 300)
    return {"empty.txt": "empty", "binary.txt": "binary", "latin1.txt": "byte", "big.txt": "limit"}


def test_bad_files_fail_clearly_and_others_still_load(run_cli, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    expected = _bad_inputs(folder)
    (folder / "good.txt").write_text("Good headline here\n\nRussia keeps 7,000 troops in Tajikistan.\n",
                                     encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = run_cli("load", str(folder), str(tmp_path / "missing"), "--max-bytes", "1000")
    assert result.exit_code == 1
    for name, word in expected.items():
        line = next(ln for ln in result.stderr.splitlines() if name in ln)
        assert word in line.lower(), line
    assert "missing" in result.stderr and "no such file" in result.stderr
    assert "loaded 1" in result.stdout and "skipped 1" in result.stdout and "failed 5" in result.stdout
    assert [a["title"] for a in _articles(run_cli)] == ["Good headline here"]


def test_undecodable_bytes_name_the_offset_and_encoding_option_fixes_it(run_cli, tmp_path):
    path = tmp_path / "latin1.txt"
    raw = "Headline\n\nThe café is closed.".encode("latin-1")
    path.write_bytes(raw)
    result = run_cli("load", str(path))
    assert result.exit_code == 1
    assert str(raw.index(b"\xe9")) in result.stderr and "--encoding" in result.stderr
    result = run_cli("load", str(path), "--encoding", "latin-1")
    assert result.exit_code == 0, result.output
    assert _articles(run_cli)[0]["title"] == "Headline"


def test_utf16_and_bom_are_read(run_cli, tmp_path):
    (tmp_path / "u16.txt").write_bytes("Sixteen headline\n\nBody text.".encode("utf-16"))
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf# BOM headline\n\nBody text here.")
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(a["title"] for a in _articles(run_cli)) == ["BOM headline", "Sixteen headline"]


def test_a_failure_while_storing_leaves_nothing_half_written(run_cli, tmp_path, monkeypatch):
    from factdb import store

    (tmp_path / "a.txt").write_text("First headline\n\nRussia has 7,000 troops there.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Second headline\n\nAt least 22 people were killed.", encoding="utf-8")
    real = store.store_extraction

    def exploding(conn, article_id, ex, ids, props, buffer=None):
        real(conn, article_id, ex, ids, props, buffer)  # rows are written (or buffered)...
        if ex.article.title.startswith("Second"):
            raise ValueError("disk on fire")  # ...then the article fails
        return {"mentions": 0, "claims": 0, "memberships": 0}

    monkeypatch.setattr(store, "store_extraction", exploding)
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 1
    assert "b.txt" in result.stderr and "disk on fire" in result.stderr
    assert [a["title"] for a in _articles(run_cli)] == ["First headline"]
    engine = sa.create_engine(run_cli.url)
    with engine.connect() as conn:
        orphans = conn.execute(sa.text(
            "SELECT count(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)")).scalar_one()
        second = conn.execute(sa.text(
            "SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id"
            " WHERE a.title LIKE 'Second%'")).scalar_one()
    engine.dispose()
    assert orphans == 0 and second == 0


def test_dry_run_writes_no_article(run_cli, seed_copy):
    result = run_cli("load", str(seed_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run" in result.stdout and "loaded 5" in result.stdout
    assert _articles(run_cli) == []


def test_registry_error_stops_the_load_before_writing(run_cli, seed_copy):
    registry = seed_copy / "registry.yml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text + "\n- name: Nowhere Land\n  kind: planet\n", encoding="utf-8")
    bad_line = len(text.splitlines()) + 2
    result = run_cli("load", str(seed_copy), "--registry", str(registry))
    assert result.exit_code == 1
    assert f"registry.yml:{bad_line + 1}" in result.stderr or f"registry.yml:{bad_line}" in result.stderr
    assert "planet" in result.stderr
    assert _articles(run_cli) == []
    assert _count(run_cli.url, "entities") == 0


def test_front_matter_overrides_metadata(run_cli, tmp_path):
    (tmp_path / "fm.md").write_text(
        "---\ntitle: Right title\npublished: 2016-03\noutlet: Asia-Plus\n"
        "url: https://asiaplustj.info/en/news/1\nnote: date from the print edition\n---\n"
        "# Wrong title\n\nTajikistan said 12 people were detained.\n",
        encoding="utf-8",
    )
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 0, result.output
    (a,) = _articles(run_cli)
    assert (a["title"], a["published"], a["date_precision"], a["outlet"]) == (
        "Right title", "2016-03-01", "month", "Asia-Plus")


def test_unreadable_file_fails_with_the_reason(run_cli, tmp_path, monkeypatch):
    import builtins

    from factdb import pipeline

    locked = tmp_path / "locked.txt"
    locked.write_text("Locked headline\n\nBody.", encoding="utf-8")
    (tmp_path / "open.txt").write_text("Open headline\n\nBody.", encoding="utf-8")
    real_open = builtins.open

    def guarded_open(path, *args, **kwargs):  # root reads anything, so deny it here
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "open", guarded_open, raising=False)
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 1
    assert "locked.txt" in result.stderr and "Permission denied" in result.stderr
    assert [a["title"] for a in _articles(run_cli)] == ["Open headline"]


def test_the_same_folder_spelled_differently_is_unchanged(run_cli, seed_copy, monkeypatch):
    monkeypatch.chdir(seed_copy.parent)
    assert run_cli("load", "seeds/").exit_code == 0
    result = run_cli("load", "./seeds", "--format", "json")
    assert json.loads(result.stdout)["unchanged"] == 5
