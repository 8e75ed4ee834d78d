"""Time-dependent `fact --as-of` questions on real articles: the seeds and the development split.

benchmarks/eval/articles/dev/ (never test/ or ru-test/) loaded together with the
seeds. Each answer is what the sources support at that date under the rules of
docs/agreement.md ("Time"): figures count from the start of their as-of window,
recent ones weigh more, and a property's horizon makes old figures stale.
"""

from __future__ import annotations

import json

import pytest

from conftest import REPO, SEEDS, _make_pg_schema, require_postgres

DEV = REPO / "benchmarks" / "eval" / "articles" / "dev"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def dev_cli(request, tmp_path_factory):
    from click.testing import CliRunner

    from factdb.cli import cli

    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('dev') / 'dev.sqlite'}"
    else:
        require_postgres()
        url, drop = _make_pg_schema()
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", url, "load", str(SEEDS), str(DEV)])
    assert result.exit_code == 0, result.output

    def run(*args):
        out = runner.invoke(cli, ["--db", url, *args], catch_exceptions=False)
        assert out.exit_code == 0, out.output
        return out

    run.url = url
    yield run
    if drop:
        drop()


def ask(run, subject, prop, as_of):
    return json.loads(run("fact", subject, prop, "--as-of", as_of, "--format", "json").stdout)


def titles(record, part="supporting"):
    return {s["article_title"] for s in record[part]}


MOSCOW_TIMES = "'Count on Russia,' Putin Tells Tajikistan After Deadly Gun Battles"
TRT = "Putin promises to help Tajikistan after clashes"


def test_troops_at_the_base_when_the_2015_articles_report_them(dev_cli):
    r = ask(dev_cli, "201st base", "troop_count", "2015-09-20")
    assert (r["low"], r["high"], r["method"]) == (6000, 6000, "consensus")
    assert titles(r) == {MOSCOW_TIMES, TRT}
    assert r["evidence"]["age_days"] == 0 and not r["evidence"]["stale"]


def test_no_answer_before_any_figure(dev_cli):
    # the first figure for the base in these articles is dated 2014-02-06 ("up to 7,000")
    assert ask(dev_cli, "201st base", "troop_count", "2013")["method"] == "none"
    assert ask(dev_cli, "2015 Tajikistan clashes", "fatalities", "2015-08")["method"] == "none"


def test_an_old_figure_still_answers_inside_the_horizon_and_says_its_age(dev_cli):
    r = ask(dev_cli, "201st base", "troop_count", "2017-06-01")
    assert (r["low"], r["method"]) == (6000, "consensus")
    assert r["evidence"]["age_days"] == 610  # the newest figure covers September 2015
    assert "610 days old" in dev_cli("fact", "201st base", "troop_count", "--as-of", "2017-06-01").stdout


def test_past_the_horizon_the_figure_is_stale(dev_cli):
    r = ask(dev_cli, "201st base", "troop_count", "2018")
    assert r["method"] == "none" and r["evidence"]["stale"]
    r = ask(dev_cli, "Tajik Civil War", "fatalities", "2015")
    assert r["method"] == "none" and r["evidence"]["stale"]


def test_the_2015_clashes_toll_in_september(dev_cli):
    r = ask(dev_cli, "2015 Tajikistan clashes", "fatalities", "2015-09")
    assert (r["low"], r["high"], r["low_inclusive"], r["method"]) == (22, None, True, "consensus")
    assert titles(r) == {MOSCOW_TIMES, TRT}  # "more than 20" and "at least 22" agree


def test_a_vague_toll_answers_alone(dev_cli):
    r = ask(dev_cli, "Tajik Civil War", "fatalities", "1998")
    assert (r["low"], r["high"], r["method"]) == (10000, None, "consensus")  # "tens of thousands"


def test_member_count_of_the_csto_over_time(dev_cli):
    in_2015 = ask(dev_cli, "CSTO", "member_count", "2015")
    in_2024 = ask(dev_cli, "CSTO", "member_count", "2024-06")
    assert (in_2015["low"], in_2024["low"]) == (6, 6)
    assert titles(in_2015) == {MOSCOW_TIMES}
    assert titles(in_2024) == {"Armenia suspends participation in Russian-led Collective Security Treaty Organisation"}
    assert ask(dev_cli, "CSTO", "member_count", "2021")["evidence"]["stale"]  # five years after 2015


def test_the_csto_force_on_the_border_a_year_later(dev_cli):
    r = ask(dev_cli, "CSTO", "troop_count", "2014")
    assert (r["low"], r["method"]) == (16000, "consensus") and r["evidence"]["age_days"] == 459


def test_a_border_length_does_not_depend_on_the_date(dev_cli):
    early, late = (ask(dev_cli, "Tajik-Afghan border", "border_length", d) for d in ("2010", "2024"))
    assert (early["low"], early["high"], early["method"]) == (1344, 1344, "majority") == (
        late["low"], late["high"], late["method"])
    assert [s["value"] for s in early["dissent"]] == [1350]  # "over 1,350 km"


def test_remittances_change_between_2011_and_2013(dev_cli):
    r2012 = ask(dev_cli, "Russia", "monetary_amount", "2012-06")
    assert r2012["quantity"]["kind"] == "remittance"
    assert (r2012["low"], r2012["high"]) == (2.7e9, 3.3e9) and r2012["evidence"]["age_days"] == 182
    r2013 = ask(dev_cli, "Russia", "monetary_amount", "2013")
    assert r2013["quantity"]["kind"] == "remittance" and r2013["low"] == r2013["high"] == 3.6e9
    assert r2013["dissent"] == []  # the 2011 figure is a change, not a dissent


@pytest.mark.xfail(strict=True, reason="extractor regression: in 'keep the base open ... securing pledges of"
                   " $2 billion in aid and credit from Russia' the recipient is read as the United States, so the"
                   " June figure is another quantity (object) and cannot take over")
def test_a_later_aid_figure_takes_over(dev_cli):
    march = ask(dev_cli, "Russia", "monetary_amount", "2009-03")
    assert (march["low"], march["high"], march["low_inclusive"]) == (2e9, None, False)  # "more than $2 billion"
    july = ask(dev_cli, "Russia", "monetary_amount", "2009-07")
    assert (july["low"], july["high"]) == (2e9, 2e9)
    sup, dis = july["supporting"][0], july["dissent"][0]
    assert sup["weight"] == 1.0 and dis["weight"] < 0.5  # the February figure weighs less in July


def test_half_of_gdp(dev_cli):
    r = ask(dev_cli, "Tajikistan", "share", "2013")
    # "47 percent of the GDP" for 2013 (consistent with the lead's "half ... in 2013", whose subject
    # the extractor still reads as the dateline city); the headline's "half" is dated at publication
    assert (r["low"], r["quantity"]["kind"]) == (0.47, "gdp")


def test_the_union_of_27(dev_cli):
    assert ask(dev_cli, "European Union", "member_count", "2008")["low"] == 27


def test_the_kyrgyz_toll_two_days_on(dev_cli):
    r = ask(dev_cli, "Kyrgyzstan", "fatalities", "2022-09-20")
    assert (r["low"], r["evidence"]["age_days"]) == (36, 2)


def test_an_exchange_rate_goes_stale_in_weeks(dev_cli):
    # the rate's subject is the currency the sentence is about (docs/annotation.md): the tenge
    r = ask(dev_cli, "tenge", "exchange_rate", "2015-08-25")
    assert (r["low"], r["high"], r["unit"]) == (250, None, "KZT")
    assert ask(dev_cli, "tenge", "exchange_rate", "2015-10")["evidence"]["stale"]


def test_eu_aid_to_ukraine_in_february_2024(dev_cli):
    r = ask(dev_cli, "European Union", "monetary_amount", "2024-02-15")
    assert (r["low"], r["unit"], r["quantity"]["object"]) == (50e9, "EUR", "Ukraine")
