"""Offset lookups over spans by bisect, so that per-match lookups cost O(log n), not a scan
of the article: extraction stays linear in the article's length.

Works on anything with ``start`` and ``end`` (mentions, organisation references).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate


class SpanIndex:
    """``items`` (sorted by start) indexed by start and by end.

    Every answer is the one a scan of ``items`` in list order would give.
    """

    def __init__(self, items: Sequence):
        self.items = items
        self.starts = [x.start for x in items]
        self.max_end = list(accumulate((x.end for x in items), max))
        self._order = sorted(range(len(items)), key=lambda i: items[i].end)  # stable: list order among equal ends
        self._ends = [items[i].end for i in self._order]

    def overlaps(self, a: int, b: int) -> bool:
        """Whether an item overlaps ``[a, b)`` (``x.start < b and a < x.end``)."""
        hi = bisect_left(self.starts, b)  # items starting before b: does one end after a?
        return hi > 0 and self.max_end[hi - 1] > a

    def covers(self, pos: int) -> bool:
        """Whether an item holds ``pos`` (``x.start <= pos < x.end``)."""
        hi = bisect_right(self.starts, pos)
        return hi > 0 and self.max_end[hi - 1] > pos

    def ending_in(self, lo: int, hi: int) -> list:
        """Items with ``lo <= end <= hi``, in list order."""
        a, b = bisect_left(self._ends, lo), bisect_right(self._ends, hi)
        return [self.items[i] for i in sorted(self._order[a:b])]

    def ends_by(self, key) -> dict:
        """``key(item)`` -> the sorted ends of the items with that key (for counts by bisect)."""
        out: dict = {}
        for i in self._order:
            out.setdefault(key(self.items[i]), []).append(self.items[i].end)
        return out
