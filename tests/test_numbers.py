"""Number reading without context: digits, words, fractions, vague quantities."""

import re

import pytest

from factdb.extract.numbers import (
    DIGITS_SRC, SKIP_SRC, WORDS_SRC, parse_digits, parse_fraction, parse_vague, parse_words,
)
from factdb.extract.sentences import split_sentences


@pytest.mark.parametrize("text,value", [
    ("1,350", 1350), ("1 350", 1350), ("1\u00a0350", 1350), ("12,000,000", 12e6),
    ("1.23", 1.23), ("86.45", 86.45), ("7", 7), ("2015", 2015),
])
def test_parse_digits(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize("text,value", [
    ("six", 6), ("Twenty-two", 22), ("twenty two", 22), ("a hundred", 100),
    ("one hundred and twenty", 120), ("a dozen", 12), ("two dozen", 24),
    ("three million", 3e6), ("two thousand five hundred", 2500), ("forty", 40), ("eleven", 11),
])
def test_parse_words(text, value):
    assert parse_words(text) == value


def test_parse_words_rejects_non_numbers():
    assert parse_words("several") is None
    assert parse_words("") is None


@pytest.mark.parametrize("text,value", [
    ("two-thirds", 0.6667), ("two thirds", 0.6667), ("a third", 0.3333), ("one-third", 0.3333),
    ("half", 0.5), ("a quarter", 0.25), ("three quarters", 0.75), ("a fifth", 0.2), ("¾", 0.75),
])
def test_parse_fraction(text, value):
    assert parse_fraction(text) == value


@pytest.mark.parametrize("text,value", [
    ("dozens", 12), ("several dozen", 24), ("hundreds", 100), ("thousands", 1000),
    ("tens of thousands", 10000), ("hundreds of thousands", 100000), ("Tens of  thousands", 10000),
    ("a few hundred", 200), ("millions", 1e6), ("scores", 20), ("tens of millions", 1e7),
])
def test_parse_vague(text, value):
    assert parse_vague(text) == value


DIGITS = re.compile(DIGITS_SRC, re.I)


@pytest.mark.parametrize("text", ["Mi-8", "Su-25", "BRDM-2M", "G20", "G7", "201st", "149th", "COVID-19", "S-400"])
def test_digits_glued_to_names_are_not_numbers(text):
    assert DIGITS.search(text) is None


@pytest.mark.parametrize("text,expected", [
    ("$70bn", "70"), ("1,344-km", "1,344"), ("5,000-7,000", "5,000"), ("(1,300-kilometer)", "1,300"),
    ("7k", "7"), ("15%", "15"),
])
def test_digits_found_in_compounds(text, expected):
    assert DIGITS.search(text).group() == expected


WORDS = re.compile(WORDS_SRC, re.I)


def test_word_numbers_not_found_inside_words():
    assert WORDS.search("someone said nothing of note; tension") is None
    assert WORDS.search("a hundred people").group() == "a hundred"


SKIP = re.compile(SKIP_SRC, re.I)


@pytest.mark.parametrize("text", [
    "Sept. 14-16", "September 15, 2015", "15 September 2015", "28 September 2013",
    "14:07", "10:30 a.m.", "10 pm", "2015-09-15", "+7 495 123-45-67", "the 1990s", "Jan 11",
])
def test_skip_patterns(text):
    m = SKIP.search(text)
    assert m is not None and m.group().strip(" the") != ""


def test_may_is_a_date_only_when_capitalised():
    assert SKIP.search("troops may 5") is None
    assert SKIP.search("on May 5") is not None


# --- sentences ----------------------------------------------------------------


def spans(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_headline_is_its_own_sentence_even_with_periods():
    text = "Putin Visits Dushanbe. Talks Held\n\nHe arrived on Sept. 15. He left."
    assert spans(text) == ["Putin Visits Dushanbe. Talks Held", "He arrived on Sept. 15.", "He left."]


@pytest.mark.parametrize("body,expected", [
    ("Head\n\nThe U.S. sent 5 advisers. Dr. Smith said so.", ["The U.S. sent 5 advisers.", "Dr. Smith said so."]),
    ("Head\n\nIt cost $1.23 billion. Then more.", ["It cost $1.23 billion.", "Then more."]),
    ("Head\n\nVladimir V. Putin spoke. \u201cYes,\u201d he said.", ["Vladimir V. Putin spoke.", "\u201cYes,\u201d he said."]),
    ("Head\n\nAt 10 a.m. on Monday, troops left.", ["At 10 a.m. on Monday, troops left."]),
    ("Head\n\nHe said: \u201cWe will help.\u201d Then he left.", ["He said: \u201cWe will help.\u201d", "Then he left."]),
])
def test_sentence_abbreviations_and_decimals(body, expected):
    assert spans(body)[1:] == expected


def test_hard_wrapped_lines_continue_but_short_lines_split():
    text = "Head\n\nthe forces were\nsent to the border.\nUSD 86.45\nEUR 92.47"
    assert spans(text)[1:] == ["the forces were\nsent to the border.", "USD 86.45", "EUR 92.47"]


def test_sentence_spans_are_trimmed_and_ordered():
    text = "  Title  \n\n  One. Two!  Three?\n\n\nFour"
    out = split_sentences(text)
    assert [text[s:e] for s, e in out] == ["Title", "One.", "Two!", "Three?", "Four"]
    assert all(a[1] <= b[0] for a, b in zip(out, out[1:]))
