"""Numeric conflict precision on the seeds + the development split, against judged verdicts.

``python -m benchmarks.conflict_precision [--json]`` loads ``seeds/`` and
``benchmarks/eval/articles/dev/`` into a temporary SQLite database, reads the
stored numeric conflicts (what ``factdb conflicts`` prints) and matches each
against ``benchmarks/eval/conflicts-dev.yml``. Precision is the share of
flagged pairs judged true. Exit status 1 when a flagged pair has no verdict.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ROOT / "benchmarks" / "eval" / "conflicts-dev.yml"
FOLDERS = ("seeds", "benchmarks/eval/articles/dev")


def _key(files, values) -> tuple:
    import re

    # figures as written, any run of whitespace (no-break spaces too) as one space
    return tuple(sorted(files)), tuple(sorted(re.sub(r"\s+", " ", v) for v in values))


def flagged_pairs(url: str | None = None) -> list[dict]:
    """Load the seeds and the dev split (into ``url``, default a temporary file) and list numeric conflicts."""
    from factdb.db import Database
    from factdb.load import load_paths
    from factdb.queries.agreement import conflicts
    from factdb.queries.articles import get_article

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(url or f"sqlite:///{Path(tmp) / 'precision.sqlite'}")
        from factdb import schema

        schema.upgrade(db, "head")
        load_paths(db, [str(ROOT / f) for f in FOLDERS])
        out = []
        with db.connect() as conn:
            for c in conflicts(conn):
                if c["kind"] != "numeric":
                    continue
                paths = sorted({str(Path(get_article(conn, a)["path"]).resolve().relative_to(ROOT))
                                for a in c["article_ids"]})
                out.append({"files": paths, "values": c["values"], "rule": c["rule"], "subject": c["subject"],
                            "property": c["property"], "reason": c["reason"]})
        db.dispose()
    return out


def judge(pairs: list[dict], verdicts_path: Path = VERDICTS) -> dict:
    import yaml

    judged = {_key(v["files"], v["values"]): v for v in yaml.safe_load(verdicts_path.read_text(encoding="utf-8"))}
    rows, unjudged = [], []
    for p in pairs:
        v = judged.get(_key(p["files"], p["values"]))
        if v is None:
            unjudged.append(p)
        rows.append({**p, "verdict": None if v is None else bool(v["verdict"]), "why": None if v is None else v["why"]})
    true = sum(1 for r in rows if r["verdict"])
    return {"flagged": len(rows), "true": true, "precision": (true / len(rows)) if rows else 1.0,
            "pairs": rows, "unjudged": unjudged}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.conflict_precision", description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = judge(flagged_pairs())
    if args.json:
        json.dump(result, sys.stdout, indent=2, default=str)
        print()
    else:
        print(f"numeric conflicts flagged: {result['flagged']}, judged true: {result['true']}, "
              f"precision: {result['precision']:.2f}")
        for r in result["pairs"]:
            verdict = {True: "true", False: "FALSE", None: "UNJUDGED"}[r["verdict"]]
            print(f"- [{verdict}] {r['rule']}: {r['subject']} / {r['property']}: {' vs '.join(r['values'])}"
                  f" ({', '.join(r['files'])})")
    return 1 if result["unjudged"] else 0


if __name__ == "__main__":
    sys.exit(main())
