"""Numeric claims from news text: number, unit, hedge interval, property, span.

:func:`extract_claims` is pure (text in, :class:`factdb.records.Claim` out)
and deterministic. Guarantees for every claim ``c`` it returns for ``body``:

* ``body[c.start:c.end]`` is the number expression, non-empty, with adjacent
  currency, scale word, percent sign and unit included ("$70 billion",
  "1,344-km", "6,000-strong", "15 per cent") and the hedge word excluded
  ("more than" is not in the span; it is in ``c.extras["hedge"]``);
* ``quote_start <= start < end <= quote_end`` and
  ``body[quote_start:quote_end] == quote`` (the sentence);
* ``property`` is in ``PROPERTIES``, ``qualifier`` in ``QUALIFIERS``;
* claims come ordered by ``start``.

The reading rules (hedges, vague quantities, units, skips, confidence) are
documented in ``docs/extraction.md``; context-free number reading lives in
:mod:`factdb.extract.numbers`, the lexicon in :mod:`factdb.extract.units`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from factdb.extract import units as U
from factdb.extract.numbers import (
    DIGITS_BODY_SRC, DIGITS_SRC, FRACTION_SRC, SCALE_ABBR, SKIP_SRC, VAGUE_SRC, WORD_GATE_SRC,
    WORDS_SRC,
    half_tail, parse_digits, parse_fraction, parse_vague, parse_words,
)
from factdb.extract.sentences import split_paragraphs, split_sentences
from factdb.records import Claim

APPROX_TOLERANCE = 0.10  # "about 1,350" -> [1215, 1485]

# --- patterns, compiled once ----------------------------------------------------

# One pass finds every candidate: digit-led alternatives behind a one-character
# gate, word-led ones behind a trie of the words they can start with.
MASTER_RE = re.compile(
    rf"(?=[\d+(½⅓⅔¼¾])(?:(?P<skip>{SKIP_SRC})|(?P<digits>{DIGITS_SRC})|(?P<frac>{FRACTION_SRC}))"
    rf"|\b(?={WORD_GATE_SRC}\b)(?:(?P<skip2>{SKIP_SRC})|(?P<vague>{VAGUE_SRC})"
    rf"|(?P<frac2>{FRACTION_SRC})|(?P<words>{WORDS_SRC}))",
    re.I,
)
RANGE_RE = re.compile(
    rf"(?P<sep>\s?[-–—]\s?|\s+to\s+|\s+and\s+)(?:US\$|\$|€|£)?"
    rf"(?:(?P<d>{DIGITS_BODY_SRC})|(?P<w>{WORDS_SRC}))",
    re.I,
)
SCALE_RE = re.compile(
    r"(?P<sep>\s?-?\s?)(?P<s>thousand|million|billion|trillion)\b"
    r"|(?P<sep2>\s?)(?P<a>bn|mn|mln|tn|trn|m|k)\b",
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
_HEDGE_ALT = "|".join(
    rf"(?P<{q}>{alt})" for q, alt in sorted(HEDGES.items(), key=lambda kv: -max(map(len, kv[1].split("|"))))
)
# Longest phrases must win ("not more than" over "more than"): try them at
# each start position, longest alternatives first within each group.
_HEDGE_WORDS = sorted(
    ((w, q) for q, alt in HEDGES.items() for w in alt.split("|")), key=lambda wq: -len(wq[0])
)
HEDGE_RE = re.compile(
    r"(?:^|(?<=[^\w]))(?P<h>" + "|".join(w for w, _ in _HEDGE_WORDS) + r")\s*$", re.I
)
_HEDGE_QUAL = {re.sub(r"\\", "", w).lower(): q for w, q in _HEDGE_WORDS}
RIGHT_HEDGE_RE = re.compile(
    r"(?P<h>-plus\b|\+(?![\w\d])|\s+or\s+(?:more|so|fewer|less)\b|\s+plus\b|-odd\b|\s+odd\b)", re.I
)
_RIGHT_QUAL = {"-plus": "at_least", "+": "at_least", "plus": "at_least", "or more": "at_least",
               "or so": "approx", "or fewer": "at_most", "or less": "at_most",
               "-odd": "approx", "odd": "approx"}

CHANGE_LEFT_RE = re.compile(
    r"\b(?:rose|rise[ns]?|rising|risen|increased?|increasing|fell|falls?|fallen|falling|dropped|drops?"
    r"|decreased?|grew|grown|jumped|climbed|declined|cut|raised|reduced|went|up|down|swelled)"
    r"\b[^.;]{0,20}$",
    re.I,
)
DATE_PREP_RE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|to|before|after|during|through|year|the|early|late"
    r"|spring|summer|autumn|fall|winter|fiscal|circa|and|or|between|around|about)\s*|[(,–-]\s*|^)$",
    re.I,
)
NAMING_LEFT_RE = re.compile(
    r"\b(?:no\.?|nos\.?|number|article|resolution|flight|page|route|highway|chapter|section|paragraph"
    r"|item|room|building|block|gate|platform|channel|level|phase|stage|grade|class|category|round"
    r"|episode|season|part|protocol|decree|order|point|zone|district|sector|camp|post|hall|unit"
    r"|group|squad|team|line|code|model|version|type|mark|mk|batch|lot|vol|volume|issue|exercise)"
    r"\s*#?\s*$",
    re.I,
)
RELATIVE_LEFT_RE = re.compile(
    r"\b(?:past|last|next|previous|coming|following|preceding|first|final|recent|every|each|aged"
    r"|age\s+of|later|within\s+the\s+next|the\s+last|the\s+past)\s+(?:few\s+|several\s+)?$",
    re.I,
)
RELATIVE_RIGHT_RE = re.compile(
    r"\s+(?:ago|earlier|later|before|after|afterwards?|previously|prior|since|back|old|of\s+age"
    r"|younger|older|from\s+now|hence)\b",
    re.I,
)
AGE_RIGHT_RE = re.compile(r"\s*-?\s*(?:years?|months?)[\s-]+old\b", re.I)
AGE_LEFT_RE = re.compile(r"\b(?:aged|age\s+of|ages\s+of)\s*$", re.I)
TOKEN_RE = re.compile(r"\s*(?:(?P<w>[^\W\d_][\w'’]*(?:-[\w'’]+)*)|(?P<p>\S))")
PAREN_SKIP_RE = re.compile(r"\s*\([^()]{0,60}\)|\s*\)")
TRIGGER_RE = re.compile(
    r"\b(?:(?P<fatal>killed|killing|kills|kill|dead|deaths?|death\s+toll|toll|died|die|dying"
    r"|lives\s+lost|lost\s+their\s+lives|fatalities|fatality|perished|slain|massacred|bodies)"
    r"|(?P<injured>injured|injuring|wounded|wounding|hurt|injuries|casualties)"
    r"|(?P<detained>detained|detaining|arrested|arresting|captured|abducted|kidnapped|hostage"
    r"|imprisoned|jailed|missing|displaced|evacuated|fled|rescued|deported|expelled|homeless))\b",
    re.I,
)
MEMBER_CTX_RE = re.compile(
    r"\b(?:bloc|alliance|organi[sz]ation|body|union|group(?:ing)?|club|community|commonwealth"
    r"|treaty|pact|association|coalition|council|comprises?|comprising|consists?|consisting"
    r"|made\s+up|brings?\s+together|unites|includes|membership|members?|grouping)\b|'s\s*$",
    re.I,
)
BORDER_RE = re.compile(r"\b(?:borders?|frontiers?|boundary|boundaries)\b", re.I)
BORDER_RIGHT_RE = re.compile(
    r"(?:\s*-?\s*long)?\s+(?:\w+[\s-]+){0,2}?(?:border|frontier|boundary)\b", re.I
)
BORDER_PART_RE = re.compile(
    r"\b(?:stretch|section|part|portion|segment|sector|strip|length\s+of\s+the\s+fence)\b", re.I
)
DISTANCE_RIGHT_RE = re.compile(
    r"(?:\s*-?\s*long)?\s*(?:from|away|off|inside|into|beyond|of|to|along|across|north|south|east"
    r"|west|behind|short|deep|stretch|section|segment|portion|strip|radius|zone|wide|high)\b",
    re.I,
)
LENGTH_CTX_RE = re.compile(r"\b(?:length|long|stretch(?:es)?|extends?|runs)\b", re.I)
RATE_RIGHT_RE = re.compile(
    r"\s*(?:to|per|against|for)\s+(?:the\s+|one\s+|a\s+|1\s+|each\s+)?(?:us\s+)?"
    r"(?P<c>dollar|euro|rouble|ruble|yuan|pound|somoni|tenge|som|hryvnia|USD|EUR|RUB)\b",
    re.I,
)
RATE_CTX_RE = re.compile(
    r"\b(?:exchange\s+rate|rate|traded|trading|quoted|weakened|strengthened|stood|closed|opened"
    r"|rose|fell|dropped|climbed|per|against|to\s+the)\b",
    re.I,
)
TICKER_RE = re.compile(
    r"(?-i:[A-Z]{3})\s+\d+(?:[.,]\d+)?(?:\s*[-+−▲▼↑↓]\s*\d+(?:[.,]\d+)?%?)?", re.I
)
TICKER_BASE_RE = re.compile(r"^(?P<c>[A-Z]{3})\s+1(?:[.,]0+)?\s*$", re.M)
YEAR_RE = re.compile(r"\d{4}")

STOP = frozenset(
    """the a an this that these those its his her their our my your is was were are be been being
    has have had will would could should may might must can shall as at in on to from by with for
    and or but than per since ago each every into onto over under after before during including
    while when who which whom whose where if so not no nor also said says say according there here
    it he she they we you i them him us out up down off about around later earlier last next
    this year month week day today yesterday tomorrow""".split()
)
NOT_COUNTED = frozenset(
    """times percent points years days months weeks hours minutes seconds decades centuries ones
    things ways words kilometres kilometers miles metres meters dollars euros roubles rubles
    degrees goals votes-cast euros cents""".split()
)
_OF_DETERMINERS = frozenset({"the", "its", "their", "these", "those", "his", "her", "our"})
PERSON_TRIGGERS = {"fatal": "fatalities", "injured": "count", "detained": "count"}


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
    extras: dict = field(default_factory=dict)


def _read_core(m: re.Match) -> _Expr | None:
    kind = m.lastgroup.rstrip("2")
    raw = m.group()
    if kind == "digits":
        value = parse_digits(raw)
    elif kind == "words":
        value = parse_words(raw)
    elif kind == "frac":
        value = parse_fraction(raw)
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
    if m:
        e.hedge = m.group("h").lower()
        e.qualifier = _HEDGE_QUAL.get(e.hedge, "exact")
    if e.kind in ("digits", "words"):
        t = half_tail(body, e.end)
        if t:
            e.value += 0.5
            e.end = t
        _scale(body, e, qe)
        _range(body, e, qs, qe)
        m = U.PERCENT_RE.match(body, e.end, qe)
        if m:
            e.percent, e.end = True, m.end()
            if U.PERCENTAGE_POINT_RE.match(body, e.start + len(e.raw), qe):
                e.extras["percentage_points"] = True
    if e.kind != "frac" and not e.percent and e.currency is None:
        m = U.CURRENCY_SUFFIX_RE.match(body, e.end, qe)
        if m:
            code = U.currency_code(re.sub(r"^\s?(?:of\s+)?", "", m.group(), flags=re.I))
            ambiguous = m.group().strip().lower() in U.AMBIGUOUS_CURRENCY_NAMES
            if code and (not ambiguous or e.scale):
                e.currency, e.end = code, m.end()
    if e.kind in ("digits", "words") and e.currency is None and not e.percent:
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
                e.compound, e.end = m.group("c").lower(), m.end()
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
    if word in ("m", "k"):
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
    if sep == "to" and CHANGE_LEFT_RE.search(body, max(qs, e.start - 30), e.start):
        return
    v2 = _read_number_at(body, m.group("d"), m.group("w"))
    if v2 is None:
        return
    e.extras["raw_high"] = m.group("d") or m.group("w")
    first_scaled = e.scale or (e.kind == "words" and _TRAILING_SCALE_RE.search(e.raw))
    scale2 = 1.0
    tm = _TRAILING_SCALE_RE.search(m.group("w") or "")
    if tm:
        scale2 = SCALE_ABBR[tm.group(1).lower()]
    e.end = m.end()
    sm = SCALE_RE.match(body, e.end, qe)
    if sm:
        word = (sm.group("s") or sm.group("a")).lower()
        if word not in ("m", "k") or e.currency:
            scale2 = SCALE_ABBR[word]
            v2 *= scale2
            e.end, e.scale = sm.end(), True
    if not first_scaled and scale2 > 1 and e.value < scale2:
        e.value *= scale2
    elif first_scaled and scale2 == 1 and v2 < e.value:
        v2 *= e.value / (parse_digits(e.raw) if e.kind == "digits" else 1.0)
    e.high = v2
    e.qualifier, e.extras["range_sep"] = "range", sep


# --- context: counted noun, triggers ----------------------------------------------


def _is_plural_like(low: str) -> bool:
    return (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
    )


def _counted_noun(body: str, pos: int, qe: int, strict: bool) -> tuple[str | None, bool]:
    """The noun a number counts, read right of ``pos``: ``(noun, from_lexicon)``.

    Skips a parenthetical, "of the", and up to three modifiers ("six
    ex-Soviet states", "6,000 Russian troops"); joins noun-noun compounds
    ("border guards", "member states"). ``strict`` accepts lexicon nouns only.
    """
    m = PAREN_SKIP_RE.match(body, pos, qe)
    if m:
        pos = m.end()
    found: str | None = None
    strong = False
    modifiers = 0
    for n in range(7):
        tm = TOKEN_RE.match(body, pos, qe)
        if not tm or tm.group("p"):
            break
        pos = tm.end()
        word = tm.group("w")
        low = word.lower()
        lex = low in U.PEOPLE_NOUNS or low in U.IRREGULAR_COUNT_NOUNS or low in U.ORG_MEMBER_NOUNS
        noun = lex or (not strict and _is_plural_like(low) and low not in STOP and low not in NOT_COUNTED)
        if found is not None:
            if noun and low not in STOP:
                return f"{found} {word}", strong or lex
            break
        if low == "of" and n == 0:
            continue
        if low in _OF_DETERMINERS and n == 1:
            continue
        if low in STOP or low in NOT_COUNTED:
            break
        if noun:
            found, strong = word, lex
            continue
        modifiers += 1
        if modifiers > 3:
            break
    return found, strong


_LIST_GAP_RE = re.compile(r"[\w\s'’-]{0,30}?(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)$")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]|\band\b|\bbut\b|\bwhile\b")


def _nearest_trigger(body: str, triggers, start: int, end: int, lo: int, hi: int) -> str | None:
    """Category of the trigger word nearest the number, within its clause window.

    Distance is in characters; crossing a comma or "and" costs 25 more, so
    "one died and two were injured" reads "two" as injured.
    """
    best, best_d = None, 60
    for ts, te, cat in triggers:
        if te <= start and ts >= lo:
            d = start - te
            gap = (te, start)
        elif ts >= end and te <= hi:
            d = ts - end
            gap = (end, ts)
        else:
            continue
        if _CLAUSE_BREAK_RE.search(body, *gap):
            d += 25
        if d < best_d:
            best, best_d = cat, d
    return best


def _is_person(noun: str | None) -> bool:
    if noun is None:
        return True
    last = noun.split()[-1]
    low = last.lower()
    if low in U.PEOPLE_NOUNS:
        return True
    return last[:1].isupper() and last.isalpha() and _is_plural_like(low)


# --- typing -----------------------------------------------------------------------


class _Sentence:
    """A sentence with its trigger words and currencies, computed on first use."""

    def __init__(self, body: str, qs: int, qe: int, para_start: int):
        self.body, self.qs, self.qe, self.para_start = body, qs, qe, para_start
        self._triggers: list | None = None
        self._codes: list | None = None

    @property
    def triggers(self) -> list:
        if self._triggers is None:
            self._triggers = [(t.start(), t.end(), t.lastgroup)
                              for t in TRIGGER_RE.finditer(self.body, self.qs, self.qe)]
        return self._triggers

    @property
    def sentence_currency_codes(self) -> list:
        if self._codes is None:
            found = (U.currency_code(re.sub(r"\s+", " ", m.group()))
                     for m in U.CURRENCY_ANYWHERE_RE.finditer(self.body, self.qs, self.qe))
            self._codes = [k for k in found if k]
        return self._codes


class _Ctx:
    """One number's view of its sentence: ``lo``/``hi`` bound its clause window."""

    __slots__ = ("sent", "body", "qs", "qe", "lo", "hi", "para_start")

    def __init__(self, sent: _Sentence, lo: int, hi: int):
        self.sent, self.lo, self.hi = sent, lo, hi
        self.body, self.qs, self.qe, self.para_start = sent.body, sent.qs, sent.qe, sent.para_start

    @property
    def triggers(self) -> list:
        return self.sent.triggers

    @property
    def sentence_currency_codes(self) -> list:
        return self.sent.sentence_currency_codes


def _classify(e: _Expr, c: _Ctx) -> tuple[str, str, str | None, float] | None:
    """``(property, unit, counted, confidence)`` for ``e``, or None to skip it."""
    body, qs, qe = c.body, c.qs, c.qe
    after = e.end
    if e.kind == "frac" or e.percent:
        if e.extras.get("percentage_points"):
            return None
        if e.kind == "frac":
            raw = e.raw.lower()
            plural = raw.endswith("s") and not raw.endswith("halves")
            if not plural and not re.match(r"\s+(?:of|the|a|an)\b", body[after:after + 5], re.I):
                return None
        return "share", "fraction", None, 0.9
    if e.currency:
        if not e.scale and e.value < 1e4 and _is_rate(e, c):
            return "exchange_rate", e.currency, None, 0.8
        return "monetary_amount", e.currency, None, 0.9
    if e.unit in U.KM_PER:
        return _classify_length(e, c)
    if e.unit is not None:
        left = body[max(qs, e.start - 30):e.start]
        if RELATIVE_LEFT_RE.search(left) or RELATIVE_RIGHT_RE.match(body, after, qe):
            return None
        if e.raw.lower() == "one" and not re.search(r"\b(?:for|within|of|lasting)\s*$", left, re.I):
            return None
        return "duration", e.unit, None, 0.9
    if e.compound:
        counted, _ = _counted_noun(body, after, qe, strict=False)
        if e.compound in U.TROOP_COMPOUNDS:
            return "troop_count", "person", counted, 0.9
        if e.compound in U.MEMBER_COMPOUNDS:
            return "member_count", "count", counted, 0.85
        return "count", "count", counted or e.compound, 0.7
    m = RATE_RIGHT_RE.match(body, after, qe)
    if m and not e.scale and e.kind == "digits":
        unit = next((k for k in c.sentence_currency_codes
                     if k != U.currency_code(m.group("c"))), "XXX")
        return "exchange_rate", unit, None, 0.75
    left = body[max(qs, e.start - 16):e.start]
    if e.kind == "digits" and NAMING_LEFT_RE.search(left):
        return None
    low_raw = e.raw.lower()
    if low_raw == "one" and (re.match(r"\s+(?:of|another|by|day|time|way)\b", body[after:after + 9], re.I)
                             or re.search(r"\bno\s*$", left, re.I)):
        return None
    counted, strong = _counted_noun(body, after, qe, strict=(low_raw == "one"))
    if e.kind == "digits" and _looks_like_year(e) and (not strong or DATE_PREP_RE.search(left)):
        return None
    if AGE_RIGHT_RE.match(body, after, qe) or AGE_LEFT_RE.search(left):
        return None
    trig = _nearest_trigger(body, c.triggers, e.start, e.end, c.lo, c.hi)
    person = _is_person(counted)
    if trig == "fatal" and person:
        return "fatalities", "person", counted, 0.9 if counted else 0.8
    if trig in ("injured", "detained") and person:
        return "count", "person", counted or _trigger_word(c.triggers, e, c), 0.85
    if counted is None:
        return None
    low_noun = counted.lower()
    last = low_noun.split()[-1]
    if last in U.ORG_MEMBER_NOUNS and (
        "member" in low_noun or MEMBER_CTX_RE.search(body, max(qs, e.start - 45), e.start)
    ):
        return "member_count", "count", counted, 0.8
    if e.kind == "words" and e.value <= 3 and re.search(r"\bthe\s*$", left, re.I):
        return None  # anaphora: "the two countries", "the three men"
    if last in U.TROOP_NOUNS:
        return "troop_count", "person", counted, 0.9 if strong else 0.75
    conf = 0.85 if strong else 0.7
    return "count", ("person" if _is_person(counted) else "count"), counted, conf


def _trigger_word(triggers, e: _Expr, c: _Ctx) -> str | None:
    best, best_d = None, 10**9
    for ts, te, cat in triggers:
        d = e.start - te if te <= e.start else ts - e.end
        if cat in ("injured", "detained") and 0 <= d < best_d:
            best, best_d = c.body[ts:te].lower(), d
    return best


def _looks_like_year(e: _Expr) -> bool:
    """A bare four-digit number 1000-2100 ("1992", "1992-97", "2014-2015")."""
    return bool(YEAR_RE.fullmatch(e.raw)) and 1000 <= parse_digits(e.raw) <= 2100


def _is_rate(e: _Expr, c: _Ctx) -> bool:
    if RATE_RIGHT_RE.match(c.body, e.end, c.qe):
        return True
    others = [k for k in c.sentence_currency_codes if k != e.currency]
    return bool(others) and bool(RATE_CTX_RE.search(c.body, c.qs, c.qe))


def _classify_length(e: _Expr, c: _Ctx) -> tuple[str, str, str | None, float]:
    body, qs, qe = c.body, c.qs, c.qe
    right_pos = e.end
    m = PAREN_SKIP_RE.match(body, right_pos, qe)
    if m:
        right_pos = m.end()
    if DISTANCE_RIGHT_RE.match(body, right_pos, qe):
        return "distance", e.unit, None, 0.85
    if BORDER_RIGHT_RE.match(body, right_pos, qe):
        return "border_length", e.unit, None, 0.9
    left = body[qs:e.start]
    bm = None
    for bm in BORDER_RE.finditer(left):
        pass
    if bm is not None and not BORDER_PART_RE.search(left, bm.start()):
        return "border_length", e.unit, None, 0.8
    if LENGTH_CTX_RE.search(body, qs, qe) and BORDER_RE.search(body, c.para_start, qs):
        return "border_length", e.unit, None, 0.7
    return "distance", e.unit, None, 0.85


# --- assembling claims --------------------------------------------------------------


def _r(x: float | None) -> float | None:
    """Round away float noise (1485.0000000000002 -> 1485.0), keeping 10 significant digits."""
    return None if x is None else float(f"{x:.10g}")


def _interval(e: _Expr, v: float, high: float | None):
    """``(qualifier, low, high, low_inclusive, high_inclusive)`` for the hedge rules."""
    q = e.qualifier
    if e.kind == "vague" and q not in ("more_than", "at_least"):
        q = "at_least"
    if q == "range" and high is None:
        q = "exact"
    if q == "range":
        return q, v, high, True, True
    if q == "approx":
        top = v if e.hedge in ("nearly", "almost") else v * (1 + APPROX_TOLERANCE)
        return q, _r(v * (1 - APPROX_TOLERANCE)), _r(top), True, True
    if q == "at_least":
        return q, v, None, True, True
    if q == "more_than":
        return q, v, None, False, True
    if q in ("at_most", "up_to"):
        return q, 0.0, v, True, True
    if q == "less_than":
        return q, 0.0, v, True, False
    return "exact", v, v, True, True


def _claim(e: _Expr, c: _Ctx, prop: str, unit: str, counted: str | None, conf: float) -> Claim:
    body = c.body
    v, high = e.value, e.high
    norm_v = norm_u = None
    extras = dict(e.extras)
    extras.pop("raw_high", None)
    if e.hedge and e.hedge not in ("between", "from"):
        extras["hedge"] = e.hedge
    if e.kind == "vague":
        extras["vague"] = re.sub(r"\s+", " ", e.raw.lower())
        conf = min(conf, 0.75)
    if prop == "share":
        if e.percent:
            v, high = v / 100, (high / 100 if high is not None else None)
        v = round(v, 6)
        high = round(high, 6) if high is not None else None
    elif prop == "duration" and e.unit_factor != 1:
        extras["written_unit"] = e.unit_written
        v, high = v * e.unit_factor, (high * e.unit_factor if high is not None else None)
    elif prop in ("border_length", "distance") and e.unit_written:
        extras["written_unit"] = e.unit_written
    q, low, hi, low_inc, hi_inc = _interval(e, v, high)
    if prop == "share":
        norm_v, norm_u = v, "fraction"
    elif prop in ("border_length", "distance"):
        norm_v, norm_u = round(v * U.KM_PER[unit], 6), "km"
    return Claim(
        property=prop, value=v, qualifier=q, unit=unit, start=e.start, end=e.end,
        quote=body[c.qs:c.qe], quote_start=c.qs, quote_end=c.qe, low=low, high=hi,
        low_inclusive=low_inc, high_inclusive=hi_inc, counted=counted,
        normalized_value=norm_v, normalized_unit=norm_u, confidence=round(conf, 2), extras=extras,
    )


def _ticker_claim(body: str, qs: int, qe: int, base: str | None) -> Claim | None:
    """A price ticker line ("USD 86.45") as an exchange rate in the base currency."""
    code = body[qs:qs + 3]
    m = re.search(r"\d+(?:[.,]\d+)?", body[qs:qe])
    value = float(m.group().replace(",", "."))
    if code == base or (base is None and value == 1.0):
        return None
    start, end = qs, qs + m.end()
    return Claim(
        property="exchange_rate", value=value, qualifier="exact", unit=base or "XXX",
        start=start, end=end, quote=body[qs:qe], quote_start=qs, quote_end=qe, low=value,
        high=value, counted=None, confidence=0.7 if base else 0.5,
        extras={"priced": code, "ticker": True},
    )


def extract_claims(body: str) -> list[Claim]:
    """Every numeric claim in ``body``, ordered by start (see the module docstring)."""
    claims: list[Claim] = []
    para_starts = [ps for ps, _ in split_paragraphs(body)]
    pi = 0
    ticker_base: str | None | bool = False
    for qs, qe in split_sentences(body):
        while pi + 1 < len(para_starts) and para_starts[pi + 1] <= qs:
            pi += 1
        if qe - qs <= 40 and TICKER_RE.fullmatch(body, qs, qe):
            if ticker_base is False:
                bm = TICKER_BASE_RE.search(body)
                ticker_base = bm.group("c") if bm else None
            tc = _ticker_claim(body, qs, qe, ticker_base)
            if tc:
                claims.append(tc)
            continue
        exprs: list[_Expr] = []
        for m in MASTER_RE.finditer(body, qs, qe):
            if m.lastgroup in ("skip", "skip2") or (exprs and m.start() < exprs[-1].end):
                continue
            e = _read_core(m)
            if e is None:
                continue
            _extend(body, e, qs, qe)
            if exprs and e.start < exprs[-1].end:
                e.start = m.start()
            exprs.append(e)
        if not exprs:
            continue
        sent = _Sentence(body, qs, qe, para_starts[pi] if para_starts else 0)
        los: list[int] = []
        for i, e in enumerate(exprs):
            lo = exprs[i - 1].end if i else qs
            if i and _LIST_GAP_RE.match(body, lo, e.start):
                lo = los[i - 1]  # "killed 12 soldiers and three civilians": share the verb
            los.append(lo)
            ctx = _Ctx(sent, lo, exprs[i + 1].start if i + 1 < len(exprs) else qe)
            typed = _classify(e, ctx)
            if typed is not None:
                claims.append(_claim(e, ctx, *typed))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims
