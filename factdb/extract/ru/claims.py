"""Numeric claims from Russian-language news text.

:func:`extract_claims_ru` is the Russian twin of
:func:`factdb.extract.claims.extract_claims`: pure, deterministic, same
guarantees (spans, quotes, vocabularies, order), same :class:`Claim` records
and the same properties and units, so a Russian article's claims are queried
exactly like an English one's. Numbers are read by
:mod:`factdb.extract.ru.numbers`; this module decides what each one counts.
The rules are documented in docs/extraction.md ("Russian-language articles").
"""

from __future__ import annotations

import re

from factdb.extract.claims import _claim
from factdb.extract.expressions import _Expr
from factdb.extract.ru import lexicon as L
from factdb.extract.ru.morph import cases, lemmas, pos
from factdb.extract.ru.numbers import Tok, _Num, left_hedge, read_number, read_vague, tokenize
from factdb.extract.sentences import split_paragraphs, split_sentences
from factdb.records import Claim

_DASHES = frozenset("-–—")
_CLAUSE_PUNCT = frozenset(",;:()—–«»\"")
_PARTITIVE = (("из", "них"), ("из", "которых"), ("в", "том", "числе"), ("включая",), ("среди", "них"))


class _Sent:
    """One sentence: its tokens and the cue words found in it (by lemma)."""

    def __init__(self, body: str, qs: int, qe: int, para_start: int):
        self.body, self.qs, self.qe, self.para_start = body, qs, qe, para_start
        self.toks = tokenize(body, qs, qe)
        self.lems = [t.lem for t in self.toks]
        self.lemset = set(self.lems)
        self.cues: list[tuple[int, str]] = []  # (token index, category)
        for k, t in enumerate(self.toks):
            ls = lemmas(t.low) if t.word else frozenset()
            if ls & L.FATAL_CUES:
                self.cues.append((k, "fatal"))
            elif ls & L.INJURED_CUES:
                self.cues.append((k, "injured"))
            elif ls & L.DETAINED_CUES:
                self.cues.append((k, "detained"))


class _Ctx:
    """What :func:`factdb.extract.claims._claim` needs to know about the sentence."""

    def __init__(self, sent: _Sent):
        self.body, self.qs, self.qe = sent.body, sent.qs, sent.qe


def extract_claims_ru(body: str) -> list[Claim]:
    """Every numeric claim in the Russian text ``body``, ordered by start."""
    claims: list[Claim] = []
    para_starts = [ps for ps, _ in split_paragraphs(body)]
    pi = 0
    for qs, qe in split_sentences(body):
        while pi + 1 < len(para_starts) and para_starts[pi + 1] <= qs:
            pi += 1
        sent = _Sent(body, qs, qe, para_starts[pi] if para_starts else 0)
        found = _expressions(sent)
        typed = [_classify(sent, e, info) for e, info in found]
        _inherit(sent, found, typed)
        ctx = _Ctx(sent)
        for (e, _info), t in zip(found, typed):
            if t is not None:
                claims.append(_claim(e, ctx, *t))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


# --- finding expressions -------------------------------------------------------------------


class _Info:
    """Token positions of one expression: first token (hedge excluded) and the one after it."""

    __slots__ = ("first", "after", "unit_kind", "num")

    def __init__(self, first: int, after: int, num: _Num):
        self.first, self.after, self.num = first, after, num
        self.unit_kind: str | None = None  # length | duration | quantity | None


def _expressions(sent: _Sent) -> list[tuple[_Expr, _Info]]:
    toks, body = sent.toks, sent.body
    out: list[tuple[_Expr, _Info]] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        num = None
        comp = _compound(sent, i)
        if comp is not None:
            out.append(comp)
            i = comp[1].after
            continue
        if t.digits:
            if _glued(body, t) or _is_date_or_name(sent, i):
                i += 1
                continue
            num = read_number(body, toks, i)
        elif t.word:
            frac = _fraction(sent, i + 1) if i + 1 < len(toks) else None
            if frac is not None and frac.start == t.start:
                num = frac  # "две трети": the fraction, not "две"
            else:
                num = read_vague(toks, i) or read_number(body, toks, i)
            if num is not None and num.kind == "words" and _is_date_or_name(sent, i, words=True):
                num = None
        if num is None and t.word:
            num = _fraction(sent, i) or _multiplicative(sent, i)
        if num is None:
            i += 1
            continue
        e, info = _build(sent, i, num)
        if e is None:
            i = max(num.next, i + 1)
            continue
        out.append((e, info))
        i = max(info.after, i + 1)
        if e.extras.get("then") is not None:  # "с 10,5% до 17%": the second level follows
            e2, info2 = e.extras.pop("then")
            out.append((e2, info2))
            i = max(info2.after, i + 1)
    return out


_STEMS = {
    "одно": 1, "двух": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6, "семи": 7,
    "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11, "двенадцати": 12, "пятнадцати": 15,
    "двадцати": 20, "двадцатипяти": 25, "тридцати": 30, "сорока": 40, "пятидесяти": 50, "ста": 100, "полу": 0.5,
}
_SUFFIXES = {"летн": ("year", 1), "дневн": ("day", 1), "месячн": ("month", 1), "недельн": ("week", 1),
             "часов": ("hour", 1), "тысячн": ("thousand", 1e3), "миллионн": ("million", 1e6)}
_COMPOUND_RE = re.compile(
    r"(?P<n>" + "|".join(sorted(_STEMS, key=len, reverse=True)) + r")(?P<s>" + "|".join(_SUFFIXES) + r")[а-я]+$")
_DIGIT_COMPOUND_RE = re.compile(r"[-‐](?P<s>" + "|".join(_SUFFIXES) + r")[а-я]+", re.I)
_AGE_NOUNS = frozenset(
    """президент мужчина женщина житель гражданин лидер премьер-министр министр политик глава экс-президент
    военнослужащий солдат девушка юноша парень пенсионер мальчик девочка ребенок подросток""".split()
)


def _compound(sent: _Sent, i: int) -> tuple[_Expr, _Info] | None:
    """"49-летний договор", "пятилетние периоды" (durations), "63-летний президент" (an age),
    "пятитысячный контингент" (a count): a number inside a compound adjective."""
    toks, body = sent.toks, sent.body
    t = toks[i]
    if t.digits:
        m = _DIGIT_COMPOUND_RE.match(body, t.end)
        if not m or not t.text.isdigit():
            return None
        value, start, end, suffix = float(t.text), t.start, m.end(), m.group("s")
        nxt = i + 1
        while nxt < len(toks) and toks[nxt].end <= end:
            nxt += 1
    else:
        m = _COMPOUND_RE.match(t.low)
        if not m:
            return None
        value, start, end, suffix, nxt = float(_STEMS[m.group("n")]), t.start, t.end, m.group("s"), i + 1
    kind, factor = _SUFFIXES[suffix]
    e = _Expr("digits" if t.digits else "words", start, end, value, body[start:end])
    info = _Info(i, nxt, _Num(start, end, value, e.kind, False, nxt))
    h = left_hedge(toks, i)
    if h:
        e.hedge, e.qualifier = h[0], h[1]
    if kind in ("thousand", "million"):
        e.value *= factor
        e.scale = True
        return e, info  # typed by the noun after it
    noun = toks[nxt].lem if nxt < len(toks) else ""
    e.unit, e.unit_written = kind, suffix
    if kind == "year" and noun in _AGE_NOUNS:
        e.extras["qunit"] = "year"
        info.unit_kind = "quantity"  # "63-летний президент": an age
    else:
        info.unit_kind = "duration"
    e.extras["compound"] = True
    return e, info


def _fraction(sent: _Sent, i: int) -> _Num | None:
    """"половина жителей", "треть ВВП", "две трети": a part of a whole named right after it."""
    toks = sent.toks
    t = toks[i]
    base = next((L.FRACTIONS[x] for x in lemmas(t.low) if x in L.FRACTIONS), None)
    if base is None:
        return None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    changed_by = i >= 1 and toks[i - 1].low == "на" and any(
        lemmas(x.low) & L.CHANGE_LEMMAS for x in toks[max(0, i - 5):i - 1])  # "сократились на треть"
    if not changed_by and (nxt is None or not nxt.word or "gent" not in cases(nxt.low)
                           or lemmas(nxt.low) & L.NOT_A_WHOLE):
        return None
    if i >= 1 and "Anum" in str(_first_tag(toks[i - 1].low)):
        return None  # "во второй половине года"
    start, value = t.start, base
    if i >= 1 and toks[i - 1].word:
        from factdb.extract.ru.numbers import word_value

        wv = word_value(toks[i - 1])
        if wv and wv[0] == "unit" and 2 <= wv[1] <= 9:
            start, value = toks[i - 1].start, round(wv[1] / round(1 / base), 4)  # "две трети", "три четверти"
    return _Num(start, t.end, value, "frac", False, i + 1)


_MULTIPLICATIVES = {"вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5, "вшестеро": 6, "всемеро": 7,
                    "восьмеро": 8, "вдевятеро": 9, "вдесятеро": 10}


def _multiplicative(sent: _Sent, i: int) -> _Num | None:
    """"вырос вдвое", "более чем втрое": a ratio."""
    t = sent.toks[i]
    if t.low not in _MULTIPLICATIVES:
        return None
    return _Num(t.start, t.end, float(_MULTIPLICATIVES[t.low]), "words", False, i + 1)


def _first_tag(word: str):
    from factdb.extract.ru.morph import parses

    ps = parses(word)
    return ps[0].tag if ps else ""


def _glued(body: str, t: Tok) -> bool:
    """"Су-25", "G20", "№5", "201-я": a number inside a name or an ordinal."""
    before = body[t.start - 1] if t.start > 0 else " "
    if before.isalpha() or before in "№#_" or (before in "-‐" and t.start > 1 and body[t.start - 2].isalpha()):
        return True
    after = body[t.end:t.end + 2]
    if after[:1].isalpha() and not _glued_unit(body, t.end):
        return True
    return len(after) == 2 and after[0] in "-‐" and after[1].isalpha()


def _glued_unit(body: str, pos: int) -> bool:
    """"25млн", "100км", "5%": a unit or scale written without a space is fine."""
    word = ""
    for ch in body[pos:pos + 8]:
        if not ch.isalpha():
            break
        word += ch.lower()
    return word in L.SCALE_ABBR or word in ("км", "м", "т", "тыс", "млн", "млрд", "трлн")


def _is_date_or_name(sent: _Sent, i: int, words: bool = False) -> bool:
    toks = sent.toks
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    nxt2 = toks[i + 2] if i + 2 < len(toks) else None
    # "26 марта", "1-2 марта", "28 ЯНВАРЯ", "с 5 по 7 октября", "5 и 6 мая"
    if nxt is not None and nxt.low in L.MONTHS_GEN:
        return True
    k = i + 1
    while k + 1 < len(toks) and toks[k].low in ("по", "и", ",", "-", "–", "—") and toks[k + 1].digits \
            and len(toks[k + 1].text) <= 2:
        k += 2
    if k > i + 1 and k < len(toks) and toks[k].low in L.MONTHS_GEN and len(t.text) <= 2:
        return True
    if nxt is not None and nxt.text in _DASHES and nxt2 is not None and nxt2.digits and i + 3 < len(toks) \
            and toks[i + 3].low in L.MONTHS_GEN:
        return True
    if i >= 1 and toks[i - 1].low in ("№", "no") or (i >= 1 and toks[i - 1].lem in L.NAMING_LEFT
                                                      and not words and not _counted_after(toks, i + 1)):
        return True
    if words:
        return False
    if t.text.isdigit() and len(t.text) == 4 and 1000 <= int(t.text) <= 2100:
        # a year: "2015 года", "в 2008 году", "2014-2015 гг.", "с 2015-го"
        k = i + 1
        if k < len(toks) and toks[k].text in _DASHES and k + 1 < len(toks) and toks[k + 1].digits:
            k += 2
        if k < len(toks) and (toks[k].lem in L.YEAR_WORDS or toks[k].low in L.YEAR_WORDS):
            return True
        return not _counted_after(toks, i + 1)
    return False


_COUNTED_WORDS = frozenset(L.PEOPLE_NOUNS) | frozenset(L.TROOP_NOUNS) | frozenset(L.THING_NOUNS) | frozenset(L.MEMBER_NOUNS) \
    | frozenset(L.CURRENCY_LEMMAS) | frozenset(L.LENGTH_LEMMAS) | frozenset(L.QUANTITY_LEMMAS) \
    | frozenset(L.SCALES) | frozenset({"процент", "тонна", "баррель"})


def _counted_after(toks: list[Tok], j: int) -> bool:
    """A counted noun or unit within two tokens after ``j`` ("2030 человек")."""
    for t in toks[j:j + 3]:
        if t.text == "%":
            return True
        if not t.word:
            return False
        ls = lemmas(t.low)
        if ls & _COUNTED_WORDS or t.low in L.SCALE_ABBR or t.low in L.CURRENCY_SURFACES or t.low == "%":
            return True
        if "ADJF" not in pos(t.low) and "PRTF" not in pos(t.low):
            return False
    return False


def _build(sent: _Sent, i: int, num: _Num) -> tuple[_Expr | None, _Info]:
    toks, body = sent.toks, sent.body
    raw = body[num.start:num.end]
    e = _Expr(num.kind if num.kind != "digits" else "digits", num.start, num.end, num.value, raw)
    e.scale = num.scaled
    info = _Info(i, num.next, num)
    first = i
    # currency symbol or code before: "$5 млн", "USD 1,5 млн"
    if i >= 1 and toks[i - 1].text in L.CURRENCY_SYMBOLS and toks[i - 1].end >= num.start - 1:
        e.currency, e.start = L.CURRENCY_SYMBOLS[toks[i - 1].text], toks[i - 1].start
        first = i - 1
    elif i >= 1 and toks[i - 1].text in _ISO and toks[i - 1].end >= num.start - 1:
        e.currency, e.start = toks[i - 1].text, toks[i - 1].start
        first = i - 1
    # hedge before
    h = left_hedge(toks, first)
    if h:
        e.hedge, e.qualifier = h[0], h[1]
    elif first >= 1 and toks[first - 1].low == "до":
        e.hedge = "до"
        e.qualifier = "exact" if _change_before(sent, first - 1) else "up_to"
    elif first >= 1 and toks[first - 1].low == "под":
        e.hedge, e.qualifier = "под", "approx"
    j = num.next
    # right half: "с половиной"
    if j + 1 < len(toks) and toks[j].low == "с" and toks[j + 1].lem == "половина":
        e.value += 0.5
        e.end, j = toks[j + 1].end, j + 2
    # ranges: "5-7 тыс.", "от 5 до 7 тысяч", "между 5 и 7"; changes: "с 10,5% до 17%"
    j = _range_or_change(sent, e, info, first, j)
    # percent
    if j < len(toks) and (toks[j].text == "%" or toks[j].lem == "процент"):
        if toks[j].text == "%":
            e.end = toks[j].end
        e.percent = True
        j += 1
        if j < len(toks) and toks[j].lem in ("пункт", "процентный"):
            e.extras["percentage_points"] = True
    elif j < len(toks) and toks[j].lem == "процентный" and j + 1 < len(toks) and toks[j + 1].lem == "пункт":
        e.percent, j = True, j + 2
        e.extras["percentage_points"] = True
    elif j + 2 < len(toks) and toks[j].low == "п" and toks[j + 1].text == "." and toks[j + 2].low == "п":
        e.percent, j = True, j + 3 + (1 if j + 3 < len(toks) and toks[j + 3].text == "." else 0)
        e.extras["percentage_points"] = True  # "на 2 п.п."
    if e.qualifier == "approx" and e.hedge == "под" and e.percent:
        e.hedge, e.qualifier = None, "exact"  # "кредит под 0,75 процентов": the rate, not "about"
    if not e.percent and e.currency is None:
        j = _currency(sent, e, j)
    elif e.currency is not None:
        j = _subunit(sent, e, j)
    if not e.percent and e.currency is None:
        j = _unit(sent, e, info, j)
    elif e.currency is not None:
        j = _price_per(sent, e, info, j)
    if e.high is None and "then" not in e.extras:  # "с 70 млн тонн до 67,6 млн тонн"
        j = _range_or_change(sent, e, info, first, j)
    # right hedge: "20 с лишним"
    if j + 1 < len(toks) and f"{toks[j].low} {toks[j + 1].low}" in L.RIGHT_HEDGES and e.qualifier == "exact":
        e.hedge = f"{toks[j].low} {toks[j + 1].low}"
        e.qualifier = L.RIGHT_HEDGES[e.hedge]
        j += 2
    info.after = max(j, info.after)
    if e.end <= e.start:
        return None, info
    return e, info


def _change_before(sent: _Sent, k: int) -> bool:
    """A verb or noun of change governs the "до" at token ``k`` ("выросла до", "сократило ... до")."""
    toks = sent.toks
    for t in reversed(toks[max(0, k - 8):k]):
        if t.text in _CLAUSE_PUNCT or t.text == ".":
            return False
        if lemmas(t.low) & L.CHANGE_LEMMAS:
            return True
    return False


def _range_or_change(sent: _Sent, e: _Expr, info: _Info, first: int, j: int) -> int:
    toks, body = sent.toks, sent.body
    if j + 1 >= len(toks):
        return j
    sep = toks[j]
    prev = toks[first - 1].low if first >= 1 else ""
    dash = sep.text in _DASHES and body[e.end:sep.start].strip() == "" and toks[j + 1].digits
    word = (sep.low == "до" and prev in ("от", "с", "со")) or (sep.low == "и" and prev == "между")
    if not (dash or word):
        return j
    second = read_number(body, toks, j + 1) if toks[j + 1].digits or toks[j + 1].word else None
    if second is None:
        return j
    pct = toks[second.next].text == "%" if second.next < len(toks) else False
    if prev in ("с", "со") and sep.low == "до":
        # a change from one level to another: two exact claims, the first the level before
        e.hedge, e.qualifier = None, "exact"
        e.extras["previous_level"] = True
        if pct and e.end < len(body) and body[e.end] == "%":
            pass
        e2 = _Expr(second.kind, second.start, second.end, second.value, body[second.start:second.end])
        e2.scale = second.scaled
        info2 = _Info(j + 1, second.next, second)
        k = second.next
        if e.scale is False and second.scaled and e.value < second.value:
            e.value *= second.value / _unscaled(body, second)
            e.scale = True
        if k < len(toks) and (toks[k].text == "%" or toks[k].lem == "процент"):
            if toks[k].text == "%":
                e2.end = toks[k].end
            e2.percent = True
            k += 1
        k2 = _currency(sent, e2, k) if not e2.percent else k
        k2 = _unit(sent, e2, info2, k2) if e2.currency is None and not e2.percent else k2
        info2.after = k2
        # the first level shares the second's unit: "с 70 млн тонн до 67,6 млн тонн" is unit on both
        e.percent = e.percent or (e2.percent and toks[j - 1].text != "%" and _bare_percent(body, e))
        e.currency = e.currency or e2.currency
        if e.unit is None and e2.unit is not None:
            e.unit, e.unit_factor, e.unit_written = e2.unit, e2.unit_factor, e2.unit_written
            info.unit_kind = info2.unit_kind
            e.extras.update({k_: v for k_, v in e2.extras.items() if k_ == "qunit"})
        e.extras["then"] = (e2, info2)
        return j
    v2 = second.value
    if second.scaled and not e.scale and e.value < v2:
        e.value *= v2 / _unscaled(body, second)
        e.scale = True
    if v2 <= e.value:
        return j
    e.high = v2
    e.qualifier, e.hedge = "range", ("между" if prev == "между" else "от" if prev == "от" else None)
    e.end = second.end
    e.scale = e.scale or second.scaled
    return second.next


def _bare_percent(body: str, e: _Expr) -> bool:
    """The first level of "с 8,5 до 12%" is written bare: it shares the percent of the second
    (docs/annotation.md §2.3: a change from A to B gives two claims in one unit)."""
    return re.match(r"\s+до\s", body[e.end:e.end + 5]) is not None


def _unscaled(body: str, n: _Num) -> float:
    from factdb.extract.ru.numbers import parse_digits

    head = body[n.start:n.end].split()[0].rstrip(".")
    v = parse_digits(head) if head[:1].isdigit() else None
    return v if v else 1.0


def _currency(sent: _Sent, e: _Expr, j: int) -> int:
    toks = sent.toks
    k = j
    adj = None
    if k < len(toks) and toks[k].word and "ADJF" in pos(toks[k].low) and k + 1 < len(toks):
        adj, k = toks[k].lem, k + 1
    if k >= len(toks):
        return j
    t = toks[k]
    code = L.CURRENCY_SURFACES.get(t.low) or next(
        (L.CURRENCY_LEMMAS[x] for x in lemmas(t.low) if x in L.CURRENCY_LEMMAS), None
    ) if t.word else L.CURRENCY_SYMBOLS.get(t.text)
    if code is None and t.word and t.text.isupper() and len(t.text) == 3 and t.text in _ISO:
        code = t.text
    if code is None:
        return j
    if t.low == "р" and not (k + 1 < len(toks) and toks[k + 1].text == "."):
        return j
    if adj is not None:
        code = L.CURRENCY_ADJECTIVES.get((adj, code), code)
    e.currency = code
    e.end = t.end
    k += 1
    if k < len(toks) and toks[k].text == "." and toks[k].start == t.end and t.low in ("руб", "долл", "р"):
        e.end, k = toks[k].end, k + 1
    if k < len(toks) and toks[k].text in ("США",) and code == "USD":
        k += 1
    e.unit_written = t.text
    return _subunit(sent, e, k)


_ISO = frozenset("USD EUR RUB GBP JPY CNY CHF TJS KGS KZT UZS TMT AFN UAH BYN AMD AZN GEL".split())


def _subunit(sent: _Sent, e: _Expr, k: int) -> int:
    """"57 рублей 38 копеек": the subunit amount is part of the same claim."""
    toks = sent.toks
    if k + 1 < len(toks) and toks[k].digits and toks[k].text.isdigit() and lemmas(toks[k + 1].low) & L.SUBUNIT_LEMMAS:
        e.value += int(toks[k].text) / 100
        e.end = toks[k + 1].end
        e.extras["subunit"] = True
        return k + 2
    return k


def _unit(sent: _Sent, e: _Expr, info: _Info, j: int) -> int:
    toks = sent.toks
    if j >= len(toks):
        return j
    t = toks[j]
    ls = lemmas(t.low) if t.word else frozenset()
    # "кв. км", "квадратных километров", "куб. м", "кубических метров"
    if t.low in ("кв", "квадратный") or "квадратный" in ls:
        k = j + 1 + (1 if j + 1 < len(toks) and toks[j + 1].text == "." else 0)
        if k < len(toks) and lemmas(toks[k].low) & {"км", "километр", "метр", "м"}:
            return _set_q(e, info, "square_kilometer" if toks[k].lem in ("км", "километр") else "square_meter", k + 1)
    if t.low in ("куб", "кубический") or "кубический" in ls:
        k = j + 1 + (1 if j + 1 < len(toks) and toks[j + 1].text == "." else 0)
        if k < len(toks) and lemmas(toks[k].low) & {"метр", "м"}:
            return _per_period(sent, e, info, "cubic_meter", k + 1)
    if ls & set(L.LENGTH_LEMMAS) or t.low in L.LENGTH_LEMMAS:
        key = t.low if t.low in L.LENGTH_LEMMAS else next(x for x in ls if x in L.LENGTH_LEMMAS)
        if key == "м" and (j + 1 < len(toks) and toks[j + 1].text == "." or e.value >= 1e6):
            return j  # "м." is an abbreviation of many words
        e.unit, e.unit_written = L.LENGTH_LEMMAS[key], t.text
        e.end = t.end
        info.unit_kind = "length"
        return j + 1
    dur = next((L.DURATION_LEMMAS[x] for x in (t.lem, *sorted(ls)) if x in L.DURATION_LEMMAS), None) \
        or L.DURATION_LEMMAS.get(t.low)
    if dur and t.word:
        e.unit, e.unit_factor = dur
        e.unit_written = t.text
        info.unit_kind = "duration"
        return j + 1
    q = next((L.QUANTITY_LEMMAS[x] for x in (t.lem, *sorted(ls)) if x in L.QUANTITY_LEMMAS), None)
    if q and t.word:
        return _per_period(sent, e, info, q, j + 1)
    # "в 2,5 раза": a ratio
    if ls & {"раз"} and info.first >= 1 and sent.toks[info.first - 1].low in ("в", "во"):
        return _set_q(e, info, "dimensionless", j + 1)
    return j


def _price_per(sent: _Sent, e: _Expr, info: _Info, k: int) -> int:
    """"$95 за баррель", "300 долларов за 1000 кубометров": a price per physical unit is a quantity."""
    toks = sent.toks
    if k + 1 >= len(toks) or toks[k].low not in ("за", "/"):
        return k
    j = k + 1
    per = ""
    if toks[j].digits and toks[j].text in ("1", "1000") and j + 1 < len(toks):
        per, j = ("1000*" if toks[j].text == "1000" else ""), j + 1
    elif toks[j].lem == "тысяча" and j + 1 < len(toks):
        per, j = "1000*", j + 1
    unit = next((L.QUANTITY_LEMMAS[x] for x in lemmas(toks[j].low) if x in L.QUANTITY_LEMMAS), None)
    if unit is None and lemmas(toks[j].low) & {"кубометр", "куб"}:
        unit = "cubic_meter"
    if unit is None and lemmas(toks[j].low) & {"акция"}:
        unit = "share"
    if unit is None:
        return k
    e.extras["qunit"] = f"{e.currency}/({per}{unit})" if per else f"{e.currency}/{unit}"
    info.unit_kind = "quantity"
    return j + 1


def _per_period(sent: _Sent, e: _Expr, info: _Info, unit: str, k: int) -> int:
    toks = sent.toks
    if k + 1 < len(toks) and toks[k].low in ("в", "за") and toks[k + 1].lem in L.PER_PERIOD:
        return _set_q(e, info, f"{unit}/{L.PER_PERIOD[toks[k + 1].lem]}", k + 2)
    if k + 1 < len(toks) and toks[k].text == "/" and toks[k + 1].lem in L.PER_PERIOD:
        return _set_q(e, info, f"{unit}/{L.PER_PERIOD[toks[k + 1].lem]}", k + 2)
    if k + 2 < len(toks) and toks[k].word and toks[k + 1].low in ("в", "за") and toks[k + 2].lem in L.PER_PERIOD \
            and unit.split("/")[0] in ("cubic_meter", "metric_ton", "barrel"):
        # "38 млрд кубометров газа в год": what flows between the unit and its period; the span stays
        return _set_q(e, info, f"{unit}/{L.PER_PERIOD[toks[k + 2].lem]}", k)
    return _set_q(e, info, unit, k)


def _set_q(e: _Expr, info: _Info, unit: str, k: int) -> int:
    e.extras["qunit"] = unit
    info.unit_kind = "quantity"
    return k


# --- typing ---------------------------------------------------------------------------------


def _noun_after(sent: _Sent, j: int) -> tuple[str | None, str | None, int]:
    """(lemma of the counted noun, its English name or None, token index) right of token ``j``."""
    toks = sent.toks
    k = j
    if k + 1 < len(toks) and toks[k].low == "из" and toks[k + 1].low == "числа":
        k += 2
    mods: list[str] = []
    for _ in range(4):
        if k >= len(toks) or not toks[k].word:
            return None, None, k
        t = toks[k]
        ps = pos(t.low)
        ls = lemmas(t.low)
        for lem in [t.lem, *sorted(ls - {t.lem})]:
            pair = f"{mods[-1]} {lem}" if mods else None
            for table in (L.TROOP_NOUNS, L.PEOPLE_NOUNS, L.MEMBER_NOUNS, L.THING_NOUNS):
                if pair and pair in table:
                    return pair, table[pair], k
            if lem in L.NOT_COUNTED:
                return None, None, k
            if lem == "единица" and k + 1 < len(toks) and toks[k + 1].lem in L.UNIT_OF:
                return "единица", L.UNIT_OF[toks[k + 1].lem], k + 1
            for table in (L.TROOP_NOUNS, L.PEOPLE_NOUNS, L.MEMBER_NOUNS, L.THING_NOUNS):
                if lem in table:
                    if "NOUN" in ps or t.lem in table:
                        return lem, table[lem], k
        nxt_noun = k + 1 < len(toks) and toks[k + 1].word and "NOUN" in pos(toks[k + 1].low)
        if ("ADJF" in ps or "PRTF" in ps) and ("NOUN" not in ps or nxt_noun):
            mods.append(t.lem)
            k += 1
            continue
        if "NOUN" in ps and t.lem not in L.NOT_COUNTED and t.text[0].islower():
            return t.lem, None, k
        return None, None, k
    return None, None, k


def _noun_left(sent: _Sent, first: int) -> str | None:
    """"число погибших ... 36", "численность военнослужащих составит 7 тыс.": the noun named before."""
    toks = sent.toks
    for k in range(first - 1, max(-1, first - 13), -1):
        t = toks[k]
        if t.text in _CLAUSE_PUNCT:
            return None
        if t.lem in ("число", "численность", "количество") and k + 1 < first:
            nxt = toks[k + 1]
            for lem in [nxt.lem, *sorted(lemmas(nxt.low))]:
                if lem in L.TROOP_NOUNS or lem in L.PEOPLE_NOUNS or lem in L.FATAL_NOUNS or lem in L.FORCE_CUES:
                    return lem
            return None
    return None


def _nearest_cue(sent: _Sent, info: _Info, noun_at: int | None) -> str | None:
    best, best_d = None, 60
    toks = sent.toks
    e_start, e_end = toks[info.first].start, toks[info.after - 1].end if info.after > info.first else toks[info.first].end
    anchor = toks[noun_at].end if noun_at is not None and noun_at < len(toks) else e_end
    for k, cat in sent.cues:
        t = toks[k]
        if t.end <= e_start:
            d, gap = e_start - t.end, (t.end, e_start)
        elif t.start >= e_end:
            if t.start < anchor:
                d, gap = 0, (e_end, e_end)
            else:
                d, gap = t.start - anchor, (anchor, t.start)
                if noun_at is not None and d > 25:
                    continue
        else:
            continue
        text = sent.body[gap[0]:gap[1]]
        if any(ch in text for ch in ",;:") or " и " in text or " а " in text:
            d += 25
        if d < best_d:
            best, best_d = cat, d
    return best


Typed = tuple  # (property, unit, counted, confidence)


def _classify(sent: _Sent, e: _Expr, info: _Info) -> Typed | None:
    toks = sent.toks
    after = info.after
    if e.kind == "frac":
        return "share", "fraction", None, 0.8
    if e.raw.lower() in _MULTIPLICATIVES:
        return "quantity", "dimensionless", None, 0.8
    if e.extras.get("percentage_points"):
        return "quantity", "percentage_point", None, 0.8
    if e.percent:
        if _is_share(sent, info):
            return "share", "fraction", None, 0.85
        return "quantity", "percent", None, 0.85
    if info.unit_kind == "quantity" and e.currency:
        return "quantity", e.extras["qunit"], None, 0.8
    if info.unit_kind == "quantity" and e.value == 1 and e.kind == "digits" and info.first >= 1 \
            and sent.toks[info.first - 1].lem in ("стоимость", "цена", "тариф", "за"):
        return None  # "стоимость 1 кВт·ч": the unit a price is quoted per
    if e.currency:
        if not e.scale and e.value < 1e4 and _is_rate(sent, info):
            return "exchange_rate", e.currency, None, 0.8
        return "monetary_amount", e.currency, None, 0.9
    if info.unit_kind == "quantity":
        return "quantity", e.extras["qunit"], None, 0.8
    if info.unit_kind == "length":
        return _classify_length(sent, e, info)
    if info.unit_kind == "duration":
        return _classify_duration(sent, e, info)
    noun, counted, noun_at = _noun_after(sent, after)
    if noun is None:
        noun = _noun_left(sent, info.first)
        counted = (L.TROOP_NOUNS.get(noun) or L.PEOPLE_NOUNS.get(noun)) if noun else None
        if noun in L.FORCE_CUES:
            counted = None
        noun_at = None
    left = _noun_left(sent, info.first) if noun in (None, "человек") else None
    if left is not None and (left in L.FATAL_NOUNS or left in ("погибший", "убитый")):
        return "fatalities", "person", counted or "people", 0.8  # "число жертв возросло до 59 человек"
    if left in ("раненый", "пострадавший", "задержанный", "эвакуированный", "беженец"):
        return "count", "person", L.PEOPLE_NOUNS.get(left, counted), 0.8
    if e.kind == "words" and e.value == 1 and noun is None:
        return None
    cue = _nearest_cue(sent, info, noun_at)
    person = noun is None or noun in L.PEOPLE_NOUNS or noun in L.TROOP_NOUNS or noun in L.FATAL_NOUNS \
        or (noun not in L.THING_NOUNS and noun not in L.MEMBER_NOUNS and "anim" in _tags(noun))
    if noun in L.FATAL_NOUNS:
        return "fatalities", "person", counted or "people", 0.85
    if cue == "fatal" and person:
        return "fatalities", "person", counted or "people", 0.85
    if cue in ("injured", "detained") and person:
        return "count", "person", counted or "people", 0.85
    if noun in L.FORCE_CUES and noun is not None:
        return "troop_count", "person", None, 0.75
    if noun in L.TROOP_NOUNS:
        return "troop_count", "person", counted, 0.85
    if noun in ("человек", "сотрудник", "специалист") and sent.lemset & L.FORCE_CUES:
        return "troop_count", "person", counted, 0.75
    if noun in L.MEMBER_NOUNS:
        # "все 24 страны ОПЕК+", "в ОДКБ входят шесть государств", "6 государств-членов": the members;
        # "более 20 стран приняли участие", "пять стран: Египет, Иран ...": countries counted
        nxt = toks[noun_at + 1] if noun_at is not None and noun_at + 1 < len(toks) else None
        named_after = nxt is not None and nxt.word and (nxt.text.isupper() and len(nxt.text) >= 2)
        member_noun = noun in ("член", "государство-член", "страна-участница")
        if (member_noun and sent.lemset & L.MEMBER_CUES) or named_after or sent.lemset & L.MEMBER_VERBS:
            return "member_count", "count", counted, 0.8
        return "count", "count", counted, 0.7
    if noun is None:
        return None
    if person and noun in L.PEOPLE_NOUNS:
        e.extras["basis"] = "noun"
        return "count", "person", counted, 0.8
    if noun in L.THING_NOUNS or counted:
        return "count", "count", counted, 0.75
    if e.kind == "vague" or e.scale:
        return None
    # a noun outside the lexicon: counted as written (Russian lemma), low confidence; an inanimate
    # one only in the plural ("150 ветряков", not "ст. 23 закона")
    if not person and "plur" not in _tags_at(sent, noun_at):
        return None
    return "count", "person" if person else "count", noun, 0.6


def _tags_at(sent: _Sent, k: int | None) -> str:
    if k is None or k >= len(sent.toks):
        return ""
    return _tags(sent.toks[k].low)


def _tags(word: str) -> str:
    from factdb.extract.ru.morph import parses

    ps = parses(word)
    return str(ps[0].tag) if ps else ""


def _is_share(sent: _Sent, info: _Info) -> bool:
    toks = sent.toks
    j = info.after
    if j < len(toks) and toks[j].low == "от":
        return True
    lows = tuple(t.low for t in toks[max(0, info.first - 2):info.first])
    if lows in (("из", "них"), ("из", "которых")):
        return True  # "10 млн человек, из них 70% проживают ..."
    if j < len(toks) and toks[j].word:
        t = toks[j]
        if lemmas(t.low) & L.SHARE_WHOLES and "gent" in cases(t.low):
            return True
    before = set()
    for t in reversed(toks[max(0, info.first - 12):info.first]):
        if t.text in _CLAUSE_PUNCT:
            break
        before.add(t.lem)
    return bool(before & L.SHARE_CUES)


def _is_rate(sent: _Sent, info: _Info) -> bool:
    toks = sent.toks
    if info.first >= 1 and toks[info.first - 1].low in ("на",):
        return False  # "упал на 1 рубль 38 копеек": a change, in money
    if sent.lemset & L.RATE_CUES:
        return True
    # "за евро дают 62 рубля": another currency named with "за"
    for k, t in enumerate(toks[:-1]):
        if t.low == "за" and lemmas(toks[k + 1].low) & set(L.CURRENCY_LEMMAS):
            return True
    # "доллар на Мосбирже опустился ниже 96 рублей": another currency moves to a level in this one
    own = L.CURRENCY_LEMMAS.get(toks[info.after - 1].lem) if info.after >= 1 else None
    for t in toks[:info.first]:
        code = next((L.CURRENCY_LEMMAS[x] for x in lemmas(t.low) if x in L.CURRENCY_LEMMAS), None)
        if code and code != own and sent.lemset & L.MOVE_LEMMAS:
            return True
    return False


def _classify_length(sent: _Sent, e: _Expr, info: _Info) -> Typed:
    toks = sent.toks
    near_after = {t.lem for t in toks[info.after:info.after + 3]}
    near_before = {t.lem for t in toks[max(0, info.first - 4):info.first]}
    whole = sent.lemset
    partitive = " ".join(t.low for t in toks[max(0, info.first - 4):info.first])
    if (near_after | near_before) & L.BORDER_PART_LEMMAS or re.search(r"\bиз\s+(?:них|которых)\b", partitive) \
            or near_before & {"делимитировать", "демаркировать", "делимитированный", "демаркированный"}:
        return "distance", e.unit, None, 0.8
    if info.after < len(toks) and toks[info.after].low in ("от", "вглубь", "до"):
        return "distance", e.unit, None, 0.8  # "в 50 км от Душанбе", "на 3 км от линии границы"
    if near_after & L.BORDER_LEMMAS or (near_before & {"протяженность", "протяжённость", "длина"} and whole & L.BORDER_LEMMAS):
        return "border_length", e.unit, None, 0.85
    if whole & L.BORDER_LEMMAS and whole & {"протяженность", "протяжённость", "протяженностью", "длина", "протянуться"}:
        return "border_length", e.unit, None, 0.7
    return "distance", e.unit, None, 0.8


def _classify_duration(sent: _Sent, e: _Expr, info: _Info) -> Typed | None:
    toks = sent.toks
    prev = toks[info.first - 1] if info.first >= 1 else None
    nxt = toks[info.after] if info.after < len(toks) else None
    if prev is not None and (prev.lem in L.RELATIVE_LEFT or prev.low in ("за", "последние", "последних")):
        return None  # "через два дня", "за 4 месяца": a point or the period of the data
    if nxt is not None and (nxt.lem in L.RELATIVE_RIGHT or nxt.low in L.RELATIVE_RIGHT):
        return None
    if e.unit == "year" and prev is not None and (prev.lem == "возраст" or (
            prev.text[:1].isupper() and _is_name_in_dative(prev.low))):
        return "quantity", "year", None, 0.8  # "в возрасте 70 лет", "Рахмону 70 лет": an age (docs/annotation.md)
    if e.kind == "words" and e.value == 1 and not (prev is not None and prev.lem in L.DURATION_FRAMES):
        return None
    return "duration", e.unit, None, 0.85


def _is_name_in_dative(word: str) -> bool:
    from factdb.extract.ru.morph import parses

    return any(p.tag.case == "datv" and ({"Name", "Surn", "Patr"} & set(p.tag.grammemes)) for p in parses(word))


def _inherit(sent: _Sent, found: list, typed: list) -> None:
    """Numbers listed after "из них", "из которых", "в том числе" share their head's reading."""
    toks, body = sent.toks, sent.body
    for n, ((e, info), t) in enumerate(zip(found, typed)):
        if n == 0 or typed[n - 1] is None:
            continue
        prev_t = typed[n - 1]
        lows = tuple(x.low for x in toks[max(0, info.first - 3):info.first])
        partitive = any(lows[-len(p):] == p for p in _PARTITIVE)
        prev_e = found[n - 1][0]
        gap = body[prev_e.end:e.start]
        listed = (gap.strip(" ,") in ("и", "а также", "")) and len(gap) < 60 and prev_t[1] == "person"
        if prev_t[0] in ("fatalities", "count") and prev_t[1] == "person" and (partitive or listed):
            if t is None or (t[1] == "person" and t[0] != prev_t[0]) or (t is not None and e.extras.get("basis") == "noun"):
                own = t[2] if t else None
                typed[n] = (prev_t[0], "person", own or prev_t[2], 0.75)
        if partitive and t is None and prev_t is not None and e.kind in ("digits", "words"):
            typed[n] = prev_t[:3] + (0.7,)
        # "экспорт составил 4,5 млрд долларов, импорт — 2,8 млрд": the currency is not repeated
        if t is None and e.scale and prev_t[0] == "monetary_amount" and not (e.percent or e.unit):
            typed[n] = ("monetary_amount", prev_t[1], None, 0.7)
            e.currency = prev_t[1]
