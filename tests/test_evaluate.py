"""The evaluation set is well-formed and the scorer counts what it claims to."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from benchmarks import evaluate as ev
from factdb.records import PROPERTIES, QUALIFIERS

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def items():
    return ev.load_items(ev.DEFAULT_FILE)


# ------------------------------------------------------------ the set itself
def test_set_loads_and_is_large_enough(items):
    assert len(items) >= 320
    assert sum(1 for i in items if not i.claims) >= 80
    assert len({i.id for i in items}) == len(items)


def test_every_gold_span_points_at_its_expr(items):
    for item in items:
        for g in item.claims:
            assert item.text[g.start:g.end] == g.expr, item.id


def test_every_vocabulary_entry_and_style_is_exercised(items):
    claims = [g for i in items for g in i.claims]
    # the sentence set predates the generic "quantity" property; the article-level gold exercises it
    assert {g.property for g in claims} == set(PROPERTIES) - {"quantity"}
    assert {g.qualifier for g in claims} == set(QUALIFIERS)
    assert {i.style for i in items} == set(ev.STYLES)
    assert {"person", "count", "km", "mile", "m", "day", "week", "month", "year", "fraction"} <= {
        g.unit for g in claims}


HEDGES = {
    "approx": ["about", "around", "some", "roughly", "approximately", "an estimated", "nearly", "almost"],
    "at_least": ["at least", "no fewer than", "a minimum of"],
    "more_than": ["more than", "over", "in excess of", "upwards of"],
    "at_most": ["not more than", "no more than", "at most", "a maximum of"],
    "less_than": ["less than", "fewer than", "under"],
    "up_to": ["up to", "as many as"],
}


ALL_HEDGES = sorted((h for hs in HEDGES.values() for h in hs), key=len, reverse=True)
# "over" that spreads something across a period is not a hedge: "repaid over 20 years".
NOT_A_HEDGE = {"e127"}


def _hedge_before(text: str, start: int) -> str | None:
    """The longest hedge phrase that ends right before the expression."""
    for h in ALL_HEDGES:
        if re.search(rf"(?:^|\W){h}\s+$", text[:start], re.I):
            return h
    return None


@pytest.mark.parametrize("qualifier,hedge", [(q, h) for q, hs in HEDGES.items() for h in hs])
def test_every_hedge_of_the_issue_is_annotated_with_its_qualifier(items, qualifier, hedge):
    hits = [(i.id, g) for i in items for g in i.claims if _hedge_before(i.text, g.start) == hedge]
    assert hits, f"no claim preceded by {hedge!r}"
    wrong = [(iid, g.expr, g.qualifier) for iid, g in hits
             if g.qualifier != qualifier and iid not in NOT_A_HEDGE]
    assert not wrong


@pytest.mark.parametrize("expr,value", [("dozens", 12), ("several dozen", 24), ("hundreds", 100),
                                        ("thousands", 1000), ("tens of thousands", 10000),
                                        ("hundreds of thousands", 100000)])
def test_vague_quantities_read_as_at_least(items, expr, value):
    hits = [g for i in items for g in i.claims if g.expr.lower() == expr]
    assert hits and all(g.qualifier == "at_least" and g.value == value for g in hits)


def test_skipped_kinds_are_present_as_negatives(items):
    negatives = " ".join(i.text for i in items if not i.claims)
    for needle in ("in 2015", "2014-2015", "1992-97", "Sept. 14-16", "April 2", "14:07", "3 p.m.",
                   "201st", "149th", "Mi-8", "BRDM-2M", "Su-25", "S-300", "Rubezh-2015", "+992",
                   "Page 2 of 5", "Photo 3/10", "Four days earlier", "past two decades",
                   "Two years ago", "one of the", "G20", "Resolution 1373", "63-year-old"):
        assert needle in negatives, needle


def test_no_item_copies_a_seed_sentence(items):
    seeds = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "seeds").glob("*.txt"))
    seeds = re.sub(r"\s+", " ", seeds)
    for item in items:
        if len(item.text) >= 40:
            assert item.text not in seeds, item.id


# ------------------------------------------------------------ validation
def _raw(**claim):
    base = {"property": "troop_count", "value": 7000, "qualifier": "exact", "unit": "person",
            "low": 7000, "high": 7000, "low_inclusive": True, "high_inclusive": True, "expr": "7,000"}
    base.update(claim)
    return {"id": "t1", "style": "wire", "text": "Russia keeps about 7,000 troops there.", "claims": [base]}


def test_valid_raw_item_has_no_problems():
    assert ev.validate_raw(_raw()) == []


@pytest.mark.parametrize("change,fragment", [
    ({"expr": "8,000"}, "not found"),
    ({"qualifier": "roughly"}, "qualifier"),
    ({"property": "soldiers"}, "property"),
    ({"unit": "troops"}, "unit"),
    ({"qualifier": "approx"}, "interval"),
    ({"qualifier": "more_than", "low": 7000, "high": None}, "inclusive"),
    ({"unit": "count"}, "counted"),
])
def test_validation_names_the_problem(change, fragment):
    problems = ev.validate_raw(_raw(**change))
    assert problems and any(fragment in p for p in problems), problems


def test_interval_rules():
    assert ev.expected_interval("exact", 5) == (5, 5, True, True)
    lo, hi, li, hincl = ev.expected_interval("approx", 1350)
    assert (lo, hi, li, hincl) == (1215, 1485, True, True)
    assert ev.expected_interval("at_least", 12) == (12, None, True, True)
    assert ev.expected_interval("more_than", 20)[:3] == (20, None, False)
    assert ev.expected_interval("at_most", 9) == (None, 9, True, True)
    assert ev.expected_interval("up_to", 9) == (None, 9, True, True)
    assert ev.expected_interval("less_than", 9)[1:] == (9, True, False)
    assert ev.expected_interval("range", 5000, 7000) == (5000, 7000, True, True)
    with pytest.raises(ValueError):
        ev.expected_interval("range", 5000)


def test_find_expr_skips_numbers_inside_other_numbers():
    text = "In 2015, 20 people and 1.20 tonnes; 20 again"
    assert ev.find_expr(text, "20") == (9, 11)
    assert ev.find_expr(text, "20", 1) == (36, 38)
    assert ev.find_expr(text, "20", 2) is None
    assert ev.find_expr("a 1,344-km border", "1,344-km") == (2, 10)


# ------------------------------------------------------------ scoring
TEXT = "Clashes killed at least 17 people and injured 40, and $2 billion was pledged."


def _item(claims=None):
    raw = {"id": "s1", "style": "wire", "text": TEXT, "claims": claims}
    return raw


def _gold_items():
    raw = [
        {"property": "fatalities", "value": 17, "qualifier": "at_least", "unit": "person",
         "low": 17, "high": None, "low_inclusive": True, "high_inclusive": True, "expr": "17"},
        {"property": "count", "value": 40, "qualifier": "exact", "unit": "person", "counted": "injured",
         "low": 40, "high": 40, "low_inclusive": True, "high_inclusive": True, "expr": "40"},
        {"property": "monetary_amount", "value": 2e9, "qualifier": "exact", "unit": "USD",
         "low": 2e9, "high": 2e9, "low_inclusive": True, "high_inclusive": True, "expr": "$2 billion"},
    ]
    gold = []
    for c in raw:
        s, e = ev.find_expr(TEXT, c["expr"])
        gold.append(ev.GoldClaim(c["property"], c["value"], c["qualifier"], c["unit"], c["low"], c["high"],
                                 c["low_inclusive"], c["high_inclusive"], c["expr"], s, e, c.get("counted")))
    neg = ev.Item("n1", "headline", "Summit Held in 2015", ())
    return [ev.Item("s1", "wire", TEXT, tuple(gold)), neg]


def _perfect(item):
    return [ev.Prediction(g.start, g.end, g.value, g.property, g.qualifier, g.unit, g.low, g.high,
                          g.low_inclusive, g.high_inclusive) for g in item.claims]


def test_perfect_prediction_scores_one():
    items = _gold_items()
    res = ev.score(items, [_perfect(items[0]), []])
    assert res["detection"]["precision"] == res["detection"]["recall"] == res["detection"]["f1"] == 1.0
    for k in ("property_accuracy", "qualifier_accuracy", "unit_accuracy", "interval_exact"):
        assert res[k] == 1.0
    assert res["per_property"]["fatalities"]["f1"] == 1.0
    assert res["negatives"]["false_positives"] == 0
    assert res["errors"] == []


def test_a_missed_claim_lowers_recall_only():
    items = _gold_items()
    res = ev.score(items, [_perfect(items[0])[1:], []])
    assert res["detection"]["precision"] == 1.0
    assert res["detection"]["recall"] == pytest.approx(2 / 3)
    assert res["per_property"]["fatalities"]["recall"] == 0.0
    assert [e[1] for e in res["errors"]] == ["missed"]


def test_a_spurious_claim_lowers_precision_and_counts_on_negatives():
    items = _gold_items()
    spurious = ev.Prediction(15, 19, 2015.0, "count", "exact", "count")
    res = ev.score(items, [_perfect(items[0]), [spurious]])
    assert res["detection"]["recall"] == 1.0
    assert res["detection"]["precision"] == pytest.approx(3 / 4)
    assert res["negatives"] == {"items": 1, "false_positives": 1, "items_with_fp": 1}


def test_wrong_value_or_disjoint_span_does_not_match():
    items = _gold_items()
    g = items[0].claims[0]
    wrong_value = ev.Prediction(g.start, g.end, 71.0, g.property, g.qualifier, g.unit)
    elsewhere = ev.Prediction(0, 7, g.value, g.property, g.qualifier, g.unit)
    assert ev.match(items[0].claims, [wrong_value, elsewhere]) == []


def test_wider_span_still_matches_but_wrong_type_is_counted():
    items = _gold_items()
    g = items[0].claims[0]  # "17", predicted with its hedge and typed as count/more_than
    pred = ev.Prediction(g.start - 9, g.end, 17.0, "count", "more_than", "person", 17, None, False, True)
    res = ev.score(items[:1], [[pred]])
    assert res["detection"]["tp"] == 1
    assert res["property_accuracy"] == 0.0 and res["qualifier_accuracy"] == 0.0
    assert res["unit_accuracy"] == 1.0 and res["interval_exact"] == 0.0
    assert res["per_property"]["fatalities"]["recall"] == 0.0
    assert res["per_property"]["count"]["precision"] == 0.0


def test_shares_match_at_four_decimals():
    gold = ev.GoldClaim("share", 0.6667, "exact", "fraction", 0.6667, 0.6667, True, True, "two-thirds", 0, 10)
    assert ev.match([gold], [ev.Prediction(0, 10, 2 / 3)]) == [(0, 0)]


def test_untyped_baseline_reports_na():
    items = _gold_items()
    preds = [ev.Prediction(g.start, g.end, g.value, unit="count|person") for g in items[0].claims]
    res = ev.score(items, [preds, []], typed=False)
    assert res["per_property"] is None and res["qualifier_accuracy"] is None
    assert res["unit_accuracy"] == pytest.approx(2 / 3)
    assert "n/a" in ev.format_table({"quantulum3": res | {"mb_per_s": None}})


def test_main_exits_2_when_the_extractor_is_missing(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "factdb.extract.claims", None)
    assert ev.main(["--extractor", "factdb", "--bench-mb", "0"]) == 2
    assert "not importable" in capsys.readouterr().err


def test_main_prints_json_for_a_stub_extractor(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(ev, "factdb_extractor", lambda: (lambda text: []))
    assert ev.main(["--extractor", "factdb", "--bench-mb", "0.001", "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    res = out["extractors"]["factdb"]
    assert res["detection"]["recall"] == 0.0 and res["negatives"]["false_positives"] == 0
    assert out["items"] >= 320


MONTH_BEFORE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")


def test_no_gold_span_is_a_date(items):
    """Guards against expr resolving to a dateline day ("Sept 8") instead of the claim."""
    for item in items:
        for g in item.claims:
            assert not MONTH_BEFORE.search(item.text[:g.start]), (item.id, g.expr)
