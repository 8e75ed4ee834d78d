"""Article-level scoring: the real parser and pipeline on whole articles against their gold.

Run through ``python -m benchmarks.evaluate --articles``. The set and its file
format are described in ``benchmarks/eval/articles/README.md``, the annotation
rules in ``docs/annotation.md`` and the metrics in ``docs/evaluation.md``
("Article-level evaluation").

For each article the ``.md`` file is parsed with :func:`factdb.pipeline.parse_source`
and run through :class:`factdb.pipeline.Extractor` with the shipped registry,
exactly as ``factdb load`` would. Each gold claim is located in the parsed body
(its ``evidence`` occurs once; ``expr`` inside it is the span). Then:

* **Detection**: a prediction matches a gold claim when their spans overlap and
  their values agree: equal as written, or equal once both are converted to one
  unit (a ``share`` of 0.074 and a ``quantity`` of 7.4 ``percent`` agree; so do
  2 ``week`` and 14 ``day``). Greedy on overlap length, each side used once.
* **Strict**: a matched pair with the same property, unit and qualifier (the
  value already agrees). Strict precision/recall/F1 are over all predictions
  and all gold claims.
* On matched pairs: property, qualifier and unit accuracy; subject and object
  accuracy (names resolved through the registry's aliases, ``subject_alt``
  accepted, an unresolvable name compared by :func:`factdb.normalize.alias_key`;
  a null gold needs a null prediction); as-of accuracy (gold null = as of
  publication: the prediction must be null or the publication date; otherwise
  the same date at the gold's precision, predicted at least that precisely).
* **Memberships**, per article: the gold entries and the predictions are each
  reduced to the set of distinct ``(member, organization, role, status)``
  keys, so one membership restated in five sentences is one key. A predicted
  key matches a gold key with the same member, organization and role and a
  compatible status: equal statuses, or, for a prediction that carries only
  a ``negated`` flag, the same polarity (active/pending positive,
  suspended/former/negated negative). Precision and recall are over keys.

Pure Python over files: nothing here touches a database.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ARTICLES_DIR = Path(__file__).parent / "eval" / "articles"
SPLITS = ("dev", "test", "ru-dev", "ru-test")
DEV_SPLITS = ("dev", "ru-dev")  # the only splits whose errors are listed by default
REL_TOL = 1e-6
FRACTION_ABS_TOL = 5e-5
LITERAL_UNITS = frozenset({"person", "count", "fraction"})
POSITIVE = frozenset({"active", "pending"})
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


# ---------------------------------------------------------------- records
@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    evidence: str
    expr: str
    property: str
    value: float
    unit: str
    qualifier: str
    subject: str | None
    subject_alt: tuple[str, ...]
    object: str | None
    as_of: str | None  # YYYY, YYYY-MM or YYYY-MM-DD


@dataclass(frozen=True)
class GoldMembership:
    evidence: str
    member: str
    organization: str
    role: str
    status: str


@dataclass
class ArticleResult:
    """One article scored: counts plus the error lines ``--errors`` prints."""

    name: str
    counts: Counter = field(default_factory=Counter)
    errors: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading
def _as_of_text(raw) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, _dt.date):
        return raw.isoformat()
    return str(raw)


def find_in(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos != -1:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def _expr_offset(evidence: str, expr: str) -> int | None:
    """Offset of ``expr`` inside ``evidence``: a standalone occurrence first, else any."""
    from benchmarks.evaluate import find_expr

    span = find_expr(evidence, expr)
    if span is not None:
        return span[0]
    pos = evidence.find(expr)
    return None if pos < 0 else pos


def load_gold(gold_path: Path, body: str) -> tuple[list[GoldClaim], list[GoldMembership], list[str]]:
    """The gold of one article located in ``body``; problems name what could not be located."""
    import yaml

    raw = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
    claims, members, problems = [], [], []
    for n, c in enumerate(raw.get("claims") or []):
        ev, expr = str(c.get("evidence", "")), str(c.get("expr", ""))
        hits = find_in(body, ev)
        off = _expr_offset(ev, expr) if hits else None
        if not hits or off is None:
            problems.append(f"claim {n}: evidence {ev!r} / expr {expr!r} not found in the parsed body")
            continue
        if len(hits) > 1:
            problems.append(f"claim {n}: evidence {ev!r} occurs {len(hits)} times; the first is used")
        start = hits[0] + off
        claims.append(GoldClaim(
            start=start, end=start + len(expr), evidence=ev, expr=expr,
            property=c["property"], value=float(c["value"]), unit=str(c["unit"]),
            qualifier=c["qualifier"], subject=c.get("subject"),
            subject_alt=tuple(c.get("subject_alt") or ()), object=c.get("object"),
            as_of=_as_of_text(c.get("as_of"))))
    for m in raw.get("memberships") or []:
        members.append(GoldMembership(str(m.get("evidence", "")), m["member"], m["organization"],
                                      m.get("role", "member"), m.get("status", "active")))
    return claims, members, problems


# ---------------------------------------------------------------- units and values
@lru_cache(maxsize=1)
def _ureg():
    import pint

    ureg = pint.UnitRegistry()
    ureg.define("percentage_point = [percentage_point]")
    ureg.define("basis_point = 0.01 percentage_point")
    return ureg


_CODE_RE = re.compile(r"\b[A-Z]{3}\b")


@lru_cache(maxsize=512)
def _quantity(unit: str):
    """``unit`` as a pint quantity of 1 (currency codes become their own dimension), or None."""
    if not unit or unit in LITERAL_UNITS:
        return None
    ureg = _ureg()
    for code in set(_CODE_RE.findall(unit)):
        if code not in ureg:
            try:
                ureg.define(f"{code} = [currency_{code}]")
            except Exception:  # noqa: BLE001 - an odd code: compare this unit literally
                return None
    try:
        q = ureg.parse_expression(unit)
    except Exception:  # noqa: BLE001 - pint raises many types for unparseable text
        return None
    return q if hasattr(q, "dimensionality") else None


def _ratio(a: str, b: str) -> float | None:
    """How many ``b`` one ``a`` is, when both are pint units of one dimension; else None."""
    qa, qb = _quantity(a), _quantity(b)
    if qa is None or qb is None or qa.dimensionality != qb.dimensionality:
        return None
    try:
        return float((qa / qb).to("dimensionless").magnitude)
    except Exception:  # noqa: BLE001
        return None


def _as_dimensionless(value: float, unit: str | None) -> float | None:
    if unit == "fraction":
        return value
    if unit in ("percent", "%"):
        return value / 100
    return None


def units_equal(gold: str, pred: str | None) -> bool:
    """Same unit: the same string, or pint units that are the same (``km`` = ``kilometer``)."""
    if pred is None:
        return False
    if gold == pred:
        return True
    if gold in LITERAL_UNITS or pred in LITERAL_UNITS:
        return False
    r = _ratio(gold, pred)
    return r is not None and math.isclose(r, 1.0, rel_tol=1e-9)


def values_agree(gv: float, gu: str, pv: float, pu: str | None) -> bool:
    """Values equal as written, or once converted to one unit."""
    frac = "fraction" in (gu, pu)
    if _close(gv, pv, frac):
        return True
    gd, pd = _as_dimensionless(gv, gu), _as_dimensionless(pv, pu)
    if gd is not None and pd is not None:
        return _close(gd, pd, True)
    if pu and gu not in LITERAL_UNITS and pu not in LITERAL_UNITS:
        r = _ratio(pu, gu)
        if r is not None:
            return _close(gv, pv * r)
    return False


def _close(a: float, b: float, fraction: bool = False) -> bool:
    if fraction and abs(a - b) <= FRACTION_ABS_TOL:
        return True
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


# ---------------------------------------------------------------- names and dates
class Names:
    """Name comparison through the registry's aliases (text when unresolvable)."""

    def __init__(self, registry):
        from factdb.normalize import alias_key

        self.registry, self._key = registry, alias_key

    def canon(self, name: str | None) -> str | None:
        if name is None or not str(name).strip():
            return None
        name = str(name)
        return self.registry.resolve(name) or "text:" + self._key(name)

    def same(self, gold: str | None, pred: str | None, alts=()) -> bool:
        if gold is None:
            return pred is None
        p = self.canon(pred)
        return p is not None and p in {self.canon(n) for n in (gold, *alts)}


def _gold_date(text: str) -> tuple[_dt.date, str] | None:
    parts = text.split("-")
    try:
        if len(parts) == 1:
            return _dt.date(int(parts[0]), 1, 1), "year"
        if len(parts) == 2:
            return _dt.date(int(parts[0]), int(parts[1]), 1), "month"
        return _dt.date.fromisoformat(text), "day"
    except ValueError:
        return None


def _truncate(d: _dt.date, precision: str) -> tuple:
    return (d.year,) if precision == "year" else (d.year, d.month) if precision == "month" else (d.year, d.month, d.day)


def as_of_ok(gold: str | None, pred: _dt.date | None, pred_precision: str | None,
             published: _dt.date | None) -> bool:
    """The prediction's as-of is the gold's (gold null = as of publication)."""
    if gold is None:
        return pred is None or (published is not None and pred == published)
    g = _gold_date(gold)
    if g is None or pred is None:
        return False
    gdate, gprec = g
    if _PRECISION_RANK.get(pred_precision or "day", 2) < _PRECISION_RANK[gprec]:
        return False
    return _truncate(pred, gprec) == _truncate(gdate, gprec)


def membership_status(pred) -> str | None:
    """A prediction's status: its own ``status`` if the records have one, else None."""
    return getattr(pred, "status", None)


def status_compatible(gold_status: str, pred_status: str | None, pred_negated: bool) -> bool:
    if pred_status is not None:
        return pred_status == gold_status
    return (gold_status not in POSITIVE) == bool(pred_negated)


# ---------------------------------------------------------------- matching
def match_claims(gold: list[GoldClaim], preds: list) -> list[tuple[int, int]]:
    """Pairs (gold index, prediction index): spans overlap and values agree; greedy on overlap."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(preds):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0 and values_agree(g.value, g.unit, p.value, p.unit):
                cands.append((-overlap, gi, pi))
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _sentence(body: str, start: int) -> str:
    from factdb.extract.sentences import split_sentences

    for s, e in split_sentences(body):
        if s <= start < e:
            return body[s:e]
    return body[max(0, start - 80):start + 80]


def _gdesc(g: GoldClaim) -> str:
    return f"{g.property}/{g.qualifier}/{g.unit} {g.value:g} subj={g.subject} obj={g.object} as_of={g.as_of}"


def _pdesc(body: str, p) -> str:
    as_of = p.as_of.isoformat() if p.as_of else None
    return (f"{p.property}/{p.qualifier}/{p.unit} {p.value:g} [{body[p.start:p.end]!r}] "
            f"subj={p.subject} obj={p.object} as_of={as_of}")


def score_article(name: str, body: str, published, claims: list[GoldClaim],
                  members: list[GoldMembership], preds: list, pred_members: list,
                  names: Names) -> ArticleResult:
    """Counts and error lines for one article (see the module docstring)."""
    res = ArticleResult(name)
    n = res.counts
    pairs = match_claims(claims, preds)
    n["gold"] += len(claims)
    n["predicted"] += len(preds)
    n["matched"] += len(pairs)
    for gi, pi in pairs:
        g, p = claims[gi], preds[pi]
        checks = {
            "property": p.property == g.property,
            "qualifier": p.qualifier == g.qualifier,
            "unit": units_equal(g.unit, p.unit),
            "subject": names.same(g.subject, p.subject, g.subject_alt),
            "object": names.same(g.object, p.object),
            "as_of": as_of_ok(g.as_of, p.as_of, p.as_of_precision, published),
        }
        for k, ok in checks.items():
            n[f"{k}_ok"] += ok
        strict = checks["property"] and checks["qualifier"] and checks["unit"]
        n["strict"] += strict
        wrong = [k for k, ok in checks.items() if not ok]
        if wrong:
            res.errors.append({"kind": "mismatch", "fields": wrong, "gold": _gdesc(g),
                               "pred": _pdesc(body, p), "gold_property": g.property,
                               "pred_property": p.property, "sentence": _sentence(body, g.start)})
    mg, mp = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, g in enumerate(claims):
        if gi not in mg:
            res.errors.append({"kind": "missed", "gold": _gdesc(g), "expr": g.expr,
                               "gold_property": g.property, "sentence": _sentence(body, g.start)})
    for pi, p in enumerate(preds):
        if pi not in mp:
            res.errors.append({"kind": "spurious", "pred": _pdesc(body, p), "pred_property": p.property,
                               "sentence": body[p.quote_start:p.quote_end]})
    _score_memberships(res, members, pred_members, names)
    return res


def _score_memberships(res: ArticleResult, members, pred_members, names: Names) -> None:
    gold_keys = {(names.canon(m.member), names.canon(m.organization), m.role, m.status): m for m in members}
    pred_keys: dict[tuple, object] = {}
    for a in pred_members:
        status = membership_status(a)
        key = (names.canon(a.member), names.canon(a.organization), a.role,
               status if status is not None else ("negated" if a.negated else "active"), status is None)
        pred_keys.setdefault(key, a)
    matched_gold: set = set()
    matched_pred: set = set()
    for pk, a in pred_keys.items():
        for gk in gold_keys:
            if gk in matched_gold or gk[:3] != pk[:3]:
                continue
            if status_compatible(gk[3], None if pk[4] else pk[3], a.negated):
                matched_gold.add(gk)
                matched_pred.add(pk)
                break
    res.counts["m_gold"] += len(gold_keys)
    res.counts["m_predicted"] += len(pred_keys)
    res.counts["m_matched"] += len(matched_pred)
    for gk, m in gold_keys.items():
        if gk not in matched_gold:
            res.errors.append({"kind": "membership_missed", "gold": f"{m.member} {m.role} of "
                               f"{m.organization} ({m.status})", "status": m.status, "sentence": m.evidence})
    for pk, a in pred_keys.items():
        if pk not in matched_pred:
            res.errors.append({"kind": "membership_spurious", "pred": f"{a.member} {a.role} of "
                               f"{a.organization} ({pk[3]})", "status": pk[3], "sentence": a.quote})


# ---------------------------------------------------------------- running
def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else (1.0 if ngold == 0 else 0.0)
    r = tp / ngold if ngold else (1.0 if npred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": npred, "gold": ngold}


def summarize(results: list[ArticleResult]) -> dict:
    """Split-level metrics from article results."""
    n = Counter()
    for r in results:
        n.update(r.counts)
    m = n["matched"]
    rate = (lambda k: n[f"{k}_ok"] / m if m else None)
    return {
        "articles": len(results),
        "strict": _prf(n["strict"], n["predicted"], n["gold"]),
        "detection": _prf(m, n["predicted"], n["gold"]),
        **{f"{k}_accuracy": rate(k) for k in ("property", "qualifier", "unit", "subject", "object", "as_of")},
        "membership": _prf(n["m_matched"], n["m_predicted"], n["m_gold"]),
        "problems": sum(len(r.problems) for r in results),
    }


def tally(results: list[ArticleResult]) -> Counter:
    """Errors by category ("missed fatalities", "property count->fatalities", "subject"...)."""
    t = Counter()
    for r in results:
        for e in r.errors:
            k = e["kind"]
            if k == "missed":
                t[f"missed: {e['gold_property']}"] += 1
            elif k == "spurious":
                t[f"spurious: {e['pred_property']}"] += 1
            elif k == "mismatch":
                for f in e["fields"]:
                    if f == "property":
                        t[f"property: {e['gold_property']} read as {e['pred_property']}"] += 1
                    else:
                        t[f"wrong {f}"] += 1
            else:
                t[f"{k.replace('_', ' ')}: {e['status']}"] += 1
    return t


def split_articles(split: str, root: Path = ARTICLES_DIR) -> list[Path]:
    folder = root / split
    return sorted(p for p in folder.glob("*.md") if p.name[:1].isdigit()) if folder.is_dir() else []


def run_split(split: str, extractor=None, names: Names | None = None, root: Path = ARTICLES_DIR) -> list[ArticleResult]:
    """Parse, extract and score every article of ``split``."""
    from factdb.pipeline import parse_source, read_source

    if extractor is None or names is None:
        extractor, names = default_extractor()
    out = []
    for md in split_articles(split, root):
        article = parse_source(read_source(str(md)))
        claims, members, problems = load_gold(md.with_suffix(".gold.yml"), article.body)
        ex = extractor.extract(article)
        res = score_article(md.stem, article.body, article.published, claims, members,
                            ex.claims, ex.memberships, names)
        res.problems = problems
        out.append(res)
    return out


def default_extractor():
    """The pipeline's Extractor with the shipped registry, and a :class:`Names` over it."""
    from factdb.load import default_curated_file
    from factdb.pipeline import Extractor
    from factdb.registry import load_registry

    registry = load_registry(default_curated_file("registry.yml"))
    return Extractor(registry), Names(registry)


def _f(x) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_table(summaries: dict[str, dict]) -> str:
    names = list(summaries)
    lines = [f"{'metric':34}" + "".join(f"{n:>16}" for n in names)]

    def row(label, get):
        lines.append(f"{label:34}" + "".join(f"{get(summaries[n]):>16}" for n in names))

    row("articles", lambda s: str(s["articles"]))
    for k in ("precision", "recall", "f1"):
        row(f"numeric strict {k}", lambda s, k=k: _f(s["strict"][k]))
    row("strict tp/pred/gold", lambda s: "{tp}/{predicted}/{gold}".format(**s["strict"]))
    for k in ("precision", "recall", "f1"):
        row(f"detection {k}", lambda s, k=k: _f(s["detection"][k]))
    for k in ("property", "qualifier", "unit", "subject", "object", "as_of"):
        row(f"{k.replace('_', '-')} accuracy (matched)", lambda s, k=k: _f(s[f"{k}_accuracy"]))
    row("membership precision", lambda s: _f(s["membership"]["precision"]))
    row("membership recall", lambda s: _f(s["membership"]["recall"]))
    row("membership tp/pred/gold", lambda s: "{tp}/{predicted}/{gold}".format(**s["membership"]))
    row("gold not located", lambda s: str(s["problems"]))
    return "\n".join(lines)


def format_errors(split: str, results: list[ArticleResult]) -> str:
    out = []
    for r in results:
        if not r.errors and not r.problems:
            continue
        out.append(f"=== {split}/{r.name}: {len(r.errors)} error(s)")
        for p in r.problems:
            out.append(f"  gold problem: {p}")
        for e in r.errors:
            k = e["kind"]
            if k == "mismatch":
                out.append(f"  mismatch [{','.join(e['fields'])}]\n    gold: {e['gold']}\n    pred: {e['pred']}")
            elif k == "missed":
                out.append(f"  missed {e['expr']!r}: {e['gold']}")
            elif k == "spurious":
                out.append(f"  spurious: {e['pred']}")
            else:
                out.append(f"  {k.replace('_', ' ')}: {e.get('gold') or e.get('pred')}")
            out.append(f"    | {e['sentence'][:300]}")
    return "\n".join(out)


def format_tally(t: Counter) -> str:
    return "\n".join(f"{n:5d}  {k}" for k, n in sorted(t.items(), key=lambda kv: (-kv[1], kv[0])))


def main_articles(args) -> int:
    """``--articles``: the table for the chosen splits, errors for development splits only."""
    import json
    import sys

    splits = [s for s in SPLITS if (args.split is None or s in args.split)
              and (args.lang == "all" or (s.startswith("ru-") == (args.lang == "ru")))]
    if not splits:
        print("error: no split selected (splits: " + ", ".join(SPLITS) + ")", file=sys.stderr)
        return 2
    try:
        extractor, names = default_extractor()
    except Exception as exc:  # noqa: BLE001 - a broken registry or missing package: say so
        print(f"error: cannot build the extractor: {exc}", file=sys.stderr)
        return 2
    results = {s: run_split(s, extractor, names) for s in splits}
    summaries = {s: summarize(r) for s, r in results.items()}
    # Errors of a held-out split are shown only when asked for by name: --split test --errors.
    err_splits = [s for s in splits if s in DEV_SPLITS or (args.errors and args.split and s in args.split)]
    if args.json:
        out = {"splits": summaries, "tally": {s: dict(tally(results[s])) for s in err_splits}}
        if args.errors:
            out["errors"] = {s: {r.name: r.errors for r in results[s]} for s in err_splits}
        print(json.dumps(out, indent=2, default=str))
        return 0
    print(format_table(summaries))
    if args.errors:
        for s in err_splits:
            print()
            print(format_errors(s, results[s]))
            print(f"--- {s}: errors by category")
            print(format_tally(tally(results[s])))
    return 0
