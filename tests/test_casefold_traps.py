"""Letters that case-insensitive regexes equate with ASCII ("ſ", "ı", "İ", the Kelvin sign)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.extract.claims import extract_claims
from factdb.pipeline import Extractor
from factdb.records import ParsedArticle

SENTENCES = [
    "Some 1.5 million Tajik migrants work in Russia, officials said on Sept. 15, 2015.",
    "Less than 40 people died in the floods, a sharp drop from the previous year.",
    "ALMATY, Jan 10 (Reuters) - Kazakh authorities said on Monday they had detained 7,939 people.",
]
TWINS = [("s", "ſ"), ("i", "ı"), ("I", "İ"), ("k", "\u212a"), ("K", "\u212a")]


@pytest.fixture(scope="module")
def extractor():
    from factdb.load import default_curated_file
    from factdb.registry import load_registry

    return Extractor(load_registry(default_curated_file("registry.yml")))


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("ascii_letter, twin", TWINS)
def test_twins_do_not_crash_and_quotes_stay_original(extractor, sentence, ascii_letter, twin):
    text = sentence.replace(ascii_letter, twin)
    body = f"Headline\n\n{text}"
    art = ParsedArticle(title="Headline", body=body, published=dt.date(2015, 9, 20), date_precision="day")
    result = extractor.extract(art)
    plain = extractor.extract(replace_body(art, f"Headline\n\n{sentence}"))
    assert [c.value for c in result.claims] == [c.value for c in plain.claims]
    for c in result.claims:
        assert body[c.quote_start:c.quote_end] == c.quote
    for m in result.mentions:
        assert body[m.start:m.end] == m.surface


def replace_body(art, body):
    from dataclasses import replace

    return replace(art, body=body)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ſıİ\u212a sept15,.millon of troops killed 2015 Jan")), max_size=80))
def test_random_twin_text_never_crashes(text):
    for c in extract_claims(text):
        assert text[c.quote_start:c.quote_end] == c.quote
