"""Subject/object, as-of, modality, change and conversions on hand-built claims."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from factdb.extract.context import complete_claims
from factdb.records import Claim, Mention

KINDS = {
    "Russia": "country",
    "Tajikistan": "country",
    "Afghanistan": "country",
    "Kyrgyzstan": "country",
    "Uzbekistan": "country",
    "United States": "country",
    "Dushanbe": "city",
    "Khorog": "city",
    "Collective Security Treaty Organization": "organization",
    "201st Military Base": "military_unit",
    "Tajik-Afghan border": "other",  # as in seeds/registry.yml
    "US dollar": "currency",
    "Russian ruble": "currency",
    "Vladimir Putin": "person",
}
ALIASES = {
    "Russia": ["Russia", "Moscow", "Russian", "Kremlin"],
    "Tajikistan": ["Tajikistan", "Tajik"],
    "Afghanistan": ["Afghanistan", "Afghan"],
    "Kyrgyzstan": ["Kyrgyzstan", "Bishkek"],
    "Uzbekistan": ["Uzbekistan"],
    "United States": ["United States", "Washington"],
    "Dushanbe": ["Dushanbe"],
    "Khorog": ["Khorog"],
    "Collective Security Treaty Organization": ["CSTO", "Collective Security Treaty Organization"],
    "201st Military Base": ["201st base", "201st military base", "201st Russian military base"],
    "Tajik-Afghan border": ["Tajik-Afghan border"],
    "US dollar": ["dollar"],
    "Russian ruble": ["ruble"],
    "Vladimir Putin": ["Putin", "Vladimir Putin"],
}
PUB = dt.date(2015, 9, 15)


def find_mentions(body: str) -> list[Mention]:
    """A tiny stand-in for MentionFinder: longest alias first, no overlaps."""
    spans: list[Mention] = []
    pairs = sorted(((a, e) for e, al in ALIASES.items() for a in al), key=lambda p: -len(p[0]))
    for alias, entity in pairs:
        for m in re.finditer(r"\b" + re.escape(alias) + r"\b", body, re.I):
            if any(m.start() < x.end and x.start < m.end() for x in spans):
                continue
            spans.append(Mention(entity, m.start(), m.end(), m.group(0)))
    return sorted(spans, key=lambda m: m.start)


def sentence_span(body: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+|\n\n", body[:pos]):
        start = m.end()
    m = re.compile(r"[.!?](?=\s|$)|\n\n").search(body, pos)
    end = m.end() if m and body[m.start()] != "\n" else (m.start() if m else len(body))
    return start, end


def claim(body: str, expr: str, prop: str, unit: str = "person", value: float = 1.0, nth: int = 0) -> Claim:
    starts = [m.start() for m in re.finditer(re.escape(expr), body)]
    s = starts[nth]
    qs, qe = sentence_span(body, s)
    return Claim(prop, value, "exact", unit, s, s + len(expr), body[qs:qe], qs, qe, confidence=1.0)


def run(body: str, *claims: Claim, published=PUB, precision="day") -> list[Claim]:
    out = complete_claims(body, list(claims), find_mentions(body), KINDS, published, precision)
    assert len(out) == len(claims)
    for before, after in zip(claims, out):
        assert (after.start, after.end, after.value, after.quote) == (before.start, before.end, before.value, before.quote)
    return out


def one(body: str, expr: str, prop: str, unit: str = "person", **kw) -> Claim:
    return run(body, claim(body, expr, prop, unit), **kw)[0]


# ---- subjects -------------------------------------------------------------

@pytest.mark.parametrize(
    "body, expr, prop, unit, subject, obj",
    [
        ("Headline\n\nRussia will give Tajikistan $50 million for border security.", "$50 million", "monetary_amount", "USD", "Russia", "Tajikistan"),
        ("Headline\n\nThe grant of 3 billion rubles to Tajikistan from Russia was approved.", "3 billion rubles", "monetary_amount", "RUB", "Russia", "Tajikistan"),
        ("Headline\n\nMoscow is ready to allocate to Tajikistan aid in the amount of 70 billion rubles.", "70 billion rubles", "monetary_amount", "RUB", "Russia", "Tajikistan"),
        ("Headline\n\nDushanbe will receive $12 million from Washington next year.", "$12 million", "monetary_amount", "USD", "United States", "Dushanbe"),
        ("Headline\n\nThe United States has provided Uzbekistan with equipment worth $8 million.", "$8 million", "monetary_amount", "USD", "United States", "Uzbekistan"),
        ("Headline\n\nRussia keeps 7,000 troops in Tajikistan.", "7,000 troops", "troop_count", "person", "Russia", "Tajikistan"),
        ("Headline\n\nThe 201st military base has about 7,000 servicemen in Dushanbe.", "7,000 servicemen", "troop_count", "person", "201st Military Base", "Dushanbe"),
        ("Headline\n\nThe border is guarded by a 16,000-man strong CSTO force.", "16,000-man", "troop_count", "person", "Collective Security Treaty Organization", None),
        ("Headline\n\nSome 1,500 Russian troops arrived.", "1,500", "troop_count", "person", "Russia", None),
        ("Headline\n\nFighting in Khorog left 22 people dead.", "22 people", "fatalities", "person", "Khorog", None),
        ("Headline\n\nThe long Tajik-Afghan border (about 1,350 km) is porous.", "1,350 km", "border_length", "km", "Tajik-Afghan border", None),
        ("Headline\n\nTajikistan shares a 1,344-km border with Afghanistan.", "1,344-km", "border_length", "km", "Tajikistan", "Afghanistan"),
        ("Headline\n\nKhorog lies 300 km from Dushanbe.", "300 km", "distance", "km", "Khorog", "Dushanbe"),
        ("Headline\n\nThe road from Dushanbe to Khorog is 600 km long.", "600 km", "distance", "km", "Dushanbe", "Khorog"),
        ("Headline\n\nThe CSTO, a bloc of six states, met on Monday.", "six", "member_count", "count", "Collective Security Treaty Organization", None),
        ("Headline\n\nPolice detained 40 people in Dushanbe.", "40 people", "count", "person", "Dushanbe", None),
    ],
)
def test_subject_from_sentence(body, expr, prop, unit, subject, obj):
    c = one(body, expr, prop, unit)
    assert (c.subject, c.object) == (subject, obj)
    assert c.subject_resolved and c.subject_source == "sentence"
    assert c.confidence == 1.0


def test_share_whole_is_the_of_phrase():
    c = one("Headline\n\nAbout two-thirds of the total border with Afghanistan is held by militants.", "two-thirds", "share", "fraction")
    assert c.subject == "Afghanistan" and c.extras["whole"].startswith("total border")
    # a whole that names no entity is not the subject (docs/annotation.md §5: whose part it is):
    # kept in extras, the subject left to the paragraph, headline or article
    raw = one("Headline\n\nSome 15% of the defence budget goes to salaries.", "15%", "share", "fraction")
    assert raw.subject is None and raw.extras["whole"] == "defence budget"


def test_share_subject_is_the_holder_the_whole_its_object():
    """docs/annotation.md §5: "China holds 40% of Tajikistan's debt" -> China, object Tajikistan."""
    c = one("Headline\n\nRussia holds 40% of Tajikistan's debt.", "40%", "share", "fraction")
    assert (c.subject, c.object) == ("Russia", "Tajikistan")
    c = one("Headline\n\nRussian gas supplies account for about 30% of Kyrgyzstan's total consumption.", "30%", "share", "fraction")
    assert (c.subject, c.object) == ("Russia", "Kyrgyzstan")
    c = one("Headline\n\nUnemployment reached 15% of Uzbekistan's workforce.", "15%", "share", "fraction")
    assert (c.subject, c.object) == ("Uzbekistan", None)


def test_subject_from_paragraph_then_headline_lowers_confidence():
    body = "Russia boosts aid to Tajikistan\n\nThe CSTO met in Dushanbe. It now has six members.\n\nOfficials say 2,000 troops are ready."
    members, troops = run(body, claim(body, "six", "member_count", "count"), claim(body, "2,000 troops", "troop_count"))
    assert members.subject == "Collective Security Treaty Organization" and members.subject_source == "paragraph"
    assert members.confidence == pytest.approx(0.8)
    assert troops.subject == "Russia" and troops.subject_source == "headline"
    assert troops.confidence == pytest.approx(0.6)


def test_border_length_from_paragraph_keeps_with_object():
    body = "Headline\n\nAbout two-thirds of the border with Afghanistan is lost, Tajik officials said. Its length is over 1,350 kilometers."
    c = run(body, claim(body, "1,350 kilometers", "border_length", "km"))[0]
    assert (c.subject, c.object, c.subject_source) == ("Tajikistan", "Afghanistan", "paragraph")


def test_recipient_only_takes_payer_from_paragraph():
    body = "Headline\n\nRussia is arming its allies. Bishkek receives weapons worth about 40 billion rubles."
    c = run(body, claim(body, "40 billion rubles", "monetary_amount", "RUB"))[0]
    assert (c.subject, c.object, c.subject_source) == ("Russia", "Kyrgyzstan", "paragraph")


def test_fatalities_event_text_kept_and_place_resolved():
    c = one("Headline\n\nPutin said Russia would help Tajikistan after gun battles killed more than 20 people.", "20 people", "fatalities")
    assert c.subject == "Tajikistan" and c.extras["event_text"].endswith("gun battles")
    # an unnamed event is not a subject (docs/annotation.md §5: the named event, else the place);
    # the phrase stays in extras
    raw = one("Headline\n\nThe clashes killed 12 people.", "12 people", "fatalities")
    assert raw.subject is None and raw.extras["event_text"] == "The clashes"


def test_fatalities_named_event_and_attacker():
    c = one("Headline\n\nRussian strikes killed 30 people in Khorog.", "30 people", "fatalities")
    assert (c.subject, c.object) == ("Khorog", "Russia")


def test_no_subject_anywhere_halves_confidence():
    c = one("Headline\n\nIt lasted a while and 12 were hurt.", "12", "count", "count")
    assert c.subject is None and c.subject_source is None and c.confidence == pytest.approx(0.5)


def test_duration_subject_is_the_thing_that_lasts():
    assert one("Headline\n\nThey signed a 49-year lease on the base.", "49-year", "duration", "year").subject == "lease"
    c = one("Headline\n\nThe bloc needs at most three days for full-scale deployment of its forces.", "three days", "duration", "day")
    assert c.subject == "full-scale deployment" and not c.subject_resolved


def test_exchange_rate_currency_code():
    c = one("USD 86.45\n\nText.", "86.45", "exchange_rate", "RUB")
    assert c.subject == "USD" and c.subject_resolved is False


# ---- as-of and modality -------------------------------------------------

@pytest.mark.parametrize(
    "sentence, expr, as_of, precision",
    [
        ("Officials said on September 3 that 40 people were detained.", "40 people", dt.date(2015, 9, 3), "day"),
        ("In 2012, Russia had 5,000 troops there.", "5,000 troops", dt.date(2012, 1, 1), "year"),
        ("Last year 300 people were detained.", "300 people", dt.date(2014, 1, 1), "year"),
        ("In March 2014 some 600 people were detained.", "600 people", dt.date(2014, 3, 1), "month"),
        # a weekday is news of the day: as of publication (docs/annotation.md §6); this
        # pinned the resolved Friday before
        ("Police on Friday detained 70 people.", "70 people", PUB, "day"),
        ("Police detained 70 people.", "70 people", PUB, "day"),
    ],
)
def test_as_of(sentence, expr, as_of, precision):
    c = one("Headline\n\n" + sentence, expr, "count")
    assert (c.as_of, c.as_of_precision) == (as_of, precision)
    assert c.modality == "reported"


def test_as_of_none_without_any_date_and_month_precision_published():
    assert one("Headline\n\nPolice detained 70 people.", "70 people", "count", published=None).as_of is None
    c = one("Headline\n\nPolice detained 70 people.", "70 people", "count", published=dt.date(2015, 9, 1), precision="month")
    assert (c.as_of, c.as_of_precision) == (dt.date(2015, 9, 1), "month")


def test_range_as_of_is_the_end_and_since_is_kept_aside():
    c = one("Headline\n\nIn the 1992-97 war tens of thousands were killed.", "tens of thousands", "fatalities")
    assert (c.as_of, c.as_of_precision, c.extras["period_from"]) == (dt.date(1997, 1, 1), "year", "1992-01-01")
    s = one("Headline\n\nSince 2004 the base has hosted 7,000 troops.", "7,000 troops", "troop_count")
    assert s.as_of == PUB and s.extras["since"] == "2004-01-01"


@pytest.mark.parametrize(
    "sentence, expr, modality",
    [
        ("Russia will deploy 2,000 troops.", "2,000 troops", "planned"),
        ("Moscow plans to send 500 soldiers.", "500 soldiers", "planned"),
        ("Russia is ready to allocate $1 billion.", "$1 billion", "planned"),
        ("The Kremlin promised to transfer $300 million.", "$300 million", "planned"),
        ("The force will grow to 7,000 troops by 2020.", "7,000 troops", "planned"),
        ("The toll is expected to reach 50 people.", "50 people", "estimated"),
        ("An estimated 3,000 fighters remain.", "3,000 fighters", "estimated"),
        ("The fighting could displace 10,000 people.", "10,000 people", "estimated"),
        ("Putin said Russia would help after clashes killed 22 people.", "22 people", "reported"),
        ("Russia sent 500 soldiers.", "500 soldiers", "reported"),
    ],
)
def test_modality(sentence, expr, modality):
    assert one("Headline\n\n" + sentence, expr, "troop_count").modality == modality


def test_planned_keeps_target_date():
    c = one("Headline\n\nRussia will keep 7,000 troops there by 2042.", "7,000 troops", "troop_count")
    assert (c.as_of, c.as_of_precision, c.modality, c.extras["time_relation"]) == (dt.date(2042, 1, 1), "year", "planned", "by")


# ---- change ------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, expr, change",
    [
        ("Russia added 1,500 troops to the base.", "1,500 troops", "increase"),
        ("Prices were up 19 cents on Monday.", "19 cents", "increase"),
        ("Moscow cut the contingent by a third.", "a third", "decrease"),
        ("Washington pledged an additional $200 million.", "$200 million", "increase"),
        ("Spending increased by 12% last year.", "12%", "increase"),
        ("The garrison was reduced by about 800 soldiers.", "800 soldiers", "decrease"),
        ("Exports fell by 5%.", "5%", "decrease"),
        ("Russia sent another 300 soldiers.", "300 soldiers", "increase"),
        ("The army has 400 more tanks than in 2010.", "400", "increase"),
        ("Officials reported a rise of 15% in arrests.", "15%", "increase"),
        ("The unit lost 20 soldiers in the ambush.", "20 soldiers", None),
        ("The base has 7,000 troops.", "7,000 troops", None),
        ("More than 500 troops arrived.", "500 troops", None),
    ],
)
def test_change(sentence, expr, change):
    assert one("Headline\n\n" + sentence, expr, "troop_count").change == change


def test_rose_by_to_gives_change_and_level():
    body = "Headline\n\nThe death toll rose by 12 to 36 on Sunday."
    by, to = run(body, claim(body, "12", "fatalities"), claim(body, "36", "fatalities"))
    assert (by.change, to.change) == ("increase", None)


# ---- conversions -------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, first, second",
    [
        ("Russia will give aid worth about 70 billion rubles (about $1.23 billion) to Tajikistan.", "70 billion rubles", "$1.23 billion"),
        ("Moscow pledged 5 billion rubles, or about $80 million, to Dushanbe.", "5 billion rubles", "$80 million"),
        ("The loan of 2 million euros, equivalent to $2.2 million, was signed.", "2 million euros", "$2.2 million"),
        ("Russia is ready to provide Tajikistan 70 billion rubles in the coming years (about $1.23 billion at current rates).", "70 billion rubles", "$1.23 billion"),
    ],
)
def test_conversion_linked(sentence, first, second):
    body = "Headline\n\n" + sentence
    a, b = run(body, claim(body, first, "monetary_amount", "RUB"), claim(body, second, "monetary_amount", "USD"))
    assert b.conversion_of == 0 and a.conversion_of is None
    assert (b.subject, b.object, b.modality) == (a.subject, a.object, a.modality)


def test_two_separate_amounts_are_not_conversions():
    body = "Headline\n\nRussia gave $5 million to Tajikistan and 3 million euros to Kyrgyzstan."
    a, b = run(body, claim(body, "$5 million", "monetary_amount", "USD"), claim(body, "3 million euros", "monetary_amount", "EUR"))
    assert a.conversion_of is None and b.conversion_of is None
    assert (a.subject, a.object, b.object) == ("Russia", "Tajikistan", "Kyrgyzstan")


STANDS_FOR = {"Moscow": "Russia", "Dushanbe": "Tajikistan", "Kremlin": "Russia"}
KINDS.update({"Moscow": "city", "Kremlin": "organization"})


def run_sf(body: str, *claims: Claim) -> list[Claim]:
    mentions = [Mention(m.entity if m.surface not in ("Moscow", "Kremlin") else m.surface, m.start, m.end, m.surface) for m in find_mentions(body)]
    return complete_claims(body, list(claims), mentions, KINDS, PUB, "day", stands_for=STANDS_FOR)


def test_capitals_and_state_organs_stand_for_their_country_only_as_actors():
    body = "Headline\n\nMoscow will allocate $40 million to Dushanbe. Police detained 40 people in Dushanbe. The Kremlin keeps 7,000 troops there."
    money, detained, troops = run_sf(
        body,
        claim(body, "$40 million", "monetary_amount", "USD"),
        claim(body, "40 people", "count"),
        claim(body, "7,000 troops", "troop_count"),
    )
    assert (money.subject, money.object) == ("Russia", "Tajikistan")
    assert detained.subject == "Dushanbe"
    assert troops.subject == "Russia"


def test_payer_fallback_prefers_a_giver_over_the_nearest_actor():
    body = "Headline\n\nMoscow intends to finance the army, and keeps the United States out. Bishkek receives arms worth 40 billion rubles."
    c = run_sf(body, claim(body, "40 billion rubles", "monetary_amount", "RUB"))[0]
    assert (c.subject, c.object, c.subject_source) == ("Russia", "Kyrgyzstan", "paragraph")


def test_duration_subject_before_the_span():
    # a party named in the sentence is the subject (docs/annotation.md §5); this pinned
    # the text "joining" before, which no query by entity can find
    c = one("Headline\n\nTajikistan gets better terms if joining within 3 years.", "3 years", "duration", "year")
    assert c.subject == "Tajikistan"
    assert one("Headline\n\nThe exercises lasting 10 days ended.", "10 days", "duration", "day").subject == "exercises"


@pytest.mark.parametrize(
    "sentence, expr, subject",
    [
        ("The parties agreed to extend the presence of the base for 30 years.", "30 years", "presence"),
        ("The loan will be repaid over 20 years.", "20 years", "loan"),
    ],
)
def test_duration_subject_from_clause_noun(sentence, expr, subject):
    assert one("Headline\n\n" + sentence, expr, "duration", "year").subject == subject


def test_distance_direction_of():
    c = one("Headline\n\nDushanbe lies some 200 miles north of Khorog.", "200 miles", "distance", "mile")
    assert (c.subject, c.object) == ("Dushanbe", "Khorog")


def test_fire_is_not_an_event():
    c = one("Headline\n\nTwo soldiers were killed when their patrol came under fire.", "Two soldiers", "fatalities")
    assert "event_text" not in c.extras


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc Russia Tajikistan to from by 2015 will rose ,.()$\n")), min_size=1, max_size=200), st.data())
def test_random_text_never_crashes_and_keeps_numbers(text, data):
    body = "Headline\n\n" + text
    s = data.draw(st.integers(0, len(body) - 1))
    e = data.draw(st.integers(s + 1, len(body)))
    prop = data.draw(st.sampled_from(["troop_count", "fatalities", "monetary_amount", "border_length", "distance",
                                      "share", "exchange_rate", "duration", "member_count", "count"]))
    c = Claim(prop, 1.0, "exact", "USD", s, e, body, 0, len(body))
    out = complete_claims(body, [c, c], find_mentions(body), KINDS, PUB, "day")
    assert len(out) == 2 and all((x.start, x.end, x.quote) == (s, e, body) for x in out)
    assert all(x.modality in ("reported", "planned", "estimated") and x.change in (None, "increase", "decrease") for x in out)


@pytest.mark.parametrize(
    "sentence, expr, whole",
    [
        ("More than half of the population lives below the poverty line.", "half", "population"),
        ("Some 70% of voters backed the amendments.", "70%", "voters"),
        ("Nearly 40 percent of the border remains unguarded.", "40 percent", "border"),
    ],
)
def test_share_whole_stops_at_the_verb(sentence, expr, whole):
    c = one("Headline\n\n" + sentence, expr, "share", "fraction")
    assert c.subject is None and c.extras["whole"] == whole  # no entity: the whole is kept, not the subject


def test_the_bloc_is_the_organization_named_before():
    body = "Headline\n\nThe CSTO met in Dushanbe.\n\nThe bloc says 2,000 troops are ready."
    troops = run(body, claim(body, "2,000 troops", "troop_count"))[0]
    assert troops.subject == "Collective Security Treaty Organization" and troops.subject_source == "sentence"


def test_share_of_it_takes_the_named_whole():
    c = one("Headline\n\nThe Tajik-Afghan border is long, and about 85% of it is mountains.", "85%", "share", "fraction")
    assert c.subject == "Tajik-Afghan border"


def test_member_count_unregistered_organization_as_text():
    c = one("Headline\n\nIt was adopted by the 193-member General Assembly on Monday.", "193-member", "member_count", "count")
    assert (c.subject, c.subject_resolved) == ("General Assembly", False)
