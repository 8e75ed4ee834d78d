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

import dataclasses

import re
from dataclasses import dataclass, field

from factdb.extract import units as U
from factdb.extract.numbers import (
    DIGITS_BODY_SRC, DIGITS_SRC, FRACTION_SRC, SCALE_ABBR, SKIP_SRC, VAGUE_SRC, WORD_GATE_FIRST, WORD_GATE_SRC,
    WORDS_SRC,
    half_tail, parse_digits, parse_fraction, parse_vague, parse_words,
)
from factdb.extract.casefold import ascii_twins, has_traps
from factdb.extract.sentences import split_paragraphs, split_sentences
from factdb.records import Claim

APPROX_TOLERANCE = 0.10  # "about 1,350" -> [1215, 1485]

# --- patterns, compiled once ----------------------------------------------------

# One pass finds every candidate: digit-led alternatives behind a one-character
# gate, word-led ones behind a trie of the words they can start with. The outer
# one-character gate (the union of both first characters) only makes positions
# that cannot start a match fail fast.
MASTER_RE = re.compile(
    rf"(?=[\d+(½⅓⅔¼¾{re.escape(WORD_GATE_FIRST)}])(?:"
    rf"(?=[\d+(½⅓⅔¼¾])(?:(?P<skip>{SKIP_SRC})|(?P<digits>{DIGITS_SRC})|(?P<frac>{FRACTION_SRC}))"
    rf"|\b(?={WORD_GATE_SRC}\b)(?:(?P<skip2>{SKIP_SRC})|(?P<vague>{VAGUE_SRC})"
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
    r"|(?P<sep2>\s?)(?P<a>bn|bln|mn|mln|mlrd|tn|trn|trln|m|k)\b",
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
RIGHT_HEDGE_RE = re.compile(
    r"(?P<h>-plus\b|\+(?![\w\d])|\s+or\s+(?:more|so|fewer|less)\b|\s+plus\b|-odd\b|\s+odd\b)", re.I
)
_RIGHT_QUAL = {"-plus": "at_least", "+": "at_least", "plus": "at_least", "or more": "at_least",
               "or so": "approx", "or fewer": "at_most", "or less": "at_most",
               "-odd": "approx", "odd": "approx"}

TOKEN_RE = re.compile(r"\s*(?:(?P<w>(?:[A-Z]\.){2,}|[^\W\d_][\w'’]*(?:-[\w'’]+)*)|(?P<p>\S))")
PAREN_SKIP_RE = re.compile(r"\s*\([^()]{0,60}\)|\s*\)")
YEAR_RE = re.compile(r"\d{4}")
_OF_DETERMINERS = frozenset({"the", "its", "their", "these", "those", "his", "her", "our"})


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
    elif kind == "aunit":
        value = 1.0
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
    if e.extras.pop("range_pct", False) and not e.percent:
        e.percent = True
    if e.kind != "frac" and not e.percent and e.currency is None:
        m = U.CURRENCY_SUFFIX_RE.match(body, e.end, qe)
        if m:
            code = U.currency_code(re.sub(r"^[\s-]?(?:of\s+)?", "", m.group(), flags=re.I))
            ambiguous = m.group().strip().lower() in U.AMBIGUOUS_CURRENCY_NAMES
            if code and (not ambiguous or e.scale):
                e.currency, e.end = code, m.end()
    if e.kind in ("digits", "words", "aunit") and e.currency is None and not e.percent:
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
    if word == "k" and not m.group("sep2"):
        pass  # "7k troops", "$5k"
    elif word in ("m", "k"):
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
        if word not in ("m", "k") or e.currency:
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


# --- context: counted noun, triggers ----------------------------------------------


def _is_plural_like(low: str) -> bool:
    return (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
    )


@dataclass
class _Noun:
    """The counted noun right of a number, with the modifiers skipped to reach it."""

    text: str | None = None
    strong: bool = False  # found in the lexicon (not just plural-looking)
    end: int = 0
    modifiers: tuple[str, ...] = ()


def _counted_noun(body: str, pos: int, qe: int, strict: bool) -> _Noun:
    """The noun a number counts, read right of ``pos``.

    Skips a parenthetical, "of the", and up to three modifiers ("six
    ex-Soviet states", "6,000 Russian troops", "12 Mi-24 helicopters"); joins a
    singular noun to the next ("border guards", "member states"). ``strict``
    accepts lexicon nouns only.
    """
    m = PAREN_SKIP_RE.match(body, pos, qe)
    if m:
        pos = m.end()
    found: _Noun | None = None
    mods: list[str] = []
    for n in range(7):
        tm = TOKEN_RE.match(body, pos, qe)
        if not tm or tm.group("p"):
            break
        word = tm.group("w")
        low = word.lower()
        lex = low in U.PEOPLE_NOUNS or low in U.IRREGULAR_COUNT_NOUNS or low in U.ORG_MEMBER_NOUNS
        plural = _is_plural_like(low) and low not in U.STOP and low not in U.NOT_COUNTED
        noun = lex or (not strict and plural)
        if found is not None:
            if noun and low not in U.STOP and not _is_plural_like(found.text.lower()):
                return _Noun(f"{found.text} {word}", found.strong or lex, tm.end(), found.modifiers)
            break
        pos = tm.end()
        if low == "of" and n == 0:
            continue
        if low in _OF_DETERMINERS and n == 1:
            continue
        if low in U.STOP or low in U.NOT_COUNTED:
            break
        if noun:
            found = _Noun(word, lex, pos, tuple(mods))
            continue
        mods.append(word)
        if len(mods) > 3:
            break
    return found or _Noun()


_LIST_GAP_RE = re.compile(
    r"[\w\s'’-]{0,40}?(?:[,:]\s*(?:and\s+|including\s+|among\s+them\s+)?|\s+and\s+|\s+or\s+"
    r"|\s+including\s+)$"
)
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+)?$", re.I)
_CONVERSION_GAP_RE = re.compile(r"\s*[(\[]\s*(?:or\s+)?$|\s*,\s*or\s+$")
_OF_WHICH_RE = re.compile(r"\s+of\s+(?:which|whom|them)\b", re.I)
_LEFT_NOUN_BEFORE_COMMA_RE = re.compile(r"(?:(?P<mods>[\w-]+)\s+)?(?P<n>[\w-]+),\s*$")
_CLAUSE_BREAK_RE = re.compile(r"[,;:]|\band\b|\bbut\b|\bwhile\b")
_TO_GAP_RE = re.compile(r"\s+to\s+")
_BY_FROM_LEFT_RE = re.compile(r"\b(?:by|from)\s+(?:(?:about|around|some|nearly|almost|over|more\s+than)\s+)?$", re.I)
_SINGULAR_FRACTION_NEXT_RE = re.compile(
    r"\s+(?:of|the|a|an|will|would|is|was|are|were|has|have|had|must|should|could|can|may|go|went)\b"
    r"|\s*[,.;:)]|\s*$",
    re.I,
)
_FUTURE_RE = re.compile(r"\b(?:will|would|shall|could|might|going\s+to|expected\s+to|set\s+to)\b|'ll\b", re.I)


def _nearest_trigger(c: "_Ctx", e: "_Expr", noun_end: int | None) -> str | None:
    """Category of the trigger word nearest the number, within its clause window.

    Distance is in characters; crossing a comma or "and" costs 25 more, so
    "one died and two were injured" reads "two" as injured. When a counted
    noun follows, a trigger right of it must be its own predicate (within 20
    characters: "12 soldiers were killed"), not a later verb.
    """
    best, best_d = None, 60
    for ts, te, cat in c.triggers:
        if te <= e.start and ts >= c.lo:
            d, gap = e.start - te, (te, e.start)
        elif ts >= e.end and te <= c.hi:
            anchor = max(e.end, noun_end or 0)
            if ts < anchor:
                d, gap = 0, (e.end, e.end)  # the noun is the trigger: "26 injured"
            else:
                d, gap = ts - anchor, (anchor, ts)
                if noun_end and d > 20:
                    continue
        else:
            continue
        if _CLAUSE_BREAK_RE.search(c.body, *gap):
            d += 25
        if d < best_d:
            best, best_d = cat, d
    return best


def _is_person(noun: _Noun) -> bool:
    if noun.text is None:
        return True
    if any(any(ch.isdigit() for ch in m) for m in noun.modifiers):
        return False  # "Su-30SM fighters" are aircraft
    last = noun.text.split()[-1]
    low = last.lower()
    if low in U.PEOPLE_NOUNS:
        return True
    return last[:1].isupper() and last.isalpha() and _is_plural_like(low)


# --- typing -----------------------------------------------------------------------


class _Sentence:
    """A sentence with its trigger words and currencies, computed on first use."""

    def __init__(self, body: str, qs: int, qe: int, para_start: int, ticker_base):
        self.body, self.qs, self.qe, self.para_start = body, qs, qe, para_start
        self.ticker_base = ticker_base
        self.border_done = False
        self._triggers: list | None = None
        self._codes: list | None = None

    @property
    def triggers(self) -> list:
        if self._triggers is None:
            self._triggers = [(t.start(), t.end(), t.lastgroup)
                              for t in U.TRIGGER_RE.finditer(self.body, self.qs, self.qe)]
        return self._triggers

    @property
    def currencies(self) -> list:
        """``(code, start, end)`` of every currency named in the sentence."""
        if self._codes is None:
            found = ((U.currency_code(re.sub(r"\s+", " ", m.group())), m.start(), m.end())
                     for m in U.CURRENCY_ANYWHERE_RE.finditer(self.body, self.qs, self.qe))
            self._codes = [f for f in found if f[0]]
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


Typed = tuple  # (property, unit, counted, confidence)


def _classify(e: _Expr, c: _Ctx) -> Typed | None:
    """``(property, unit, counted, confidence)`` for ``e``, or None to skip it."""
    body, qs, qe = c.body, c.qs, c.qe
    after = e.end
    left = body[max(qs, e.start - 40):e.start]
    if e.kind == "aunit":  # "less than a week": only with a hedge
        if e.hedge is None or e.unit is None:
            return None
        return "duration", e.unit, None, 0.8
    if e.kind == "frac" or e.percent:
        if e.extras.get("percentage_points"):
            return None
        if e.kind == "frac":
            raw = e.raw.lower()
            plural = raw.endswith("s") and not raw.endswith("halves")
            if raw == "half":
                if not re.match(r"\s+(?:of|the)\b", body[after:after + 6], re.I) or \
                        re.search(r"\b(?:first|second|last|latter|other)\s*$", left, re.I):
                    return None
            elif not (plural or e.hedge or _SINGULAR_FRACTION_NEXT_RE.match(body, after, qe)):
                return None
        return "share", "fraction", None, 0.9
    if e.currency:
        if not e.scale and e.value < 1e4:
            unit = _rate_unit(e, c)
            if unit:
                return "exchange_rate", unit, None, 0.8
        return "monetary_amount", e.currency, None, 0.9
    if e.unit in U.KM_PER:
        return _classify_length(e, c)
    if e.unit is not None:
        return _classify_duration(e, c, left)
    if e.compound:
        noun = _counted_noun(body, after, qe, strict=False)
        if e.compound in U.TROOP_COMPOUNDS:
            return "troop_count", "person", noun.text, 0.9
        if e.compound in U.MEMBER_COMPOUNDS:
            return "member_count", "count", noun.text, 0.85
        return "count", "count", noun.text or e.compound, 0.7
    m = U.RATE_RIGHT_RE.match(body, after, qe)
    if m and not e.scale and e.kind == "digits":
        priced = U.currency_code(m.group("c"))
        unit = next((k for k, _, _ in c.sent.currencies if k != priced), "XXX")
        return "exchange_rate", unit, None, 0.75
    if e.kind == "digits" and U.NAMING_LEFT_RE.search(left):
        return None
    low_raw = e.raw.lower()
    if low_raw == "one" and (re.match(r"\s+(?:of|another|by|day|time|way)\b", body[after:after + 9], re.I)
                             or re.search(r"\bno\s*$", left, re.I)):
        return None
    noun = _counted_noun(body, after, qe, strict=(low_raw == "one"))
    if noun.text is None and not e.hedge and _OF_WHICH_RE.match(body, after, qe):
        lm = _LEFT_NOUN_BEFORE_COMMA_RE.search(body, max(qs, e.start - 50), e.start)
        if lm:
            mods = (lm.group("mods").lower(),) if lm.group("mods") else ()
            noun = _Noun(lm.group("n"), lm.group("n").lower() in U.PEOPLE_NOUNS, e.end, mods)
    if noun.text is None:
        lm = None
        for lm in U.LEFT_NOUN_RE.finditer(body, max(c.lo, e.start - 80), e.start):
            pass
        for word in (lm.group("n") or lm.group("n2") or "").split() if lm else ():
            lw = word.lower()
            if lw in U.PEOPLE_NOUNS or lw in U.IRREGULAR_COUNT_NOUNS or _is_plural_like(lw):
                noun = _Noun(word, lw in U.PEOPLE_NOUNS, e.end)
                break
    if e.kind == "digits" and _looks_like_year(e) and (not noun.strong or U.DATE_PREP_RE.search(left)):
        return None
    if e.kind == "words" and e.value <= 3 and re.search(r"\b(?:the|their|both)\s*$", left, re.I):
        return None  # anaphora: "the two countries", "the three men"
    if U.AGE_RIGHT_RE.match(body, after, qe) or U.AGE_LEFT_RE.search(left):
        return None
    trig = _nearest_trigger(c, e, noun.end if noun.text and noun.end > e.end else None)
    person = _is_person(noun)
    counted = noun.text
    low_noun = (counted or "").lower()
    last = low_noun.split()[-1] if counted else ""
    if last in U.FATAL_NOUNS:
        return "fatalities", "person", counted, 0.85
    if trig == "fatal" and person:
        return "fatalities", "person", counted, 0.9 if counted else 0.8
    if trig in ("injured", "detained") and person:
        return "count", "person", counted or _trigger_word(c, e), 0.85
    if counted is None:
        if trig == "troop":
            return "troop_count", "person", None, 0.7
        return None
    mods_low = [m.lower() for m in noun.modifiers]
    phrase = f"{mods_low[-1]} {last}" if mods_low else low_noun
    if low_noun in U.TROOP_PHRASES or phrase in U.TROOP_PHRASES or (
        person and (last in U.TROOP_NOUNS or set(mods_low) & U.MILITARY_MODIFIERS)
    ):
        return "troop_count", "person", counted, 0.9 if noun.strong else 0.75
    if last in U.ORG_MEMBER_NOUNS and (
        ("member" in low_noun and last != "members")
        or (last == "members" and any(m[:1].isupper() for m in noun.modifiers))
        or U.MEMBER_CTX_RE.search(body, max(c.lo, e.start - 45), e.start)
    ):
        return "member_count", "count", counted, 0.8
    if last in U.GENERIC_PERSON_NOUNS and (
        trig == "troop" or U.TROOP_CTX_RE.search(body, max(c.lo, e.start - 50), e.start)
    ):
        return "troop_count", "person", counted, 0.75
    conf = 0.85 if noun.strong else 0.7
    e.extras["basis"] = "noun"  # a plain count: a listed neighbour's reading may override it
    return "count", ("person" if person else "count"), counted, conf


def _classify_duration(e: _Expr, c: _Ctx, left: str) -> Typed | None:
    body = c.body
    if U.AGE_RIGHT_RE.match(body, e.start + len(e.raw), c.qe):
        return None
    framed = U.DURATION_VERB_LEFT_RE.search(left)
    if not framed and (U.RELATIVE_LEFT_RE.search(left) or U.RELATIVE_RIGHT_RE.match(body, e.end, c.qe)):
        return None
    if e.raw.lower() == "one" and not framed:
        return None
    if re.search(r"\bin\s+$", left, re.I) and _FUTURE_RE.search(body, c.qs, e.start):
        return None  # "will begin leaving in two days": a point in time
    if e.hedge == "over" and not re.search(r"\b(?:for|of|in|after|lasted|lasting)\s+over\s*$", left, re.I):
        e.hedge, e.qualifier = None, "exact"  # "repaid over 20 years": spread across
    return "duration", e.unit, None, 0.9


def _trigger_word(c: _Ctx, e: _Expr) -> str | None:
    best, best_d = None, 10**9
    for ts, te, cat in c.triggers:
        d = e.start - te if te <= e.start else ts - e.end
        if cat in ("injured", "detained") and 0 <= d < best_d:
            best, best_d = c.body[ts:te].lower(), d
    return best


def _looks_like_year(e: _Expr) -> bool:
    """A bare four-digit number 1000-2100 ("1992", "1992-97", "2014-2015")."""
    return bool(YEAR_RE.fullmatch(e.raw)) and 1000 <= parse_digits(e.raw) <= 2100


def _rate_unit(e: _Expr, c: _Ctx) -> str | None:
    """The quoting currency if ``e`` (a currency amount) is an exchange rate, else None.

    A rate is "USD/RUB 91.35" (unit: the code after the slash), a number
    before "to/per/against the dollar", or an amount in a sentence that names
    another currency and reads like a rate (tickers: "TJS: USD 10.92, EUR
    11.87"; "the dollar was selling for 11.3 somoni").
    """
    body = c.body
    if e.start >= 4 and body[e.start - 1] == "/" and body[e.start - 4:e.start - 1].isupper():
        return e.currency
    if U.RATE_RIGHT_RE.match(body, e.end, c.qe):
        return e.currency
    codes = c.sent.currencies
    others = [k for k in codes if k[0] != e.currency]
    if not others:
        return None
    pairs = len(U.CODE_NUMBER_RE.findall(body, c.qs, c.qe))
    if pairs < 2 and not U.RATE_CTX_RE.search(body, c.qs, c.qe):
        return None
    prefixed = body[e.start:e.start + 3] == body[e.start:e.start + 3].upper() and body[e.start:e.start + 3].isalpha()
    if not prefixed:
        return e.currency  # "the dollar was selling for 11.3 somoni"
    # "USD 10.92" in a rate list: quoted in the currency not attached to a number.
    attached = {body[s:s + 3] for s in (m.start() for m in U.CODE_NUMBER_RE.finditer(body, c.qs, c.qe))}
    for code, s, _ in codes:
        if body[s:s + 3] not in attached and code != e.currency:
            return code
    return c.sent.ticker_base or None


def _classify_length(e: _Expr, c: _Ctx) -> Typed:
    body, qs, qe = c.body, c.qs, c.qe
    right_pos = e.end
    m = PAREN_SKIP_RE.match(body, right_pos, qe)
    if m:
        right_pos = m.end()
    if U.BORDER_RIGHT_RE.match(body, right_pos, qe) and not U.DISTANCE_RIGHT_RE.match(body, right_pos, qe):
        return "border_length", e.unit, None, 0.9
    if U.DISTANCE_RIGHT_RE.match(body, right_pos, qe):
        return "distance", e.unit, None, 0.85
    bm = None
    for bm in U.BORDER_RE.finditer(body, qs, e.start):
        pass
    if bm is not None and not c.sent.border_done and not U.BORDER_PART_RE.search(body, bm.start(), e.start):
        return "border_length", e.unit, None, 0.8
    if U.LENGTH_CTX_RE.search(body, qs, qe) and U.BORDER_RE.search(body, c.para_start, qs):
        return "border_length", e.unit, None, 0.7
    return "distance", e.unit, None, 0.85


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
        return q, _r(v * (1 - APPROX_TOLERANCE)), _r(v * (1 + APPROX_TOLERANCE)), True, True
    if q == "at_least":
        return q, v, None, True, True
    if q == "more_than":
        return q, v, None, False, True
    if q in ("at_most", "up_to"):
        return q, None, v, True, True
    if q == "less_than":
        return q, None, v, True, False
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


def _inherit(body: str, exprs: list[_Expr], typed: list) -> None:
    """Give untyped numbers the reading of a neighbour they are listed with.

    "killed 12 soldiers and three civilians" (list: from the left),
    "Eight of the 18 people killed" (partitive: from the right),
    "971 km (603 miles)" (conversion in brackets: from the left).
    """
    for i, e in enumerate(exprs):
        if i and typed[i - 1] is not None:
            prev, prop = exprs[i - 1], typed[i - 1][0]
            gap_conv = _CONVERSION_GAP_RE.fullmatch(body, prev.end, e.start)
            if gap_conv and prop in ("border_length", "distance") and e.unit in U.KM_PER:
                typed[i] = (prop, e.unit, None, typed[i - 1][3])
                continue
            weak = typed[i] is None or (e.extras.get("basis") == "noun" and typed[i][1] == "person")
            if weak and _LIST_GAP_RE.fullmatch(body, prev.end, e.start) and prop in (
                "fatalities", "troop_count", "count"
            ) and typed[i - 1][1] == "person" and not (e.unit or e.currency or e.percent
                                                                    or e.kind == "frac"):
                own = typed[i][2] if typed[i] else None
                typed[i] = (prop, "person", own or (typed[i - 1][2] if prop == "count" else None), 0.7)
        # "rose by 12 to 36", "fell from 40 to 36": the bare "to N" is the new level
        # of the same quantity, so it takes its neighbour's reading.
        generic = typed[i] is None or (typed[i][0] == "count" and typed[i][1] == "person")
        if (i and generic and typed[i - 1] is not None and e.kind in ("digits", "words")
                and _TO_GAP_RE.fullmatch(body, exprs[i - 1].end, e.start)
                and _BY_FROM_LEFT_RE.search(body, max(0, exprs[i - 1].start - 24), exprs[i - 1].start)):
            typed[i] = typed[i - 1][:3] + (0.75,)
            if re.search(r"\bfrom\s+\S*\s*$", body[max(0, exprs[i - 1].start - 24):exprs[i - 1].start], re.I):
                exprs[i - 1].extras["previous_level"] = True  # "from 24 to 36": 24 was the level before
    for i in range(len(exprs) - 2, -1, -1):
        e, nxt = exprs[i], exprs[i + 1]
        if typed[i] is None and typed[i + 1] is not None and e.kind in ("digits", "words") \
                and e.raw.lower() != "one" \
                and _PARTITIVE_RE.fullmatch(body, e.end, nxt.start):
            typed[i] = typed[i + 1][:3] + (0.75,)


def extract_claims(body: str) -> list[Claim]:
    """Every numeric claim in ``body``, ordered by start (see the module docstring)."""
    if has_traps(body):  # "ſ", "ı"...: match on a same-length ASCII twin, quote the original
        return [dataclasses.replace(c, quote=body[c.quote_start:c.quote_end])
                for c in _extract_claims(ascii_twins(body))]
    return _extract_claims(body)


def _extract_claims(body: str) -> list[Claim]:
    claims: list[Claim] = []
    para_starts = [ps for ps, _ in split_paragraphs(body)]
    pi = 0
    bm = U.TICKER_BASE_RE.search(body)
    ticker_base = bm.group("c") if bm else None
    for qs, qe in split_sentences(body):
        while pi + 1 < len(para_starts) and para_starts[pi + 1] <= qs:
            pi += 1
        if qe - qs <= 40 and U.TICKER_RE.fullmatch(body, qs, qe):
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
        sent = _Sentence(body, qs, qe, para_starts[pi] if para_starts else 0, ticker_base)
        ctxs, typed = [], []
        for i, e in enumerate(exprs):
            ctx = _Ctx(sent, exprs[i - 1].end if i else qs,
                       exprs[i + 1].start if i + 1 < len(exprs) else qe)
            t = _classify(e, ctx)
            if t and t[0] == "border_length":
                sent.border_done = True
            ctxs.append(ctx)
            typed.append(t)
        _inherit(body, exprs, typed)
        for e, ctx, t in zip(exprs, ctxs, typed):
            if t is not None:
                claims.append(_claim(e, ctx, *t))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims
