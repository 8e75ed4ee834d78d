"""Score a numeric-claim extractor against the annotated evaluation set.

Run ``python -m benchmarks.evaluate [--file F] [--extractor factdb|quantulum3|both]
[--json] [--errors]``; ``--articles [--split S] [--lang en|ru|all]`` scores whole
articles instead (:mod:`benchmarks.articles`). The set (``benchmarks/eval/sentences.yml``) and its
conventions are described in ``docs/evaluation.md``.

A predicted claim matches a gold claim when their character spans overlap and
their values agree (relative tolerance 1e-6; shares to 5e-5 because
two-thirds is annotated as 0.6667). Each gold and each prediction is used at
most once. Everything here is pure Python over text: loading and scoring never
touch a database, and quantulum3 / factdb are imported only when asked for.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from factdb.hedges import APPROX_TOLERANCE, hedge_interval  # noqa: F401
from factdb.records import PROPERTIES, QUALIFIERS

DEFAULT_FILE = Path(__file__).parent / "eval" / "sentences.yml"
STYLES = ("wire", "russian_press", "central_asian", "dateline", "headline", "ticker")
FIXED_UNITS = ("person", "count", "km", "mile", "m", "day", "week", "month", "year", "fraction")
CURRENCY_UNITS = ("USD", "EUR", "RUB", "TJS", "KGS", "KZT", "UZS", "CNY", "GBP", "AFN", "TMT")
UNITS = FIXED_UNITS + CURRENCY_UNITS
REL_TOL = 1e-6
FRACTION_ABS_TOL = 5e-5

_WORDCHAR = re.compile(r"\w")


@dataclass(frozen=True)
class GoldClaim:
    property: str
    value: float
    qualifier: str
    unit: str
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    expr: str
    start: int
    end: int
    counted: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    style: str
    text: str
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True)
class Prediction:
    """What the scorer needs from any extractor; None means "not predicted"."""

    start: int
    end: int
    value: float
    property: str | None = None
    qualifier: str | None = None
    unit: str | None = None  # or a "a|b" set of acceptable units (baseline only)
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True


# ---------------------------------------------------------------- loading
def find_expr(text: str, expr: str, index: int = 0) -> tuple[int, int] | None:
    """Span of the ``index``-th standalone occurrence of ``expr`` in ``text``.

    Standalone: not glued to a letter/digit on either side and not part of a
    longer decimal ("20" is not found in "2015" nor in "1.20").
    """
    seen = 0
    pos = text.find(expr)
    while pos != -1:
        end = pos + len(expr)
        before = text[pos - 1] if pos else ""
        after = text[end] if end < len(text) else ""
        glued = (before and _WORDCHAR.match(before) and _WORDCHAR.match(expr[0])) or (
            after and _WORDCHAR.match(after) and _WORDCHAR.match(expr[-1])
        )
        decimal = (after in ".," and text[end + 1 : end + 2].isdigit()) or (
            before in ".," and text[pos - 2 : pos - 1].isdigit()
        )
        if not glued and not decimal:
            if seen == index:
                return pos, end
            seen += 1
        pos = text.find(expr, pos + 1)
    return None


def expected_interval(qualifier: str, value: float, high: float | None = None):
    """(low, high, low_inclusive, high_inclusive) that the interval rules give.

    ``high`` is the upper end, needed only for ``range``. Inclusive flags of an
    open (None) end are reported as True and are never compared.
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; use one of {QUALIFIERS}")
    if qualifier == "range" and high is None:
        raise ValueError("a range needs its upper end")
    # the extractor's own rule (factdb.hedges), so the gold is checked against what factdb does
    _, lo, hi, lo_inc, hi_inc = hedge_interval(qualifier, value, high)
    return lo, hi, lo_inc, hi_inc


def _close(a: float | None, b: float | None, fraction: bool = False) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if fraction and abs(a - b) <= FRACTION_ABS_TOL:
        return True
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def validate_raw(raw: dict) -> list[str]:
    """Problems with one raw YAML item (empty list when it is valid)."""
    errs: list[str] = []
    iid = raw.get("id", "?")
    for key in ("id", "style", "text", "claims"):
        if key not in raw:
            errs.append(f"{iid}: missing key {key!r}")
    if errs:
        return errs
    if raw["style"] not in STYLES:
        errs.append(f"{iid}: style {raw['style']!r} not in {STYLES}")
    for n, c in enumerate(raw["claims"] or []):
        where = f"{iid} claim {n}"
        if c.get("property") not in PROPERTIES:
            errs.append(f"{where}: property {c.get('property')!r} not in PROPERTIES")
        if c.get("qualifier") not in QUALIFIERS:
            errs.append(f"{where}: qualifier {c.get('qualifier')!r} not in QUALIFIERS")
            continue
        if c.get("unit") not in UNITS:
            errs.append(f"{where}: unit {c.get('unit')!r} not in {UNITS}")
        if find_expr(raw["text"], str(c.get("expr", "")), c.get("expr_index", 0)) is None:
            errs.append(f"{where}: expr {c.get('expr')!r} not found standalone in the text")
        if c.get("unit") == "count" and not c.get("counted"):
            errs.append(f"{where}: unit 'count' needs the counted noun")
        try:
            want = expected_interval(c["qualifier"], float(c["value"]), c.get("high"))
        except (ValueError, TypeError, KeyError) as exc:
            errs.append(f"{where}: {exc}")
            continue
        got = (c.get("low"), c.get("high"), c.get("low_inclusive"), c.get("high_inclusive"))
        if not (_close(got[0], want[0]) and _close(got[1], want[1])):
            errs.append(f"{where}: interval {got[:2]} but {c['qualifier']} gives {want[:2]}")
        if (want[0] is not None and got[2] != want[2]) or (want[1] is not None and got[3] != want[3]):
            errs.append(f"{where}: inclusive flags {got[2:]} but {c['qualifier']} gives {want[2:]}")
    return errs


def load_items(path: Path | str = DEFAULT_FILE) -> list[Item]:
    """Load and validate the set; raises ValueError listing every problem."""
    import yaml

    raw_items = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw_items, list):
        raise ValueError(f"{path}: expected a YAML list of items")
    errs = [e for raw in raw_items for e in validate_raw(raw)]
    ids = [raw.get("id") for raw in raw_items]
    errs += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    if errs:
        raise ValueError(f"{path}: {len(errs)} problem(s):\n  " + "\n  ".join(errs[:50]))
    items = []
    for raw in raw_items:
        claims = []
        for c in raw["claims"] or []:
            start, end = find_expr(raw["text"], c["expr"], c.get("expr_index", 0))
            claims.append(GoldClaim(
                property=c["property"], value=float(c["value"]), qualifier=c["qualifier"],
                unit=c["unit"], low=c.get("low"), high=c.get("high"),
                low_inclusive=bool(c.get("low_inclusive", True)),
                high_inclusive=bool(c.get("high_inclusive", True)),
                expr=c["expr"], start=start, end=end, counted=c.get("counted")))
        items.append(Item(str(raw["id"]), raw["style"], raw["text"], tuple(claims)))
    return items


# ---------------------------------------------------------------- matching
def _unit_ok(gold_unit: str, pred_unit: str | None) -> bool:
    return pred_unit is not None and gold_unit in pred_unit.split("|")


def match(gold: Iterable[GoldClaim], preds: Iterable[Prediction]) -> list[tuple[int, int]]:
    """Pairs (gold index, prediction index): spans overlap and values agree.

    Greedy on overlap length, so each side is used at most once.
    """
    gold, preds = list(gold), list(preds)
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0 and _close(p.value, g.value, g.unit == "fraction"):
                cands.append((-overlap, gi, pi))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else (1.0 if npred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": npred, "gold": ngold}


def interval_equal(g: GoldClaim, p: Prediction) -> bool:
    frac = g.unit == "fraction"
    if not (_close(g.low, p.low, frac) and _close(g.high, p.high, frac)):
        return False
    if g.low is not None and g.low_inclusive != p.low_inclusive:
        return False
    return g.high is None or g.high_inclusive == p.high_inclusive


def score(items: list[Item], predictions: list[list[Prediction]], typed: bool = True) -> dict:
    """Metrics for one extractor; ``typed=False`` marks property/qualifier as n/a."""
    tp = npred = ngold = 0
    prop_tp = {p: 0 for p in PROPERTIES}
    prop_pred = {p: 0 for p in PROPERTIES}
    prop_gold = {p: 0 for p in PROPERTIES}
    style = {s: [0, 0, 0] for s in STYLES}
    agree = {"property": 0, "qualifier": 0, "unit": 0, "interval": 0}
    neg_fp = neg_items_hit = 0
    errors = []
    for item, preds in zip(items, predictions):
        pairs = match(item.claims, preds)
        tp, npred, ngold = tp + len(pairs), npred + len(preds), ngold + len(item.claims)
        st = style[item.style]
        st[0], st[1], st[2] = st[0] + len(pairs), st[1] + len(preds), st[2] + len(item.claims)
        if not item.claims and preds:
            neg_fp += len(preds)
            neg_items_hit += 1
        for g in item.claims:
            prop_gold[g.property] += 1
        for p in preds:
            if p.property in prop_pred:
                prop_pred[p.property] += 1
        for gi, pi in pairs:
            g, p = item.claims[gi], preds[pi]
            if p.property == g.property:
                agree["property"] += 1
                prop_tp[g.property] += 1
            agree["qualifier"] += p.qualifier == g.qualifier
            agree["unit"] += _unit_ok(g.unit, p.unit)
            agree["interval"] += interval_equal(g, p)
            if (p.property, p.qualifier) != (g.property, g.qualifier) or not _unit_ok(g.unit, p.unit):
                errors.append((item.id, "wrong", g.expr, _desc_gold(g), _desc_pred(item.text, p)))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        errors += [(item.id, "missed", g.expr, _desc_gold(g), "")
                   for gi, g in enumerate(item.claims) if gi not in matched_g]
        errors += [(item.id, "spurious", item.text[p.start:p.end], "", _desc_pred(item.text, p))
                   for pi, p in enumerate(preds) if pi not in matched_p]
    rate = (lambda k: agree[k] / tp if tp else 0.0)
    out = {
        "detection": _prf(tp, npred, ngold),
        "per_property": {p: _prf(prop_tp[p], prop_pred[p], prop_gold[p]) for p in PROPERTIES}
        if typed else None,
        "per_style": {s: _prf(*v) for s, v in style.items() if v[2] or v[1]},
        "property_accuracy": rate("property") if typed else None,
        "qualifier_accuracy": rate("qualifier") if typed else None,
        "unit_accuracy": rate("unit"),
        "interval_exact": rate("interval") if typed else None,
        "negatives": {"items": sum(1 for i in items if not i.claims),
                      "false_positives": neg_fp, "items_with_fp": neg_items_hit},
        "errors": errors,
    }
    return out


def _desc_gold(g: GoldClaim) -> str:
    return f"{g.property}/{g.qualifier}/{g.unit} {g.value:g}"


def _desc_pred(text: str, p: Prediction) -> str:
    return f"{p.property}/{p.qualifier}/{p.unit} {p.value:g} [{text[p.start:p.end]!r}]"


# ---------------------------------------------------------------- extractors
Extractor = Callable[[str], list[Prediction]]


def factdb_extractor() -> Extractor:
    """The project's extractor; raises ImportError if it does not exist yet."""
    from factdb.extract.claims import extract_claims

    def run(text: str) -> list[Prediction]:
        return [p for p in (_sentence_set_view(c) for c in extract_claims(text)) if p is not None]

    return run


def _sentence_set_view(c) -> Prediction | None:
    """A claim as the sentence sets annotate it.

    Those sets predate the generic property ``quantity``: every percentage there
    is a ``share`` (a fraction), a price per unit is an ``exchange_rate`` in its
    currency ("Brent $82.40"), and other quantities (ages, for one) are not
    claims. So a quantity in percent is scored as a share of value/100, a price
    per unit as a rate, and other quantities are left out.
    """
    if c.property != "quantity":
        return Prediction(c.start, c.end, c.value, c.property, c.qualifier, c.unit,
                          c.low, c.high, c.low_inclusive, c.high_inclusive)
    if c.unit == "percent":
        pct = (lambda x: None if x is None else round(x / 100, 8))
        return Prediction(c.start, c.end, pct(c.value), "share", c.qualifier, "fraction",
                          pct(c.low), pct(c.high), c.low_inclusive, c.high_inclusive)
    code = c.unit.split("/")[0]
    if "/" in c.unit and code.isupper() and len(code) == 3:
        return Prediction(c.start, c.end, c.value, "exchange_rate", c.qualifier, code,
                          c.low, c.high, c.low_inclusive, c.high_inclusive)
    return None


_Q_UNITS = {"kilometre": "km", "mile": "mile", "metre": "m", "day": "day", "week": "week",
            "month": "month", "year": "year", "percentage": "fraction", "per cent": "fraction",
            "dimensionless": "count|person"}


def quantulum_extractor() -> Extractor:
    """quantulum3 as a peer baseline: span, value and (mapped) unit only."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser

    def run(text: str) -> list[Prediction]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantities = parser.parse(text)
        out = []
        for q in quantities:
            code = getattr(q.unit, "currency_code", None)
            unit = code if code else _Q_UNITS.get(q.unit.name)
            value = float(q.value)
            if unit == "fraction":
                value /= 100.0
            out.append(Prediction(q.span[0], q.span[1], value, unit=unit))
        return out

    return run


def throughput(run: Extractor, texts: list[str], target_bytes: int) -> float:
    """MB/s of ``run`` over the set's texts cycled until ``target_bytes`` are read."""
    done, start, i = 0, time.perf_counter(), 0
    while done < target_bytes:
        t = texts[i % len(texts)]
        run(t)
        done += len(t.encode("utf-8"))
        i += 1
    return done / 1e6 / (time.perf_counter() - start)


# ---------------------------------------------------------------- report
def _fmt(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_table(results: dict) -> str:
    names = list(results)
    lines = [f"{'metric':32}" + "".join(f"{n:>14}" for n in names)]

    def row(label, get):
        lines.append(f"{label:32}" + "".join(f"{get(results[n]):>14}" for n in names))

    for k in ("precision", "recall", "f1"):
        row(f"detection {k}", lambda r, k=k: _fmt(r["detection"][k]))
    row("detection tp/pred/gold", lambda r: "{tp}/{predicted}/{gold}".format(**r["detection"]))
    for k in ("property_accuracy", "qualifier_accuracy", "unit_accuracy", "interval_exact"):
        row(k.replace("_", " ") + " (matched)", lambda r, k=k: _fmt(r[k]))
    row("negatives: false positives", lambda r: str(r["negatives"]["false_positives"]))
    row("negatives: items hit", lambda r: "{items_with_fp}/{items}".format(**r["negatives"]))
    row("throughput MB/s", lambda r: _fmt(r.get("mb_per_s")))
    for p in PROPERTIES:
        row(f"{p} P/R/F1", lambda r, p=p: "n/a" if r["per_property"] is None else
            "{:.2f}/{:.2f}/{:.2f}".format(*(r["per_property"][p][k] for k in ("precision", "recall", "f1"))))
    for s in STYLES:
        row(f"style {s} P/R", lambda r, s=s: "-" if s not in r["per_style"] else
            "{:.2f}/{:.2f}".format(r["per_style"][s]["precision"], r["per_style"][s]["recall"]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--file", default=str(DEFAULT_FILE), help="annotated YAML set")
    ap.add_argument("--extractor", choices=("factdb", "quantulum3", "both"), default="both")
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--errors", action="store_true", help="list missed, spurious and mistyped claims")
    ap.add_argument("--bench-mb", type=float, default=1.0, help="MB of text for the speed test (0: skip)")
    ap.add_argument("--articles", action="store_true",
                    help="score whole articles (benchmarks/eval/articles) instead of sentences")
    ap.add_argument("--split", action="append", choices=("dev", "test", "ru-dev", "ru-test"),
                    help="with --articles: only this split (repeatable); default all")
    ap.add_argument("--lang", choices=("en", "ru", "all"), default="all",
                    help="with --articles: English splits, Russian splits or both (default)")
    args = ap.parse_args(argv)
    if args.articles:
        from benchmarks.articles import main_articles

        return main_articles(args)
    try:
        items = load_items(args.file)
    except (OSError, ValueError) as exc:
        print(f"error: cannot load the evaluation set: {exc}", file=sys.stderr)
        return 2
    wanted = ["factdb", "quantulum3"] if args.extractor == "both" else [args.extractor]
    runners: dict[str, Extractor] = {}
    results: dict[str, dict] = {}
    for name in wanted:
        try:
            runners[name] = factdb_extractor() if name == "factdb" else quantulum_extractor()
        except ImportError as exc:
            if name == "factdb":
                print(f"error: factdb.extract.claims.extract_claims is not importable ({exc}); "
                      "implement it or run with --extractor quantulum3", file=sys.stderr)
                return 2
            print(f"warning: quantulum3 baseline unavailable ({exc}); skipped", file=sys.stderr)
    texts = [i.text for i in items]
    for name, run in runners.items():
        res = score(items, [run(t) for t in texts], typed=(name == "factdb"))
        res["mb_per_s"] = throughput(run, texts, int(args.bench_mb * 1e6)) if args.bench_mb > 0 else None
        results[name] = res
    summary = {"file": args.file, "items": len(items),
               "negative_items": sum(1 for i in items if not i.claims),
               "gold_claims": sum(len(i.claims) for i in items), "extractors": {}}
    for name, res in results.items():
        errs = res.pop("errors")
        summary["extractors"][name] = res | ({"errors": errs} if args.errors else {})
        if args.errors and not args.json:
            print(f"--- {name}: {len(errs)} error(s)")
            for e in errs:
                print("  " + " | ".join(e))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{summary['items']} items ({summary['negative_items']} negatives), "
              f"{summary['gold_claims']} gold claims — {args.file}")
        print(format_table({n: summary["extractors"][n] for n in results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
