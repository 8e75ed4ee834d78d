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

from factdb.extract import units as U
from factdb.extract.casefold import ascii_twins, has_traps
from factdb.extract.classify import Typed, _classify, _Ctx, _inherit, _Sentence
from factdb.extract.expressions import (  # noqa: F401  (re-exported: the names this module always had)
    APPROX_TOLERANCE, HEDGE_RE, HEDGES, MASTER_RE, RANGE_RE, RIGHT_HEDGE_RE, SCALE_RE,
    _Expr, _extend, _interval, _read_core,
)
from factdb.extract.sentences import split_paragraphs, split_sentences
from factdb.records import Claim


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


_OTHER_SIDE = re.compile(r"\s?[-–]\s?(?P<n>\d[\d,]*)(?=\s+(?:vote|votes|majority|decision|ruling|tally)\b)", re.I)


def _other_side(body: str, e: _Expr, qe: int) -> _Expr | None:
    """The second number of a tally ("311-112 vote"), which the number reader does not start at a dash."""
    m = _OTHER_SIDE.match(body, e.end, qe)
    if not m:
        return None
    from factdb.extract.numbers import parse_digits

    value = parse_digits(m.group("n"))
    if value is None:
        return None
    return _Expr("digits", m.start("n"), m.end("n"), float(value), m.group("n"))


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
                if t[2] == "votes":
                    other = _other_side(body, e, qe)
                    if other is not None:  # "a 311-112 vote": the votes against are a claim too
                        claims.append(_claim(other, ctx, *t))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims
