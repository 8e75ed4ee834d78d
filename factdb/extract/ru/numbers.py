"""Reading Russian number expressions: digits, number words, vague quantities, hedges, units.

:func:`read_expressions` takes one sentence as tokens and returns
:class:`~factdb.extract.expressions._Expr` records (the same record the
English reader fills, so intervals and claims are built by the same code).
Conventions of Russian press:

* "," is the decimal mark ("1,524 млн" = 1,524,000); a space, no-break or
  thin space groups thousands when every group has three digits ("2 030",
  "2\u00a0030"); "." is read as a decimal mark too ("1.5 млн").
* Scale words and abbreviations multiply: "тыс." / "тыс", "млн", "млрд",
  "трлн", and "тысяча", "миллион", "миллиард" in any case.
* Number words in any case and gender through pymorphy3 lemmas
  ("двадцати двух" 22, "полторы тысячи" 1500, "сто двадцать пять" 125,
  collective "двое", "трое"); "N с половиной" adds 0.5.
* Vague quantities (docs/annotation.md §4.3): "десятки" 10, "сотни" 100,
  "тысячи" 1000, "несколько десятков" 20, "несколько тысяч" 2000,
  "десятки тысяч" 10000; always ``at_least`` unless a hedge says more.
* Hedges left of the number ("более", "не менее", "около", "порядка", "до"...)
  and right of it ("с лишним"); "до" is a bound only when no verb of change
  governs it ("выросла до 16%" is the level reached) and it does not start a
  date ("до 2025 года" is no claim at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdb.extract.expressions import _Expr
from factdb.extract.ru import lexicon as L
from factdb.extract.ru.morph import lemma, lemmas

TOKEN_RE = re.compile(
    r"\d+(?:[.,:/]\d+)*|[^\W\d_]+(?:[-‐][^\W\d_]+)*|[^\w\s]",
)
_GROUP_SPACE = frozenset(" \u00a0\u202f\u2009")
_CYR = re.compile("[\u0400-\u04ff]")


@dataclass
class Tok:
    start: int
    end: int
    text: str
    low: str
    lem: str  # lemma for Cyrillic words, lower-case text otherwise

    @property
    def digits(self) -> bool:
        return self.text[0].isdigit()

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()


def tokenize(body: str, qs: int, qe: int) -> list[Tok]:
    out = []
    for m in TOKEN_RE.finditer(body, qs, qe):
        t = m.group()
        low = t.lower()
        out.append(Tok(m.start(), m.end(), t, low, lemma(t) if _CYR.search(t) else low))
    return out


# --- single numbers -----------------------------------------------------------------


def word_value(tok: Tok) -> tuple[str, float] | None:
    """("unit"|"ten"|"hundred"|"scale", value) for a number word, else None."""
    if not tok.word or not _CYR.search(tok.text):
        return None
    for lem in (tok.lem,) + tuple(sorted(lemmas(tok.low) - {tok.lem})):
        if lem in L.UNITS:
            if lem == "один" and tok.low not in _ONE_FORMS:
                return None
            return "unit", float(L.UNITS[lem])
        if lem in L.TENS:
            return "ten", float(L.TENS[lem])
        if lem in L.HUNDREDS:
            return "hundred", float(L.HUNDREDS[lem])
        if lem in L.SCALES:
            return "scale", L.SCALES[lem]
    if tok.low in L.SCALE_ABBR:
        return "scale", L.SCALE_ABBR[tok.low]
    return None


_ONE_FORMS = frozenset("один одна одно одного одной одному одним одном одну".split())


def parse_digits(text: str) -> float | None:
    """"1,524" -> 1.524, "2030" -> 2030.0, "1.5" -> 1.5; dates and times ("28.01.2022", "14:07") -> None."""
    if ":" in text or "/" in text or text.count(".") + text.count(",") > 1:
        return None
    return float(text.replace(",", "."))


def _scale_at(toks: list[Tok], i: int) -> tuple[float, int] | None:
    """A scale word or abbreviation at ``toks[i]``: (factor, index after it, dot included)."""
    if i >= len(toks):
        return None
    t = toks[i]
    factor = None
    if t.low in L.SCALE_ABBR:
        factor = L.SCALE_ABBR[t.low]
    elif t.lem in L.SCALES and _CYR.search(t.text):
        factor = L.SCALES[t.lem]
    if factor is None:
        return None
    j = i + 1
    if t.low in L.SCALE_ABBR and j < len(toks) and toks[j].text == "." and toks[j].start == t.end:
        j += 1
    return factor, j


@dataclass
class _Num:
    start: int
    end: int
    value: float
    kind: str  # digits | words | vague
    scaled: bool
    next: int  # token index after the number


def read_number(body: str, toks: list[Tok], i: int) -> _Num | None:
    """The number starting at token ``i`` (digits with groups and scale, or number words)."""
    t = toks[i]
    if t.digits:
        v = parse_digits(t.text)
        if v is None:
            return None
        j, end = i + 1, t.end
        # thousands groups: "2 030", "1 350 000" (first group up to 3 digits, then groups of 3)
        if len(t.text) <= 3 and t.text.isdigit():
            while j < len(toks) and toks[j].digits and re.fullmatch(r"\d{3}(?:,\d+)?", toks[j].text) \
                    and toks[j].start == end + 1 and body[end] in _GROUP_SPACE:
                v = v * 1000 + float(toks[j].text.replace(",", "."))
                end = toks[j].end
                j += 1
        scaled = False
        sc = _scale_at(toks, j)
        if sc:
            v *= sc[0]
            end, j, scaled = toks[sc[1] - 1].end, sc[1], True
            # "1 млрд 200 млн": a smaller scale adds on
            while j + 1 < len(toks) and toks[j].digits and toks[j].text.isdigit():
                sc2 = _scale_at(toks, j + 1)
                if not sc2 or sc2[0] >= sc[0]:
                    break
                v += float(toks[j].text) * sc2[0]
                end, j, sc = toks[sc2[1] - 1].end, sc2[1], sc2
        return _Num(t.start, end, v, "digits", scaled, j)
    wv = word_value(t)
    if wv is not None:
        return _read_words(toks, i)
    return None


def _read_words(toks: list[Tok], i: int) -> _Num | None:
    total, current, seen = 0.0, 0.0, False
    j = i
    last_kind = None
    scaled = False
    end = toks[i].end
    while j < len(toks):
        wv = word_value(toks[j])
        if wv is None:
            break
        kind, v = wv
        if kind == "scale":
            if toks[j].low in L.VAGUE_PLURALS and not seen:
                return None  # "тысячи" alone: a vague quantity
            total += (current or 1.0) * v
            current = 0.0
            scaled = True
            sc = _scale_at(toks, j)
            j = sc[1] if sc else j + 1
            end = toks[j - 1].end
            seen = True
            last_kind = kind
            continue
        # "двадцать два" adds; "два двадцать" would not be one number
        if last_kind is not None and last_kind != "scale" and not _follows(last_kind, kind, v):
            break
        current += v
        seen = True
        last_kind = kind
        end = toks[j].end
        j += 1
    if not seen:
        return None
    return _Num(toks[i].start, end, total + current, "words", scaled, j)


def _follows(prev: str, kind: str, v: float) -> bool:
    """"сто двадцать пять": each word a smaller order than the last; teens only after hundreds."""
    order = {"hundred": 3, "ten": 2, "unit": 1}
    return order[kind] < order[prev] and not (kind == "unit" and prev == "ten" and v >= 10)


def read_vague(toks: list[Tok], i: int) -> _Num | None:
    """"десятки", "сотни тысяч", "несколько тысяч" starting at token ``i``."""
    t = toks[i]
    j = i
    factor = 1.0
    if t.low in L.SEVERAL:
        if i + 1 < len(toks) and toks[i + 1].low in L.VAGUE_PLURALS:
            base = L.VAGUE_PLURALS[toks[i + 1].low]
            value, j = 2 * base, i + 2
        else:
            return None
    elif t.low in L.VAGUE_PLURALS:
        value, j = L.VAGUE_PLURALS[t.low], i + 1
    else:
        return None
    # "десятки тысяч", "сотни миллионов"
    if j < len(toks) and toks[j].low in L.VAGUE_PLURALS and L.VAGUE_PLURALS[toks[j].low] >= 1000:
        factor = L.VAGUE_PLURALS[toks[j].low]
        j += 1
    return _Num(t.start, toks[j - 1].end, value * factor, "vague", factor > 1, j)


# --- hedges ---------------------------------------------------------------------------

_HEDGE_SEQS = sorted(((tuple(k.split()), q) for k, q in L.LEFT_HEDGES.items()), key=lambda kq: -len(kq[0]))
_SKIPPABLE_PREPS = frozenset({"на", "в", "во"})


def left_hedge(toks: list[Tok], i: int) -> tuple[str, str, int] | None:
    """(hedge text, qualifier, index of its first token) for the number at token ``i``."""
    k = i
    for _ in range(2):
        for seq, q in _HEDGE_SEQS:
            n = len(seq)
            if k - n >= 0 and tuple(t.low for t in toks[k - n:k]) == seq:
                return " ".join(seq), q, k - n
        if k - 1 >= 0 and toks[k - 1].low in _SKIPPABLE_PREPS:
            k -= 1  # "более чем на полтора рубля"
            continue
        break
    if i >= 1 and toks[i - 1].lem in L.BOUND_VERBS:
        prev2 = toks[i - 2].low if i >= 2 else ""
        q = "at_most" if prev2 == "не" else L.BOUND_VERBS[toks[i - 1].lem]
        return toks[i - 1].low, q, i - 1
    return None
