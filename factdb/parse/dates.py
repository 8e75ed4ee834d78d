"""Recognise publication-date evidence: standalone date lines and URL paths.

Pure functions; regexes are compiled at import. Nothing here looks inside
sentences: a date is only recognised when it is the *whole* line (optionally
with a weekday, a time, a time zone, or a "Published:"/"Updated:" label),
because a date inside a sentence or a photo caption dates the event, not the
publication (see ``docs/loading.md``).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

__all__ = ["DateLine", "parse_date_line", "parse_date_value", "date_from_url"]

_MONTHS = {
    # English, full and abbreviated (with the common "Sept")
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    # Russian, nominative and genitive
    "январь": 1, "января": 1, "февраль": 2, "февраля": 2, "март": 3, "марта": 3,
    "апрель": 4, "апреля": 4, "май": 5, "мая": 5, "июнь": 6, "июня": 6,
    "июль": 7, "июля": 7, "август": 8, "августа": 8, "сентябрь": 9, "сентября": 9,
    "октябрь": 10, "октября": 10, "ноябрь": 11, "ноября": 11,
    "декабрь": 12, "декабря": 12,
}  # fmt: skip

_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
    r"|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),?\s+"
)
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?))?)"
)
_LABEL = (
    r"(?P<label>published|posted|updated|last updated|last modified|modified|date|dated|"
    r"опубликовано|обновлено|дата)(?:\s+on)?\s*:?\s*"
)
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"

_DATE_FORMS = (
    rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}",  # September 15, 2015 / Sept. 15 2015
    rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}(?:\s*(?:г\.?|года))?",  # 15 September 2015
    rf"{_YEAR}-(?P<m>\d{{1,2}})-{_DAY}(?:T{_TIME}(?:Z|[+-]\d{{2}}:?\d{{2}})?)?",  # ISO
    rf"{_DAY}\.(?P<m>\d{{1,2}})\.{_YEAR}",  # 15.09.2015
    rf"{_YEAR}/(?P<m>\d{{1,2}})/{_DAY}",  # 2015/09/15
    rf"(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/{_YEAR}",  # 15/09/2015 only if unambiguous
    rf"{_MONTH},?\s+{_YEAR}",  # September 2015 -> month precision
    rf"{_YEAR}-(?P<m>\d{{2}})",  # 2015-09 -> month precision
)

_DATE_LINE_RES = tuple(
    re.compile(
        rf"^[\s*_(\[]*(?:{_LABEL})?(?:{_WEEKDAY})?(?:{_TIME},?\s+)?"
        rf"{form}"
        rf"(?:,?\s*(?:at\s+|в\s+|[|•·–—-]\s*)?{_TIME})?[\s*_)\].]*$",
        re.IGNORECASE,
    )
    for form in _DATE_FORMS
)
# A year alone counts only with a label ("Published: 2015").
_LABELLED_YEAR_RE = re.compile(rf"^[\s*_]*{_LABEL}{_YEAR}[\s*_.]*$", re.IGNORECASE)

_URL_DAY_RE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)")
_URL_MONTH_RE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})(?:/|$)")


@dataclass(frozen=True)
class DateLine:
    """A date read from a standalone line."""

    date: _dt.date
    precision: str  # day | month | year
    label: str | None  # "published", "updated"... lower-cased, or None


def parse_date_line(line: str) -> DateLine | None:
    """The date if ``line`` is nothing but a date (plus label/weekday/time), else None."""
    text = line.strip()
    if not text or len(text) > 80:
        return None
    m = _LABELLED_YEAR_RE.match(text)
    if m:
        return DateLine(_dt.date(int(m["y"]), 1, 1), "year", m["label"].lower())
    for regex in _DATE_LINE_RES:
        m = regex.match(text)
        if m:
            found = _from_match(m)
            if found is not None:
                label = m.groupdict().get("label")
                return DateLine(found[0], found[1], label.lower() if label else None)
    return None


def _from_match(m: re.Match) -> tuple[_dt.date, str] | None:
    groups = m.groupdict()
    year = int(groups["y"])
    if groups.get("mon"):
        month = _MONTHS[groups["mon"].lower()]
    elif groups.get("a"):
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            groups["d"], month = str(a), b
        elif b > 12 >= a:
            groups["d"], month = str(b), a
        else:
            return None  # 05/06/2015: day-month order unknown, so no date
    else:
        month = int(groups["m"])
    day = groups.get("d")
    return _make(year, month, int(day) if day else None)


def _make(year: int, month: int, day: int | None) -> tuple[_dt.date, str] | None:
    try:
        if day is None:
            return _dt.date(year, month, 1), "month"
        return _dt.date(year, month, day), "day"
    except ValueError:
        return None


def date_from_url(url: str) -> tuple[_dt.date, str] | None:
    """A ``/YYYY/MM/DD/`` path gives day precision, ``/YYYY/MM/`` month; else None."""
    m = _URL_DAY_RE.search(url)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    m = _URL_MONTH_RE.search(url)
    if m:
        return _make(int(m[1]), int(m[2]), None)
    return None


_VALUE_RE = re.compile(r"^((?:1[0-9]|20|21)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date_value(value: object) -> tuple[_dt.date, str] | None:
    """Parse an override value: ``date``, ``2015``, ``"2015-09"``, ``"2015-09-15"``.

    Returns (date, precision) with precision inferred from the form (factdb's
    one date rule, :func:`factdb.timeutil.parse_date_arg`), or None if the value
    is not one of these forms or not a plausible publication year.
    """
    from factdb.timeutil import parse_date_arg

    if isinstance(value, bool) or not isinstance(value, (str, int, _dt.date)):
        return None
    if not isinstance(value, _dt.date) and not _VALUE_RE.match(str(value).strip()):
        return None
    try:
        return parse_date_arg(value)
    except ValueError:
        return None
