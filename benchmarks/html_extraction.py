"""Score factdb's saved-page reading on the article-extraction benchmark pages.

Run ``python -m benchmarks.html_extraction [--dir DIR] [--json] [--worst N]``.
``DIR`` (default ``../shared/html-benchmark`` beside the checkout) holds
``html/<id>.html.gz`` and ``ground-truth.json`` (``{id: {"articleBody": ...}}``).

The scoring is the benchmark's own (scrapinghub/article-extraction-benchmark,
``evaluate.py``), reimplemented: text is cut into ``\\w+`` tokens, tokens into
overlapping 4-token shingles counted with multiplicity; a page's true positives
are the shared shingles, false positives the extra predicted ones, false
negatives the missing true ones, normalised by their sum so that every page
weighs the same. Precision is averaged over pages with a prediction, recall over
pages with a true body, and F1 is computed from the two averages.

Each page goes through :func:`factdb.pipeline.parse_source` exactly as
``factdb load`` reads a ``.html.gz`` file (gunzip, decode, trafilatura,
htmldate, the article checks). A page factdb skips as not an article counts as
an empty prediction. Two figures are scored: the **article text** (the stored
body without its first paragraph, the headline, which the benchmark's bodies do
not contain) and the **stored body** as is. Speed is pages per CPU-second of one
process, best of three passes after a warm-up pass.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "html-benchmark"
NGRAM = 4
TARGET_F1 = 0.95
TARGET_PAGES_PER_S = 50.0

_TOKEN_RE = re.compile(r"\w+")


# ---------------------------------------------------------------- scoring


def shingles(text: str, n: int = NGRAM) -> Counter:
    """Counted n-token shingles of ``text`` (a text shorter than n tokens is one shingle)."""
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def shingle_match(true: str, pred: str, n: int = NGRAM) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1 (all 0 when both texts are empty)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(matches: list[tuple[float, float, float]]) -> dict:
    """Precision over pages with a prediction, recall over pages with a true body, F1 of the two."""
    precision = statistics.mean(_precision(*m) for m in matches if m[0] + m[1] > 0)
    recall = statistics.mean(_recall(*m) for m in matches if m[0] + m[2] > 0)
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


# ---------------------------------------------------------------- running


def load_pages(folder: Path) -> tuple[dict, dict]:
    """({id: gzipped bytes}, ground truth) of the benchmark folder."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: (folder / "html" / f"{key}.html.gz").read_bytes() for key in sorted(truth)}
    return pages, truth


def extract_all(pages: dict) -> tuple[dict, dict]:
    """({id: ParsedArticle}, {id: reason}) for every page, as factdb load reads it."""
    from factdb.errors import LoadError, NotAnArticle
    from factdb.pipeline import SourceFile, parse_source

    articles, skipped = {}, {}
    for key, raw in pages.items():
        try:
            articles[key] = parse_source(SourceFile(f"{key}.html.gz", raw, key))
        except NotAnArticle as exc:
            skipped[key] = exc.reason
        except LoadError as exc:
            skipped[key] = f"failed: {exc.reason}"
    return articles, skipped


def pages_per_cpu_second(pages: dict, repeat: int = 3) -> float:
    """Pages per CPU-second of this process, best of ``repeat`` passes (after one warm-up)."""
    extract_all(pages)  # warm-up: imports, trafilatura's and courlan's tables
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        extract_all(pages)
        best = min(best, time.process_time() - t0)
    return len(pages) / best


def article_text(article) -> str:
    """The stored body without its first paragraph (the headline)."""
    return article.body[len(article.title):].lstrip("\n")


def evaluate(folder: Path = DEFAULT_DIR, *, timed: bool = True) -> dict:
    pages, truth = load_pages(folder)
    articles, skipped = extract_all(pages)
    result = {"pages": len(pages), "skipped": skipped}
    for name, text_of in (("article_text", article_text), ("stored_body", lambda a: a.body)):
        per_page = {key: shingle_match(truth[key].get("articleBody", ""),
                                       text_of(articles[key]) if key in articles else "")
                    for key in pages}
        result[name] = metrics(list(per_page.values()))
        result[name + "_pages"] = per_page
    if timed:
        result["pages_per_cpu_second"] = pages_per_cpu_second(pages)
    return result


def bench(report, folder: Path = DEFAULT_DIR) -> None:
    """The figures of ``python -m benchmarks`` (section "html")."""
    from .harness import Figure

    if not (folder / "ground-truth.json").is_file():
        report.notes.append(f"- html: skipped, no benchmark pages at {folder}")
        return
    r = evaluate(folder)
    note = (f"{r['pages']} pages of the article-extraction benchmark, {len(r['skipped'])} skipped as not "
            "articles; `python -m benchmarks.html_extraction`")
    report.add(Figure("html", "saved pages: gunzip + parse_html, 1 core", r["pages_per_cpu_second"], "pages/s",
                      "target (absolute)", TARGET_PAGES_PER_S, target=1.0, target_text=">= 50 pages/s",
                      note=note))
    report.add(Figure("html", "article text shingle F1", r["article_text"]["f1"], "F1", "target (absolute)",
                      TARGET_F1, target=1.0, target_text=">= 0.95"))
    report.add(Figure("html", "stored body shingle F1", r["stored_body"]["f1"], "F1", "target (absolute)",
                      TARGET_F1, target=1.0, target_text=">= 0.95"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.html_extraction", description=__doc__.split("\n")[0])
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR, help=f"benchmark folder (default {DEFAULT_DIR})")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--worst", type=int, default=0, metavar="N", help="also list the N pages with the lowest F1")
    args = ap.parse_args(argv)
    if not (args.dir / "ground-truth.json").is_file():
        print(f"no ground-truth.json in {args.dir}: pass --dir", file=sys.stderr)
        return 1
    r = evaluate(args.dir)
    if args.json:
        print(json.dumps({k: v for k, v in r.items() if not k.endswith("_pages")}, indent=2))
        return 0
    print(f"{r['pages']} pages, {len(r['skipped'])} skipped as not articles")
    for name, label in (("article_text", "article text (body without its headline)"),
                        ("stored_body", "stored body (headline first)")):
        m = r[name]
        print(f"{label:44} F1 {m['f1']:.4f}  precision {m['precision']:.4f}  recall {m['recall']:.4f}")
    print(f"speed: {r['pages_per_cpu_second']:.1f} pages/s per core (gunzip, decode, trafilatura, htmldate, checks)")
    for key, reason in r["skipped"].items():
        print(f"skipped {key[:12]}: {reason}")
    if args.worst:
        worst = sorted(r["article_text_pages"].items(), key=lambda kv: kv[1][0])[: args.worst]
        for key, (tp, fp, fn) in worst:
            print(f"  {key[:12]} tp {tp:.3f} fp {fp:.3f} fn {fn:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
