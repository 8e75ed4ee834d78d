"""Stored verdicts: the agreement rules run at load, for what the loaded articles touched.

Every surface (CLI, Python API, SQL views, web view) reads the rows written
here; nothing recomputes a verdict at read time. Work is keyed
(``verdict_queue.key``):

=========================  ===================================================
key                        rows it owns
=========================  ===================================================
``article:<id>``           conflicts inside that article (headline, conversion,
                           contradiction rules)
``subject:<entity>:<p>``   that subject's property: the quantity each claim is
                           grouped under, the fact answers over time, the
                           conflicts between articles
``org:<entity>``           that organisation's membership status, evidence and
                           membership conflicts
=========================  ===================================================

Guarantees:

* store functions take a connection and never commit; the loader queues the
  keys of every article it stores in the article's own transaction, so a
  crash never loses them, and :func:`refresh` recomputes them before the
  load commits;
* :func:`refresh` leaves the queue empty; recomputing a key is idempotent and
  gives the rows a full :func:`refresh_all` gives (tests/test_verdicts.py);
* claims get their identity row (``claim_identity``) on the first refresh
  after they are stored, whoever stored them (the loader, a bulk insert, an
  upgraded database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection

from .agreement.facts import Answer, fact_at, quantities, timeline
from .agreement.identity import describe, headline_end
from .agreement.intervals import CANONICAL, DAYS_PER, KM_PER, dimension_of, stored_interval
from .agreement.timing import window
from .agreement.views import ClaimView, canonical
from .bulk import insert_rows
from .extract.numbers import parse_vague
from .money import usd_rate_range
from .tables import articles as A
from .tables import claim_identity as CI
from .tables import claims as C
from .tables import conflicts as K
from .tables import entities as E
from .tables import fact_answers as F
from .tables import membership_evidence as ME
from .tables import membership_status as MSS
from .tables import memberships as MS
from .tables import properties as P
from .tables import verdict_queue as Q

SUBJ = E.alias("subject_entity")
OBJ = E.alias("object_entity")
HEAD_PREFIX = 2000  # characters of a body read to find its headline block


# ------------------------------------------------------------------ keys and the queue


def keys_of_extraction(article_id: int, ex, ids: dict[str, int], props: dict[str, int]) -> set[str]:
    """The keys an extracted article touches (no query: from the records about to be stored)."""
    keys = {f"article:{article_id}"}
    for c in ex.claims:
        if c.subject and c.subject_resolved and c.subject in ids:
            keys.add(f"subject:{ids[c.subject]}:{props[c.property]}")
    for m in ex.memberships:
        if m.organization in ids:
            keys.add(f"org:{ids[m.organization]}")
    return keys


def keys_of_articles(conn: Connection, article_ids: Iterable[int]) -> set[str]:
    """The keys the stored rows of these articles touch (read before they are cleared)."""
    ids = list(article_ids)
    if not ids:
        return set()
    keys = {f"article:{a}" for a in ids}
    keys |= {f"subject:{s}:{p}" for s, p in conn.execute(
        select(C.c.subject_entity_id, C.c.property_id).where(C.c.article_id.in_(ids),
                                                             C.c.subject_entity_id.is_not(None)).distinct())}
    keys |= {f"org:{o}" for o in conn.execute(
        select(MS.c.organization_entity_id).where(MS.c.article_id.in_(ids)).distinct()).scalars()}
    return keys


def org_keys(conn: Connection) -> set[str]:
    """A key for every organisation with memberships (curated or extracted)."""
    return {f"org:{o}" for o in conn.execute(select(MS.c.organization_entity_id).distinct()).scalars()}


def all_keys(conn: Connection) -> set[str]:
    """Every key that has data."""
    keys = {f"article:{a}" for a in conn.execute(select(C.c.article_id).distinct()).scalars()}
    keys |= {f"subject:{s}:{p}" for s, p in conn.execute(
        select(C.c.subject_entity_id, C.c.property_id).where(C.c.subject_entity_id.is_not(None)).distinct())}
    return keys | org_keys(conn)


def enqueue(conn: Connection, keys: Iterable[str]) -> None:
    """Queue ``keys`` (already queued ones stay once)."""
    keys = set(keys)
    if not keys:
        return
    present = set()
    todo = sorted(keys)
    for i in range(0, len(todo), 500):
        present |= set(conn.execute(select(Q.c.key).where(Q.c.key.in_(todo[i:i + 500]))).scalars())
    insert_rows(conn, Q, [{"key": k} for k in todo if k not in present])


def pending(conn: Connection) -> int:
    """How many keys wait to be recomputed (0 when every verdict is current)."""
    return conn.execute(select(func.count()).select_from(Q)).scalar_one()


# ------------------------------------------------------------------ claim identity


def _canonical_row(prop, unit, value, low, high, li, hi_inc, qualifier, nv, nu, as_of, precision):
    """(unit, low, high, low_inclusive, high_inclusive) in the dimension's canonical unit, or Nones."""
    lo, hi, lin, hin = stored_interval(low, high, li, hi_inc, qualifier, value)
    dim = dimension_of(unit)
    factor = None
    if dim is None or dim == "fraction":
        return unit, lo, hi, bool(lin), bool(hin)
    if dim == "length":
        factor = KM_PER[unit]
    elif dim == "time":
        factor = DAYS_PER[unit]
    elif unit == "USD":
        factor = 1.0
    elif nu == "USD" and nv is not None and value:
        factor = nv / value
    elif as_of is not None:
        w = window(as_of, precision)
        rates = usd_rate_range(unit, w[0], w[1])
        if rates:  # month or year: the interval every rate in the window allows
            return ("USD", None if lo is None else lo / rates[1], None if hi is None else hi / rates[0],
                    bool(lin), bool(hin))
    if factor is None:
        return None, None, None, True, True
    return (CANONICAL[dim], None if lo is None else lo * factor, None if hi is None else hi * factor,
            bool(lin), bool(hin))


def ensure_identity(conn: Connection) -> int:
    """Write ``claim_identity`` for every claim that has none. Returns how many."""
    stmt = (select(C.c.id, C.c.article_id, C.c.subject_entity_id, C.c.property_id, P.c.name.label("property"),
                   C.c.quote, C.c.quote_start, C.c.span_start, C.c.span_end, C.c.counted, C.c.value, C.c.low,
                   C.c.high, C.c.low_inclusive, C.c.high_inclusive, C.c.qualifier, C.c.unit, C.c.normalized_value,
                   C.c.normalized_unit, C.c.as_of, C.c.as_of_precision)
            .select_from(C.join(P, P.c.id == C.c.property_id).outerjoin(CI, CI.c.claim_id == C.c.id))
            .where(CI.c.claim_id.is_(None)))
    rows = _raw(conn, stmt, dates=(19,))
    if not rows:
        return 0
    heads: dict[int, int] = {}
    art_ids = sorted({r[1] for r in rows})
    for i in range(0, len(art_ids), 500):
        chunk = art_ids[i:i + 500]
        for aid, prefix in conn.execute(select(A.c.id, func.substr(A.c.body, 1, HEAD_PREFIX))
                                        .where(A.c.id.in_(chunk))):
            heads[aid] = headline_end(prefix or "")
    out = []
    for (cid, aid, sid, pid, prop, quote, quote_start, span_start, span_end, counted, value, low, high, li,
         hi_inc, qualifier, unit, nv, nu, as_of, precision) in rows:
        quote = quote or ""
        if quote_start is not None and quote_start <= span_start <= span_end <= quote_start + len(quote):
            start, end = span_start - quote_start, span_end - quote_start
        else:
            start, end = 0, len(quote)
        scope, kind = describe(quote, start, end, prop, counted)
        surface = quote[start:end] if end - start < len(quote) else ""
        vague = not any(ch.isdigit() for ch in surface) and parse_vague(surface) is not None
        c_unit, c_lo, c_hi, c_li, c_hi_inc = _canonical_row(prop, unit, value, low, high, li, hi_inc, qualifier,
                                                            nv, nu, as_of, precision)
        w = window(as_of, precision)
        out.append({
            "claim_id": cid, "subject_entity_id": sid, "property_id": pid,
            "scope": scope, "kind": kind[:60] if kind else None,
            "headline": span_end <= heads.get(aid, 0), "vague": vague,
            "canonical_unit": c_unit, "canonical_low": c_lo, "canonical_high": c_hi,
            "canonical_low_inclusive": c_li, "canonical_high_inclusive": c_hi_inc,
            "window_start": w[0] if w else None, "window_end": w[1] if w else None, "quantity": None,
        })
    insert_rows(conn, CI, out)
    return len(out)


# ------------------------------------------------------------------ claims as views


def _raw(conn: Connection, stmt, params: dict | None = None, dates: tuple[int, ...] = ()):
    """Bulk reads of a refresh: :func:`factdb.db.raw_rows`."""
    from .db import raw_rows

    return raw_rows(conn, stmt, params, dates)


def view_select():
    """Claims with their identity, as :class:`ClaimView` fields (rejected claims left out).

    The first columns are ClaimView's fields in order (see :func:`to_view`).
    """
    return (
        select(C.c.id, C.c.article_id, func.coalesce(SUBJ.c.name, C.c.subject_text).label("subject"),
               P.c.name.label("property"), C.c.value, C.c.low, C.c.high, C.c.low_inclusive, C.c.high_inclusive,
               C.c.qualifier, C.c.unit, C.c.normalized_value, C.c.normalized_unit, C.c.as_of, C.c.as_of_precision,
               C.c.change, C.c.modality, C.c.conversion_of_id,
               func.coalesce(OBJ.c.name, C.c.object_text).label("object"), C.c.counted,
               C.c.subject_entity_id, CI.c.scope, CI.c.kind, CI.c.headline, CI.c.vague, CI.c.canonical_unit,
               CI.c.canonical_low, CI.c.canonical_high, CI.c.canonical_low_inclusive,
               CI.c.canonical_high_inclusive, C.c.span_start, C.c.span_end, C.c.quote, C.c.quote_start,
               CI.c.quantity, C.c.property_id)
        .select_from(C.join(P, P.c.id == C.c.property_id)
                     .join(CI, CI.c.claim_id == C.c.id)
                     .outerjoin(SUBJ, SUBJ.c.id == C.c.subject_entity_id)
                     .outerjoin(OBJ, OBJ.c.id == C.c.object_entity_id))
        .where(C.c.status != "rejected")
        .order_by(C.c.id)
    )


def to_view(r) -> ClaimView:
    """A :func:`view_select` row as a ClaimView (positional: this runs once per claim per refresh)."""
    (cid, aid, subject, prop, value, low, high, li, hi_inc, qualifier, unit, nv, nu, as_of, precision, change,
     modality, conv, obj, counted, sid, scope, kind, headline, vague, c_unit, c_lo, c_hi, c_li, c_hi_inc,
     start, end, quote, quote_start, quantity, _pid) = r
    # the number as written, cut from the sentence (reading it from the body costs a body read per claim)
    surface = quote[start - quote_start:end - quote_start] if quote and quote_start is not None else None
    return ClaimView(cid, aid, subject, prop, value, low, high, bool(li), bool(hi_inc), qualifier, unit, nv, nu,
                     as_of, precision, change, modality, conv, obj, counted, surface, sid is not None, scope, kind,
                     bool(headline), bool(vague), c_unit,
                     (c_lo, c_hi, bool(c_li), bool(c_hi_inc)) if c_unit else None,
                     start, end, quote, quote_start, quantity)


_BY_SUBJECT = view_select().where(C.c.subject_entity_id == bindparam("subject"),
                                  C.c.property_id == bindparam("property"))


# ------------------------------------------------------------------ recomputing one key


def _ids_text(ids) -> str:
    return ";".join(str(i) for i in ids)


def _conflict_row(key: str, c, claims: dict[int, ClaimView], subject_ids: dict) -> dict:
    a, b = (claims.get(c.ids[0]), claims.get(c.ids[1])) if len(c.ids) == 2 else (None, None)
    return {
        "verdict_key": key, "kind": c.kind, "rule": c.rule or "sources", "subject": c.subject,
        "subject_entity_id": subject_ids.get(c.subject), "property": c.property,
        "organization": c.organization, "organization_entity_id": subject_ids.get(c.organization),
        "claim_id": a.id if a else None, "other_claim_id": b.id if b else None,
        "membership_id": None,
        "article_id": a.article_id if a else None, "other_article_id": b.article_id if b else None,
        "ids": _ids_text(c.ids), "article_ids": _ids_text(c.article_ids),
        "value_text": c.values[0] if c.values else None,
        "other_value_text": c.values[1] if len(c.values) > 1 else None,
        "as_of": c.as_of, "reason": c.reason,
    }


class _Views:
    """Claims as views for one refresh: per key from the database, or all at once for a big refresh."""

    BULK = 400  # keys from which reading every claim once beats a query per key

    def __init__(self, conn: Connection, n_keys: int):
        self.conn = conn
        self.by_article: dict[int, list[ClaimView]] | None = None
        self.by_subject: dict[tuple, list[ClaimView]] | None = None
        if n_keys >= self.BULK:
            self.by_article, self.by_subject = {}, {}
            for r in _raw(conn, view_select(), dates=(13,)):
                v = to_view(r)
                self.by_article.setdefault(v.article_id, []).append(v)
                if r[20] is not None:  # subject_entity_id
                    self.by_subject.setdefault((r[20], r[-1]), []).append(v)

    def articles(self, ids: list[int]) -> dict[int, list[ClaimView]]:
        if self.by_article is not None:
            return {a: self.by_article[a] for a in ids if a in self.by_article}
        out: dict[int, list[ClaimView]] = {}
        for i in range(0, len(ids), 500):
            for r in self.conn.execute(view_select().where(C.c.article_id.in_(ids[i:i + 500]))):
                out.setdefault(r.article_id, []).append(to_view(r))
        return out

    def subject(self, subject_id: int, property_id: int) -> list[ClaimView]:
        if self.by_subject is not None:
            return self.by_subject.get((subject_id, property_id), [])
        return [to_view(r) for r in self.conn.execute(_BY_SUBJECT, {"subject": subject_id, "property": property_id})]


def _refresh_articles(conn: Connection, views: _Views, article_ids: list[int], names: dict) -> None:
    from .agreement.conflicts import within_article

    keys = [f"article:{a}" for a in article_ids]
    for i in range(0, len(keys), 500):
        conn.execute(delete(K).where(K.c.verdict_key.in_(keys[i:i + 500])))
    rows = []
    for aid, group in views.articles(article_ids).items():
        if len(group) < 2:
            continue
        by_id = {v.id: v for v in group}
        rows.extend(_conflict_row(f"article:{aid}", c, by_id, names) for c in within_article(group))
    insert_rows(conn, K, rows)


def _answer_row(subject_id, property_id, rank, qkey, ans: Answer, overall: bool, epoch=None) -> dict:
    f = ans.fact
    kind, scope, obj = qkey
    if epoch is not None:
        anchor = None if ans.stale else epoch.valid_from
    else:
        dated = [w[0] for w in (c.window() for c in ans.voters) if w is not None]
        anchor = max(dated) if dated else None
    point = f.point
    return {
        "subject_entity_id": subject_id, "property_id": property_id, "quantity": "|".join(qkey),
        "quantity_rank": rank, "kind": kind or None, "scope": scope, "object": obj or None, "overall": overall,
        "valid_from": epoch.valid_from if epoch is not None else None,
        "valid_to": epoch.valid_to if epoch is not None else None,
        "low": f.low, "high": f.high, "low_inclusive": bool(f.low_inclusive),
        "high_inclusive": bool(f.high_inclusive), "unit": f.unit, "method": f.method,
        "point": None if point is None or point[0] == float("-inf") else point[0],
        "point_above": bool(point[1]) if point is not None else False,
        "anchor": anchor,
        "supporting_articles": len({c.article_id for c in f.supporting}),
        "articles": len({c.article_id for c in list(f.supporting) + list(f.dissent)}),
        "newest_evidence": ans.newest, "oldest_evidence": ans.oldest, "stale": bool(ans.stale),
    }


def _set_quantities(conn: Connection, updates: list[dict]) -> None:
    """claim_identity.quantity for many claims in one driver executemany (a Core executemany costs 10x)."""
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.executemany(f"UPDATE claim_identity SET quantity = {mark} WHERE claim_id = {mark}",
                        [(u["q"], u["cid"]) for u in updates])
    finally:
        cur.close()


def _refresh_subject(conn: Connection, all_views: _Views, key: str, subject_id: int, property_id: int,
                     names: dict) -> None:
    from .agreement.conflicts import across_articles

    views = all_views.subject(subject_id, property_id)
    groups = quantities(views)
    updates, answers = [], []
    for rank, (qkey, claims) in enumerate(groups.items()):
        text = "|".join(qkey)
        updates.extend({"cid": c.id, "q": text} for c in claims if c.quantity != text)
        answers.append(_answer_row(subject_id, property_id, rank, qkey, fact_at(claims, None), True))
        for ep in timeline(claims):
            answers.append(_answer_row(subject_id, property_id, rank, qkey, ep.answer, False, ep))
    if updates:
        _set_quantities(conn, updates)
    conn.execute(delete(F).where(F.c.subject_entity_id == subject_id, F.c.property_id == property_id))
    insert_rows(conn, F, answers)
    conn.execute(delete(K).where(K.c.verdict_key == key))
    by_id = {v.id: v for v in views}
    insert_rows(conn, K, [_conflict_row(key, c, by_id, names) for c in across_articles(views)])


def _refresh_org(conn: Connection, key: str, org_id: int, names: dict) -> None:
    from .agreement.membership import pack, status_rows, stored_conflicts
    from .queries.agreement import load_assertions, load_history

    org = conn.execute(select(E.c.name).where(E.c.id == org_id)).scalar_one_or_none()
    conn.execute(delete(MSS).where(MSS.c.organization_entity_id == org_id))
    conn.execute(delete(ME).where(ME.c.organization_entity_id == org_id))
    conn.execute(delete(K).where(K.c.verdict_key == key))
    if org is None:
        return
    assertions, history = load_assertions(conn, org), load_history(conn, org)
    rows, ev = status_rows(org, assertions, history)
    insert_rows(conn, MSS, [{
        "organization_entity_id": org_id, "member_entity_id": names[r.member], "role": r.role,
        "precision": r.precision, "valid_from": r.valid_from, "valid_to": r.valid_to, "status": r.status,
        "history_status": r.history_status, "counts": r.counts_text(),
        "history_from": r.history.valid_from if r.history else None,
        "history_from_precision": r.history.valid_from_precision if r.history else None,
        "history_to": r.history.valid_to if r.history else None,
        "history_to_precision": r.history.valid_to_precision if r.history and r.history.valid_to else None,
        "history_source": r.history.source if r.history else None,
    } for r in pack(rows)])
    # the support pieces name the articles behind each stored count (contradictions are only counted)
    insert_rows(conn, ME, [{
        "organization_entity_id": org_id, "member_entity_id": names[e.member], "role": e.role,
        "article_id": e.article_id, "kind": e.kind, "starts": e.start, "ends": e.end,
    } for e in ev if e.kind == "support"])
    out = []
    for c in stored_conflicts(org, assertions, history, rows, ev):
        row = _conflict_row(key, c, {}, names)
        row["membership_id"] = c.ids[0] if c.ids else None
        row["article_id"] = c.article_ids[0] if c.article_ids else None
        out.append(row)
    insert_rows(conn, K, out)


# ------------------------------------------------------------------ refresh


def refresh(conn: Connection, keys: Iterable[str] | None = None,
            progress: Callable[[str], None] | None = None) -> int:
    """Recompute the verdicts of ``keys`` (default: every queued key); returns how many keys.

    Runs in the caller's transaction; the keys leave the queue.
    """
    todo = set(keys) if keys is not None else set(conn.execute(select(Q.c.key)).scalars())
    if not todo:
        return 0
    ensure_identity(conn)
    names = dict(conn.execute(select(E.c.name, E.c.id)).all())
    views = _Views(conn, len(todo))
    articles = sorted(int(k.partition(":")[2]) for k in todo if k.startswith("article:"))
    if articles:
        if progress:
            progress(f"{len(articles)} articles")
        _refresh_articles(conn, views, articles, names)
    for key in sorted(todo, key=_key_order):
        kind, _, rest = key.partition(":")
        if kind != "article" and progress:
            progress(key)
        if kind == "subject":
            s, p = rest.split(":")
            _refresh_subject(conn, views, key, int(s), int(p), names)
        elif kind == "org":
            _refresh_org(conn, key, int(rest), names)
    done = sorted(todo)
    for i in range(0, len(done), 500):
        conn.execute(delete(Q).where(Q.c.key.in_(done[i:i + 500])))
    return len(todo)


def _key_order(key: str):
    kind, _, rest = key.partition(":")
    return kind, tuple(int(x) for x in rest.split(":"))


def refresh_all(conn: Connection, progress: Callable[[str], None] | None = None) -> int:
    """Recompute every verdict from the current claims and memberships (after a bulk insert, say)."""
    conn.execute(delete(K))
    conn.execute(delete(F))
    conn.execute(delete(MSS))
    conn.execute(delete(ME))
    enqueue(conn, all_keys(conn))
    return refresh(conn, progress=progress)


def clear_identity(conn: Connection, article_ids: Iterable[int] | None = None) -> None:
    """Forget identity rows (they are recomputed on the next refresh)."""
    stmt = delete(CI)
    if article_ids is not None:
        ids = list(article_ids)
        stmt = stmt.where(CI.c.claim_id.in_(select(C.c.id).where(C.c.article_id.in_(ids))))
    conn.execute(stmt)


__all__ = ["all_keys", "clear_identity", "enqueue", "ensure_identity", "keys_of_articles", "keys_of_extraction",
           "org_keys", "pending", "refresh", "refresh_all", "to_view", "view_select"]
