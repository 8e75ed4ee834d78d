"""Who belonged to an organization at a date, aggregated over every source.

Pure functions over :class:`AssertionView` (a stored membership assertion)
and :class:`~factdb.history.HistoryRow` (curated history); the public names
are re-exported by :mod:`factdb.agreement`. Rules (docs/memberships.md):

* An assertion's date is ``valid_to`` for a negated one ("left in 2012"),
  else ``valid_from``, else the article's ``published`` date, as a window of
  its precision. It is *relevant* to the query date when the two windows are
  at most ``max_age_days`` apart and the curated history of that member
  records no change (a join or an end) between them. So a 2013 list still
  speaks for 2015 if nothing changed for that state meanwhile.
* Supporting articles: relevant positive assertions of the member.
  Contradicting articles: relevant negated assertions whose date is not after
  the query, and relevant *complete* lists (``complete_list``) that omit the
  member. An article that names the member is never counted against it. The
  chair is exclusive: an article naming another chair contradicts.
* Status, with H the curated history at the query date:
  - H says member: ``confirmed``, unless contradicting > supporting (``disputed``);
    a curated interval whose status is ``contested`` is always ``disputed``.
    The interval's own status (active, suspended, frozen, contested) is the
    row's ``standing``.
  - H says the membership ended before (or starts after) the date: any support
    makes it ``disputed``; without support an ended membership is ``former``
    and a not-yet-started one is not listed.
  - No curated history: ``confirmed`` when supporting > contradicting,
    ``disputed`` when contradicted at least as often, not listed without support.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from factdb.history import HistoryRow
from factdb.timeutil import date_window, parse_date_arg, window_gap_days

DEFAULT_MAX_AGE_DAYS = 1827  # five years
_STATUS_ORDER = {"confirmed": 0, "disputed": 1, "former": 2}


@dataclass(frozen=True)
class AssertionView:
    """The fields of a stored membership assertion that aggregation needs."""

    id: int
    article_id: int
    member: str
    organization: str
    role: str = "member"
    complete_list: bool = False
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    date_precision: str | None = None
    negated: bool = False
    published: _dt.date | None = None
    published_precision: str | None = "day"

    def window(self) -> tuple[_dt.date, _dt.date] | None:
        """Inclusive days the assertion speaks about, or None if undated."""
        if self.negated and self.valid_to:
            return date_window(self.valid_to, self.date_precision)
        if self.valid_from or self.valid_to:
            return date_window(self.valid_from or self.valid_to, self.date_precision)
        if self.published:
            return date_window(self.published, self.published_precision)
        return None


@dataclass(frozen=True)
class MemberRow:
    """One member's status at the query date; ``article_ids`` are the supporters."""

    member: str
    organization: str
    role: str
    status: str  # confirmed | disputed | former
    supporting: int
    contradicting: int
    article_ids: tuple[int, ...]
    valid_from: _dt.date | None
    valid_to: _dt.date | None
    valid_from_precision: str | None = None
    valid_to_precision: str | None = None
    contradicting_article_ids: tuple[int, ...] = ()
    assertion_ids: tuple[int, ...] = ()
    history_source: str | None = None
    reason: str = ""
    standing: str | None = None  # curated interval's status: active | suspended | frozen | contested
    note: str | None = None  # curated interval's note


@dataclass(frozen=True)
class Conflict:
    """A numeric or membership disagreement and the sources on each side."""

    kind: str  # numeric | membership
    subject: str | None
    property: str | None
    organization: str | None
    ids: tuple[int, ...]
    article_ids: tuple[int, ...]
    values: tuple[str, ...]
    reason: str
    as_of: _dt.date | None = None
    rule: str | None = None  # numeric: sources | headline | conversion | contradiction; membership: history | sources


def _history_status(rows: list[HistoryRow], t: tuple[_dt.date, _dt.date]) -> tuple[str | None, HistoryRow | None]:
    if not rows:
        return None, None
    ended = None
    current = None
    for row in rows:
        start, end = row.window()
        if start <= t[1] and (end is None or end >= t[0]):
            # a window spanning a change of status: the state at its end counts
            if current is None or start > current.window()[0]:
                current = row
            continue
        if end is not None and end < t[0] and (ended is None or end > ended.window()[1]):
            ended = row
    if current is not None:
        return "member", current
    return ("former", ended) if ended else ("not_yet", None)


def _boundaries(rows: list[HistoryRow]) -> list[_dt.date]:
    out = []
    for row in rows:
        start, end = row.window()
        out.append(start)
        if end is not None:
            out.append(end + _dt.timedelta(days=1))
    return out


def _relevant(w: tuple[_dt.date, _dt.date], t: tuple[_dt.date, _dt.date], bounds: list[_dt.date], max_age: int) -> bool:
    gap = window_gap_days(w, t)
    if gap == 0:
        return True
    if gap > max_age:
        return False
    lo, hi = (w[1], t[0]) if w[1] < t[0] else (t[1], w[0])
    return not any(lo < b <= hi for b in bounds)


def member_status(
    org: str,
    as_of: _dt.date | str,
    assertions: Sequence[AssertionView],
    history: Sequence[HistoryRow],
    *,
    precision: str | None = None,
    role: str | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[MemberRow]:
    """Members of ``org`` at ``as_of`` ("2015", "2015-09", a date...).

    Returns rows sorted by role, status (confirmed, disputed, former), member.
    Never reads or writes anything; see the module docstring for the rules.
    """
    if isinstance(as_of, str):
        as_of, precision = parse_date_arg(as_of)
    t = date_window(as_of, precision or "day")
    mine = [a for a in assertions if a.organization == org and (role is None or a.role == role) and a.window()]
    hist = [h for h in history if h.organization == org and (role is None or h.role == role)]
    roles = sorted({a.role for a in mine} | {h.role for h in hist})
    rows: list[MemberRow] = []
    for r in roles:
        rows.extend(_status_for_role(org, r, t, [a for a in mine if a.role == r], [h for h in hist if h.role == r], max_age_days))
    rows.sort(key=lambda m: (m.role != "member", m.role, _STATUS_ORDER[m.status], m.member))
    return rows


def _status_for_role(org, role, t, assertions, hist, max_age) -> list[MemberRow]:
    by_member: dict[str, list[HistoryRow]] = {}
    for h in hist:
        by_member.setdefault(h.member, []).append(h)
    # Complete lists: per (article, date window), the set of members named.
    named: dict[tuple[int, tuple], set[str]] = {}
    complete: set[tuple[int, tuple]] = set()
    for a in assertions:
        if a.negated:
            continue
        key = (a.article_id, a.window())
        named.setdefault(key, set()).add(a.member)
        if a.complete_list or role == "chair":
            complete.add(key)
    # Each assertion is looked at once per member it names (linear, not members x assertions).
    by_asserted: dict[str, list[AssertionView]] = {}
    for a in assertions:
        by_asserted.setdefault(a.member, []).append(a)
    bounds_of = {m: _boundaries(by_member.get(m, [])) for m in set(by_member) | set(by_asserted)}
    relevant_keys = {key for key in complete if _relevant(key[1], t, [], max_age)}
    candidates = {m for m, rows in by_member.items() if _history_status(rows, t)[0] in ("member", "former")}
    candidates |= {m for m, own in by_asserted.items()
                   if any(not a.negated and _relevant(a.window(), t, bounds_of[m], max_age) for a in own)}
    out = []
    for member in sorted(candidates):
        rows = by_member.get(member, [])
        bounds = bounds_of.get(member, [])
        h_status, h_row = _history_status(rows, t)
        sup: dict[int, list[int]] = {}
        con: set[int] = set()
        for a in by_asserted.get(member, ()):
            if not _relevant(a.window(), t, bounds, max_age):
                continue
            if not a.negated:
                sup.setdefault(a.article_id, []).append(a.id)
            elif a.window()[0] <= t[1]:
                con.add(a.article_id)
        for key in (relevant_keys if not bounds else complete):
            if member not in named[key] and _relevant(key[1], t, bounds, max_age):
                con.add(key[0])
        con -= set(sup)
        s, c = len(sup), len(con)
        status, reason = _decide(h_status, s, c, h_row)
        if status is None:
            continue
        out.append(MemberRow(
            member=member, organization=org, role=role, status=status, supporting=s, contradicting=c,
            article_ids=tuple(sorted(sup)),
            valid_from=h_row.valid_from if h_row else None,
            valid_to=h_row.valid_to if h_row else None,
            valid_from_precision=h_row.valid_from_precision if h_row else None,
            valid_to_precision=h_row.valid_to_precision if h_row else None,
            contradicting_article_ids=tuple(sorted(con)),
            assertion_ids=tuple(sorted(i for ids in sup.values() for i in ids)),
            history_source=h_row.source if h_row else None,
            reason=reason,
            standing=h_row.status if h_row and h_status == "member" else None,
            note=h_row.note if h_row else None,
        ))
    return out


def _decide(h: str | None, s: int, c: int, h_row: HistoryRow | None = None) -> tuple[str | None, str]:
    standing = getattr(h_row, "status", "active") or "active"
    if h == "member" and standing == "contested":
        return "disputed", "curated history records this membership as contested: " + (h_row.note or "sources disagree")
    if h == "member" and standing != "active":
        if c > s:
            return "disputed", f"curated history says member ({standing}), but {c} article(s) contradict and only {s} support"
        return "confirmed", f"curated history says member, {standing}"
    if h == "member":
        if c > s:
            return "disputed", f"curated history says member, but {c} article(s) contradict and only {s} support"
        return "confirmed", "curated history says member"
    if h in ("former", "not_yet"):
        when = "had ended" if h == "former" else "had not begun"
        if s:
            return "disputed", f"{s} article(s) name it a member, but curated history says the membership {when} at that date"
        return ("former", "curated history says the membership had ended") if h == "former" else (None, "")
    if s > c:
        return "confirmed", f"no curated history; {s} article(s) support, {c} contradict"
    if s:
        return "disputed", f"no curated history; {s} article(s) support, {c} contradict"
    return None, ""


def membership_conflicts(
    assertions: Sequence[AssertionView],
    history: Sequence[HistoryRow],
    *,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> list[Conflict]:
    """Memberships that are disputed at the date an article asserts them.

    Each positive assertion is checked at its own date (window); each
    (organization, member, role) is reported once, at its earliest disputed
    assertion. ``ids`` are the supporting assertion ids; ``article_ids`` the
    supporters, then the contradictors.
    """
    seen: dict[tuple[str, str, str], Conflict] = {}
    cache: dict[tuple, list[MemberRow]] = {}
    positive = sorted((a for a in assertions if not a.negated and a.window()), key=lambda a: (a.window(), a.id))
    for a in positive:
        key = (a.organization, a.member, a.role)
        if key in seen:
            continue
        w = a.window()
        if (a.organization, w) not in cache:
            cache[(a.organization, w)] = member_status(a.organization, w[0], assertions, history,
                                                       precision=_precision_of(w), max_age_days=max_age_days)
        row = next((r for r in cache[(a.organization, w)] if (r.member, r.role) == (a.member, a.role)), None)
        if row is None or row.status != "disputed":
            continue
        seen[key] = Conflict(
            kind="membership",
            subject=row.member,
            property=row.role,
            organization=row.organization,
            ids=row.assertion_ids,
            article_ids=row.article_ids + tuple(i for i in row.contradicting_article_ids if i not in row.article_ids),
            values=(f"{row.role} per {row.supporting} article(s)",
                    f"not {row.role} per " + (f"{row.contradicting} article(s)" if row.contradicting else "curated history")),
            reason=f"{row.member} / {row.organization} at {w[0].isoformat()}: {row.reason}",
            as_of=w[0],
        )
    return [seen[k] for k in sorted(seen)]


def _precision_of(w: tuple[_dt.date, _dt.date]) -> str:
    span = (w[1] - w[0]).days
    return "day" if span == 0 else "year" if span >= 364 else "month"
