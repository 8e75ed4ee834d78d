"""Reading one number expression: the number, then its hedge, currency, scale, range, percent and unit.

:data:`MASTER_RE` finds where number expressions start; :func:`_read_core`
turns a match into an :class:`_Expr` and :func:`_extend` consumes what
surrounds it ("more than $70 billion", "5,000-7,000", "1,344-km",
"6,000-strong", "20-odd"). :func:`_interval` turns the hedge into
``(qualifier, low, high, low_inclusive, high_inclusive)``. Nothing here
decides what a number counts (that is :mod:`factdb.extract.classify`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factdb.extract import units as U
from factdb.extract.quantities import read_unit
from factdb.hedges import APPROX_TOLERANCE, hedge_interval  # noqa: F401  (one hedge rule for every stage)
from factdb.extract.numbers import (
    DIGITS_BODY_SRC, DIGITS_SRC, FOLD_SRC, FRACTION_SRC, SCALE_ABBR, SKIP_SRC, VAGUE_SRC, WORD_GATE_FIRST, WORD_GATE_SRC,
    WORDS_SRC,
    half_tail, parse_digits, parse_fraction, parse_vague, parse_words,
)


# --- patterns, compiled once ----------------------------------------------------

# One pass finds every candidate: digit-led alternatives behind a one-character
# gate, word-led ones behind a trie of the words they can start with. The outer
# one-character gate (the union of both first characters) only makes positions
# that cannot start a match fail fast.
MASTER_RE = re.compile(
    rf"(?=[\d+(½⅓⅔¼¾{re.escape(WORD_GATE_FIRST)}])(?:"
    rf"(?=[\d+(½⅓⅔¼¾])(?:(?P<skip>{SKIP_SRC})|(?P<digits>{DIGITS_SRC})|(?P<frac>{FRACTION_SRC}))"
    rf"|\b(?={WORD_GATE_SRC}\b)(?:(?P<skip2>{SKIP_SRC})|(?P<fold>{FOLD_SRC})|(?P<vague>{VAGUE_SRC})"
    rf"|(?P<frac2>{FRACTION_SRC})|(?P<words>{WORDS_SRC})"
    r"|(?P<aunit>an?(?=\s+(?:day|week|month|year|decade|century|hour)\b))))",
    re.I,
)
RANGE_RE = re.compile(
    r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b))?"
    rf"(?P<sep>\s?[-–—]\s?|\s+to\s+|\s+and\s+)(?:US\$|\$|€|£)?"
    rf"(?:(?P<d>{DIGITS_BODY_SRC})|(?P<w>{WORDS_SRC}))",
    re.I,
)
SCALE_RE = re.compile(
    r"(?P<sep>\s?-?\s?)(?P<s>thousand|million|billion|trillion)\b"
    r"|(?P<sep2>\s?)(?P<a>bn|bln|mn|mln|mlrd|tn|trn|trln|m|k|b)\b",
    re.I,
)
HEDGES = {
    "approx": "about|around|some|roughly|approximately|approx\\.?|an estimated|estimated|an approximate"
              "|nearly|almost|close to|circa|ca\\.|just about|something like|~",
    "at_least": "at least|no fewer than|no less than|not less than|not fewer than|a minimum of"
                "|minimum of|at a minimum",
    "more_than": "more than|over|in excess of|upwards of|upward of|above|exceeding|well over"
                 "|just over|greater than|north of",
    "at_most": "not more than|no more than|at most|at the most|a maximum of|maximum of"
               "|not exceeding|no greater than",
    "less_than": "less than|fewer than|under|below|just under|just short of|short of",
    "up_to": "up to|as many as|as much as|as high as",
    "range": "between|from",
}
# Longest phrases must win ("not more than" over "more than"): try them at
# each start position, longest alternatives first within each group.
_HEDGE_WORDS = sorted(
    ((w, q) for q, alt in HEDGES.items() for w in alt.split("|")), key=lambda wq: -len(wq[0])
)
HEDGE_RE = re.compile(
    r"(?:^|(?<=[^\w]))(?P<h>" + "|".join(w for w, _ in _HEDGE_WORDS) + r")\s*$", re.I
)
_HEDGE_QUAL = {re.sub(r"\\", "", w).lower(): q for w, q in _HEDGE_WORDS}
# "over" is the particle of a phrasal verb ("rolls over $3bn", "handed over $20 million") or
# means "concerning" after a word of dispute or talks ("a row over $5 billion"): no hedge then.
_OVER_NOT_A_HEDGE_RE = re.compile(
    r"\b(?:roll(?:s|ed|ing)?|hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|sign(?:s|ed|ing)?"
    r"|carr(?:y|ies|ied|ying)|fight(?:s|ing)?|fought|row(?:s|ed|ing)?|disput(?:e|es|ed|ing)|clash(?:es|ed|ing)?|talks|tussl(?:e|es|ed)"
    r"|wrangl(?:e|es|ed|ing)|battl(?:e|es|ed|ing)|feud(?:s|ed|ing)?|standoff|spat|quarrel(?:s|led|ed)?"
    r"|negotiat(?:e|es|ed|ing|ions?)|deal)\s+$",
    re.I,
)
RIGHT_HEDGE_RE = re.compile(
    r"(?P<h>-plus\b|\+(?![\w\d])|\s+or\s+(?:more|so|fewer|less)\b|\s+plus\b|-odd\b|\s+odd\b)", re.I
)
_RIGHT_QUAL = {"-plus": "at_least", "+": "at_least", "plus": "at_least", "or more": "at_least",
               "or so": "approx", "or fewer": "at_most", "or less": "at_most",
               "-odd": "approx", "odd": "approx"}


@dataclass
class _Expr:
    """A number expression being read (mutable while its tails are consumed)."""

    kind: str  # digits | words | frac | vague
    start: int
    end: int
    value: float
    raw: str
    high: float | None = None
    scale: bool = False
    currency: str | None = None
    percent: bool = False
    unit: str | None = None  # length/duration unit as normalised
    unit_factor: float = 1.0
    unit_written: str | None = None
    compound: str | None = None
    hedge: str | None = None
    qualifier: str = "exact"
    qunit: str | None = None  # a pint unit of a quantity ("megawatt", "percentage_point")
    extras: dict = field(default_factory=dict)


_RATE_NEXT = re.compile(r"\s+(?:to|per|against|for)\s+(?:the\s+|one\s+|a\s+|each\s+)?(?:U\.?S\.?\s+)?(?:dollar|euro|\$|€)", re.I)
_PARTICLE_OVER = re.compile(
    r"\b(?:roll|rolls|rolled|rolling|hand|hands|handed|handing|turn|turns|turned|turning|sign|signs|signed|signing"
    r"|carry|carries|carried|carrying|preside|presides|presided|presiding|switch|switched|tip|tipped|spill|spilled)\s+$", re.I)


def _read_core(m: re.Match) -> _Expr | None:
    kind = m.lastgroup.rstrip("2")
    raw = m.group()
    if kind == "digits":
        value = parse_digits(raw)
    elif kind == "words":
        value = parse_words(raw)
    elif kind == "frac":
        value = parse_fraction(raw)
    elif kind == "aunit":
        value = 1.0
    elif kind == "fold":
        value = parse_words(raw[:-4])
    else:
        value = parse_vague(raw)
    if value is None:
        return None
    return _Expr(kind, m.start(), m.end(), float(value), raw)


def _read_number_at(body: str, m_d: str | None, m_w: str | None) -> float | None:
    if m_d is not None:
        return parse_digits(m_d)
    return parse_words(m_w) if m_w is not None else None


def _extend(body: str, e: _Expr, qs: int, qe: int) -> None:
    """Consume hedges, currency, scale, range, percent and unit around ``e``."""
    # Currency before the number ("$70", "RUB 70", "US$ 5").
    m = U.CURRENCY_PREFIX_RE.search(body, max(qs, e.start - 6), e.start)
    if m and e.kind in ("digits", "words"):
        code = U.currency_code(re.sub(r"\s", "", m.group()))
        if code:
            e.currency, e.start = code, m.start()
    # Hedge before it.
    m = HEDGE_RE.search(body, max(qs, e.start - 24), e.start)
    if m and not (m.group("h").lower() == "over" and (
            _OVER_NOT_A_HEDGE_RE.search(body, max(qs, m.start() - 30), m.start())
            or _PARTICLE_OVER.search(body, max(qs, m.start() - 12), m.start()))):
        # ("rolls over $3bn deposits", "a row over $5 billion": a verb's particle or "concerning", not a bound)
        e.hedge = m.group("h").lower()
        e.qualifier = _HEDGE_QUAL.get(e.hedge, "exact")
    if e.kind in ("digits", "words"):
        t = half_tail(body, e.end)
        if t:
            e.value += 0.5
            e.end = t
        _scale(body, e, qe)
        _range(body, e, qs, qe)
        m = U.PERCENTAGE_POINT_RE.match(body, e.end, qe)
        if m:  # "0.5 percentage point", "100 basis points": a change of a rate, not a share
            e.qunit, e.end = ("basis_point" if m.group().strip()[:1].lower() == "b" else "percentage_point"), m.end()
            e.extras["percentage_points"] = True
        m = None if e.qunit else U.PERCENT_RE.match(body, e.end, qe)
        if m:
            e.percent, e.end = True, m.end()
    if e.extras.pop("range_pct", False) and not e.percent:
        e.percent = True
    if e.kind != "frac" and not e.percent and e.currency is None:
        m = U.CURRENCY_SUFFIX_RE.match(body, e.end, qe)
        if m:
            word = re.sub(r"^[\s-]?(?:of\s+)?", "", m.group(), flags=re.I)
            code = U.currency_code(word, body)
            ambiguous = word.strip().lower() in U.AMBIGUOUS_CURRENCY_NAMES
            if code and ambiguous and not e.scale and _RATE_NEXT.match(body, m.end(), qe):
                ambiguous = False  # "1,500 pounds to the dollar": money, not weight
            if code and (not ambiguous or e.scale):
                e.currency, e.end = code, m.end()
    if e.kind == "digits" and e.currency is None and not e.percent and e.qunit is None:
        m = U.MINOR_UNIT_RE.match(body, e.end, qe)  # "18 cents", "120p": whole units of money
        if m and (m.group("w") or not e.scale):
            e.currency = U.MINOR_CODES[(m.group("w") or m.group("p")).lower()]
            e.value = round(e.value / 100, 10)
            if e.high is not None:
                e.high = round(e.high / 100, 10)
            e.end = m.end()
    if e.kind in ("digits", "words") and e.currency is None and not e.percent and e.qunit is None:
        q = read_unit(body, e.end, qe)  # "3,600-MW", "55 bcm a year", "900 km/h" (before "km" alone)
        if q:
            e.qunit, e.end = q[0], q[2]
            e.value *= q[1]
            if e.high is not None:
                e.high *= q[1]
    if e.kind in ("digits", "words", "aunit") and e.currency is None and not e.percent and e.qunit is None:
        m = U.UNIT_SUFFIX_RE.match(body, e.end, qe)
        if m:
            w = m.group("unit").lower()
            glued_m = w in ("m", "mi") and m.group("sep") not in ("", " ", "-")
            if w in U.LENGTH_UNITS and not glued_m:
                e.unit = U.LENGTH_UNITS[w]
                e.unit_written, e.end = m.group("unit"), m.end()
            elif w in U.DURATION_UNITS:
                e.unit, e.unit_factor = U.DURATION_UNITS[w]
                e.unit_written, e.end = m.group("unit"), m.end()
        if e.unit is None:
            m = U.COMPOUND_RE.match(body, e.end, qe)
            if m:
                e.compound, e.end = (m.group("c") or m.group("c2")).lower(), m.end()
    m = RIGHT_HEDGE_RE.match(body, e.end, qe)
    if m:
        h = re.sub(r"\s+", " ", m.group("h").strip().lower())
        if e.hedge is None or e.qualifier == "exact":
            e.hedge, e.qualifier = h, _RIGHT_QUAL.get(h, "exact")


def _scale(body: str, e: _Expr, qe: int) -> None:
    m = SCALE_RE.match(body, e.end, qe)
    if not m:
        return
    word = (m.group("s") or m.group("a")).lower()
    if word == "k" and not m.group("sep2"):
        pass  # "7k troops", "$5k"
    elif word in ("m", "k", "b"):
        money_after = U.CURRENCY_SUFFIX_RE.match(body, m.end(), qe)
        if m.group("sep2") and e.currency is None:
            return
        if e.currency is None and not money_after:
            return
    e.value *= SCALE_ABBR[word]
    if e.high is not None:
        e.high *= SCALE_ABBR[word]
    e.scale, e.end = True, m.end()


_TRAILING_SCALE_RE = re.compile(r"[\s-]+(thousand|million|billion|trillion)$", re.I)


def _range(body: str, e: _Expr, qs: int, qe: int) -> None:
    """Read "5,000-7,000", "5 to 7 million", "between 5 and 7" into ``e.high``."""
    m = RANGE_RE.match(body, e.end, qe)
    if not m:
        return
    sep = m.group("sep").strip().lower()
    if sep == "and" and e.hedge != "between":
        return
    if sep == "to" and U.CHANGE_LEFT_RE.search(body, max(qs, e.start - 30), e.start):
        return
    v2 = _read_number_at(body, m.group("d"), m.group("w"))
    if v2 is None:
        return
    saved = (e.value, e.end, e.scale)
    e.extras["raw_high"] = m.group("d") or m.group("w")
    if m.group("pct"):
        e.extras["range_pct"] = True
    first_scaled = e.scale or (e.kind == "words" and _TRAILING_SCALE_RE.search(e.raw))
    scale2 = 1.0
    tm = _TRAILING_SCALE_RE.search(m.group("w") or "")
    if tm:
        scale2 = SCALE_ABBR[tm.group(1).lower()]
    e.end = m.end()
    sm = SCALE_RE.match(body, e.end, qe)
    if sm:
        word = (sm.group("s") or sm.group("a")).lower()
        if word not in ("m", "k", "b") or e.currency:
            scale2 = SCALE_ABBR[word]
            v2 *= scale2
            e.end, e.scale = sm.end(), True
    if not first_scaled and scale2 > 1 and e.value < scale2:
        e.value *= scale2
    elif first_scaled and scale2 == 1 and v2 < e.value:
        v2 *= e.value / (parse_digits(e.raw) if e.kind == "digits" else 1.0)
    if v2 <= e.value:  # "3-0", "2-1": a score or a code, not an interval
        e.value, e.end, e.scale = saved
        e.extras.pop("raw_high", None)
        e.extras.pop("range_pct", None)
        return
    e.high = v2
    e.qualifier, e.extras["range_sep"] = "range", sep


def _interval(e: _Expr, v: float, high: float | None):
    """``(qualifier, low, high, low_inclusive, high_inclusive)``: the shared hedge rule (factdb.hedges)."""
    return hedge_interval(e.qualifier, v, high, vague=e.kind == "vague")
