"""One hedge -> interval rule for the extractor, annotations and agreement."""

from __future__ import annotations

import pytest

from factdb.agreement import ClaimView, interval_of
from factdb.annotations import Annotation, apply_annotations
from factdb.extract.claims import extract_claims
from factdb.hedges import APPROX_TOLERANCE, hedge_interval
from factdb.records import Claim

CASES = [
    ("exact", 6000, None, ("exact", 6000, 6000, True, True)),
    ("approx", 1350, None, ("approx", 1215, 1485, True, True)),
    ("at_least", 500, None, ("at_least", 500, None, True, True)),
    ("more_than", 20, None, ("more_than", 20, None, False, True)),
    ("at_most", 3, None, ("at_most", None, 3, True, True)),
    ("up_to", 7000, None, ("up_to", None, 7000, True, True)),
    ("less_than", 47, None, ("less_than", None, 47, True, False)),
    ("range", 3e9, 5e9, ("range", 3e9, 5e9, True, True)),
    ("range", 5, None, ("exact", 5, 5, True, True)),
]


@pytest.mark.parametrize("qualifier, value, high, expected", CASES)
def test_hedge_interval(qualifier, value, high, expected):
    assert hedge_interval(qualifier, value, high) == expected


def test_vague_quantity_is_an_open_lower_bound():
    assert hedge_interval("exact", 10_000, vague=True) == ("at_least", 10_000, None, True, True)
    assert hedge_interval("more_than", 10_000, vague=True)[0] == "more_than"


def test_one_tolerance():
    assert APPROX_TOLERANCE == 0.10
    from factdb.extract import expressions

    assert expressions.APPROX_TOLERANCE is APPROX_TOLERANCE


@pytest.mark.parametrize("text, qualifier", [
    ("The border is about 1,350 km long.", "approx"), ("At least 500 people were detained.", "at_least"),
    ("More than 20 people were killed.", "more_than"), ("Up to 7,000 servicemen are stationed there.", "up_to"),
    ("Tens of thousands were killed.", "at_least"), ("It costs between $3 and $5 billion.", "range"),
])
def test_extractor_uses_the_shared_rule(text, qualifier):
    (c,) = [c for c in extract_claims(text) if c.qualifier == qualifier]
    high = c.high if c.qualifier == "range" else None
    assert (c.qualifier, c.low, c.high, c.low_inclusive, c.high_inclusive) == hedge_interval(c.qualifier, c.value, high)


@pytest.mark.parametrize("qualifier, value, low, high", [
    ("approx", 1350, 1215, 1485), ("at_least", 500, 500, None), ("more_than", 20, 20, None),
    ("up_to", 7000, None, 7000), ("exact", 6000, 6000, 6000),
])
def test_annotation_added_claims_get_the_extractors_interval(qualifier, value, low, high):
    body = "H\n\nSomething said 6000 and 1350 and 500 and 20 and 7000 here."
    ann = Annotation("add", "Something said", value, "count", fields={"unit": "count", "qualifier": qualifier})
    (added,) = apply_annotations(body, [], [ann]).claims
    assert (added.qualifier, added.low, added.high) == (qualifier, low, high)
    assert (added.low_inclusive, added.high_inclusive) == hedge_interval(qualifier, value)[3:]


def test_correcting_the_hedge_recomputes_the_interval():
    body = "H\n\nThe border is 1,350 km long."
    s = body.index("1,350 km")
    claim = Claim("border_length", 1350, "exact", "km", s, s + 8, body[3:], 3, len(body), low=1350, high=1350)
    ann = Annotation("correct", "The border is", 1350, set={"qualifier": "more_than"})
    (fixed,) = apply_annotations(body, [claim], [ann]).claims
    assert (fixed.low, fixed.high, fixed.low_inclusive) == (1350, None, False)
    ann = Annotation("correct", "The border is", 1350, set={"value": 1344})
    (fixed,) = apply_annotations(body, [claim], [ann]).claims
    assert (fixed.low, fixed.high) == (1344, 1344)


def test_agreement_falls_back_on_the_same_rule():
    bare = ClaimView(1, 1, "x", "count", 100.0, qualifier="approx")
    assert interval_of(bare) == hedge_interval("approx", 100.0)[1:]
