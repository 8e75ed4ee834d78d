"""``factdb annotations check``: which curated annotations no longer match. Never writes.

Each annotated article is re-extracted from its *stored* body with the current
registry and rules, then its annotation file is applied; annotations that
match nothing are reported with their file and line.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .errors import FactdbError
from .tables import articles as A
from .pipeline import Extractor, annotation_path, article_key, discover, display_path
from .records import ParsedArticle



def check_annotations(conn: Connection, paths: list[str], registry_path: str | None = None) -> list[dict]:
    from .annotations import load_annotations
    from .load import find_curated_file
    from .registry import load_registry

    files, _, errors = discover(paths)
    rows: list[dict] = [
        {"file": p, "line": None, "action": None, "quote": None, "value": None, "problem": reason}
        for p, reason in errors
    ]
    from .store import get_state

    # the registry the stored articles were extracted with
    remembered = get_state(conn, "registry_path")
    extractor = Extractor(load_registry(find_curated_file("registry.yml", registry_path, remembered)))
    for path in files:
        ann_file = annotation_path(path)
        if not Path(ann_file).is_file():
            continue
        try:
            annotations = load_annotations(ann_file)
        except FactdbError as exc:
            rows.append({"file": ann_file, "line": getattr(exc, "line", None), "action": None,
                         "quote": None, "value": None, "problem": str(exc)})
            continue
        stored = conn.execute(
            select(A.c.title, A.c.body, A.c.published, A.c.date_precision)
            .where(A.c.source_path.in_([article_key(path), display_path(os.path.normpath(path))]))
        ).first()
        if stored is None:
            rows.append({"file": ann_file, "line": None, "action": None, "quote": None, "value": None,
                         "problem": f"article {path} is not loaded (run `factdb load {path}`)"})
            continue
        parsed = ParsedArticle(title=stored.title, body=stored.body, published=stored.published,
                               date_precision=stored.date_precision)
        ex = extractor.extract(parsed, annotations=annotations)
        for ann in ex.stale_annotations:
            rows.append({"file": ann_file, "line": ann.line, "action": ann.action, "quote": ann.quote,
                         "value": ann.value, "problem": "matches no claim"})
    return rows
