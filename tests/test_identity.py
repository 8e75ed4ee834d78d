"""Claim identity: each rule of docs/agreement.md in both directions (compared / not compared)."""

from __future__ import annotations

import datetime as dt

import pytest

from factdb.agreement import ClaimView, best_fact, comparable, consistent, numeric_conflicts, same_quantity
from factdb.agreement.identity import headline_end, kind_of, scope_of

D = dt.date


def c(id, value, qualifier="exact", low=None, high=None, *, article=None, subject="201st Military Base",
      prop="troop_count", unit="person", as_of=D(2015, 9, 15), prec="day", li=True, hi=True, **kw):
    if low is None and high is None:
        low, high = {"exact": (value, value), "approx": (value * 0.9, value * 1.1), "at_least": (value, None),
                     "more_than": (value, None), "at_most": (None, value), "up_to": (None, value),
                     "less_than": (None, value)}[qualifier]
        li = li if qualifier != "more_than" else False
        hi = hi if qualifier != "less_than" else False
    return ClaimView(id=id, article_id=article if article is not None else id, subject=subject, property=prop,
                     value=value, low=low, high=high, low_inclusive=li, high_inclusive=hi, qualifier=qualifier,
                     unit=unit, as_of=as_of, as_of_precision=prec, **kw)


def flagged(*claims) -> list[tuple[int, int]]:
    return [x.ids for x in numeric_conflicts(list(claims))]


SIX = c(1, 6000)
SEVEN = c(2, 7000, as_of=D(2015, 9, 20))


# ------------------------------------------------------------------ subject and property


def test_same_subject_and_property_are_compared():
    assert comparable(SIX, SEVEN) and flagged(SIX, SEVEN) == [(1, 2)]


def test_another_subject_or_property_is_not():
    assert same_quantity(SIX, c(2, 7000, subject="Kyrgyzstan")) == "subject"
    assert same_quantity(SIX, c(2, 7000, prop="fatalities")) == "property"
    assert flagged(SIX, c(2, 7000, subject="Kyrgyzstan"), c(3, 7000, prop="fatalities")) == []


def test_a_raw_text_subject_names_nothing_two_articles_share():
    a = c(1, 30, subject="the clashes", subject_resolved=False, prop="fatalities")
    b = c(2, 45, subject="the clashes", subject_resolved=False, prop="fatalities")
    assert not comparable(a, b) and flagged(a, b) == []
    assert flagged(c(1, 30, prop="fatalities", subject="the clashes"), c(2, 45, prop="fatalities",
                                                                     subject="the clashes")) == [(1, 2)]


# ------------------------------------------------------------------ object


def test_objects_must_agree_where_both_are_known():
    to_taj = c(1, 70e9, prop="monetary_amount", unit="USD", subject="Russia", object="Tajikistan")
    to_kyr = c(2, 40e9, prop="monetary_amount", unit="USD", subject="Russia", object="Kyrgyzstan")
    unknown = c(3, 40e9, prop="monetary_amount", unit="USD", subject="Russia", object=None)
    assert same_quantity(to_taj, to_kyr) == "object" and flagged(to_taj, to_kyr) == []
    assert same_quantity(to_taj, unknown) is None and flagged(to_taj, unknown) == [(1, 3)]


# ------------------------------------------------------------------ what is counted


@pytest.mark.parametrize("a, b, same", [
    ("gun battles killed 30 civilians", "gun battles killed 45 civilians", True),
    ("gun battles killed 30 civilians", "gun battles killed 45 soldiers", False),
    ("Russia keeps 7,000 troops in Tajikistan", "Russia has 6,000 servicemen in Tajikistan", True),
    ("Russia keeps 7,000 troops in Tajikistan", "Russia sent 2,000 troops to Kazakhstan", False),
    ("Russia keeps 7,000 troops in Tajikistan", "Tajikistan will mobilize 20,000 reservists", False),
    ("Russia gave $2 billion in aid", "Russia provided $3 billion of assistance", True),
    ("Russia gave $2 billion in aid", "remittances from Russia totaled $3 billion", False),
    ("the revenues will reach 4.8 billion soms", "the expenditures will reach 4.7 billion soms", False),
    ("accounted for half of Tajikistan's GDP", "accounted for 47 percent of the GDP", True),
    ("accounted for half of Tajikistan's GDP", "almost a half of the number of border troops", False),
])
def test_what_is_counted(a, b, same):
    prop = ("fatalities" if "killed" in a else "troop_count" if "troops" in a else
            "share" if "GDP" in a else "monetary_amount")

    def kind(text):
        import re

        m = re.search(r"\d[\d,.]*(?:\s*(?:billion|percent))?|half", text)
        return kind_of(text, m.start(), m.end(), prop)

    ka, kb = kind(a), kind(b)
    assert (ka == kb) is same, (ka, kb)
    x = c(1, 10, prop=prop, unit="person", kind=ka)
    y = c(2, 99, prop=prop, unit="person", kind=kb)
    assert (flagged(x, y) != []) is same


def test_dead_and_wounded_are_different_properties_and_kinds():
    text = "its death toll has risen to 36 people, with 129 wounded in fighting"
    assert kind_of(text, text.index("36"), text.index("36") + 2, "fatalities") == "dead"
    assert kind_of(text, text.index("129"), text.index("129") + 3, "count", "wounded") == "wounded"


# ------------------------------------------------------------------ scope


@pytest.mark.parametrize("text, number, prop, scope", [
    ("Ukraine expects to receive the first tranche of 4.5 billion euros", "4.5 billion euros", "monetary_amount",
     "instalment"),
    ("The country received US$44 billion of that amount.", "US$44 billion", "monetary_amount", "part"),
    ("Of that money, $30 million will go to investment projects", "$30 million", "monetary_amount", "component"),
    ("The package, including $2 billion for weapons, was approved", "$2 billion", "monetary_amount", "component"),
    ("Troops guard a 200-km stretch of the border with Afghanistan", "200-km", "border_length", "section"),
    ("Guards patrol 500 km of the border with Afghanistan", "500 km", "border_length", "section"),
    ("The border is about 1,350 km long", "1,350 km", "border_length", "whole"),
    ("The EU agreed a 50 billion euro package for Ukraine", "50 billion euro", "monetary_amount", "whole"),
    ("pledged a combined $4.6 billion in loans", "$4.6 billion", "monetary_amount", "whole"),
])
def test_scope_is_read_from_the_clause(text, number, prop, scope):
    start = text.index(number)
    assert scope_of(text, start, start + len(number), prop) == scope


@pytest.mark.parametrize("scope", ["part", "component", "instalment", "section"])
def test_only_wholes_are_compared(scope):
    whole = c(1, 50e9, prop="monetary_amount", unit="EUR", subject="European Union")
    part = c(2, 4.5e9, prop="monetary_amount", unit="EUR", subject="European Union", scope=scope)
    assert same_quantity(whole, part) == "scope" and flagged(whole, part) == []
    assert flagged(whole, c(3, 4.5e9, prop="monetary_amount", unit="EUR", subject="European Union")) == [(1, 3)]


# ------------------------------------------------------------------ as-of: the same moment


def test_a_later_different_figure_is_a_change_not_a_dispute():
    later = c(2, 7000, as_of=D(2016, 3, 1))
    assert not comparable(SIX, later) and flagged(SIX, later) == []
    toll_then = c(3, 30, prop="fatalities", subject="Kyrgyzstan", as_of=D(2022, 9, 12))
    toll_now = c(4, 36, prop="fatalities", subject="Kyrgyzstan", as_of=D(2022, 9, 18))
    assert flagged(toll_then, toll_now) == []  # a toll rises within days: 3-day moments
    same_day = c(5, 45, prop="fatalities", subject="Kyrgyzstan", as_of=D(2022, 9, 12))
    assert flagged(toll_then, same_day) == [(3, 5)]


def test_a_month_or_a_year_matches_the_days_inside_it():
    year = c(2, 7000, as_of=D(2015, 1, 1), prec="year")
    assert flagged(SIX, year) == [(1, 2)]
    assert flagged(SIX, c(3, 7000, as_of=D(2016, 1, 1), prec="year")) == []


def test_border_lengths_are_timeless_and_undated_figures_meet_them():
    dated = c(1, 1344, prop="border_length", unit="km", subject="Tajik-Afghan border", as_of=D(2021, 9, 17))
    undated = c(2, 1350, "more_than", prop="border_length", unit="km", subject="Tajik-Afghan border", as_of=None,
                prec=None)
    older = c(3, 1350, "approx", prop="border_length", unit="km", subject="Tajik-Afghan border",
              as_of=D(2015, 4, 7))
    assert flagged(dated, undated, older) == [(1, 2)]
    # an undated troop count meets nothing in another article
    assert flagged(SIX, c(4, 9000, as_of=None, prec=None)) == []


# ------------------------------------------------------------------ units and currencies


def test_miles_meet_kilometres():
    km = c(1, 1344, prop="border_length", unit="km", subject="Tajik-Afghan border")
    mi = c(2, 835, prop="border_length", unit="mile", subject="Tajik-Afghan border")
    far = c(3, 500, prop="border_length", unit="mile", subject="Tajik-Afghan border")
    assert consistent(km, mi) and not consistent(km, far)
    assert flagged(km, mi) == [] and flagged(km, far) == [(1, 3)]
    f = best_fact([km, mi])
    assert f.method == "consensus" and f.unit == "km" and 1343 <= f.low <= 1344 <= f.high


def test_money_meets_through_usd_at_its_date():
    rub = c(1, 70e9, prop="monetary_amount", unit="RUB", subject="Russia", normalized_value=1.27e9,
            normalized_unit="USD")
    usd = c(2, 1.23e9, "approx", prop="monetary_amount", unit="USD", subject="Russia")
    big = c(3, 70e9, prop="monetary_amount", unit="USD", subject="Russia")
    assert consistent(rub, usd) and not consistent(rub, big)
    assert flagged(rub, usd) == [] and flagged(rub, big) == [(1, 3)]


# ------------------------------------------------------------------ consistent hedges are never flagged


@pytest.mark.parametrize("a, b", [
    (c(1, 20, "more_than", prop="fatalities"), c(2, 22, "at_least", prop="fatalities")),
    (c(1, 1350, "approx", prop="border_length", unit="km"), c(2, 1350, "more_than", prop="border_length", unit="km")),
    (c(1, 7000, "up_to"), c(2, 7000, "approx")),
    (c(1, 6000), c(2, 5000, "more_than")),
])
def test_consistent_hedges_are_never_flagged(a, b):
    assert consistent(a, b) and flagged(a, b) == []


# ------------------------------------------------------------------ inside one article


BODY = ("ISIS creeps up on Tajikistan, Russia pledges aid\n\nRussia will transfer $70 billion to Tajikistan\n\n"
        "Militants are already trying to sneak into Tajikistan and could destabilize the entire region. "
        "According to Kommersant, Russia is ready to allocate to Tajikistan aid in the amount of 70 billion rubles.")


def test_the_headline_block_is_the_title_and_its_display_lines():
    end = headline_end(BODY)
    assert BODY[:end].endswith("Russia will transfer $70 billion to Tajikistan")
    assert headline_end("Title\n\nA sentence that ends.\n\nMore.") == len("Title")


def _art(id, value, unit, *, start, headline=False, quote_start=None, quote=None, **kw):
    return c(id, value, prop="monetary_amount", unit=unit, subject="Russia", article=7, as_of=None, prec=None,
             headline=headline, start=start, end=start + 10, quote_start=quote_start, quote=quote, **kw)


def test_a_headline_against_the_body_figure_it_restates():
    head = _art(1, 70e9, "USD", start=60, headline=True, normalized_value=70e9, normalized_unit="USD")
    body = _art(2, 70e9, "RUB", start=300, normalized_value=1.27e9, normalized_unit="USD")
    (x,) = numeric_conflicts([head, body])
    assert x.rule == "headline" and x.ids == (1, 2)
    agreeing = _art(3, 70e9, "USD", start=300)
    assert numeric_conflicts([head, agreeing]) == []


def test_a_headline_restates_only_the_body_figure_written_with_the_same_number():
    total = _art(1, 8e9, "USD", start=20, headline=True)
    parts = [_art(2, 5e9, "USD", start=200), _art(3, 3e9, "USD", start=400)]
    assert numeric_conflicts([total, *parts]) == []


def test_two_body_figures_are_parts_totals_or_other_things():
    assert numeric_conflicts([_art(1, 30e6, "USD", start=100), _art(2, 40e6, "USD", start=140)]) == []


def test_a_figure_against_its_own_conversion():
    rub = _art(1, 70e9, "RUB", start=100, normalized_value=1.27e9, normalized_unit="USD")
    good = _art(2, 1.23e9, "USD", start=130, conversion_of=1, normalized_value=1.23e9, normalized_unit="USD")
    bad = _art(3, 2.5e9, "USD", start=130, conversion_of=1, normalized_value=2.5e9, normalized_unit="USD")
    assert numeric_conflicts([rub, good]) == []
    (x,) = numeric_conflicts([rub, bad])
    assert x.rule == "conversion" and "conversion disagrees" in x.reason


def test_a_length_against_its_conversion_in_parentheses():
    quote = "Its border with Afghanistan is 1,344 km (835 miles) long."
    s1, s2 = quote.index("1,344 km"), quote.index("835 miles")

    def length(id, value, unit, s, e):
        return c(id, value, prop="border_length", unit=unit, subject="Tajik-Afghan border", article=9, as_of=None,
                 prec=None, start=s, end=e, quote=quote, quote_start=0)

    km = length(1, 1344, "km", s1, s1 + 8)
    assert numeric_conflicts([km, length(2, 835, "mile", s2, s2 + 9)]) == []
    (x,) = numeric_conflicts([km, length(3, 500, "mile", s2, s2 + 9)])
    assert x.rule == "conversion"


@pytest.mark.parametrize("quote, flags", [
    ("Officials put the toll at 30, hospitals at 45.", True),
    ("Police said 12 people died, while residents said 40.", True),
    ("The toll was 30 according to officials and 45 according to hospitals.", True),
    ("Finland said they would lend $2.5 billion, while the IMF approved a $2.1 billion package.", False),
    ("Of the 90 deputies, 75 voted for it, while 5 abstained.", False),
    ("Officials put the toll at 30, and 12 more were wounded.", False),
])
def test_an_explicit_contradiction_inside_one_sentence(quote, flags):
    import re

    numbers = [m for m in re.finditer(r"\$?\d+(?:[.,]\d+)*(?: billion)?", quote)][:2]
    a, b = (c(i + 1, float(m.group().strip("$").replace(",", "").split()[0]), prop="fatalities", unit="person",
              subject="the clashes", article=5, start=m.start(), end=m.end(), quote=quote, quote_start=0)
            for i, m in enumerate(numbers))
    got = numeric_conflicts([a, b])
    assert (got != [] and got[0].rule == "contradiction") is flags


# ------------------------------------------------------------------ specificity


def test_a_vague_bound_supports_but_does_not_define():
    vague = c(1, 10_000, "at_least", prop="fatalities", subject="Tajik Civil War", vague=True)
    specific = c(2, 50_000, prop="fatalities", subject="Tajik Civil War")
    f = best_fact([vague, specific])
    assert (f.low, f.high, f.method) == (50_000, 50_000, "consensus")
    assert {x.id for x in f.supporting} == {1, 2}
    alone = best_fact([vague])
    assert (alone.low, alone.high) == (10_000, None)


def test_equal_support_prefers_the_more_specific_answer():
    about = c(1, 1350, "approx", prop="border_length", unit="km", subject="B")
    over = c(2, 1350, "more_than", prop="border_length", unit="km", subject="B")
    exact = c(3, 1344, prop="border_length", unit="km", subject="B")
    f = best_fact([about, over, exact])
    assert (f.low, f.high, f.method) == (1344, 1344, "majority") and [x.id for x in f.dissent] == [2]
