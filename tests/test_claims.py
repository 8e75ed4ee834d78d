"""extract_claims: hedges, vague quantities, units, property typing, skips, spans.

Sentences are written for these tests in several outlet styles (wire copy,
translated Russian press, headlines, British and American spelling); each
rule is tested through more than one phrasing.
"""

import math
from pathlib import Path

import pytest

from factdb.extract.claims import extract_claims
from factdb.records import PROPERTIES, QUALIFIERS


def claims(text):
    out = extract_claims(text)
    for c in out:  # every claim, whatever the test, obeys the contract
        assert text[c.start:c.end] and c.quote_start <= c.start < c.end <= c.quote_end
        assert text[c.quote_start:c.quote_end] == c.quote
        assert c.property in PROPERTIES and c.qualifier in QUALIFIERS
    return out


def one(text, expr):
    found = [c for c in claims(text) if text[c.start:c.end] == expr]
    assert len(found) == 1, (expr, [(text[c.start:c.end], c.property) for c in claims(text)])
    return found[0]


def exprs(text):
    return [text[c.start:c.end] for c in claims(text)]


# --- hedges -> intervals ----------------------------------------------------------

@pytest.mark.parametrize("text,expr", [
    ("Russia keeps about 7,000 troops in the republic.", "7,000"),
    ("Some 7,000 servicemen are based there.", "7,000"),
    ("Roughly 7,000 soldiers remain, officials said.", "7,000"),
    ("An estimated 7,000 troops were deployed.", "7,000"),
    ("Nearly 7,000 soldiers took part in the drills.", "7,000"),
    ("Almost 7,000 troops were put on alert.", "7,000"),
    ("Approximately 7,000 personnel will rotate.", "7,000"),
])
def test_approx_is_ten_percent_either_side(text, expr):
    c = one(text, expr)
    assert (c.qualifier, c.value, c.low, c.high) == ("approx", 7000, 6300, 7700)
    assert c.low_inclusive and c.high_inclusive
    assert "hedge" in c.extras


@pytest.mark.parametrize("text", [
    "Clashes killed at least 40 people in the capital.",
    "No fewer than 40 people were killed, police said.",
    "A minimum of 40 people died in the fighting.",
    "40 or more people were killed.",
])
def test_at_least_is_closed_below_open_above(text):
    c = [c for c in claims(text) if c.value == 40][0]
    assert (c.qualifier, c.low, c.high, c.low_inclusive) == ("at_least", 40, None, True)


@pytest.mark.parametrize("text", [
    "Gun battles killed more than 20 people this month.",
    "Over 20 people were killed in the clashes.",
    "In excess of 20 people died.",
    "Upwards of 20 people were killed, the ministry said.",
])
def test_more_than_excludes_the_bound(text):
    c = [c for c in claims(text) if c.value == 20][0]
    assert (c.property, c.qualifier, c.low, c.low_inclusive, c.high) == ("fatalities", "more_than", 20, False, None)


@pytest.mark.parametrize("text,q,high_inc", [
    ("The deployment will take not more than three days.", "at_most", True),
    ("Deployment takes no more than three days, the general said.", "at_most", True),
    ("The operation lasted less than three days.", "less_than", False),
    ("The drills will last up to three days.", "up_to", True),
])
def test_upper_bounded_hedges(text, q, high_inc):
    c = one(text, "three days")
    assert (c.property, c.unit, c.qualifier, c.low, c.high, c.high_inclusive) == ("duration", "day", q, None, 3, high_inc)


def test_hedge_is_excluded_from_the_span_and_kept_in_extras():
    text = "Troops detained more than 1,500 people."
    c = one(text, "1,500")
    assert text[c.start - len("more than "):c.start] == "more than "
    assert c.extras["hedge"] == "more than"


@pytest.mark.parametrize("text,expr,low,high", [
    ("Between 5,000 and 7,000 militants are active in the north.", "5,000 and 7,000", 5000, 7000),
    ("Some 5,000-7,000 fighters are in the area.", "5,000-7,000", 5000, 7000),
    ("Officials put the number of refugees at 20,000 to 25,000.", "20,000 to 25,000", 20000, 25000),
    ("From 5 to 7 soldiers guard each post.", "5 to 7", 5, 7),
    ("The deal is worth $5-7 billion.", "$5-7 billion", 5e9, 7e9),
    ("Between 20% and 25% of the crop was lost.", "20% and 25%", 0.2, 0.25),
])
def test_ranges(text, expr, low, high):
    c = one(text, expr)
    assert (c.qualifier, c.value, c.low, c.high) == ("range", low, low, high)


def test_from_to_after_a_change_verb_is_two_numbers_not_a_range():
    got = [(c.value, c.qualifier) for c in claims("The toll rose from 12 to 36 people.")]
    assert got == [(12.0, "exact"), (36.0, "exact")]


def test_exact_has_equal_ends():
    c = one("The contingent numbers 2,030 peacekeepers.", "2,030")
    assert (c.qualifier, c.low, c.high) == ("exact", 2030, 2030)


# --- vague quantities -----------------------------------------------------------

@pytest.mark.parametrize("text,expr,low,prop", [
    ("Dozens of people were detained after the rally.", "Dozens", 12, "count"),
    ("Several dozen fighters crossed the river.", "Several dozen", 24, "troop_count"),
    ("Hundreds of refugees gathered at the crossing.", "Hundreds", 100, "count"),
    ("Thousands of people fled the fighting.", "Thousands", 1000, "count"),
    ("Tens of thousands were killed in the civil war.", "Tens of thousands", 10000, "fatalities"),
    ("The war killed tens of thousands of civilians.", "tens of thousands", 10000, "fatalities"),
    ("Hundreds of thousands of people were displaced.", "Hundreds of thousands", 100000, "count"),
])
def test_vague_quantities_are_lower_bounds(text, expr, low, prop):
    c = one(text, expr)
    assert (c.qualifier, c.value, c.low, c.high, c.property) == ("at_least", low, low, None, prop)
    assert c.extras["vague"]


# --- money ------------------------------------------------------------------------

@pytest.mark.parametrize("text,expr,value,unit", [
    ("Russia will transfer $70 billion to Tajikistan", "$70 billion", 70e9, "USD"),
    ("Moscow will allocate 70 billion rubles in aid.", "70 billion rubles", 70e9, "RUB"),
    ("Moscow will allocate 70 billion roubles in aid.", "70 billion roubles", 70e9, "RUB"),
    ("The bank lent RUB 70bn last year.", "RUB 70bn", 70e9, "RUB"),
    ("The EU pledged €1.5bn in aid.", "€1.5bn", 1.5e9, "EUR"),
    ("Britain gave £200m to the fund.", "£200m", 200e6, "GBP"),
    ("The loan of 500 million US dollars was approved.", "500 million US dollars", 500e6, "USD"),
    ("Dushanbe will spend 5 million somoni on the road.", "5 million somoni", 5e6, "TJS"),
    ("Kazakhstan earmarked 46 bln tenge for the army.", "46 bln tenge", 46e9, "KZT"),
    ("Bishkek received 2.5 billion soms in grants.", "2.5 billion soms", 2.5e9, "KGS"),
    ("A 4.5-billion-rouble contract was signed.", "4.5-billion-rouble", 4.5e9, "RUB"),
    ("The fund holds US$ 300 million.", "US$ 300 million", 300e6, "USD"),
    ("Aid worth six million euros arrived.", "six million euros", 6e6, "EUR"),
])
def test_money_in_its_currency(text, expr, value, unit):
    c = one(text, expr)
    assert (c.property, c.value, c.unit) == ("monetary_amount", value, unit)
    assert c.normalized_value is None and c.normalized_unit is None


def test_money_and_its_conversion_are_two_claims():
    text = "Russia will give about 70 billion rubles (about $1.23 billion at the current exchange rate)."
    got = {(c.unit, c.value, c.qualifier) for c in claims(text)}
    assert got == {("RUB", 70e9, "approx"), ("USD", 1.23e9, "approx")}


def test_pounds_without_a_scale_are_not_money():
    assert all(c.property != "monetary_amount" for c in claims("The parcel weighed 500 pounds."))


# --- exchange rates ---------------------------------------------------------------

@pytest.mark.parametrize("text,expr,value,unit", [
    ("The rouble traded at 65 to the dollar on Monday.", "65", 65, "RUB"),
    ("The somoni weakened to 10.9 per U.S. dollar.", "10.9", 10.9, "TJS"),
    ("In exchange offices the dollar was selling for 11.3 somoni.", "11.3 somoni", 11.3, "TJS"),
    ("USD/RUB 91.35", "RUB 91.35", 91.35, "RUB"),
    ("KGS rates: USD 87.45 / EUR 94.60", "USD 87.45", 87.45, "KGS"),
])
def test_exchange_rates_are_in_the_quoting_currency(text, expr, value, unit):
    c = one(text, expr)
    assert (c.property, c.value, c.unit) == ("exchange_rate", value, unit)


def test_ticker_block_quotes_in_its_base_currency():
    body = "USD 86.45\nEUR 92.47\nRUB 1.00\n\nRussia promises aid"
    got = [(c.property, c.value, c.unit, c.extras.get("priced")) for c in claims(body)]
    assert got == [("exchange_rate", 86.45, "RUB", "USD"), ("exchange_rate", 92.47, "RUB", "EUR")]


# --- lengths ----------------------------------------------------------------------

@pytest.mark.parametrize("text,expr,value,unit,km", [
    ("The two states share a 1,344-km border.", "1,344-km", 1344, "km", 1344),
    ("The border with Afghanistan stretches for 1,344 kilometres.", "1,344 kilometres", 1344, "km", 1344),
    ("The Tajik-Afghan border (about 1350 km) is poorly guarded.", "1350 km", 1350, "km", 1350),
    ("Its 500-mile frontier with China is closed.", "500-mile", 500, "mile", 804.672),
])
def test_border_lengths(text, expr, value, unit, km):
    c = one(text, expr)
    assert (c.property, c.value, c.unit, c.normalized_unit) == ("border_length", value, unit, "km")
    assert math.isclose(c.normalized_value, km)


def test_both_readings_of_a_converted_length_are_kept_as_written():
    text = "The 830-mile (1,300-kilometer) border is porous."
    got = [(text[c.start:c.end], c.property, c.unit, c.value) for c in claims(text)]
    assert got == [("830-mile", "border_length", "mile", 830), ("1,300-kilometer", "border_length", "km", 1300)]


@pytest.mark.parametrize("text,expr", [
    ("Troops were deployed 30 km from the border.", "30 km"),
    ("A 200-km stretch of the border is unguarded.", "200-km"),
    ("The convoy travelled 600 kilometers across the Pamirs.", "600 kilometers"),
    ("The border runs for 971 km, of which over 300 km remain undelimited.", "300 km"),
    ("The base is 12 miles north of the capital.", "12 miles"),
])
def test_other_lengths_are_distances(text, expr):
    assert one(text, expr).property == "distance"


def test_border_length_stated_after_the_border_sentence():
    body = "Head\n\nMilitants control part of the border with Afghanistan. Its length is over 1,350 kilometers."
    c = one(body, "1,350 kilometers")
    assert (c.property, c.qualifier, c.value) == ("border_length", "more_than", 1350)


# --- durations --------------------------------------------------------------------

@pytest.mark.parametrize("text,expr,value,unit", [
    ("Russia signed a 30-year lease on the base.", "30-year", 30, "year"),
    ("The base will stay for 49 years.", "49 years", 49, "year"),
    ("Tajikistan gets better terms if it joins within 3 years.", "3 years", 3, "year"),
    ("The exercise will last five days.", "five days", 5, "day"),
    ("Troops began a two-week exercise.", "two-week", 2, "week"),
    ("The rotation takes place every 6 months.", "6 months", 6, "month"),
    ("The programme has run for two decades.", "two decades", 20, "year"),
])
def test_durations(text, expr, value, unit):
    c = one(text, expr)
    assert (c.property, c.value, c.unit) == ("duration", value, unit)


@pytest.mark.parametrize("text", [
    "Four days earlier, the talks collapsed.",
    "Two years ago the base was expanded.",
    "Relations have improved over the past two decades.",
    "The troops will begin leaving in two days.",
])
def test_time_references_are_skipped(text):
    assert claims(text) == []


# Ages were skipped before the generic property ``quantity`` existed; the
# annotation guide (docs/annotation.md §2.2) makes them quantities in years.
@pytest.mark.parametrize("text", ["A 45-year-old man was arrested.", "He is 45 years old."])
def test_ages_are_quantities_in_years_not_durations(text):
    [c] = [c for c in claims(text) if c.value == 45]
    assert (c.property, c.unit) == ("quantity", "year")


def test_a_unit_with_a_hedge_is_one():
    c = one("The operation lasted less than a week.", "a week")
    assert (c.property, c.value, c.unit, c.qualifier) == ("duration", 1, "week", "less_than")
    assert claims("They met a week later.") == []


# --- shares -------------------------------------------------------------------------

@pytest.mark.parametrize("text,expr,value,q", [
    ("About two-thirds of the total border is held by militants.", "two-thirds", 0.6667, "approx"),
    ("Unemployment stood at 11.4 per cent.", "11.4 per cent", 0.114, "exact"),
    ("Half of the troops will leave.", "Half", 0.5, "exact"),
    ("Almost a third of voters stayed home.", "a third", 0.3333, "approx"),
    ("Russia holds a 51% stake in the plant.", "51%", 0.51, "exact"),
])
def test_shares_are_fractions(text, expr, value, q):
    c = one(text, expr)
    assert (c.property, c.unit, c.value, c.qualifier) == ("share", "fraction", value, q)
    assert (c.normalized_value, c.normalized_unit) == (value, "fraction")


# A rate or a change in percent is a quantity, not a share (docs/annotation.md §2.2);
# these two were shares before the generic property existed.
@pytest.mark.parametrize("text,expr,value,unit", [
    ("Inflation reached 15% last year.", "15%", 15, "percent"),
    ("Exports fell 5 percent.", "5 percent", 5, "percent"),
    ("Growth was 3 percentage points lower.", "3 percentage points", 3, "percentage_point"),
    ("The bank cut its rate by 50 basis points.", "50 basis points", 50, "basis_point"),
])
def test_rates_and_changes_in_percent_are_quantities(text, expr, value, unit):
    c = one(text, expr)
    assert (c.property, c.unit, c.value) == ("quantity", unit, value)


def test_fraction_words_that_are_not_shares():
    assert claims("A third country could mediate.") == []
    assert claims("Growth slowed in the first half.") == []


# --- property typing ---------------------------------------------------------------

@pytest.mark.parametrize("text,expr", [
    ("The Kremlin keeps a 6,000-strong base in Tajikistan.", "6,000-strong"),
    ("The border is guarded by a 16,000-man force.", "16,000-man"),
    ("Russia has 7,000 troops stationed in the country.", "7,000"),
    ("Up to 3,000 Russian servicemen could be deployed.", "3,000"),
    ("Fewer than 200 U.S. troops remain at the base.", "200"),
    ("The commander led a force of 300 men into the gorge.", "300"),
    ("The militants, numbering more than 200, seized the town.", "200"),
    ("Moscow will raise the number of servicemen there to 9,000.", "9,000"),
    ("About 2,500 American service members are still there.", "2,500"),
    ("An estimated 2,000 nationals have gone to fight for the group.", "2,000"),
])
def test_troop_counts(text, expr):
    c = one(text, expr)
    assert (c.property, c.unit) == ("troop_count", "person")


@pytest.mark.parametrize("text,expr", [
    ("Gun battles killed more than 20 people this month.", "20"),
    ("Twelve militants were killed in the raid.", "Twelve"),
    ("The death toll has risen to 36, officials said.", "36"),
    ("The civil war claimed an estimated 50,000 lives.", "50,000"),
    ("Nearly 300 lives were lost in the fighting.", "300"),
    ("The regiment lost 12 men in the ambush.", "12"),
    ("More than 30 militants were eliminated during the operation.", "30"),
    ("The attack left 14 dead.", "14"),
    ("Rescuers recovered 11 bodies from the rubble.", "11"),
])
def test_fatalities(text, expr):
    c = one(text, expr)
    assert (c.property, c.unit) == ("fatalities", "person")


def test_killed_and_wounded_in_one_sentence():
    text = "Two soldiers were killed and three wounded when the patrol was ambushed."
    got = {text[c.start:c.end]: (c.property, c.unit) for c in claims(text)}
    assert got == {"Two": ("fatalities", "person"), "three": ("count", "person")}
    text = "One soldier died and two were injured."
    assert [c.property for c in claims(text)] == ["fatalities", "count"]


def test_a_listed_number_shares_the_verb():
    text = "Gunmen killed 12 soldiers and three civilians."
    assert [c.property for c in claims(text)] == ["fatalities", "fatalities"]
    text = "The toll has risen to 10: 4 Kyrgyz and 6 Tajik citizens."
    assert [c.property for c in claims(text)] == ["fatalities"] * 3


def test_partitive_takes_the_whole_reading():
    text = "Eight of the 18 people killed were women."
    assert [(c.value, c.property) for c in claims(text)] == [(8, "fatalities"), (18, "fatalities")]
    assert [c.value for c in claims("One of the 12 detainees was released.")] == [12]


@pytest.mark.parametrize("text,expr,counted,unit", [
    ("Police detained 5 suspects after the raid.", "5", "suspects", "person"),
    ("At least 1,500 people were detained after the protests.", "1,500", "people", "person"),
    ("Russia will supply 12 Mi-24 helicopters.", "12", "helicopters", "count"),
    ("Authorities registered 4,000 displaced families.", "4,000", "families", "count"),
    ("The militants seized three villages.", "three", "villages", "count"),
    ("The Su-30SM fighters, 10 of which have arrived, are based in Kant.", "10", "fighters", "count"),
    ("Two Mi-8 helicopters crashed in bad weather.", "Two", "helicopters", "count"),
])
def test_counts_keep_the_counted_noun(text, expr, counted, unit):
    c = one(text, expr)
    assert (c.property, c.counted, c.unit) == ("count", counted, unit)


def test_injured_count_without_noun_keeps_the_trigger_word():
    c = one("Fourteen died and 26 were injured.", "26")
    assert (c.property, c.unit, c.counted) == ("count", "person", "injured")


@pytest.mark.parametrize("text,expr", [
    ("Putin addressed the CSTO, a security body of six ex-Soviet states.", "six"),
    ("The bloc of six states met in Minsk.", "six"),
    ("The seven member countries agreed a budget.", "seven"),
    ("The 28-member alliance met in Brussels.", "28-member"),
    ("NATO's 30 members agreed.", "30"),
    ("Kyrgyzstan, one of the six CSTO members, hosts a base.", "six"),
])
def test_member_counts(text, expr):
    c = one(text, expr)
    assert (c.property, c.unit) == ("member_count", "count")


# --- skips ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "He has ruled since 1992 with little tolerance of dissent.",
    "Moscow backed him in the 1992-97 civil war.",
    "The season ran in 2014-2015.",
    "The summit was held on Sept. 14-16 in Dushanbe.",
    "DUSHANBE, September 15, 2015 (Reuters) - Talks began.",
    "28 September 2013, 14:07",
    "The meeting began at 10:30 a.m. local time.",
    "Soldiers of the 201st base and the 149th regiment took part.",
    "The Mi-8 and Su-25 jets and BRDM-2M vehicles took part.",
    "Call +7 495 123-45-67 for details.",
    "Its presence has been extended until 2042.",
    "He was number 3 on the list.",
    "Under Resolution 2593, the council met.",
    "The G7 and G20 summits were held.",
    "One of the leaders spoke; no one objected.",
    "The two countries share a long border.",
    "The score was 2-1.",
])
def test_not_claims(text):
    assert claims(text) == []


def test_headline_numbers_are_claims():
    body = "Russia to Deploy 3,500 More Soldiers to Kyrgyz Air Base\n\nMoscow said so."
    c = one(body, "3,500")
    assert (c.property, c.quote) == ("troop_count", "Russia to Deploy 3,500 More Soldiers to Kyrgyz Air Base")


def test_word_year_like_numbers_with_troops_are_counts():
    c = one("Moscow sent 1500 soldiers to the border.", "1500")
    assert c.property == "troop_count"


def test_claims_are_ordered_and_quotes_are_sentences():
    body = "Headline here\n\nClashes killed 20 people. Police detained 30 suspects."
    out = claims(body)
    assert [c.start for c in out] == sorted(c.start for c in out)
    assert [c.quote for c in out] == ["Clashes killed 20 people.", "Police detained 30 suspects."]


# --- seeds: analyst-level facts (property / qualifier / value / unit) ----------------

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_claims(prefix):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    body = path.read_text(encoding="utf-8")
    return {(c.property, c.qualifier, c.value, c.unit) for c in extract_claims(body)}, body


def test_seed_000():
    got, body = seed_claims("000")
    assert ("fatalities", "more_than", 20, "person") in got
    assert ("fatalities", "at_least", 10000, "person") in got
    assert ("member_count", "exact", 6, "count") in got
    assert ("troop_count", "exact", 6000, "person") in got
    assert not any(v in (1992, 2015, 97) for _, _, v, _ in got)


def test_seed_003_money_and_border():
    got, _ = seed_claims("003")
    assert ("monetary_amount", "exact", 70e9, "USD") in got
    assert ("monetary_amount", "exact", 70e9, "RUB") in got
    assert ("monetary_amount", "approx", 1.23e9, "USD") in got
    assert ("border_length", "approx", 1350, "km") in got
    assert ("duration", "at_most", 3, "day") in got
    assert not any(v in (201, 2005, 2013, 2014) for _, _, v, _ in got)


def test_seed_004_share_and_border_length():
    got, _ = seed_claims("004")
    assert ("share", "approx", 0.6667, "fraction") in got
    assert ("border_length", "more_than", 1350, "km") in got
    assert not any(v in (201, 2004, 2042) for _, _, v, _ in got)


@pytest.mark.parametrize("text, qualifier", [
    ("Saudi Arabia rolls over $3bn deposits.", "exact"),       # phrasal verb
    ("Russia handed over $20 million in aid.", "exact"),
    ("A row over $5 billion in debt deepened.", "exact"),      # "over" = concerning
    ("Talks over $10 billion of loans stalled.", "exact"),
    ("Over 20 people were killed.", "more_than"),              # still a hedge
    ("The project cost over $5 million.", "more_than"),
])
def test_over_is_a_hedge_only_before_an_amount(text, qualifier):
    (c,) = claims(text)
    assert c.qualifier == qualifier
