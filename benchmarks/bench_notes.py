"""The hand-written part of docs/benchmarks.md: what was changed, what stands in the way.

Kept beside the harness so a regenerated report keeps it. Figures quoted here
come from the profiles named in each paragraph; the table above is the run.
"""

NOTES = """## What the figures mean

* **Baselines.** The write path is compared with raw `sqlite3` / `psycopg` `executemany` of the
  *same rows* (captured from the store while loading corpus articles), prepared as tuples before
  the clock starts, in one transaction with factdb's PRAGMAs (WAL, `synchronous=NORMAL`, foreign
  keys on). Lookups are compared with *the same SQL statements* factdb issued (captured with a
  `before_cursor_execute` listener) replayed on one raw driver connection, so the ratio is the
  cost of SQLAlchemy plus factdb's Python work over the raw reads. The end-to-end load is
  compared with extraction alone (no database) to show what the database side costs.
* **Memory.** Peak RSS is each child process's own `getrusage(RUSAGE_SELF).ru_maxrss`. The table
  compares N with N/5. `python -m benchmarks --size 50000 --skip extract write lookup cli export
  postgres` (9 minutes) compares 10,000 with 50,000 articles: **142 MB -> 300 MB (2.1x): peak
  memory grows with N** (about 4 MB per 1,000 articles; 144 articles/s, 1,002 claims/s at 50,000).
  It is not the Python heap (tracemalloc: +3.5 MB over 8,000 articles inside one `load_paths`
  call while RSS rose 84 MB), and loading the same 10,000 articles in four `load_paths` calls
  stays flat at 99 MB: something tied to one long `load_paths` call (its SQLAlchemy Connection
  and savepoint sequence, or allocator fragmentation under the sqlite3 driver) keeps C memory.
  Next step: open a fresh `engine.connect()` per 200-article batch in `load.py` and re-measure.
  The same 50,000 run shows the re-load problem below growing quadratically: clearing 200
  articles took 124 s (20 s at 10,000).

## Before and after (what was optimised here)

* **Write path (`factdb/bulk.py`).** Before: `conn.execute(insert(table), rows)` (Core
  executemany), 0.55-0.60x raw on SQLite and 0.40x on PostgreSQL (the "before" rows of the
  table, measured in the same run). After: `insert_rows` builds the INSERT string once per
  (table, columns), turns dicts into tuples with a generated function (bind processors only
  where the driver differs: dates on SQLite), and calls the DBAPI connection SQLAlchemy already
  holds: `sqlite3` `executemany`, psycopg `COPY FROM STDIN` for 2+ rows. It stays inside the
  caller's transaction/savepoint and raises SQLAlchemy's own `IntegrityError`
  (`tests/test_bulk.py`). On PostgreSQL, COPY for every multi-row batch beats executemany even
  at an article's 5-30 rows (per-article path 0.63x -> 1.0-1.2x raw executemany).
* **Export (`factdb/arrow_export.py`).** Before: `FactDB.sql("select * from claims")` (rows ->
  dicts -> `frame`), slower than the raw path and ~1.4x its memory. After: `read_frame(db,
  query)` reads through the ADBC SQLite driver into Arrow and converts once (dates to
  `datetime64`, integers to `Int64`, text stays Arrow-backed), with `run_sql` + `frame` as the
  fallback (PostgreSQL, no pyarrow/adbc, a column whose type changes mid-table).

## Targets missed, and what would move them

* **Extraction >= 1 MB/s.** ~0.7 MB/s per core on this corpus (20-40x quantulum3). Profile
  (cProfile, 500 articles): `extract_claims` 30%, `complete_claims` 25%, `extract_memberships`
  25%, mention finding 15%; in parsing, `decode._check_text` counts control characters one
  Python call per character (0.29 ms/article; a compiled character class with `findall` does it
  in 0.007 ms) and `article._language` loops per character (0.16 ms/article). The extractor is
  being reworked by others; the two parse fixes are a few per cent.
* **End-to-end load.** The database side costs about as much as extraction (load runs at ~0.55x
  the extraction-only rate). Besides the inserts, each article makes five single-row statements
  built anew every time (`article_by_path`, `article_by_sha`, `outlet_id`, `insert_article` with
  `.values(**values)`, and the savepoint): module-level statements with `bindparam` (the four
  store functions swapped in by monkeypatching, 1,500 corpus articles, same process) took the
  load from 148 to 162 articles/s (+9%).
* **Re-load (the `re-load` row).** `claims.conversion_of_id` has no index: with foreign keys
  on, every deleted claim scans the whole claims table, so `clear_extraction` (changed files,
  `--force`, a registry change that relinks every article) is quadratic. On the 10,000-article
  database (69,521 claims), clearing 200 articles took 18.5 s; after `CREATE INDEX
  ix_claims_conversion_of_id ON claims (conversion_of_id)` it took 17 ms. Add the index in a
  migration (and `Index(...)` in the model). The same holds on PostgreSQL (its foreign-key
  trigger runs one `SELECT ... WHERE conversion_of_id = $1` per deleted row).
* **Write path per article on PostgreSQL.** Each `insert_rows` call is one round trip (COPY);
  the store makes 3-4 per article, so "as the store calls it" is bounded by round trips, not
  by the driver (compare the "raw psycopg COPY, the store's per-article batches" row). Fewer,
  larger calls (buffering an outer batch's rows per table) would reach the one-call-per-table
  rate; the claim-id readback in `_store_claims` is what ties claims to their article's savepoint.
* **Lookups p50 <= 2x.** `claims` by subject+property meets it at 1M claims (the result rows
  dominate). `entity` is just above 2x: `dict(r._mapping)` per row over thousands of claims;
  `dict(zip(keys, row))` with the keys taken once is ~30% faster. `members` (~12x) and `fact`
  (~4x) spend their time in the pure-Python rules, not in SQL: `membership_status.
  _status_for_role` re-scans every assertion for every candidate member (O(members x
  assertions); grouping assertions by member first makes it linear) and `agreement.best_fact`
  tests every claim at every endpoint (O(n^2); deduplicating the endpoints and a sorted sweep make
  it O(n log n)). `fact` also reads every article title (`select(A.c.id, A.c.title)`) and every
  claim's whole article body to cut a surface string: restrict titles to the articles of the
  views, and select `substr(body, span_start + 1, span_end - span_start)` instead of the body.
* **Small results.** On a tiny database the ratio is 10-20x because each call rebuilds its
  `select()` (joins, 35 columns) and SQLAlchemy recomputes the cache key: caching the statement
  per filter shape with `bindparam` values cuts `list_claims` with `--limit 10` from 2.4 ms to
  1.8 ms on the 1M-claim database.
"""
