"""parse_article / read_sidecar: metadata, body cleaning, overrides, errors.

Seed expectations first; then synthetic files in the styles of different
outlets, written for these tests (none copies a seed's wording).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factdb.errors import LoadError
from factdb.parse.article import parse_article, read_sidecar
from factdb.parse.decode import decode_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = decode_bytes(path.read_bytes(), path=str(path))
    return parse_article(text, path=str(path), sidecar=read_sidecar(str(path)))


def parse(text: str, **kw):
    return parse_article(text, path="x.txt", **kw)


def paragraphs(article) -> list[str]:
    return article.body.split("\n\n")


# ------------------------------------------------------------------ seeds

SEED_EXPECTED = {
    "000": dict(
        title="'Count on Russia,' Putin Tells Tajikistan After Deadly Gun Battles",
        published=dt.date(2015, 9, 15), date_precision="day", outlet="The Moscow Times",
        outlet_domain="themoscowtimes.com",
        url="https://www.themoscowtimes.com/2015/09/15/count-on-russia-putin-tells-tajikistan-after-deadly-gun-battles-a49560",
        authors=(), translator=None, language="en",
    ),
    "001": dict(
        title="Putin promises to help Tajikistan after clashes",
        published=dt.date(2015, 9, 1), date_precision="month",  # from its sidecar
        outlet="TRTWorld", outlet_domain=None, url=None, authors=(), translator=None, language="en",
    ),
    "002": dict(
        title="CSTO to step up military support for Tajikistan",
        published=dt.date(2013, 9, 28), date_precision="day",
        outlet="Voice of Russia",  # from its sidecar
        outlet_domain=None, url=None, authors=(), translator=None, language="en",
    ),
    "003": dict(
        title="ISIS creeps up on Tajikistan, Russia pledges aid",
        published=dt.date(2015, 4, 7), date_precision="day", outlet="Kommersant",
        outlet_domain=None, url=None, authors=("Elena Chernenko", "Ivan Safronov"),
        translator="Krisitna Rus", language="en",
    ),
    "004": dict(
        title="Russia promises Tajikistan gratuitous arms supplies",
        published=None, date_precision="unknown", outlet=None, outlet_domain=None, url=None,
        authors=(), translator=None, language="en",
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_metadata(prefix):
    article = seed(prefix)
    for field, expected in SEED_EXPECTED[prefix].items():
        assert getattr(article, field) == expected, field


@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTED))
def test_seed_body_starts_with_title_and_is_clean(prefix):
    article = seed(prefix)
    paras = paragraphs(article)
    assert paras[0] == article.title
    assert "\n\n\n" not in article.body
    assert all(p == p.strip() and p for p in paras)
    for junk in ("__ATA", "Advertisement", "Subscribe to our newsletter", "Sign up here",
                 "share via", "Photo by:", "Original url", "USD 86.45", "EUR 92.47",
                 "**", "путин одкб", "Translated by", "fro Kommersant", "TRTWorld and agencies",
                 "September 15, 2015\n", "28 September 2013, 14:07", "April 7, 2015"):
        assert junk not in article.body, junk


def test_seed_captions_and_subheads_are_kept():
    assert "in Dushanbe, Tajikistan, Sept. 15, 2015." in seed("000").body
    assert "shakes hands with Tajik President Emomali Rakhmon" in seed("001").body
    subheads = paragraphs(seed("003"))[1:3]
    assert subheads[0].startswith("Russia will transfer") and subheads[1].startswith("Dushanbe will")
    assert "\n\nSergei Shoigu\n\n" in seed("004").body


def test_seed_sentence_split_by_a_blank_line_is_rejoined():
    body = seed("000").body
    assert "count on our assistance and support,\" Putin told" in body


def test_seed_bodies_are_stable():
    first = {p: seed(p).body for p in SEED_EXPECTED}
    second = {p: seed(p).body for p in SEED_EXPECTED}
    assert first == second
    assert len(paragraphs(seed("000"))) == 12


def test_caption_dates_are_not_publication_dates():
    # seed 001 has dates only in captions; without its sidecar it has no date
    (path,) = SEEDS.glob("001_*.txt")
    article = parse_article(decode_bytes(path.read_bytes(), path=str(path)), path=str(path))
    assert article.published is None and article.date_precision == "unknown"


def test_every_seed_sidecar_has_a_note():
    for sidecar in SEEDS.glob("*.meta.yml"):
        assert read_sidecar(str(sidecar).replace(".meta.yml", ".txt"))["note"].strip()


# ------------------------------------------------------- synthetic: titles

def test_markdown_heading_is_the_title_even_after_an_outlet_line():
    a = parse("**Daily  Planet**\n\n# Floods hit *the* coast\n\nMarch 3, 2019\n\nWater rose fast.\n")
    assert a.title == "Floods hit the coast"
    assert a.outlet == "Daily Planet"
    assert a.published == dt.date(2019, 3, 3)
    assert a.body == "Floods hit the coast\n\nWater rose fast."


def test_first_substantive_line_is_the_title_skipping_metadata():
    text = "EUR 1.0845 +0.2%\nUSD/JPY 149.10\n\nTuesday, 4 June 2024 10:15 GMT\n\nBy Ana Lopez and Tom Bright\n\nPort reopens after strike\n\nThe port reopened on Monday."
    a = parse(text)
    assert a.title == "Port reopens after strike"
    assert a.authors == ("Ana Lopez", "Tom Bright")
    assert (a.published, a.date_precision) == (dt.date(2024, 6, 4), "day")
    assert a.body == "Port reopens after strike\n\nThe port reopened on Monday."


def test_title_repeated_below_is_not_duplicated():
    a = parse("Grain deal extended\nGrain deal extended\n\nThe deal was extended for 120 days.")
    assert a.body == "Grain deal extended\n\nThe deal was extended for 120 days."


def test_text_without_short_lines_uses_first_line_as_title():
    text = " ".join(["word"] * 40) + ".\n\nSecond paragraph."
    a = parse(text)
    assert a.title == " ".join(["word"] * 40) + "."
    assert paragraphs(a) == [a.title, "Second paragraph."]


def test_title_only_file_is_accepted():
    a = parse("Just a headline\n")
    assert a.title == "Just a headline" and a.body == "Just a headline"


@pytest.mark.parametrize("text", ["", "   \n\n", "***\n---\n", "Photo: AP\nShare this\n- Advertisement -\n",
                                  "September 15, 2015\n"])
def test_no_title_and_no_body_is_a_load_error(text):
    with pytest.raises(LoadError, match="no title or body"):
        parse(text)


# -------------------------------------------------------- synthetic: dates

@pytest.mark.parametrize(
    "line, date, precision",
    [
        ("Sept. 15, 2015", dt.date(2015, 9, 15), "day"),
        ("15.09.2015", dt.date(2015, 9, 15), "day"),
        ("2015-09-15", dt.date(2015, 9, 15), "day"),
        ("Published: 15 September 2015, 09:30 MSK", dt.date(2015, 9, 15), "day"),
        ("15 сентября 2015 г., 14:07", dt.date(2015, 9, 15), "day"),
        ("September 2015", dt.date(2015, 9, 1), "month"),
        ("Posted on: 2015", dt.date(2015, 1, 1), "year"),
    ],
)
def test_date_line_forms_and_precision(line, date, precision):
    a = parse(f"Headline here\n{line}\n\nBody sentence one.")
    assert (a.published, a.date_precision) == (date, precision)
    assert line not in a.body


def test_body_and_caption_dates_are_not_publication_dates():
    text = ("Talks resume\n\nLeaders meet in Geneva, Switzerland, March 2, 2021.\n\n"
            "On January 5, 2021, the sides agreed to talk. The deadline is 2021-03-30.")
    a = parse(text)
    assert a.published is None and a.date_precision == "unknown"


def test_date_line_deep_in_the_body_is_kept_as_text():
    body = "\n\n".join(f"Paragraph {i} has a full sentence with plenty of words in it to be body text for sure ok." for i in range(3))
    a = parse(f"Timeline of events\n\n{body}\n\nMarch 4, 2020\n\nTroops moved.")
    assert a.published is None
    assert "March 4, 2020" in a.body


def test_ambiguous_slash_date_is_not_used():
    assert parse("Headline\n05/06/2015\n\nText.").published is None
    assert parse("Headline\n25/06/2015\n\nText.").published == dt.date(2015, 6, 25)


def test_url_path_date_is_used_only_without_a_date_line():
    a = parse("Headline\n\nText.\n\nSource URL: https://news.example.org/2019/07/04/story")
    assert (a.published, a.date_precision) == (dt.date(2019, 7, 4), "day")
    assert a.url == "https://news.example.org/2019/07/04/story"
    assert a.outlet_domain == "news.example.org"
    a = parse("Headline\nJune 1, 2019\n\nText.\n\nhttps://www.example.com/2019/07/04/story")
    assert a.published == dt.date(2019, 6, 1)
    assert a.url == "https://www.example.com/2019/07/04/story" and a.outlet_domain == "example.com"
    assert parse("Headline\n\nText.\n\nURL: https://example.com/2019/07/story").date_precision == "month"


def test_updated_date_alone_is_not_a_publication_date():
    a = parse("Headline\nUpdated: 3 May 2022\n\nText here.")
    assert a.published is None
    assert "Updated" not in a.body


# ------------------------------------------------ synthetic: outlet, byline

@pytest.mark.parametrize(
    "closing, outlet",
    [("— AFP", "AFP"), ("Reuters", "Reuters"), ("Daily Sun with agencies", "Daily Sun"),
     ("Source: Xinhua", "Xinhua"), ("(AP)", "AP")],
)
def test_closing_agency_line_gives_outlet_and_is_removed(closing, outlet):
    a = parse(f"Headline\n\nThe minister resigned.\n\n{closing}\n")
    assert a.outlet == outlet
    assert a.body == "Headline\n\nThe minister resigned."


def test_outlet_is_never_taken_from_body_sentences():
    a = parse("Headline\n\nThe army moved north, Interfax reports.\n\nTASS said the talks failed.")
    assert a.outlet is None


def test_short_closing_sentence_is_not_an_agency():
    a = parse("Headline\n\nThe minister resigned.\n\nHe left.")
    assert a.outlet is None and a.body.endswith("He left.")


@pytest.mark.parametrize(
    "byline, authors, outlet",
    [
        ("By Maria Gonzalez", ("Maria Gonzalez",), None),
        ("BY JOHN O'NEILL AND KATE LI", ("JOHN O'NEILL", "KATE LI"), None),
        ("By Sam Reed, Reuters", ("Sam Reed",), "Reuters"),
        ("Ivan Petrov, Olga Smirnova for Vedomosti", ("Ivan Petrov", "Olga Smirnova"), "Vedomosti"),
        ("Ivan Petrov from The Bell", ("Ivan Petrov",), "The Bell"),
        ("Authors: Li Wei; Anna de Vries", ("Li Wei", "Anna de Vries"), None),
    ],
)
def test_bylines(byline, authors, outlet):
    a = parse(f"Minister quits after vote\n{byline}\n\nThe minister quit on Friday.")
    assert a.authors == authors
    assert a.outlet == outlet
    assert byline not in a.body


@pytest.mark.parametrize("line, name", [("Translated by Ann Lee", "Ann Lee"), ("Translation: Bob Stone", "Bob Stone"),
                                         ("Translated from Russian by Ivan Orlov.", "Ivan Orlov")])
def test_translator_lines(line, name):
    a = parse(f"Headline\nBy Pat Kim\n{line}\n\nText.")
    assert a.translator == name and line not in a.body


def test_title_case_headline_is_not_mistaken_for_a_byline():
    a = parse("Putin Tells Tajikistan From Moscow\n\nText follows here.")
    assert a.title == "Putin Tells Tajikistan From Moscow" and a.authors == ()


def test_wire_credit_line_gives_authors_when_no_byline():
    a = parse("Headline\n\nText.\n\nReporting by Dmitry Antonov and Polina Ivanova; Editing by Mark Heinrich")
    assert a.authors == ("Dmitry Antonov", "Polina Ivanova")
    assert a.body == "Headline\n\nText."


# ------------------------------------------------------ synthetic: boilerplate

def test_boilerplate_lines_are_removed_anywhere():
    text = """Sanctions widened

Photo: AP
Credit: Getty Images
The EU widened sanctions on Monday.

- Advertisement -
<script>googletag.cmd.push(function() { googletag.display('ad'); });</script>
(adsbygoogle = window.adsbygoogle || []).push({});
Share on Facebook
Share this article
Read more: Earlier sanctions explained

Officials said more steps were possible.
Subscribe to our newsletter
Sign up now for breaking alerts
"""
    a = parse(text)
    assert paragraphs(a) == ["Sanctions widened", "The EU widened sanctions on Monday.",
                             "Officials said more steps were possible."]


def test_real_sentences_that_mention_subscribing_or_sharing_stay():
    lines = ["Sign up for the draft was slow, officials said on Monday.",
             "Share prices fell 3% after the announcement.",
             "Photographers were kept away from the site."]
    a = parse("Headline\n\n" + "\n\n".join(lines))
    assert paragraphs(a)[1:] == lines


def test_tag_line_only_directly_below_title():
    a = parse("Summit ends\nsummit leaders security border\n\nThe summit ended.\n\nsummit leaders security border")
    assert paragraphs(a) == ["Summit ends", "The summit ended.", "summit leaders security border"]
    a = parse("Summit ends\n\nTags: Russia, CSTO\n\nThe summit ended.")
    assert paragraphs(a) == ["Summit ends", "The summit ended."]


def test_short_lowercase_sentence_below_title_is_not_a_tag_line():
    a = parse("Summit ends\nand the talks go on\n\nThe summit ended.")
    assert "and the talks go on" in a.body


def test_ticker_lines_removed_but_numbers_in_text_kept():
    a = parse("USD 90.12\nEUR 99.50\n\nRouble slides\n\nThe rouble fell to 90.12 per dollar.")
    assert a.title == "Rouble slides"
    assert paragraphs(a) == ["Rouble slides", "The rouble fell to 90.12 per dollar."]


def test_original_url_block_with_angle_brackets_on_next_line():
    a = parse("Headline\n\nText.\n\nOriginal url:\n\n<https://m.example.net/a/b?x=1>\n")
    assert a.url == "https://m.example.net/a/b?x=1" and a.outlet_domain == "m.example.net"
    assert a.body == "Headline\n\nText."


def test_bare_url_inside_body_is_kept():
    text = "Headline\n\nText one.\n\nhttps://example.com/doc\n\nText two."
    a = parse(text)
    assert a.url is None and "https://example.com/doc" in a.body


def test_duplicate_consecutive_lines_removed():
    a = parse("Headline\n\nA caption here.\nA caption here.\n\nA caption here.\n\nText.")
    assert paragraphs(a) == ["Headline", "A caption here.", "Text."]


# ---------------------------------------------------- synthetic: layout

def test_crlf_and_cr_line_endings_give_the_same_body():
    text = "Headline\n\nFirst para.\n\nSecond para.\n"
    assert parse(text.replace("\n", "\r\n")).body == parse(text).body == parse(text.replace("\n", "\r")).body


def test_trailing_spaces_and_nbsp_stripped_inner_spacing_kept():
    a = parse("Headline  \n\n  Text\u00a0with  two spaces.\u00a0 \n")
    assert paragraphs(a)[1] == "Text\u00a0with  two spaces."


def test_hard_wrapped_paragraph_is_joined():
    text = ("Headline\n\nThe government announced on Tuesday that it would\n"
            "send additional troops to the border region after a\n"
            "series of clashes left several people dead.\n\nNext.")
    assert paragraphs(parse(text))[1] == (
        "The government announced on Tuesday that it would send additional troops to the "
        "border region after a series of clashes left several people dead.")


def test_lines_without_blank_lines_stay_separate_paragraphs():
    a = parse("Headline\nFirst short line.\nSergei Ivanov\nThe head of the agency spoke.")
    assert paragraphs(a) == ["Headline", "First short line.", "Sergei Ivanov", "The head of the agency spoke."]


def test_markdown_in_body_is_reduced_to_text():
    a = parse("# Title\n\n## A subheading\n\nSee the [report](https://x.org/r) for **all** details.\n\n![chart](c.png)\n")
    assert paragraphs(a) == ["Title", "A subheading", "See the report for all details."]


def test_russian_language_detected():
    a = parse("Путин пообещал помощь\n15 сентября 2015\n\nПрезидент России заявил о поддержке.")
    assert a.language == "ru" and a.published == dt.date(2015, 9, 15)
    assert parse("Headline\n\nText in English with одно слово.").language == "en"


# -------------------------------------------------- front matter and sidecars

def test_front_matter_overrides_and_note():
    text = """---
title: Better headline
published: 2015-09
outlet: Example Times
url: https://www.example.com/x
authors: [Ann Lee, Bo Chan]
translator: Cy Dee
language: en
note: date from the print edition
---
Weak headline
September 15, 2015

Body text.
"""
    a = parse(text)
    assert a.title == "Better headline"
    assert (a.published, a.date_precision) == (dt.date(2015, 9, 1), "month")
    assert a.outlet == "Example Times" and a.outlet_domain == "example.com"
    assert a.authors == ("Ann Lee", "Bo Chan") and a.translator == "Cy Dee"
    assert a.metadata_note == "date from the print edition"
    # the text's own headline differs, so it stays as text the reader sees
    assert paragraphs(a) == ["Better headline", "Weak headline", "Body text."]


def test_front_matter_title_equal_to_text_title_not_duplicated():
    a = parse("---\ntitle: Same\n---\n# Same\n\nBody.")
    assert a.body == "Same\n\nBody."
    assert a.metadata_note == "title from front matter"


def test_sidecar_wins_over_front_matter_and_text():
    text = "---\noutlet: Front\npublished: 2020\n---\nHeadline\nMay 5, 2020\n\nBody."
    a = parse(text, sidecar={"outlet": "Side", "authors": "Ann Lee and Bo Chan", "note": "checked"})
    assert a.outlet == "Side"
    assert (a.published, a.date_precision) == (dt.date(2020, 1, 1), "year")
    assert a.authors == ("Ann Lee", "Bo Chan")
    assert a.metadata_note == "outlet, published from front matter; checked"


def test_explicit_precision_coarsens_and_null_clears():
    a = parse("Headline\nMay 5, 2020\n\nBody.", sidecar={"date_precision": "year"})
    assert (a.published, a.date_precision) == (dt.date(2020, 1, 1), "year")
    a = parse("Headline\nMay 5, 2020\n\nBody.", sidecar={"published": None})
    assert (a.published, a.date_precision) == (None, "unknown")
    with pytest.raises(LoadError, match="finer"):
        parse("Headline\n\nBody.", sidecar={"published": "2020", "date_precision": "day"})


@pytest.mark.parametrize(
    "sidecar, message",
    [
        ({"publisher": "X"}, "unknown sidecar key 'publisher'"),
        ({"published": "15 Sept"}, "published"),
        ({"published": "2015-02-30"}, "published"),
        ({"date_precision": "week"}, "date_precision"),
        ({"authors": 5}, "authors"),
        ({"url": "not a url"}, "url"),
        ({"language": "English"}, "language"),
        ({"title": ""}, "title"),
    ],
)
def test_invalid_sidecar_values(sidecar, message):
    with pytest.raises(LoadError, match=message):
        parse("Headline\n\nBody.", sidecar=sidecar)


def test_malformed_front_matter_reports_file_line():
    text = "---\ntitle: ok\nauthors: [Ann, Bo\nnote: x\n---\nHeadline\n\nBody."
    with pytest.raises(LoadError) as info:
        parse_article(text, path="dir/a.md")
    assert info.value.path == "dir/a.md" and info.value.line in (4, 5)
    assert str(info.value).startswith(f"dir/a.md:{info.value.line}: malformed YAML")


def test_unknown_front_matter_key_reports_its_line():
    with pytest.raises(LoadError) as info:
        parse("---\ntitle: ok\n\nwho: me\n---\nHeadline\n\nBody.")
    assert info.value.line == 4 and "'who'" in str(info.value)


def test_unclosed_front_matter_is_an_error_but_a_leading_rule_is_not():
    with pytest.raises(LoadError, match="never closed"):
        parse("---\ntitle: x\n\nHeadline\n\nBody.")
    assert parse("---\nHeadline\n\nBody.").title == "Headline"


def test_front_matter_must_be_a_mapping():
    with pytest.raises(LoadError, match="mapping"):
        parse("---\n- a\n- b\n---\nHeadline")


def test_read_sidecar(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Headline\n\nBody.")
    assert read_sidecar(str(article)) is None
    (tmp_path / "story.meta.yml").write_text("# checked\npublished: 2014-03\nnote: from the print edition\n")
    side = read_sidecar(str(article))
    assert side == {"published": "2014-03", "note": "from the print edition"}
    a = parse_article(article.read_text(), path=str(article), sidecar=side)
    assert (a.published, a.date_precision) == (dt.date(2014, 3, 1), "month")


@pytest.mark.parametrize(
    "content, line, message",
    [
        ("title: ok\noutlet: [unclosed\n", 3, "malformed YAML"),
        ("title: ok\n\nsource: x\n", 3, "unknown sidecar key 'source'"),
        ("published: 2015-13-01\n", 1, None),
        ("published: yesterday\n", 1, "published"),
    ],
)
def test_bad_sidecar_names_file_and_line(tmp_path, content, line, message):
    article = tmp_path / "story.md"
    article.write_text("Headline")
    (tmp_path / "story.meta.yml").write_text(content)
    with pytest.raises(LoadError) as info:
        read_sidecar(str(article))
    assert info.value.path == str(tmp_path / "story.meta.yml")
    assert info.value.line == line
    if message:
        assert message in str(info.value)


# ------------------------------------------- synthetic: compound header lines

def test_outlet_and_date_on_one_line():
    a = parse("Bridge reopens to traffic\nCity News Service | Oct. 2, 2018\n\nThe bridge reopened.")
    assert a.outlet == "City News Service"
    assert (a.published, a.date_precision) == (dt.date(2018, 10, 2), "day")
    assert a.body == "Bridge reopens to traffic\n\nThe bridge reopened."


def test_byline_and_date_on_one_line():
    a = parse("Bridge reopens to traffic\nBy Ann Lee · 2018-10-02 09:15\n\nThe bridge reopened.")
    assert a.authors == ("Ann Lee",) and a.published == dt.date(2018, 10, 2)


def test_line_with_date_and_unknown_words_is_kept():
    a = parse("Bridge reopens\n\nThe mayor spoke | March 3, 2018\n\nThe bridge reopened.")
    assert a.published is None and "The mayor spoke | March 3, 2018" in a.body


def test_site_name_suffix_is_split_from_the_title():
    a = parse("Bridge reopens after repairs | Northern Herald\n\nThe bridge reopened.")
    assert a.title == "Bridge reopens after repairs" and a.outlet == "Northern Herald"
    a = parse("Bridge reopens - what comes next\n\nThe bridge reopened.")
    assert a.title == "Bridge reopens - what comes next" and a.outlet is None


def test_one_word_section_label_above_headline_is_not_the_title():
    a = parse("EUROPE\n\nBridge reopens after two years\n\nThe bridge reopened.")
    assert a.title == "Bridge reopens after two years"
    assert paragraphs(a) == ["Bridge reopens after two years", "EUROPE", "The bridge reopened."]


def test_reading_time_views_and_agency_photo_credits_removed():
    a = parse("Headline\n\n4 min read\n\n1,204 views\n\nAFP Photo / Kirill Kudryavtsev\n\nText.")
    assert a.body == "Headline\n\nText."


def test_date_and_byline_just_below_a_standfirst():
    text = ("Politics\nThis article is more than 8 years old\nPort strike ends after pay deal\n"
            "Dock workers accept a 6% rise after talks through the night.\nBy Lena Ortiz\n"
            "Tue 15 Sep 2015 14.07 BST\nLast modified on Tue 15 Sep 2015 16.00 BST\n\n"
            "Dock workers voted to end the strike.")
    a = parse(text)
    assert a.title == "Port strike ends after pay deal"
    assert (a.published, a.date_precision) == (dt.date(2015, 9, 15), "day")
    assert a.authors == ("Lena Ortiz",)
    assert paragraphs(a) == ["Port strike ends after pay deal", "Politics",
                             "Dock workers accept a 6% rise after talks through the night.",
                             "Dock workers voted to end the strike."]
