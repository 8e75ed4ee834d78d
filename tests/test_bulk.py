"""insert_rows stores exactly the rows Core would, inside the caller's transaction or savepoint."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from factdb import store
from factdb.bulk import COPY_MIN_ROWS, insert_rows

pytestmark = pytest.mark.usefixtures("db")


def _article(conn, n: int = 0) -> int:
    return conn.execute(
        insert(store.A).values(
            title=f"t{n}", body="Headline\n\nBody.", source_path=f"p{n}.txt", sha256=f"{n:064d}",
            loaded_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc), date_precision="day",
            language="en",
        ).returning(store.A.c.id)
    ).scalar_one()


def _property(conn) -> int:
    found = conn.execute(select(store.P.c.id).where(store.P.c.name == "troop_count")).scalar()
    if found is None:
        return conn.execute(insert(store.P).values(name="troop_count", dimension="count")
                            .returning(store.P.c.id)).scalar_one()
    return found


def _claim(article_id: int, prop: int, i: int, **over) -> dict:
    row = {
        "article_id": article_id, "property_id": prop, "subject_entity_id": None,
        "subject_text": None if i % 2 else f"subject {i}", "value": 1000 + i,
        "low": None if i % 3 == 0 else 1000.5 + i, "high": None, "low_inclusive": i % 2 == 0,
        "high_inclusive": True, "qualifier": "exact", "unit": "person",
        "as_of": dt.date(2015, 9, 15) + dt.timedelta(days=i) if i % 4 else None,
        "as_of_precision": "day" if i % 4 else None, "quote": f"quote {i} – ü",
        "span_start": i, "span_end": i + 5, "method": "rule", "status": "extracted",
        "confidence": 0.5,
    }
    row.update(over)
    return row


CLAIM_COLS = ["subject_text", "value", "low", "high", "low_inclusive", "high_inclusive", "as_of",
              "as_of_precision", "quote", "span_start", "span_end", "modality", "change"]


def _stored(conn) -> list[tuple]:
    cols = [store.C.c[c] for c in CLAIM_COLS]
    return [tuple(r) for r in conn.execute(select(*cols).order_by(store.C.c.id))]


def _expected(rows: list[dict]) -> list[tuple]:
    out = []
    for r in rows:
        full = {"modality": "reported", "change": None, "high": None, **r}
        full["value"] = float(full["value"])
        out.append(tuple(full[c] for c in CLAIM_COLS))
    return out


@pytest.mark.parametrize("n", [1, 7, COPY_MIN_ROWS + 3])
def test_inserts_exactly_the_rows(db, n):
    with db.transaction() as conn:
        aid, prop = _article(conn), _property(conn)
        rows = [_claim(aid, prop, i) for i in range(n)]
        insert_rows(conn, store.C, rows)
    with db.connect() as conn:
        stored = _stored(conn)
        assert stored == _expected(rows)
        # defaults the dicts left out were filled as Core fills them
        assert {r for (r,) in conn.execute(select(store.C.c.modality))} == {"reported"}
        # booleans come back as booleans, dates as dates
        assert all(isinstance(s[4], bool) for s in stored)
        assert [s[6] for s in stored] == [r["as_of"] for r in rows]


def test_same_result_as_core_executemany(db):
    with db.transaction() as conn:
        aid, prop = _article(conn), _property(conn)
        rows = [_claim(aid, prop, i) for i in range(60)]
        insert_rows(conn, store.C, rows)
        fast = _stored(conn)
        conn.execute(store.C.delete())
        conn.execute(insert(store.C), rows)
        core = _stored(conn)
    assert fast == core


def test_ids_follow_list_order(db):
    with db.transaction() as conn:
        aid, prop = _article(conn), _property(conn)
        insert_rows(conn, store.C, [_claim(aid, prop, i) for i in range(COPY_MIN_ROWS + 10)])
        starts = conn.execute(select(store.C.c.span_start).order_by(store.C.c.id)).scalars().all()
    assert starts == list(range(COPY_MIN_ROWS + 10))


def test_rolled_back_when_the_caller_raises(db):
    with db.transaction() as conn:
        aid, prop = _article(conn), _property(conn)
    with pytest.raises(RuntimeError), db.transaction() as conn:
        insert_rows(conn, store.C, [_claim(aid, prop, i) for i in range(COPY_MIN_ROWS + 5)])
        insert_rows(conn, store.C, [_claim(aid, prop, 1)])
        raise RuntimeError("caller fails after the insert")
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(store.C)).scalar_one() == 0


@pytest.mark.parametrize("n", [3, COPY_MIN_ROWS + 5])
def test_savepoint_rollback_keeps_the_outer_rows(db, n):
    with db.transaction() as conn:
        aid, prop = _article(conn), _property(conn)
        insert_rows(conn, store.C, [_claim(aid, prop, 0, quote="kept")])
        sp = conn.begin_nested()
        insert_rows(conn, store.C, [_claim(aid, prop, i, quote="dropped") for i in range(n)])
        sp.rollback()
        with pytest.raises(IntegrityError):  # a refused row raises SQLAlchemy's exception
            with conn.begin_nested():
                insert_rows(conn, store.C, [_claim(aid, prop, i, qualifier="bogus") for i in range(n)])
        insert_rows(conn, store.C, [_claim(aid, prop, 1, quote="after")])
    with db.connect() as conn:
        quotes = conn.execute(select(store.C.c.quote).order_by(store.C.c.id)).scalars().all()
    assert quotes == ["kept", "after"]


def test_memberships_nulls_and_booleans(db):
    with db.transaction() as conn:
        aid = _article(conn)
        conn.execute(insert(store.E), [{"name": "Russia", "kind": "country"},
                                       {"name": "CSTO", "kind": "organization"}])
        ids = dict(conn.execute(select(store.E.c.name, store.E.c.id)).all())
        rows = [{"member_entity_id": ids["Russia"], "organization_entity_id": ids["CSTO"],
                 "valid_from": dt.date(1992, 5, 15) if i else None, "valid_to": None,
                 "article_id": aid if i else None, "complete_list": bool(i), "negated": False,
                 "method": "rule", "status": "extracted", "confidence": 0.9} for i in range(2)]
        insert_rows(conn, store.MS, rows)
    with db.connect() as conn:
        got = conn.execute(select(store.MS.c.valid_from, store.MS.c.article_id, store.MS.c.complete_list,
                                  store.MS.c.role).order_by(store.MS.c.id)).all()
    assert [tuple(g) for g in got] == [(None, None, False, "member"), (dt.date(1992, 5, 15), aid, True, "member")]


def test_empty_is_a_no_op(db):
    with db.transaction() as conn:
        insert_rows(conn, store.C, [])
        assert conn.execute(select(func.count()).select_from(store.C)).scalar_one() == 0
