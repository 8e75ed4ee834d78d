"""Curated annotations and the registry, through real loads on both backends."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS


@pytest.fixture
def seed_copy(tmp_path):
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
    return dst


def _claims(run_cli, *args):
    result = run_cli("claims", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _troops_000(run_cli):
    rows = [c for c in _claims(run_cli, "--property", "troop_count") if "keeps a 6,000-strong" in c["quote"]]
    assert len(rows) == 1
    return rows[0]


def test_seed_annotations_survive_reload_and_an_edited_article(run_cli, seed_copy):
    assert run_cli("load", str(seed_copy)).exit_code == 0
    before = _troops_000(run_cli)
    assert before["subject"] == "201st Military Base" and before["status"] == "confirmed"

    assert run_cli("load", str(seed_copy)).exit_code == 0  # reload: unchanged
    assert _troops_000(run_cli)["id"] == before["id"]

    article = sorted(seed_copy.glob("000_*.txt"))[0]
    text = article.read_text(encoding="utf-8")
    first_para = text.index("DUSHANBE")
    article.write_text(text[:first_para] + "An editor's note was added here.\n\n" + text[first_para:],
                       encoding="utf-8")
    result = run_cli("load", str(seed_copy), "--format", "json")
    assert json.loads(result.stdout)["updated"] == 1
    after = _troops_000(run_cli)
    assert after["subject"] == "201st Military Base" and after["status"] == "confirmed"
    assert after["start"] > before["start"]  # the span moved with the text
    body = json.loads(run_cli("article", str(after["article_id"]), "--format", "json").stdout)["body"]
    assert body[after["start"]:after["end"]].startswith("6,000")


def test_rule_output_stays_visible_and_rejections_keep_their_reason(run_cli, seed_copy):
    ann = seed_copy / "annotations" / "004_0acae4aa53c38f04.yml"
    ann.write_text(ann.read_text(encoding="utf-8") + """
- action: reject
  quote: its length is over 1,350 kilometers
  value: 1350
  reason: testing that a rejected claim stays visible
""", encoding="utf-8")
    assert run_cli("load", str(seed_copy)).exit_code == 0
    rejected = _claims(run_cli, "--status", "rejected")
    assert any(c["value"] == 1350 and c["unit"] == "km" for c in rejected)
    rule = _claims(run_cli, "--method", "rule")
    assert any(c["value"] == 1350 and c["unit"] == "km" for c in rule)


def test_added_claim_is_curated(run_cli, seed_copy):
    ann = seed_copy / "annotations" / "002_2e28ba7b732b2a70.yml"
    ann.write_text("""
- action: add
  quote: CSTO to step up military support for Tajikistan
  value: 1
  property: count
  unit: count
  counted: headline test
  note: an added claim for the test
""", encoding="utf-8")
    assert run_cli("load", str(seed_copy)).exit_code == 0
    curated = _claims(run_cli, "--method", "curated")
    assert [c["counted"] for c in curated] == ["headline test"]
    assert curated[0]["status"] == "confirmed"


def test_stale_annotations_are_reported_by_load_and_check(run_cli, seed_copy):
    ann = seed_copy / "annotations" / "004_0acae4aa53c38f04.yml"
    ann.write_text(ann.read_text(encoding="utf-8") + """
- action: confirm
  quote: a sentence that is nowhere in the article
  value: 77
""", encoding="utf-8")
    result = run_cli("load", str(seed_copy))
    assert result.exit_code == 0
    assert "stale annotation" in result.stderr and "nowhere in the article" in result.stderr
    check = run_cli("annotations", "check", str(seed_copy), "--format", "json")
    assert check.exit_code == 1
    rows = json.loads(check.stdout)
    assert [r["quote"] for r in rows] == ["a sentence that is nowhere in the article"]
    assert rows[0]["line"] is not None


def test_malformed_annotation_fails_that_article_only(run_cli, seed_copy):
    ann = seed_copy / "annotations" / "001_756d9a96cea1d338.yml"
    ann.write_text("- action: confirm\n  quote: x\n  value: [unclosed\n", encoding="utf-8")
    result = run_cli("load", str(seed_copy), "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["loaded"] == 4 and summary["failed"] == 1
    failure = summary["failures"][0]
    assert "001_756d9a96cea1d338.yml" in failure["reason"]
    titles = [a["title"] for a in json.loads(run_cli("articles", "--format", "json").stdout)]
    assert "Putin promises to help Tajikistan after clashes" not in titles


def test_changed_registry_updates_entities_and_relinks_mentions(run_cli, seed_copy):
    assert run_cli("load", str(seed_copy)).exit_code == 0
    assert run_cli("entity", "Gun Battles").exit_code == 1
    registry = seed_copy / "registry.yml"
    registry.write_text(registry.read_text(encoding="utf-8") + """
- name: Test Gun Battles Event
  kind: event
  aliases: [gun battles]
""", encoding="utf-8")
    # a registry.yml inside a loaded folder is not used unless named
    assert json.loads(run_cli("load", str(seed_copy), "--format", "json").stdout)["unchanged"] == 5
    result = run_cli("load", str(seed_copy), "--registry", str(registry), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["unchanged"] == 0 and summary["updated"] == 5
    record = json.loads(run_cli("entity", "gun battles", "--format", "json").stdout)
    assert record["name"] == "Test Gun Battles Event" and record["mention_count"] >= 1
    # the database remembers the registry it was loaded with: no swap back without asking
    again = json.loads(run_cli("load", str(seed_copy), "--format", "json").stdout)
    assert again["unchanged"] == 5 and again["relinked"] == 0
