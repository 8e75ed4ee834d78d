"""Numeric conflict precision on the seeds + the development split: every flagged pair judged, >= 0.9 true."""

from __future__ import annotations


def test_precision_on_the_seeds_and_the_dev_split():
    from benchmarks.conflict_precision import flagged_pairs, judge

    result = judge(flagged_pairs())
    assert result["unjudged"] == [], "judge the new pairs in benchmarks/eval/conflicts-dev.yml"
    assert result["precision"] >= 0.9, result["pairs"]
    # the seeds' finding is still there
    assert any(p["rule"] == "headline" and set(p["values"]) == {"$70 billion", "70 billion rubles"}
               for p in result["pairs"])
