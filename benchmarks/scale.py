"""``python -m benchmarks.scale [--size N] [--db POSTGRES_URL] [--jobs J] [--workdir DIR]``: the
figures of docs/scaling.md, measured on PostgreSQL at the largest size this machine allows.

1. load N synthetic articles (``benchmarks/corpus.py``) into a fresh schema with ``--jobs J``:
   articles/s, and peak RSS of the loader and of its largest worker, after N/5 files and after N
   (flat in N?);
2. on the N-article database: the size of every table and its indexes (per million articles),
   and the p50 of the four lookups of ``python -m benchmarks`` at that size;
3. partitioning: the big tables (mentions, claims, memberships) copied into tables partitioned
   by article id range, with the same indexes, compared with the plain ones on the lookup
   statements, on deleting the rows of 200 articles and on COPYing a batch of new rows.

Prints a markdown report (``--out FILE`` writes it too). Every schema it creates is dropped.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import uuid
from pathlib import Path

from .harness import Figure, Report, fmt, latencies, p50, run_child

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BIG = ("mentions", "claims", "memberships")

LOAD_CHILD = """
import os, resource, threading, time
from factdb import schema
from factdb.db import Database
from factdb.load import load_paths
url, corpus, jobs, mark = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
db = Database(url)
schema.upgrade(db, 'head')
workers = [0.0]
def watch():  # the workers' RSS, sampled every second
    import psutil
    me = psutil.Process()
    while not done.is_set():
        for c in me.children(recursive=True):
            try:
                workers[0] = max(workers[0], c.memory_info().rss / 2**20)
            except psutil.Error:
                pass
        done.wait(1.0)
done = threading.Event()
threading.Thread(target=watch, daemon=True).start()
seen = [0]
def progress(_path):  # at N/5 files: the figures so far, to compare with the end
    seen[0] += 1
    if seen[0] == mark:
        _out['at_mark'] = dict(seconds=time.perf_counter() - t0, files=mark, load=os.getloadavg()[0],
                               peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                               worker_peak_rss_mb=workers[0])
t0 = time.perf_counter()
r = load_paths(db, [corpus], jobs=jobs, progress=progress)
_out.update(seconds=time.perf_counter() - t0, articles=len(r.loaded), claims=r.claims, failed=len(r.failed),
            mentions=r.mentions, memberships=r.memberships, load=os.getloadavg()[0])
done.set()
_out['worker_peak_rss_mb'] = workers[0]
db.dispose()
"""


def _schema(pg_url: str, label: str, created: list) -> str:
    import sqlalchemy as sa

    name = f"scale_{label}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    admin.dispose()
    created.append(name)
    return sa.engine.make_url(pg_url).update_query_dict({"options": f"-csearch_path={name}"}).render_as_string(
        hide_password=False)


def _drop(pg_url: str, names: list) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    admin.dispose()


def _corpus(work: Path, n: int) -> Path:
    from .corpus import write_corpus

    folder = work / f"corpus_{n}"
    if not (folder.exists() and sum(1 for _ in folder.iterdir()) == n):
        print(f"writing {n:,} articles to {folder} ...", file=sys.stderr, flush=True)
        write_corpus(folder, n)
    return folder


def load_figures(report: Report, pg_url: str, work: Path, n: int, jobs: int, created: list):
    """Load N articles into a fresh schema, noting the figures at N/5 files too; returns (URL, articles)."""
    mark = max(1, n // 5)
    url = _schema(pg_url, f"load{n}", created)
    folder = _corpus(work, n)
    load0 = os.getloadavg()[0]
    big = run_child(LOAD_CHILD, url, str(folder), str(jobs), str(mark), timeout=6 * 3600)
    small = big["at_mark"]
    print(f"  loaded {n:,}: {big}", file=sys.stderr, flush=True)
    rate, rate_small = big["articles"] / big["seconds"], small["files"] / small["seconds"]
    report.add(Figure("scale (PostgreSQL)", f"load {n:,} articles, --jobs {jobs}: articles/s", rate, "articles/s",
                      f"the first {mark:,}", rate_small,
                      note=f"{big['articles']:,} articles, {big['claims']:,} claims, {big['mentions']:,} mentions, "
                           f"{big['memberships']:,} memberships in {big['seconds'] / 60:.1f} min; 1-minute load "
                           f"average {load0:.1f} at the start, {small['load']:.1f} at {mark:,}, {big['load']:.1f} "
                           f"at the end (2 cores, shared with other work)"))
    report.add(Figure("scale (PostgreSQL)", f"peak RSS of the loader after {n:,} articles", big["peak_rss_mb"], "MB",
                      f"after {mark:,}", small["peak_rss_mb"], higher_is_better=False, target=1.1,
                      target_text="<= 1.1x (flat in N)"))
    report.add(Figure("scale (PostgreSQL)", f"peak RSS of a worker after {n:,} articles", big["worker_peak_rss_mb"],
                      "MB", f"after {mark:,}", small["worker_peak_rss_mb"], higher_is_better=False, target=1.1,
                      target_text="<= 1.1x (flat in N)", note="sampled every second"))
    return url, big["articles"]


def storage_figures(report: Report, url: str, n_articles: int) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid), c.reltuples::bigint"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 2 DESC").all()
        counts = {t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() for t, *_ in rows}
    engine.dispose()
    per_m = 1e6 / n_articles
    total = 0
    for name, table, index, _ in rows:
        total += table + index
        if table + index < 1e6:
            continue
        report.add(Figure("storage (PostgreSQL)", f"{name}: table + indexes per million articles",
                          (table + index) * per_m / 2**30, "GiB",
                          note=f"{counts[name]:,} rows ({counts[name] * per_m / 1e6:.1f} M per million articles); "
                               f"table {table * per_m / 2**30:.2f} GiB, indexes {index * per_m / 2**30:.2f} GiB"))
    report.add(Figure("storage (PostgreSQL)", "whole database per million articles", total * per_m / 2**30, "GiB",
                      note=f"measured at {n_articles:,} articles, scaled linearly"))


def lookup_figures(report: Report, url: str, n_articles: int) -> None:
    from .bench_lookup import lookups

    lookups(report, f"lookups at {n_articles:,} articles (PostgreSQL)", url)


# ---------------------------------------------------------------- partitioning

LOOKUPS = {
    "claims of a subject and property, newest first (LIMIT 50)":
        "SELECT * FROM {claims} WHERE subject_entity_id = %(e)s AND property_id = %(p)s ORDER BY as_of DESC LIMIT 50",
    "rows of one article (claims + mentions)":
        "SELECT (SELECT count(*) FROM {claims} WHERE article_id = %(a)s) + "
        "(SELECT count(*) FROM {mentions} WHERE article_id = %(a)s)",
    "memberships of an organisation":
        "SELECT member_entity_id, count(*) FROM {memberships} WHERE organization_entity_id = %(o)s GROUP BY 1",
}


def partition_figures(report: Report, url: str, n_articles: int, per_partition: int) -> None:
    """The big tables partitioned by article id range vs as they are, on the same rows."""
    import random

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    raw = engine.raw_connection()
    cur = raw.cursor()
    hi = cur.execute("SELECT max(id) FROM articles").fetchone()[0] + per_partition
    t0 = time.perf_counter()
    for t in BIG:
        cur.execute(f"CREATE TABLE p_{t} (LIKE {t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
                    "PARTITION BY RANGE (article_id)")
        for lo in range(0, hi, per_partition):
            cur.execute(f"CREATE TABLE p_{t}_{lo // per_partition} PARTITION OF p_{t} "
                        f"FOR VALUES FROM ({lo}) TO ({lo + per_partition})")
        cur.execute(f"CREATE TABLE p_{t}_none PARTITION OF p_{t} DEFAULT")  # curated history: no article
        cur.execute(f"INSERT INTO p_{t} SELECT * FROM {t}")
        for (indexdef,) in cur.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                       "AND tablename = %s AND indexname NOT LIKE '%%pkey'", (t,)).fetchall():
            # the same index on the partitioned copy (a unique one would need the partition key)
            cur.execute(re.sub(r"^CREATE (?:UNIQUE )?INDEX (\S+) ON (\S+) ",
                               lambda m, t=t: f"CREATE INDEX p_{m.group(1)} ON p_{t} ", indexdef))
        cur.execute(f"CREATE INDEX p_{t}_id ON p_{t} (id)")
        # the same foreign keys, but the self-reference (it would need a unique id across partitions)
        for (fk,) in cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
                                 "AND conrelid = %s::regclass", (t,)).fetchall():
            if f"REFERENCES {t}(" not in fk:
                cur.execute(f"ALTER TABLE p_{t} ADD {fk}")
        cur.execute(f"ANALYZE p_{t}")
    raw.commit()
    built = time.perf_counter() - t0
    n_parts = hi // per_partition
    rng = random.Random(0)
    ents = [r[0] for r in cur.execute("SELECT subject_entity_id FROM claims WHERE subject_entity_id IS NOT NULL "
                                      "GROUP BY 1 ORDER BY count(*) DESC LIMIT 5").fetchall()]
    props = [r[0] for r in cur.execute("SELECT property_id FROM claims GROUP BY 1 ORDER BY count(*) DESC "
                                       "LIMIT 5").fetchall()]
    orgs = [r[0] for r in cur.execute("SELECT organization_entity_id FROM memberships GROUP BY 1 "
                                      "ORDER BY count(*) DESC LIMIT 3").fetchall()]
    max_article = hi - per_partition
    raw.rollback()
    for name, sql in LOOKUPS.items():
        times = {}
        for prefix in ("", "p_"):
            q = sql.format(**{t: prefix + t for t in BIG})
            counter = iter(range(10**9))

            def call():
                i = next(counter)
                cur.execute(q, {"e": ents[i % len(ents)], "p": props[i % len(props)], "o": orgs[i % len(orgs)],
                                "a": rng.randrange(1, max_article)})
                cur.fetchall()

            times[prefix] = p50(latencies(call, 60, warmup=5)) * 1000
            raw.rollback()
        report.add(Figure("partitioning (PostgreSQL)", f"{name}: p50, partitioned", times["p_"], "ms",
                          "same rows, not partitioned", times[""], higher_is_better=False,
                          note=f"{n_parts} partitions of {per_partition:,} article ids"))

    # deleting what was extracted from 200 articles (a re-load of changed files, factdb remove)
    def delete(prefix: str) -> float:
        a = rng.randrange(1, max_article - 200)
        t = time.perf_counter()
        for tab in ("mentions", "memberships"):
            cur.execute(f"DELETE FROM {prefix}{tab} WHERE article_id BETWEEN %s AND %s", (a, a + 199))
        cur.execute(f"UPDATE {prefix}claims SET conversion_of_id = NULL WHERE article_id BETWEEN %s AND %s",
                    (a, a + 199))
        cur.execute(f"DELETE FROM {prefix}claims WHERE article_id BETWEEN %s AND %s", (a, a + 199))
        el = time.perf_counter() - t
        raw.rollback()
        return el

    for label, fn in (("delete the rows of 200 articles", delete),):
        plain = min(fn("") for _ in range(5)) * 1000
        part = min(fn("p_") for _ in range(5)) * 1000
        report.add(Figure("partitioning (PostgreSQL)", f"{label}, partitioned", part, "ms", "not partitioned",
                          plain, higher_is_better=False, note="best of 5, rolled back; both layouts check the same foreign keys but"
                          " claims.conversion_of_id (a partitioned table cannot point at itself by id alone)"))

    # COPY the rows of 2,000 articles again (as a load writes them), into either layout
    def copy_in(prefix: str) -> float:
        t = time.perf_counter()
        for tab in BIG:
            cols = [r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s AND column_name <> 'id' ORDER BY ordinal_position", (tab,)).fetchall()]
            col_list = ", ".join(cols)
            cur.execute(f"INSERT INTO {prefix}{tab} ({col_list}) SELECT {col_list} FROM {tab} "
                        f"WHERE article_id BETWEEN 1 AND 2000")
        el = time.perf_counter() - t
        raw.rollback()
        return el

    plain = min(copy_in("") for _ in range(3)) * 1000
    part = min(copy_in("p_") for _ in range(3)) * 1000
    report.add(Figure("partitioning (PostgreSQL)", "insert the rows of 2,000 articles, partitioned", part, "ms",
                      "not partitioned", plain, higher_is_better=False,
                      note="INSERT ... SELECT of existing rows, best of 3, rolled back"))
    sizes = {}
    for prefix in ("", "p_"):
        total = 0
        for t in BIG:
            if prefix:
                total += cur.execute(
                    "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = %s::regclass",
                    (f"p_{t}",)).fetchone()[0]
            else:
                total += cur.execute("SELECT pg_total_relation_size(%s::regclass)", (t,)).fetchone()[0]
        sizes[prefix] = float(total) / 2**20
    raw.rollback()
    report.add(Figure("partitioning (PostgreSQL)", "mentions + claims + memberships with indexes, partitioned",
                      sizes["p_"], "MiB", "not partitioned", sizes[""], higher_is_better=False,
                      note=f"copies built in {built:.0f} s"))
    for t in BIG:
        cur.execute(f"DROP TABLE p_{t} CASCADE")
    raw.commit()
    raw.close()
    engine.dispose()


def render(report: Report, command: str) -> str:
    lines = [f"Command: `{command}`", "", "| section | figure | value | unit | compared with | value | ratio | target |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in report.figures:
        lines.append(f"| {f.section} | {f.name} | {fmt(f.value)} | {f.unit} | {f.baseline_name} | {fmt(f.baseline)} |"
                     f" {fmt(f.ratio) + 'x' if f.ratio is not None else ''} | {f.target_text} |")
    lines += ["", *(f"- **{f.section} / {f.name}**: {f.note}" for f in report.figures if f.note)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from .harness import machine_info

    ap = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=200_000)
    ap.add_argument("--db", default=os.environ.get("FACTDB_BENCH_POSTGRES_URL", PG_DEFAULT))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--partition", type=int, default=25_000, help="article ids per partition (default 25,000)")
    ap.add_argument("--workdir", default="/tmp/factdb-scale", help="corpus folder (kept between runs)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    command = "python -m benchmarks.scale " + " ".join(a for a in (argv if argv is not None else sys.argv[1:]))
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    report = Report(command=command)
    created: list = []
    info = machine_info(args.db)
    started = time.perf_counter()
    try:
        url, n = load_figures(report, args.db, work, args.size, args.jobs, created)
        storage_figures(report, url, n)
        lookup_figures(report, url, n)
        partition_figures(report, url, n, args.partition)
    finally:
        _drop(args.db, created)
    text = render(report, command) + (f"\n- machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB, "
                                      f"PostgreSQL {info.get('postgres')}, {info['date']}; whole run "
                                      f"{(time.perf_counter() - started) / 60:.0f} min\n")
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
