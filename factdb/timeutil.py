"""Dates with a precision, as users type them and as windows of days.

A date with precision ``year`` or ``month`` stands for the whole period: it
is stored as the period's first day ("2013" -> 2013-01-01, "year") and
:func:`date_window` turns it back into the inclusive range of days it covers.
Everything here is pure.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from factdb.errors import FactdbError

_ARG = re.compile(r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?\s*$")


class DateArgError(FactdbError, ValueError):
    """A date argument is not YYYY, YYYY-MM or YYYY-MM-DD."""


def parse_date_arg(text: str | _dt.date) -> tuple[_dt.date, str]:
    """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as (first day, precision).

    ``"2013"`` -> ``(date(2013, 1, 1), "year")``; ``"2015-09"`` ->
    ``(date(2015, 9, 1), "month")``; a :class:`datetime.date` is returned with
    precision ``day``. Raises :class:`DateArgError` (a ``ValueError``) whose
    message shows the accepted forms.
    """
    if isinstance(text, _dt.datetime):
        return text.date(), "day"
    if isinstance(text, _dt.date):
        return text, "day"
    m = _ARG.match(str(text))
    if not m:
        raise DateArgError(f"cannot read date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2015-09-15)")
    year = int(m["y"])
    try:
        if m["d"]:
            return _dt.date(year, int(m["m"]), int(m["d"])), "day"
        if m["m"]:
            return _dt.date(year, int(m["m"]), 1), "month"
        return _dt.date(year, 1, 1), "year"
    except ValueError as exc:
        raise DateArgError(f"cannot read date {text!r}: {exc}; use YYYY, YYYY-MM or YYYY-MM-DD") from None


def date_window(d: _dt.date, precision: str | None) -> tuple[_dt.date, _dt.date]:
    """The inclusive (first, last) days a date of this precision covers.

    ``year`` -> the calendar year of ``d``; ``month`` -> its calendar month;
    ``day``, ``unknown`` and ``None`` -> ``(d, d)`` (an unknown precision is
    read as the day written, never widened silently).
    """
    if precision == "year":
        return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(d.year, d.month)[1]
        return _dt.date(d.year, d.month, 1), _dt.date(d.year, d.month, last)
    return d, d


def window_gap_days(a: tuple[_dt.date, _dt.date], b: tuple[_dt.date, _dt.date]) -> int:
    """Days between two inclusive windows: 0 when they overlap, else the gap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def same_time_window(
    a: _dt.date | None,
    a_precision: str | None,
    b: _dt.date | None,
    b_precision: str | None,
    window_days: int = 31,
) -> bool:
    """Whether two as-of dates can describe the same moment.

    Rule (documented in docs/memberships.md): when both dates have day
    precision (or an unknown one) they match if at most ``window_days``
    apart; when either is coarser (month, year) their windows must overlap,
    so "2015" matches "2015-09-15" but not "2016", and "2015-09" matches
    "2015-09-30" but not "2015-10-02". A missing date matches nothing.
    """
    if a is None or b is None:
        return False
    wa, wb = date_window(a, a_precision), date_window(b, b_precision)
    gap = window_gap_days(wa, wb)
    if a_precision in ("year", "month") or b_precision in ("year", "month"):
        return gap == 0
    return gap <= window_days
