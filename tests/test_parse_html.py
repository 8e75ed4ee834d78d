"""Saved web pages: factdb.parse.html, pure (no database)."""

from __future__ import annotations

import datetime as dt
import gzip
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdb.errors import LoadError, NotAnArticle
from factdb.parse.decode import decode_html, gunzip
from factdb.parse.html import fragment_paragraphs, language_of, parse_html, strip_site_name
from factdb.records import ParsedArticle

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
GOOD, BAD = FIXTURES / "good", FIXTURES / "bad"


def _page(name: str) -> bytes:
    return (GOOD / name).read_bytes()


def _wrap(body: str, head: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


LONG_TEXT = (
    "<p>Russia will send about 1,500 more troops to its base in Tajikistan by the end of the year, "
    "the defence ministry said on Tuesday, citing militants across the border in Afghanistan.</p>"
    "<p>The base already hosts around 7,000 soldiers in Dushanbe and Bokhtar, according to the statement "
    "published by the ministry in Moscow.</p>"
)


def test_article_page_gives_clean_body_and_metadata():
    art = parse_html(_page("article.html"), path="article.html")
    assert art.title == "Russia to add 1,500 troops to its Tajikistan base"  # "| Steppe Herald" dropped
    assert art.url == "https://www.steppeherald.example/world/2024/03/12/russia-tajikistan-base-troops"
    assert (art.published, art.date_precision) == (dt.date(2024, 3, 12), "day")  # published, not modified
    assert art.outlet == "Steppe Herald" and art.outlet_domain == "steppeherald.example"
    assert art.authors == ("Anna Petrova",) and art.language == "en"
    paragraphs = art.body.split("\n\n")
    assert paragraphs[0] == art.title
    assert paragraphs[1] == "Moscow will reinforce the 201st base near Dushanbe, the defence ministry said."
    assert "Collective security" in paragraphs  # a subheading is its own paragraph
    assert paragraphs[-1].endswith("said one researcher at a Bishkek think tank.")
    assert all(p == p.strip() and p and "\n" not in p for p in paragraphs)
    for junk in ("Home", "cookies", "Share this", "Related stories", "Comments", "reader42", "nothing new here",
                 "Sign up for our newsletter", "All rights reserved", "Topics:", "Advertisement", "Search the Herald"):
        assert junk not in art.body, junk


def test_the_same_bytes_give_the_same_body():
    raw = _page("article.html")
    assert parse_html(raw, path="a.html") == parse_html(raw, path="a.html")


def test_fetch_url_wins_over_the_canonical_url_and_the_note_is_kept():
    art = parse_html(_page("article.html"), path="x", url="https://mirror.example/a", note="from WARC record <x>")
    assert art.url == "https://mirror.example/a" and art.outlet_domain == "mirror.example"
    assert art.metadata_note == "from WARC record <x>"


@pytest.mark.parametrize("name, reason", [
    ("listing.html", "an index or listing page (71 of 71 words are teasers in 12 cards with linked headlines)"),
    ("paywall.html", "paywalled: only a teaser of 37 words"),
    ("empty.html", "no article text found (empty body)"),
])
def test_pages_that_are_not_articles_say_why(name, reason):
    with pytest.raises(NotAnArticle) as exc:
        parse_html(_page(name), path=name)
    assert exc.value.reason == reason and exc.value.path == name


def test_a_short_extraction_is_not_an_article():
    with pytest.raises(NotAnArticle, match=r"too short for an article: 8 words of text \(at least 25\)"):
        parse_html(_wrap("<article><h1>Breaking</h1><p>Officials say more details will follow later today.</p>"
                         "</article>"), path="short.html")


def test_a_long_paywalled_page_is_stored():
    """isAccessibleForFree false with the full text in the page (a soft paywall): an article."""
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    art = parse_html(_wrap("<article><h1>Base to grow</h1>" + LONG_TEXT * 4 + "</article>", head), path="p.html")
    assert art.title == "Base to grow"


def test_collection_markup_is_a_listing():
    head = '<script type="application/ld+json">{"@type": "CollectionPage", "name": "World"}</script>'
    with pytest.raises(NotAnArticle, match="schema.org marks it a collection"):
        parse_html(_wrap("<main><h1>World</h1>" + LONG_TEXT + "</main>", head), path="c.html")


# ---------------------------------------------------------------- decoding


def test_cp1251_without_a_charset_fails_and_says_what_to_pass():
    raw = (BAD / "ru_cp1251_no_charset.html").read_bytes()
    with pytest.raises(LoadError) as exc:
        parse_html(raw, path="ru.html")
    assert str(exc.value).startswith("ru.html: not valid UTF-8 and the page declares no charset: byte 0x")
    assert "pass --encoding (e.g. --encoding cp1251" in str(exc.value)
    art = parse_html(raw, path="ru.html", encoding="cp1251")
    assert art.title == "ОДКБ проведет учения в Таджикистане" and art.language == "ru"
    assert "более 2 000 военнослужащих" in art.body and art.outlet == "Вести Азии"


def test_declared_charsets_are_used_and_wrong_ones_refused():
    text = "<html><head><meta charset='windows-1251'><title>т</title></head><body><p>Привет</p></body></html>"
    assert "Привет" in decode_html(text.encode("cp1251"), path="a.html")
    http = "<html><body><p>Привет</p></body></html>".encode("koi8-r")
    assert "Привет" in decode_html(http, path="a.html", declared="koi8-r")
    wrong = "<html><head><meta charset='utf-8'></head><body><p>Привет</p></body></html>".encode("cp1251")
    with pytest.raises(LoadError, match=r"cannot decode as utf-8 \(from its <meta charset>\): invalid byte 0xcf"):
        decode_html(wrong, path="a.html")
    with pytest.raises(LoadError, match="unknown encoding 'klingon'"):
        decode_html(b"<meta charset='klingon'><p>x</p>", path="a.html")
    # ISO-8859-1 means windows-1252 in browsers: curly quotes survive
    assert decode_html(b"<meta charset='iso-8859-1'><p>\x93q\x94</p>", path="a.html").endswith("<p>\u201cq\u201d</p>")


def test_a_byte_order_mark_wins_and_utf16_pages_read():
    page = "<html><head><meta charset='utf-8'></head><body><p>Привет, мир</p></body></html>"
    assert decode_html(page.encode("utf-16"), path="a.html").endswith("<p>Привет, мир</p></body></html>")
    assert decode_html(b"\xef\xbb\xbf" + page.encode(), path="a.html").startswith("<html>")
    # a page that declares utf-16 in bytes read as ASCII is UTF-8 (the HTML rule)
    fake = "<meta charset='utf-16'><p>Привет</p>".encode()
    assert decode_html(fake, path="a.html").endswith("<p>Привет</p>")


def test_a_saved_fragment_is_read_as_a_page():
    art = parse_html(("<div><h1>Base to grow</h1>" + LONG_TEXT + "</div>").encode(), path="fragment.html")
    assert art.title == "Base to grow" and art.body.split("\n\n")[1].startswith("Russia will send about 1,500")


def test_binary_and_plain_text_are_not_pages():
    with pytest.raises(LoadError, match="binary file"):
        parse_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), path="img.html")
    with pytest.raises(LoadError, match=r"no HTML markup found; if it is plain text, name it \.txt"):
        parse_html(b"Just a note.\n\nNo markup at all.", path="note.html")
    with pytest.raises(LoadError, match="empty file"):
        parse_html(b"  \n", path="blank.html")


def test_gunzip_refuses_truncated_and_oversized_data():
    data = gzip.compress(_page("article.html"))
    assert gunzip(data, path="a.html.gz", max_bytes=10**6) == _page("article.html")
    with pytest.raises(LoadError, match="truncated gzip file"):
        gunzip(data[: len(data) // 2], path="a.html.gz", max_bytes=10**6)
    with pytest.raises(LoadError, match="decompresses to over the 1,000-byte limit"):
        gunzip(data, path="a.html.gz", max_bytes=1000)
    with pytest.raises(LoadError, match="not a readable gzip file"):
        gunzip(b"<html>not gzip</html>", path="a.html.gz", max_bytes=1000)


# ---------------------------------------------------------------- small rules


@pytest.mark.parametrize("title, site, domain, expected", [
    ("Headline of the day | Steppe Herald", "Steppe Herald", None, "Headline of the day"),
    ("Steppe Herald - Headline of the day", "Steppe Herald", None, "Headline of the day"),
    ("MacBook sale at Amazon - 9to5Mac", "9To5Mac", "9to5mac.com", "MacBook sale at Amazon"),
    ("Milan Design Week | A light installation", "Inexhibit", None, "Milan Design Week | A light installation"),
    ("Headline only", "Steppe Herald", None, "Headline only"),
])
def test_site_names_are_split_off_titles(title, site, domain, expected):
    assert strip_site_name(title, site, domain) == expected


@pytest.mark.parametrize("declared, body, expected", [
    ("en-GB", "Plain English text", "en"),
    ("ru-RU", "Текст по-русски", "ru"),
    ("de", "Plain English text", "de"),  # a Latin-script code over a Latin body: trusted
    ("ru", "Plain English text", "en"),  # the script contradicts it
    ("en", "Текст по-русски и только", "ru"),
    (None, "Текст по-русски", "ru"),
    ("not a code", "Plain", "en"),
])
def test_language_is_declared_unless_the_script_says_otherwise(declared, body, expected):
    assert language_of(declared, body) == expected


def test_fragments_become_one_paragraph_per_block():
    html = ("<p>First <b>bold</b> line.<br>Second line.</p><ul><li>One</li><li>Two</li></ul>"
            "<script>var x = 1;</script><div>Share this</div><blockquote>Quoted</blockquote>")
    assert fragment_paragraphs(html) == ["First bold line.", "Second line.", "One", "Two", "Quoted"]
    assert fragment_paragraphs("Plain text.\n\nSecond paragraph.") == ["Plain text.", "Second paragraph."]
    assert fragment_paragraphs("") == []


# ---------------------------------------------------------------- property

SETTINGS = settings(max_examples=int(os.environ.get("FACTDB_HYPOTHESIS_EXAMPLES", "60")) // 2 or 1,
                    deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from([
    "<p>", "</p>", "<div class='story'>", "</div>", "<h1>", "</h1>", "<article>", "</article>",
    "<meta charset='utf-8'>", "<meta charset='bogus'>", "<title>T | Site</title>", "<a href='/x'>", "</a>",
    "<script>var a=1;</script>", "<br>", "&amp;", "&#0;", "Russia sent 7,000 troops.", "<!--", "-->",
    "<html lang='ru'>", "Привет", "<table><tr><td>1</td></tr></table>", "\x00", "\ufeff",
])


@SETTINGS
@given(st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map(lambda xs: "".join(xs).encode("utf-8")),
))
def test_any_bytes_give_an_article_or_a_load_error(raw):
    try:
        art = parse_html(raw, path="random.html")
    except LoadError as exc:  # NotAnArticle is a LoadError too
        assert exc.path == "random.html"
        return
    assert isinstance(art, ParsedArticle) and art.title and "\n" not in art.title
    assert art.body.startswith(art.title) and "\n\n\n" not in art.body
