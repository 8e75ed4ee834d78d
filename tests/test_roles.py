"""Subjects, objects and typing with the shipped registry, on phrasings written for these tests.

Each case states one rule of docs/claims-context.md or docs/extraction.md (the reading of
docs/annotation.md §2 and §5); none is taken from the article evaluation set.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import SEEDS


@pytest.fixture(scope="module")
def extractor():
    from factdb.pipeline import Extractor
    from factdb.registry import load_registry

    return Extractor(load_registry(str(SEEDS / "registry.yml")))


def claims(extractor, body, published=dt.date(2023, 6, 15)):
    from factdb.records import ParsedArticle

    art = ParsedArticle(title="Headline", body="Headline\n\n" + body, published=published, date_precision="day",
                        language="en")
    return {art.body[c.start:c.end]: c for c in extractor.extract(art).claims}


@pytest.mark.parametrize("body, expr, subject, obj", [
    # money: the lender by its name, the clause's actor, what a holder has
    ("Argentina clinched a US$45 billion debt deal with the IMF.", "US$45 billion", "International Monetary Fund",
     "Argentina"),
    ("The EU agreed on a €50bn aid package for Ukraine as it prepares for a war with Russia.", "€50bn",
     "European Union", "Ukraine"),
    ("Tajikistan's foreign exchange reserves stood at $3.2 billion.", "$3.2 billion", "Tajikistan", None),
    # shares: whose part it is
    ("BRICS accounts for 40% of the world's population.", "40%", "BRICS", None),
    # a currency that moves, named without its name
    ("Argentina devalued its currency by more than 50%.", "50%", "Argentine Peso", None),
    ("The tenge plunged 20 percent against the dollar.", "20 percent", "Kazakh tenge", "United States dollar"),
    # rates: the currency the clause is about
    ("The central bank set the euro's exchange rate at 9645.48 soum.", "9645.48 soum", "Euro", "Uzbek sum"),
    # counts of countries belong to the body named with them; things to their user
    ("Six countries were invited to join the BRICS bloc.", "Six", "BRICS", None),
    ("The United States has used the base for scores of flights.", "scores", "United States", None),
    # quantities: the counterpart after "to" is the object
    ("Russia will supply 38 billion cubic metres of gas a year to China.", "38 billion cubic metres", "Russia", "China"),
    # inflation is the state's, not the central bank's
    ("The National Bank of Kazakhstan said inflation slowed to 8.5%.", "8.5%", "Kazakhstan", None),
    # tolls: who killed them is the object
    ("Israeli strikes killed 30 people in Gaza.", "30", "Gaza Strip", "Israel"),
])
def test_subject_and_object(extractor, body, expr, subject, obj):
    c = claims(extractor, body)[expr]
    assert (c.subject, c.object) == (subject, obj)


def test_the_bloc_and_the_fund_point_back(extractor):
    found = claims(extractor, "The CSTO met in Minsk. The bloc will send 2,000 troops. The International Monetary "
                              "Fund approved the deal. The Fund will disburse $1 billion to Egypt.")
    assert found["2,000"].subject == "Collective Security Treaty Organization"
    assert (found["$1 billion"].subject, found["$1 billion"].object) == ("International Monetary Fund", "Egypt")


def test_an_amount_with_no_one_named_takes_the_paragraphs_last_payer(extractor):
    found = claims(extractor, "The Asian Development Bank will give Kyrgyzstan $70 million. Of that money, $30 million "
                              "will go to investment projects.")
    assert (found["$30 million"].subject, found["$30 million"].object) == ("Asian Development Bank", "Kyrgyzstan")


def test_a_budget_in_a_national_currency_is_the_issuers(extractor):
    c = claims(extractor, "Budget expenditures will amount to 169.1 billion soms.")["169.1 billion soms"]
    assert c.subject == "Kyrgyzstan"


def test_sources_are_no_subjects(extractor):
    c = claims(extractor, "The cartel will cut output by 1.2 million barrels per day, Qatar's energy minister said.")
    assert c["1.2 million barrels per day"].subject != "Qatar"


@pytest.mark.parametrize("body, expr, prop, unit", [
    ("The bill passed in a 311-112 vote.", "112", "count", "count"),
    ("Gazprom will supply 38 billion cubic metres of gas annually.", "38 billion cubic metres", "quantity",
     "cubic_meter/year"),
    ("The WTO currently has 161 members.", "161", "member_count", "count"),
    ("The G20 previously comprised 19 countries and the European Union.", "19", "member_count", "count"),
    ("The war has claimed at least 170 peacekeepers.", "170", "fatalities", "person"),
    ("The 13 000 strong peacekeeping force will leave.", "13 000 strong", "troop_count", "person"),
    ("It transferred one billion SDRs.", "one billion SDRs", "monetary_amount", "XDR"),
    ("Trade reached $688 million, of which 85 percent came from Russian exports.", "85 percent", "share", "fraction"),
    ("Argentina set the official rate at 800 pesos per dollar.", "800 pesos", "exchange_rate", "ARS"),
    ("The official rate in Lebanon was 1,500 pounds to the dollar.", "1,500 pounds", "exchange_rate", "LBP"),
])
def test_typing(extractor, body, expr, prop, unit):
    c = claims(extractor, body)[expr]
    assert (c.property, c.unit) == (prop, unit)


@pytest.mark.parametrize("body, expr", [
    ("Gazprom will supply gas for the next 30 years.", "30 years"),  # a window from now
    ("The 16 Bihar regiment was in the area.", "16"),  # a number in a name
    ("He weighs 200 pounds.", "200 pounds"),  # weight, not money
])
def test_not_claims(extractor, body, expr):
    found = claims(extractor, body)
    assert expr not in found or found[expr].property != "monetary_amount" and found[expr].property != "duration"


def test_over_as_a_particle_is_no_hedge(extractor):
    assert claims(extractor, "Saudi Arabia rolls over $3bn deposits.")["$3bn"].qualifier == "exact"
