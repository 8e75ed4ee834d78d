"""Curated corrections to extracted claims: parse ``seeds/annotations/*.yml`` and apply them.

A file ``seeds/annotations/<article file stem>.yml`` is a YAML list; each entry::

    - action: confirm | reject | correct | add
      quote: "a substring of the claim's sentence"   # whitespace-insensitive
      value: 1350                                    # the claim's value as extracted
      property: border_length                        # optional, narrows the match
      reason: "why"                                  # required for reject
      note: "free text"                              # optional
      set: {subject: Tajikistan, as_of: 2015-04}     # correct only
      # add only: property, value, unit (required), qualifier, low, high, counted,
      #           subject, object, as_of, modality, change, expression

An annotation is matched to claims by what survives re-extraction: its quote is a
substring of the claim's quote (whitespace collapsed), its value equals the
claim's value and, if given, its property equals the claim's. Row ids and
offsets are never used, so an edited article keeps its annotations as long as
the sentence still says the same thing. An annotation matching nothing is
*stale* and reported. :func:`load_annotations` never half-loads: any problem
raises :class:`AnnotationError` with the file and line.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from factdb.errors import AnnotationError
from factdb.hedges import hedge_interval
from factdb.records import PROPERTIES, QUALIFIERS, Claim

ACTIONS = ("confirm", "reject", "correct", "add")
SETTABLE = (
    "subject", "object", "value", "qualifier", "property", "unit", "as_of", "as_of_precision", "low", "high",
    "low_inclusive", "high_inclusive", "counted", "modality", "change",
)
ADD_FIELDS = ("unit", "qualifier", "low", "high", "low_inclusive", "high_inclusive", "counted", "subject", "object",
              "as_of", "as_of_precision", "modality", "change", "expression")
COMMON = ("action", "quote", "value", "property", "reason", "note")
ALLOWED = {
    "confirm": set(COMMON),
    "reject": set(COMMON),
    "correct": set(COMMON) | {"set"},
    "add": set(COMMON) | set(ADD_FIELDS),
}
MODALITIES = ("reported", "planned", "estimated")
CHANGES = ("increase", "decrease", None)


@dataclass(frozen=True)
class Annotation:
    action: str
    quote: str
    value: float
    property: str | None = None
    reason: str | None = None
    note: str | None = None
    set: dict = field(default_factory=dict, hash=False, compare=False)  # correct: field -> new value
    fields: dict = field(default_factory=dict, hash=False, compare=False)  # add: claim fields
    path: str | None = None
    line: int | None = None
    index: int = 0  # position in its file


@dataclass(frozen=True)
class AppliedResult:
    claims: list[Claim]
    stale: list[Annotation]
    redundant: list[Annotation] = field(default_factory=list)  # "add" already found by the rules


# ---------------------------------------------------------------- parsing


def _plain(node: yaml.Node, path: str) -> Any:
    try:
        return yaml.safe_load(yaml.serialize(node))
    except yaml.YAMLError as exc:  # pragma: no cover - composed nodes re-serialise
        raise AnnotationError(str(exc), path=path, line=node.start_mark.line + 1) from exc


def _as_date(raw: Any, path: str, line: int) -> tuple[_dt.date, str]:
    """Accept a YAML date, a year (2013), "2015-09" or "2015-09-15" (factdb's one date rule)."""
    from .timeutil import parse_date_arg

    try:
        return parse_date_arg(raw)
    except ValueError:
        raise AnnotationError(f"as_of {raw!r} is not a date: write 2015, 2015-09 or 2015-09-15",
                              path=path, line=line) from None


def _number(raw: Any, what: str, path: str, line: int) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise AnnotationError(f"{what} must be a number, got {raw!r}", path=path, line=line)
    return float(raw)


def _check_fields(fields: dict, lines: dict, path: str, default_line: int) -> dict:
    """Validate claim field values (shared by ``set`` and ``add``); returns a cleaned copy."""
    out = {}
    for key, raw in fields.items():
        line = lines.get(key, default_line)
        if key in ("value", "low", "high"):
            out[key] = None if raw is None and key != "value" else _number(raw, key, path, line)
        elif key == "property":
            if raw not in PROPERTIES:
                raise AnnotationError(f"unknown property {raw!r}; expected one of {', '.join(PROPERTIES)}", path=path, line=line)
            out[key] = raw
        elif key == "qualifier":
            if raw not in QUALIFIERS:
                raise AnnotationError(f"unknown qualifier {raw!r}; expected one of {', '.join(QUALIFIERS)}", path=path, line=line)
            out[key] = raw
        elif key == "modality":
            if raw not in MODALITIES:
                raise AnnotationError(f"unknown modality {raw!r}; expected one of {', '.join(MODALITIES)}", path=path, line=line)
            out[key] = raw
        elif key == "change":
            if raw not in CHANGES:
                raise AnnotationError(f"change must be increase, decrease or null, got {raw!r}", path=path, line=line)
            out[key] = raw
        elif key == "as_of":
            date, precision = _as_date(raw, path, line)
            out["as_of"] = date
            out.setdefault("as_of_precision", precision)
        elif key in ("low_inclusive", "high_inclusive"):
            if not isinstance(raw, bool):
                raise AnnotationError(f"{key} must be true or false", path=path, line=line)
            out[key] = raw
        elif key == "as_of_precision":
            if raw not in ("day", "month", "year"):
                raise AnnotationError("as_of_precision must be day, month or year", path=path, line=line)
            out[key] = raw
        else:  # subject, object, unit, counted, expression: text (or null for subject/object)
            if raw is not None and not isinstance(raw, (str, int, float)):
                raise AnnotationError(f"{key} must be text", path=path, line=line)
            out[key] = None if raw is None else str(raw)
    return out


def _entry(node: yaml.Node, index: int, path: str) -> Annotation:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise AnnotationError(f"entry {index + 1} must be a mapping with an action", path=path, line=line)
    raw: dict[str, Any] = {}
    lines: dict[str, int] = {}
    nodes: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key in raw:
            raise AnnotationError(f"duplicate key {key!r}", path=path, line=key_node.start_mark.line + 1)
        raw[key] = _plain(value_node, path)
        lines[key] = key_node.start_mark.line + 1
        nodes[key] = value_node
    action = raw.get("action")
    if action not in ACTIONS:
        where = lines.get("action", line)
        raise AnnotationError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}", path=path, line=where)
    for key in raw:
        if key not in ALLOWED[action]:
            allowed = ", ".join(sorted(ALLOWED[action]))
            raise AnnotationError(f"unknown field {key!r} for action {action}; allowed: {allowed}", path=path, line=lines[key])
    quote = raw.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise AnnotationError("quote is required: a piece of the sentence the claim comes from", path=path, line=lines.get("quote", line))
    if "value" not in raw:
        raise AnnotationError("value is required: the number the claim states", path=path, line=line)
    value = _number(raw["value"], "value", path, lines["value"])
    prop = raw.get("property")
    if prop is not None and prop not in PROPERTIES:
        raise AnnotationError(f"unknown property {prop!r}; expected one of {', '.join(PROPERTIES)}", path=path, line=lines["property"])
    reason = raw.get("reason")
    if action == "reject" and not (isinstance(reason, str) and reason.strip()):
        raise AnnotationError("a reject needs a reason", path=path, line=line)
    sets: dict = {}
    fields: dict = {}
    if action == "correct":
        set_node = nodes.get("set")
        if not isinstance(set_node, yaml.MappingNode) or not set_node.value:
            raise AnnotationError("a correct needs a non-empty set: mapping", path=path, line=lines.get("set", line))
        set_lines = {k.value: k.start_mark.line + 1 for k, _ in set_node.value}
        for key, key_line in set_lines.items():
            if key not in SETTABLE:
                raise AnnotationError(f"cannot set {key!r}; settable: {', '.join(SETTABLE)}", path=path, line=key_line)
        sets = _check_fields(raw["set"], set_lines, path, line)
    if action == "add":
        if prop is None or "unit" not in raw:
            raise AnnotationError("an add needs property and unit", path=path, line=line)
        fields = _check_fields({k: raw[k] for k in ADD_FIELDS if k in raw}, lines, path, line)
    return Annotation(action, quote, value, prop, reason, raw.get("note"), sets, fields, path, line, index)


def load_annotations(path: str | Path) -> list[Annotation]:
    """Parse one annotation file. Raises :class:`AnnotationError` (file and line) on any problem."""
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"cannot read annotation file: {exc}", path=p) from exc
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise AnnotationError(f"not valid YAML: {exc.problem}", path=p, line=line) from exc
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise AnnotationError("an annotation file is a list of entries (each starting with '- action:')", path=p, line=root.start_mark.line + 1)
    return [_entry(node, i, p) for i, node in enumerate(root.value)]


# ---------------------------------------------------------------- matching


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _same_value(a: float, b: float) -> bool:
    # 0.6667 in a file matches 2/3 from the extractor; 1350 never matches 1351
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-9)


def matches(annotation: Annotation, claim: Claim) -> bool:
    """Quote substring (whitespace-normalised) + equal value (+ property when given)."""
    if annotation.property is not None and annotation.property != claim.property:
        return False
    if not _same_value(annotation.value, claim.value):
        return False
    return normalize_space(annotation.quote) in normalize_space(claim.quote)


def find_text(body: str, quote: str) -> tuple[int, int] | None:
    """Span of ``quote`` in ``body``, any run of whitespace matching any other."""
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), body)
    return (m.start(), m.end()) if m else None


_SCALE_WORDS = r"(?:\s*(?:thousand|million|billion|trillion|bn|mln|m|k)\b)?"
_NUM = re.compile(r"(?:[$€£]\s?)?(?:\d[\d,. ]*\d|\d)" + _SCALE_WORDS, re.I)
# A unit written right after the number belongs to the expression (as in extraction).
_UNIT_AFTER = re.compile(
    r"[\s-]?(?:%|percent|per\s+cent|km|kilomet(?:er|re)s?|miles?|meters?|metres?|m\b|(?:US\s+)?dollars?|euros?|r[ou]+bles?|somoni|soms?|tenge)\b|%",
    re.I,
)
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def _digits_value(text: str) -> float | None:
    m = re.match(r"[$€£]?\s?([\d,. ]+?)\s*([a-z]+)?$", text.strip(), re.I)
    if not m:
        return None
    digits = m.group(1).replace(",", "").replace(" ", "")
    try:
        number = float(digits)
    except ValueError:
        return None
    return number * _SCALE.get((m.group(2) or "").lower(), 1.0)


def _expression_span(body: str, qs: int, qe: int, annotation: Annotation) -> tuple[int, int]:
    """Where the number of an added claim is written inside its quote."""
    segment = body[qs:qe]
    expr = annotation.fields.get("expression")
    if expr:
        found = find_text(segment, expr)
        if found:
            return qs + found[0], qs + found[1]
    for m in _NUM.finditer(segment):
        value = _digits_value(m.group(0))
        if value is not None and _same_value(value, annotation.value):
            end = m.end()
            unit = _UNIT_AFTER.match(segment, end)
            return qs + m.start(), qs + (unit.end() if unit else end)
    return qs, qe  # no literal number (e.g. "two-thirds" without expression): the whole quote


_SENT_END = re.compile(r"[.!?][\"'”’»]?\s+")
_SENT_STOP = re.compile(r"[.!?][\"'”’»]?(?=\s|$)")


def _sentence_around(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (within its paragraph) containing ``body[start:end]``."""
    para_start = body.rfind("\n\n", 0, start)
    ls = 0 if para_start < 0 else para_start + 2
    for m in _SENT_END.finditer(body, ls, start):
        ls = m.end()
    para_end = body.find("\n\n", end)
    para_end = len(body) if para_end < 0 else para_end
    m = _SENT_STOP.search(body, max(end - 1, ls), para_end)
    return ls, (m.end() if m else para_end)


def _added_claim(body: str, annotation: Annotation) -> Claim | None:
    span = find_text(body, annotation.quote)
    if span is None:
        return None
    qs, qe = _sentence_around(body, *span)
    start, end = _expression_span(body, span[0], span[1], annotation)
    f = annotation.fields
    # the interval the extractor would give the same hedge (factdb.hedges); explicit
    # low/high/inclusive fields in the file override it
    qualifier, low, high, low_inc, high_inc = hedge_interval(
        f.get("qualifier", "exact"), annotation.value, f.get("high") if f.get("qualifier") == "range" else None)
    claim = Claim(
        property=annotation.property, value=annotation.value, qualifier=qualifier, unit=f["unit"],
        start=start, end=end, quote=body[qs:qe], quote_start=qs, quote_end=qe,
        low=f.get("low", low), high=f.get("high", high),
        low_inclusive=f.get("low_inclusive", low_inc), high_inclusive=f.get("high_inclusive", high_inc),
        counted=f.get("counted"), confidence=1.0,
        extras={"status": "confirmed", "method": "curated", "annotation": annotation.index},
    )
    extra = {k: f[k] for k in ("modality", "change", "as_of", "as_of_precision") if k in f}
    for key in ("subject", "object"):
        if f.get(key):
            extra[key] = f[key]
            extra[f"{key}_resolved"] = True
    if f.get("subject"):
        extra["subject_source"] = "curated"
    return dataclasses.replace(claim, **extra)


def _corrected(claim: Claim, annotation: Annotation) -> Claim:
    sets = dict(annotation.set)
    if ("value" in sets or "qualifier" in sets) and "low" not in sets and "high" not in sets:
        # a new value or hedge gets the interval the extractor would give it (factdb.hedges);
        # a range keeps its width relative to the value
        value, qualifier = sets.get("value", claim.value), sets.get("qualifier", claim.qualifier)
        high = None
        if qualifier == "range" and claim.high is not None and claim.value:
            high = claim.high * value / claim.value
        _, low, high, low_inc, high_inc = hedge_interval(qualifier, value, high)
        sets.update(low=low, high=high)
        sets.setdefault("low_inclusive", low_inc)
        sets.setdefault("high_inclusive", high_inc)
    for key in ("subject", "object"):
        if key in sets:
            sets[f"{key}_resolved"] = sets[key] is not None
    if "subject" in sets:
        sets["subject_source"] = "curated"
    original = {k: getattr(claim, k) for k in sets}
    extras = dict(claim.extras, status="confirmed", annotation=annotation.index,
                  corrected={k: _jsonable(v) for k, v in original.items()})
    return dataclasses.replace(claim, **sets, extras=extras)


def _jsonable(v: Any) -> Any:
    return v.isoformat() if isinstance(v, _dt.date) else v


def apply_annotations(body: str, claims: Sequence[Claim], annotations: Sequence[Annotation]) -> AppliedResult:
    """Apply annotations in file order; every claim gets ``extras`` status/method.

    Rejected claims stay in the list (status ``rejected``, ``extras["reason"]``)
    so raw extraction remains visible. An annotation matching several claims
    applies to each; one matching none is stale. An ``add`` whose claim the rules
    already found confirms that claim instead and is listed as redundant.
    """
    out = [
        dataclasses.replace(c, extras={**c.extras, "status": "extracted", "method": c.extras.get("method", "rule")})
        for c in claims
    ]
    originals = list(claims)
    stale: list[Annotation] = []
    redundant: list[Annotation] = []
    for ann in annotations:
        if ann.action == "add":
            existing = [i for i, c in enumerate(originals) if matches(ann, c)]
            if existing:
                redundant.append(ann)
                for i in existing:
                    out[i] = dataclasses.replace(out[i], extras={**out[i].extras, "status": "confirmed", "annotation": ann.index})
                continue
            added = _added_claim(body, ann)
            if added is None:
                stale.append(ann)
            else:
                out.append(added)
            continue
        hit = [i for i, c in enumerate(originals) if matches(ann, c)]
        if not hit:
            stale.append(ann)
            continue
        for i in hit:
            c = out[i]
            if ann.action == "confirm":
                out[i] = dataclasses.replace(c, extras={**c.extras, "status": "confirmed", "annotation": ann.index})
            elif ann.action == "reject":
                out[i] = dataclasses.replace(c, extras={**c.extras, "status": "rejected", "annotation": ann.index, "reason": ann.reason})
            else:
                out[i] = _corrected(c, ann)
    return AppliedResult(out, stale, redundant)
