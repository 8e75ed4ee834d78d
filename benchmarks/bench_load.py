"""Figures 1-3 and 6 (load part): end-to-end load, the write path alone, extraction alone."""

from __future__ import annotations

import time
from pathlib import Path

from .harness import Figure, Report, best_of, fresh, run_child

LOAD_CHILD = """
import time
from factdb import schema
from factdb.db import Database
from factdb.load import load_paths
url, corpus = sys.argv[1], sys.argv[2]
db = Database(url)
schema.upgrade(db, 'head')
t0 = time.perf_counter()
r = load_paths(db, [corpus])
_out.update(seconds=time.perf_counter() - t0, articles=len(r.loaded), claims=r.claims,
            failed=len(r.failed), mentions=r.mentions, memberships=r.memberships)
db.dispose()
"""

EXTRACTION_TABLES = ("mentions", "unresolved_names", "claims", "memberships")


def end_to_end(report: Report, section: str, url: str, corpus: str, small_corpus: str,
               n: int, n_small: int, extract_rate: float | None) -> dict:
    """Load the corpus in a fresh process; articles/s, claims/s, peak RSS at two sizes."""
    res = run_child(LOAD_CHILD, fresh(url), corpus)
    if res["failed"]:
        report.notes.append(f"- {section}: {res['failed']} of {n} articles failed to load")
    a_s = res["articles"] / res["seconds"]
    report.add(Figure(section, f"load {n:,} articles: articles/s", a_s, "articles/s",
                      "extraction alone (no database), articles/s", extract_rate,
                      note=f"{res['articles']:,} articles, {res['claims']:,} claims, "
                           f"{res['mentions']:,} mentions, {res['memberships']:,} memberships in "
                           f"{res['seconds']:.1f} s"))
    report.add(Figure(section, f"load {n:,} articles: claims/s", res["claims"] / res["seconds"], "claims/s"))
    return res


def memory_growth(report: Report, section: str, small: dict, big: dict, n_small: int, n: int) -> None:
    report.add(Figure(section, f"peak RSS loading {n:,} articles", big["peak_rss_mb"], "MB",
                      f"peak RSS loading {n_small:,}", small["peak_rss_mb"], higher_is_better=False,
                      target=1.10, target_text="<= 1.1x (flat in N)"))


# ---------------------------------------------------------------- write path


def capture_rows(url: str, paths: list[str]) -> list[tuple]:
    """Load ``paths`` into ``url`` recording every insert_rows call (table, rows copy)."""
    from factdb import schema, store
    from factdb.db import Database
    from factdb.load import load_paths

    calls: list[tuple] = []
    real = store.insert_rows

    def recorder(conn, table, rows):
        rows = [dict(r) for r in rows]
        if rows:
            calls.append((table, rows))
        real(conn, table, rows)

    db = Database(url)
    schema.upgrade(db, "head")
    store.insert_rows = recorder
    try:
        load_paths(db, paths)
    finally:
        store.insert_rows = real
        db.dispose()
    return calls


def _clear(conn_exec) -> None:
    for t in EXTRACTION_TABLES:
        conn_exec(f"DELETE FROM {t} WHERE article_id IS NOT NULL")


def _merged(calls):
    merged: dict = {}
    for table, rows in calls:
        merged.setdefault(table, []).extend(rows)
    return list(merged.items())


def _raw_params(table, rows):
    """Column list and tuples as a hand-written raw path would pass them (dates as ISO text)."""
    import datetime as dt

    keys = list(rows[0])
    out = []
    for r in rows:
        out.append(tuple(v.isoformat() if isinstance(v, dt.date) else v for v in (r[k] for k in keys)))
    return keys, out


def write_path(report: Report, section: str, url: str, paths: list[str]) -> None:
    """factdb's insert_rows (as the store calls it, and in one batch) vs raw executemany."""
    import sqlalchemy as sa

    from factdb.bulk import insert_rows
    from factdb.db import Database, sqlite_path

    calls = capture_rows(fresh(url), paths)
    n_rows = sum(len(r) for _, r in calls)
    merged = _merged(calls)
    raw_sets = [(t.name, *_raw_params(t, rows)) for t, rows in merged]
    db = Database(url)
    pg = db.dialect == "postgresql"

    def clear():
        # Foreign-key checks off while clearing: claims.conversion_of_id has no index, so
        # with them on every deleted claim scans the whole table (see docs/benchmarks.md).
        if pg:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
                _clear(conn.exec_driver_sql)
        else:
            import sqlite3

            con = sqlite3.connect(sqlite_path(url), isolation_level=None)
            con.execute("PRAGMA foreign_keys=OFF")
            con.execute("BEGIN")
            _clear(con.execute)
            con.execute("COMMIT")
            con.close()

    def timed(fn, repeat=3):
        times = []
        for _ in range(repeat):
            clear()
            times.append(best_of(fn, 1))
        clear()
        return min(times)

    def factdb_per_call():
        with db.engine.connect() as conn, conn.begin():
            for table, rows in calls:
                insert_rows(conn, table, rows)

    def factdb_merged():
        with db.engine.connect() as conn, conn.begin():
            for table, rows in merged:
                insert_rows(conn, table, rows)

    def core_per_call():
        with db.engine.connect() as conn, conn.begin():
            for table, rows in calls:
                conn.execute(sa.insert(table), rows)

    if pg:
        def raw():
            dbapi = db.engine.raw_connection()
            try:
                with dbapi.cursor() as cur:
                    for name, keys, params in raw_sets:
                        cur.executemany(f"INSERT INTO {name} ({', '.join(keys)}) VALUES "
                                        f"({', '.join(['%s'] * len(keys))})", params)
                dbapi.commit()
            finally:
                dbapi.close()

        def raw_copy():
            _pg_copy(db, raw_sets)
        baseline_name = "raw psycopg executemany, one transaction"
    else:
        import sqlite3

        path = sqlite_path(url)

        def raw():
            con = sqlite3.connect(path, isolation_level=None)
            for pragma in ("foreign_keys=ON", "busy_timeout=10000", "journal_mode=WAL", "synchronous=NORMAL"):
                con.execute(f"PRAGMA {pragma}")
            con.execute("BEGIN")
            for name, keys, params in raw_sets:
                con.executemany(f"INSERT INTO {name} ({', '.join(keys)}) VALUES "
                                f"({', '.join(['?'] * len(keys))})", params)
            con.execute("COMMIT")
            con.close()
        baseline_name = "raw sqlite3 executemany, one transaction, same PRAGMAs"

    raw_calls = [(t.name, *_raw_params(t, rows)) for t, rows in calls]
    if pg:
        def raw_per_call():
            _pg_copy(db, raw_calls)
        per_call_name = "raw psycopg COPY, the store's per-article batches"
    else:
        def raw_per_call():
            con = sqlite3.connect(path, isolation_level=None)
            for pragma in ("foreign_keys=ON", "busy_timeout=10000", "journal_mode=WAL", "synchronous=NORMAL"):
                con.execute(f"PRAGMA {pragma}")
            con.execute("BEGIN")
            for name, keys, params in raw_calls:
                con.executemany(f"INSERT INTO {name} ({', '.join(keys)}) VALUES "
                                f"({', '.join(['?'] * len(keys))})", params)
            con.execute("COMMIT")
            con.close()
        per_call_name = "raw sqlite3 executemany, the store's per-article batches"

    t_raw = timed(raw)
    rate_raw = n_rows / t_raw
    t_fd = timed(factdb_per_call)
    t_fdm = timed(factdb_merged)
    t_core = timed(core_per_call)
    note = (f"{n_rows:,} rows ({', '.join(f'{t.name} {len(r):,}' for t, r in merged)}) captured from "
            f"loading {len(paths):,} corpus articles; {len(calls):,} insert_rows calls as the store makes them")
    report.add(Figure(section, "write path: insert_rows as the store calls it (per article)",
                      n_rows / t_fd, "rows/s", baseline_name, rate_raw, target=0.8,
                      target_text=">= 0.8x", note=note))
    report.add(Figure(section, "write path: insert_rows, one call per table", n_rows / t_fdm, "rows/s",
                      baseline_name, rate_raw, target=0.8, target_text=">= 0.8x"))
    report.add(Figure(section, "before: SQLAlchemy Core executemany (previous insert_rows)",
                      n_rows / t_core, "rows/s", baseline_name, rate_raw))
    t_rpc = timed(raw_per_call)
    report.add(Figure(section, per_call_name, n_rows / t_rpc, "rows/s", baseline_name, rate_raw,
                      note="the raw driver with the same batching as the store: the floor for the "
                           "per-article figure"))
    if pg:
        t_copy = timed(raw_copy)
        report.add(Figure(section, "raw psycopg COPY, one transaction", n_rows / t_copy, "rows/s",
                          baseline_name, rate_raw))
    db.dispose()


# ---------------------------------------------------------------- extraction


def extraction(report: Report, corpus_paths: list[str], quantulum_seconds: float = 4.0) -> float:
    """MB/s of parse + mentions + claims + memberships on one core, beside quantulum3."""
    from factdb.pipeline import Extractor, parse_source, read_source
    from factdb.registry import load_registry

    from .corpus import REGISTRY

    extractor = Extractor(load_registry(str(REGISTRY)))
    sources = [read_source(p) for p in corpus_paths]
    nbytes = sum(len(s.raw) for s in sources)
    t0 = time.perf_counter()
    bodies = []
    for src in sources:
        art = parse_source(src)
        extractor.extract(art)
        bodies.append(art.body)
    el = time.perf_counter() - t0
    mbs = nbytes / 1e6 / el
    q = _quantulum_rate(bodies, quantulum_seconds)
    note = f"{len(sources):,} articles, {nbytes / 1e6:.2f} MB in {el:.2f} s"
    report.add(Figure("extraction", "parse + mentions + claims + memberships, 1 core", mbs, "MB/s",
                      "target (absolute)", 1.0, target=1.0, target_text=">= 1 MB/s", note=note))
    report.add(Figure("extraction", "factdb extraction vs quantulum3, 1 core", mbs, "MB/s",
                      "quantulum3 parser.parse, same bodies", q))
    return len(sources) / el


def _quantulum_rate(bodies: list[str], seconds: float) -> float | None:
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    parser.parse("warm up 3 km")
    done = 0
    t0 = time.perf_counter()
    for b in bodies:
        parser.parse(b)
        done += len(b.encode())
        if time.perf_counter() - t0 > seconds:
            break
    return done / 1e6 / (time.perf_counter() - t0)


def corpus_files(folder: str) -> list[str]:
    return sorted(str(p) for p in Path(folder).iterdir() if p.suffix in (".txt", ".md"))


def reload_clear(report: Report, section: str, url: str, n_articles: int = 200) -> None:
    """Deleting what was extracted from ``n_articles`` (``load`` on changed files, ``--force``).

    Timed inside a transaction that is rolled back, against the same DELETEs
    through raw sqlite3 with foreign-key checks off (what the deletes cost
    without the parent-side checks).
    """
    import sqlite3

    from factdb import store
    from factdb.db import Database, sqlite_path

    db = Database(url)
    ids = list(range(1, n_articles + 1))
    with db.engine.connect() as conn:
        trans = conn.begin()
        n_claims = conn.exec_driver_sql(
            f"SELECT count(*) FROM claims WHERE article_id <= {n_articles}").scalar()
        t0 = time.perf_counter()
        store.clear_extraction(conn, ids)
        t_fd = time.perf_counter() - t0
        trans.rollback()
    db.dispose()
    con = sqlite3.connect(sqlite_path(url), isolation_level=None)
    con.execute("BEGIN")
    t0 = time.perf_counter()
    marks = ",".join("?" * len(ids))
    for t in EXTRACTION_TABLES:
        con.execute(f"DELETE FROM {t} WHERE article_id IN ({marks})", ids)
    t_raw = time.perf_counter() - t0
    con.execute("ROLLBACK")
    con.close()
    report.add(Figure(section, f"clear_extraction of {n_articles} articles ({n_claims:,} claims)",
                      t_fd * 1000, "ms", "same DELETEs, raw sqlite3, foreign keys off", t_raw * 1000,
                      higher_is_better=False,
                      note="with foreign keys on, each deleted claim looks for claims whose "
                           "conversion_of_id points at it; there is no index on that column, so "
                           "each delete scans the claims table"))

def _pg_copy(db, sets) -> None:
    """COPY each (table, columns, rows) through one raw psycopg connection, one transaction."""
    dbapi = db.engine.raw_connection()
    try:
        with dbapi.cursor() as cur:
            for name, keys, params in sets:
                with cur.copy(f"COPY {name} ({', '.join(keys)}) FROM STDIN") as cp:
                    for p in params:
                        cp.write_row(p)
        dbapi.commit()
    finally:
        dbapi.close()
