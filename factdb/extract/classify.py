"""Typing a number expression: which property it states, in what unit, counting what.

:func:`_classify` reads one :class:`~factdb.extract.expressions._Expr` in its
sentence (:class:`_Ctx`) and returns ``(property, unit, counted, confidence)``
or None to skip it; :func:`_inherit` then gives untyped numbers the reading
of a neighbour they are listed with. The rules are documented in
``docs/extraction.md``.
"""

from __future__ import annotations

import re

from factdb.extract import units as U
from factdb.extract.expressions import _Expr
from factdb.extract.nouns import PAREN_SKIP_RE, _counted_noun, _is_person, _is_plural_like, _Noun
from factdb.extract.numbers import parse_digits
from factdb.extract.quantities import OIL_PRICE_RE, PER_UNIT_ANYWHERE_RE, per_unit

YEAR_RE = re.compile(r"\d{4}")


_LIST_GAP_RE = re.compile(
    r"[\w\s'’-]{0,40}?(?:[,:]\s*(?:and\s+|including\s+|among\s+them\s+)?|\s+and\s+|\s+or\s+"
    r"|\s+including\s+)$"
)
_PARTITIVE_RE = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+)?(?:[\w-]+['’]s\s+)?$", re.I)
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


def _nearest_trigger(c: "_Ctx", e: "_Expr", noun_end: int | None, strict: bool = False) -> str | None:
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
            if strict:
                continue
            d += 25
        if d < best_d:
            best, best_d = cat, d
    return best


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
        if U.SUPERLATIVE_SPAN_LEFT_RE.search(body, max(qs, e.start - 90), e.start):
            return None  # "the biggest decision in more than a decade": relative time
        return "duration", e.unit, None, 0.8
    if e.qunit:  # a unit pint read: "3,600-MW", "0.5 percentage point", "55 bcm a year"
        if re.search(r"\bper\s*$", left, re.I):
            return None  # "$50 per 1,000 cubic metres": the denominator of a price
        flow = _FLOW_LEFT_RE.search(left)
        if flow and "/" not in e.qunit and _FLOW_UNIT_RE.search(e.qunit):
            # "annual exports of up to 68 billion cubic metres", "daily output of 1.2 million barrels"
            return "quantity", f"{e.qunit}/{'day' if flow.group('d') else 'year'}", None, 0.8
        return "quantity", e.qunit, None, 0.8
    if e.kind == "frac" or e.percent:
        if e.kind != "frac" and not _percent_is_share(e, c):
            return "quantity", "percent", None, 0.85
        if e.kind == "frac":
            raw = e.raw.lower()
            plural = raw.endswith("s") and not raw.endswith("halves")
            if raw == "half":
                if not re.match(r"\s+(?:of|the|its|their|his|her|(?-i:[A-Z])[\w-]*['’]s)\b", body[after:after + 40], re.I) or \
                        re.search(r"\b(?:first|second|last|latter|other)\s*$", left, re.I):
                    return None
            elif not (plural or e.hedge or _SINGULAR_FRACTION_NEXT_RE.match(body, after, qe)):
                return None
        return "share", "fraction", None, 0.9
    if e.currency:
        if e.value == 1 and not e.scale and (U.BASE_ONE_LEFT_RE.search(left) or U.BASE_ONE_RIGHT_RE.match(body, after, qe)):
            return None  # "300 tenges to $1": the base of a rate, not an amount
        if not e.scale and e.value < 1e4:
            unit = _rate_unit(e, c)
            if unit:
                return "exchange_rate", unit, None, 0.8
            per = _price_unit(e, c)
            if per:
                return "quantity", f"{e.currency}/{per}", None, 0.8
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
        priced = U.currency_code(m.group("c")) if m.group("c") else ("EUR" if "€" in m.group("one") else "USD")
        unit = next((k for k, _, _ in c.sent.currencies if k != priced), "XXX")
        return "exchange_rate", unit, None, 0.75
    if e.kind == "digits" and U.NAMING_LEFT_RE.search(left):
        return None
    if e.kind == "digits" and not e.scale and (_VOTE_AFTER_RE.match(body, after, qe) or (
            _VOTE_SECOND_RE.search(left) and _VOTE_NOUN_AFTER_RE.match(body, after, qe))):
        return "count", "count", "votes", 0.75  # "passed in a 311-112 vote": the votes on each side
    if e.kind == "digits" and not e.hedge and re.search(r"\bthe\s*$", left, re.I) and _UNIT_NAME_RE.match(body, after, qe):
        return None  # "the 16 Bihar regiment": a number in a unit's name
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
    if noun.text is None and U.POPULATION_LEFT_RE.search(left):
        return "count", "person", "population", 0.8  # "a population of 8 million"
    if noun.text is None and U.MEMBERS_TO_LEFT_RE.search(left):
        return "member_count", "count", "members", 0.75  # "raising its member states to 28"
    vm = U.VOTE_RIGHT_RE.match(body, after, qe) if noun.text is None else None
    if vm and re.search(r"abstain|voted", vm.group(), re.I):
        return "count", "person", None, 0.7  # "two abstained": people voting
    if noun.text is None and (vm or U.VOTE_LEFT_RE.search(left)):
        return "count", "count", "votes", 0.7  # "voted by 78 to one", "6 against"
    if e.kind == "words" and e.value <= 3 and re.search(r"\b(?:the|their|both)\s*$", left, re.I):
        return None  # anaphora: "the two countries", "the three men"
    if U.AGE_RIGHT_RE.match(body, after, qe) or U.AGE_LEFT_RE.search(left) or (
            e.kind == "digits" and 16 <= e.value <= 110 and U.AGE_APPOSITION_LEFT_RE.search(left)
            and U.AGE_APPOSITION_RIGHT_RE.match(body, after, qe)):
        return "quantity", "year", None, 0.75  # an age: "the 63-year-old", "Rahmon, 70,"
    if e.kind in ("digits", "words", "fold") and (
            e.kind == "fold" or U.FOLD_RE.match(body, after, qe) or U.TIMES_RE.match(body, after, qe)):
        return "quantity", "dimensionless", None, 0.75  # "threefold", "2.5 times more"
    trig = _nearest_trigger(c, e, noun.end if noun.text and noun.end > e.end else None)
    person = _is_person(noun)
    counted = noun.text
    low_noun = (counted or "").lower()
    last = low_noun.split()[-1] if counted else ""
    if last in U.FATAL_NOUNS:
        return "fatalities", "person", counted, 0.85
    if trig == "fatal" and person:
        return "fatalities", "person", counted, 0.9 if counted else 0.8
    if trig in ("injured", "detained") and person and last in U.TROOP_NOUNS and \
            _nearest_trigger(c, e, noun.end if noun.end > e.end else None, strict=True) is None:
        trig = None  # "..., 100 were arrested, upwards of 2,000 troops": a force, not detainees
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
    if last in U.ORG_MEMBER_NOUNS and U.MEMBERS_OF_RE.match(body, noun.end, qe):
        return "member_count", "count", counted, 0.8  # "the 32 members of the alliance"
    if last in U.SPORT_NOUNS:
        return "quantity", "count", counted, 0.7  # "scored 27 points"
    if last in U.ORG_MEMBER_NOUNS and (
        ("member" in low_noun and last != "members")
        or ("member" in low_noun and U.HAS_LEFT_RE.search(body, max(c.lo, e.start - 30), e.start))  # "has 161 members"
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
        return "quantity", "year", None, 0.75  # "a 63-year-old": an age
    if _FORWARD_WINDOW_RE.search(left):
        return None  # "for the next 30 years", "in the coming two years": a window from now (docs/annotation.md §1)
    framed = U.DURATION_VERB_LEFT_RE.search(left)
    if not framed and (U.RELATIVE_LEFT_RE.search(left) or U.RELATIVE_RIGHT_RE.match(body, e.end, c.qe)):
        return None
    if e.raw.lower() == "one" and not framed:
        return None
    if U.SUPERLATIVE_SPAN_LEFT_RE.search(body, max(c.qs, e.start - 90), e.start):
        return None  # "its most significant decision in more than a decade": relative time
    if re.search(r"\bin\s+$", left, re.I) and _FUTURE_RE.search(body, c.qs, e.start):
        return None  # "will begin leaving in two days": a point in time
    if e.hedge == "over" and not re.search(r"\b(?:for|of|in|after|lasted|lasting)\s+over\s*$", left, re.I):
        e.hedge, e.qualifier = None, "exact"  # "repaid over 20 years": spread across
    return "duration", e.unit, None, 0.9


_SHARE_LEFT_RE = re.compile(
    r"\b(?:stakes?|shares?|turnout|unemployment|jobless|account(?:s|ed|ing)?\s+for|make(?:s)?\s+up|made\s+up"
    r"|own(?:s|ed)?|hold(?:s)?|held|controls?|won|receiv(?:es|ed)|majority|minority|proportion|portion|part)\b[^.;]{0,30}$",
    re.I,
)
_SHARE_RIGHT_RE = re.compile(r"\s*(?:stake|share|holding|interest|majority|turnout|of\b)", re.I)
_RATE_LEFT_RE = re.compile(
    r"\b(?:growth|grow|grew|rates?|inflation|interest|yields?|tariffs?|tax|vat|rose|rise[ns]?|rising|fell|falls?|fallen"
    r"|falling|dropped|drops?|declined?|declining|increased?|decreased?|jumped|climbed|plunged|slumped|surged|soared"
    r"|gained|lost|up|down|higher|lower|cut|raised|hiked|devalued|weakened|strengthened|average)\b",
    re.I,
)


# windows anchored to now; "over the next five years" stays a term (the sentence set reads it so)
_FORWARD_WINDOW_RE = re.compile(
    r"\b(?:for|in|within|during|throughout)\s+the\s+(?:next|coming|following|upcoming)\s+(?:(?:few|several)\s+)?$", re.I)
_FLOW_LEFT_RE = re.compile(
    r"\b(?:(?P<y>annual|annually|yearly|a\s+year)|(?P<d>daily|a\s+day|per\s+day))\s+(?:[\w-]+\s+){0,2}?(?:of\s+)?"
    r"(?:(?:up\s+to|about|around|some|nearly|almost|more\s+than|over|at\s+least)\s+)?$", re.I)
_FLOW_UNIT_RE = re.compile(r"barrel|cubic_meter|metric_ton|watt_hour")
_VOTE_AFTER_RE = re.compile(r"\s?[-–]\s?\d[\d,]*\s+(?:vote|votes|majority|decision|ruling|tally)\b", re.I)
_VOTE_SECOND_RE = re.compile(r"\d\s?[-–]\s?$")
_VOTE_NOUN_AFTER_RE = re.compile(r"\s+(?:vote|votes|majority|decision|ruling|tally)\b", re.I)
# a unit's name with its number: "the 16 Bihar regiment", "the 101 Airborne Division"
_UNIT_NAME_RE = re.compile(
    r"\s+(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*)){0,2}\s+(?:regiment|brigade|division|battalion|corps|army|squadron"
    r"|fleet|rifles|infantry|guards?|battery|wing)\b", re.I)
_SHARE_OF_WHICH_RE = re.compile(r"\bof\s+(?:which|whom|them|these|those|it|that)\s*,?\s*(?:about|some|around|nearly|almost|over|more\s+than|less\s+than|only|just)?\s*$", re.I)


def _percent_is_share(e: _Expr, c: _Ctx) -> bool:
    """A percentage is a share of a whole ("47 percent of GDP", "a 51% stake", "turnout of 60%"),
    not a rate or a change ("inflation of 7.4%", "fell 12%", "growth of 5.5% of GDP")."""
    body = c.body
    left = body[max(c.qs, e.start - 60):e.start]
    right = _SHARE_RIGHT_RE.match(body, e.end, c.qe)
    if _SHARE_OF_WHICH_RE.search(left):
        return True  # "$688 million, of which 85 percent came from Russian exports": a part of the named whole
    if right and right.group().strip().lower() == "of":
        tail = body[right.end():min(c.qe, right.end() + 40)]
        if re.match(r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}average\b", tail, re.I):
            return False
        return not _RATE_LEFT_RE.search(_clause_left(left))
    if right or _SHARE_LEFT_RE.search(left):
        return True
    return False


def _clause_left(left: str) -> str:
    cut = max(left.rfind(","), left.rfind(";"), left.rfind("("))
    return left[cut + 1:] if cut >= 0 else left


def _price_unit(e: _Expr, c: _Ctx) -> str | None:
    """The physical unit a small money amount is a price of ("$80 a barrel"; "$47" in a sentence on crude)."""
    body = c.body
    got = per_unit(body, e.end, c.qe)
    if got:
        return got[0]
    sentence = body[c.qs:c.qe]
    for m in PER_UNIT_ANYWHERE_RE.finditer(sentence):
        got = per_unit(sentence, m.start(), len(sentence))
        if got:
            return got[0]
    if e.currency == "USD" and OIL_PRICE_RE.search(sentence) and not re.search(
            r"\b(?:loans?|aid|budget|deal|investment|revenues?|exports?|imports?|debt|GDP)\b", sentence, re.I):
        return "barrel"
    return None


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
