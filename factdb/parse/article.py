"""Parse a decoded news file into a :class:`~factdb.records.ParsedArticle`.

Pure: no database, no I/O except :func:`read_sidecar`. Guarantees:

* Any ``str`` either gives a ``ParsedArticle`` or raises
  :class:`~factdb.errors.LoadError`; nothing else escapes.
* Deterministic: the same text and overrides give the same body, byte for
  byte, so spans into the body stay valid for an unchanged file.
* ``body`` starts with ``title`` as its own paragraph; paragraphs are
  separated by exactly one blank line ("\\n\\n"); no line has surrounding
  whitespace; boilerplate and metadata lines are removed.
* Dates are never invented: only a standalone date line in the header, a
  "Published:" line anywhere, a ``/YYYY/MM/DD/`` URL path, or an override.

The rules are documented in ``docs/loading.md``.
"""

from __future__ import annotations

import re

from factdb.errors import LoadError
from factdb.parse import boilerplate as bp
from factdb.parse.dates import date_from_url, parse_date_line
from factdb.parse.overrides import (
    OVERRIDE_KEYS,
    apply_precision,
    read_sidecar,
    split_front_matter,
    validate_overrides,
)
from factdb.records import ParsedArticle

__all__ = ["OVERRIDE_KEYS", "ParsedArticle", "parse_article", "read_sidecar"]

_HEADER_MAX_LINES = 12  # content lines searched for title/date/byline
_LONG_LINE_WORDS = 25  # a line this long starts the article text
_AFTER_STANDFIRST = 2  # lines after the first sentence still searched for a date/byline
_UPDATED_LABELS = ("updated", "last updated", "last modified", "modified", "обновлено")
_SENTENCE_END = ".!?…:;\"'”»)"


# ------------------------------------------------------------------- header


class _Meta:
    """Mutable scratch record for what the text itself says."""

    def __init__(self) -> None:
        self.title_index: int | None = None
        self.date = None  # (date, precision)
        self.updated = None
        self.outlet: str | None = None
        self.byline_outlet: str | None = None
        self.agency_outlet: str | None = None
        self.url: str | None = None
        self.authors: tuple[str, ...] = ()
        self.translator: str | None = None


def _scan(lines: list[str], removed: set[int], meta: _Meta) -> None:
    """Find metadata lines; mark them in ``removed`` and record values in ``meta``."""
    # Global pass: boilerplate, URL blocks, labelled dates, credit authors.
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line or i in removed:
            i += 1
            continue
        is_url, url = bp.parse_url_line(line)
        if is_url and not _is_bare_url(line):
            removed.add(i)
            if url is None:  # "Original url:" then the URL on the next non-blank line
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                if j < len(lines):
                    nxt_is_url, url = bp.parse_url_line(lines[j])
                    if nxt_is_url and url:
                        removed.add(j)
            meta.url = meta.url or url
        elif bp.is_junk_line(line):
            removed.add(i)
            credit = bp.parse_credit_authors(line)
            if credit and not meta.authors:
                meta.authors = credit
        else:
            dl = parse_date_line(line)
            if dl is not None and dl.label in ("published", "posted", "опубликовано"):
                removed.add(i)
                meta.date = meta.date or (dl.date, dl.precision)
            elif dl is not None and dl.label in _UPDATED_LABELS:
                removed.add(i)  # an update stamp: later than publication, not evidence of it
                meta.updated = meta.updated or (dl.date, dl.precision)
        i += 1

    content = [i for i, line in enumerate(lines) if line and i not in removed]
    _scan_header(lines, content, removed, meta)
    _scan_footer(lines, content, removed, meta)


def _is_bare_url(line: str) -> bool:
    return bool(re.match(r"^<?https?://", line, re.IGNORECASE))


def _scan_header(lines: list[str], content: list[int], removed: set[int], meta: _Meta) -> None:
    header: list[int] = []
    for i in content[:_HEADER_MAX_LINES]:
        if i in removed:
            continue
        if len(lines[i].split()) >= _LONG_LINE_WORDS and header:
            break
        header.append(i)
    headings = [i for i in header if lines[i].startswith("# ")]
    if headings:
        meta.title_index = headings[0]
    last_meta_or_title = False
    text_lines = 0  # lines seen since the first sentence (standfirst or first paragraph)
    for i in header:
        line = lines[i]
        if i == meta.title_index:
            last_meta_or_title = True
            continue
        if text_lines:
            text_lines += 1
            if text_lines > _AFTER_STANDFIRST + 1:
                break
            if not (parse_date_line(line) or _BY_PREFIX_RE.match(line)):
                continue  # after the standfirst only date lines and "By ..." bylines count
        dl = parse_date_line(line) or _compound_date_line(line, meta)
        if dl is not None:
            removed.add(i)
            if dl.label in _UPDATED_LABELS:
                meta.updated = meta.updated or (dl.date, dl.precision)
            else:
                meta.date = meta.date or (dl.date, dl.precision)
            last_meta_or_title = True
            continue
        byline = bp.parse_byline(line)
        translator = bp.parse_translator(line)
        outlet = bp.parse_outlet_line(line)
        if bp.is_ticker_line(line):
            removed.add(i)
        elif _is_bare_url(line):
            removed.add(i)
            meta.url = meta.url or bp.parse_url_line(line)[1]
        elif translator:
            removed.add(i)
            meta.translator = meta.translator or translator
        elif byline and (meta.title_index is not None or _BY_PREFIX_RE.match(line)):
            removed.add(i)
            meta.authors = meta.authors + tuple(a for a in byline[0] if a not in meta.authors)
            meta.byline_outlet = meta.byline_outlet or byline[1]
        elif outlet and (meta.title_index is not None or _later_title(lines, header, i)):
            removed.add(i)
            meta.outlet = meta.outlet or outlet
        elif bp.is_tag_line(line, below_title=last_meta_or_title and meta.title_index is not None):
            removed.add(i)
        elif meta.title_index is None:
            if _is_kicker(line, lines, header, i):
                continue  # "World", "EXCLUSIVE" above the headline: kept as text
            meta.title_index = i
            last_meta_or_title = True
            continue
        elif _is_sentence(line):
            text_lines = 1  # a standfirst or the first paragraph
        last_meta_or_title = i in removed


_SEPARATOR_RE = re.compile(r"\s*[|•·]\s*|\s+[—–]\s+")


def _compound_date_line(line: str, meta: _Meta):
    """"Reuters | September 15, 2015" / "By A B · 15.09.2015": a date plus metadata parts."""
    parts = [p for p in _SEPARATOR_RE.split(line) if p]
    if len(parts) < 2 or len(line) > 160:
        return None
    dates = [parse_date_line(p) for p in parts]
    if sum(d is not None for d in dates) != 1:
        return None
    others = [p for p, d in zip(parts, dates) if d is None]
    authors, outlet = [], None
    for part in others:
        byline = bp.parse_byline(part) if _BY_PREFIX_RE.match(part) else None
        if byline:
            authors.extend(byline[0])
            outlet = outlet or byline[1]
        elif bp.looks_like_outlet_name(part) or bp.parse_agency_line(part):
            outlet = outlet or part
        else:
            return None
    meta.authors = meta.authors or tuple(authors)
    meta.byline_outlet = meta.byline_outlet or outlet
    return next(d for d in dates if d is not None)


def _is_kicker(line: str, lines: list[str], header: list[int], i: int) -> bool:
    """A one-word section label directly above a headline of several words."""
    if len(line.split()) != 1 or line[-1] in _SENTENCE_END:
        return False
    later = [j for j in header if j > i]
    if not later:
        return False
    nxt = later[0]
    after = lines[nxt + 1] if nxt + 1 < len(lines) else ""
    standalone = not after or not after[0].islower()  # not the start of a wrapped paragraph
    return standalone and 3 <= len(lines[nxt].split()) < _LONG_LINE_WORDS \
        and not _is_sentence(lines[nxt]) and parse_date_line(lines[nxt]) is None


_TITLE_SITE_RE = re.compile(r"^(?P<title>.{8,}?)\s+(?:\||-|–|—|::)\s+(?P<site>[^|]{2,40})$")


def _split_title_site(title: str) -> tuple[str, str | None]:
    """"Headline | The Moscow Times" -> ("Headline", "The Moscow Times")."""
    m = _TITLE_SITE_RE.match(title)
    if m and bp.looks_like_outlet_name(m["site"]):
        return m["title"].strip(), m["site"].strip()
    return title, None


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 2 and line[-1] in _SENTENCE_END


_BY_PREFIX_RE = re.compile(r"^(?:by|authors?:|автор)", re.IGNORECASE)


def _later_title(lines: list[str], header: list[int], i: int) -> bool:
    """A bold short line before any title is an outlet only if a title line follows."""
    return any(j > i and bp.parse_outlet_line(lines[j]) is None and parse_date_line(lines[j]) is None
               for j in header)


def _scan_footer(lines: list[str], content: list[int], removed: set[int], meta: _Meta) -> None:
    rest = [i for i in content if i not in removed and i != meta.title_index]
    if not rest:
        return
    if _is_bare_url(lines[rest[-1]]):
        last = rest.pop()
        removed.add(last)
        meta.url = meta.url or bp.parse_url_line(lines[last])[1]
    if rest:
        agency = bp.parse_agency_line(lines[rest[-1]])
        if agency:
            removed.add(rest[-1])
            meta.agency_outlet = agency


# --------------------------------------------------------------------- body


def _paragraphs(lines: list[str], removed: set[int], skip: int | None, title: str | None) -> list[str]:
    """Kept lines as paragraphs; ``skip`` is the title line, ``title`` its text (for de-duplication)."""
    groups: list[list[str]] = []
    current: list[str] = []
    previous: str | None = title
    for i, line in enumerate(lines):
        if i == skip or i in removed:
            continue  # removed lines do not break paragraphs, blank lines do
        if not line:
            if current:
                groups.append(current)
                current = []
            continue
        text = bp.strip_markdown(line)
        if not text or text == previous:
            continue
        previous = text
        current.append(text)
    if current:
        groups.append(current)
    paragraphs: list[str] = []
    for group in groups:
        for para in _join_group(group):
            if paragraphs and _continues(paragraphs[-1], para):
                paragraphs[-1] = f"{paragraphs[-1]} {para}"
            else:
                paragraphs.append(para)
    return paragraphs


def _join_group(group: list[str]) -> list[str]:
    """Lines with no blank line between them: one paragraph if hard-wrapped, else one each."""
    if len(group) >= 2:
        widths = [len(line) for line in group[:-1]]
        if min(widths) >= 40 and max(widths) <= 100 and max(widths) - min(widths) <= 25 \
                and len(group[-1]) <= max(widths) + 2:
            return [" ".join(group)]
    out: list[str] = []
    for line in group:
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """A sentence broken mid-way: no closing punctuation, next part starts lower-case."""
    last, first = previous[-1], line[0]
    return (last.islower() or last == ",") and first.islower()


_CYRILLIC_RE = re.compile("[\u0400-\u04ff]")
_URLISH_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_LANG_WORD_RE = re.compile(r"[^\W\d_]{2,}")
# letters of other Cyrillic alphabets that Russian does not use
_OTHER_CYRILLIC = (("kk", set("әғқңөұүһ")), ("tg", set("ӣӯҳҷ")), ("be", set("ў")), ("uk", set("іїєґ")))
_OTHER_SHARE = 0.05  # this share of Cyrillic words with such a letter: not Russian


def body_language(text: str) -> str:
    """"ru" or "en" (or "kk", "tg", "be", "uk" for other Cyrillic languages) by the running prose.

    Words are counted, not letters, and only lower-case ones: names, acronyms,
    agency credits ("KAZAKHSTAN TODAY", "Reuters") and URLs say nothing of the
    language an article is written in, while its function words do. A Russian
    article quoting English names stays Russian; an English article quoting a
    Russian slogan stays English. Without lower-case words, all words count.
    """
    if not _CYRILLIC_RE.search(text):
        return "en"
    words = _LANG_WORD_RE.findall(_URLISH_RE.sub(" ", text))
    lower = [w for w in words if w[0].islower()] or words
    cyrillic = [w for w in lower if _CYRILLIC_RE.match(w)]
    latin = len(lower) - len(cyrillic)
    if len(cyrillic) <= latin:
        return "en"
    for code, letters in _OTHER_CYRILLIC:
        hits = sum(1 for w in cyrillic if letters & set(w.lower()))
        if hits >= max(2, _OTHER_SHARE * len(cyrillic)):
            return code
    return "ru"


# ------------------------------------------------------------------ public


def parse_article(text: str, *, path: str, sidecar: dict | None = None) -> ParsedArticle:
    """Parse decoded ``text`` of the file at ``path``.

    Front matter at the top and ``sidecar`` (a mapping as returned by
    :func:`read_sidecar`) override what the text says; the sidecar wins over
    front matter. Raises :class:`LoadError` for malformed overrides or a
    text with neither a title nor body text.
    """
    if not isinstance(text, str):
        raise LoadError(f"expected text, got {type(text).__name__}", path=path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    front, start = split_front_matter(lines, path)
    side = validate_overrides(sidecar, path, {}, "sidecar") if sidecar is not None else {}
    overrides = {**front, **side}
    lines = [""] * start + [line.strip() for line in lines[start:]]

    meta = _Meta()
    removed: set[int] = set(range(start))
    _scan(lines, removed, meta)

    detected_title = title_site = None
    if meta.title_index is not None:
        detected_title = " ".join(bp.strip_markdown(lines[meta.title_index]).split()) or None
        if detected_title:
            detected_title, title_site = _split_title_site(detected_title)
    title = overrides.get("title") or detected_title
    skip = meta.title_index if detected_title and detected_title == title else None
    paragraphs = _paragraphs(lines, removed, skip, title if skip is not None else None)
    if not title:
        if not paragraphs:
            raise LoadError(
                "no title or body text found (only blank, metadata or boilerplate lines)",
                path=path,
            )
        title = " ".join(paragraphs.pop(0).split())
    body = "\n\n".join([title, *paragraphs])

    url = overrides.get("url", meta.url)
    published = _published(meta, url, overrides, path)
    outlet = overrides.get("outlet", meta.outlet or meta.byline_outlet or meta.agency_outlet or title_site)
    domain = overrides.get("outlet_domain", bp.domain_of(url) if url else None)
    return ParsedArticle(
        title=title,
        body=body,
        published=published[0],
        date_precision=published[1],
        outlet=outlet,
        outlet_domain=domain,
        url=url,
        authors=overrides.get("authors", meta.authors),
        translator=overrides.get("translator", meta.translator),
        language=overrides.get("language") or body_language(body),
        metadata_note=_note(front, side),
    )


def _published(meta: _Meta, url: str | None, overrides: dict, path: str):
    if "published" in overrides:
        found = overrides["published"]
    else:
        found = meta.date or (date_from_url(url) if url else None)
    if "date_precision" in overrides:
        return apply_precision(found, overrides["date_precision"],
                                lambda m: LoadError(m, path=path))
    if found is None:
        return None, "unknown"
    return found


def _note(front: dict, side: dict) -> str | None:
    parts = []
    for source, values in (("front matter", front), ("sidecar", side)):
        if not values:
            continue
        if values.get("note"):
            parts.append(values["note"])
        else:
            keys = ", ".join(k for k in values if k != "note")
            parts.append(f"{keys} from {source}")
    return "; ".join(parts) or None
