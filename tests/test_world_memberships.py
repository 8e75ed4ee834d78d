"""`factdb members ORG --as-of DATE` from the curated history alone (seeds/memberships.yml).

Each case states what the published sources say (the same sources the seed
rows cite): the exact member set at a date, or one member's status there.
The database holds only the registry and the curated history (no articles),
loaded once per backend through the real `factdb load`.

Row states used below, from one `members` row: ``active``, ``suspended``,
``frozen`` (status confirmed with that standing), ``disputed`` (a contested
curated interval) and ``former``.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS, _make_pg_schema, require_postgres

NATO = "NATO"
EU = "European Union"
SCO = "Shanghai Cooperation Organisation"
CIS = "Commonwealth of Independent States"
CSTO = "Collective Security Treaty Organization"
EAEU = "Eurasian Economic Union"
OTS = "Organization of Turkic States"
GCC = "Gulf Cooperation Council"
AU = "African Union"
GUAM = "GUAM Organization for Democracy and Economic Development"

NATO_1949 = {"Belgium", "Canada", "Denmark", "France", "Iceland", "Italy", "Luxembourg", "Netherlands",
             "Norway", "Portugal", "United Kingdom", "United States"}
NATO_1955 = NATO_1949 | {"Greece", "Turkey", "Germany"}
NATO_1999 = NATO_1955 | {"Spain", "Czech Republic", "Hungary", "Poland"}
NATO_2004 = NATO_1999 | {"Bulgaria", "Estonia", "Latvia", "Lithuania", "Romania", "Slovakia", "Slovenia"}
NATO_2020 = NATO_2004 | {"Albania", "Croatia", "Montenegro", "North Macedonia"}

EU_1958 = {"Belgium", "France", "Germany", "Italy", "Luxembourg", "Netherlands"}
EU_1973 = EU_1958 | {"Denmark", "Ireland", "United Kingdom"}
EU_1995 = EU_1973 | {"Greece", "Spain", "Portugal", "Austria", "Finland", "Sweden"}
EU_2004 = EU_1995 | {"Cyprus", "Czech Republic", "Estonia", "Hungary", "Latvia", "Lithuania", "Malta", "Poland",
                     "Slovakia", "Slovenia"}
EU_2013 = EU_2004 | {"Bulgaria", "Romania", "Croatia"}
EU_27 = EU_2013 - {"United Kingdom"}

BRIC = {"Brazil", "Russia", "India", "China"}
BRICS_2024 = BRIC | {"South Africa", "Egypt", "Ethiopia", "Iran", "United Arab Emirates"}
BRICS_PARTNERS_2025 = {"Belarus", "Bolivia", "Cuba", "Kazakhstan", "Malaysia", "Thailand", "Uganda", "Uzbekistan"}

SCO_2001 = {"China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"}
CIS_ALMA_ATA = {"Russia", "Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Moldova", "Tajikistan",
                "Turkmenistan", "Uzbekistan"}
CSTO_2015 = {"Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}
OPEC_2020 = {"Algeria", "Angola", "Republic of the Congo", "Equatorial Guinea", "Gabon", "Iran", "Iraq",
             "Kuwait", "Libya", "Nigeria", "Saudi Arabia", "United Arab Emirates", "Venezuela"}
ASEAN_1999 = {"Indonesia", "Malaysia", "Philippines", "Singapore", "Thailand", "Brunei", "Vietnam", "Laos",
              "Myanmar", "Cambodia"}
AU_SUSPENDED_2024 = {"Mali", "Guinea", "Sudan", "Burkina Faso", "Niger", "Gabon"}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def history_url(request, tmp_path_factory):
    """A database loaded with the registry and the curated history only (no articles)."""
    from click.testing import CliRunner

    from factdb.cli import cli

    folder = tmp_path_factory.mktemp("history_only")
    for name in ("registry.yml", "memberships.yml"):
        shutil.copy(SEEDS / name, folder / name)
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('hist_db') / 'history.sqlite'}"
    else:
        require_postgres()
        url, drop = _make_pg_schema()
    result = CliRunner().invoke(cli, ["--db", url, "load", str(folder)])
    assert result.exit_code == 0, result.output
    yield url
    if drop:
        drop()


@pytest.fixture(scope="module")
def state(history_url):
    """state(org, date, role="member") -> {member: active|suspended|frozen|disputed|former}."""
    from click.testing import CliRunner

    from factdb.cli import cli

    runner = CliRunner()

    def run(org, as_of, role="member"):
        result = runner.invoke(cli, ["--db", history_url, "members", org, "--as-of", as_of, "--role", role,
                                     "--format", "json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out = {}
        for row in json.loads(result.stdout):
            assert row["role"] == role and row["organization"] == org
            if row["status"] in ("former", "disputed"):
                out[row["member"]] = row["status"]
            else:
                assert row["status"] == "confirmed", row
                out[row["member"]] = row["standing"]
        return out

    return run


def members(states: dict) -> set:
    """Who belongs at the date: every state but former (suspended and frozen members still belong)."""
    return {m for m, s in states.items() if s != "former"}


def with_state(states: dict, wanted: str) -> set:
    return {m for m, s in states.items() if s == wanted}


# ---------------------------------------------------------------- exact member sets
EXACT = [
    # NATO: founders from entry into force, then each deposit of instruments of accession
    (NATO, "1949-09-01", NATO_1949),
    (NATO, "1952-02-18", NATO_1949 | {"Greece", "Turkey"}),
    (NATO, "1955-05-06", NATO_1955),
    (NATO, "1982-05-29", NATO_1955),
    (NATO, "1982-05-30", NATO_1955 | {"Spain"}),
    (NATO, "1999-03-12", NATO_1999),
    (NATO, "2004-03-29", NATO_2004),
    (NATO, "2009-04-01", NATO_2004 | {"Albania", "Croatia"}),
    (NATO, "2017-06-05", NATO_2004 | {"Albania", "Croatia", "Montenegro"}),
    (NATO, "2020-03-27", NATO_2020),
    (NATO, "2023-04-03", NATO_2020),
    (NATO, "2023-04-04", NATO_2020 | {"Finland"}),
    (NATO, "2024-03-06", NATO_2020 | {"Finland"}),
    (NATO, "2024-03-07", NATO_2020 | {"Finland", "Sweden"}),
    # EU, dated from accession to the European Communities
    (EU, "1958-01-01", EU_1958),
    (EU, "1973-01-01", EU_1973),
    (EU, "1981", EU_1973 | {"Greece"}),
    (EU, "1986-01-01", EU_1973 | {"Greece", "Spain", "Portugal"}),
    (EU, "1995-01-01", EU_1995),
    (EU, "2004-05-01", EU_2004),
    (EU, "2007-01-01", EU_2004 | {"Bulgaria", "Romania"}),
    (EU, "2013-07-01", EU_2013),
    (EU, "2020-01-31", EU_2013),
    (EU, "2020-02-01", EU_27),
    (EU, "2025-06-01", EU_27),
    # BRICS
    ("BRICS", "2009-06-16", BRIC),
    ("BRICS", "2010-11", BRIC),
    ("BRICS", "2011-04-14", BRIC | {"South Africa"}),
    ("BRICS", "2023-12-31", BRIC | {"South Africa"}),
    # SCO
    (SCO, "2001-06-15", SCO_2001),
    (SCO, "2017-06-08", SCO_2001),
    (SCO, "2017-06-09", SCO_2001 | {"India", "Pakistan"}),
    (SCO, "2023-07-04", SCO_2001 | {"India", "Pakistan", "Iran"}),
    (SCO, "2024-07-04", SCO_2001 | {"India", "Pakistan", "Iran", "Belarus"}),
    # CIS: Ukraine and 1991-92 Azerbaijan are contested but listed
    (CIS, "1992-01", CIS_ALMA_ATA | {"Ukraine", "Azerbaijan"}),
    (CIS, "1994-06", CIS_ALMA_ATA | {"Ukraine", "Azerbaijan", "Georgia"}),
    (CIS, "2010", (CIS_ALMA_ATA - {"Turkmenistan"}) | {"Ukraine", "Azerbaijan"}),
    # CSTO
    (CSTO, "2015-09-15", CSTO_2015),
    (CSTO, "2008", CSTO_2015 | {"Uzbekistan"}),
    # EAEU
    (EAEU, "2015-01-01", {"Russia", "Belarus", "Kazakhstan"}),
    (EAEU, "2015-01-02", {"Russia", "Belarus", "Kazakhstan", "Armenia"}),
    (EAEU, "2015-08-11", {"Russia", "Belarus", "Kazakhstan", "Armenia"}),
    (EAEU, "2015-08-12", {"Russia", "Belarus", "Kazakhstan", "Armenia", "Kyrgyzstan"}),
    # OPEC (Indonesia suspended its membership in 2016 and stays listed as suspended)
    ("OPEC", "1960-12", {"Iran", "Iraq", "Kuwait", "Saudi Arabia", "Venezuela"}),
    ("OPEC", "2020-06-01", OPEC_2020 | {"Indonesia"}),
    ("OPEC", "2024-06-01", (OPEC_2020 - {"Angola"}) | {"Indonesia"}),
    # GUAM
    (GUAM, "1998", {"Georgia", "Ukraine", "Azerbaijan", "Moldova"}),
    (GUAM, "2000", {"Georgia", "Ukraine", "Azerbaijan", "Moldova", "Uzbekistan"}),
    (GUAM, "2006", {"Georgia", "Ukraine", "Azerbaijan", "Moldova"}),
    # Organization of Turkic States
    (OTS, "2010", {"Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Turkey"}),
    (OTS, "2019-10-15", {"Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Turkey", "Uzbekistan"}),
    # GCC: the 2017-2021 boycott of Qatar was no suspension
    (GCC, "2018-06", {"Bahrain", "Kuwait", "Oman", "Qatar", "Saudi Arabia", "United Arab Emirates"}),
    # ASEAN
    ("ASEAN", "1967-08-08", {"Indonesia", "Malaysia", "Philippines", "Singapore", "Thailand"}),
    ("ASEAN", "1984-01-07", {"Indonesia", "Malaysia", "Philippines", "Singapore", "Thailand", "Brunei"}),
    ("ASEAN", "1999-04-30", ASEAN_1999),
    ("ASEAN", "2025-10-26", ASEAN_1999 | {"East Timor"}),
    # Union State
    ("Union State", "2005", {"Russia", "Belarus"}),
]


@pytest.mark.parametrize(("org", "as_of", "expected"), EXACT, ids=[f"{o}@{d}" for o, d, _ in EXACT])
def test_member_set(state, org, as_of, expected):
    assert members(state(org, as_of)) == expected


# ---------------------------------------------------------------- sizes and suspensions
def test_african_union_sizes(state):
    assert len(members(state(AU, "2003"))) == 53
    at_2011 = state(AU, "2011-07-27")
    assert len(members(at_2011)) == 54 and "South Sudan" in at_2011
    assert "Morocco" not in state(AU, "2016")
    assert len(members(state(AU, "2017-01-31"))) == 55


def test_african_union_suspensions_2024(state):
    now = state(AU, "2024-01-15")
    assert len(members(now)) == 55
    assert with_state(now, "suspended") == AU_SUSPENDED_2024


def test_african_union_gabon_readmitted_2025(state):
    now = state(AU, "2025-06-01")
    assert now["Gabon"] == "active"
    assert with_state(now, "suspended") == AU_SUSPENDED_2024 - {"Gabon"}


@pytest.mark.parametrize(("member", "as_of", "expected"), [
    ("Mali", "2020-09-01", "suspended"),
    ("Mali", "2020-11-01", "active"),
    ("Mali", "2021-06-15", "suspended"),
    ("Sudan", "2019-07-01", "suspended"),
    ("Sudan", "2020-06-01", "active"),
    ("Niger", "2023-08-21", "active"),
    ("Niger", "2023-08-22", "suspended"),
    ("Egypt", "2013-12", "suspended"),
    ("Burkina Faso", "2022-01-30", "active"),
])
def test_african_union_member_status(state, member, as_of, expected):
    assert state(AU, as_of)[member] == expected


def test_opec_departures_and_suspensions(state):
    assert state("OPEC", "2018-12-31")["Qatar"] == "active"
    assert state("OPEC", "2019-01-01")["Qatar"] == "former"
    assert state("OPEC", "2023-12-31")["Angola"] == "active"
    assert state("OPEC", "2024-01-01")["Angola"] == "former"
    in_2000 = state("OPEC", "2000")
    assert in_2000["Ecuador"] == "suspended" and in_2000["Gabon"] == "former"
    assert state("OPEC", "2016-06")["Indonesia"] == "active"
    assert state("OPEC", "2020-06-01")["Indonesia"] == "suspended"
    assert state("OPEC", "2020-06-01")["Ecuador"] == "former"


# ---------------------------------------------------------------- contested and changed statuses
def test_brics_2024_saudi_arabia_contested(state):
    now = state("BRICS", "2024-06-01")
    assert now["Saudi Arabia"] == "disputed"
    assert with_state(now, "active") == BRICS_2024


def test_brics_2024_year_lists_saudi_arabia_as_disputed(state):
    assert state("BRICS", "2024")["Saudi Arabia"] == "disputed"


def test_brics_indonesia_partner_then_member(state):
    assert "Indonesia" not in state("BRICS", "2025-01-03")
    assert "Indonesia" in with_state(state("BRICS", "2025-01-03", role="partner"), "active")
    assert state("BRICS", "2025-01-06")["Indonesia"] == "active"
    assert "Indonesia" not in members(state("BRICS", "2025-01-06", role="partner"))


def test_brics_partners_2025(state):
    assert members(state("BRICS", "2025-02-01", role="partner")) == BRICS_PARTNERS_2025 | {"Nigeria"}
    assert members(state("BRICS", "2025-07-01", role="partner")) == BRICS_PARTNERS_2025 | {"Nigeria", "Vietnam"}
    assert members(state("BRICS", "2025-07-01")) == BRICS_2024 | {"Indonesia", "Saudi Arabia"}


def test_csto_armenia_frozen_2024(state):
    assert state(CSTO, "2024-06")["Armenia"] == "frozen"
    assert state(CSTO, "2023-06")["Armenia"] == "active"
    assert members(state(CSTO, "2024-06")) == CSTO_2015


def test_csto_uzbekistan_2010_versus_2013(state):
    assert state(CSTO, "2010")["Uzbekistan"] == "active"
    assert state(CSTO, "2013")["Uzbekistan"] == "former"


def test_csto_1999_departures(state):
    in_2000 = state(CSTO, "2000")
    assert {m for m in ("Uzbekistan", "Azerbaijan", "Georgia") if in_2000[m] == "former"} == {
        "Uzbekistan", "Azerbaijan", "Georgia"}


def test_cis_georgia_left_2009(state):
    assert state(CIS, "2009-08-17")["Georgia"] == "active"
    assert state(CIS, "2009-08-18")["Georgia"] == "former"
    assert state(CIS, "2010")["Georgia"] == "former"


def test_cis_ukraine_2019_contested(state):
    assert state(CIS, "2019")["Ukraine"] == "disputed"
    assert state(CIS, "2005")["Ukraine"] == "disputed"


def test_cis_turkmenistan_associate_since_2005(state):
    assert state(CIS, "2006", role="associate") == {"Turkmenistan": "active"}
    assert state(CIS, "2006")["Turkmenistan"] == "former"
    assert state(CIS, "2005-08-25")["Turkmenistan"] == "active"


def test_cis_azerbaijan_did_not_ratify_then_rejoined(state):
    assert state(CIS, "1992-06")["Azerbaijan"] == "disputed"
    assert state(CIS, "1993-03")["Azerbaijan"] == "former"
    assert state(CIS, "1993-09-24")["Azerbaijan"] == "active"


def test_nato_france_integrated_command_is_not_membership(state):
    assert state(NATO, "1970")["France"] == "active"
    assert state(NATO, "1978")["Greece"] == "active"


def test_eu_united_kingdom_former_after_brexit(state):
    assert state(EU, "2020-01-31")["United Kingdom"] == "active"
    assert state(EU, "2020-02-01")["United Kingdom"] == "former"


def test_sco_observers(state):
    assert members(state(SCO, "2017-06-08", role="observer")) == {"India", "Pakistan", "Iran", "Mongolia",
                                                                  "Afghanistan", "Belarus"}
    assert members(state(SCO, "2017-06-09", role="observer")) == {"Iran", "Mongolia", "Afghanistan", "Belarus"}
    assert members(state(SCO, "2012-01", role="partner")) == {"Belarus"}


def test_eaeu_observers(state):
    assert members(state(EAEU, "2019", role="observer")) == {"Moldova"}
    assert members(state(EAEU, "2021", role="observer")) == {"Moldova", "Uzbekistan", "Cuba"}
    assert members(state(EAEU, "2025-03", role="observer")) == {"Moldova", "Uzbekistan", "Cuba", "Iran"}


def test_ots_uzbekistan_2019_and_observers(state):
    assert "Uzbekistan" not in state(OTS, "2019-10-14")
    assert members(state(OTS, "2019", role="observer")) == {"Hungary"}
    assert members(state(OTS, "2022", role="observer")) == {"Hungary", "Turkmenistan"}


def test_guam_uzbekistan_suspended_2003(state):
    assert state(GUAM, "2003")["Uzbekistan"] == "suspended"
    assert state(GUAM, "2005-05-06")["Uzbekistan"] == "former"


def test_asean_timor_leste_observer_then_member(state):
    assert state("ASEAN", "2024", role="observer") == {"East Timor": "active"}
    assert "East Timor" not in state("ASEAN", "2025-10-25")
    assert state("ASEAN", "2025-10-26")["East Timor"] == "active"


def test_contested_rows_explain_themselves(history_url):
    """A disputed row from the curated history carries the note naming the disagreeing sources."""
    from click.testing import CliRunner

    from factdb.cli import cli

    result = CliRunner().invoke(cli, ["--db", history_url, "members", "BRICS", "--as-of", "2024-06-01",
                                      "--format", "json"], catch_exceptions=False)
    row = next(r for r in json.loads(result.stdout) if r["member"] == "Saudi Arabia")
    assert row["status"] == "disputed" and row["standing"] == "contested"
    assert "al-Qasabi" in row["note"] and "contested" in row["reason"]
