"""The curated membership history (``seeds/memberships.yml``), read and checked.

:func:`load_history` is pure apart from reading one file: it returns
:class:`HistoryRow` records and never touches a database. Every error is a
:class:`~factdb.errors.RegistryError` carrying the file path and the line of
the offending entry, with a message that says what to write instead.

File format (a YAML mapping with one key, ``memberships``)::

    memberships:
      - member: Uzbekistan                    # canonical registry name
        organization: Collective Security Treaty Organization
        role: member                          # member | chair | observer | partner | associate (default member)
        from: 2006-08-16                      # YYYY, YYYY-MM or YYYY-MM-DD
        to: 2012-06-28                        # optional; last day (or period) of membership
        source: "Uzbek note suspending participation, 2012-06-28"
        note: "formally suspended by the CSTO council 2012-12-19"   # optional
        status: active                        # optional: active | suspended | frozen | contested

``to`` is inclusive: the member belonged through the whole day, month or
year written. Intervals of one (member, organization, role) may not overlap;
a change of ``status`` (Armenia freezing its CSTO participation) is a new
interval that starts the day (month, year) after the previous one ends.

Roles: ``member``; ``chair`` (rotating chairmanship); ``observer``;
``partner`` (a non-member partner status the organization itself grants:
BRICS partner countries, SCO dialogue partners); ``associate`` (a formal
associate membership, e.g. Turkmenistan in the CIS).

Status of the interval (default ``active``): ``suspended`` when the
organization suspended the member's rights, or the member suspended its own
membership in the organization's words (it is still listed, as suspended);
``frozen`` when the member says it froze its participation without leaving;
``contested`` when published sources disagree whether it holds the role at
all (the ``note`` must then say who says what). Files written before
``status`` existed stay valid: every row is ``active``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import yaml

from factdb.errors import RegistryError
from factdb.records import HISTORY_STATUSES, MEMBERSHIP_ROLES
from factdb.timeutil import DateArgError, date_window, parse_date_arg

ROLES = tuple(r for r in MEMBERSHIP_ROLES if r != "applicant")  # an applicant is not a history interval
STATUSES = HISTORY_STATUSES
_KEYS = ("member", "organization", "role", "from", "to", "status", "source", "note")
_REQUIRED = ("member", "organization", "from", "source")


@dataclass(frozen=True)
class HistoryRow:
    """One curated interval: ``member`` held ``role`` in ``organization``."""

    member: str
    organization: str
    role: str
    valid_from: _dt.date
    valid_from_precision: str
    valid_to: _dt.date | None
    valid_to_precision: str | None
    source: str
    note: str | None = None
    status: str = "active"
    line: int | None = field(default=None, compare=False)

    def window(self) -> tuple[_dt.date, _dt.date | None]:
        """Inclusive (first day, last day or None when open) of the interval."""
        start = date_window(self.valid_from, self.valid_from_precision)[0]
        end = date_window(self.valid_to, self.valid_to_precision)[1] if self.valid_to else None
        return start, end


def _scalar(node: yaml.Node, key: str, path: str) -> str | None:
    if not isinstance(node, yaml.ScalarNode):
        raise RegistryError(f"{key!r} must be a single value, not a list or mapping", path=path, line=node.start_mark.line + 1)
    if node.tag == "tag:yaml.org,2002:null" or node.value in ("", "~", "null"):
        return None
    return node.value


def _row(node: yaml.Node, path: str) -> HistoryRow:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise RegistryError("each entry under 'memberships' must be a mapping with member, organization, from, source", path=path, line=line)
    values: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    for knode, vnode in node.value:
        key = knode.value
        if key not in _KEYS:
            raise RegistryError(f"unknown key {key!r}; allowed keys: {', '.join(_KEYS)}", path=path, line=knode.start_mark.line + 1)
        if key in values:
            raise RegistryError(f"key {key!r} appears twice in one entry", path=path, line=knode.start_mark.line + 1)
        values[key] = _scalar(vnode, key, path)
        lines[key] = vnode.start_mark.line + 1
    for key in _REQUIRED:
        if not values.get(key):
            raise RegistryError(f"entry lacks {key!r} (required: {', '.join(_REQUIRED)})", path=path, line=line)
    role = values.get("role") or "member"
    if role not in ROLES:
        raise RegistryError(f"role {role!r} is not one of {', '.join(ROLES)}", path=path, line=lines["role"])
    status = values.get("status") or "active"
    if status not in STATUSES:
        raise RegistryError(f"status {status!r} is not one of {', '.join(STATUSES)}", path=path, line=lines["status"])
    if status == "contested" and not values.get("note"):
        raise RegistryError("a contested entry needs a 'note' saying which sources disagree and how", path=path, line=line)
    try:
        vf, vfp = parse_date_arg(values["from"])
    except DateArgError as exc:
        raise RegistryError(f"'from': {exc}", path=path, line=lines["from"]) from None
    vt = vtp = None
    if values.get("to"):
        try:
            vt, vtp = parse_date_arg(values["to"])
        except DateArgError as exc:
            raise RegistryError(f"'to': {exc}", path=path, line=lines["to"]) from None
        if date_window(vt, vtp)[1] < date_window(vf, vfp)[0]:
            raise RegistryError(f"'to' ({values['to']}) is before 'from' ({values['from']}): swap them", path=path, line=lines["to"])
    return HistoryRow(
        member=values["member"],
        organization=values["organization"],
        role=role,
        valid_from=vf,
        valid_from_precision=vfp,
        valid_to=vt,
        valid_to_precision=vtp,
        source=values["source"],
        note=values.get("note"),
        status=status,
        line=line,
    )


def _check_overlaps(rows: list[HistoryRow], path: str) -> None:
    by_key: dict[tuple[str, str, str], list[HistoryRow]] = {}
    for row in rows:
        by_key.setdefault((row.member, row.organization, row.role), []).append(row)
    for group in by_key.values():
        group.sort(key=lambda r: r.window()[0])
        for prev, nxt in zip(group, group[1:]):
            prev_end = prev.window()[1]
            if prev_end is None or prev_end >= nxt.window()[0]:
                raise RegistryError(
                    f"{nxt.member} / {nxt.organization} / {nxt.role}: interval overlaps the one on line {prev.line}; "
                    "give the earlier interval a 'to' before this 'from'",
                    path=path,
                    line=nxt.line,
                )


def parse_history(text: str, path: str = "<string>") -> list[HistoryRow]:
    """Parse history YAML text; see the module docstring for the format."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RegistryError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=path, line=mark.line + 1 if mark else None) from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise RegistryError("top level must be a mapping with the key 'memberships'", path=path, line=root.start_mark.line + 1)
    entries = None
    for knode, vnode in root.value:
        if knode.value != "memberships":
            raise RegistryError(f"unknown top-level key {knode.value!r}; expected 'memberships'", path=path, line=knode.start_mark.line + 1)
        entries = vnode
    if entries is None or (isinstance(entries, yaml.ScalarNode) and not entries.value):
        return []
    if not isinstance(entries, yaml.SequenceNode):
        raise RegistryError("'memberships' must be a list of entries", path=path, line=entries.start_mark.line + 1)
    rows = [_row(node, path) for node in entries.value]
    _check_overlaps(rows, path)
    return rows


def load_history(path: str) -> list[HistoryRow]:
    """Read the curated history file at ``path``; never writes anything.

    Raises :class:`RegistryError` (with ``path`` and ``line``) when the file
    is missing, is not valid YAML, or an entry is malformed.
    """
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        raise RegistryError(f"cannot read membership history: {exc.strerror}", path=path) from None
    return parse_history(text, path)


def check_names(rows: list[HistoryRow], known: "set[str] | dict[str, str]", path: str | None = None) -> None:
    """Raise :class:`RegistryError` at the first member/organization not in ``known``.

    ``known`` is the set of canonical registry names (or a name -> kind map).
    """
    for row in rows:
        for name in (row.member, row.organization):
            if name not in known:
                raise RegistryError(f"{name!r} is not a canonical registry name; add it to the registry or fix the spelling", path=path, line=row.line)
