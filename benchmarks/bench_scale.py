"""Figures of issue 19 in ``python -m benchmarks``: cost per MB of long articles, ``--jobs 1``
vs ``--jobs 2``, and several loaders on one PostgreSQL database.

(``python -m benchmarks.scale`` measures the 200,000-article figures of docs/scaling.md.)
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from .harness import PYTHON, REPO, Figure, Report, fresh, run_child

DEV = REPO / "benchmarks" / "eval" / "articles" / "dev"
LONG_SIZES_MB = (0.1, 0.5, 2.0)


def long_body(n_bytes: int) -> str:
    """Real-looking text of at least ``n_bytes``: the English dev articles' bodies, over and over."""
    from factdb.parse.article import parse_article

    bodies = [parse_article(p.read_text(encoding="utf-8"), path=str(p)).body for p in sorted(DEV.glob("*.md"))]
    parts, size, i = [], 0, 0
    while size < n_bytes:
        parts.append(bodies[i % len(bodies)])
        size += len(bodies[i % len(bodies)].encode())
        i += 1
    return "\n\n".join(parts)


LONG_CHILD = """
import time
from benchmarks.bench_scale import long_body
from factdb.load import default_curated_file
from factdb.pipeline import Extractor
from factdb.records import ParsedArticle
from factdb.registry import load_registry
sizes = [float(x) for x in sys.argv[1].split(',')]
ex = Extractor(load_registry(default_curated_file('registry.yml')))
ex.extract(ParsedArticle(title='warm-up', body=long_body(50_000)))
for mb in sizes:
    body = long_body(int(mb * 1e6))
    best = None
    for _ in range(2 if mb < 1 else 1):
        t0, c0 = time.perf_counter(), time.process_time()
        ex.extract(ParsedArticle(title='Long', body=body))
        el = (time.process_time() - c0, time.perf_counter() - t0)
        best = el if best is None else min(best, el)
    _out[str(mb)] = [len(body.encode()), *best]
"""

LOAD_ONE_CHILD = """
import os, time
from factdb import schema
from factdb.db import Database
from factdb.load import load_paths
url, path, warm = sys.argv[1], sys.argv[2], sys.argv[3]
db = Database(url)
schema.upgrade(db, 'head')
t0 = time.perf_counter()
load_paths(db, [warm])  # the registry and the lazy imports (pint's units...): once per process
_out['warm_up'] = time.perf_counter() - t0
t0, c0 = time.perf_counter(), time.process_time()
r = load_paths(db, [path], jobs=1)
_out.update(seconds=time.perf_counter() - t0, cpu=time.process_time() - c0, loaded=len(r.loaded), claims=r.claims,
            mentions=r.mentions, load=os.getloadavg()[0])
db.dispose()
"""


def long_articles(report: Report, work: str, url: str, sizes_mb: tuple = LONG_SIZES_MB) -> None:
    """Extraction seconds per MB at 0.1, 0.5 and 2 MB (flat = linear); the largest article loaded whole."""
    res = run_child(LONG_CHILD, ",".join(str(s) for s in sizes_mb))
    base_bytes, base_s, _ = res[str(sizes_mb[0])]
    base = base_s / (base_bytes / 1e6)
    for mb in sizes_mb:
        n, s, wall = res[str(mb)]
        report.add(Figure("long articles", f"extract a {mb:g} MB article: CPU seconds per MB", s / (n / 1e6), "s/MB",
                          f"the same at {sizes_mb[0]:g} MB", base, higher_is_better=False,
                          target=None if mb == sizes_mb[0] else 1.5,
                          target_text="" if mb == sizes_mb[0] else "<= 1.5x (flat: linear)",
                          note=f"{n / 1e6:.2f} MB of the English dev articles' bodies, concatenated; {s:.2f} s "
                               f"of CPU ({wall:.2f} s wall)"))
    top = max(sizes_mb)
    path = Path(work) / f"long_{top:g}mb.md"
    path.write_text("# A very long report\n\n" + long_body(int(top * 1e6)) + "\n", encoding="utf-8")
    warm = Path(work) / "warm_up.txt"
    warm.write_text("Warm-up\n\nRussia keeps about 7,000 troops 20 km from Dushanbe, worth $5 million.\n",
                    encoding="utf-8")
    one = run_child(LOAD_ONE_CHILD, fresh(url), str(path), str(warm))
    report.add(Figure("long articles", f"load one {top:g} MB article (read, parse, extract, store; SQLite)",
                      one["seconds"], "s", "target (absolute)", 3.0, higher_is_better=False, target=1.0,
                      target_text="< 3 s", note=f"wall time ({one['cpu']:.2f} s of CPU; 1-minute load average "
                                                f"{one['load']:.1f}); {one['claims']:,} claims, {one['mentions']:,} "
                                                f"mentions; timed after a "
                                                f"one-line article has loaded the registry and the lazy imports "
                                                f"(pint's units...), which took {one['warm_up']:.1f} s once"))


# ---------------------------------------------------------------- --jobs

JOBS_CHILD = """
import os, time
from factdb import schema
from factdb.db import Database
from factdb.load import load_paths
url, corpus, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = Database(url)
schema.upgrade(db, 'head')
load_paths(db, [])  # registry and history first: both runs time the articles only
t0 = time.perf_counter()
r = load_paths(db, [corpus], jobs=jobs)
_out.update(seconds=time.perf_counter() - t0, articles=len(r.loaded), load=os.getloadavg()[0])
db.dispose()
"""


def jobs(report: Report, section: str, make_url, corpus: str, n: int) -> None:
    """Articles/s with --jobs 1 and --jobs 2 (alternating runs, best of two each at real sizes)."""
    rounds = 2 if n >= 1000 else 1
    rates: dict[int, list[float]] = {1: [], 2: []}
    loads = []
    for _ in range(rounds):
        for j in (1, 2):
            res = run_child(JOBS_CHILD, make_url(f"jobs{j}"), corpus, str(j))
            rates[j].append(res["articles"] / res["seconds"])
            loads.append(res["load"])
    report.add(Figure(section, f"load {n:,} articles with --jobs 2: articles/s", max(rates[2]), "articles/s",
                      "the same with --jobs 1", max(rates[1]), target=1.7, target_text=">= 1.7x",
                      note=f"best of {rounds} alternating runs each (--jobs 1: "
                           f"{', '.join(f'{r:.0f}' for r in rates[1])}; --jobs 2: "
                           f"{', '.join(f'{r:.0f}' for r in rates[2])} articles/s); 1-minute load average "
                           f"{min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores during the runs"))


# ---------------------------------------------------------------- many loaders


def _run_loaders(url: str, folders: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "FACTDB_URL"}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    t0 = time.perf_counter()
    procs = [subprocess.Popen([PYTHON, "-m", "factdb.cli", "--db", url, "load", "--jobs", "1", "--format", "json",
                               folder], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for folder in folders]
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0:
            raise RuntimeError(f"a concurrent loader failed: {err.decode()[-2000:]}")
    return time.perf_counter() - t0


def _count(url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()
    engine.dispose()
    return n


def concurrent_loaders(report: Report, section: str, make_url, paths: list[str], work: str) -> None:
    """1, 2 and 4 ``factdb load --jobs 1`` processes on one database, on their own files or all on the same."""
    from factdb import schema
    from factdb.db import Database

    split = Path(work) / "loaders"
    for k in (1, 2, 4):
        for i in range(k):
            folder = split / f"{k}_{i}"
            folder.mkdir(parents=True, exist_ok=True)
            for p in paths[i::k]:
                link = folder / Path(p).name
                if not link.exists():
                    link.symlink_to(p)
    results = {}
    for mode in ("own", "same"):
        for k in (1, 2, 4):
            if mode == "same" and k == 1:
                results[(mode, k)] = results[("own", 1)]
                continue
            url = make_url(f"loaders{mode}{k}")
            db = Database(url)
            schema.upgrade(db, "head")
            db.dispose()
            folders = [str(split / f"{k}_{i}") for i in range(k)] if mode == "own" else [str(split / "1_0")] * k
            seconds = _run_loaders(url, folders)
            stored = _count(url)
            assert stored == len(paths), (mode, k, stored)
            results[(mode, k)] = stored / seconds
    for mode, what in (("own", "each on its own files"), ("same", "all on the same files")):
        for k in (2, 4):
            report.add(Figure(section, f"{k} loaders {what}: articles/s", results[(mode, k)], "articles/s",
                              "1 loader", results[("own", 1)],
                              note=f"{len(paths):,} articles stored once each; `factdb load --jobs 1` processes"
                                   f" started together, wall time until the last exits"))
    report.notes.append("- many loaders (PostgreSQL): articles/s with 1, 2 and 4 loaders: "
                        + "; ".join(f"{m} files: " + ", ".join(f"{results[(m, k)]:.0f}" for k in (1, 2, 4))
                                    for m in ("own", "same")))


# ---------------------------------------------------------------- Dask

DASK_CHILD = """
import os, time
from factdb import schema
from factdb.cluster import load_on_dask
from factdb.db import Database
from factdb.load import load_paths
url, corpus, mode = sys.argv[1], sys.argv[2], sys.argv[3]
db = Database(url)
schema.upgrade(db, 'head')
load_paths(db, [])  # registry and history first: both runs time the articles only
t0 = time.perf_counter()
if mode == 'dask':
    r = load_on_dask(db, [corpus], 'local', workers=2)
else:
    r = load_paths(db, [corpus], jobs=2)
_out.update(seconds=time.perf_counter() - t0, articles=len(r.loaded), load=os.getloadavg()[0])
db.dispose()
"""


def dask_local(report: Report, section: str, make_url, corpus: str, n: int) -> None:
    """``--dask local`` with two worker processes vs ``--jobs 2``, on the same files (PostgreSQL)."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        report.notes.append("- dask: not installed (pip install 'factdb[dask]'), figure skipped")
        return
    plain = run_child(JOBS_CHILD, make_url("dask_plain"), corpus, "2")
    on_dask = run_child(DASK_CHILD, make_url("dask"), corpus, "dask")
    report.add(Figure(section, f"load {n:,} articles with --dask local (2 worker processes): articles/s",
                      on_dask["articles"] / on_dask["seconds"], "articles/s", "the same with --jobs 2",
                      plain["articles"] / plain["seconds"],
                      note=f"LocalCluster start-up included; partitions of 200 files, each written in one "
                           f"transaction; 1-minute load average {on_dask['load']:.1f}"))


# ---------------------------------------------------------------- the writer alone

WRITER_CHILD = """
import datetime as dt, os, time
from factdb import schema
from factdb.db import Database
from factdb.load import BATCH_SIZE, LoadReport, load_paths, read_curated, sync_curated, take_results, write_batch
from factdb.pipeline import Extractor, discover
from factdb.prepare import Preparer
url, corpus = sys.argv[1], sys.argv[2]
db = Database(url)
schema.upgrade(db, 'head')
load_paths(db, [])
curated = read_curated(db, None, None)
extractor = Extractor(curated.registry)
files = discover([corpus]).files
report = LoadReport()
with db.writer() as conn, db.connect() as reader:
    with conn.begin():
        _, ids, props = sync_curated(conn, curated, LoadReport())
    batches = [files[i:i + BATCH_SIZE] for i in range(0, len(files), BATCH_SIZE)]
    with Preparer(extractor, jobs=1, encoding=None, max_bytes=5_000_000, force=False) as prep:
        prepared = [take_results(b, r, report, None) for b, r in prep.batches(reader, batches)]
    now = dt.datetime.now(dt.timezone.utc)
    t0, c0 = time.perf_counter(), time.process_time()
    for batch in prepared:
        with conn.begin():
            write_batch(conn, batch, extractor, ids, props, report, set(), force=False, now=now, rate_cache={})
    _out.update(seconds=time.perf_counter() - t0, cpu=time.process_time() - c0, articles=len(report.loaded),
                rows=report.mentions + report.claims + report.memberships, load=os.getloadavg()[0])
db.dispose()
"""


def writer_alone(report: Report, section: str, url: str, corpus: str, n: int) -> None:
    """Articles/s one writer stores when extraction costs it nothing (prepared beforehand): how many
    extracting cores one database's writer can keep up with."""
    res = run_child(WRITER_CHILD, url, corpus)
    rate = res["articles"] / res["seconds"]
    report.add(Figure(section, f"the writer alone: {n:,} prepared articles stored, articles/s", rate, "articles/s",
                      note=f"{res['rows']:,} mentions, claims and memberships in {res['seconds']:.1f} s "
                           f"({res['cpu']:.1f} s of the writer's CPU; the rest is the server); 1-minute load "
                           f"average {res['load']:.1f}"))
