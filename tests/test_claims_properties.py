"""Property-based tests: extraction never crashes and every span points at its own text."""

from hypothesis import given, settings, strategies as st

from factdb.extract.claims import extract_claims
from factdb.extract.sentences import split_sentences
from factdb.records import PROPERTIES, QUALIFIERS

NEWS_WORDS = [
    "about", "more", "than", "at", "least", "up", "to", "between", "and", "killed", "troops",
    "people", "border", "km", "kilometres", "miles", "$", "€", "RUB", "USD", "billion", "million",
    "bn", "m", "k", "%", "per", "cent", "percent", "two-thirds", "half", "a", "third", "dozens", "of",
    "tens", "thousands", "hundreds", "six", "twenty-two", "a", "hundred", "years", "days",
    "-strong", "-man", "-km", "-year", "Sept.", "September", "15,", "2015", "1992-97", "201st",
    "Mi-8", "the", "rouble", "to", "dollar", "U.S.", "Dr.", "(", ")", ",", ".", "\n", "\n\n", "-",
    "1,350", "70", "1.23", "5,000-7,000", "0", "one", "states", "members", "wounded", "ago",
]

text_strategy = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(NEWS_WORDS), st.integers(0, 10**7).map(str)), max_size=60)
    .map(" ".join),
    st.lists(st.sampled_from(NEWS_WORDS), max_size=60).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(text_strategy)
def test_random_text_never_crashes_and_spans_point_at_their_text(text):
    out = extract_claims(text)
    starts = [c.start for c in out]
    assert starts == sorted(starts)
    for c in out:
        assert 0 <= c.quote_start <= c.start < c.end <= c.quote_end <= len(text)
        assert text[c.start:c.end].strip() == text[c.start:c.end] != ""
        assert text[c.quote_start:c.quote_end] == c.quote
        assert c.property in PROPERTIES and c.qualifier in QUALIFIERS
        assert c.low is None or c.high is None or c.low <= c.high
        assert 0.0 < c.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_sentences_partition_the_text_without_overlap(text):
    spans = split_sentences(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        prev_end = e


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=10**9), st.sampled_from(["about", "more than", "at least", "up to", ""]))
def test_any_troop_number_round_trips(n, hedge):
    written = f"{n:,}"
    text = f"Russia keeps {hedge} {written} troops in the country.".replace("  ", " ")
    out = extract_claims(text)
    assert len(out) == 1
    c = out[0]
    assert text[c.start:c.end] == written and c.value == n and c.property == "troop_count"
