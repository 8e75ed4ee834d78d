"""`factdb load` on saved pages, WARC files and feeds, through the real CLI (SQLite and PostgreSQL)."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys

import pytest
import sqlalchemy as sa

from conftest import REPO, SEEDS
from warcs import ARTICLE_URL, FORMATS, LISTING_URL, crawl, write_warc

GOOD, BAD = FORMATS / "good", FORMATS / "bad"
ARTICLE_TITLE = "Russia to add 1,500 troops to its Tajikistan base"


def _load(run_cli, *args) -> tuple[dict, object]:
    result = run_cli("load", *map(str, args), "--format", "json")
    return json.loads(result.stdout), result


def _rows(url: str, sql: str) -> list:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(sql)).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def _articles(url: str) -> dict[str, dict]:
    rows = _rows(url, "SELECT id, title, body, url, published, date_precision, authors, language, source_path,"
                      " metadata_note, sha256 FROM articles ORDER BY id")
    return {r["source_path"]: r for r in rows}


def _assert_spans_point_into_bodies(url: str) -> int:
    """Every mention, claim and membership span of every article is a slice of its body."""
    bodies = {a["id"]: a["body"] for a in _articles(url).values()}
    n = 0
    for m in _rows(url, "SELECT article_id, span_start, span_end, surface FROM mentions"):
        assert bodies[m["article_id"]][m["span_start"]:m["span_end"]] == m["surface"]
        n += 1
    for c in _rows(url, "SELECT article_id, span_start, span_end, quote, quote_start, quote_end FROM claims"):
        body = bodies[c["article_id"]]
        assert body[c["quote_start"]:c["quote_end"]] == c["quote"]
        assert c["quote_start"] <= c["span_start"] < c["span_end"] <= c["quote_end"]
        n += 1
    for m in _rows(url, "SELECT article_id, quote, span_start, span_end FROM memberships"
                        " WHERE article_id IS NOT NULL"):
        assert m["quote"] and m["quote"] in bodies[m["article_id"]]
        n += 1
    return n


def _mixed_folder(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(GOOD / "article.html", folder / "base.html")
    (folder / "paywall.html.gz").write_bytes(gzip.compress((GOOD / "paywall.html").read_bytes()))
    shutil.copy(GOOD / "feed.rss", folder / "herald.rss")
    shutil.copy(GOOD / "feed.atom", folder / "caspian.xml")
    write_warc(folder / "crawl.warc.gz", crawl(
        article=(GOOD / "article.html").read_bytes().replace(b"7,000 soldiers", b"7,000 troops")))
    shutil.copy(next(SEEDS.glob("000_*.txt")), folder / "moscow_times.txt")
    (folder / "note.md").write_text(
        "# Kazakhstan to host CSTO drills\n\nKazakhstan will host exercises of the Collective Security Treaty "
        "Organization in May, with about 3,000 troops from member states taking part.\n", encoding="utf-8")
    return folder


def test_a_mixed_folder_loads_in_one_call_and_reloads_unchanged(run_cli, tmp_path):
    folder = _mixed_folder(tmp_path)
    summary, result = _load(run_cli, folder)
    assert result.exit_code == 0, result.output
    assert (summary["loaded"], summary["failed"], summary["not_articles"], summary["other_records"]) == (8, 0, 3, 4)
    assert sorted(s["reason"] for s in summary["skipped_not_articles"]) == [
        "an index or listing page (71 of 71 words are teasers in 12 cards with linked headlines)",
        "feed item with no content or summary",
        "paywalled: only a teaser of 37 words",
    ]
    arts = _articles(run_cli.url)
    assert {p.split("/inbox/")[1] for p in arts} == {
        "base.html", "moscow_times.txt", "note.md", f"crawl.warc.gz#{ARTICLE_URL}",
        "herald.rss#steppeherald-20240314-border",
        "herald.rss#https://www.steppeherald.example/business/2024/03/13/uzbek-wheat",
        "caspian.xml#tag:caspianmonitor.example,2024:rail-crossing",
        "caspian.xml#tag:caspianmonitor.example,2024:fishing",
    }
    assert _assert_spans_point_into_bodies(run_cli.url) > 50
    ids = {p: a["id"] for p, a in arts.items()}

    again, result = _load(run_cli, folder)
    assert result.exit_code == 0
    assert (again["loaded"], again["updated"], again["unchanged"], again["claims"]) == (0, 0, 8, 0)
    assert {p: a["id"] for p, a in _articles(run_cli.url).items()} == ids


def test_saved_page_metadata_and_body(run_cli, tmp_path):
    shutil.copy(GOOD / "article.html", tmp_path / "base.html")
    (tmp_path / "copy.htm.gz").write_bytes(gzip.compress((GOOD / "article.html").read_bytes()))
    summary, result = _load(run_cli, tmp_path)
    assert result.exit_code == 0 and summary["loaded"] == 2  # gzip bytes differ: no duplicate
    (art,) = [a for p, a in _articles(run_cli.url).items() if p.endswith("base.html")]
    assert art["title"] == ARTICLE_TITLE and art["body"].startswith(ARTICLE_TITLE + "\n\nMoscow will reinforce")
    assert art["url"] == "https://www.steppeherald.example/world/2024/03/12/russia-tajikistan-base-troops"
    assert str(art["published"]) == "2024-03-12" and art["date_precision"] == "day"
    assert art["authors"] == "Anna Petrova" and art["language"] == "en"
    shown = json.loads(run_cli("article", str(art["id"]), "--format", "json").stdout)
    assert shown["outlet"] == "Steppe Herald" and shown["body"] == art["body"]
    claims = _rows(run_cli.url, f"SELECT value, unit, quote FROM claims WHERE article_id = {art['id']}")
    assert {(c["value"], c["unit"]) for c in claims} >= {(1500.0, "person"), (7000.0, "person")}
    _assert_spans_point_into_bodies(run_cli.url)


def test_warc_pages_are_articles_with_the_fetch_url_and_date(run_cli, tmp_path):
    warc = write_warc(tmp_path / "crawl.warc.gz", crawl())
    summary, result = _load(run_cli, warc)
    assert result.exit_code == 0
    assert (summary["loaded"], summary["other_records"], summary["not_articles"]) == (1, 4, 1)
    assert summary["skipped_not_articles"] == [{
        "path": f"{warc}#{LISTING_URL}",
        "reason": "an index or listing page (71 of 71 words are teasers in 12 cards with linked headlines)"}]
    (art,) = _articles(run_cli.url).values()
    assert art["source_path"] == f"{warc}#{ARTICLE_URL}" and art["url"] == ARTICLE_URL
    assert str(art["published"]) == "2024-03-12"  # htmldate's, from the page
    assert art["metadata_note"].startswith("from WARC record <urn:uuid:")
    assert art["metadata_note"].endswith("fetched 2024-03-12T10:15:00Z")
    _assert_spans_point_into_bodies(run_cli.url)

    # the same file again changes nothing; a re-crawl with an edited page updates that article in place
    again, _ = _load(run_cli, warc)
    assert (again["loaded"], again["updated"], again["unchanged"]) == (0, 0, 1)
    edited = (GOOD / "article.html").read_bytes().replace(b"around 7,000 soldiers", b"around 7,200 soldiers")
    write_warc(warc, crawl(article=edited))
    again, _ = _load(run_cli, warc)
    assert (again["loaded"], again["updated"], again["unchanged"]) == (0, 1, 0)
    (after,) = _articles(run_cli.url).values()
    assert after["id"] == art["id"] and "7,200 soldiers" in after["body"]
    _assert_spans_point_into_bodies(run_cli.url)


def test_an_edited_feed_updates_its_items_and_adds_new_ones(run_cli, tmp_path):
    feed = tmp_path / "herald.rss"
    shutil.copy(GOOD / "feed.rss", feed)
    first, _ = _load(run_cli, feed)
    assert (first["loaded"], first["not_articles"]) == (2, 1)
    before = _articles(run_cli.url)
    summary_only = before[f"{feed}#https://www.steppeherald.example/business/2024/03/13/uzbek-wheat"]
    assert summary_only["metadata_note"] == "feed item with only a summary: the body is that summary, not the full article"
    full = before[f"{feed}#steppeherald-20240314-border"]
    assert full["authors"] == "Bakyt Osmonov" and str(full["published"]) == "2024-03-14"

    text = feed.read_text(encoding="utf-8")
    new_item = """<item><title>Tajikistan opens a new hydropower unit</title>
    <link>https://www.steppeherald.example/business/2024/03/15/rogun</link><guid>steppeherald-rogun</guid>
    <pubDate>Fri, 15 Mar 2024 08:00:00 +0500</pubDate>
    <description>The second unit of the Rogun dam added 600 megawatts of capacity, officials said.</description>
    </item>"""
    text = text.replace("<item>", new_item + "\n  <item>", 1).replace("further 24 kilometres", "further 26 kilometres")
    feed.write_text(text, encoding="utf-8")
    again, result = _load(run_cli, feed)
    assert result.exit_code == 0
    assert (again["loaded"], again["updated"], again["unchanged"]) == (1, 1, 1)
    after = _articles(run_cli.url)
    assert after[f"{feed}#steppeherald-20240314-border"]["id"] == full["id"]
    assert "further 26 kilometres" in after[f"{feed}#steppeherald-20240314-border"]["body"]
    _assert_spans_point_into_bodies(run_cli.url)


# ---------------------------------------------------------------- bad input, per format


def _one_line_failure(result, name: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("failed:") and name in line]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_bad_pages_fail_alone_with_one_line_each(run_cli, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(GOOD / "article.html", folder / "good.html")
    cases = {
        "ru.html": (BAD / "ru_cp1251_no_charset.html").read_bytes(),
        "cut.html.gz": gzip.compress((GOOD / "article.html").read_bytes())[:900],
        "photo.htm": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
        "notes.html": b"Just my notes, no markup.",
    }
    expected = {
        "ru.html": "not valid UTF-8 and the page declares no charset: byte 0x",
        "cut.html.gz": "truncated gzip file",
        "photo.htm": "binary file (NUL byte at byte offset 4), not a web page",
        "notes.html": "no HTML markup found; if it is plain text, name it .txt",
    }
    for name, raw in cases.items():
        (folder / name).write_bytes(raw)
    result = run_cli("load", str(folder))
    assert result.exit_code == 1
    for name, message in expected.items():
        line = _one_line_failure(result, name)
        assert line.startswith(f"failed: {folder / name}: ") and message in line
    assert [a["title"] for a in _articles(run_cli.url).values()] == [ARTICLE_TITLE]

    # the fix the message suggests works
    fixed = run_cli("load", str(folder / "ru.html"), "--encoding", "cp1251")
    assert fixed.exit_code == 0, fixed.output
    ru = _articles(run_cli.url)[str(folder / "ru.html")]
    assert ru["title"] == "ОДКБ проведет учения в Таджикистане" and ru["language"] == "ru"


def test_a_huge_page_fails_with_the_limit(run_cli, tmp_path):
    page = tmp_path / "huge.html"
    page.write_bytes((GOOD / "article.html").read_bytes())
    result = run_cli("load", str(page), "--max-bytes", "2000")
    assert result.exit_code == 1
    line = _one_line_failure(result, "huge.html")
    assert "over the 2,000-byte limit (raise it with --max-bytes)" in line
    packed = tmp_path / "packed.html.gz"
    packed.write_bytes(gzip.compress(b"<html><body>" + b"<p>word word word</p>" * 2000 + b"</body></html>"))
    result = run_cli("load", str(packed), "--max-bytes", "5000")
    assert "decompresses to over the 5,000-byte limit" in _one_line_failure(result, "packed.html.gz")
    assert _articles(run_cli.url) == {}


def test_a_truncated_warc_leaves_nothing_of_itself(run_cli, tmp_path):
    """The article record is complete, the file is cut later: nothing of the file is stored."""
    full = write_warc(tmp_path / "full.warc.gz", crawl()).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(full[: len(full) - 400])  # inside the listing page's record, after the article's
    shutil.copy(GOOD / "feed.atom", tmp_path / "other.atom")
    (tmp_path / "full.warc.gz").unlink()
    summary, result = _load(run_cli, tmp_path)
    assert result.exit_code == 1
    assert summary["failed"] == 1 and summary["loaded"] == 2  # the feed still loads
    (failure,) = summary["failures"]
    assert failure["path"] == str(cut) and failure["reason"].startswith(f"{cut}: truncated")
    assert "\n" not in failure["reason"]
    assert not [p for p in _articles(run_cli.url) if "cut.warc.gz" in p]
    assert summary["skipped_not_articles"] == [] and summary["other_records"] == 0  # none of the file's records


def test_a_bad_page_inside_a_warc_fails_alone(run_cli, tmp_path):
    ru = (BAD / "ru_cp1251_no_charset.html").read_bytes()
    records = crawl() + [("response", "https://vesti.example/odkb", ru, "text/html", "200 OK", "2024-03-18T06:00:00Z")]
    warc = write_warc(tmp_path / "mixed.warc.gz", records)
    summary, result = _load(run_cli, warc)
    assert result.exit_code == 1 and summary["loaded"] == 1 and summary["failed"] == 1
    assert summary["failures"][0]["path"] == f"{warc}#https://vesti.example/odkb"
    assert "pass --encoding" in summary["failures"][0]["reason"]


def test_a_truncated_feed_fails_and_a_sitemap_is_skipped(run_cli, tmp_path):
    raw = (GOOD / "feed.rss").read_bytes()
    (tmp_path / "cut.rss").write_bytes(raw[: len(raw) // 2])
    (tmp_path / "sitemap.xml").write_bytes(
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://a.example/</loc></url></urlset>")
    summary, result = _load(run_cli, tmp_path)
    assert result.exit_code == 1
    (failure,) = summary["failures"]
    assert failure["reason"].startswith(f"{tmp_path / 'cut.rss'}: malformed feed XML at line ")
    assert summary["skipped_not_articles"] == [
        {"path": str(tmp_path / "sitemap.xml"), "reason": "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> "
                                                          "root element)"}]
    assert _articles(run_cli.url) == {}


def test_the_table_summary_lists_skipped_pages(run_cli, tmp_path):
    shutil.copy(GOOD / "listing.html", tmp_path / "world.html")
    result = run_cli("load", str(tmp_path))
    assert result.exit_code == 0
    assert f"not an article: {tmp_path / 'world.html'}: an index or listing page" in result.stderr
    assert result.stdout.strip().endswith("failed 0, not_articles 1, relinked 0, mentions 0, claims 0, memberships 0")


def test_the_cli_does_not_import_the_page_readers_at_start_up():
    code = ("import sys; from click.testing import CliRunner; from factdb.cli import cli; import factdb.load;"
            "CliRunner().invoke(cli, ['load', '--help']);"
            "print([m for m in ('trafilatura', 'htmldate', 'warcio', 'feedparser', 'lxml') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["a.html", "b.HTM", "c.html.gz", "d.warc", "e.warc.gz", "f.rss", "g.atom", "h.xml"])
def test_discover_picks_the_new_suffixes_up(tmp_path, name):
    from factdb.pipeline import discover

    (tmp_path / name).write_bytes(b"x")
    (tmp_path / "image.png").write_bytes(b"x")
    files, skipped, _ = discover([str(tmp_path)])
    assert [f.split("/")[-1] for f in files] == [name] and skipped[0][0].endswith("image.png")
