"""The benchmark harness runs end to end at a tiny size and reports every figure.

Not a timed test: it proves the harness works, not how fast factdb is.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.corpus import make_article, write_corpus

REPO = Path(__file__).resolve().parent.parent

FIGURES = [
    "parse + mentions + claims + memberships, 1 core",
    "factdb extraction vs quantulum3",
    "articles/s",
    "claims/s",
    "peak RSS loading",
    "insert_rows as the store calls it",
    "insert_rows, one call per table",
    "SQLAlchemy Core executemany",
    "claims by subject + property, first 100 rows: p50",
    "entity by alias, first page: p50",
    "members as of a date: p50",
    "fact: p50",
    "fact as of a date: p50",
    "p50 vs hand-written SQL",
    "p50 vs the same SQL replayed",
    "`factdb claims",
    "clear_extraction of",
    "claims to DataFrame, FactDB.sql",
    "claims to DataFrame, factdb.frames.read_frame",
    "MB article: CPU seconds per MB",
    "MB article (read, parse, extract, store; SQLite)",
    "with --jobs 2: articles/s",
]


def test_corpus_is_deterministic_and_unique(tmp_path):
    a = write_corpus(tmp_path / "a", 30, seed=3)
    b = write_corpus(tmp_path / "b", 40, seed=3)
    for pa, pb in zip(a, b):  # a bigger corpus extends a smaller one, byte for byte
        assert Path(pa).read_bytes() == Path(pb).read_bytes()
    digests = {hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in b}
    assert len(digests) == 40
    assert {Path(p).suffix for p in b} == {".txt", ".md"}
    assert make_article(5, seed=1) != make_article(5, seed=2)


def test_corpus_articles_load_with_claims_and_memberships(tmp_path):
    from factdb import schema
    from factdb.db import Database
    from factdb.load import load_paths

    write_corpus(tmp_path / "c", 10)
    db = Database(f"sqlite:///{tmp_path / 'c.sqlite'}")
    schema.upgrade(db, "head")
    report = load_paths(db, [str(tmp_path / "c")])
    db.dispose()
    assert len(report.loaded) == 10 and not report.failed
    assert report.claims >= 50  # 5-10 numeric sentences each
    assert report.memberships >= 10  # one membership list each


def test_harness_reports_every_figure(tmp_path):
    out = tmp_path / "bench.md"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--size", "20", "--lookup-claims", "2000",
         "--write-articles", "20", "--long-mb", "0.01,0.03", "--skip", "loaders", "dask", "writer", "--out", str(out), "--workdir", str(tmp_path / "work")],
        capture_output=True, text=True, env=env, cwd=str(REPO), timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    for fig in FIGURES:
        assert fig in text, f"figure {fig!r} missing from the report"
        assert fig in proc.stdout, f"figure {fig!r} missing from the printed table"
    from benchmarks.html_extraction import DEFAULT_DIR

    if (DEFAULT_DIR / "ground-truth.json").is_file():
        assert "saved pages: gunzip + parse_html, 1 core" in text and "| html |" in text
    for section in ("extraction", "long articles", "load (SQLite)", "re-load (SQLite)", "write path (SQLite)", "lookups (SQLite)",
                    "start-up (SQLite)", "export"):
        assert f"| {section} |" in text
    assert "python -m benchmarks --size 20 --lookup-claims 2000" in text  # the command that reproduces it
    assert "--workdir" not in text and "whole run:" in text
    for key in ("cpu:", "cores:", "python:", "sqlite:", "sqlalchemy:", "date:"):
        assert key in text
    # every figure row carries a number and, where it has one, its baseline and ratio
    rows = [line for line in text.splitlines() if line.startswith("| ") and "ratio" not in line]
    assert rows and all(cells.split("|")[3].strip() not in ("", "-") for cells in rows)


def test_arrow_path_gives_the_same_frame_as_the_plain_path(tmp_path):
    """The export figure's fast path: same values and date dtypes as FactDB.sql, never writes."""
    import pytest

    from factdb import schema
    from factdb.api import FactDB
    from factdb.frames import arrow_available, read_frame
    from factdb.db import Database
    from factdb.load import load_paths
    from factdb.queries.sql import ReadOnlyViolation

    write_corpus(tmp_path / "c", 8)
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db = Database(url)
    schema.upgrade(db, "head")
    load_paths(db, [str(tmp_path / "c")])
    for query in ("select * from claims", "select id, title, published, loaded_at from articles"):
        fast = read_frame(db, query)
        plain = FactDB(url).sql(query)
        assert list(fast.columns) == list(plain.columns) and len(fast) == len(plain) > 0
        for col in fast.columns:
            a = fast[col].astype(object).where(fast[col].notna(), None).tolist()
            b = plain[col].astype(object).where(plain[col].notna(), None).tolist()
            assert a == b, col
            if str(plain[col].dtype).startswith("datetime64"):
                assert str(fast[col].dtype) == str(plain[col].dtype), col
    for statement in ("delete from claims", "attach 'other.db' as other"):
        with pytest.raises(ReadOnlyViolation):
            read_frame(db, statement)
    assert not (tmp_path / "other.db").exists()
    with db.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from claims").scalar() > 0
    db.dispose()
    # the extra is installed here, so the values compared above came from the fast path
    from factdb.frames import _sqlite_arrow

    assert arrow_available() and _sqlite_arrow(str(tmp_path / "c.sqlite"), "select * from claims") is not None


def test_html_scoring_is_the_benchmarks_shingle_matching():
    """4-token shingles with counts, normalised per page; precision over predicted pages only."""
    from benchmarks.html_extraction import metrics, shingle_match

    assert shingle_match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_match("a b c d e f", "a b c d x")  # true: abcd bcde cdef; pred: abcd bcdx
    assert (tp, fp, fn) == (1 / 4, 1 / 4, 2 / 4)
    assert shingle_match("", "") == (0.0, 0.0, 0.0)
    assert shingle_match("one two", "one two") == (1.0, 0.0, 0.0)  # shorter than 4 tokens: one shingle
    m = metrics([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)])  # the second page predicted nothing
    assert m["precision"] == 1.0 and m["recall"] == 0.5 and abs(m["f1"] - 2 / 3) < 1e-12
