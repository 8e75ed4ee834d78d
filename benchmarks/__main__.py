"""``python -m benchmarks [--size N] [--db POSTGRES_URL] [--skip ...] [--out FILE]``.

Writes a synthetic corpus, measures the figures of docs/benchmarks.md on SQLite
(and PostgreSQL when reachable), prints the table and writes the report.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import tempfile
import time
import uuid
from pathlib import Path

from .harness import REPO, Report, fresh, machine_info, render_markdown, render_table

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECTIONS = ("extract", "long", "html", "registry", "load", "jobs", "write", "lookup", "cli", "export", "postgres",
            "loaders", "dask", "writer")


def _args(argv):
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000, help="corpus articles (default 1000)")
    ap.add_argument("--db", default=os.environ.get("FACTDB_BENCH_POSTGRES_URL", PG_DEFAULT),
                    help="PostgreSQL server for the PostgreSQL figures (a schema is created and dropped);"
                         " 'none' to skip")
    ap.add_argument("--lookup-claims", type=int, default=1_000_000, help="claims in the lookup/export db")
    ap.add_argument("--write-articles", type=int, default=2000,
                    help="articles whose rows the write-path figure re-inserts (default 2000)")
    ap.add_argument("--long-mb", default="0.1,0.5,2",
                    help="sizes in MB of the long articles whose cost per MB is compared (default 0.1,0.5,2)")
    ap.add_argument("--skip", nargs="*", default=[], choices=SECTIONS)
    ap.add_argument("--out", default=str(REPO / "docs" / "benchmarks.md"), help="report file")
    ap.add_argument("--workdir", default=None, help="scratch folder (default: a temporary one)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    if args.workdir:
        Path(args.workdir).mkdir(parents=True, exist_ok=True)
        return run(args, args.workdir)
    with tempfile.TemporaryDirectory(prefix="factdb-bench-") as work:
        return run(args, work)


def _pg_reachable(url: str) -> str | None:
    try:
        from factdb.db import ping

        ping(url)
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc).splitlines()[0]


def run(args, work: str) -> int:
    from . import bench_export, bench_load, bench_lookup, bench_scale
    from .corpus import write_corpus

    skip = set(args.skip)
    pg_url = None if args.db in ("none", "") or "postgres" in skip else args.db
    if pg_url and (problem := _pg_reachable(pg_url)):
        print(f"PostgreSQL skipped: {problem}", file=sys.stderr)
        pg_url = None
    started = time.perf_counter()
    report = Report(command="python -m benchmarks " + " ".join(shlex.quote(a) for a in _figure_args(argv_or_sys())))
    info = machine_info(pg_url)
    n, n_small = args.size, max(1, args.size // 5)
    corpus, small = f"{work}/corpus", f"{work}/corpus_small"
    print(f"writing corpus of {n:,} articles ...", file=sys.stderr, flush=True)
    paths = write_corpus(corpus, n)
    if "load" not in skip:
        write_corpus(small, n_small)
    corpus_mb = sum(os.path.getsize(p) for p in paths) / 1e6
    report.notes.append(f"- corpus: {n:,} synthetic articles, {corpus_mb:.1f} MB "
                        "(`python -m benchmarks.corpus --size N --out DIR`)")

    extract_rate = None
    if "extract" not in skip:
        extract_rate = bench_load.extraction(report, paths[: min(n, 1000)])
    if "long" not in skip:
        bench_scale.long_articles(report, work, f"sqlite:///{work}/long.sqlite",
                                  tuple(float(x) for x in args.long_mb.split(",")))
    if "html" not in skip:
        from .html_extraction import bench as bench_html

        bench_html(report)
    if "registry" not in skip:
        from .bench_registry import bench as bench_registry

        bench_registry(report)
    if "load" not in skip:
        big = bench_load.end_to_end(report, "load (SQLite)", f"sqlite:///{work}/load.sqlite", corpus,
                                    small, n, n_small, extract_rate)
        sm = bench_load.run_child(bench_load.LOAD_CHILD, fresh(f"sqlite:///{work}/load_small.sqlite"), small)
        bench_load.memory_growth(report, "load (SQLite)", sm, big, n_small, n)
        bench_load.reload_clear(report, "re-load (SQLite)", f"sqlite:///{work}/load.sqlite",
                                min(200, max(1, n // 50)))
    if "jobs" not in skip:
        bench_scale.jobs(report, "load (SQLite)", lambda label: fresh(f"sqlite:///{work}/{label}.sqlite"), corpus, n)
    if "write" not in skip:
        bench_load.write_path(report, "write path (SQLite)", f"sqlite:///{work}/write.sqlite",
                              paths[: args.write_articles])
    lookup_url = f"sqlite:///{work}/lookup.sqlite"
    if not {"lookup", "cli", "export"} <= skip:
        built = bench_lookup.build_lookup_db(lookup_url, args.lookup_claims)
        report.notes.append(f"- lookup database (SQLite): {built['claims']:,} claims, "
                            f"{built['articles']:,} articles, built in {built['seconds']:.1f} s; stored verdicts"
                            f" for {built['verdict_keys']:,} keys computed in {built['verdict_seconds']:.1f} s")
        if "lookup" not in skip:
            bench_lookup.lookups(report, "lookups (SQLite)", lookup_url)
        if "cli" not in skip:
            bench_lookup.cli_process(report, "start-up (SQLite)", lookup_url)
        if "export" not in skip:
            bench_export.export(report, lookup_url, f"{work}/lookup.sqlite", args.lookup_claims)
    if pg_url:
        _postgres(report, args, pg_url, corpus, paths, extract_rate, skip, work)

    report.notes.append(f"- whole run: {(time.perf_counter() - started) / 60:.1f} minutes")
    table = render_table(report)
    print(table)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(render_markdown(report, info, _extra(args.out)))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


def _postgres(report, args, pg_url, corpus, paths, extract_rate, skip, work) -> None:
    from . import bench_load, bench_lookup, bench_scale

    schemas = []

    def schema_url(label: str) -> str:
        import sqlalchemy as sa

        name = f"bench_{label}_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        admin.dispose()
        schemas.append(name)
        url = sa.engine.make_url(pg_url).update_query_dict({"options": f"-csearch_path={name}"})
        return url.render_as_string(hide_password=False)

    try:
        if "load" not in skip:
            bench_load.end_to_end(report, "load (PostgreSQL)", schema_url("load"), corpus, None,
                                  args.size, 0, extract_rate)
        if "jobs" not in skip:
            bench_scale.jobs(report, "load (PostgreSQL)", schema_url, corpus, args.size)
        if "writer" not in skip:
            bench_scale.writer_alone(report, "load (PostgreSQL)", schema_url("writer"), corpus, args.size)
        if "dask" not in skip:
            bench_scale.dask_local(report, "dask (PostgreSQL)", schema_url, corpus, args.size)
        if "loaders" not in skip:
            bench_scale.concurrent_loaders(report, "many loaders (PostgreSQL)", schema_url,
                                           paths[: args.write_articles], work)
        if "write" not in skip:
            bench_load.write_path(report, "write path (PostgreSQL)", schema_url("write"),
                                  paths[: args.write_articles])
        if "lookup" not in skip:
            url = schema_url("lookup")
            built = bench_lookup.build_lookup_db(url, args.lookup_claims)
            report.notes.append(f"- lookup database (PostgreSQL): {built['claims']:,} claims, "
                                f"built in {built['seconds']:.1f} s; stored verdicts computed in"
                                f" {built['verdict_seconds']:.1f} s")
            bench_lookup.lookups(report, "lookups (PostgreSQL)", url, pg_factor=2.0)
    finally:
        import sqlalchemy as sa

        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in schemas:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


def argv_or_sys() -> list[str]:
    return sys.argv[1:]


def _figure_args(argv: list[str]) -> list[str]:
    """The arguments that change figures (``--out`` and ``--workdir`` do not)."""
    out, skip_next = [], False
    for a in argv:
        if skip_next:
            skip_next = False
        elif a in ("--out", "--workdir"):
            skip_next = True
        elif not a.startswith(("--out=", "--workdir=")):
            out.append(a)
    return out


def _extra(out: str) -> str:
    """The hand-written part of the report (``benchmarks/bench_notes.py``)."""
    from .bench_notes import NOTES

    return NOTES


if __name__ == "__main__":
    sys.exit(main())
