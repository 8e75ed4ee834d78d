"""The query commands on the seed database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CLAIM_FIELDS = {
    "id", "article_id", "article_title", "published", "subject", "object", "property", "value", "low",
    "high", "low_inclusive", "high_inclusive", "qualifier", "unit", "normalized_value", "normalized_unit",
    "quote", "start", "end", "method", "status", "confidence",
}


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("alias", ["Rahmon", "rakhmon", "Imomali Rakhmon", "Emomali Rahmonov"])
def test_entity_any_alias_any_case(seeded_cli, alias):
    record = _json(seeded_cli("entity", alias, "--format", "json"))
    assert record["name"] == "Emomali Rahmon" and record["kind"] == "person"
    assert {"id", "name", "kind", "wikidata", "aliases", "mention_count", "claims", "memberships"} <= set(record)
    assert record["mention_count"] >= 3


@pytest.mark.parametrize("alias", ["CSTO", "Collective Security Treaty Organisation", "ODKB", "ОДКБ", "одкб"])
def test_alliance_aliases_meet(seeded_cli, alias):
    record = _json(seeded_cli("entity", alias, "--format", "json"))
    assert record["name"] == "Collective Security Treaty Organization"
    members = {m["member"] for m in record["memberships"] if m["role"] == "member"}
    assert {"Russia", "Tajikistan", "Armenia"} <= members


def test_unknown_entity_suggests(seeded_cli):
    result = seeded_cli("entity", "Tajikstan")
    assert result.exit_code == 1
    assert "no entity called 'Tajikstan'" in result.stderr
    assert "Did you mean: Tajikistan" in result.stderr


def test_entities_listing_and_unresolved(seeded_cli):
    rows = _json(seeded_cli("entities", "--kind", "country", "--format", "json"))
    assert rows and all(r["kind"] == "country" for r in rows)
    counts = [r["mention_count"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert rows[0]["name"] in ("Tajikistan", "Russia")
    unresolved = _json(seeded_cli("entities", "--unresolved", "--format", "json"))
    assert all({"name", "mention_count", "example"} <= set(u) for u in unresolved)


def test_claims_json_fields_and_spans(seeded_cli):
    rows = _json(seeded_cli("claims", "--format", "json"))
    assert rows
    for r in rows:
        assert CLAIM_FIELDS <= set(r)
        body = _json(seeded_cli("article", str(r["article_id"]), "--format", "json"))["body"]
        assert body[r["start"]:r["end"]] in r["quote"]
        assert body[r["start"]:r["end"]].strip()


def test_claims_filters(seeded_cli):
    deaths = _json(seeded_cli("claims", "--property", "fatalities", "--format", "json"))
    assert deaths and all(r["property"] == "fatalities" for r in deaths)
    assert {(r["qualifier"], r["value"]) for r in deaths} >= {("more_than", 20.0), ("at_least", 22.0)}
    km = _json(seeded_cli("claims", "--unit", "km", "--min", "1000", "--format", "json"))
    assert km and all(r["unit"] == "km" and r["value"] >= 1000 for r in km)
    rub = _json(seeded_cli("claims", "--subject", "russian federation", "--unit", "RUB", "--format", "json"))
    assert rub and all(r["subject"] == "Russia" for r in rub)
    in_2015 = _json(seeded_cli("claims", "--as-of", "2015", "--format", "json"))
    assert in_2015 and all(r["as_of"].startswith("2015") for r in in_2015)
    between = _json(seeded_cli("claims", "--between", "2013", "2013-12", "--format", "json"))
    # the one 2013 article's two claims (16,000 troops; a half of the border)
    assert sorted((r["property"], r["value"]) for r in between) == [("share", 0.5), ("troop_count", 16000.0)]
    assert all(r["as_of"].startswith("2013") for r in between)
    limited = _json(seeded_cli("claims", "--limit", "2", "--format", "json"))
    assert len(limited) == 2
    bad = seeded_cli("claims", "--as-of", "sometime")
    assert bad.exit_code == 1 and "Traceback" not in bad.output and "sometime" in bad.stderr


def test_members_as_of_summit(seeded_cli):
    rows = _json(seeded_cli("members", "CSTO", "--as-of", "2015-09-15", "--format", "json"))
    status = {r["member"]: r for r in rows if r["role"] == "member"}
    for state in ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"):
        assert status[state]["status"] == "confirmed", state
    uzb = status["Uzbekistan"]
    assert uzb["status"] == "disputed" and uzb["supporting"] == 1 and len(uzb["article_ids"]) >= 1
    for field in ("member", "organization", "role", "status", "supporting", "contradicting", "article_ids",
                  "valid_from", "valid_to"):
        assert field in uzb


def test_conflicts_show_disputes_not_consistent_pairs(seeded_cli):
    rows = _json(seeded_cli("conflicts", "--format", "json"))
    kinds = {(r["kind"], r["subject"]) for r in rows}
    assert ("membership", "Uzbekistan") in kinds
    money = [r for r in rows if r["kind"] == "numeric" and r["property"] == "monetary_amount"]
    assert money, "the $70 billion headline against 70 billion rubles must be a conflict"
    assert any(len(set(r["article_ids"])) == 1 for r in money)
    for r in rows:
        assert r["property"] not in ("fatalities", "border_length"), r


def test_fact_answers_the_troop_question(seeded_cli):
    record = _json(seeded_cli("fact", "201st base", "troop_count", "--format", "json"))
    assert record["subject"] == "201st Military Base"
    assert record["low"] == record["high"] == 6000
    assert len({s["article_id"] for s in record["supporting"]}) >= 2
    text = seeded_cli("fact", "201st base", "troop_count")
    assert "6,000" in text.stdout and "supporting" in text.stdout


def test_search_same_shape_on_both_backends(seeded_cli):
    rows = _json(seeded_cli("search", "border troops", "--format", "json"))
    assert rows
    assert set(rows[0]) == {"article_id", "title", "outlet", "published", "score", "snippet"}
    assert "[" in rows[0]["snippet"] and "]" in rows[0]["snippet"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert _json(seeded_cli("search", "zebra giraffe", "--format", "json")) == []
    assert seeded_cli("search", "\"unbalanced AND (", "--format", "json").exit_code == 0


def test_export_formats(seeded_cli, tmp_path):
    for fmt in ("csv", "json", "parquet"):
        out = tmp_path / f"claims.{fmt}"
        result = seeded_cli("export", "v_claims", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    import pandas as pd

    csv_rows = pd.read_csv(tmp_path / "claims.csv")
    json_rows = json.loads((tmp_path / "claims.json").read_text())
    parquet_rows = pd.read_parquet(tmp_path / "claims.parquet")
    assert len(csv_rows) == len(json_rows) == len(parquet_rows) > 0
    bad = seeded_cli("export", "no_such_table", "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert bad.exit_code == 1 and "exportable" in bad.stderr


def test_dataframe_api_matches_cli(seeded_cli, seeded_url):
    import factdb

    with factdb.connect(seeded_url) as db:
        df = db.claims(property="fatalities")
        cli_rows = _json(seeded_cli("claims", "--property", "fatalities", "--format", "json"))
        assert df["id"].tolist() == [r["id"] for r in cli_rows]
        assert str(df["published"].dtype).startswith("datetime64")
        assert str(df["value"].dtype) == "float64"
        assert str(df["id"].dtype) == "Int64"
        members = db.members("CSTO", as_of="2015-09-15")
        assert "Uzbekistan" in set(members["member"])
        assert db.entity("ODKB")["name"] == "Collective Security Treaty Organization"
        conflicts = db.conflicts()
        assert len(conflicts) == len(_json(seeded_cli("conflicts", "--format", "json")))  # the same rows as the CLI
        assert {"numeric", "membership"} <= set(conflicts["kind"])
        assert db.sql("SELECT count(*) AS n FROM claims")["n"].iloc[0] == len(db.claims())
        table = db.table("v_claims")
        assert sorted(table["claim_id"].tolist()) == sorted(db.claims()["id"].tolist())
        assert str(table["article_published"].dtype).startswith("datetime64")


@pytest.mark.parametrize("args", [["--help"], ["claims", "--limit", "1"], ["entity", "Dushanbe"]])
def test_light_commands_do_not_import_pandas(seeded_url, args):
    code = (
        "import sys\n"
        "from factdb.cli import cli\n"
        "try:\n"
        f"    cli({['--db', seeded_url] + args!r})\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "heavy = [m for m in ('pandas', 'numpy', 'alembic', 'sqlalchemy.orm') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "sys.exit(3 if heavy else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
