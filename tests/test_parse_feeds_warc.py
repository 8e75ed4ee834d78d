"""WARC files and RSS/Atom feeds: factdb.parse.warc and factdb.parse.feeds, pure (no database)."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest

from factdb.errors import LoadError, NotAnArticle
from factdb.parse.feeds import SUMMARY_NOTE, item_article, read_feed
from factdb.parse.warc import read_warc
from warcs import ARTICLE_URL, FORMATS, LISTING_URL, crawl, response, write_warc

GOOD = FORMATS / "good"


def _records(path, max_bytes=10**6):
    with open(path, "rb") as fh:
        return list(read_warc(fh, path=str(path), max_bytes=max_bytes, size=path.stat().st_size))


# ---------------------------------------------------------------- WARC


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_and_other_records(tmp_path, gz):
    path = write_warc(tmp_path / ("c.warc.gz" if gz else "c.warc"), crawl(), gzip=gz)
    recs = _records(path)
    assert [r.kind for r in recs] == ["other", "other", "page", "other", "page", "other"]
    assert [r.why for r in recs if r.kind == "other"] == [
        "warcinfo record", "request record", "image/jpeg response", "HTTP 404"]
    page = recs[2]
    assert page.url == ARTICLE_URL and page.fetched == "2024-03-12T10:15:00Z" and page.charset == "utf-8"
    assert page.payload == (GOOD / "article.html").read_bytes() and page.record_id.startswith("<urn:uuid:")
    assert recs[4].url == LISTING_URL
    assert [r.offset for r in recs] == sorted(r.offset for r in recs) and recs[0].offset == 0


def test_a_page_over_the_limit_is_flagged_not_read(tmp_path):
    path = write_warc(tmp_path / "c.warc.gz", crawl())
    page = _records(path, max_bytes=1000)[2]
    assert page.kind == "page" and page.too_big and page.payload is None


@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_warc_is_refused_with_the_offset(tmp_path, gz):
    full = write_warc(tmp_path / "full.warc", crawl(), gzip=gz).read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cut.write_bytes(full[: len(full) * 2 // 3])
    with pytest.raises(LoadError) as exc:
        _records(cut)
    message = str(exc.value)
    assert message.startswith(f"{cut}: truncated") and "byte offset" in message and "\n" not in message


def test_junk_and_empty_files_are_not_warcs(tmp_path):
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"GET / HTTP/1.1\r\nHost: example\r\n\r\n")
    with pytest.raises(LoadError, match="not a readable WARC file at its start"):
        _records(junk)
    arc_like = tmp_path / "arc.warc"
    arc_like.write_bytes(b"http://x.example/ 1.2.3.4 20240101000000 text/html 5\nhello\n")
    with pytest.raises(LoadError, match="not a WARC file: the record at byte offset 0 has no WARC header"):
        _records(arc_like)
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    with pytest.raises(LoadError, match="empty file"):
        _records(empty)
    with pytest.raises(LoadError, match="g.warc.gz: truncated or corrupt: 13 bytes after byte offset 0"):
        list(read_warc(io.BytesIO(b"\x1f\x8b\x08\x00garbage"), path="g.warc.gz", max_bytes=100, size=13))


def test_a_response_without_content_type_is_sniffed(tmp_path):
    path = write_warc(tmp_path / "c.warc.gz", [response("https://a.example/", b"<!DOCTYPE html><p>x</p>", ""),
                                              response("https://a.example/b", b"GIF89a", "")])
    assert [r.kind for r in _records(path)] == ["page", "other"]


# ---------------------------------------------------------------- feeds


def test_rss_items_with_content_summary_or_nothing():
    items = read_feed((GOOD / "feed.rss").read_bytes(), path="feed.rss")
    assert [i.key for i in items] == ["steppeherald-20240314-border",
                                      "https://www.steppeherald.example/business/2024/03/13/uzbek-wheat",
                                      "steppeherald-live-astana"]
    full = item_article(items[0], path="feed.rss#1")
    assert full.title == "Kyrgyzstan and Tajikistan agree on a border section"
    assert full.body.split("\n\n")[1].startswith("Kyrgyzstan and Tajikistan have agreed on the line")
    assert "Share this" not in full.body and full.body.endswith("at the next round in Dushanbe.")
    assert (full.published, full.date_precision) == (dt.date(2024, 3, 14), "day")  # as written, +0500
    assert full.authors == ("Bakyt Osmonov",) and full.outlet == "Steppe Herald"
    assert full.url.endswith("/kyrgyz-tajik-border") and full.language == "en" and full.metadata_note is None

    summary = item_article(items[1], path="feed.rss#2")
    assert summary.metadata_note == SUMMARY_NOTE and summary.authors == ("Dilnoza Karimova",)
    assert summary.body.endswith("up from 6.8 million forecast in January.")
    with pytest.raises(NotAnArticle, match="feed.rss#3: feed item with no content or summary"):
        item_article(items[2], path="feed.rss#3")


def test_atom_entries():
    items = read_feed((GOOD / "feed.atom").read_bytes(), path="feed.atom")
    rail = item_article(items[0], path="a#1")
    assert rail.title == "Kazakhstan & Turkmenistan open a new rail crossing"
    assert rail.authors == ("Aigerim Nurlanova", "Murat Serikbayev")
    assert rail.published == dt.date(2024, 3, 15)  # 01:30 +05:00 is still the 15th where it was written
    fishing = item_article(items[1], path="a#2")
    assert fishing.published is None and fishing.date_precision == "unknown"  # <updated> is not publication
    assert fishing.metadata_note == SUMMARY_NOTE and fishing.outlet_domain == "caspianmonitor.example"


def test_fingerprints_change_only_with_the_item():
    raw = (GOOD / "feed.rss").read_bytes()
    a, b = read_feed(raw, path="f"), read_feed(raw, path="f")
    assert [i.fingerprint() for i in a] == [i.fingerprint() for i in b]
    edited = read_feed(raw.replace(b"24 kilometres of disputed", b"25 kilometres of disputed"), path="f")
    assert [x.fingerprint() == y.fingerprint() for x, y in zip(a, edited)] == [False, True, True]


def test_bad_feeds():
    raw = (GOOD / "feed.rss").read_bytes()
    with pytest.raises(LoadError, match=r"feed.rss: malformed feed XML at line \d+"):
        read_feed(raw[: len(raw) // 2], path="feed.rss")
    sitemap = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>' \
              b"<loc>https://a.example/</loc></url></urlset>"
    with pytest.raises(NotAnArticle, match="not an RSS or Atom feed"):
        read_feed(sitemap, path="sitemap.xml", must_be_feed=False)
    with pytest.raises(LoadError, match="not an RSS or Atom feed"):
        read_feed(sitemap, path="x.rss")
    mislabelled = raw.replace(b"Kyrgyzstan and Tajikistan have", "Кыргызстан и Таджикистан".encode("cp1251"))
    with pytest.raises(LoadError, match="pass --encoding"):
        read_feed(mislabelled, path="feed.rss")
    declared = mislabelled.replace(b'encoding="UTF-8"', b'encoding="windows-1251"')
    item = read_feed(declared, path="feed.rss")[0]
    assert "Кыргызстан и Таджикистан" in item_article(item, path="f#1").body
    assert read_feed(mislabelled, path="feed.rss", encoding="cp1251")[0].content == item.content


# ---------------------------------------------------------------- property

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(max_examples=int(os.environ.get("FACTDB_HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEED_PIECES = st.sampled_from([
    '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="koi8-r"?>', "<rss version='2.0'>",
    "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>T</title>", "<link>https://a.example/x</link>",
    "<guid>g1</guid>", "<description>Some text.</description>", "<pubDate>Thu, 14 Mar 2024 07:45:00 +0500</pubDate>",
    "<pubDate>not a date</pubDate>", '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    "<content type='html'>&lt;p&gt;x&lt;/p&gt;</content>", "<published>2024-13-45T00:00:00Z</published>",
    "<![CDATA[", "]]>", "&amp;", "&nbsp;", "Привет", "\x00",
])


@SETTINGS
@given(st.one_of(st.binary(max_size=200),
                 st.lists(st.one_of(FEED_PIECES, st.text(max_size=15)), max_size=30)
                 .map(lambda xs: "".join(xs).encode("utf-8", "surrogatepass"))))
def test_any_bytes_give_feed_items_or_a_load_error(raw):
    try:
        items = read_feed(raw, path="random.rss")
    except LoadError as exc:
        assert exc.path == "random.rss"
        return
    for n, item in enumerate(items):
        try:
            art = item_article(item, path=f"random.rss#{n}")
        except NotAnArticle:
            continue
        assert art.title and art.body.startswith(art.title) and "\n\n\n" not in art.body


@SETTINGS
@given(st.binary(max_size=400), st.booleans())
def test_any_bytes_give_warc_records_or_a_load_error(raw, warc_header):
    if warc_header:
        raw = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n" + raw
    try:
        list(read_warc(io.BytesIO(raw), path="random.warc", max_bytes=1000, size=len(raw)))
    except LoadError as exc:
        assert exc.path == "random.warc"
