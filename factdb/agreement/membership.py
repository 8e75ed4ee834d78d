"""Membership status for every date at once: what :func:`member_status` answers, as stored rows.

:func:`factdb.membership_status.member_status` answers one date. To store the
verdict at load, this module computes the same answer for *every* query:

* each assertion has an **influence**: the days whose queries it is relevant to
  (its window, widened by ``max_age_days`` on both sides, cut at the member's
  curated history changes); a query window is relevant to it exactly when the
  two intersect;
* per (member, article) the influences are merged into disjoint pieces of
  *support* (the article names the member) and *contradiction* (a negation, or
  a complete list that omits the member, where the article does not name it);
* day queries: a sweep over the pieces gives the status as a step function
  (:class:`StatusRow` with precision ``day``, one row per run of days with the
  same status and counts); month and year queries: one row per calendar month
  or year, counted by intersection (a window query is not a day query:
  "as of 2012" covers the whole year).

``tests/test_verdicts.py`` checks these rows against :func:`member_status` at
random dates and precisions.
"""

from __future__ import annotations

import bisect
import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from factdb.history import HistoryRow
from factdb.membership_status import (
    DEFAULT_MAX_AGE_DAYS, AssertionView, Conflict, _boundaries, _decide, _history_status,
)
from factdb.timeutil import date_window

ONE = _dt.timedelta(days=1)
Piece = tuple[_dt.date, _dt.date]


@dataclass(frozen=True)
class Evidence:
    """Days (inclusive) for whose queries ``article_id`` supports or contradicts ``member``."""

    organization: str
    role: str
    member: str
    article_id: int
    kind: str  # support | contradict
    start: _dt.date
    end: _dt.date


class StatusRow(NamedTuple):
    """The status of one member for queries of ``precision`` from ``valid_from`` to ``valid_to``.

    For ``day`` rows the dates are the query days; for ``month``/``year`` rows
    the first and last day of each calendar window (``valid_to`` None: every
    later window). A NamedTuple: a big organisation has 100,000s of them.
    """

    organization: str
    role: str
    member: str
    precision: str
    valid_from: _dt.date
    valid_to: _dt.date | None
    status: str
    supporting: int
    contradicting: int
    history: HistoryRow | None
    history_status: str | None  # member | former | not_yet | None (no curated history)

    @property
    def reason(self) -> str:
        return reason_at(self.history_status, self.supporting, self.contradicting)


@lru_cache(maxsize=65536)
def _decided(h_status: str | None, s: int, c: int, h_row: HistoryRow | None = None) -> tuple[str | None, str]:
    # the curated interval's standing counts too: a contested interval is disputed
    return _decide(h_status, s, c, h_row)


def influence(w: Piece, bounds: Sequence[_dt.date], max_age: int) -> Piece:
    """The query days to which an assertion dated ``w`` is relevant (see the module docstring)."""
    lo, hi = w[0] - _dt.timedelta(days=max_age), w[1] + _dt.timedelta(days=max_age)
    later = [b for b in bounds if b > w[1]]
    earlier = [b for b in bounds if b <= w[0]]
    if later:
        hi = min(hi, min(later) - ONE)
    if earlier:
        lo = max(lo, max(earlier))
    return lo, hi


def _union(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for lo, hi in sorted(pieces):
        if out and lo <= out[-1][1] + ONE:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _minus(pieces: list[Piece], holes: list[Piece]) -> list[Piece]:
    out = []
    for lo, hi in pieces:
        cur = lo
        for hlo, hhi in holes:
            if hhi < cur or hlo > hi:
                continue
            if hlo > cur:
                out.append((cur, hlo - ONE))
            cur = max(cur, hhi + ONE)
            if cur > hi:
                break
        if cur <= hi:
            out.append((cur, hi))
    return out


def evidence(org: str, role: str, assertions: Sequence[AssertionView], hist: Sequence[HistoryRow],
             max_age: int = DEFAULT_MAX_AGE_DAYS) -> tuple[list[str], list[Evidence], list[Evidence]]:
    """(candidate members, support pieces, contradiction pieces) for one organization and role."""
    wins = {a.id: a.window() for a in assertions if a.organization == org and a.role == role}
    mine = [a for a in assertions if a.organization == org and a.role == role and wins[a.id]]
    by_member: dict[str, list[HistoryRow]] = {}
    for h in hist:
        if h.organization == org and h.role == role:
            by_member.setdefault(h.member, []).append(h)
    named: dict[tuple, set[str]] = {}
    complete: set[tuple] = set()
    for a in mine:
        if a.negated:
            continue
        key = (a.article_id, wins[a.id])
        named.setdefault(key, set()).add(a.member)
        if a.complete_list or role == "chair":
            complete.add(key)
    members = sorted(set(by_member) | {a.member for a in mine})
    own: dict[str, list[AssertionView]] = {}
    for a in mine:
        own.setdefault(a.member, []).append(a)
    # without history bounds an influence depends on the window alone: computed once per window
    plain_cache: dict[Piece, Piece] = {}

    def plain_of(w: Piece) -> Piece:
        got = plain_cache.get(w)
        if got is None:
            got = plain_cache[w] = influence(w, (), max_age)
        return got

    plain = {key: plain_of(key[1]) for key in complete}
    support: list[Evidence] = []
    contradict: list[Evidence] = []
    for m in members:
        bounds = sorted(_boundaries(by_member.get(m, [])))
        pos: dict[int, list[Piece]] = {}
        con: dict[int, list[Piece]] = {}
        for a in own.get(m, ()):
            w = wins[a.id]
            lo, hi = influence(w, bounds, max_age) if bounds else plain_of(w)
            if not a.negated:
                pos.setdefault(a.article_id, []).append((lo, hi))
            else:
                lo = max(lo, w[0])  # a "left" counts only for queries on or after its date
                if lo <= hi:
                    con.setdefault(a.article_id, []).append((lo, hi))
        for key in complete:
            if m not in named[key]:
                lo, hi = influence(key[1], bounds, max_age) if bounds else plain[key]
                con.setdefault(key[0], []).append((lo, hi))
        for art, ps in pos.items():
            for lo, hi in _union(ps):
                support.append(Evidence(org, role, m, art, "support", lo, hi))
        for art, ps in con.items():
            for lo, hi in _union(ps):
                contradict.append(Evidence(org, role, m, art, "contradict", lo, hi))
    return members, support, contradict


def _status(h_rows: list[HistoryRow], t: Piece, s: int, c: int):
    h_status, h_row = _history_status(h_rows, t)
    status, reason = _decided(h_status, s, c, h_row)
    return status, reason, h_row, h_status


def _history_at(h_rows: list[HistoryRow]):
    """A fast ``_history_status(h_rows, (d, d))`` for a sweep over days: the history changes at few days."""
    bounds = sorted({w for h in h_rows for w in (h.window()[0], (h.window()[1] + ONE) if h.window()[1] else None)
                     if w is not None})
    segments = [(b, _history_status(h_rows, (b, b))) for b in bounds]
    before = _history_status(h_rows, (_dt.date.min, _dt.date.min)) if h_rows else (None, None)

    def at(d: _dt.date):
        i = bisect.bisect_right(bounds, d) - 1
        return segments[i][1] if i >= 0 else before

    return at


def _day_rows(org, role, member, h_rows, sup: list[Evidence], con: list[Evidence]) -> list[StatusRow]:
    sup_art = {}
    for e in sup:
        sup_art.setdefault(e.article_id, []).append((e.start, e.end))
    # contradiction counts only where the same article does not support (pointwise)
    con_pieces = []
    by_art: dict[int, list[Piece]] = {}
    for e in con:
        by_art.setdefault(e.article_id, []).append((e.start, e.end))
    for art, ps in by_art.items():
        con_pieces.extend(_minus(_union(ps), sorted(sup_art.get(art, []))))
    events: dict[_dt.date, list[int]] = {}
    for e in sup:
        events.setdefault(e.start, [0, 0])[0] += 1
        events.setdefault(e.end + ONE, [0, 0])[0] -= 1
    for lo, hi in con_pieces:
        events.setdefault(lo, [0, 0])[1] += 1
        events.setdefault(hi + ONE, [0, 0])[1] -= 1
    for h in h_rows:
        start, end = h.window()
        events.setdefault(start, [0, 0])
        if end is not None:
            events.setdefault(end + ONE, [0, 0])
    days = sorted(events)
    out: list[StatusRow] = []
    s = c = 0
    history_at = _history_at(h_rows)
    for i, d in enumerate(days):
        s += events[d][0]
        c += events[d][1]
        nxt = days[i + 1] - ONE if i + 1 < len(days) else None
        h_status, h_row = history_at(d)
        status = _decided(h_status, s, c, h_row)[0]
        if status is None:
            continue
        if out and out[-1].valid_to == d - ONE and (out[-1].status, out[-1].supporting, out[-1].contradicting,
                                                     out[-1].history) == (status, s, c, h_row):
            out[-1] = out[-1]._replace(valid_to=nxt)
            continue
        out.append(StatusRow(org, role, member, "day", d, nxt, status, s, c, h_row, h_status))
    return out


def _windows(first: _dt.date, last: _dt.date, precision: str):
    if precision == "year":
        for y in range(first.year, last.year + 1):
            yield _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        return
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield date_window(_dt.date(y, m, 1), "month")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _distinct_counts(pieces: list[Evidence], windows: list[Piece]) -> list[set[int]]:
    """For each window (in order), the articles of pieces that intersect it; one sweep."""
    import heapq

    ordered = sorted(pieces, key=lambda e: e.start)
    live: dict[int, int] = {}
    ends: list = []
    i = 0
    out = []
    for t0, t1 in windows:
        while i < len(ordered) and ordered[i].start <= t1:
            e = ordered[i]
            live[e.article_id] = live.get(e.article_id, 0) + 1
            heapq.heappush(ends, (e.end, i, e.article_id))
            i += 1
        while ends and ends[0][0] < t0:
            _, _, art = heapq.heappop(ends)
            live[art] -= 1
            if not live[art]:
                del live[art]
        out.append(set(live))
    return out


def _window_rows(org, role, member, precision, h_rows, sup, con, first, last) -> list[StatusRow]:
    windows = list(_windows(first, last, precision))
    sups = _distinct_counts(sup, windows)
    cons = _distinct_counts(con, windows)
    out: list[StatusRow] = []
    for (t0, t1), s_arts, c_arts in zip(windows, sups, cons):
        s, c = len(s_arts), len(c_arts - s_arts)
        status, _, h_row, h_status = _status(h_rows, (t0, t1), s, c)
        if status is not None:
            out.append(StatusRow(org, role, member, precision, t0, t1, status, s, c, h_row, h_status))
    if out and out[-1].valid_to is not None and out[-1].valid_to >= last:
        # the last window lies past every event: its status holds for every later window
        out[-1] = out[-1]._replace(valid_to=None)
    return out


def status_rows(org: str, assertions: Sequence[AssertionView], history: Sequence[HistoryRow], *,
                max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> tuple[list[StatusRow], list[Evidence]]:
    """Every stored status row of ``org`` (day, month and year queries) and the evidence behind them."""
    rows: list[StatusRow] = []
    all_evidence: list[Evidence] = []
    roles = sorted({a.role for a in assertions if a.organization == org}
                   | {h.role for h in history if h.organization == org})
    for role in roles:
        hist = [h for h in history if h.organization == org and h.role == role]
        members, sup, con = evidence(org, role, assertions, hist, max_age_days)
        all_evidence.extend(sup + con)
        dates = [e.start for e in sup + con] + [e.end for e in sup + con]
        for h in hist:
            start, end = h.window()
            dates.append(start)
            if end is not None:
                dates.append(end)
        if not dates:
            continue
        first, last = min(dates), max(dates)
        sup_by: dict[str, list[Evidence]] = {}
        con_by: dict[str, list[Evidence]] = {}
        for e in sup:
            sup_by.setdefault(e.member, []).append(e)
        for e in con:
            con_by.setdefault(e.member, []).append(e)
        for m in members:
            h_rows = [h for h in hist if h.member == m]
            ms, mc = sup_by.get(m, []), con_by.get(m, [])
            rows.extend(_day_rows(org, role, m, h_rows, ms, mc))
            # one window past the last date: its status holds for every later window
            rows.extend(_window_rows(org, role, m, "month", h_rows, ms, mc, first, last + _dt.timedelta(days=32)))
            rows.extend(_window_rows(org, role, m, "year", h_rows, ms, mc, first, last + _dt.timedelta(days=366)))
    return rows, all_evidence


def precision_of_window(w: Piece) -> str:
    span = (w[1] - w[0]).days
    return "day" if span == 0 else "year" if span >= 364 else "month"


def lookup(rows: Sequence[StatusRow], precision: str, day: _dt.date) -> list[StatusRow]:
    """The rows that answer a query of ``precision`` whose window starts on ``day``."""
    return [r for r in rows if r.precision == precision and r.valid_from <= day
            and (r.valid_to is None or r.valid_to >= day)]


def stored_conflicts(org: str, assertions: Sequence[AssertionView], history: Sequence[HistoryRow],
                     rows: Sequence[StatusRow], ev: Sequence[Evidence],
                     max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> list[Conflict]:
    """:func:`factdb.membership_status.membership_conflicts`, read off the status rows and their evidence.

    Each positive assertion is checked at its own window; each (member, role)
    is reported once, at its earliest disputed assertion. ``ids`` are the
    supporting assertions there; ``article_ids`` the supporters, then the
    contradictors.
    """
    index: dict[tuple, list[StatusRow]] = {}
    for r in rows:
        index.setdefault((r.role, r.member, r.precision), []).append(r)
    starts: dict[tuple, list[_dt.date]] = {}
    for k, v in index.items():
        v.sort(key=lambda r: r.valid_from)
        starts[k] = [r.valid_from for r in v]
    seen: dict[tuple, Conflict] = {}
    positive = sorted((a for a in assertions if a.organization == org and not a.negated and a.window()),
                      key=lambda a: (a.window(), a.id))
    for a in positive:
        key = (a.organization, a.member, a.role)
        if key in seen:
            continue
        w = a.window()
        k = (a.role, a.member, precision_of_window(w))
        cands = index.get(k, [])
        pos = bisect.bisect_right(starts.get(k, []), w[0]) - 1
        row = cands[pos] if pos >= 0 and (cands[pos].valid_to is None or cands[pos].valid_to >= w[0]) else None
        if row is None or row.status != "disputed":
            continue
        mine = [e for e in ev if e.member == a.member and e.role == a.role and e.start <= w[1] and e.end >= w[0]]
        sup = sorted({e.article_id for e in mine if e.kind == "support"})
        con = sorted({e.article_id for e in mine if e.kind == "contradict"} - set(sup))
        bounds = sorted(_boundaries([h for h in history if h.organization == org and h.role == a.role
                                     and h.member == a.member]))
        ids = tuple(sorted(x.id for x in assertions
                           if x.organization == org and x.member == a.member and x.role == a.role and not x.negated
                           and x.window() and x.article_id in sup
                           and _meets(influence(x.window(), bounds, max_age_days), w)))
        seen[key] = row_conflict(row, w[0], ids, tuple(sup) + tuple(con))
    return [seen[k] for k in sorted(seen)]


def _meets(p: Piece, w: Piece) -> bool:
    return p[0] <= w[1] and p[1] >= w[0]


def row_conflict(row: StatusRow, day: _dt.date, assertion_ids: tuple = (), article_ids: tuple = ()) -> Conflict:
    return Conflict(
        kind="membership", subject=row.member, property=row.role, organization=row.organization,
        ids=assertion_ids, article_ids=article_ids,
        values=(f"{row.role} per {row.supporting} article(s)",
                f"not {row.role} per " + (f"{row.contradicting} article(s)" if row.contradicting else "curated history")),
        reason=f"{row.member} / {row.organization} at {day.isoformat()}: {row.reason}",
        as_of=day, rule="history" if "curated history" in row.reason else "sources",
    )


# ------------------------------------------------------------------ the stored form


@dataclass(frozen=True)
class PackedRow:
    """Consecutive :class:`StatusRow` of one member with the same status and history, in one stored row.

    ``counts`` lists (days after ``valid_from``, supporting, contradicting)
    where the counts change; the reason follows from the history status and
    the counts (:func:`reason_at`). Day and month rows are cut at each new
    year, so a read decodes a year at most.
    """

    organization: str
    role: str
    member: str
    precision: str
    valid_from: _dt.date
    valid_to: _dt.date | None
    status: str
    history_status: str | None
    history: HistoryRow | None
    counts: tuple[tuple[int, int, int], ...]

    def counts_text(self) -> str:
        return ";".join(f"{d}:{s}:{c}" for d, s, c in self.counts)


def pack(rows: Sequence[StatusRow]) -> list[PackedRow]:
    """The stored form of status rows (see :class:`PackedRow`); rows must be in member, then date order."""
    out: list[PackedRow] = []
    cur: list[StatusRow] = []

    def flush():
        if cur:
            first = cur[0]
            counts, last = [], None
            for r in cur:
                if (r.supporting, r.contradicting) != last:
                    counts.append(((r.valid_from - first.valid_from).days, r.supporting, r.contradicting))
                    last = (r.supporting, r.contradicting)
            out.append(PackedRow(first.organization, first.role, first.member, first.precision, first.valid_from,
                                 cur[-1].valid_to, first.status, first.history_status, first.history,
                                 tuple(counts)))
            cur.clear()

    for r in rows:
        if cur:
            prev = cur[-1]
            same = ((prev.organization, prev.role, prev.member, prev.precision, prev.status, prev.history_status,
                     prev.history) == (r.organization, r.role, r.member, r.precision, r.status, r.history_status,
                                       r.history)
                    and prev.valid_to is not None and prev.valid_to + ONE == r.valid_from
                    and (r.precision == "year" or r.valid_from.year == cur[0].valid_from.year))
            if not same:
                flush()
        cur.append(r)
    flush()
    return out


def decode_counts(text: str) -> list[tuple[int, int, int]]:
    return [tuple(int(x) for x in part.split(":")) for part in text.split(";") if part]


def counts_at(counts: Sequence[tuple[int, int, int]], offset: int) -> tuple[int, int]:
    """(supporting, contradicting) ``offset`` days after a packed row's first day."""
    i = bisect.bisect_right([d for d, _, _ in counts], offset) - 1
    _, s, c = counts[max(i, 0)]
    return s, c


def counts_at_text(text: str, offset: int) -> tuple[int, int]:
    """:func:`counts_at` on the stored text, reading it only up to ``offset``."""
    s = c = "0"
    for part in text.split(";"):
        d, ps, pc = part.split(":")
        if int(d) > offset:
            break
        s, c = ps, pc
    return int(s), int(c)


def reason_at(history_status: str | None, supporting: int, contradicting: int) -> str:
    """The reason :func:`factdb.membership_status.member_status` gives for these counts."""
    return _decide(history_status, supporting, contradicting)[1]
