"""The one rule that turns a hedge into an interval.

The extractor, curated annotations and agreement all call :func:`hedge_interval`,
so "about 1,350" is [1,215, 1,485] whether the rules read it, a curator added it,
or agreement had to rebuild an interval a stored row lacks. Pure; no imports
from the rest of factdb.

=============  ==========================  =========================
qualifier      interval                    written as
=============  ==========================  =========================
``exact``      [v, v]                      "6,000"
``approx``     [v - 10%, v + 10%]          "about 1,350", "20-odd"
``at_least``   [v, +inf)                   "at least 22", "tens of thousands"
``more_than``  (v, +inf)                   "more than 20", "over 1,350"
``at_most``    (-inf, v]                   "not more than three"
``up_to``      (-inf, v]                   "up to 7,000"
``less_than``  (-inf, v)                   "fewer than 20"
``range``      [v, high]                   "5,000-7,000", "between 3 and 5"
=============  ==========================  =========================

A vague quantity ("tens of thousands") is an open lower bound: callers pass
``vague=True`` and get ``at_least`` unless the text said ``more than``.
"""

from __future__ import annotations

#: The one approx tolerance: "about X" allows X +/- 10 %.
APPROX_TOLERANCE = 0.10

Interval = tuple[str, "float | None", "float | None", bool, bool]


def _r(x: float | None) -> float | None:
    """Round away float noise (1485.0000000000002 -> 1485.0), keeping 10 significant digits."""
    return None if x is None else float(f"{x:.10g}")


def hedge_interval(qualifier: str, value: float, high: float | None = None, *, vague: bool = False) -> Interval:
    """``(qualifier, low, high, low_inclusive, high_inclusive)`` for a hedge; ``None`` = unbounded.

    The qualifier returned may differ from the one given: a vague quantity that
    is not "more than" becomes ``at_least``, a ``range`` without a high end is
    ``exact``, and an unknown qualifier is read as ``exact``. Deterministic.
    """
    q = qualifier
    if vague and q not in ("more_than", "at_least"):
        q = "at_least"
    if q == "range" and high is None:
        q = "exact"
    if q == "range":
        lo, hi = (value, high) if value <= high else (high, value)
        return q, lo, hi, True, True
    if q == "approx":
        d = abs(value) * APPROX_TOLERANCE
        return q, _r(value - d), _r(value + d), True, True
    if q == "at_least":
        return q, value, None, True, True
    if q == "more_than":
        return q, value, None, False, True
    if q in ("at_most", "up_to"):
        return q, None, value, True, True
    if q == "less_than":
        return q, None, value, True, False
    return "exact", value, value, True, True
