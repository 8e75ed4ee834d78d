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


@dataclass(frozen=True)
class StatusRow:
    """The status of one member for queries of ``precision`` from ``valid_from`` to ``valid_to``.

    For ``day`` rows the dates are the query days; for ``month``/``year`` rows
    the first and last day of each calendar window (``valid_to`` None: every
    later window).
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
    reason: str
    history: HistoryRow | None


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
    mine = [a for a in assertions if a.organization == org and a.role == role and a.window()]
    by_member: dict[str, list[HistoryRow]] = {}
    for h in hist:
        if h.organization == org and h.role == role:
            by_member.setdefault(h.member, []).append(h)
    named: dict[tuple, set[str]] = {}
    complete: set[tuple] = set()
    for a in mine:
        if a.negated:
            continue
        key = (a.article_id, a.window())
        named.setdefault(key, set()).add(a.member)
        if a.complete_list or role == "chair":
            complete.add(key)
    members = sorted(set(by_member) | {a.member for a in mine if not a.negated} | {a.member for a in mine})
    support: list[Evidence] = []
    contradict: list[Evidence] = []
    for m in members:
        bounds = sorted(_boundaries(by_member.get(m, [])))
        pos: dict[int, list[Piece]] = {}
        con: dict[int, list[Piece]] = {}
        for a in mine:
            if a.member != m:
                continue
            lo, hi = influence(a.window(), bounds, max_age)
            if not a.negated:
                pos.setdefault(a.article_id, []).append((lo, hi))
            else:
                lo = max(lo, a.window()[0])  # a "left" counts only for queries on or after its date
                if lo <= hi:
                    con.setdefault(a.article_id, []).append((lo, hi))
        for key in complete:
            if m not in named[key]:
                lo, hi = influence(key[1], bounds, max_age)
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
    status, reason = _decide(h_status, s, c)
    return status, reason, h_row


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
    for i, d in enumerate(days):
        s += events[d][0]
        c += events[d][1]
        nxt = days[i + 1] - ONE if i + 1 < len(days) else None
        status, reason, h_row = _status(h_rows, (d, d), s, c)
        if status is None:
            continue
        if out and out[-1].valid_to == d - ONE and (out[-1].status, out[-1].supporting, out[-1].contradicting,
                                                     out[-1].history) == (status, s, c, h_row):
            prev = out[-1]
            out[-1] = StatusRow(org, role, member, "day", prev.valid_from, nxt, status, s, c, reason, h_row)
            continue
        out.append(StatusRow(org, role, member, "day", d, nxt, status, s, c, reason, h_row))
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


def _window_rows(org, role, member, precision, h_rows, sup, con, first, last) -> list[StatusRow]:
    sup_sorted = sorted(sup, key=lambda e: e.start)
    con_sorted = sorted(con, key=lambda e: e.start)
    sup_starts = [e.start for e in sup_sorted]
    con_starts = [e.start for e in con_sorted]
    out: list[StatusRow] = []
    for t0, t1 in _windows(first, last, precision):
        s_arts = {e.article_id for e in sup_sorted[:bisect.bisect_right(sup_starts, t1)] if e.end >= t0}
        c_arts = {e.article_id for e in con_sorted[:bisect.bisect_right(con_starts, t1)] if e.end >= t0} - s_arts
        status, reason, h_row = _status(h_rows, (t0, t1), len(s_arts), len(c_arts))
        if status is not None:
            out.append(StatusRow(org, role, member, precision, t0, t1, status, len(s_arts), len(c_arts), reason,
                                 h_row))
    if out and out[-1].valid_to is not None and out[-1].valid_to >= last:
        # the last window lies past every event: its status holds for every later window
        tail = out[-1]
        out[-1] = StatusRow(org, role, member, precision, tail.valid_from, None, tail.status, tail.supporting,
                            tail.contradicting, tail.reason, tail.history)
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
    for v in index.values():
        v.sort(key=lambda r: r.valid_from)
    seen: dict[tuple, Conflict] = {}
    positive = sorted((a for a in assertions if a.organization == org and not a.negated and a.window()),
                      key=lambda a: (a.window(), a.id))
    for a in positive:
        key = (a.organization, a.member, a.role)
        if key in seen:
            continue
        w = a.window()
        cands = index.get((a.role, a.member, precision_of_window(w)), [])
        pos = bisect.bisect_right([r.valid_from for r in cands], w[0]) - 1
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
