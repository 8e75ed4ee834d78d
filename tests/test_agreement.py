"""Pure aggregation: time windows, numeric consistency/conflicts, best fact, member status."""

from __future__ import annotations

import datetime as dt

import pytest

from factdb.agreement import (
    AssertionView, ClaimView, best_fact, consistent, interval_of, member_status, membership_conflicts,
    numeric_conflicts,
)
from factdb.history import HistoryRow
from factdb.timeutil import DateArgError, date_window, parse_date_arg, same_time_window

D = dt.date


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("arg, out", [("2013", (D(2013, 1, 1), "year")), ("2015-09", (D(2015, 9, 1), "month")),
                                      ("2015-09-15", (D(2015, 9, 15), "day")), (D(2015, 9, 15), (D(2015, 9, 15), "day"))])
def test_parse_date_arg(arg, out):
    assert parse_date_arg(arg) == out


@pytest.mark.parametrize("bad", ["15/09/2015", "2015-13", "2015-02-30", "soon", ""])
def test_parse_date_arg_rejects_with_hint(bad):
    with pytest.raises(DateArgError, match="YYYY-MM-DD"):
        parse_date_arg(bad)


def test_date_window():
    assert date_window(D(2016, 2, 10), "month") == (D(2016, 2, 1), D(2016, 2, 29))
    assert date_window(D(2015, 6, 1), "year") == (D(2015, 1, 1), D(2015, 12, 31))
    assert date_window(D(2015, 6, 1), "day") == date_window(D(2015, 6, 1), None) == (D(2015, 6, 1), D(2015, 6, 1))


def test_same_time_window():
    assert same_time_window(D(2015, 9, 1), "day", D(2015, 9, 30), "day")
    assert not same_time_window(D(2015, 9, 1), "day", D(2015, 11, 1), "day")
    assert same_time_window(D(2015, 1, 1), "year", D(2015, 9, 15), "day")
    assert not same_time_window(D(2015, 1, 1), "year", D(2016, 1, 1), "year")
    assert not same_time_window(D(2015, 9, 1), "month", D(2015, 10, 2), "day")
    assert not same_time_window(None, None, D(2015, 10, 2), "day")


# ---------------------------------------------------------------- numeric
def claim(id, value, qualifier="exact", low=None, high=None, li=True, hi=True, *, article=None, subject="Tajikistan",
          prop="fatalities", unit="person", as_of=D(2015, 9, 15), prec="day", **kw):
    if low is None and high is None and qualifier == "exact":
        low = high = value
    return ClaimView(id=id, article_id=article if article is not None else id, subject=subject, property=prop,
                     value=value, low=low, high=high, low_inclusive=li, high_inclusive=hi, qualifier=qualifier,
                     unit=unit, as_of=as_of, as_of_precision=prec, **kw)


MORE_THAN_20 = claim(1, 20, "more_than", 20, None, li=False)
AT_LEAST_22 = claim(2, 22, "at_least", 22, None)
ABOUT_1350 = claim(3, 1350, "approx", 1282.5, 1417.5, prop="border_length", unit="km")
OVER_1350 = claim(4, 1350, "more_than", 1350, None, li=False, prop="border_length", unit="km", as_of=D(2015, 9, 20))


def test_interval_of_uses_stored_interval_and_falls_back_on_qualifier():
    assert interval_of(MORE_THAN_20) == (20, None, False, True)
    bare = ClaimView(9, 9, "x", "count", 100.0, qualifier="approx")
    assert interval_of(bare) == (90.0, 110.0, True, True)
    assert interval_of(ClaimView(9, 9, "x", "count", 5.0, qualifier="less_than")) == (None, 5.0, True, False)


def test_consistent_pairs_are_not_conflicts():
    assert consistent(MORE_THAN_20, AT_LEAST_22) and consistent(ABOUT_1350, OVER_1350)
    assert numeric_conflicts([MORE_THAN_20, AT_LEAST_22, ABOUT_1350, OVER_1350]) == []


def test_disjoint_intervals_conflict_both_ways():
    six = claim(10, 6000, prop="troop_count", subject="201st base")
    seven = claim(11, 7000, "at_least", 7000, None, prop="troop_count", subject="201st base")
    assert not consistent(six, seven) and not consistent(seven, six)
    (c,) = numeric_conflicts([six, seven])
    assert c.kind == "numeric" and c.ids == (10, 11) and c.article_ids == (10, 11) and "do not overlap" in c.reason
    # "more than 20" and "fewer than 20" cannot both hold
    fewer = claim(12, 20, "less_than", None, 20, hi=False)
    assert [x.ids for x in numeric_conflicts([MORE_THAN_20, fewer])] == [(1, 12)]
    # boundary: "at most 20" and "at least 20" share 20
    assert consistent(claim(13, 20, "at_most", None, 20), claim(14, 20, "at_least", 20, None))


def test_conflicts_need_same_subject_property_window_level_and_reported():
    base = claim(20, 6000, prop="troop_count")
    others = [
        claim(21, 9000, prop="troop_count", subject="Kyrgyzstan"),
        claim(22, 9000, prop="fatalities"),
        claim(23, 9000, prop="troop_count", as_of=D(2015, 12, 1)),
        claim(24, 9000, prop="troop_count", as_of=D(2016, 1, 1), prec="year"),
        claim(25, 9000, prop="troop_count", modality="planned"),
        claim(26, 9000, prop="troop_count", change="increase"),
        claim(27, 9000, prop="troop_count", object="Kyrgyzstan", **{}),
    ]
    base = ClaimView(**{**base.__dict__, "object": "Tajikistan"})
    assert numeric_conflicts([base, *others]) == []
    in_year = claim(28, 9000, prop="troop_count", as_of=D(2015, 1, 1), prec="year")
    assert [c.ids for c in numeric_conflicts([base, in_year])] == [(20, 28)]


def test_headline_dollars_against_body_rubles_in_one_article():
    usd = claim(30, 70e9, article=7, prop="monetary_amount", unit="USD", subject="Russia", headline=True, start=60,
                normalized_value=70e9, normalized_unit="USD", as_of=None, surface="$70 billion")
    rub = claim(31, 70e9, "approx", 66.5e9, 73.5e9, article=7, prop="monetary_amount", unit="RUB", subject="Russia",
                normalized_value=1.23e9, normalized_unit="USD", as_of=None, surface="70 billion rubles", start=300)
    conv = claim(32, 1.23e9, "approx", 1.17e9, 1.29e9, article=7, prop="monetary_amount", unit="USD", subject="Russia",
                 normalized_value=1.23e9, normalized_unit="USD", conversion_of=31, as_of=None, start=330)
    (c,) = numeric_conflicts([usd, rub, conv])
    assert c.ids == (30, 31) and c.article_ids == (7,) and c.values == ("$70 billion", "70 billion rubles")
    assert c.rule == "headline" and "restates" in c.reason
    # the same figures, both in the body: parts, totals or other things, never compared
    body_usd = ClaimView(**{**usd.__dict__, "headline": False})
    assert numeric_conflicts([body_usd, rub, conv]) == []
    # a headline without a subject restates nothing we can name
    anon = ClaimView(**{**usd.__dict__, "subject": None})
    assert numeric_conflicts([anon, rub]) == []


def test_conversion_that_disagrees_with_its_source():
    rub = claim(40, 70e9, article=8, prop="monetary_amount", unit="RUB", normalized_value=1.23e9, normalized_unit="USD")
    good = claim(41, 1.3e9, article=8, prop="monetary_amount", unit="USD", normalized_value=1.3e9,
                 normalized_unit="USD", conversion_of=40)
    bad = claim(42, 2.5e9, article=8, prop="monetary_amount", unit="USD", normalized_value=2.5e9,
                normalized_unit="USD", conversion_of=40, subject="other")
    assert numeric_conflicts([rub, good]) == []
    (c,) = numeric_conflicts([rub, bad])
    assert "conversion disagrees" in c.reason and c.ids == (40, 42)


def test_units_compared_through_normalised_values():
    km = claim(50, 1344, prop="border_length", unit="km", normalized_value=1344, normalized_unit="km")
    mi = claim(51, 835, prop="border_length", unit="mile", normalized_value=1343.8, normalized_unit="km")
    far = claim(52, 500, prop="border_length", unit="mile", normalized_value=804.7, normalized_unit="km")
    assert consistent(km, mi) and not consistent(km, far)
    unknown = claim(53, 3, prop="border_length", unit="day")
    assert consistent(km, unknown)  # cannot be aligned: never a conflict


def test_best_fact_consensus_intersection():
    f = best_fact([MORE_THAN_20, AT_LEAST_22, claim(5, 24, "at_most", None, 24)])
    assert (f.low, f.high, f.low_inclusive, f.high_inclusive, f.method) == (22, 24, True, True, "consensus")
    assert {c.id for c in f.supporting} == {1, 2, 5} and f.dissent == ()


def test_best_fact_majority_and_dissent():
    troops = [claim(60, 6000, prop="troop_count"), claim(61, 5800, "approx", 5220, 6380, prop="troop_count"),
              claim(62, 5000, "more_than", 5000, None, li=False, prop="troop_count"),
              claim(63, 7500, prop="troop_count")]
    f = best_fact(troops)
    assert (f.low, f.high, f.method) == (6000, 6000, "majority")
    assert {c.id for c in f.supporting} == {60, 61, 62} and [c.id for c in f.dissent] == [63]
    assert best_fact([]).method == "none"


# ---------------------------------------------------------------- memberships
ORG = "Collective Security Treaty Organization"


def hist(member, start, end=None, role="member", sp="day", ep="day"):
    return HistoryRow(member, ORG, role, start, sp, end, ep if end else None, "test source")


HISTORY = [hist(m, D(1992, 5, 15)) for m in ("Russia", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan")] + [
    hist("Belarus", D(1993, 12, 31)), hist("Uzbekistan", D(2006, 8, 16), D(2012, 6, 28)),
    hist("Tajikistan", D(2015, 1, 1), D(2015, 1, 1), role="chair", sp="year", ep="year"),
]
SIX = ["Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"]


def listing(article, names, date, complete=True, start_id=None, role="member"):
    base = start_id if start_id is not None else article * 100
    return [AssertionView(base + i, article, n, ORG, role, complete, date, None, "day", published=date)
            for i, n in enumerate(names)]


def seed_like():
    return (listing(1, SIX, D(2015, 9, 15)) + listing(2, SIX, D(2013, 9, 28)) + listing(3, SIX, D(2015, 4, 7))
            + listing(4, ["Russia", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"], D(2015, 9, 15)))


def test_issue_example_confirms_six_and_disputes_uzbekistan():
    rows = {r.member: r for r in member_status(ORG, "2015-09-15", seed_like(), HISTORY, role="member")}
    assert {m for m, r in rows.items() if r.status == "confirmed"} == set(SIX)
    uzb = rows["Uzbekistan"]
    assert (uzb.status, uzb.supporting, uzb.article_ids, uzb.contradicting) == ("disputed", 1, (4,), 3)
    assert rows["Belarus"].contradicting == 1 and rows["Belarus"].supporting == 3


def test_history_alone_confirms_and_ended_history_is_former():
    rows = {r.member: r for r in member_status(ORG, D(2010, 1, 1), [], HISTORY)}
    assert rows["Uzbekistan"].status == "confirmed" and rows["Uzbekistan"].supporting == 0
    rows = {r.member: r for r in member_status(ORG, "2014", [], HISTORY)}
    assert rows["Uzbekistan"].status == "former" and rows["Uzbekistan"].valid_to == D(2012, 6, 28)
    assert "Uzbekistan" in {r.member for r in member_status(ORG, "2012-06", [], HISTORY) if r.status == "confirmed"}


def test_not_yet_joined_is_omitted_or_disputed():
    assert "Belarus" not in {r.member for r in member_status(ORG, "1993-06", [], HISTORY)}
    claim_ = listing(9, ["Belarus"], D(1993, 6, 1), complete=False)
    (row,) = [r for r in member_status(ORG, "1993-06", claim_, HISTORY) if r.member == "Belarus"]
    assert row.status == "disputed" and "not begun" in row.reason


def test_history_member_contradicted_by_majority_is_disputed():
    five = [n for n in SIX if n != "Armenia"]
    views = listing(1, five, D(2024, 6, 1)) + listing(2, five, D(2024, 7, 1))
    rows = {r.member: r for r in member_status(ORG, "2024-07-01", views, HISTORY, role="member")}
    assert rows["Armenia"].status == "disputed" and rows["Armenia"].contradicting == 2
    assert rows["Russia"].status == "confirmed"


def test_without_history_majority_decides():
    views = listing(1, ["Serbia"], D(2015, 1, 1), complete=False) + listing(2, ["Serbia"], D(2015, 2, 1), complete=False)
    (row,) = [r for r in member_status(ORG, "2015-03-01", views, HISTORY) if r.member == "Serbia"]
    assert row.status == "confirmed" and row.supporting == 2 and row.valid_from is None
    views += listing(3, ["Russia"], D(2015, 2, 1)) + listing(4, ["Russia"], D(2015, 2, 2))
    (row,) = [r for r in member_status(ORG, "2015-03-01", views, HISTORY) if r.member == "Serbia"]
    assert row.status == "disputed" and row.contradicting == 2


def test_assertions_across_a_history_change_do_not_count():
    # a 2011 list naming Uzbekistan says nothing about 2015: its membership ended in 2012
    views = listing(1, SIX + ["Uzbekistan"], D(2011, 5, 1))
    rows = {r.member: r for r in member_status(ORG, "2015-09-15", views, HISTORY)}
    assert rows["Uzbekistan"].status == "former" and rows["Uzbekistan"].supporting == 0
    assert rows["Russia"].supporting == 1
    # too old: beyond max_age_days
    rows = {r.member: r for r in member_status(ORG, "2015-09-15", views, HISTORY, max_age_days=365)}
    assert rows["Russia"].supporting == 0


def test_negated_assertion_contradicts_after_its_date():
    left = [AssertionView(1, 5, "Uzbekistan", ORG, "member", False, None, D(2012, 1, 1), "year", True, D(2016, 1, 1))]
    views = left + listing(6, ["Uzbekistan"], D(2013, 3, 1), complete=False)
    (row,) = [r for r in member_status(ORG, "2013-03-01", views, []) if r.member == "Uzbekistan"]
    assert row.status == "disputed" and row.contradicting_article_ids == (5,)


def test_chair_is_exclusive():
    views = listing(1, ["Tajikistan"], D(2015, 9, 15), role="chair") + listing(2, ["Armenia"], D(2015, 9, 15), role="chair")
    rows = {r.member: r for r in member_status(ORG, "2015-09-15", views, HISTORY, role="chair")}
    assert rows["Tajikistan"].status == "confirmed" and rows["Tajikistan"].contradicting == 1
    assert rows["Armenia"].status == "disputed"


def test_membership_conflicts_reports_each_dispute_once_at_its_date():
    (c,) = membership_conflicts(seed_like(), HISTORY)
    assert (c.kind, c.subject, c.organization, c.as_of) == ("membership", "Uzbekistan", ORG, D(2015, 9, 15))
    assert c.article_ids[0] == 4 and set(c.article_ids) == {1, 2, 3, 4} and len(c.ids) == 1
    assert membership_conflicts(listing(1, SIX, D(2015, 9, 15)), HISTORY) == []


def test_curated_status_is_the_standing_and_contested_is_disputed():
    history = HISTORY + [
        HistoryRow("Armenia", ORG, "member", D(2024, 2, 22), "day", None, None, "interview", note="own word",
                   status="frozen"),
        HistoryRow("Narnia", ORG, "member", D(2024, 1, 1), "day", None, None, "list", note="it denies it",
                   status="contested"),
    ]
    history[1] = hist("Armenia", D(1992, 5, 15), D(2024, 2, 21))
    rows = {r.member: r for r in member_status(ORG, "2024-06", [], history)}
    assert (rows["Armenia"].status, rows["Armenia"].standing, rows["Armenia"].note) == ("confirmed", "frozen", "own word")
    assert (rows["Narnia"].status, rows["Narnia"].standing) == ("disputed", "contested")
    assert "it denies it" in rows["Narnia"].reason
    assert rows["Russia"].standing == "active"
    # a year spanning the change reports the state at its end; before it, active
    assert {r.member: r for r in member_status(ORG, "2024", [], history)}["Armenia"].standing == "frozen"
    assert {r.member: r for r in member_status(ORG, "2023", [], history)}["Armenia"].standing == "active"
    # an ended membership has no standing
    assert {r.member: r for r in member_status(ORG, "2014", [], history)}["Uzbekistan"].standing is None


def test_a_rounded_conversion_in_another_unit_agrees():
    """'30 km (20 miles)': 30 km is 18.6 miles, written round; '30 km (40 miles)' is wrong."""
    km = claim(70, 30, article=9, prop="distance", unit="km", normalized_value=30, normalized_unit="km")
    rounded = claim(71, 20, article=9, prop="distance", unit="mile", normalized_value=32.19, normalized_unit="km",
                    conversion_of=70)
    wrong = claim(72, 40, article=9, prop="distance", unit="mile", normalized_value=64.37, normalized_unit="km",
                  conversion_of=70)
    assert consistent(km, rounded) and numeric_conflicts([km, rounded]) == []
    assert not consistent(km, wrong)
    (c,) = numeric_conflicts([km, wrong])
    assert "conversion disagrees" in c.reason
    # a figure written to the unit stays strict (1%): 1,344 km is not 1,384 km's 860 miles
    exact = claim(73, 1344, prop="border_length", unit="km", normalized_value=1344, normalized_unit="km")
    far = claim(74, 860, prop="border_length", unit="mile", normalized_value=1384.0, normalized_unit="km")
    assert not consistent(exact, far)
