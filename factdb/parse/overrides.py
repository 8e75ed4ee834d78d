"""Metadata overrides: YAML front matter and ``NAME.meta.yml`` sidecars.

Both are mappings with the keys in :data:`OVERRIDE_KEYS`; values are
validated here so that a mistake is reported with the file and line it is on.
Pure except :func:`read_sidecar`, which reads the sidecar file.
"""

from __future__ import annotations

import datetime as _dt
import os
import re

import yaml

from factdb.errors import LoadError
from factdb.parse.dates import parse_date_value
from factdb.records import DATE_PRECISIONS

__all__ = ["OVERRIDE_KEYS", "read_sidecar", "split_front_matter", "validate_overrides", "apply_precision"]

OVERRIDE_KEYS = (
    "title", "published", "date_precision", "outlet", "outlet_domain", "url",
    "authors", "translator", "language", "note",
)  # fmt: skip

_FRONT_MATTER_MAX_LINES = 200
_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$")


def read_sidecar(path: str) -> dict | None:
    """Read ``<stem>.meta.yml`` (or ``<name>.meta.yml``) beside ``path``.

    Returns the validated mapping, ``None`` if no sidecar exists. Raises
    :class:`LoadError` (with the sidecar's path and line) on unreadable
    files, malformed YAML, unknown keys or invalid values.
    """
    stem, _ = os.path.splitext(path)
    for candidate in (stem + ".meta.yml", path + ".meta.yml", stem + ".meta.yaml"):
        if not os.path.isfile(candidate):
            continue
        try:
            with open(candidate, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise LoadError(f"cannot read sidecar: {exc.strerror or exc}", path=candidate) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoadError(f"sidecar is not UTF-8 (byte offset {exc.start})", path=candidate) from None
        mapping, lines = _load_mapping(text, candidate, first_line=1, what="sidecar")
        validate_overrides(mapping, candidate, lines, "sidecar")
        return mapping
    return None


def _load_mapping(text: str, path: str, *, first_line: int, what: str) -> tuple[dict, dict]:
    """YAML text -> (mapping, {key: line number}); LoadError with the line on failure."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else None
        problem = exc.problem or "syntax error"
        raise LoadError(f"malformed YAML in {what}: {problem}", path=path, line=line) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise LoadError(f"malformed YAML in {what}: {exc}", path=path, line=first_line) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise LoadError(
            f"{what} must be a mapping of keys ({', '.join(OVERRIDE_KEYS)})",
            path=path,
            line=first_line,
        )
    lines = {}
    for key_node, _ in node.value:
        lines.setdefault(key_node.value, first_line + key_node.start_mark.line)
    return data, lines


def validate_overrides(mapping: object, path: str, lines: dict, what: str) -> dict:
    """Check override keys and values; returns the normalised overrides."""
    if not isinstance(mapping, dict):
        raise LoadError(f"{what} must be a mapping, got {type(mapping).__name__}", path=path)
    out: dict = {}
    for key, value in mapping.items():
        line = lines.get(str(key))

        def fail(msg: str, key=key, line=line) -> LoadError:
            return LoadError(f"{what} key {key!r}: {msg}", path=path, line=line)

        if key not in OVERRIDE_KEYS:
            raise LoadError(
                f"unknown {what} key {key!r}; allowed keys: {', '.join(OVERRIDE_KEYS)}",
                path=path,
                line=line,
            )
        if key == "published":
            if value is None:
                out[key] = None
                continue
            parsed = parse_date_value(value)
            if parsed is None:
                raise fail("expected YYYY, YYYY-MM or YYYY-MM-DD (a real date)")
            out[key] = parsed
        elif key == "date_precision":
            if value not in DATE_PRECISIONS:
                raise fail(f"expected one of {', '.join(DATE_PRECISIONS)}")
            out[key] = value
        elif key == "authors":
            out[key] = _authors_value(value, fail)
        elif key in ("translator", "outlet", "outlet_domain", "url", "note", "title", "language"):
            if value is None and key not in ("title", "language"):
                out[key] = None
                continue
            if not isinstance(value, str) or not value.strip():
                raise fail("expected a non-empty string")
            value = " ".join(value.split())
            if key == "language" and not _LANG_RE.match(value):
                raise fail("expected a language code such as en or ru")
            if key == "url" and not re.match(r"^https?://\S+$", value):
                raise fail("expected an http(s) URL")
            out[key] = value
    if "date_precision" in out and "published" in out:
        apply_precision(out["published"], out["date_precision"], lambda m: LoadError(
            f"{what}: {m}", path=path, line=lines.get("date_precision")))
    return out


def _authors_value(value: object, fail) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        parts = [p for chunk in value.split(sep) for p in re.split(r"\s+(?:and|&)\s+", chunk)]
    elif isinstance(value, list):
        parts = value
    else:
        raise fail("expected a list of names or a string")
    names = []
    for part in parts:
        if not isinstance(part, str) or not part.strip():
            raise fail("every author must be a non-empty string")
        names.append(" ".join(part.split()))
    return tuple(names)


def apply_precision(parsed, precision: str, fail) -> tuple[_dt.date | None, str]:
    """Coarsen (date, form_precision) to ``precision``; finer than the form is an error."""
    if parsed is None or precision == "unknown":
        return None, "unknown"
    date, form = parsed
    order = ("year", "month", "day")
    if order.index(precision) > order.index(form):
        raise fail(f"date_precision {precision!r} is finer than the date given ({form})")
    if precision == "year":
        return date.replace(month=1, day=1), "year"
    if precision == "month":
        return date.replace(day=1), "month"
    return date, "day"


def split_front_matter(lines: list[str], path: str) -> tuple[dict, int]:
    """Front matter at the very top: ("---", yaml..., "---" or "...") -> (overrides, body start)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for i in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[i].strip() in ("---", "..."):
            mapping, key_lines = _load_mapping("\n".join(lines[1:i]), path, first_line=2, what="front matter")
            return validate_overrides(mapping, path, key_lines, "front matter"), i + 1
    if len(lines) > 1 and re.match(r"^\s*[A-Za-z_]+\s*:", lines[1]):
        raise LoadError("front matter opened with '---' is never closed with '---'", path=path, line=1)
    return {}, 0  # a leading horizontal rule, not front matter
