"""The article-level scorer on tiny hand-made gold (never on the real set)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from benchmarks import articles as A
from benchmarks.evaluate import main

BODY = (
    "Clashes kill 22 in Tajikistan\n\n"
    "DUSHANBE - Clashes killed at least 22 people in Tajikistan, officials said. "
    "Inflation rose to 7.4% in 2023. "
    "Kazakhstan and Belarus are members of the CSTO."
)


def _gold(**kw) -> A.GoldClaim:
    base = dict(start=0, end=1, evidence="", expr="", property="fatalities", value=22.0, unit="person",
                qualifier="at_least", subject="Tajikistan", subject_alt=(), object=None, as_of=None)
    base.update(kw)
    return A.GoldClaim(**base)


def _pred(start, end, value, prop="fatalities", unit="person", qualifier="at_least", subject="Tajikistan",
          obj=None, as_of=None, precision=None):
    return SimpleNamespace(start=start, end=end, value=value, property=prop, unit=unit, qualifier=qualifier,
                           subject=subject, object=obj, as_of=as_of, as_of_precision=precision,
                           quote_start=0, quote_end=len(BODY))


class FakeRegistry:
    aliases = {"tajikistan": "Tajikistan", "tajik": "Tajikistan", "csto": "CSTO",
               "collective security treaty organization": "CSTO", "kazakhstan": "Kazakhstan",
               "belarus": "Belarus"}

    def resolve(self, name):
        return self.aliases.get(name.lower())


NAMES = A.Names(FakeRegistry())


def test_units_and_values_agree_across_spellings():
    assert A.units_equal("km", "kilometer")
    assert A.units_equal("metric_ton/year", "tonne/year")
    assert A.units_equal("USD/barrel", "USD/barrel")
    assert not A.units_equal("USD", "EUR")
    assert not A.units_equal("percent", "percentage_point")
    assert not A.units_equal("person", "count")
    # a share of 0.074 and 7.4 percent state the same value; two weeks are 14 days
    assert A.values_agree(7.4, "percent", 0.074, "fraction")
    assert A.values_agree(14, "day", 2, "week")
    assert not A.values_agree(22, "person", 23, "person")


def test_as_of_compared_at_the_gold_precision():
    pub = dt.date(2024, 2, 23)
    assert A.as_of_ok(None, None, None, pub)
    assert A.as_of_ok(None, pub, "day", pub)
    assert not A.as_of_ok(None, dt.date(2023, 1, 1), "year", pub)
    assert A.as_of_ok("2023", dt.date(2023, 1, 1), "year", pub)
    assert A.as_of_ok("2015-09", dt.date(2015, 9, 16), "day", pub)
    assert not A.as_of_ok("2015-09", dt.date(2015, 1, 1), "year", pub)  # coarser than the gold
    assert not A.as_of_ok("2015-09-15", dt.date(2015, 9, 16), "day", pub)


def test_names_resolve_through_aliases_and_alts():
    assert NAMES.same("Tajikistan", "tajik")
    assert NAMES.same("Collective Security Treaty Organization", "CSTO")
    assert NAMES.same("Gaza", "gaza")  # unresolvable: normalised text
    assert NAMES.same("Rogun Dam", "Tajikistan", alts=("Tajikistan",))
    assert not NAMES.same("Tajikistan", None)
    assert NAMES.same(None, None) and not NAMES.same(None, "Tajikistan")


def test_strict_needs_property_unit_and_qualifier():
    s = BODY.index("22 people")
    g = [_gold(start=s, end=s + 2)]
    ok = A.score_article("a", BODY, None, g, [], [_pred(s, s + 2, 22)], [], NAMES)
    assert ok.counts["strict"] == 1 and ok.counts["matched"] == 1 and not ok.errors
    wrong = A.score_article("a", BODY, None, g, [], [_pred(s, s + 9, 22, prop="count")], [], NAMES)
    assert wrong.counts["matched"] == 1 and wrong.counts["strict"] == 0
    assert wrong.errors[0]["fields"] == ["property"]
    assert A.tally([wrong]) == {"property: fatalities read as count": 1}


def test_misses_spurious_and_value_disagreement():
    s = BODY.index("22 people")
    g = [_gold(start=s, end=s + 2)]
    res = A.score_article("a", BODY, None, g, [], [_pred(s, s + 2, 23)], [], NAMES)
    assert res.counts["matched"] == 0
    assert {e["kind"] for e in res.errors} == {"missed", "spurious"}
    summary = A.summarize([res])
    assert summary["strict"]["precision"] == 0.0 and summary["detection"]["recall"] == 0.0


def test_memberships_are_keys_per_article():
    gold = [A.GoldMembership("x", "Armenia", "CSTO", "member", "suspended"),
            A.GoldMembership("y", "Armenia", "CSTO", "member", "suspended"),  # restated
            A.GoldMembership("z", "Russia", "CSTO", "member", "active")]
    mem = lambda member, negated=False, status=None: SimpleNamespace(  # noqa: E731
        member=member, organization="Collective Security Treaty Organization", role="member",
        negated=negated, quote="q", **({"status": status} if status else {}))
    # a prediction with only a negated flag matches by polarity; restatements count once
    res = A.score_article("a", BODY, None, [], gold, [], [mem("Armenia", True), mem("Armenia", True)], NAMES)
    assert (res.counts["m_gold"], res.counts["m_predicted"], res.counts["m_matched"]) == (2, 1, 1)
    # a prediction with a status must have the gold's status
    res = A.score_article("a", BODY, None, [], gold, [], [mem("Armenia", status="former")], NAMES)
    assert res.counts["m_matched"] == 0
    res = A.score_article("a", BODY, None, [], gold, [], [mem("Armenia", status="suspended"),
                                                        mem("Russia", status="active")], NAMES)
    assert res.counts["m_matched"] == 2


GOLD_YML = """\
article: 001-tiny.md
claims:
  - evidence: "killed at least 22 people"
    expr: "22"
    property: fatalities
    value: 22
    unit: person
    qualifier: at_least
    low: 22
    high: null
    low_inclusive: true
    high_inclusive: true
    counted: people
    subject: Tajikistan
    object: null
    as_of: null
memberships:
  - evidence: "Kazakhstan and Belarus"
    member: Kazakhstan
    organization: CSTO
    role: member
    status: active
    as_of: null
"""
ARTICLE_MD = """\
---
published: 2024-02-23
outlet: Test Wire
language: en
---
# Clashes kill 22 in Tajikistan

DUSHANBE - Clashes killed at least 22 people in Tajikistan, officials said.

Kazakhstan and Belarus are members of the CSTO.
"""


@pytest.fixture
def tiny_set(tmp_path):
    for split in A.SPLITS:
        (tmp_path / split).mkdir()
    (tmp_path / "dev" / "001-tiny.md").write_text(ARTICLE_MD, encoding="utf-8")
    (tmp_path / "dev" / "001-tiny.gold.yml").write_text(GOLD_YML, encoding="utf-8")
    (tmp_path / "test" / "001-tiny.md").write_text(ARTICLE_MD, encoding="utf-8")
    (tmp_path / "test" / "001-tiny.gold.yml").write_text(GOLD_YML.replace("22 people", "99 people"),
                                                           encoding="utf-8")
    return tmp_path


def test_run_split_parses_and_locates_the_gold(tiny_set):
    extractor, names = A.default_extractor()
    [res] = A.run_split("dev", extractor, names, root=tiny_set)
    assert res.problems == []
    assert res.counts["gold"] == 1 and res.counts["m_gold"] == 1
    s = A.summarize([res])
    assert 0.0 <= s["strict"]["f1"] <= 1.0
    [bad] = A.run_split("test", extractor, names, root=tiny_set)
    assert bad.problems and "not found" in bad.problems[0]


def test_cli_lists_errors_of_held_out_splits_only_when_named(tiny_set, monkeypatch, capsys):
    monkeypatch.setattr(A, "ARTICLES_DIR", tiny_set)
    monkeypatch.setattr(A.run_split, "__defaults__", (None, None, tiny_set))
    assert main(["--articles", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "numeric strict f1" in out and "=== dev/001-tiny" in out and "=== test/" not in out
    assert main(["--articles", "--split", "test", "--errors"]) == 0
    assert "=== test/001-tiny" in capsys.readouterr().out
    assert main(["--articles", "--json", "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["splits"]) == {"dev", "test"} and set(data["tally"]) == {"dev"}
