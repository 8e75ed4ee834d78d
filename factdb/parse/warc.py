"""Split a WARC file (plain or gzipped) into the web pages it holds.

warcio reads the records; it is imported on the first WARC read. Guarantees:

* :func:`read_warc` yields one :class:`WarcRecord` per record, in file order:
  ``page`` for a successful (2xx) HTML response, with its payload decoded from
  chunked transfer and gzip/deflate content encoding; ``other`` for everything
  else (requests, metadata, revisits, images, redirects, errors), with why.
* A file that is not a WARC, or is truncated or corrupt anywhere, raises
  :class:`~factdb.errors.LoadError` naming the byte offset: warcio alone stops
  silently at a truncated gzip member, so every record's length and the bytes
  consumed are checked. Callers that must write all or nothing read to the end
  before committing.
* A page whose payload is over ``max_bytes`` is yielded with ``payload=None``
  and ``too_big=True`` (skipped by the loader, not a failure of the file).
* No I/O beyond reading ``stream``; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from factdb.errors import LoadError

__all__ = ["WarcRecord", "read_warc"]

_CHUNK = 1 << 16
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class WarcRecord:
    """One record of a WARC file."""

    offset: int  # byte offset of the record in the file (compressed offset for .warc.gz)
    kind: str  # "page" (a 2xx HTML response) or "other"
    url: str | None = None  # WARC-Target-URI
    fetched: str | None = None  # WARC-Date, as written (ISO 8601, UTC)
    record_id: str | None = None  # WARC-Record-ID
    payload: bytes | None = None  # the page's HTTP body, decoded from transfer/content encoding
    charset: str | None = None  # from the HTTP Content-Type header
    too_big: bool = False
    why: str | None = None  # for "other": what the record is


def read_warc(stream: BinaryIO, *, path: str, max_bytes: int, size: int | None = None) -> Iterator[WarcRecord]:
    """Yield the records of the WARC in ``stream`` (``size``: its length, to detect truncation)."""
    from warcio.archiveiterator import ArchiveIterator

    if size == 0:
        raise LoadError("empty file", path=path)
    records = ArchiveIterator(stream)
    offset = 0  # where the current record starts
    try:
        for rec in records:
            offset = records.offset  # where this record starts (get_record_offset() reads it to the end)
            if rec.format != "warc":
                raise LoadError(
                    f"not a WARC file: the record at byte offset {offset:,} has no WARC header "
                    "(WARC files start with a 'WARC/1.0' or 'WARC/1.1' line)",
                    path=path,
                )
            record = _classify(rec, offset, max_bytes)
            _drain(rec)
            if rec.raw_stream.limit:
                raise LoadError(
                    f"truncated: the record at byte offset {offset:,} ends {rec.raw_stream.limit:,} bytes "
                    "before its Content-Length",
                    path=path,
                )
            yield record
    except LoadError:
        raise
    except Exception as exc:  # noqa: BLE001 - warcio, zlib and gzip raise many types on junk
        at = records.offset
        if not at:
            raise LoadError(f"not a readable WARC file at its start: {exc.__class__.__name__}: {exc}",
                            path=path) from None
        raise LoadError(
            f"truncated or corrupt: the record at byte offset {at:,} cannot be read ({exc.__class__.__name__}); "
            "the records before it are complete",
            path=path,
        ) from None
    if records.err_count:
        raise LoadError(
            f"corrupt: {records.err_count} record(s) do not end where their Content-Length says "
            f"(the last complete record starts at byte offset {offset:,})",
            path=path,
        )
    consumed = records.offset
    if size is not None and consumed < size:
        raise LoadError(
            f"truncated or corrupt: {size - consumed:,} bytes after byte offset {consumed:,} "
            "(the end of the last complete record) cannot be read as a WARC record",
            path=path,
        )


def _classify(rec, offset: int, max_bytes: int) -> WarcRecord:
    headers = rec.rec_headers
    base = dict(
        offset=offset,
        url=headers.get_header("WARC-Target-URI"),
        fetched=headers.get_header("WARC-Date"),
        record_id=headers.get_header("WARC-Record-ID"),
    )
    if rec.rec_type != "response":
        return WarcRecord(kind="other", why=f"{rec.rec_type} record", **base)
    http = rec.http_headers
    if http is None:
        return WarcRecord(kind="other", why="response without HTTP headers", **base)
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return WarcRecord(kind="other", why=f"HTTP {status or 'status missing'}", **base)
    ctype = (http.get_header("Content-Type") or "").lower()
    content = rec.content_stream()
    payload = content.read(max_bytes + 1)
    if ctype and "html" not in ctype:
        return WarcRecord(kind="other", why=f"{ctype.split(';')[0].strip()} response", **base)
    if not ctype and not _looks_like_html(payload):
        return WarcRecord(kind="other", why="response with no Content-Type that is not HTML", **base)
    m = _CHARSET_RE.search(ctype)
    charset = m[1] if m else None
    if len(payload) > max_bytes:
        return WarcRecord(kind="page", charset=charset, too_big=True, **base)
    return WarcRecord(kind="page", payload=payload, charset=charset, **base)


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _drain(rec) -> None:
    """Read what is left of the record, so its length can be checked."""
    while rec.raw_stream.read(_CHUNK):
        pass
