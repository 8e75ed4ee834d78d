"""Render rows (a list of dicts) as a terminal table, CSV or JSON.

Table output fits the terminal: long cells are cut with an ellipsis when
stdout is a terminal; CSV and JSON never cut anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMATS = ("table", "csv", "json")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def to_json(rows: Sequence[dict] | dict, out: IO[str]) -> None:
    json.dump(rows, out, default=_jsonable, ensure_ascii=False, indent=2)
    out.write("\n")


def to_csv(rows: Sequence[dict], columns: Sequence[str], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c), csv_mode=True) for c in columns])


def _cell(value: Any, *, csv_mode: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}" if not csv_mode else repr(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def to_table(
    rows: Sequence[dict], columns: Sequence[str], out: IO[str], *, width: int | None = None
) -> None:
    """A plain aligned table. Cells are cut only when ``width`` is given."""
    cells = [[_cell(r.get(c)).replace("\n", " ") for c in columns] for r in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        for i, v in enumerate(row):
            widths[i] = max(widths[i], len(v))
    if width:
        widths = _fit(widths, [len(c) for c in columns], width)
    sep = "  "
    out.write(sep.join(_clip(c, w).ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write(sep.join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(sep.join(_clip(v, w).ljust(w) for v, w in zip(row, widths)).rstrip() + "\n")


def _fit(widths: list[int], mins: list[int], total: int) -> list[int]:
    widths = list(widths)
    floor = [max(4, min(m, 12)) for m in mins]
    while sum(widths) + 2 * (len(widths) - 1) > total:
        i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _table_width(out: IO[str]) -> int | None:
    """The terminal's width; COLUMNS when piped and set; else None (never cut)."""
    if out.isatty():
        return shutil.get_terminal_size((120, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 20 else None


def emit(
    rows: Sequence[dict],
    columns: Sequence[str],
    fmt: str,
    out: IO[str] | None = None,
    *,
    table_columns: Sequence[str] | None = None,
) -> None:
    """Write ``rows`` in ``fmt``. JSON keeps every key; csv and table use ``columns``."""
    out = out or sys.stdout
    if fmt == "json":
        to_json(list(rows), out)
    elif fmt == "csv":
        to_csv(rows, columns, out)
    else:
        width = _table_width(out)
        to_table(rows, table_columns or columns, out, width=width)


def emit_record(record: dict, fmt: str, out: IO[str] | None = None, *, skip: Iterable[str] = ()) -> None:
    """One object: JSON, or ``key: value`` lines for the table format."""
    out = out or sys.stdout
    if fmt == "json":
        to_json(record, out)
        return
    skip = set(skip)
    keyw = max((len(k) for k in record if k not in skip), default=0)
    for key, value in record.items():
        if key in skip:
            continue
        out.write(f"{key.ljust(keyw)}  {_cell(value)}\n")
