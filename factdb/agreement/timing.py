"""Time in agreement: when two figures speak of the same moment, and how fast one goes stale.

Per property (``POLICIES``):

* ``moment_days``: two figures whose as-of windows are at most this far apart
  describe the same moment, so different values are a *dispute*; further
  apart, the later figure is a *change* and nothing is flagged.
* ``horizon_days``: ``fact --as-of D`` uses a figure only when its as-of
  window starts on or before D and ended at most this long before D.
* ``halflife_days``: a usable figure's weight halves every this many days of
  age (age = D minus the end of its window, never negative).

Lengths of borders and distances are *timeless*: they do not change, so every
figure speaks for every date (no staleness, no weighting by age).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from factdb.timeutil import date_window, window_gap_days


@dataclass(frozen=True)
class TimePolicy:
    moment_days: int | None  # None: timeless
    horizon_days: int | None
    halflife_days: float | None

    @property
    def timeless(self) -> bool:
        return self.moment_days is None


TIMELESS = TimePolicy(None, None, None)

POLICIES: dict[str, TimePolicy] = {
    # stationed forces change over months; a two-year-old figure is stale
    "troop_count": TimePolicy(31, 730, 180),
    # a toll is revised within days ("rises to 36"); older tolls are other events
    "fatalities": TimePolicy(3, 365, 7),
    "monetary_amount": TimePolicy(31, 365, 90),
    "border_length": TIMELESS,
    "distance": TIMELESS,
    "duration": TimePolicy(31, 1827, 365),
    "member_count": TimePolicy(31, 1827, 365),
    "count": TimePolicy(7, 365, 30),
    "share": TimePolicy(31, 365, 90),
    "exchange_rate": TimePolicy(1, 14, 2),
}
DEFAULT_POLICY = TimePolicy(31, 365, 90)


def policy(prop: str) -> TimePolicy:
    return POLICIES.get(prop, DEFAULT_POLICY)


def window(as_of: _dt.date | None, precision: str | None) -> tuple[_dt.date, _dt.date] | None:
    """The inclusive days an as-of date covers, or None when undated."""
    return None if as_of is None else date_window(as_of, precision)


def same_moment(prop: str, a: tuple | None, b: tuple | None) -> bool:
    """Whether two as-of windows speak of the same moment for ``prop`` (see the module docstring).

    Undated figures share a moment only for timeless properties. When either
    window is a month or a year, they must overlap (gap 0).
    """
    p = policy(prop)
    if p.timeless:
        return True
    if a is None or b is None:
        return False
    gap = window_gap_days(a, b)
    coarse = (a[1] - a[0]).days > 0 or (b[1] - b[0]).days > 0
    return gap == 0 if coarse else gap <= p.moment_days


def age_days(w: tuple[_dt.date, _dt.date], ref: _dt.date) -> int:
    """Days from the end of window ``w`` to ``ref`` (0 when ``ref`` is inside it)."""
    return max(0, (ref - w[1]).days)


def usable(prop: str, w: tuple | None, ref: _dt.date) -> bool:
    """A figure counts as of ``ref``: it had started by then and is not stale."""
    p = policy(prop)
    if p.timeless:
        return True
    if w is None or w[0] > ref:
        return False
    return age_days(w, ref) <= p.horizon_days


def weight(prop: str, w: tuple | None, ref: _dt.date) -> float:
    """1 for a current figure, halving every ``halflife_days`` of age."""
    p = policy(prop)
    if p.timeless or w is None:
        return 1.0
    return 0.5 ** (age_days(w, ref) / p.halflife_days)
