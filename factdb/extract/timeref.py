"""Date expressions in a sentence, resolved against the article's published date.

:func:`find_time_refs` is pure: it reads ``text`` and returns
:class:`TimeRef` records whose ``text[start:end]`` is the expression. Rules:

- A date is the first day of the period it names, with ``precision`` day,
  month or year ("in September 2015" -> 2015-09-01, month).
- A day or month without a year ("on September 15", "in early July") takes
  the year of ``base`` -- or the year before when that would put it more than
  half a year after ``base`` ("on December 28" in a January article); without
  a base its ``date`` is ``None``.
- Relative words resolve against ``base``: "today"/"yesterday"/"tomorrow"
  (need a day-precision base), "this/last/next month" (month or day base),
  "this/last/next year" (any dated base). Unresolvable -> ``date`` ``None``.
- A weekday ("on Tuesday") is the most recent such weekday on or before
  ``base`` (the same day counts) when ``base`` has day precision; news uses
  bare weekdays for the past week. Otherwise ``date`` is ``None``.
- ``relation`` says how the date relates to the fact: ``at`` (default),
  ``by`` ("by 2042", "by mid-September": a target), ``until`` ("until 2042"),
  ``since`` ("since 2004", "from 2004": a start) and ``range`` ("1992-97",
  "between 2010 and 2014": ``date`` is the start, ``date_to`` the end).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    date: _dt.date | None
    precision: str  # day | month | year
    relation: str = "at"  # at | by | until | since | range
    date_to: _dt.date | None = None  # end of a range (first day of its last period)


_MON = r"\b(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_REL = r"(?:\b(?P<rel>by|until|till|through|since|from|as of|in|on|during|of|at)\s+(?:the\s+)?(?:(?:early|mid|late|end of|beginning of|start of|middle of)[\s-]+)?)?"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # September 15, 2015 / Sept. 15 2015 / September 15
    ("mdy", re.compile(_REL + _MON + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?", re.I)),
    # 15 September 2015 / 15th of September
    ("dmy", re.compile(_REL + _DAY + r"\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r"\b)?", re.I)),
    # 2015-09-15
    ("iso", re.compile(_REL + r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    # September 2015 / in early July
    ("my", re.compile(_REL + _MON + r"(?:\s+(?:of\s+)?" + _YEAR + r")?\b", re.I)),
    # ranges 1992-97, 1992-1997, 2014–2015, between 2010 and 2014
    ("range", re.compile(r"(?:(?:from|between)\s+)?(?P<y1>(?:1[89]|20)\d\d)\s*(?:-|–|—|to|and|through)\s*(?P<y2>(?:1[89]|20)?\d\d)\b(?![-\d])", re.I)),
    # in 2012 / by 2042 / since 2004 / the summer of 2014
    ("y", re.compile(_REL + r"(?:(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?" + _YEAR + r"\b(?![-–]\d)", re.I)),
    ("relyear", re.compile(r"\b(?:(?P<rel>by|until|since|in|during)\s+)?(?P<which>this|last|next|the past|the previous|the coming)\s+(?P<unit>year|month|week)\b", re.I)),
    ("rely", re.compile(r"\b(?P<which>today|yesterday|tomorrow)\b", re.I)),
    ("wd", re.compile(r"\b(?:(?P<rel>on|since|by|until|last)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
]

# A cheap necessary condition per kind: when it finds nothing in a text, that kind's
# pattern cannot match there either, so the (slower) full pattern is not run.
_MONTH_GATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_YEAR_GATE = re.compile(r"(?:1[89]|20)\d\d")
_GATES: dict[str, re.Pattern] = {
    "mdy": _MONTH_GATE,
    "dmy": _MONTH_GATE,
    "iso": _YEAR_GATE,
    "my": _MONTH_GATE,
    "range": _YEAR_GATE,
    "y": _YEAR_GATE,
    "relyear": re.compile(r"(?:year|month|week)\b", re.I),
    "wd": re.compile(r"day\b", re.I),
}
_COUNT_AFTER_YEAR = re.compile(
    r"[\s-]*(?:troops|soldiers|people|km|kilomet|miles?|men|strong|dollars|rubles|roubles|\w*[-–]\s*(?:man|strong))",
    re.I,
)

_REL_MAP = {"by": "by", "until": "until", "till": "until", "through": "until", "since": "since", "from": "since"}


def _rel(m: re.Match) -> str:
    word = (m.groupdict().get("rel") or "").lower()
    return _REL_MAP.get(word, "at")


def _strip_rel(text: str, m: re.Match) -> int:
    """Start the expression at the relation word only when it is a relation we keep."""
    if m.groupdict().get("rel") and _rel(m) != "at":
        return m.start()
    for name in ("mon", "day", "year", "wd"):
        if m.groupdict().get(name) is not None:
            starts = [m.start(g) for g in ("mon", "day", "year", "wd") if m.groupdict().get(g) is not None]
            return min(starts)
    return m.start()


def _year_of(base: _dt.date | None, base_precision: str | None) -> int | None:
    if base is None or base_precision not in ("day", "month", "year"):
        return None
    return base.year


def _too_far_ahead(date: _dt.date, base: _dt.date | None) -> bool:
    """A yearless date over half a year after publication means last year ("on December 28" in January)."""
    return base is not None and (date - base).days > 183


def _shift_month(d: _dt.date, months: int) -> _dt.date:
    idx = d.year * 12 + d.month - 1 + months
    return _dt.date(idx // 12, idx % 12 + 1, 1)


def _safe_date(y: int, m: int, d: int) -> _dt.date | None:
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def _resolve(kind: str, m: re.Match, base, bprec) -> tuple[_dt.date | None, str, _dt.date | None] | None:
    g = m.groupdict()
    if kind in ("mdy", "dmy", "iso"):
        month = int(g["mnum"]) if kind == "iso" else MONTHS[g["mon"].casefold().rstrip(".")]
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else _year_of(base, bprec)
        date = _safe_date(year, month, day) if year else None
        if date and not g.get("year") and _too_far_ahead(date, base):
            date = _safe_date(year - 1, month, day)
        return date, "day", None
    if kind == "my":
        month = MONTHS[g["mon"].casefold().rstrip(".")]
        if g["mon"].lower() == "may" and not g.get("year") and not g.get("rel"):
            return None  # the modal verb "may"
        if g["mon"].lower() in ("mar", "march") and not g.get("year") and not g.get("rel"):
            return None  # "to march", "a march"
        year = int(g["year"]) if g.get("year") else _year_of(base, bprec)
        date = _dt.date(year, month, 1) if year else None
        if date and not g.get("year") and _too_far_ahead(date, base):
            date = _dt.date(year - 1, month, 1)
        return date, "month", None
    if kind == "range":
        y1 = int(g["y1"])
        y2s = g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 100:
            return None
        return _dt.date(y1, 1, 1), "year", _dt.date(y2, 1, 1)
    if kind == "y":
        return _dt.date(int(g["year"]), 1, 1), "year", None
    if kind == "relyear":
        which, unit = g["which"].lower(), g["unit"].lower()
        step = {"this": 0, "last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1}[which]
        if unit == "year":
            y = _year_of(base, bprec)
            return (_dt.date(y + step, 1, 1) if y else None), "year", None
        if unit == "month":
            if base is None or bprec not in ("day", "month"):
                return None, "month", None
            return _shift_month(base.replace(day=1), step), "month", None
        if base is None or bprec != "day":
            return None, "day", None
        monday = base - _dt.timedelta(days=base.weekday()) + _dt.timedelta(weeks=step)
        return monday, "day", None
    if kind == "rely":
        step = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["which"].casefold()]
        if base is None or bprec != "day":
            return None, "day", None
        return base + _dt.timedelta(days=step), "day", None
    if kind == "wd":
        if base is None or bprec != "day":
            return None, "day", None
        back = (base.weekday() - WEEKDAYS[g["wd"].casefold()]) % 7
        if (g.get("rel") or "").lower() == "last" and back == 0:
            back = 7
        return base - _dt.timedelta(days=back), "day", None
    return None


def find_time_refs(text: str, base: _dt.date | None, base_precision: str | None) -> list[TimeRef]:
    """Every date expression in ``text``, in order, non-overlapping (earlier patterns win)."""
    taken: list[tuple[int, int]] = []
    refs: list[TimeRef] = []
    gated: dict[re.Pattern, bool] = {}
    for kind, pattern in _PATTERNS:
        gate = _GATES.get(kind)
        if gate is not None:
            if gate not in gated:
                gated[gate] = gate.search(text) is not None
            if not gated[gate]:
                continue
        for m in pattern.finditer(text):
            start = _strip_rel(text, m)
            end = m.end()
            if start >= end or any(start < e and s < end for s, e in taken):
                continue
            if kind in ("y", "range") and start > 0 and (text[start - 1].isdigit() or text[start - 1] in "$€£"):
                continue
            if kind == "y" and _COUNT_AFTER_YEAR.match(text[end:end + 14]):
                continue  # "2000 troops": a count, not a year
            resolved = _resolve(kind, m, base, base_precision)
            if resolved is None:
                continue
            date, precision, date_to = resolved
            relation = "range" if kind == "range" else _rel(m)
            if kind == "relyear" and (m.group("rel") or "").lower() in _REL_MAP:
                relation = _REL_MAP[m.group("rel").casefold()]
            taken.append((start, end))
            refs.append(TimeRef(start, end, date, precision, relation, date_to))
    refs.sort(key=lambda r: r.start)
    return refs
