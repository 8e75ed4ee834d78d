"""``factdb load --dask SCHEDULER``: the load mapped over file partitions on a Dask cluster.

For when one machine's cores are not enough. This process finds the files,
validates the registry and history and brings them up to date in the
database (as ``load`` does); then each partition of :data:`PARTITION` files is
one Dask task that reads, parses and extracts its files on a worker and writes
them to PostgreSQL in one transaction, under the same advisory lock as every
factdb writer, with the loader's rules: an unchanged file is left alone, the
same bytes under another path are a duplicate, a changed file updates its
article in place. The extracted rows go in with ``COPY`` (one per table).

Guarantees:

* idempotent: a partition run twice (a worker died after its commit and Dask
  retried it) changes nothing the second time, and reports its files unchanged;
* what is stored is what ``factdb load`` stores, except the ids: partitions
  commit in the order they finish, so article ids (and the ids of the rows
  extracted from them) follow that order, not the files' order. A monetary
  claim's USD value that relies on a rate stated in *another* article depends
  on which was stored first, as between any two loads;
* the summary is factdb's usual one; progress is Dask's dashboard.

The files must be readable by the workers under the same paths (a shared
filesystem), and the database URL must reach the server from the workers.
SQLite is refused: one file, one writer, one machine (use ``--jobs``).
dask.distributed is imported only here (``pip install 'factdb[dask]'``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from .db import Database
from .errors import FactdbError, LoadError
from .load import (
    BATCH_SIZE,
    LoadReport,
    _relink_others,
    read_curated,
    refresh_verdicts,
    sync_curated,
    take_results,
    write_batch,
)
from .pipeline import DEFAULT_MAX_BYTES, Extractor, discover
from .prepare import Preparer

PARTITION = BATCH_SIZE  # files per task: one write transaction each, as a batch of a plain load
RETRIES = 2  # Dask re-runs a partition whose worker died; a committed one changes nothing


def load_on_dask(
    db: Database,
    paths: list[str],
    scheduler: str,
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    registry_path: str | None = None,
    history_path: str | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
    log: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load ``paths`` into ``db`` (PostgreSQL) on the Dask cluster at ``scheduler``.

    ``scheduler`` is an address (``tcp://host:8786``) or ``local`` for a
    LocalCluster of ``workers`` processes on this machine. See the module docstring.
    """
    refuse_sqlite(db.url)
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise FactdbError("--dask needs dask.distributed: pip install 'factdb[dask]'") from None

    report = LoadReport()
    found = discover(paths)
    files = found.files
    report.skipped = found.skipped
    report.failed.extend(found.errors)
    curated = read_curated(db, registry_path, history_path)
    with db.transaction() as conn:
        registry_changed, ids, props = sync_curated(conn, curated, report)
    force = force or registry_changed
    now = dt.datetime.now(dt.timezone.utc)
    partitions = [files[i:i + PARTITION] for i in range(0, len(files), PARTITION)]

    cluster = None
    if scheduler == "local":
        from .prepare import default_jobs

        cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    else:
        client = Client(scheduler)
    done_ids: set[int] = set()
    try:
        if log:
            log(f"dask: {len(partitions)} partition{'' if len(partitions) == 1 else 's'} of up to {PARTITION} files;"
                f" dashboard {client.dashboard_link}")
        registry = client.scatter(curated.registry, broadcast=True)
        run = uuid.uuid4().hex[:12]
        futures = [
            client.submit(_load_partition, part, db.url, registry, ids, props, force=force, now=now,
                          encoding=encoding, max_bytes=max_bytes, key=f"factdb-load-{run}-{i}", retries=RETRIES)
            for i, part in enumerate(partitions)
        ]
        index = {f.key: i for i, f in enumerate(futures)}
        results: dict[str, tuple] = {}
        for future in as_completed(futures):
            results[future.key] = future.result()
            if progress:
                for path in partitions[index[future.key]]:
                    progress(path)
        for future in futures:  # the summary in file order, as a plain load gives it
            part, part_done = results[future.key]
            report.absorb(part)
            done_ids |= part_done
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if registry_changed:
        extractor = Extractor(curated.registry)
        with db.writer() as conn, db.connect() as reader:
            report.relinked = _relink_others(db, conn, reader, extractor, ids, props, done_ids, dry_run=False)
    # the partitions queued the verdict keys they touched: recompute them once, here
    with db.transaction() as conn:
        report.verdicts = refresh_verdicts(conn)
    return report


def refuse_sqlite(url: str) -> None:
    """--dask writes from many machines at once: PostgreSQL only."""
    from .db import parse_url

    if parse_url(url).get_backend_name() != "postgresql":
        raise LoadError("--dask needs PostgreSQL: a SQLite file has one writer on one machine"
                        " (load it with --jobs instead)")


# ---------------------------------------------------------------- on a worker

_worker_state: dict = {}


def _worker_db(url: str) -> Database:
    """One Database (engine and its pool) per worker process and URL."""
    db = _worker_state.get(("db", url))
    if db is None:
        db = _worker_state[("db", url)] = Database(url)
    return db


def _worker_extractor(registry) -> Extractor:
    """The Extractor for this registry, built once per worker process."""
    key = ("extractor", registry.fingerprint)
    extractor = _worker_state.get(key)
    if extractor is None:
        extractor = _worker_state[key] = Extractor(registry)
    return extractor


def _load_partition(files: list[str], url: str, registry, ids: dict, props: dict, *, force: bool, now,
                    encoding: str | None, max_bytes: int) -> tuple[LoadReport, set[int]]:
    """Prepare and store one partition in one write transaction. Returns (its report, its article ids)."""
    db = _worker_db(url)
    extractor = _worker_extractor(registry)
    report, done = LoadReport(), set()
    with db.writer() as conn, db.connect() as reader:
        with Preparer(extractor, jobs=1, encoding=encoding, max_bytes=max_bytes, force=force) as prep:
            (batch, results), = prep.batches(reader, [files])
        prepared = take_results(batch, results, report, None)
        with conn.begin():
            write_batch(conn, prepared, extractor, ids, props, report, done, force=force, now=now, rate_cache={})
    return report, done

