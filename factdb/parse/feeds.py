"""Split an RSS or Atom feed into its items, and read one item as an article.

feedparser reads every RSS and Atom dialect; it is imported on the first feed
read. Guarantees:

* :func:`read_feed` returns the items in feed order, each with a ``key`` that
  identifies it in the feed (its id/guid, else its link, else its position) and
  a :meth:`FeedItem.fingerprint` over everything the article is made from: the
  same item gives the same fingerprint and the same article.
* Malformed XML, bytes that do not match the declared encoding, and (for
  ``.rss``/``.atom``) a file that is not a feed raise
  :class:`~factdb.errors.LoadError`; a ``.xml`` file that is not a feed raises
  :class:`~factdb.errors.NotAnArticle` (sitemaps and the like are skipped).
* :func:`item_article` uses the item's content; an item with only a summary
  becomes an article whose ``metadata_note`` says so; an item with neither
  raises :class:`NotAnArticle`.
* ``published`` is the item's ``published``/``pubDate``/``dc:date``, the
  calendar date as written (its own time zone); ``updated`` alone is not
  publication (the rule of ``docs/loading.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass

from factdb.errors import LoadError, NotAnArticle
from factdb.parse import boilerplate as bp
from factdb.records import ParsedArticle

__all__ = ["FeedItem", "item_article", "read_feed"]

SUMMARY_NOTE = "feed item with only a summary: the body is that summary, not the full article"
_XML_DECL_RE = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[\w.:-]+(["'])""")
_EMAIL_NAME_RE = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as written (HTML not yet turned into text)."""

    key: str
    title: str | None
    link: str | None
    published: str | None  # the date text as written
    published_parsed: tuple | None  # feedparser's UTC reading, when the text is odd
    authors: tuple[str, ...]
    content: str | None
    content_type: str | None
    summary: str | None
    summary_type: str | None
    language: str | None
    feed_title: str | None

    def fingerprint(self) -> bytes:
        """Canonical bytes of the item: hash them to know whether it changed."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, default=list).encode("utf-8")


def read_feed(raw: bytes, *, path: str, encoding: str | None = None, must_be_feed: bool = True) -> list[FeedItem]:
    """The items of the feed in ``raw``; see the module docstring for the errors."""
    import feedparser

    if encoding is not None:
        try:
            text = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise LoadError(f"cannot decode as {encoding}: {exc}", path=path) from None
        # feedparser sniffs bytes: hand it UTF-8 that says so
        raw = _XML_DECL_RE.sub(rb"\1utf-8\2", text.removeprefix("\ufeff").encode("utf-8"), count=1)
    parsed = feedparser.parse(raw, sanitize_html=True, resolve_relative_uris=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None:
        _refuse(problem, path, encoding)
    if not parsed.get("version"):
        message = "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root element)"
        if must_be_feed:
            raise LoadError(message, path=path)
        raise NotAnArticle(message, path=path)
    feed = parsed.feed
    feed_language = feed.get("language")
    seen: dict[str, int] = {}
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        key = (entry.get("id") or entry.get("link") or f"item-{n}").strip()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        content = _first_content(entry.get("content") or [])
        summary = entry.get("summary_detail") or {}
        items.append(FeedItem(
            key=key,
            title=entry.get("title") or None,
            link=entry.get("link") or None,
            published=entry.get("published") or None,
            published_parsed=tuple(entry["published_parsed"][:3]) if entry.get("published_parsed") else None,
            authors=_authors(entry),
            content=content.get("value") if content else None,
            content_type=content.get("type") if content else None,
            summary=summary.get("value") or entry.get("summary") or None,
            summary_type=summary.get("type"),
            language=(content or {}).get("language") or summary.get("language") or feed_language,
            feed_title=feed.get("title") or None,
        ))
    return items


def _refuse(problem: Exception, path: str, encoding: str | None) -> None:
    import feedparser

    if isinstance(problem, (feedparser.CharacterEncodingOverride, feedparser.CharacterEncodingUnknown)):
        raise LoadError(
            f"the feed's bytes do not match its declared encoding ({problem}); pass --encoding",
            path=path,
        )
    if isinstance(problem, (feedparser.NonXMLContentType, feedparser.UndeclaredNamespace)):
        return  # feedparser read it fine; the content type is an HTTP matter
    line = getattr(problem, "getLineNumber", lambda: None)()
    where = f" at line {line}" if line else ""
    message = getattr(problem, "getMessage", lambda: str(problem))()
    hint = "" if encoding else "; a truncated or hand-edited file?"
    raise LoadError(f"malformed feed XML{where}: {message}{hint}", path=path)


def _first_content(contents: list) -> dict | None:
    for c in contents:
        if (c.get("value") or "").strip():
            return c
    return None


def _authors(entry) -> tuple[str, ...]:
    raw = (entry.get("author") or "").strip()
    m = _EMAIL_NAME_RE.match(raw)
    if m:  # RSS <author>: "jane@x.example (Jane Doe)"; feedparser's split fails on long TLDs
        return (" ".join(m["name"].split()),)
    out: list[str] = []
    for a in entry.get("authors") or []:  # Atom: every <author>; RSS: dc:creator
        name = " ".join((a.get("name") or "").split())
        if name and "@" not in name and name not in out:
            out.append(name)
    if not out and raw and "@" not in raw:
        out.append(raw)
    return tuple(out)


def _text_paragraphs(value: str | None, kind: str | None) -> list[str]:
    from factdb.parse.html import fragment_paragraphs

    if not value or not value.strip():
        return []
    if kind and "html" not in kind:  # text/plain
        return [p for p in (" ".join(x.split()) for x in re.split(r"\n\s*\n", value)) if p]
    return fragment_paragraphs(value)


def _published(item: FeedItem) -> tuple[dt.date | None, str]:
    from email.utils import parsedate_to_datetime

    text = (item.published or "").strip()
    if text:
        for read in (parsedate_to_datetime, lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))):
            try:
                return read(text).date(), "day"
            except (TypeError, ValueError, IndexError, OverflowError):
                continue
    if item.published_parsed:
        try:
            return dt.date(*item.published_parsed), "day"
        except (TypeError, ValueError):
            pass
    return None, "unknown"


def item_article(item: FeedItem, *, path: str) -> ParsedArticle:
    """The article of one feed item (``path`` names it in messages)."""
    from factdb.parse.html import language_of

    paragraphs = _text_paragraphs(item.content, item.content_type)
    note = None
    if not paragraphs:
        paragraphs = _text_paragraphs(item.summary, item.summary_type)
        note = SUMMARY_NOTE
    title = " ".join(_text_paragraphs(item.title, "text/html" if item.title and "<" in item.title else "text"))
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise NotAnArticle("feed item with no content or summary", path=path)
    if not title:
        title = paragraphs.pop(0)
    body = "\n\n".join([title, *paragraphs])
    published, precision = _published(item)
    return ParsedArticle(
        title=title,
        body=body,
        published=published,
        date_precision=precision,
        outlet=item.feed_title,
        outlet_domain=bp.domain_of(item.link) if item.link else None,
        url=item.link,
        authors=item.authors,
        language=language_of(item.language, body),
        metadata_note=note,
    )
