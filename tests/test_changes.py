"""Changes are not levels: deltas are marked, new levels kept, and neither makes a false conflict."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from factdb.pipeline import Extractor
from factdb.records import ParsedArticle


@pytest.fixture(scope="module")
def extractor():
    from factdb.load import default_curated_file
    from factdb.registry import load_registry

    return Extractor(load_registry(default_curated_file("registry.yml")))


def _claims(extractor, sentence: str):
    body = f"Headline\n\n{sentence}"
    art = ParsedArticle(title="Headline", body=body, published=dt.date(2022, 9, 20), date_precision="day")
    return extractor.extract(art).claims


@pytest.mark.parametrize("sentence, delta, level", [
    ("The death toll from the border clashes rose by 12 to 36, officials said.", 12, 36),
    ("The number of refugees climbed by 500 to 4,000 on Tuesday.", 500, 4000),
    ("Officials said the toll had risen by 3 to 27 people.", 3, 27),
])
def test_rose_by_to_gives_a_change_and_a_level(extractor, sentence, delta, level):
    claims = {c.value: c for c in _claims(extractor, sentence)}
    assert claims[delta].change == "increase"
    assert claims[level].change is None
    assert claims[level].property == claims[delta].property


def test_from_to_keeps_the_old_level_undated(extractor):
    # "on Monday" is news of the day: as of publication (docs/annotation.md §6); this
    # pinned the resolved Monday before
    claims = {c.value: c for c in _claims(extractor, "The death toll in the clashes rose from 24 to 36 on Monday.")}
    assert claims[36].as_of == dt.date(2022, 9, 20) and claims[36].change is None
    assert claims[24].as_of is None


@pytest.mark.parametrize("sentence, value, direction", [
    ("Russia added 1,500 troops to its base in Tajikistan last year.", 1500, "increase"),
    ("Washington pledged an additional $200 million to Kyrgyzstan.", 200e6, "increase"),
    ("Moscow reduced its contingent by 2,000 soldiers in 2012.", 2000, "decrease"),
])
def test_changes_are_marked(extractor, sentence, value, direction):
    claims = {c.value: c for c in _claims(extractor, sentence)}
    assert claims[value].change == direction


def test_change_filter_and_no_false_conflict(run_cli, tmp_path):
    (tmp_path / "toll.md").write_text(
        "---\npublished: 2022-09-20\n---\n# Toll rises\n\n"
        "The death toll in the Kyrgyz-Tajik border clashes rose from 24 to 36 on Monday, and by 12 more"
        " in the villages, officials said.\n",
        encoding="utf-8")
    assert run_cli("load", str(tmp_path)).exit_code == 0
    levels = json.loads(run_cli("claims", "--change", "none", "--format", "json").stdout)
    assert 36 in [c["value"] for c in levels]
    assert all(c["change"] is None for c in levels)
    conflicts = json.loads(run_cli("conflicts", "--format", "json").stdout)
    assert [c for c in conflicts if c["kind"] == "numeric"] == []
