"""The first phase of ``factdb load``: read, parse and extract each file, holding no lock.

Pure except for one read: whether an article is already stored unchanged (then
it is not extracted). :func:`prepare_file` does one file; :class:`Preparer`
runs it over batches of files, in this process (``jobs=1``) or in a pool of
worker processes (``jobs>1``), and always hands the batches back in file order
with what went wrong in each, so the writer (:mod:`factdb.load`) stores the
same rows in the same order whatever ``jobs`` is.

With a pool, this process looks up what is stored for the batch's files, the
workers do the rest (each builds nothing: the :class:`~factdb.pipeline.Extractor`
is handed to it once, when it starts), and the next batch is prepared while
this process writes the current one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from .errors import FactdbError, NotAnArticle
from .pipeline import (
    Extraction,
    SkippedItem,
    SourceFile,
    annotation_path,
    article_key,
    display_path,
    holds_many,
    parse_source,
    read_items,
    read_source,
)
from .records import ParsedArticle

#: files per task sent to a worker: enough to amortise the round trip, few enough to balance
CHUNK = 8


class Stored(NamedTuple):
    """What is stored for an article: enough to tell whether its file changed."""

    id: int
    sha256: str
    annotations_sha256: str | None


@dataclass
class Prepared:
    """One article after the pure work (read, parse, extract), before any write."""

    path: str  # where it was read from (FILE#KEY for an item of a WARC file or feed)
    key: str  # the stored identity (article_key, plus #KEY for an item)
    src: SourceFile
    ann_sha: str
    extraction: Extraction | None  # None: unchanged when checked, not extracted
    parse: Callable[[], ParsedArticle] | None  # parses src again if it must be extracted after all
    legacy: bool = True  # also look it up under the relative spelling older versions stored


@dataclass
class FileResult:
    """A file's articles, and what in it is not an article or failed (display paths, reasons)."""

    items: list[Prepared] = field(default_factory=list)
    not_articles: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    other_records: int = 0


def sha_of(path: str) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_annotations(article_path: str):
    """(fingerprint, parsed annotations) of the article's annotation file, if any."""
    path = annotation_path(article_path)
    if not Path(path).is_file():
        return "", None
    from .annotations import load_annotations

    return sha_of(path), load_annotations(path)


def legacy_key(path: str) -> str:
    """The spelling older versions stored a file under (relative, as given)."""
    return display_path(os.path.normpath(path))


def is_unchanged(existing, src: SourceFile, ann_sha: str, force: bool) -> bool:
    return bool(
        existing
        and existing.sha256 == src.sha256
        and not force
        and (existing.annotations_sha256 or "") == ann_sha
    )


def reason(exc: Exception) -> str:
    from sqlalchemy.exc import DataError, IntegrityError

    if isinstance(exc, FactdbError):
        return str(exc)
    if isinstance(exc, (IntegrityError, DataError)):  # the database refused this article's rows
        return f"database refused it: {exc.orig}"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return f"{exc.__class__.__name__}: {exc}"  # a bug or odd input: name the file


def prepare_file(path: str, lookup: Callable[[Prepared], Stored | None], extractor, *,
                 encoding: str | None, max_bytes: int, force: bool) -> FileResult:
    """Read, parse and extract one file (every article of a WARC file or feed).

    ``lookup(item)`` says what is stored for an article; an unchanged one is not
    extracted. A WARC file or a feed is read to its end before anything of it
    counts: a truncated or malformed one fails whole, while one bad page inside
    a sound file fails alone.
    """
    out = FileResult()
    try:
        if holds_many(path):
            _prepare_items(path, lookup, extractor, out, encoding=encoding, max_bytes=max_bytes, force=force)
            return out
        src = read_source(path, max_bytes=max_bytes)
        ann_sha, annotations = read_annotations(path)
        item = Prepared(path, article_key(path), src, ann_sha, None,
                        partial(parse_source, src, encoding=encoding, max_bytes=max_bytes))
        out.items.append(_extract(item, lookup, extractor, annotations, force))
    except NotAnArticle as exc:
        out.not_articles.append((display_path(path), exc.reason))
    except (FactdbError, ValueError, KeyError, UnicodeError, OSError) as exc:
        out.failed.append((display_path(path), reason(exc)))
    return out


def _extract(item: Prepared, lookup, extractor, annotations, force: bool) -> Prepared:
    if is_unchanged(lookup(item), item.src, item.ann_sha, force):
        return item
    return replace(item, extraction=extractor.extract(item.parse(), annotations=annotations))


def _prepare_items(path, lookup, extractor, out: FileResult, *, encoding, max_bytes, force) -> None:
    base = article_key(path)
    items: list[Prepared] = []
    not_articles: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    other = 0
    for entry in read_items(path, encoding=encoding, max_bytes=max_bytes):
        if isinstance(entry, SkippedItem):
            if entry.reason is None:
                other += 1
            else:
                not_articles.append((display_path(entry.path), entry.reason))
            continue
        suffix = entry.src.path[len(path):]  # "#KEY"
        item = Prepared(entry.src.path, base + suffix, entry.src, "", None, entry.parse, legacy=False)
        try:
            items.append(_extract(item, lookup, extractor, None, force))
        except NotAnArticle as exc:
            not_articles.append((display_path(entry.src.path), exc.reason))
        except (FactdbError, ValueError, KeyError, UnicodeError) as exc:  # one page: the others still load
            failed.append((display_path(entry.src.path), reason(exc)))
    # the whole file was read: only now does anything of it count
    out.items.extend(items)
    out.not_articles.extend(not_articles)
    out.failed.extend(failed)
    out.other_records += other


# ---------------------------------------------------------------- lookups


def stored_for(conn, item: Prepared) -> Stored | None:
    """The stored article for this item: by its key, else by the spelling older versions stored."""
    from . import store

    found = store.article_by_path(conn, item.key)
    if found is None and item.legacy:
        legacy = legacy_key(item.path)
        if legacy != item.key:
            found = store.article_by_path(conn, legacy)
    return None if found is None else Stored(found.id, found.sha256, found.annotations_sha256)


def stored_under(conn, paths: list[str]) -> dict[str, Stored]:
    """key -> what is stored, for every article these files may hold (each file's key, its
    legacy spelling, and ``FILE#KEY`` items): one query for a batch's lookups."""
    from sqlalchemy import select

    from . import store
    from .tables import articles as A

    keys = {k for p in paths for k in (article_key(p), legacy_key(p))}
    found = {r.source_path: Stored(r.id, r.sha256, r.annotations_sha256)
             for r in store.articles_by_paths(conn, keys)}
    for path in paths:
        if holds_many(path):  # a prefix scan, only for the few files that hold many articles
            rows = conn.execute(select(A.c.id, A.c.source_path, A.c.sha256, A.c.annotations_sha256).where(
                A.c.source_path.startswith(article_key(path) + "#", autoescape=True))).all()
            found.update({r.source_path: Stored(r.id, r.sha256, r.annotations_sha256) for r in rows})
    return found


def _for_file(known: dict[str, Stored], path: str) -> dict[str, Stored]:
    """The part of ``known`` one file's articles can be stored under (what a worker needs)."""
    key = article_key(path)
    out = {k: known[k] for k in (key, legacy_key(path)) if k in known}
    if holds_many(path):
        out.update({k: v for k, v in known.items() if k.startswith(key + "#")})
    return out


def _known_lookup(known: dict[str, Stored]) -> Callable[[Prepared], Stored | None]:
    def lookup(item: Prepared) -> Stored | None:
        found = known.get(item.key)
        if found is None and item.legacy:
            found = known.get(legacy_key(item.path))
        return found

    return lookup


# ---------------------------------------------------------------- the pool

_worker_extractor = None


def _init_worker(extractor) -> None:
    global _worker_extractor
    _worker_extractor = extractor


def _prepare_chunk(tasks: list[tuple[str, dict]], encoding, max_bytes, force) -> list[FileResult]:
    """In a worker: prepare each (path, what is stored under it); results travel back lean."""
    out = []
    for path, known in tasks:
        result = prepare_file(path, _known_lookup(known), _worker_extractor, encoding=encoding,
                              max_bytes=max_bytes, force=force)
        result.items = [_lean(item, path, encoding, max_bytes) for item in result.items]
        out.append(result)
    return out


def _lean(item: Prepared, file_path: str, encoding, max_bytes) -> Prepared:
    """An item fit to pickle: no bytes when extracted (only the path and hash are stored),
    and a parser that can travel when not (a WARC or feed item re-reads its file)."""
    if item.extraction is not None:
        return replace(item, src=replace(item.src, raw=b""), parse=None)
    if isinstance(item.parse, partial):
        return item
    return replace(item, parse=partial(_reparse_item, file_path, item.path, encoding, max_bytes))


def _reparse_item(file_path: str, item_path: str, encoding, max_bytes) -> ParsedArticle:
    """Parse one article of a WARC file or feed again (it changed after it was prepared)."""
    from .errors import LoadError

    for entry in read_items(file_path, encoding=encoding, max_bytes=max_bytes):
        if not isinstance(entry, SkippedItem) and entry.src.path == item_path:
            return entry.parse()
    raise LoadError("is no longer in its file", path=item_path)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Preparer:
    """Prepares batches of files, in order, in this process or in ``jobs`` worker processes.

    Use as a context manager (the pool is shut down on exit).
    """

    def __init__(self, extractor, *, jobs: int = 1, encoding: str | None, max_bytes: int, force: bool):
        self.extractor = extractor
        self.jobs = max(1, jobs)
        self.encoding, self.max_bytes, self.force = encoding, max_bytes, force
        self._pool = None

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def batches(self, reader, batches: list[list[str]]) -> Iterator[tuple[list[str], list[FileResult]]]:
        """(batch, one FileResult per file) for each batch, in order.

        ``reader`` is a connection for the stored-article lookups; no snapshot
        is kept open across a batch's extraction.
        """
        files = sum(len(b) for b in batches)
        if self.jobs == 1 or files < 2:
            for batch in batches:
                lookup = _known_lookup(stored_under(reader, batch))
                reader.rollback()  # no read snapshot held while extracting
                yield batch, [prepare_file(path, lookup, self.extractor, encoding=self.encoding,
                                           max_bytes=self.max_bytes, force=self.force) for path in batch]
            return
        pending = None
        for batch in batches:
            submitted = self._submit(reader, batch)
            if pending is not None:
                yield pending[0], self._collect(pending[1])
            pending = (batch, submitted)
        if pending is not None:
            yield pending[0], self._collect(pending[1])

    def _submit(self, reader, batch: list[str]):
        if self._pool is None:
            self._pool = _make_pool(self.extractor, self.jobs)
        known = stored_under(reader, batch)
        reader.rollback()
        tasks = [(path, _for_file(known, path)) for path in batch]
        return [self._pool.submit(_prepare_chunk, tasks[i:i + CHUNK], self.encoding, self.max_bytes, self.force)
                for i in range(0, len(tasks), CHUNK)]

    @staticmethod
    def _collect(futures) -> list[FileResult]:
        return [result for f in futures for result in f.result()]


def _make_pool(extractor, jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one: a worker starts in milliseconds with the extractor already built
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker, initargs=(extractor,))
