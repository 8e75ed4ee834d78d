"""Stored verdicts: one set of rows for every surface, kept current incrementally at load.

* the CLI, the web view and the SQL view v_conflicts return the same conflicts,
  on the seeds and on a larger fixture (seeds + development articles + a
  synthetic corpus);
* recomputing only what an article touched gives the rows a full recompute gives;
* the stored rows answer what the pure rules answer (member_status, fact_at) at
  any date.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil

import pytest

from conftest import REPO, SEEDS

DEV = REPO / "benchmarks" / "eval" / "articles" / "dev"


def _cli(url, *args):
    from click.testing import CliRunner

    from factdb.cli import cli

    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _ids(text):
    return tuple(int(x) for x in str(text).split(";") if x.strip())


def _cli_conflicts(url):
    rows = json.loads(_cli(url, "conflicts", "--format", "json").stdout)
    return sorted((r["kind"], r["rule"], r["subject"], r["property"], r["organization"], tuple(r["ids"]),
                   tuple(r["article_ids"]), tuple(r["values"]), r["reason"]) for r in rows)


def _sql_conflicts(url):
    rows = json.loads(_cli(url, "sql", "SELECT kind, rule, subject, property, organization, ids, article_ids,"
                           " value_text, other_value_text, reason FROM v_conflicts", "--format", "json").stdout)
    return sorted((r["kind"], r["rule"], r["subject"], r["property"], r["organization"], _ids(r["ids"]),
                   _ids(r["article_ids"]), tuple(v for v in (r["value_text"], r["other_value_text"]) if v is not None),
                   r["reason"]) for r in rows)


def _web_conflicts(path):
    import asyncio

    from factdb.web import serve as web

    ds = web.make_datasette(path)
    rows = []
    url = "/factdb/conflicts.json?_shape=array&_size=max"
    rows = asyncio.run(ds.client.get(url)).json()
    return sorted((r["kind"], r["rule"], r["subject"], r["property"], r["organization"], _ids(r["ids"]),
                   _ids(r["article_ids"]), tuple(v for v in (r["claim"], r["other_claim"]) if v is not None),
                   r["reason"]) for r in rows)


def _load(url, *paths):
    return _cli(url, "load", *map(str, paths))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from benchmarks.corpus import write_corpus

    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, 150)
    return out


# ------------------------------------------------------------------ three surfaces, one verdict


def test_three_surfaces_agree_on_the_seeds(db_url, tmp_path):
    _load(db_url, SEEDS)
    cli_rows = _cli_conflicts(db_url)
    assert cli_rows == _sql_conflicts(db_url)
    kinds = {(r[0], r[1], r[2]) for r in cli_rows}
    assert ("numeric", "headline", "Russia") in kinds  # the $70 billion headline against the body's roubles
    assert ("membership", "history", "Uzbekistan") in kinds  # Uzbekistan at the 2015 summit
    assert any(r[0] == "membership" and r[2] == "Kyrgyzstan" and "Eurasian" in r[4] for r in cli_rows)
    if db_url.startswith("sqlite"):
        assert cli_rows == _web_conflicts(db_url.removeprefix("sqlite:///"))


def test_three_surfaces_agree_on_a_larger_fixture(db_url, corpus):
    _load(db_url, SEEDS, DEV, corpus)
    cli_rows = _cli_conflicts(db_url)
    assert len(cli_rows) > 20 and {r[1] for r in cli_rows} >= {"sources", "headline", "history"}
    assert cli_rows == _sql_conflicts(db_url)
    if db_url.startswith("sqlite"):
        assert cli_rows == _web_conflicts(db_url.removeprefix("sqlite:///"))


def test_the_api_reads_the_same_rows(db_url):
    import factdb

    _load(db_url, SEEDS)
    with factdb.connect(db_url) as db:
        api = db.conflicts()
        assert sorted(zip(api["kind"], api["subject"])) == sorted((r[0], r[2]) for r in _cli_conflicts(db_url))
        assert db.fact("201st base", "troop_count")["answer"] == "6,000 person"
        members = db.members("CSTO", as_of="2015-09-15")
        assert set(members.loc[members["status"] == "disputed", "member"]) == {"Uzbekistan"}


# ------------------------------------------------------------------ incremental == full


def _snapshot(url):
    from sqlalchemy import text

    from factdb.db import Database

    db = Database(url)
    out = {}
    with db.connect() as conn:
        out["conflicts"] = sorted(conn.execute(text(
            "SELECT kind, rule, subject, property, organization, ids, article_ids, value_text, other_value_text,"
            " as_of, reason FROM conflicts")).all())
        out["facts"] = sorted(conn.execute(text(
            "SELECT subject_entity_id, property_id, quantity, quantity_rank, overall, valid_from, valid_to, low, high,"
            " low_inclusive, high_inclusive, unit, method, point, point_above, anchor, supporting_articles,"
            " articles, newest_evidence, oldest_evidence, stale FROM fact_answers")).all(), key=repr)
        out["status"] = sorted(conn.execute(text(
            "SELECT organization_entity_id, member_entity_id, role, precision, valid_from, valid_to, status,"
            " history_status, counts FROM membership_status")).all(), key=repr)
        out["evidence"] = sorted(conn.execute(text(
            "SELECT organization_entity_id, member_entity_id, role, article_id, kind, starts, ends"
            " FROM membership_evidence")).all())
        out["identity"] = sorted(conn.execute(text(
            "SELECT claim_id, scope, kind, headline, vague, canonical_unit, canonical_low, canonical_high,"
            " quantity FROM claim_identity")).all(), key=repr)
        out["queue"] = conn.execute(text("SELECT count(*) FROM verdict_queue")).scalar_one()
    db.dispose()
    return out


def test_loading_in_steps_gives_what_recomputing_everything_gives(db_url, tmp_path, corpus):
    from factdb import verdicts
    from factdb.db import Database

    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(SEEDS, first / "seeds", ignore=shutil.ignore_patterns("__pycache__"))
    files = sorted(corpus.glob("*.*"))
    (first / "corpus").mkdir()
    (second / "corpus").mkdir(parents=True)
    for i, f in enumerate(files):
        shutil.copy(f, (first if i % 2 else second) / "corpus" / f.name)
    shutil.copytree(DEV, second / "dev")
    _load(db_url, first)
    _load(db_url, second)
    stepwise = _snapshot(db_url)
    assert stepwise["queue"] == 0
    db = Database(db_url)
    with db.transaction() as conn:
        verdicts.refresh_all(conn)
    db.dispose()
    assert _snapshot(db_url) == stepwise


def test_a_changed_article_changes_its_verdicts(db_url, tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    extra = folder / "zz_base.txt"
    extra.write_text("Moscow reinforces its base\n\nSeptember 16, 2015\n\n"
                     "The 201st military base in Tajikistan has 9,000 troops, officials said.\n", encoding="utf-8")
    _load(db_url, folder)
    assert any(r[1] == "sources" and r[2] == "201st Military Base" for r in _cli_conflicts(db_url))
    extra.write_text("Moscow reinforces its base\n\nSeptember 16, 2015\n\n"
                     "The 201st military base in Tajikistan has 6,000 troops, officials said.\n", encoding="utf-8")
    _load(db_url, folder)
    assert not any(r[2] == "201st Military Base" for r in _cli_conflicts(db_url))
    fact = json.loads(_cli(db_url, "fact", "201st base", "troop_count", "--format", "json").stdout)
    assert len({s["article_id"] for s in fact["supporting"]}) == 3


def test_a_dry_run_stores_no_verdict(db_url):
    _load(db_url, "--dry-run", SEEDS)
    assert _snapshot(db_url)["conflicts"] == [] and _snapshot(db_url)["queue"] == 0


def test_db_refresh_finishes_an_interrupted_load(db_url):
    from sqlalchemy import text

    from factdb.db import Database

    _load(db_url, SEEDS)
    before = _snapshot(db_url)
    db = Database(db_url)
    with db.transaction() as conn:  # as if the process died after a batch commit
        conn.execute(text("DELETE FROM conflicts"))
        conn.execute(text("INSERT INTO verdict_queue (key) SELECT DISTINCT 'article:' || CAST(article_id AS TEXT)"
                          " FROM claims"))
    db.dispose()
    from click.testing import CliRunner

    from factdb.cli import cli

    warned = CliRunner().invoke(cli, ["--db", db_url, "conflicts"])
    assert "wait to be recomputed" in warned.stderr and "factdb db refresh" in warned.stderr
    _cli(db_url, "db", "refresh")
    after = _snapshot(db_url)
    numeric = [r for r in after["conflicts"] if r[0] == "numeric"]
    assert numeric == [r for r in before["conflicts"] if r[0] == "numeric"] and after["queue"] == 0
    _cli(db_url, "db", "refresh", "--all")
    assert _snapshot(db_url) == before


def test_upgrading_a_0004_database_computes_its_verdicts(tmp_path):
    """A database loaded before the verdicts existed gets them from `factdb db upgrade` (reads never migrate)."""
    from sqlalchemy import text

    from factdb import schema
    from factdb.db import Database

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    db = Database(url)
    schema.upgrade(db, "0006")
    with db.transaction() as conn:  # rows as the 0006 loader wrote them: claims, no verdicts
        conn.execute(text(
            "INSERT INTO articles (id, title, date_precision, published, language, body, source_path, sha256,"
            " loaded_at) VALUES (1, 't', 'day', '2015-09-15', 'en', 'T\n\nThe base has 6,000 troops.', 'a.txt',"
            " 'x', CURRENT_TIMESTAMP), (2, 'u', 'day', '2015-09-16', 'en', 'U\n\nThe base has 9,000 troops.',"
            " 'b.txt', 'y', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO entities (id, name, kind) VALUES (1, '201st Military Base', 'military_unit')"))
        pid = conn.execute(text("SELECT id FROM properties WHERE name = 'troop_count'")).scalar_one()
        for cid, aid, value, day in ((1, 1, 6000, "2015-09-15"), (2, 2, 9000, "2015-09-16")):
            conn.execute(text(
                "INSERT INTO claims (id, article_id, property_id, subject_entity_id, value, low, high, low_inclusive,"
                " high_inclusive, qualifier, unit, counted, as_of, as_of_precision, modality, quote, span_start,"
                " span_end, quote_start, quote_end, method, status, confidence)"
                f" VALUES ({cid}, {aid}, {pid}, 1, {value}, {value}, {value}, 1, 1, 'exact', 'person', 'troops',"
                f" '{day}', 'day', 'reported', 'The base has {value:,} troops.', 16, 21, 3, 29, 'rule', 'extracted',"
                " 0.8)"))
    db.dispose()
    from click.testing import CliRunner

    from factdb.cli import cli

    refused = CliRunner().invoke(cli, ["--db", url, "conflicts"])
    assert refused.exit_code == 2 and "factdb db upgrade" in refused.stderr
    assert _cli(url, "db", "upgrade").exit_code == 0
    result = _cli(url, "conflicts", "--format", "json")
    (conflict,) = json.loads(result.stdout)
    assert conflict["ids"] == [1, 2] and conflict["rule"] == "sources"
    db = Database(url)
    with db.connect() as conn:
        assert schema.current_revision(conn) == schema.SCHEMA_HEAD
        assert conn.execute(text("SELECT count(*) FROM verdict_queue")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM claim_identity")).scalar_one() == 2
    db.dispose()


# ------------------------------------------------------------------ stored rows == the pure rules


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory, corpus):
    url = f"sqlite:///{tmp_path_factory.mktemp('fixture') / 'fixture.sqlite'}"
    _load(url, SEEDS, DEV, corpus)
    return url


def test_stored_membership_status_is_member_status_at_any_date(fixture_db):
    from factdb.db import Database
    from factdb.membership_status import member_status
    from factdb.queries.agreement import load_assertions, load_history, members
    from factdb.timeutil import date_window

    rng = random.Random(7)
    db = Database(fixture_db)
    with db.connect() as conn:
        assertions, history = load_assertions(conn), load_history(conn)
        orgs = sorted({a.organization for a in assertions})
        for _ in range(120):
            org = rng.choice(orgs)
            day = dt.date(1991, 1, 1) + dt.timedelta(days=rng.randrange(40 * 365))
            precision = rng.choice(["day", "month", "year"])
            arg = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]
            stored = members(conn, org, as_of=arg)
            pure = member_status(org, date_window(day, precision)[0], assertions, history, precision=precision)
            assert [(r["member"], r["role"], r["status"], r["supporting"], r["contradicting"], tuple(r["article_ids"]),
                     r["reason"]) for r in stored] == [
                (r.member, r.role, r.status, r.supporting, r.contradicting, r.article_ids, r.reason) for r in pure], (
                org, arg)
    db.dispose()


def test_stored_fact_answers_are_fact_at_any_date(fixture_db):
    from sqlalchemy import text

    from factdb import verdicts
    from factdb.agreement import fact_at, quantities
    from factdb.db import Database
    from factdb.queries.agreement import describe_interval, fact

    rng = random.Random(11)
    db = Database(fixture_db)
    checked = 0
    with db.connect() as conn:
        groups = conn.execute(text("SELECT DISTINCT ci.subject_entity_id, ci.property_id, e.name, p.name FROM"
                                   " claim_identity ci JOIN entities e ON e.id = ci.subject_entity_id"
                                   " JOIN properties p ON p.id = ci.property_id")).all()
        for sid, pid, subject, prop in rng.sample(groups, min(60, len(groups))):
            views = [verdicts.to_view(r) for r in conn.execute(
                verdicts.view_select().where(verdicts.C.c.subject_entity_id == sid, verdicts.C.c.property_id == pid))]
            main_key, claims = next(iter(quantities(views).items()))
            for _ in range(3):
                day = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(20 * 365))
                stored = fact(conn, subject, prop, as_of=day.isoformat())
                if stored["quantity"] is None or (stored["quantity"]["kind"] or "", stored["quantity"]["scope"],
                                                  stored["quantity"]["object"] or "") != main_key:
                    continue  # another quantity answered that date
                pure = fact_at(claims, day)
                f = pure.fact
                assert describe_interval(stored_ns := _ns(stored)) == describe_interval(f), (subject, prop, day)
                assert stored_ns.method == f.method
                assert sorted(s["claim_id"] for s in stored["supporting"]) == sorted(c.id for c in f.supporting)
                assert sorted(s["claim_id"] for s in stored["dissent"]) == sorted(c.id for c in f.dissent)
                checked += 1
    db.dispose()
    assert checked > 20


def _ns(record):
    from types import SimpleNamespace

    return SimpleNamespace(**{k: record[k] for k in ("low", "high", "low_inclusive", "high_inclusive", "unit",
                                                     "method")})
