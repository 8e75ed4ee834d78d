"""Intervals with open or closed ends, and numbers in one unit per dimension.

An interval is ``(low, high, low_inclusive, high_inclusive)``; ``None`` is
unbounded. Every claim is put in its dimension's *canonical unit* before two
claims are compared (km for lengths, USD for money, days for durations, a
fraction for shares), so "835 miles" meets "1,344 km" and "70 billion
rubles" meets "$70 billion". Pure.
"""

from __future__ import annotations

from collections.abc import Iterable

from factdb.hedges import hedge_interval

Interval = tuple["float | None", "float | None", bool, bool]

#: widening of each side when two claims were *written* in different units:
#: money through an exchange rate (rates move, outlets round), physical units
#: through a conversion factor (rounding of the converted figure)
RATE_TOLERANCE = 0.25
UNIT_TOLERANCE = 0.01

KM_PER = {"km": 1.0, "mile": 1.609344, "nmi": 1.852, "m": 0.001}
DAYS_PER = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25, "hour": 1 / 24, "minute": 1 / 1440}
CANONICAL = {"length": "km", "money": "USD", "time": "day", "fraction": "fraction"}


def is_currency(unit: str | None) -> bool:
    return bool(unit) and len(unit) == 3 and unit.isalpha() and unit.isupper()


def dimension_of(unit: str | None) -> str | None:
    """length | money | time | fraction, or None for counts and unknown units."""
    if unit in KM_PER:
        return "length"
    if unit in DAYS_PER:
        return "time"
    if unit == "fraction":
        return "fraction"
    if is_currency(unit):
        return "money"
    return None


def stored_interval(low, high, low_inclusive, high_inclusive, qualifier: str, value: float) -> Interval:
    """The stored interval, or the hedge rule's when both ends are missing."""
    if low is not None or high is not None:
        return low, high, bool(low_inclusive), bool(high_inclusive)
    return hedge_interval(qualifier, value)[1:]


def scale(iv: Interval, factor: float, widen: float = 0.0) -> Interval:
    """``iv`` times ``factor`` (> 0), each end moved outwards by ``widen`` (relative)."""
    lo, hi, li, hi_inc = iv
    lo = None if lo is None else lo * factor * (1 - widen)
    hi = None if hi is None else hi * factor * (1 + widen)
    return lo, hi, li, hi_inc


def widen(iv: Interval, rel: float) -> Interval:
    return scale(iv, 1.0, rel)


def intersect(ivs: Iterable[Interval]) -> Interval | None:
    """The interval every one of ``ivs`` allows, or None when they share no point."""
    lo, hi, li, hi_inc = None, None, True, True
    for l2, h2, li2, hi2 in ivs:
        if l2 is not None and (lo is None or l2 > lo or (l2 == lo and not li2)):
            lo, li = l2, li2 if (lo is None or l2 != lo) else (li and li2)
        if h2 is not None and (hi is None or h2 < hi or (h2 == hi and not hi2)):
            hi, hi_inc = h2, hi2 if (hi is None or h2 != hi) else (hi_inc and hi2)
    if lo is not None and hi is not None and (lo > hi or (lo == hi and not (li and hi_inc))):
        return None
    return lo, hi, li, hi_inc


def overlap(x: Interval, y: Interval) -> bool:
    """Whether two intervals share at least one point."""
    return intersect([x, y]) is not None


def contains(iv: Interval, v: float, just_above: bool = False) -> bool:
    """Whether ``iv`` holds ``v`` (or, with ``just_above``, the points right above ``v``)."""
    lo, hi, li, hi_inc = iv
    if lo is not None and not (v >= lo if just_above else (v > lo or (v == lo and li))):
        return False
    if hi is not None and not (v < hi if just_above else (v < hi or (v == hi and hi_inc))):
        return False
    return True
