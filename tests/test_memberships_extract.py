"""Membership extraction on phrasings written for these tests (not the seeds)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from factdb.extract.memberships import extract_memberships
from factdb.records import Mention

CSTO = "Collective Security Treaty Organization"
EAEU = "Eurasian Economic Union"
SCO = "Shanghai Cooperation Organisation"
KINDS = {
    CSTO: "organization", EAEU: "organization", SCO: "organization", "NATO": "organization",
    "Russia": "country", "Armenia": "country", "Belarus": "country", "Kazakhstan": "country",
    "Kyrgyzstan": "country", "Tajikistan": "country", "Uzbekistan": "country", "China": "country",
    "India": "country", "Pakistan": "country", "Afghanistan": "country",
    "Emomali Rahmon": "person", "Alexander Lukashenko": "person",
}
SURFACES = {
    "CSTO": CSTO, "Collective Security Treaty Organization": CSTO, "ODKB": CSTO,
    "Eurasian Economic Union": EAEU, "EAEU": EAEU, "SCO": SCO, "NATO": "NATO",
    "Russian Federation": "Russia", "Russia": "Russia", "Armenia": "Armenia", "Belarus": "Belarus",
    "Kazakhstan": "Kazakhstan", "Kyrgyz Republic": "Kyrgyzstan", "Kyrgyzstan": "Kyrgyzstan",
    "Tajikistan": "Tajikistan", "Uzbekistan": "Uzbekistan", "China": "China", "India": "India",
    "Pakistan": "Pakistan", "Afghanistan": "Afghanistan",
    "Emomali Rahmon": "Emomali Rahmon", "Rahmon": "Emomali Rahmon", "Alexander Lukashenko": "Alexander Lukashenko",
}
PUB = dt.date(2016, 3, 1)


def mentions(body: str) -> list[Mention]:
    taken, out = [], []
    for surface in sorted(SURFACES, key=len, reverse=True):
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", body):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Mention(SURFACES[surface], m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda m: m.start)


def extract(body: str, **kw):
    kw.setdefault("published", PUB)
    kw.setdefault("date_precision", "day")
    return extract_memberships(body, mentions(body), KINDS, **kw)


def members(found, org=None, role="member"):
    return {a.member for a in found if (org is None or a.organization == org) and a.role == role}


@pytest.mark.parametrize(
    "body, complete",
    [
        ("Leaders gathered in Astana.\n\nThe SCO comprises China, Russia, India and Pakistan.", True),
        ("The SCO, which consists of China, Russia, India and Pakistan, met on Friday.", True),
        ("Analysts note the SCO is made up of China, Russia, India and Pakistan.", True),
        ("The SCO brings together China, Russia, India and Pakistan.", True),
        ("The SCO, a grouping of four nations: China, Russia, India and Pakistan, held talks.", True),
        ("The SCO, which includes China, Russia, India and Pakistan, is expanding.", True),
        ("The SCO, including China, Russia, India and Pakistan, is expanding.", False),
        ("The SCO has several heavyweights such as China, Russia, India and Pakistan.", False),
        ("The SCO includes China, Russia, India and Pakistan, among others.", False),
        ("Its critics say the SCO's members include China, Russia, India and Pakistan.", False),
    ],
)
def test_org_then_list_complete_or_partial(body, complete):
    found = extract(body)
    assert members(found, SCO) == {"China", "Russia", "India", "Pakistan"}
    assert {a.complete_list for a in found} == {complete}
    assert all(a.valid_from == PUB and a.date_precision == "day" and not a.negated for a in found)


def test_spans_point_at_member_and_quote_is_sentence():
    body = "Headline here\n\nFirst sentence. The CSTO comprises Russia, Armenia and the Kyrgyz Republic. Last one."
    found = extract(body)
    assert members(found) == {"Russia", "Armenia", "Kyrgyzstan"}
    for a in found:
        assert body[a.quote_start:a.quote_end] == a.quote == "The CSTO comprises Russia, Armenia and the Kyrgyz Republic."
    kyr = next(a for a in found if a.member == "Kyrgyzstan")
    assert body[kyr.start:kyr.end] == "Kyrgyz Republic"


def test_member_states_of_x_with_colon_is_complete_and_x_member_states_is_partial():
    full = extract("Ministers of the member states of the CSTO: Russia, Belarus and Armenia, met in Yerevan.")
    assert members(full, CSTO) == {"Russia", "Belarus", "Armenia"} and all(a.complete_list for a in full)
    part = extract("On Monday CSTO member states Belarus and Kazakhstan abstained.")
    assert members(part, CSTO) == {"Belarus", "Kazakhstan"} and not any(a.complete_list for a in part)


def test_leaders_met_at_summit_is_complete_list():
    body = "The presidents of Russia, Belarus, Kazakhstan and Armenia gathered in Minsk for an EAEU summit on Tuesday."
    found = extract(body)
    assert members(found, EAEU) == {"Russia", "Belarus", "Kazakhstan", "Armenia"}
    assert all(a.complete_list for a in found)


def test_leaders_without_organization_or_meeting_give_nothing():
    assert extract("The leaders of Russia and China met in Beijing on Tuesday.") == []
    assert extract("The leaders of Russia and China praised the CSTO in statements.") == []


def test_in_addition_to_and_also_includes_add_the_first_country():
    found = extract("The alliance is led by Moscow.\n\nThe CSTO, in addition to Russia, includes Armenia, Belarus and Tajikistan.")
    assert members(found, CSTO) == {"Russia", "Armenia", "Belarus", "Tajikistan"}
    found = extract("We wrote about the CSTO before. Russia dominates the bloc, which also includes Armenia and Belarus.")
    assert members(found, CSTO) == {"Russia", "Armenia", "Belarus"}


def test_anaphor_prefers_the_salient_organization():
    body = ("The CSTO met in Dushanbe. The CSTO leaders spoke of Afghanistan. Critics compare it to NATO.\n\n"
            "The military alliance is made up of Russia, Armenia and Belarus.")
    assert {a.organization for a in extract(body)} == {CSTO}


def test_joined_with_year_and_along_with():
    found = extract("Armenia joined the EAEU in 2015 along with Kyrgyzstan, officials said.")
    assert members(found, EAEU) == {"Armenia", "Kyrgyzstan"}
    for a in found:
        assert a.valid_from == dt.date(2015, 1, 1) and a.date_precision == "year"
        assert not a.negated and not a.complete_list


def test_joined_with_full_date():
    (a,) = extract("The Kyrgyz Republic formally acceded to the Eurasian Economic Union on 12 August 2015.")
    assert (a.member, a.organization, a.valid_from, a.date_precision) == ("Kyrgyzstan", EAEU, dt.date(2015, 8, 12), "day")


def test_joined_without_object_takes_the_organization_just_named():
    found = extract("Dushanbe is weighing entry into the EAEU. Neighbouring Kyrgyzstan has already joined, as has Armenia.")
    assert members(found, EAEU) == {"Kyrgyzstan"}
    assert found[0].valid_from == PUB


@pytest.mark.parametrize(
    "body, date, precision",
    [
        ("Uzbekistan suspended its membership in the CSTO in 2012.", dt.date(2012, 1, 1), "year"),
        ("Tashkent said Uzbekistan had withdrawn from the CSTO in June 2012.", dt.date(2012, 6, 1), "month"),
        ("Uzbekistan left the CSTO.", PUB, "day"),
        ("Uzbekistan, which quit the CSTO, now courts Moscow bilaterally.", PUB, "day"),
    ],
)
def test_leaving_is_negated_with_end_date(body, date, precision):
    (a,) = extract(body)
    assert (a.member, a.organization, a.negated) == ("Uzbekistan", CSTO, True)
    assert a.valid_to == date and a.valid_from is None and a.date_precision == precision


def test_are_members_of_is_a_positive_snapshot():
    found = extract("Belarus and Kazakhstan are also members of the EAEU.")
    assert members(found, EAEU) == {"Belarus", "Kazakhstan"} and all(a.valid_from == PUB for a in found)


def test_unrelated_leaving_and_withdrawal_are_not_memberships():
    assert extract("Hundreds of Tajik citizens had left to fight in Syria, the CSTO said.") == []
    assert extract("NATO troops withdrew from Afghanistan last year.") == []
    assert extract("Russia and China signed a gas deal; the SCO was not mentioned.") == []


def test_chair_person_mapped_to_country_or_kept():
    body = "The CSTO, chaired this year by Alexander Lukashenko, meets in Minsk."
    (a,) = extract(body, person_country={"Alexander Lukashenko": "Belarus"})
    assert (a.member, a.role, a.organization) == ("Belarus", "chair", CSTO)
    assert body[a.start:a.end] == "Alexander Lukashenko"
    (b,) = extract(body)
    assert b.member == "Alexander Lukashenko"


def test_chair_phrasings():
    a = extract("Opening the talks, Emomali Rahmon, presiding over the bloc for the CSTO's sake, spoke first.",
                person_country={"Emomali Rahmon": "Tajikistan"})
    assert [(x.member, x.role) for x in a] == []  # "the bloc" has no organization named before it
    found = extract("CSTO ministers met. Emomali Rahmon, presiding over the bloc, spoke first.",
                    person_country={"Emomali Rahmon": "Tajikistan"})
    assert [(x.member, x.role, x.organization) for x in found] == [("Tajikistan", "chair", CSTO)]
    found = extract("Kazakhstan holds the rotating presidency of the EAEU.")
    assert [(x.member, x.role, x.organization) for x in found] == [("Kazakhstan", "chair", EAEU)]
    found = extract("The CSTO, which Rahmon is chairing this year, met in Dushanbe.", person_country={"Emomali Rahmon": "Tajikistan"})
    (c,) = found
    assert (c.member, c.role, c.valid_from, c.date_precision) == ("Tajikistan", "chair", dt.date(2016, 1, 1), "year")


def test_no_published_date_leaves_dates_empty():
    (a, b) = extract("The EAEU comprises Russia and Belarus.", published=None, date_precision=None)
    assert a.valid_from is None and a.date_precision is None


def test_summit_which_included_the_states_of():
    found = extract("He spoke at the ODKB summit which included the states of Russia, Armenia, and Uzbekistan.")
    assert members(found, CSTO) == {"Russia", "Armenia", "Uzbekistan"}


from hypothesis import given, settings, strategies as st  # noqa: E402

WORDS = st.sampled_from(["the", "CSTO", "Russia", "Armenia", ",", "and", "includes", "comprises", "joined", "left",
                         "in", "2015", "the bloc", "chaired by", "Rahmon", ".", "\n\n", "member states of", ":",
                         "leaders of", "met", "summit", "including", "suspended its membership in"])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_random_text_never_crashes_and_spans_hold(words):
    body = " ".join(words)
    for a in extract(body, person_country={"Emomali Rahmon": "Tajikistan"}):
        assert body[a.quote_start:a.quote_end] == a.quote
        assert a.quote_start <= a.start < a.end <= a.quote_end
        assert a.role in ("member", "chair") and KINDS.get(a.organization) == "organization"


# --- phrases around one organization (issue 14) --------------------------------------

import datetime as _dt

import pytest as _pytest


@_pytest.fixture(scope="module")
def _extractor():
    from factdb.load import default_curated_file
    from factdb.pipeline import Extractor
    from factdb.registry import load_registry

    return Extractor(load_registry(default_curated_file("registry.yml")))


def _statuses(extractor, text):
    from factdb.records import ParsedArticle

    art = ParsedArticle(title="Headline", body="Headline\n\n" + text, published=_dt.date(2024, 2, 23),
                        date_precision="day")
    return {(m.member, m.organization, m.role, m.status) for m in extractor.extract(art).memberships}


CSTO = "Collective Security Treaty Organization"
SCO = "Shanghai Cooperation Organisation"


@_pytest.mark.parametrize("text,expected", [
    ("Leaders of the Russian-led CSTO met in Minsk.", {("Russia", CSTO, "member", "active")}),
    ("Armenia has “frozen” its participation in the CSTO, Pashinyan said.",
     {("Armenia", CSTO, "member", "suspended")}),
    ("The CSTO had not been told of Armenia's suspension of its participation in the alliance.",
     {("Armenia", CSTO, "member", "suspended")}),
    ("The CSTO met in Dushanbe. Leaders of member states Kazakhstan, Kyrgyzstan and Belarus took part.",
     {("Kazakhstan", CSTO, "member", "active"), ("Kyrgyzstan", CSTO, "member", "active"),
      ("Belarus", CSTO, "member", "active")}),
    ("The SCO summit ended with granting Pakistan and India membership.",
     {("Pakistan", SCO, "member", "active"), ("India", SCO, "member", "active")}),
    ("Iran and China were among six countries invited to join the SCO from Jan. 1.",
     {("Iran", SCO, "member", "pending"), ("China", SCO, "member", "pending")}),
    ("The bloc of the SCO was formed by Russia, China and Kazakhstan in 2001.",
     {("Russia", SCO, "member", "active"), ("China", SCO, "member", "active"),
      ("Kazakhstan", SCO, "member", "active")}),
    ("Uzbekistan is not a member of the CSTO.", {("Uzbekistan", CSTO, "member", "negated")}),
    ("Uzbekistan left the CSTO in 2012.", {("Uzbekistan", CSTO, "member", "former")}),
    ("Tajik President Emomali Rahmon, whose country currently holds the CSTO's rotating presidency, spoke.",
     {("Tajikistan", CSTO, "chair", "active")}),
])
def test_membership_phrases_and_statuses(_extractor, text, expected):
    assert expected <= _statuses(_extractor, text)


def test_a_wire_credit_is_not_the_organization_of_a_list(_extractor):
    got = _statuses(_extractor, "MOSCOW (TASS) - Leaders of member states Kazakhstan and Belarus met.")
    assert not {g for g in got if g[1] == "TASS"}


# --- clause rules (factdb.extract.member_clauses): wording around one member -------------------

def keys(found):
    return {(a.member, a.organization, a.role, a.status) for a in found}


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Armenia, a member of the CSTO, objected.", ("Armenia", CSTO, "member", "active")),
        ("Kazakhstan, an EAEU member since 2015, agreed.", ("Kazakhstan", EAEU, "member", "active")),
        ("Belarus, which is also a member of the EAEU, agreed.", ("Belarus", EAEU, "member", "active")),
        ("Uzbekistan is not a member of the EAEU.", ("Uzbekistan", EAEU, "member", "negated")),
        ("Afghanistan, which is not in the CSTO, declined.", ("Afghanistan", CSTO, "member", "negated")),
        ("Pakistan has never been a full member of the CSTO.", ("Pakistan", CSTO, "member", "negated")),
        ("Uzbekistan applied to join the EAEU in 2020.", ("Uzbekistan", EAEU, "applicant", "active")),
        ("Uzbekistan was granted observer status in the EAEU.", ("Uzbekistan", EAEU, "observer", "active")),
        ("The SCO admitted India as a full member.", ("India", SCO, "member", "active")),
        ("The CSTO suspended Armenia's participation.", ("Armenia", CSTO, "member", "suspended")),
        ("Armenia was suspended from the CSTO.", ("Armenia", CSTO, "member", "suspended")),
        ("Armenia suspended its CSTO membership.", ("Armenia", CSTO, "member", "suspended")),
        ("Uzbekistan's withdrawal from the CSTO surprised Moscow.", ("Uzbekistan", CSTO, "member", "former")),
        ("Pakistan's application to join the SCO was rejected.", ("Pakistan", SCO, "applicant", "negated")),
        ("CSTO members Armenia and Belarus disagreed.", ("Belarus", CSTO, "member", "active")),
        ("Non-CSTO countries China and India watched.", ("India", CSTO, "member", "negated")),
        ("Kazakhstan announced it would leave the EAEU.", ("Kazakhstan", EAEU, "member", "active")),
    ],
)
def test_clause_wording(body, expected):
    assert expected in keys(extract("Headline\n\n" + body)), keys(extract("Headline\n\n" + body))


def test_a_joiner_and_the_members_it_joins():
    """docs/annotation.md: "Y will join A, B and C in the union": A, B, C members, Y pending."""
    found = keys(extract("Headline\n\nUzbekistan will join Russia, Belarus and Kazakhstan in the EAEU."))
    assert ("Uzbekistan", EAEU, "member", "pending") in found
    assert {("Russia", EAEU, "member", "active"), ("Kazakhstan", EAEU, "member", "active")} <= found


def test_gapped_joins_keep_their_dates():
    found = extract("Headline\n\nRussia joined the SCO in 2001, followed by India in 2017 and Pakistan in 2017.")
    dates = {a.member: a.valid_from.year for a in found if a.organization == SCO}
    assert dates == {"Russia": 2001, "India": 2017, "Pakistan": 2017}


def test_the_organization_left_implicit_is_one_that_has_members():
    bodies = frozenset({CSTO, EAEU, SCO, "NATO"})
    found = keys(extract("The CSTO met in Dushanbe.\n\nArmenia later applied for membership.", bodies=bodies))
    assert ("Armenia", CSTO, "applicant", "active") in found


def test_withdrawal_of_troops_is_no_membership():
    found = extract("Headline\n\nThe CSTO discussed the withdrawal of Russia troops from the region.")
    assert not [a for a in found if a.status == "former"]
