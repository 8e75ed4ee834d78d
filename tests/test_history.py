"""The curated membership history file and its loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factdb.errors import RegistryError
from factdb.history import check_names, load_history, parse_history

ROOT = Path(__file__).resolve().parents[1]
CSTO = "Collective Security Treaty Organization"


def test_seed_file_loads_with_expected_facts():
    rows = load_history(str(ROOT / "seeds" / "memberships.yml"))
    uzb = sorted((r for r in rows if r.member == "Uzbekistan" and r.organization == CSTO), key=lambda r: r.valid_from)
    assert [(r.valid_from, r.valid_to) for r in uzb] == [
        (dt.date(1992, 5, 15), dt.date(1999, 4, 1)),
        (dt.date(2006, 8, 16), dt.date(2012, 6, 28)),
    ]
    assert uzb[0].valid_to_precision == "month" and uzb[0].window()[1] == dt.date(1999, 4, 30)
    founders = {r.member for r in rows if r.organization == CSTO and r.role == "member" and r.valid_to is None}
    assert founders == {"Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}
    kgz = next(r for r in rows if r.member == "Kyrgyzstan" and r.organization == "Eurasian Economic Union")
    assert kgz.valid_from == dt.date(2015, 8, 12)
    chair = next(r for r in rows if r.role == "chair")
    assert (chair.member, chair.valid_from_precision, chair.window()) == ("Tajikistan", "year", (dt.date(2015, 1, 1), dt.date(2015, 12, 31)))
    assert all(r.source and r.line for r in rows)


def test_seed_names_are_canonical_registry_names():
    reg = ROOT / "seeds" / "registry.yml"
    if not reg.exists():
        pytest.skip("seeds/registry.yml not present")
    from factdb.registry import load_registry

    names = {e.name for e in load_registry(str(reg)).entities}
    check_names(load_history(str(ROOT / "seeds" / "memberships.yml")), names)


def test_check_names_reports_line():
    rows = parse_history("memberships:\n  - member: Narnia\n    organization: X\n    from: 2001\n    source: s\n")
    with pytest.raises(RegistryError) as exc:
        check_names(rows, {"X"}, path="h.yml")
    assert exc.value.line == 2 and "Narnia" in str(exc.value)


GOOD = "memberships:\n  - member: A\n    organization: X\n    from: 2001\n    to: 2003-05\n    source: treaty\n"


def test_precision_follows_the_written_form():
    (row,) = parse_history(GOOD)
    assert (row.valid_from, row.valid_from_precision, row.valid_to, row.valid_to_precision, row.role) == (
        dt.date(2001, 1, 1), "year", dt.date(2003, 5, 1), "month", "member")


@pytest.mark.parametrize(
    "text, line, words",
    [
        (GOOD.replace("source: treaty", "source: treaty\n    colour: red"), 7, "unknown key"),
        (GOOD.replace("from: 2001", "from: 20x1"), 4, "YYYY"),
        (GOOD.replace("to: 2003-05", "to: 1999"), 5, "before"),
        (GOOD.replace("    source: treaty\n", ""), 2, "source"),
        (GOOD + "    role: boss\n", 7, "role"),
        (GOOD + "  - member: A\n    organization: X\n    from: 2003-02\n    source: s\n", 7, "overlaps"),
        ("memberships: [a, {b: 1}\n", 2, "YAML"),
        ("members:\n  - x\n", 1, "memberships"),
        (GOOD + "    status: sleeping\n", 7, "status"),
        (GOOD + "    status: contested\n", 2, "note"),
    ],
)
def test_errors_carry_line_numbers(text, line, words):
    with pytest.raises(RegistryError) as exc:
        parse_history(text, "h.yml")
    assert exc.value.line == line and exc.value.path == "h.yml"
    assert words in str(exc.value)


def test_missing_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_history(str(tmp_path / "nope.yml"))


def test_status_and_new_roles():
    text = (GOOD
            + "  - member: A\n    organization: X\n    from: 2003-06\n    status: frozen\n    source: s\n"
            + "  - member: B\n    organization: X\n    role: partner\n    from: 2025-01-01\n    source: s\n"
            + "  - member: C\n    organization: X\n    role: associate\n    from: 2005-08-26\n    source: s\n"
            + "  - member: D\n    organization: X\n    from: 2024\n    status: contested\n    source: s\n"
            + "    note: the organisation lists it, D says it has not joined\n")
    rows = parse_history(text)
    assert [(r.member, r.role, r.status) for r in rows] == [
        ("A", "member", "active"), ("A", "member", "frozen"), ("B", "partner", "active"),
        ("C", "associate", "active"), ("D", "member", "contested")]


def test_files_without_status_stay_valid():
    (row,) = parse_history(GOOD)
    assert row.status == "active" and row.note is None
