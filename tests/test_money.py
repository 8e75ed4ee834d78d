"""USD normalisation: identity, claim-supplied rates, bundled ECB history, never a guess."""

from __future__ import annotations

import datetime as dt

import pytest

from factdb.money import MAX_GAP_DAYS, conversion_disagrees, usd_value


def test_usd_is_itself_with_or_without_date():
    v = usd_value(1.23e9, "USD", dt.date(2015, 4, 7))
    assert (v.value, v.rate, v.source) == (1.23e9, 1.0, "identity")
    assert usd_value(5, "usd", None).value == 5


def test_eur_on_an_ecb_day():
    v = usd_value(100, "EUR", dt.date(2015, 9, 15))
    assert v.source == "ecb" and v.rate_date == dt.date(2015, 9, 15)
    assert v.value == pytest.approx(113.20, abs=0.01)  # ECB: 1 EUR = 1.1320 USD that day
    assert v.rate == pytest.approx(1 / 1.132, rel=1e-6)


def test_weekend_takes_last_published_rate_within_gap():
    v = usd_value(100, "EUR", dt.date(2015, 9, 13))  # a Sunday
    assert v.rate_date == dt.date(2015, 9, 11) and (dt.date(2015, 9, 13) - v.rate_date).days <= MAX_GAP_DAYS


def test_rub_before_2022_has_a_value():
    v = usd_value(70e9, "RUB", dt.date(2015, 4, 7))
    assert v.source == "ecb" and 1.1e9 < v.value < 1.4e9


def test_rub_after_ecb_stopped_is_none_unless_a_claim_gives_a_rate():
    assert usd_value(70e9, "RUB", dt.date(2022, 3, 10)) is None
    assert usd_value(70e9, "RUB", dt.date(2023, 6, 1)) is None
    rates = {("RUB", dt.date(2023, 6, 1)): (80.0, 42)}
    v = usd_value(80e9, "RUB", dt.date(2023, 6, 1), rates)
    assert (v.value, v.rate, v.source, v.rate_date) == (1e9, 80.0, "claim:42", dt.date(2023, 6, 1))


def test_claim_rate_wins_over_ecb_and_plain_numbers_work():
    rates = {("RUB", dt.date(2015, 4, 6)): 50.0}
    v = usd_value(100.0, "RUB", dt.date(2015, 4, 7), rates)
    assert (v.value, v.source, v.rate_date) == (2.0, "claim", dt.date(2015, 4, 6))


def test_unknown_currency_and_missing_date_are_none():
    assert usd_value(1000, "TJS", dt.date(2015, 9, 15)) is None
    assert usd_value(1000, "XYZ", dt.date(2015, 9, 15)) is None
    assert usd_value(1000, "EUR", None) is None
    assert usd_value(1000, "", dt.date(2015, 9, 15)) is None
    assert usd_value(1000, "EUR", dt.date(1950, 1, 1)) is None


def test_conversion_disagrees():
    day = dt.date(2015, 4, 7)
    assert conversion_disagrees(70e9, "RUB", 1.23e9, "USD", day) is False
    assert conversion_disagrees(70e9, "RUB", 2.5e9, "USD", day) is True
    assert conversion_disagrees(70e9, "RUB", 1.23e9, "USD", None) is None
    assert conversion_disagrees(70e9, "RUB", 1.23e9, "USD", day, tolerance=0.01) is True
