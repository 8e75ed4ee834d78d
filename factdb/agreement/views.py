"""The plain records agreement works on: a stored claim as :class:`ClaimView`, an answer as :class:`Fact`."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from factdb.agreement.intervals import (
    CANONICAL, DAYS_PER, KM_PER, RATE_TOLERANCE, UNIT_TOLERANCE, Interval, dimension_of, scale, stored_interval,
)
from factdb.agreement.timing import window


@dataclass(frozen=True)
class ClaimView:
    """The fields of a stored claim that agreement needs.

    ``scope``/``kind``/``headline`` come from :mod:`factdb.agreement.identity`
    (the store computes them once per claim); ``canonical`` is the claim's
    interval in ``canonical_unit`` when the store could convert it (money in
    USD at the claim's date); without it :func:`canonical` converts what needs
    no rate.
    """

    id: int
    article_id: int
    subject: str | None
    property: str
    value: float
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    qualifier: str = "exact"
    unit: str = "count"
    normalized_value: float | None = None
    normalized_unit: str | None = None
    as_of: _dt.date | None = None
    as_of_precision: str | None = None
    change: str | None = None
    modality: str = "reported"
    conversion_of: int | None = None  # id of the claim (same article) this converts
    object: str | None = None
    counted: str | None = None
    surface: str | None = None  # the number expression as written
    subject_resolved: bool = True  # the subject is a registry entity, not raw text
    scope: str = "whole"
    kind: str | None = None
    headline: bool = False  # in the article's headline block
    vague: bool = False  # a vague quantity ("tens of thousands"): supports an answer, defines none
    canonical_unit: str | None = None
    canonical: Interval | None = None
    start: int | None = None  # span in the article body
    end: int | None = None
    quote: str | None = None
    quote_start: int | None = None
    quantity: str | None = None  # the quantity key the store last grouped it under

    def window(self) -> tuple[_dt.date, _dt.date] | None:
        return window(self.as_of, self.as_of_precision)


@dataclass(frozen=True)
class Fact:
    """The best-supported answer for one quantity.

    ``low``/``high`` (with inclusivity, ``None`` = unbounded) is the interval
    every *defining* supporter allows (those that are not vague quantities,
    see :func:`factdb.agreement.facts.best_fact`); ``method`` is
    ``consensus`` (all comparable claims agree), ``majority`` (the agreeing
    group has more than half of the articles), ``plurality`` or ``none``.
    """

    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    unit: str | None
    method: str
    supporting: tuple[ClaimView, ...] = ()
    dissent: tuple[ClaimView, ...] = ()
    incomparable: tuple[ClaimView, ...] = field(default=())
    weights: dict = field(default_factory=dict, compare=False)  # claim id -> weight used
    point: tuple | None = None  # (value, just_above): the point the supporters share; classifies claims later


def interval_of(claim: ClaimView) -> Interval:
    """(low, high, low_inclusive, high_inclusive) of a claim in its written unit; None = unbounded."""
    return stored_interval(claim.low, claim.high, claim.low_inclusive, claim.high_inclusive, claim.qualifier,
                           claim.value)


def canonical(claim: ClaimView) -> tuple[str, Interval] | None:
    """The claim's interval in its dimension's canonical unit (km, USD, day, fraction).

    Counts and persons stay in their own unit. Money needs a USD value: the
    store's (``canonical``), else ``normalized_value``; without one there is
    none (never a guessed rate).
    """
    if claim.canonical is not None and claim.canonical_unit:
        return claim.canonical_unit, claim.canonical
    iv = interval_of(claim)
    dim = dimension_of(claim.unit)
    if dim is None or dim == "fraction":
        return claim.unit, iv
    if dim == "length":
        return "km", scale(iv, KM_PER[claim.unit])
    if dim == "time":
        return "day", scale(iv, DAYS_PER[claim.unit])
    if claim.unit == "USD":
        return "USD", iv
    if claim.normalized_unit == "USD" and claim.normalized_value is not None and claim.value:
        return "USD", scale(iv, claim.normalized_value / claim.value)
    return None


def aligned(a: ClaimView, b: ClaimView) -> tuple[Interval, Interval, str] | None:
    """Both intervals in one unit, or None when they cannot be put in one.

    Same written unit: the written intervals. Otherwise the canonical ones,
    each widened by :data:`RATE_TOLERANCE` for money (rates move, outlets
    round) or :data:`UNIT_TOLERANCE` for physical units (rounding).
    """
    if a.unit == b.unit:
        return interval_of(a), interval_of(b), a.unit
    ca, cb = canonical(a), canonical(b)
    if ca is None or cb is None or ca[0] != cb[0]:
        return None
    if dimension_of(a.unit) == "money" or dimension_of(b.unit) == "money":
        return scale(ca[1], 1.0, RATE_TOLERANCE), scale(cb[1], 1.0, RATE_TOLERANCE), ca[0]
    # a figure in another unit is a rounded conversion: "30 km (20 miles)" holds 18.6 miles
    return (scale(ca[1], 1.0, rounding_tolerance(a.value)), scale(cb[1], 1.0, rounding_tolerance(b.value)),
            ca[0])


MAX_ROUNDING = 0.10  # a round figure in another unit allows at most 10% either way


def rounding_tolerance(value: float | None) -> float:
    """How far a figure written as ``value`` may be from the exact conversion, relative:
    half a unit of its last significant digit (20 -> 5, 1,350 -> 5, 2.5 -> 0.05), at least
    :data:`UNIT_TOLERANCE` and at most :data:`MAX_ROUNDING`."""
    if not value:
        return UNIT_TOLERANCE
    v = abs(value)
    step = 10.0 ** (len(str(int(round(v)))) - 1) if v >= 1 else 0.0
    while step >= 1 and round(v / step) * step != round(v):
        step /= 10
    if step < 1:  # decimals: the digits written after the point
        text = f"{v:.6f}".rstrip("0")
        step = 10.0 ** -(len(text.split(".")[1]) if "." in text else 0)
    return min(MAX_ROUNDING, max(UNIT_TOLERANCE, step / 2 / v))


def canonical_unit_of(unit: str) -> str:
    dim = dimension_of(unit)
    return CANONICAL.get(dim, unit) if dim else unit
