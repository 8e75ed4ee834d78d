"""Property tests: any bytes or text either parse or raise LoadError, never anything else."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdb.errors import LoadError
from factdb.parse.article import parse_article
from factdb.parse.decode import decode_bytes
from factdb.records import DATE_PRECISIONS, ParsedArticle

# FACTDB_HYPOTHESIS_EXAMPLES=4000 for a longer search (it passes at 4000 too).
SETTINGS = settings(
    max_examples=int(os.environ.get("FACTDB_HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Lines in the shapes the parser looks for, so random files reach its branches.
LINE_SHAPES = st.sampled_from([
    "# Heading here", "**The  Daily Star**", "September 15, 2015", "28 September 2013, 14:07",
    "Published: 2015", "By Ann Lee and Bo Chan", "Ann Lee, Bo Chan fro Example News",
    "Translated by Cy Dee", "USD 86.45", "путин одкб саммит", "Photo by: Reuters",
    "- Advertisement -", "__ATA.cmd.push(function() {", "Subscribe to our newsletter",
    "and share via", "Original url:", "<https://www.example.com/2015/09/15/x>",
    "Reuters", "TRTWorld and agencies", "---", "title: x", "note: [", "...", "",
    "A plain sentence of body text.", "lowercase continuation of it,", "* * *", "Tags: a, b",
    "Reporting by Ann Lee; Editing by Bo Chan", "![img](x.png)", "\ufeff", "\r", "\t",
])
RANDOM_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
DOCUMENT = st.lists(st.one_of(LINE_SHAPES, RANDOM_LINE), max_size=25).map("\n".join)


def check(article: ParsedArticle) -> None:
    assert isinstance(article, ParsedArticle)
    assert article.title and "\n" not in article.title
    assert article.body == article.title or article.body.startswith(article.title + "\n\n")
    assert "\n\n\n" not in article.body
    assert article.date_precision in DATE_PRECISIONS
    assert (article.published is None) == (article.date_precision == "unknown")


def parse_or_error(text: str) -> ParsedArticle | None:
    try:
        article = parse_article(text, path="random.txt")
    except LoadError as exc:
        assert exc.path == "random.txt"
        return None
    check(article)
    assert parse_article(text, path="random.txt") == article  # deterministic
    return article


@SETTINGS
@given(st.text())
def test_random_text_parses_or_raises_load_error(text):
    parse_or_error(text)


@SETTINGS
@given(DOCUMENT)
def test_random_documents_of_article_shaped_lines(text):
    parse_or_error(text)


@SETTINGS
@given(DOCUMENT, st.sampled_from(["\n", "\r\n", "\r"]))
def test_line_endings_do_not_change_the_article(text, newline):
    try:
        expected = parse_article(text, path="random.txt")
    except LoadError:
        return
    assert parse_article(text.replace("\n", newline), path="random.txt") == expected


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_decode_and_parse_or_raise_load_error(raw):
    try:
        text = decode_bytes(raw, path="random.bin")
    except LoadError:
        return
    parse_or_error(text)


@SETTINGS
@given(DOCUMENT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_encoded_documents_round_trip(text, encoding):
    raw = text.encode(encoding)
    try:
        decoded = decode_bytes(raw, path="doc.txt")
    except LoadError as exc:
        assert "empty" in str(exc) or "binary" in str(exc)
        return
    # the encoder's own BOM is dropped; a BOM-like first character of plain UTF-8 is read as a BOM
    assert decoded == (text.removeprefix("\ufeff") if encoding == "utf-8" else text)
    parse_or_error(decoded)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["title", "published", "date_precision", "authors", "url",
                                         "language", "outlet", "note", "bogus"]),
                       st.one_of(st.none(), st.text(max_size=12), st.integers(), st.lists(st.text(max_size=5)))))
def test_random_sidecars_apply_or_raise_load_error(sidecar):
    try:
        article = parse_article("Headline\n\nBody text.", path="a.txt", sidecar=sidecar)
    except LoadError:
        return
    check(article)
