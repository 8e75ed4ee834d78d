"""Units of quantities outside the domain properties, read and normalised with pint.

A number that no domain property covers (a price per barrel, 3,600 MW, 900
km/h, 55 bcm a year, a threefold rise, inflation of 7.4%) is kept as a claim
of the generic property ``quantity`` with a pint-style unit name
("megawatt", "kilometer/hour", "barrel/day", "USD/barrel", "percent").

Unit words are parsed by pint (:func:`unit_registry`, built lazily once per
process, with currency codes and percentage points defined on it); this
module only keeps a short table of newsroom abbreviations pint does not know
("bpd", "bcm", "sq km") and the gate of words that may start a unit, so
"5 in" or "3 a" never become inches or years. Pure: text in, strings out.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Dimensions a unit read from text may have (durations and lengths have their own properties).
_ALLOWED_DIMS = (
    "[length] ** 2", "[length] ** 3", "[mass]", "[mass] * [length] ** 2 / [time] ** 3",
    "[mass] * [length] ** 2 / [time] ** 2", "[length] / [time]", "[temperature]",
    "[length] ** 3 / [time]", "[mass] / [time]",
)
# Newsroom spellings pint does not parse -> (pint expression, scale applied to the value).
ABBREVIATIONS = {
    "bpd": ("barrel/day", 1.0), "b/d": ("barrel/day", 1.0), "bbl/d": ("barrel/day", 1.0),
    "bcm": ("cubic_meter", 1e9), "tcm": ("cubic_meter", 1e12), "mcm": ("cubic_meter", 1e6),
    "cubic metres": ("cubic_meter", 1.0), "cubic meters": ("cubic_meter", 1.0),
    "cubic metre": ("cubic_meter", 1.0), "cubic meter": ("cubic_meter", 1.0),
    "cu m": ("cubic_meter", 1.0), "m3": ("cubic_meter", 1.0),
    "square kilometres": ("square_kilometer", 1.0), "square kilometers": ("square_kilometer", 1.0),
    "square kilometre": ("square_kilometer", 1.0), "square kilometer": ("square_kilometer", 1.0),
    "sq km": ("square_kilometer", 1.0), "km2": ("square_kilometer", 1.0),
    "square metres": ("square_meter", 1.0), "square meters": ("square_meter", 1.0),
    "sq m": ("square_meter", 1.0), "square miles": ("square_mile", 1.0), "sq miles": ("square_mile", 1.0),
    "tonnes": ("metric_ton", 1.0), "tonne": ("metric_ton", 1.0), "tons": ("metric_ton", 1.0),
    "ton": ("metric_ton", 1.0), "mt": ("metric_ton", 1.0),
    "degrees celsius": ("degree_Celsius", 1.0), "degrees c": ("degree_Celsius", 1.0),
    "°c": ("degree_Celsius", 1.0), "degrees fahrenheit": ("degree_Fahrenheit", 1.0),
    "°f": ("degree_Fahrenheit", 1.0), "kph": ("kilometer/hour", 1.0), "km/h": ("kilometer/hour", 1.0),
    "barrels": ("barrel", 1.0), "barrel": ("barrel", 1.0),
}
# Words (lower case) that may start a unit: pint units people write in news.
_UNIT_WORDS = (
    r"barrels?|bpd|b/d|bbl/d|bcm|tcm|mcm|cubic\s+met(?:er|re)s?|cu\s+m|m3|square\s+(?:kilomet(?:er|re)s?|met(?:er|re)s?"
    r"|miles?)|sq\s+(?:km|m|miles?)|km2|hectares?|acres?|tonnes?|tons?|mt|kilo(?:gram|gramme)s?|kg|grams?"
    r"|(?:troy\s+)?ounces?|oz|lit(?:er|re)s?|gallons?|(?:kilo|mega|giga|tera)?watt(?:-|\s)?hours?|[kMGT]Wh|[kMGT]W"
    r"|(?:kilo|mega|giga|tera)?watts?|horsepower|hp|degrees?\s+(?:celsius|fahrenheit|c|f)\b|°[CF]|km/h|kph|mph"
    r"|knots?|kilomet(?:er|re)s?\s+(?:per|an|a)\s+hour|miles?\s+(?:per|an|a)\s+hour"
)
UNIT_RE = re.compile(
    rf"(?P<sep>\s?-?\s?)(?P<u>(?-i:[kMGT]Wh|[kMGT]W)\b|(?:{_UNIT_WORDS})\b)"
    r"(?P<per>\s*(?:/|per|an?)\s*(?P<pu>day|year|annum|month|hour|week|second)\b)?",
    re.I,
)
_PER = {"annum": "year"}
# a rate written after what flows: "of gas annually", "a year", "per day"
_RATE_AFTER = re.compile(
    r"(?:\s+of\s+(?:[\w-]+\s+){0,2}?)?\s*(?:(?P<y>annually|a\s+year|per\s+year|per\s+annum|each\s+year|every\s+year"
    r"|yearly)|(?P<d>a\s+day|per\s+day|daily|each\s+day))\b", re.I)
_FLOWS = re.compile(r"barrel|bcm|tcm|mcm|cubic|cu\s+m|m3|tonne|ton\b|tons\b|mt\b|wh\b|watt.hour", re.I)


@lru_cache(maxsize=1)
def unit_registry():
    """One pint registry for factdb: currencies (ISO codes) are dimensions of their own,
    ``percentage_point`` and ``basis_point`` too, cubic and square units spelled out."""
    import pint

    ureg = pint.UnitRegistry()
    for line in ("percentage_point = [percentage_point]", "basis_point = 0.01 percentage_point",
                 "cubic_meter = meter ** 3", "square_meter = meter ** 2",
                 "square_kilometer = kilometer ** 2", "square_mile = mile ** 2"):
        ureg.define(line)
    return ureg


@lru_cache(maxsize=1024)
def pint_unit(expr: str) -> str | None:
    """Canonical pint name of ``expr`` ("megawatts" -> "megawatt", "km/h" -> "kilometer/hour"), or None."""
    ureg = unit_registry()
    try:
        q = ureg.parse_expression(expr)
    except Exception:  # noqa: BLE001 - pint raises many kinds of errors on unknown words
        return None
    units = getattr(q, "units", None)
    if units is None or getattr(q, "magnitude", 1) != 1:
        return None
    return format(units, "C")


@lru_cache(maxsize=1024)
def _normalise(word: str, per: str | None) -> tuple[str, float] | None:
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in ABBREVIATIONS:
        unit, scale = ABBREVIATIONS[w]
    else:
        w2 = re.sub(r"(?:-|\s)hours?$", "_hour", w)
        w2 = re.sub(r"\s+(?:per|an|a)\s+hour$", "/hour", w2).replace("metre", "meter").replace(" ", "_")
        unit = pint_unit(w2) or pint_unit(word.strip())
        scale = 1.0
        if unit is None:
            return None
    canonical = pint_unit(unit) or unit
    ureg = unit_registry()
    try:
        dims = str(ureg.parse_expression(canonical).dimensionality)
    except Exception:  # noqa: BLE001
        return None
    if dims not in _ALLOWED_DIMS:
        return None
    if per:
        canonical = f"{canonical}/{_PER.get(per, per)}"
    return canonical, scale


def read_unit(body: str, pos: int, limit: int) -> tuple[str, float, int] | None:
    """``(unit, value scale, end)`` of a unit written at ``body[pos:]`` ("MW", "bcm a year"), else None."""
    m = UNIT_RE.match(body, pos, limit)
    if not m:
        return None
    per = m.group("pu").lower() if m.group("pu") else None
    if per is None:  # "38 billion cubic metres of gas annually": a flow, the span stays the unit
        later = _RATE_AFTER.match(body, m.end(), limit)
        if later and _FLOWS.search(m.group("u")):
            per = "day" if later.group("d") else "year"
    got = _normalise(m.group("u"), per)
    if got is None:
        return None
    return got[0], got[1], m.end()


# A price per physical unit or per share, right after a money amount: "$80 a barrel".
PER_UNIT_RE = re.compile(
    r"\s*(?:a|an|per|/|each)\s*(?:(?P<n>1,000|1000|thousand)\s+)?(?P<u>barrel|bbl|tonne|ton|metric\s+ton|share|ounce|oz"
    r"|troy\s+ounce|litre|liter|gallon|kilogram|kg|kilowatt[-\s]hour|kwh|megawatt[-\s]hour|mwh|cubic\s+met(?:er|re)s?"
    r"|bushel|pound|lb|mmbtu|btu)\b",
    re.I,
)
_PER_UNIT_NAMES = {
    "bbl": "barrel", "ton": "metric_ton", "tonne": "metric_ton", "metric ton": "metric_ton", "oz": "ounce",
    "troy ounce": "troy_ounce", "litre": "liter", "kg": "kilogram", "kwh": "kilowatt_hour",
    "kilowatt hour": "kilowatt_hour", "kilowatt-hour": "kilowatt_hour", "mwh": "megawatt_hour",
    "megawatt hour": "megawatt_hour", "megawatt-hour": "megawatt_hour", "cubic meters": "cubic_meter",
    "cubic metres": "cubic_meter", "cubic meter": "cubic_meter", "cubic metre": "cubic_meter", "lb": "pound",
}


def per_unit(body: str, pos: int, limit: int) -> tuple[str, int] | None:
    """``(unit, end)`` of "a barrel" / "per 1,000 cubic metres" / "per share" right after ``pos``."""
    m = PER_UNIT_RE.match(body, pos, limit)
    if not m:
        return None
    word = re.sub(r"\s+", " ", m.group("u").lower())
    unit = _PER_UNIT_NAMES.get(word, word)
    if m.group("n"):
        unit = f"(1000*{unit})"
    return unit, m.end()


# Sentence context that makes a bare small dollar amount a price per barrel.
OIL_PRICE_RE = re.compile(
    r"\b(?:barrels?|crude|brent|wti|west\s+texas|oil\s+prices?|price\s+of\s+oil|urals)\b", re.I)
PER_UNIT_ANYWHERE_RE = re.compile(
    r"\b(?:a|an|per)\s+(?:1,000\s+|thousand\s+)?(?:barrel|tonne|ton|share|ounce|cubic\s+met(?:er|re)s?)\b", re.I
)
