"""Curated annotation files: parsing errors with lines, matching that survives re-extraction."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from factdb.annotations import Annotation, apply_annotations, find_text, load_annotations, matches
from factdb.errors import AnnotationError
from factdb.records import Claim

BODY = (
    "Russia pledges aid\n\n"
    "Russia will transfer 70 billion rubles to Tajikistan. The border is about 1,350 km long.\n\n"
    "The base has 6,000 troops. Officials said 12 people were detained."
)


def mk(body: str, expr: str, prop: str, value: float, unit: str = "count") -> Claim:
    s = body.index(expr)
    qs = max(body.rfind(". ", 0, s) + 2, body.rfind("\n\n", 0, s) + 2)
    qe = body.index(".", s + len(expr)) + 1
    return Claim(prop, value, "exact", unit, s, s + len(expr), body[qs:qe], qs, qe, low=value, high=value)


def claims_of(body: str) -> list[Claim]:
    return [
        mk(body, "70 billion rubles", "monetary_amount", 70e9, "RUB"),
        mk(body, "1,350 km", "border_length", 1350, "km"),
        mk(body, "6,000 troops", "troop_count", 6000, "person"),
        mk(body, "12 people", "count", 12, "person"),
    ]


def write(tmp_path, text: str):
    p = tmp_path / "a.yml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


GOOD = """\
- action: confirm
  quote: "will transfer 70 billion   rubles"
  value: 70000000000
- action: reject
  quote: Officials said 12 people
  value: 12
  reason: detentions are not tracked
- action: correct
  quote: The base has 6,000 troops
  value: 6000
  property: troop_count
  set: {subject: 201st Military Base, as_of: 2015-09, value: 7000}
- action: add
  quote: The border is about 1,350 km long
  value: 1350
  property: distance
  unit: km
  qualifier: approx
  low: 1215
  high: 1485
  note: rules typed it border_length; a second reading as distance for the test
"""


def test_load_good_file(tmp_path):
    anns = load_annotations(write(tmp_path, GOOD))
    assert [a.action for a in anns] == ["confirm", "reject", "correct", "add"]
    assert anns[2].set["as_of"] == dt.date(2015, 9, 1) and anns[2].set["as_of_precision"] == "month"
    assert anns[2].line == 8 and anns[3].fields["qualifier"] == "approx"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("- action: confirm\n  quote: x\n  value: 3\n- action: approve\n  quote: y\n  value: 4\n", 4, "unknown action"),
        ("- action: confirm\n  quote: x\n  value: 3\n  colour: red\n", 4, "unknown field 'colour'"),
        ("- action: reject\n  quote: x\n  value: 3\n", 1, "reason"),
        ("- action: correct\n  quote: x\n  value: 3\n  set:\n    subject: Russia\n    size: 4\n", 6, "cannot set 'size'"),
        ("- action: correct\n  quote: x\n  value: 3\n  set: {as_of: 'soon'}\n", 4, "not a date"),
        ("- action: confirm\n  quote: x\n  value: three\n", 3, "must be a number"),
        ("- action: confirm\n  value: 3\n", 1, "quote is required"),
        ("- action: add\n  quote: x\n  value: 3\n  property: troop_count\n", 1, "property and unit"),
        ("- action: confirm\n  quote: x\n  value: 3\n  property: troops\n", 4, "unknown property"),
        ("- action: confirm\n  quote: [x\n  value: 3\n", 3, "not valid YAML"),
        ("action: confirm\n", 1, "list of entries"),
        ("- just a string\n", 1, "must be a mapping"),
        ("- action: confirm\n  quote: x\n  quote: y\n  value: 1\n", 3, "duplicate key"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path, text, line, words):
    p = write(tmp_path, text)
    with pytest.raises(AnnotationError) as err:
        load_annotations(p)
    assert err.value.line == line and err.value.path == str(p)
    assert words in str(err.value) and f"{p}:{line}" in str(err.value)


def test_empty_file_is_no_annotations(tmp_path):
    assert load_annotations(write(tmp_path, "")) == []


def test_apply_sets_status_method_and_keeps_rejected(tmp_path):
    anns = load_annotations(write(tmp_path, GOOD))
    result = apply_annotations(BODY, claims_of(BODY), anns)
    assert result.stale == [] and result.redundant == []
    money, border, troops, detained, added = result.claims
    assert money.extras["status"] == "confirmed" and money.extras["method"] == "rule"
    assert border.extras["status"] == "extracted" and "annotation" not in border.extras
    assert detained.extras["status"] == "rejected" and detained.extras["reason"] == "detentions are not tracked"
    assert (troops.subject, troops.subject_resolved, troops.value, troops.low, troops.high) == ("201st Military Base", True, 7000, 7000, 7000)
    assert troops.as_of == dt.date(2015, 9, 1) and troops.extras["corrected"]["value"] == 6000
    assert added.extras == {"status": "confirmed", "method": "curated", "annotation": 3}
    assert BODY[added.start:added.end] == "1,350 km"
    assert added.quote == "The border is about 1,350 km long." and BODY[added.quote_start:added.quote_end] == added.quote
    assert (added.property, added.qualifier, added.low, added.high) == ("distance", "approx", 1215, 1485)


def test_annotations_survive_reextraction_of_an_edited_article(tmp_path):
    anns = load_annotations(write(tmp_path, GOOD))
    edited = "Russia pledges aid to its ally\n\nA new first paragraph was inserted.\n\n" + BODY.split("\n\n", 1)[1].replace("Russia will", "Russia  will\n")
    result = apply_annotations(edited, claims_of(edited), anns)
    statuses = [c.extras["status"] for c in result.claims]
    assert statuses == ["confirmed", "extracted", "confirmed", "rejected", "confirmed"]
    assert result.stale == []
    added = result.claims[-1]
    assert edited[added.start:added.end] == "1,350 km"


def test_stale_when_sentence_changed_or_value_changed(tmp_path):
    anns = load_annotations(write(tmp_path, GOOD))
    changed = BODY.replace("6,000 troops", "6,500 troops").replace("about 1,350 km long", "roughly 1,400 km long")
    claims = [c for c in claims_of(BODY)]
    claims[2] = mk(changed, "6,500 troops", "troop_count", 6500, "person")
    claims[1] = mk(changed, "1,400 km", "border_length", 1400, "km")
    claims[0] = mk(changed, "70 billion rubles", "monetary_amount", 70e9, "RUB")
    claims[3] = mk(changed, "12 people", "count", 12, "person")
    result = apply_annotations(changed, claims, anns)
    assert [a.action for a in result.stale] == ["correct", "add"]


def test_add_already_found_by_rules_is_redundant():
    ann = Annotation("add", "6,000 troops", 6000, "troop_count", fields={"unit": "person"})
    result = apply_annotations(BODY, claims_of(BODY), [ann])
    assert len(result.claims) == 4 and result.redundant == [ann]
    assert result.claims[2].extras["status"] == "confirmed"


def test_matching_rules():
    claim = claims_of(BODY)[2]
    assert matches(Annotation("confirm", "base  has\n6,000", 6000), claim)
    assert not matches(Annotation("confirm", "base has 6,000", 6001), claim)
    assert not matches(Annotation("confirm", "base has 6,000", 6000, "count"), claim)
    assert not matches(Annotation("confirm", "base had 6,000", 6000), claim)
    assert find_text("a  b\nc", "a b c") == (0, 6)


def test_add_number_in_words_uses_expression(tmp_path):
    body = "H\n\nAbout two-thirds of the border is lost."
    ann = Annotation("add", "two-thirds of the border", 0.6667, "share", fields={"unit": "fraction", "expression": "two-thirds"})
    added = apply_annotations(body, [], [ann]).claims[0]
    assert body[added.start:added.end] == "two-thirds"


def test_value_match_tolerates_rounding_only():
    claim = Claim("share", 2 / 3, "approx", "fraction", 0, 3, "two-thirds of it", 0, 16)
    assert matches(Annotation("correct", "two-thirds", 0.6667), claim)
    border = claims_of(BODY)[1]
    assert not matches(Annotation("confirm", "1,350 km", 1351), border)


def test_seed_annotations_load_and_match_the_seed_extraction():
    """Every shipped annotation file parses and none is stale against the current rules."""
    from pathlib import Path

    pipeline = pytest.importorskip("factdb.pipeline")
    registry = pytest.importorskip("factdb.registry")
    root = Path(__file__).resolve().parent.parent / "seeds"
    files = sorted((root / "annotations").glob("*.yml"))
    assert files, "seeds/annotations ships annotation files"
    extractor = pipeline.Extractor(registry.load_registry(str(root / "registry.yml")))
    for path in files:
        article_path = root / f"{path.stem}.txt"
        assert article_path.exists(), f"{path.name} names no seed article"
        anns = load_annotations(path)
        assert all(a.reason or a.note for a in anns), f"{path.name}: every annotation says why"
        article = pipeline.parse_source(pipeline.read_source(str(article_path)))
        claims = extractor.extract(article).claims
        result = apply_annotations(article.body, claims, anns)
        assert result.stale == [], f"{path.name}: stale {[(a.line, a.quote) for a in result.stale]}"
        # re-applying to an edited copy of the article (a paragraph inserted) still matches
        edited = article.body.replace("\n\n", "\n\nAn inserted paragraph about nothing.\n\n", 1)
        edited_claims = extractor.extract(type(article)(**{**article.__dict__, "body": edited})).claims
        assert apply_annotations(edited, edited_claims, anns).stale == []
