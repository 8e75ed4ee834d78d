"""Decide whether a readable page is an article; say why not.

Pure functions over a page's parsed tree, its decoded text and the paragraphs
trafilatura kept. The rules (in ``docs/loading.md``, "Not articles") are general
shapes — markup, paywall wording, teaser cards — never keyed to one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdb.errors import NotAnArticle
from factdb.parse.boilerplate import clean_text

__all__ = ["CARD_SHARE_MAX", "MIN_WORDS", "TEASER_MAX_WORDS", "PageSignals", "check_article", "page_signals"]

MIN_WORDS = 25  # fewer words of text (title excluded): a caption or a notice, not an article
TEASER_MAX_WORDS = 150  # a page marked or worded as paywalled with less text is a teaser
CARD_SHARE_MAX = 0.5  # more of the text in teaser cards, with no article markup: a listing page
_ARTICLE_TYPES_RE = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:News|Blog|Scholarly|Tech|Report|Analysis|Opinion|Reportage|Review)?'
    r'(?:Article|Posting|NewsArticle)"',
)
_LISTING_TYPES_RE = re.compile(r'"@type"\s*:\s*\[?\s*"(?:CollectionPage|ItemList|SearchResultsPage)"')
# Searched in the lower-cased page, and only when a cheap literal trigger is present
# (a regex over a whole page costs more than the extraction).
_PAYWALL_TRIGGERS = ("isaccessibleforfree", "reading", "subscriber", "read the", "unlock this",
                     "article limit", "for paid", "for premium", "подписчик")
_PAYWALL_RE = re.compile(
    r'"?isaccessibleforfree"?\s*[:=]\s*"?false\b|'
    r"\b(?:subscribe|sign in|log in|register)(?: now)? to (?:continue|keep) reading\b|"
    r"\bto (?:continue|keep) reading,? (?:please )?(?:subscribe|sign in|log in|register)\b|"
    r"\balready an? (?:subscriber|member)\b|\bsubscribers? only\b|\bfor subscribers\b|"
    r"\bto read the (?:full|rest of the|whole) (?:article|story)\b|\bunlock this (?:article|story)\b|"
    r"\b(?:free )?article limit\b|\bthis (?:article|story|content) is (?:only )?(?:available )?for "
    r"(?:paid |premium )?(?:subscribers|members)\b|"
    r"продолжени[ея] (?:статьи )?доступно (?:только )?(?:для )?подписчик"
)


@dataclass(frozen=True)
class PageSignals:
    """What the page's markup says about itself, read before extraction."""

    article_markup: bool  # og:type article or schema.org *Article / *Posting
    listing_markup: bool  # schema.org CollectionPage / ItemList / SearchResultsPage


def page_signals(tree) -> PageSignals:
    """Read the page's ``og:type`` and JSON-LD types (cheap: meta and script elements only)."""
    og_type = ""
    for meta in tree.iterfind(".//meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:type":
            og_type = (meta.get("content") or "").lower()
            break
    scripts = " ".join(s.text or "" for s in tree.iterfind(".//script") if "ld+json" in (s.get("type") or ""))
    return PageSignals(
        article_markup="article" in og_type or bool(_ARTICLE_TYPES_RE.search(scripts)),
        listing_markup=bool(_LISTING_TYPES_RE.search(scripts)),
    )


def _says_paywalled(text: str) -> bool:
    lowered = text.lower()
    return any(t in lowered for t in _PAYWALL_TRIGGERS) and bool(_PAYWALL_RE.search(lowered))


def check_article(tree, paragraphs: list[str], signals: PageSignals, text: str, path: str) -> None:
    """Raise :class:`NotAnArticle` for empty texts, paywall teasers, listings and too short
    texts, in that order. ``paragraphs`` are the extracted ones without the title, ``text``
    the decoded page and ``tree`` its parsed HTML (before extraction)."""
    words = sum(len(p.split()) for p in paragraphs)
    if words == 0:
        raise NotAnArticle("no article text found (empty body)", path=path)
    if words < TEASER_MAX_WORDS and _says_paywalled(text):  # searched only when short: it is slow
        raise NotAnArticle(f"paywalled: only a teaser of {words} words", path=path)
    if not signals.article_markup:
        if signals.listing_markup:
            raise NotAnArticle("an index or listing page (schema.org marks it a collection)", path=path)
        card_words, cards = _card_text(tree, paragraphs)
        if cards >= 3 and card_words > CARD_SHARE_MAX * words:
            raise NotAnArticle(
                f"an index or listing page ({card_words} of {words} words are teasers in {cards} "
                "cards with linked headlines)", path=path)
    if words < MIN_WORDS:
        raise NotAnArticle(f"too short for an article: {words} words of text (at least {MIN_WORDS})", path=path)


_CARD_HEADLINE = (
    ".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][.//a[@href]]"
    " | .//a[@href][.//*[self::h2 or self::h3 or self::h4]]"
)
_CARD_MAX_WORDS = 80  # a card is small: a headline and a teaser


def _card_text(tree, paragraphs: list[str]) -> tuple[int, int]:
    """(words of ``paragraphs`` found in teaser cards, number of cards) in the page ``tree``.

    A card is a small element (at most 80 words) holding a paragraph and a heading
    that links elsewhere: the shape of every index page, never of an article's text.
    """
    wanted = set(paragraphs)
    found: dict[str, object] = {}
    for el in tree.iter("p", "div", "span", "li", "td", "section", "a"):
        content = el.text_content()
        if len(content) > 2000:
            continue
        key = clean_text(content)
        if key in wanted and key not in found:
            found[key] = el
    words, cards = 0, set()
    for para, el in found.items():
        node = el
        for _ in range(4):
            node = node.getparent()
            if node is None or len(node.text_content().split()) > _CARD_MAX_WORDS:
                break
            if node.xpath(_CARD_HEADLINE):
                words += len(para.split())
                cards.add(node)
                break
    return words, len(cards)
