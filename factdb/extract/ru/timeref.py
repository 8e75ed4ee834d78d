"""Russian date expressions, resolved like :func:`factdb.extract.timeref.find_time_refs`.

Same :class:`~factdb.extract.timeref.TimeRef` records and the same rules for
a missing year, relative words and precision; the wording is Russian:
"26 марта 2015 года", "в октябре", "в мае 2014 года", "в 2008 году",
"на 2008 год", "2014-2015 гг.", "в прошлом/этом/следующем году", "сегодня",
"вчера", "в понедельник". Relations: "до"/"к" + date -> ``by``, "с"/"со"/"начиная
с"/"после" + date -> ``since``; "в первом квартале 2024 года" is the year.
"""

from __future__ import annotations

import datetime as _dt
import re

from factdb.extract.timeref import TimeRef, _safe_date, _shift_month, _too_far_ahead, _year_of

_MONTH_STEMS = (
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма[йяе]", 5), ("июн", 6), ("июл", 7),
    ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
)
_MON = r"(?P<mon>" + "|".join(rf"{stem}[а-я]*" if not stem.startswith("ма[") else stem for stem, _ in _MONTH_STEMS) + r")\b"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_YEAR_WORD = r"(?:\s*-?\s*(?:го|й))?\s*(?:года|году|год|г\.|гг\.|годах|годов)?"
_REL = r"(?:(?P<rel>до|к|с|со|начиная\s+с|после|по|в|во|на|от)\s+)?(?:(?:начале|середине|конце|начала|середины|конца)\s+)?"
_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "сред": 2, "четверг": 3, "пятниц": 4, "суббот": 5, "воскресень": 6,
}

_PATTERNS = [
    ("dmy", re.compile(r"(?<![\d.])" + _REL + r"(?P<day>[0-3]?\d)(?:\s*[-–]\s*[0-3]?\d)?\s+" + _MON
                       + r"(?:\s+" + _YEAR + _YEAR_WORD + r"|\s+(?P<which>прошлого|этого|текущего|следующего)\s+года)?",
                       re.I)),
    ("numeric", re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<mnum>[01]\d)\.(?P<year>(?:19|20)\d\d)(?![\d.])")),
    ("my", re.compile(_REL + _MON + r"(?:\s+" + _YEAR + _YEAR_WORD + r"|\s+(?P<which>прошлого|этого|текущего|следующего)\s+года)?", re.I)),
    ("range", re.compile(r"(?<![\d.,])(?P<y1>(?:1[89]|20)\d\d)\s*[-–—]\s*(?P<y2>(?:1[89]|20)?\d\d)\s*(?:гг\.|годах|годы|годов|г\.)", re.I)),
    ("y", re.compile(r"(?<![\d.,])" + _REL + r"(?:(?:первом|втором|третьем|четвертом|четвёртом)\s+(?:квартале|полугодии)\s+)?"
                     + _YEAR + r"(?:\s*-?\s*(?:го|м|й))?\s*(?:года|году|год|г\.|гг\.)", re.I)),
    ("relyear", re.compile(r"\b(?:(?P<rel>до|к|с)\s+)?(?:в|во|на)?\s*(?P<which>прошлом|этом|текущем|следующем|будущем|прошлый|этот|текущий|следующий)\s+(?P<unit>году|год|месяце|месяц|неделе)\b", re.I)),
    ("rely", re.compile(r"\b(?P<which>сегодня|вчера|завтра|накануне)\b", re.I)),
    ("wd", re.compile(r"\bв(?:о)?\s+(?P<wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b", re.I)),
]
_REL_MAP = {"до": "by", "к": "by", "по": "until", "с": "since", "со": "since", "начиная с": "since", "после": "since",
            "от": "since"}
_WHICH_STEP = {"прошлого": -1, "прошлом": -1, "прошлый": -1, "этого": 0, "этом": 0, "этот": 0, "текущего": 0,
               "текущем": 0, "текущий": 0, "следующего": 1, "следующем": 1, "следующий": 1, "будущем": 1}
_CYR = re.compile("[\u0400-\u04ff]")


def _month(word: str) -> int | None:
    w = word.lower()
    for stem, n in _MONTH_STEMS:
        if re.match(stem, w):
            return n
    return None


def _relation(m: re.Match) -> str:
    rel = re.sub(r"\s+", " ", (m.groupdict().get("rel") or "").lower())
    return _REL_MAP.get(rel, "at")


def find_time_refs_ru(text: str, base: _dt.date | None, base_precision: str | None) -> list[TimeRef]:
    """Every Russian date expression in ``text``, in order, non-overlapping (earlier patterns win)."""
    if not _CYR.search(text) and not re.search(r"\d\.\d\d\.\d{4}", text):
        return []
    taken: list[tuple[int, int]] = []
    refs: list[TimeRef] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            rel = _relation(m)
            start = m.start() if rel != "at" else _first_group(m)
            end = m.end()
            if start >= end or any(start < e and s < end for s, e in taken):
                continue
            resolved = _resolve(kind, m, base, base_precision)
            if resolved is None:
                continue
            date, precision, date_to = resolved
            relation = "range" if kind == "range" else rel
            taken.append((start, end))
            refs.append(TimeRef(start, end, date, precision, relation, date_to))
    refs.sort(key=lambda r: r.start)
    return refs


def _first_group(m: re.Match) -> int:
    starts = [m.start(g) for g in ("day", "mon", "year", "which", "wd", "y1") if m.groupdict().get(g) is not None]
    return min(starts) if starts else m.start()


def _resolve(kind, m, base, bprec):
    g = m.groupdict()
    year_known = g.get("year") is not None
    step = _WHICH_STEP.get((g.get("which") or "").lower())
    year = int(g["year"]) if year_known else _year_of(base, bprec)
    if step is not None and kind in ("dmy", "my") and year is not None:
        year += step
        year_known = True
    if kind in ("dmy", "numeric"):
        month = int(g["mnum"]) if kind == "numeric" else _month(g["mon"])
        day = int(g["day"])
        if month is None or not 1 <= day <= 31:
            return None
        date = _safe_date(year, month, day) if year else None
        if date and not year_known and _too_far_ahead(date, base):
            date = _safe_date(year - 1, month, day)
        return date, "day", None
    if kind == "my":
        month = _month(g["mon"])
        if month is None:
            return None
        if month == 5 and not year_known and not g.get("rel"):
            return None
        date = _dt.date(year, month, 1) if year else None
        if date and not year_known and _too_far_ahead(date, base):
            date = _dt.date(year - 1, month, 1)
        return date, "month", None
    if kind == "range":
        y1, y2s = int(g["y1"]), g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 100:
            return None
        return _dt.date(y1, 1, 1), "year", _dt.date(y2, 1, 1)
    if kind == "y":
        return _dt.date(int(g["year"]), 1, 1), "year", None
    if kind == "relyear":
        unit = g["unit"].lower()
        st = _WHICH_STEP.get(g["which"].lower(), 0)
        if unit.startswith("год"):
            y = _year_of(base, bprec)
            return (_dt.date(y + st, 1, 1) if y else None), "year", None
        if unit.startswith("месяц"):
            if base is None or bprec not in ("day", "month"):
                return None, "month", None
            return _shift_month(base.replace(day=1), st), "month", None
        if base is None or bprec != "day":
            return None, "day", None
        return base - _dt.timedelta(days=base.weekday()) + _dt.timedelta(weeks=st), "day", None
    if kind == "rely":
        st = {"сегодня": 0, "вчера": -1, "завтра": 1, "накануне": -1}[g["which"].lower()]
        if base is None or bprec != "day":
            return None, "day", None
        return base + _dt.timedelta(days=st), "day", None
    if kind == "wd":
        if base is None or bprec != "day":
            return None, "day", None
        wd = next(n for stem, n in _WEEKDAYS.items() if g["wd"].lower().startswith(stem))
        return base - _dt.timedelta(days=(base.weekday() - wd) % 7), "day", None
    return None
