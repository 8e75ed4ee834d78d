"""Classify single lines of a saved news file: junk, metadata, or text.

Every function takes one line (already stripped of surrounding whitespace)
and is pure. The rules are general (shapes of lines seen across outlets),
never keyed to one file's wording; ``docs/loading.md`` lists them.

* :func:`is_junk_line` — boilerplate dropped wherever it appears: ad
  scripts, "Advertisement" markers, newsletter prompts, share widgets,
  "Read more:" links, photo credits, credit lines, separators, images.
* :func:`is_ticker_line`, :func:`is_tag_line`, :func:`parse_byline`,
  :func:`parse_translator`, :func:`parse_outlet_line`,
  :func:`parse_agency_line`, :func:`parse_url_line` — metadata shapes, which
  the article parser only trusts in the header (or, for agency lines, as the
  closing line).
"""

from __future__ import annotations

import re

__all__ = [
    "is_junk_line",
    "is_ticker_line",
    "is_tag_line",
    "parse_byline",
    "parse_credit_authors",
    "parse_translator",
    "parse_outlet_line",
    "parse_agency_line",
    "parse_url_line",
    "split_names",
    "strip_markdown",
    "domain_of",
    "looks_like_outlet_name",
]

_I = re.IGNORECASE

_SCRIPT_RE = re.compile(
    r"__ATA\b|googletag\.|adsbygoogle|</?script\b|document\.write\(|"
    r"\bwindow\.[\w$]+\s*=|\bfunction\s*\([^)]*\)\s*\{|^\s*\}\s*\)?\s*\)?\s*;\s*$|"
    r"^\s*var\s+[\w$]+\s*=.*;\s*$",
    _I,
)
_AD_RE = re.compile(
    r"^[\s\-–—_*|•]*(?:advertisements?|advert|ad|sponsored(?:\s+content)?|"
    r"реклама|report this ad|privacy settings|continue reading(?: below)?|"
    r"story continues below(?: advertisement)?)[\s\-–—_*|•]*$",
    _I,
)
_NEWSLETTER_RE = re.compile(
    r"^(?:subscribe\b.{0,60}\b(?:newsletter|channel|updates|telegram|youtube|feed)|"
    r"sign\s+up\s+(?:here|now|today)\b|sign\s+up\b.{0,80}\b(?:newsletters?|inbox|e-?mails?|alerts)\b|"
    r"get the latest news\b|"
    r"join our (?:newsletter|mailing list|telegram|channel)|enter your e-?mail|"
    r"подпишитесь|подписывайтесь)|delivered (?:directly |straight )?to your inbox",
    _I,
)
_SOCIAL = r"(?:facebook|twitter|x|whatsapp|telegram|vk|vkontakte|linkedin|reddit|email|e-mail|print|copy link|pinterest|viber)"
_SHARE_RE = re.compile(
    rf"^(?:(?:and\s+)?share(?:\s+(?:this|via|on|article|story|post|page)\b.*)?:?|"
    rf"(?:share on|follow us on)\b.{{0,60}}|tweet(?: this)?|pin it|email this|print this|"
    rf"{_SOCIAL}(?:\s*[|•,/·]\s*{_SOCIAL})*|поделиться.{{0,40}})$",
    _I,
)
_READ_MORE_RE = re.compile(
    r"^(?:read (?:more|also)|see also|related(?: articles| stories| news)?|"
    r"читайте также|также читайте)\b\s*(?:[:>»|]|$)",
    _I,
)
_AGENCIES = (
    r"AP|AFP|Reuters|TASS|ITAR-TASS|RIA Novosti|RIA|Sputnik|EPA|EPA-EFE|Getty Images|"
    r"AFP/Getty Images|Shutterstock|Xinhua|Anadolu Agency|Interfax|Kommersant|dpa"
)
_CREDIT_RE = re.compile(
    r"^\(?(?:photo(?:graph)?s?|image|picture|pic|credit|photo credit|video|фото|"
    r"фотография|источник фото)(?:\s+by)?\s*[:/©]\s*\S.{0,80}$|^\(?©\s*\S.{0,60}$|"
    rf"^[\w .'’-]{{2,50}}\s*/\s*(?:{_AGENCIES})\)?$|"
    r"^(?:reporting|writing|editing|additional reporting|compiled|edited)\s+by\b.{0,250}$|"
    r"^\(?(?:AP|AFP|EPA|Reuters|TASS|Sputnik)\s+Photo\b.{0,80}$|^illustration\s*:.{1,80}$|"
    r"^\d+\s*min(?:ute)?s?\s+read$|^this article is (?:more|less) than \S+ \w+ old$|^\d[\d,. ]*\s*(?:views|comments|просмотр\w*|комментари\w*)$",
    _I,
)
_IMAGE_RE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_HAS_ALNUM_RE = re.compile(r"\w")
# Every match of _SCRIPT_RE / _NEWSLETTER_RE contains one of these (case-insensitively).
# For an ASCII line, str.lower() folds case exactly as re.IGNORECASE does, so when none
# occurs the (slow, unanchored) search cannot match and is skipped.
_SCRIPT_WORDS = ("__ata", "googletag.", "adsbygoogle", "script", "document.write(", "window.", "function", "}", "var")
_NEWSLETTER_WORDS = ("subscribe", "sign", "get the latest news", "join our", "enter your e", "inbox")


def _may_contain(line: str, lowered: str | None, words: tuple[str, ...]) -> bool:
    return lowered is None or any(w in lowered for w in words)


def is_junk_line(line: str) -> bool:
    """True for boilerplate lines that are never article text."""
    if not _HAS_ALNUM_RE.search(line):
        return bool(line)  # separators: "***", "---", "• • •"
    lowered = line.lower() if line.isascii() else None
    if (_may_contain(line, lowered, _SCRIPT_WORDS) and _SCRIPT_RE.search(line)) or _IMAGE_RE.match(line):
        return True
    if len(line) > 250:
        return False
    return bool(
        _AD_RE.match(line)
        or (_may_contain(line, lowered, _NEWSLETTER_WORDS) and _NEWSLETTER_RE.search(line))
        or _SHARE_RE.match(line)
        or _READ_MORE_RE.match(line)
        or _CREDIT_RE.match(line)
    )


_TICKER_TOKEN = r"(?:[A-Z]{3,5}(?:/[A-Z]{3})?|[$€£¥₽]|Brent|WTI|Gold|Oil|Bitcoin)\s*[-+]?\d[\d,]*[.,]\d+(?:\s*[-+▲▼↑↓]\s*\d+(?:[.,]\d+)?%?)?"
_TICKER_RE = re.compile(rf"^{_TICKER_TOKEN}(?:\s*[|•·,;]?\s*{_TICKER_TOKEN})*$")


def is_ticker_line(line: str) -> bool:
    """A market ticker: "USD 86.45", "EUR 92.47 +0.3%", "USD/RUB 86.45 | Brent 75.3"."""
    return len(line) <= 200 and bool(_TICKER_RE.match(line))


_TAG_PREFIX_RE = re.compile(r"^(?:tags?|теги|метки|topics|keywords|ключевые слова)\s*:\s*\S", _I)
_HASHTAGS_RE = re.compile(r"^#\w+(?:[\s,]+#\w+)+$")
_LOWER_KEYWORDS_RE = re.compile(r"^[^\W\d_][\w-]*(?:[ ,/|]+[^\W\d_][\w-]*){1,11}$")
_FUNCTION_WORDS = frozenset(
    "a an the of and or to in on at for with is are was were be by from as that this it "
    "и в на с по не что к о из за от для как это а но".split()
)


def is_tag_line(line: str, *, below_title: bool) -> bool:
    """A keyword/tag line.

    "Tags: ..." and "#a #b" lines always count. A bare line of 2-12 lowercase
    keywords (no capitals, no sentence punctuation, no function words such as
    "the"/"и") counts only when ``below_title`` (directly under the title or
    dateline), so short real paragraphs elsewhere are never dropped.
    """
    if len(line) > 200:
        return False
    if _TAG_PREFIX_RE.match(line) or _HASHTAGS_RE.match(line):
        return True
    if not below_title or not _LOWER_KEYWORDS_RE.match(line) or line != line.lower():
        return False
    words = re.findall(r"\w+", line)
    return not any(w in _FUNCTION_WORDS for w in words)


_NAME_WORD = r"[^\W\d_][\w'’.-]*"
_PARTICLE = r"(?:de|da|van|von|der|den|al|el|bin|ibn|la|le|du|dos|di|ter)"
_NAME_RE = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}$")
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|&|\band\b|\bи\b)\s*", _I)


def split_names(text: str) -> tuple[str, ...] | None:
    """Split "A B, C D and E F" into names; None unless every part is a name."""
    parts = [p.strip(" .") for p in _NAME_SPLIT_RE.split(text.strip(" .")) if p.strip(" .")]
    if not parts:
        return None
    for part in parts:
        if not _NAME_RE.match(part) or not all(
            w[0].isupper() or re.fullmatch(_PARTICLE, w) for w in part.split()
        ):
            return None
    return tuple(parts)


_OUTLET_BODY = r"[^\W_][\w.&'’ -]{0,50}?"
_OUTLET = rf"(?P<outlet>{_OUTLET_BODY})"
_OUTLET_PREP = r"(?:for|from|fro|frm|form|of|fom)"
_BYLINE_BY_RE = re.compile(
    rf"^(?:by|автор(?:ы)?:|authors?:)\s+(?P<names>.+?)"
    rf"(?:\s*(?:,|\||—|–|\s-|\s{_OUTLET_PREP}\s)\s*{_OUTLET}|\s+in\s+[^,]+)?\.?$",
    _I,
)
_BYLINE_PREP_RE = re.compile(rf"^(?P<names>.+?),?\s+{_OUTLET_PREP}\s+{_OUTLET}\.?$", _I)


def parse_byline(line: str) -> tuple[tuple[str, ...], str | None] | None:
    """Authors (and outlet, if stated) from a byline, or None.

    Shapes: "By A B and C D", "By A B, Reuters", "A B, C D for/from Outlet"
    (preposition typos such as "fro" tolerated), "Authors: A B; C D".
    """
    if len(line) > 160:
        return None
    for regex in (_BYLINE_BY_RE, _BYLINE_PREP_RE):
        m = regex.match(line)
        if not m:
            continue
        names = split_names(m["names"])
        outlet = (m.groupdict().get("outlet") or "").strip() or None
        if regex is _BYLINE_BY_RE and outlet and not _OUTLET_WORD_RE.search(outlet):
            # "By A B, C D": the "outlet" may be a second name
            both = split_names(f"{m['names']}, {outlet}")
            if both is not None and len(outlet.split()) > 1:
                names, outlet = both, None
        if names is None:
            continue
        if outlet and not _looks_like_outlet(outlet):
            continue
        return names, outlet
    return None


_OUTLET_WORD_RE = re.compile(
    r"^the\b|\b(?:times|news|post|press|agency|journal|gazette|herald|daily|radio|tv|"
    r"service|telegraph|tribune|observer|review|magazine|media|online|world|today|"
    r"network|wire|" + _AGENCIES.lower() + r")\b",
    _I,
)


def looks_like_outlet_name(text: str) -> bool:
    """A short name with an outlet word ("Times", "News", "Reuters"...) or a domain."""
    text = text.strip()
    if re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}", text, _I):
        return True
    words = text.split()
    title_case = all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "and", "&", "for") for w in words)
    return title_case and _looks_like_outlet(text) and bool(_OUTLET_WORD_RE.search(text))


def _looks_like_outlet(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and (text[0].isupper() or text[0].isdigit())


_CREDIT_AUTHORS_RE = re.compile(r"^(?:reporting|writing)\s+by\s+(?P<names>[^;]+?)(?:;|$)", _I)


def parse_credit_authors(line: str) -> tuple[str, ...] | None:
    """Names from a wire credit line: "Reporting by A B and C D; Editing by E F"."""
    m = _CREDIT_AUTHORS_RE.match(line)
    if not m:
        return None
    return split_names(re.sub(r"\s+in\s+\w[\w ]*$", "", m["names"]))


_TRANSLATOR_RE = re.compile(
    r"^(?:translated(?:\s+from\s+\w+)?(?:\s+(?:in)?to\s+\w+)?\s+by|translation(?:\s+by)?\s*:?|"
    r"translator\s*:|перевод(?:\s+с\s+\w+)?\s*:?|перевела?\s*:?)\s*(?P<name>.+?)\.?$",
    _I,
)


def parse_translator(line: str) -> str | None:
    """The translator's name from "Translated by X" / "Translation: X" / "Перевод: X"."""
    if len(line) > 120:
        return None
    m = _TRANSLATOR_RE.match(line)
    if not m:
        return None
    names = split_names(m["name"])
    return ", ".join(names) if names else None


_BOLD_RE = re.compile(r"^(\*\*|__)(?P<text>[^*_]+)\1$")
_NOT_OUTLETS = frozenset(
    "exclusive analysis opinion breaking update updated live news photo video comment "
    "interview feature editorial".split()
)


def parse_outlet_line(line: str) -> str | None:
    """An outlet name from a short, wholly bold line: "**The  Moscow Times**"."""
    m = _BOLD_RE.match(line)
    if not m:
        return None
    text = " ".join(m["text"].split())
    words = text.split()
    if not 1 <= len(words) <= 6 or text[-1] in ".!?:;," or text.lower() in _NOT_OUTLETS:
        return None
    if not all(w[0].isupper() or w[0].isdigit() or w.lower() in ("of", "the", "and", "&") for w in words):
        return None
    return text


_AGENCY_NAME = r"(?P<name>[^\W_][\w.&'’ -]{0,50}?)"
_AGENCY_RES = (
    re.compile(rf"^{_AGENCY_NAME}\s*(?:and|&|with|\+|/)\s*(?:agencies|wires|news agencies)\.?$", _I),
    re.compile(rf"^[—–-]+\s*{_AGENCY_NAME}\.?$"),
    re.compile(rf"^(?:source|sources|источник)\s*:\s*{_AGENCY_NAME}\.?$", _I),
    re.compile(rf"^\(?(?P<name>{_AGENCIES}|Associated Press|Agence France-Presse|Bloomberg|BBC|UNIAN|Ukrinform|Interfax-Ukraine)\)?\.?$"),
)


def parse_agency_line(line: str) -> str | None:
    """The outlet from a closing line: "X and agencies", "— AFP", "Reuters", "Source: X"."""
    if len(line) > 60 or "://" in line:
        return None
    for regex in _AGENCY_RES:
        m = regex.match(line)
        if m:
            name = " ".join(m["name"].split())
            if name and _looks_like_outlet(name):
                return name
    return None


_URL_RE = re.compile(r"^<?(?P<url>https?://[^\s<>]+?)>?$", _I)
_URL_LABEL_RE = re.compile(
    r"^(?:original\s+url|source\s+url|original\s+(?:article|link|source)|url|link|"
    r"source|permalink|источник|ссылка)\s*:\s*(?P<rest>.*)$",
    _I,
)


def parse_url_line(line: str) -> tuple[bool, str | None]:
    """(is_url_label_or_bare_url, url). "Original url:" with no URL gives (True, None)."""
    m = _URL_RE.match(line)
    if m:
        return True, m["url"]
    m = _URL_LABEL_RE.match(line)
    if m:
        rest = m["rest"].strip()
        if not rest:
            return True, None
        u = _URL_RE.match(rest)
        if u:
            return True, u["url"]
    return False, None


_DOMAIN_RE = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(?P<host>[^:/?#]+)", _I)


def domain_of(url: str) -> str | None:
    """Host of ``url`` lower-cased without a leading "www."."""
    m = _DOMAIN_RE.match(url.strip())
    if not m:
        return None
    host = m["host"].lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host or None


_HEADING_RE = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")
_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:[^()\s]+)\)")


def strip_markdown(line: str) -> str:
    """Remove heading marks, emphasis markers and link targets from one line."""
    m = _HEADING_RE.match(line)
    if m:
        line = m[1]
    # (each substitution only runs when the characters its pattern starts with occur)
    if "[" in line:
        line = _LINK_RE.sub(r"\1", line)
    if "**" in line or "__" in line:
        line = _STRONG_RE.sub(r"\2", line)
    if "*" in line:
        line = _EM_RE.sub(r"\1", line)
    return line.strip()


_INVISIBLE_RE = re.compile("[\u00ad\u200b\ufeff]")


def clean_text(text: str) -> str:
    """Whitespace runs as one space, no soft hyphens or zero-width spaces: one paragraph's text."""
    return " ".join(_INVISIBLE_RE.sub("", text).split())
