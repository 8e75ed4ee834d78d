"""Figures 4 and 6 (lookup part): a database of >= 1,000,000 claims and lookups on it.

The database is built by bulk-inserting synthetic rows straight through
``factdb.bulk.insert_rows`` (the extractor is not run a million times): the
registry and curated history as ``load`` stores them, then articles, mentions,
claims and memberships with realistic distributions.

Each lookup is timed in-process through the query function the CLI and API
use, and against the same SQL statements replayed through the raw driver on
one connection (the statements are captured from the factdb call itself, so
the baseline runs exactly the reads factdb needs, without SQLAlchemy and
without factdb's Python post-processing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time

from .harness import Figure, Report, fresh, latencies, p50, p95

SUBJECTS = ["Tajikistan", "Kyrgyzstan", "Kazakhstan", "Afghanistan", "Uzbekistan"]
ALIASES = ["Tajik", "Kirghizia", "Kazakhs", "Afghans", "Uzbeks"]
QUALIFIERS = ["exact", "approx", "more_than", "at_least", "less_than", "up_to"]
PROPS = ["troop_count", "fatalities", "monetary_amount", "border_length", "distance", "count", "share"]
UNITS = {"troop_count": "person", "fatalities": "person", "monetary_amount": "USD",
         "border_length": "km", "distance": "km", "count": "count", "share": "fraction"}


def build_lookup_db(url: str, n_claims: int, seed: int = 0) -> dict:
    """Create the synthetic database at ``url``; returns counts and build seconds."""
    from factdb import schema, store
    from factdb.bulk import insert_rows
    from factdb.db import Database
    from factdb.load import load_paths

    t0 = time.perf_counter()
    db = Database(fresh(url))
    schema.upgrade(db, "head")
    load_paths(db, [])  # registry + curated history, as load stores them
    rng = random.Random(seed)
    n_articles = max(10, n_claims // 100)
    with db.transaction() as conn:
        ids = store.entity_ids(conn)
        props = store.property_ids(conn)
        kinds = dict(conn.exec_driver_sql("SELECT name, kind FROM entities").all())
    subjects = [ids[n] for n, k in kinds.items() if k in ("country", "city", "region", "organization")]
    countries = [ids[n] for n, k in kinds.items() if k == "country"]
    csto = ids.get("Collective Security Treaty Organization") or subjects[0]
    filler = ("Officials said the figures could not be verified independently. " * 40)[:2800]
    now = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    with db.transaction() as conn:
        arts = []
        for i in range(n_articles):
            body = f"Synthetic article {i}\n\n{filler}"
            arts.append({
                "title": f"Synthetic article {i}", "published": dt.date(2010, 1, 1) + dt.timedelta(days=i % 5000),
                "date_precision": "day", "language": "en", "body": body,
                "source_path": f"synthetic/{i:07d}.txt",
                "sha256": hashlib.sha256(body.encode()).hexdigest(), "loaded_at": now,
                "annotations_sha256": "",
            })
        insert_rows(conn, store.A, arts)
        first = conn.exec_driver_sql("SELECT min(id) FROM articles WHERE source_path = 'synthetic/0000000.txt'").scalar()
        art_ids = range(first, first + n_articles)
        insert_rows(conn, store.M, [
            {"article_id": a, "entity_id": rng.choice(subjects), "span_start": 30 + 10 * k,
             "span_end": 38 + 10 * k, "surface": "Name"} for a in art_ids for k in range(5)])
        insert_rows(conn, store.MS, [
            {"member_entity_id": rng.choice(countries), "organization_entity_id": csto, "role": "member",
             "valid_from": None, "valid_from_precision": None, "valid_to": None, "valid_to_precision": None,
             "article_id": a, "quote": "The CSTO, which includes ...", "span_start": 40, "span_end": 90,
             "complete_list": bool(k), "negated": False, "method": "rule", "status": "extracted",
             "confidence": 0.8, "source_note": None}
            for a in art_ids[::5] for k in range(2)])
        chunk = 100_000
        for lo in range(0, n_claims, chunk):
            rows = []
            for j in range(lo, min(n_claims, lo + chunk)):
                prop = PROPS[j % len(PROPS)]
                subj = rng.choice(subjects) if rng.random() < 0.7 else None
                v = float(rng.randint(1, 20000))
                q = rng.choice(QUALIFIERS)
                rows.append({
                    "article_id": first + j * n_articles // n_claims, "property_id": props[prop],
                    "subject_entity_id": subj, "subject_text": None if subj else "the authorities",
                    "subject_source": "sentence", "object_entity_id": None, "object_text": None,
                    "value": v, "low": v if q != "less_than" else None, "high": v if q == "exact" else None,
                    "low_inclusive": True, "high_inclusive": True, "qualifier": q, "unit": UNITS[prop],
                    "counted": None, "normalized_value": None, "normalized_unit": None, "rate": None,
                    "rate_date": None, "rate_source": None,
                    "as_of": dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000)),
                    "as_of_precision": "day", "modality": "reported", "change": None,
                    "quote": f"some {int(v)} units", "span_start": 100, "span_end": 112,
                    "quote_start": None, "quote_end": None, "method": "rule", "status": "extracted",
                    "confidence": 0.8, "curation_note": None,
                })
            insert_rows(conn, store.C, rows)
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    else:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    db.dispose()
    return {"claims": n_claims, "articles": n_articles, "seconds": time.perf_counter() - t0}


def _lookups():
    from factdb.queries.agreement import fact, members
    from factdb.queries.claims import ClaimFilter, list_claims
    from factdb.queries.entities import get_entity

    return [
        ("claims by subject + property", lambda c, i: list_claims(
            c, ClaimFilter(subject=SUBJECTS[i % 5], property=PROPS[i % len(PROPS)]))),
        ("entity by alias", lambda c, i: get_entity(c, ALIASES[i % 5])),
        ("members as of a date", lambda c, i: members(c, "CSTO", as_of=f"{2012 + i % 5}-06-01")),
        ("fact", lambda c, i: fact(c, SUBJECTS[i % 5], "troop_count")),
    ]


def lookups(report: Report, section: str, url: str, n: int = 30) -> None:
    """p50/p95 of each lookup in-process vs the same statements through the raw driver."""
    from sqlalchemy import event

    from factdb.db import Database, sqlite_path

    db = Database(url)
    pg = db.dialect == "postgresql"
    for name, fn in _lookups():
        # capture the statements of each of the 5 argument variants
        variants = []
        for i in range(5):
            stmts = []

            def rec(conn, cursor, statement, parameters, context, executemany, _s=stmts):
                if statement.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
                    _s.append((statement, parameters))

            event.listen(db.engine, "before_cursor_execute", rec)
            with db.connect() as conn:
                fn(conn, i)
            event.remove(db.engine, "before_cursor_execute", rec)
            variants.append(stmts)
        counter = iter(range(10**9))

        def factdb_call():
            with db.connect() as conn:
                fn(conn, next(counter) % 5)

        if pg:
            raw_conn = db.engine.raw_connection()
        else:
            import sqlite3

            raw_conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
            raw_conn.execute("PRAGMA foreign_keys=ON")
        raw_counter = iter(range(10**9))

        def raw_call():
            cur = raw_conn.cursor()
            for stmt, params in variants[next(raw_counter) % 5]:
                cur.execute(stmt, params)
                cur.fetchall()
            cur.close()

        fd = latencies(factdb_call, n)
        raw = latencies(raw_call, n)
        raw_conn.close()
        nq = len(variants[0])
        report.add(Figure(section, f"{name}: p50", p50(fd) * 1000, "ms",
                          "same SQL through the raw driver, p50", p50(raw) * 1000,
                          higher_is_better=False, target=2.0, target_text="<= 2x",
                          note=f"{nq} statements per call; p95 {p95(fd) * 1000:.1f} ms vs raw "
                               f"{p95(raw) * 1000:.1f} ms; {n} calls over 5 argument variants"))
        report.add(Figure(section, f"{name}: p95", p95(fd) * 1000, "ms",
                          "same SQL through the raw driver, p95", p95(raw) * 1000,
                          higher_is_better=False))
    db.dispose()


def cli_process(report: Report, section: str, url: str) -> None:
    """``factdb claims ...`` as a whole process vs ``python -c 'import sqlalchemy, click'``."""
    from .harness import PYTHON, process_wall

    base = process_wall([PYTHON, "-c", "import sqlalchemy, click"])
    cmd = [PYTHON, "-m", "factdb.cli", "--db", url, "claims", "--subject", "Tajikistan",
           "--property", "troop_count", "--limit", "10"]
    t = process_wall(cmd)
    report.add(Figure(section, "`factdb claims --subject --property --limit 10` process", t * 1000, "ms",
                      "python -c 'import sqlalchemy, click'", base * 1000, higher_is_better=False,
                      target=1.5, target_text="<= 1.5x", note="median of 5 runs, wall time"))
