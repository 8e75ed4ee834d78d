"""Read a saved web page into a :class:`~factdb.records.ParsedArticle`, or say why not.

trafilatura finds the main text and the metadata (title, author, site name,
canonical URL), htmldate the publication date; both, and lxml, are imported on
the first page read, never at start-up. Guarantees:

* Any bytes either give a ``ParsedArticle``, raise :class:`NotAnArticle` (a
  readable page that is not an article: a listing, a paywall teaser, an empty or
  too short text) or raise :class:`~factdb.errors.LoadError` (undecodable,
  binary, not HTML); nothing else escapes.
* Deterministic: the same bytes give the same body, character for character.
* ``body`` is the title, then the article's paragraphs, headings, list items and
  table rows, one per paragraph, separated by one blank line; whitespace runs are
  one space; soft hyphens and zero-width spaces are dropped.
* ``published`` is only what htmldate reads from the page's markup and URL
  (``original_date``, no search of the visible text): never the fetch date.

Decoding is :func:`factdb.parse.decode.decode_html`; the article checks are in
:mod:`factdb.parse.page_checks`. The rules are documented in ``docs/loading.md``
("Saved web pages").
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from factdb.errors import LoadError, NotAnArticle
from factdb.parse.boilerplate import clean_text
from factdb.parse import boilerplate as bp
from factdb.parse.decode import decode_html
from factdb.records import ParsedArticle

__all__ = ["clean_text", "fragment_paragraphs", "language_of", "parse_html", "strip_site_name"]

# trafilatura: precision mode (drops link-heavy and short marginal blocks) without the
# readability/jusText fallbacks (faster, and better on the benchmark), comments excluded.
# No include_links: with it trafilatura 2.3 drops the text before some links.
_TRAFILATURA_OPTIONS = dict(
    fast=True, favor_precision=True, include_comments=False, include_tables=True,
    include_links=False, include_images=False, with_metadata=True,
    # htmldate inside trafilatura: the original publication date, from markup and URL only
    date_extraction_params={"original_date": True, "extensive_search": False},
)

_TAG_RE = re.compile(r"<(?:!doctype|html|head|body|p|div|article|title|meta|h[1-6]|span|a)\b", re.IGNORECASE)


def _quiet_loggers() -> None:
    """trafilatura and htmldate log every odd page at ERROR: the loader reports instead."""
    for name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


# ------------------------------------------------------------------ body


def _block_texts(el) -> list[str]:
    """Paragraph texts of one trafilatura output element (p, head, list, quote, table...)."""
    tag = el.tag
    if tag in ("list", "quote", "div", "table"):
        out: list[str] = []
        if el.text and el.text.strip():
            out.append(el.text)
        for child in el:
            out.extend(_block_texts(child))
            if child.tail and child.tail.strip():
                out.append(child.tail)
        return out
    if tag == "row":
        cells = [" ".join(c.itertext()) for c in el]
        return [" | ".join(c for c in (clean_text(x) for x in cells) if c)]
    if tag == "graphic":
        return []
    # p, head, item, cell, code...: line breaks (<lb/>) split paragraphs
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("")
        elif child.tag in ("list", "table", "quote"):
            parts.extend(_block_texts(child))
            parts.append("")
        else:
            parts[-1] += "".join(child.itertext())
        parts[-1] += child.tail or ""
    return parts


def _paragraphs(body, title: str) -> list[str]:
    texts = [body.text or ""]
    for el in body:
        texts.extend(_block_texts(el))
        texts.append(el.tail or "")  # text between blocks: trafilatura leaves some there
    out: list[str] = []
    for text in texts:
        para = clean_text(text)
        if not para or (out and para == out[-1]) or bp.is_junk_line(para):
            continue
        out.append(para)
    if out and out[0].casefold() == title.casefold():
        out.pop(0)  # the headline trafilatura kept as the first heading
    return out


def fragment_paragraphs(html: str) -> list[str]:
    """Paragraphs of an HTML fragment (a feed item's content): one per block element."""
    from lxml import html as lxml_html

    if "<" not in html:
        return [p for p in (clean_text(x) for x in re.split(r"\n\s*\n", html)) if p]
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types for junk; fall back to text
        return [p for p in (clean_text(x) for x in re.split(r"<[^>]+>", html)) if p]
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre",
              "section", "article", "ul", "ol", "table", "figcaption", "dd", "dt"}
    out: list[str] = []
    current: list[str] = []

    def flush() -> None:
        para = clean_text("".join(current))
        current.clear()
        if para and not (out and out[-1] == para) and not bp.is_junk_line(para):
            out.append(para)

    def walk(node) -> None:
        if node.text:
            current.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif child.tag == "br":
                flush()
            elif child.tag in blocks:
                flush()
                walk(child)
                flush()
            else:
                walk(child)
            if child.tail:
                current.append(child.tail)

    walk(root)
    flush()
    return out


# ------------------------------------------------------------------ metadata


_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*$")


_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})


def language_of(declared: str | None, body: str) -> str:
    """The declared language (``en-GB`` -> ``en``) unless the body's script contradicts
    it (a Cyrillic-script code over a Latin body, or the reverse); else the .txt rule."""
    from factdb.parse.article import body_language

    by_script = body_language(body)
    m = _LANG_RE.match(declared.strip()) if declared else None
    if m is None:
        return by_script
    code = m[1].lower()
    return code if (code in _CYRILLIC_LANGUAGES) == (by_script == "ru") else by_script


def _declared_language(tree) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        return lang
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            return (meta.get("content") or "").split(",")[0] or None
    return None


_SITE_SEPARATORS = r"\s+(?:\||-|–|—|::|·|•)\s+"
_AUTHOR_NOISE_RE = re.compile(
    r"\b(?:staff|writers?|reporters?|correspondents?|editors?|editorial|wire services?|news services?|"
    r"reports|published|updated|contributors?)\b|\b(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)$",
    re.IGNORECASE,
)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def strip_site_name(title: str, site: str | None, domain: str | None) -> str:
    """Drop the site name that pages add to their <title>: "Headline | Site", "Site - Headline"."""
    names = {_squash(n) for n in (site, domain, (domain or "").split(".")[0]) if n}
    names.discard("")
    if not names:
        return title
    parts = re.split(_SITE_SEPARATORS, title)
    if len(parts) < 2:
        return title
    for cut in (parts[-1], parts[0]):
        squashed = _squash(cut)
        if squashed and any(squashed == n or (len(n) >= 4 and (squashed.startswith(n) or n.startswith(squashed)))
                            for n in names):
            rest = parts[:-1] if cut is parts[-1] else parts[1:]
            # the remaining parts with their original separators
            start = title.find(rest[0])
            end = title.rfind(rest[-1]) + len(rest[-1])
            candidate = title[start:end].strip()
            if len(candidate.split()) >= 2:
                return candidate
    return title


def _authors(author: str | None, site: str | None) -> tuple[str, ...]:
    """trafilatura's "A; B" without desks, dates and the site itself."""
    if not author:
        return ()
    out: list[str] = []
    site_key = _squash(site or "")
    for part in author.split(";"):
        name = " ".join(_AUTHOR_NOISE_RE.sub("", part).split()).strip(" ,")
        if len(name.split()) < 2 or _squash(name) == site_key or name in out:
            continue
        if name.isupper():
            name = name.title()
        out.append(name)
    return tuple(out)


# ------------------------------------------------------------------ public


def parse_html(
    raw: bytes,
    *,
    path: str,
    encoding: str | None = None,
    declared_charset: str | None = None,
    url: str | None = None,
    note: str | None = None,
) -> ParsedArticle:
    """Parse the bytes of a saved page (``path`` names it in messages).

    ``declared_charset`` is an HTTP header's charset (a WARC record's); ``url``
    is where the page was fetched from (it wins over the page's canonical URL);
    ``note`` becomes the article's ``metadata_note``. Raises :class:`NotAnArticle`
    or :class:`LoadError`; see the module docstring.
    """
    text = decode_html(raw, path=path, encoding=encoding, declared=declared_charset)
    if not _TAG_RE.search(text):
        raise LoadError("no HTML markup found; if it is plain text, name it .txt", path=path)
    import trafilatura
    from trafilatura.utils import load_html

    from factdb.parse.page_checks import check_article, page_signals

    _quiet_loggers()
    try:
        tree = load_html(text)
        if tree is None:  # a lone fragment ("<div>...</div>"): trafilatura wants a whole page
            tree = load_html(f"<html><body>{text}</body></html>")
    except Exception as exc:  # noqa: BLE001 - lxml's parse errors have several types
        raise LoadError(f"malformed HTML: {exc}", path=path) from None
    if tree is None:
        raise LoadError("malformed HTML: lxml found no document in it", path=path)
    signals = page_signals(tree)
    try:
        doc = trafilatura.bare_extraction(tree, url=url, **_TRAFILATURA_OPTIONS)
    except RecursionError:
        raise LoadError("malformed HTML: elements nested too deeply", path=path) from None
    if doc is None or doc.body is None:
        raise NotAnArticle("no article text found (empty body)", path=path)

    page_url = url or doc.url or None
    domain = bp.domain_of(page_url) if page_url else None
    title = clean_text(strip_site_name(clean_text(doc.title or ""), doc.sitename, domain))
    paragraphs = _paragraphs(doc.body, title)
    check_article(tree, paragraphs, signals, text, path)
    if not title:
        title = paragraphs.pop(0)
    body = "\n\n".join([title, *paragraphs])
    published, precision = _published(doc.date)
    return ParsedArticle(
        title=title,
        body=body,
        published=published,
        date_precision=precision,
        outlet=clean_text(doc.sitename or "") or None,
        outlet_domain=domain,
        url=page_url,
        authors=_authors(doc.author, doc.sitename),
        language=language_of(_declared_language(tree), body),
        metadata_note=note,
    )


def _published(value: str | None) -> tuple[dt.date | None, str]:
    if not value:
        return None, "unknown"
    try:
        return dt.date.fromisoformat(value[:10]), "day"
    except ValueError:
        return None, "unknown"
