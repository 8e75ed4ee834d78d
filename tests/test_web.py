"""The web view in process, with Datasette's own test client (``factdb serve``).

One seed database per module; its sha256 is checked at the end to prove no
request wrote to it.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import sqlite3
import sys

import pytest

pytest.importorskip("datasette")

from factdb.errors import FactdbError  # noqa: E402
from factdb.web import serve as web  # noqa: E402

SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    from click.testing import CliRunner

    from conftest import SEEDS
    from factdb.cli import cli

    path = tmp_path_factory.mktemp("web") / "seeds.sqlite"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "load", str(SEEDS)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # the loader's pooled connections live on in this process: fold the WAL in, so
    # the digest below covers everything the web view could possibly change
    checkpoint = sqlite3.connect(path)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    digest = _sha256(path)
    yield path
    assert _sha256(path) == digest, "the web view changed the database file"


@pytest.fixture(scope="module")
def ds(seed_db):
    return web.make_datasette(seed_db)


def get(ds, url):
    return asyncio.run(ds.client.get(url))


def get_json(ds, url):
    response = get(ds, url)
    assert response.status_code == 200, (url, response.text[:500])
    return response.json()


def schema(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")]
        return {n: [r[1] for r in conn.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        conn.close()


def is_fts_shadow(name: str) -> bool:
    return name.startswith("articles_fts_") and name.endswith(SHADOW_SUFFIXES)


# ------------------------------------------------------------ metadata


def test_every_table_view_and_column_is_described(seed_db):
    tables = web.load_metadata()["databases"]["factdb"]["tables"]
    missing = []
    for name, columns in schema(seed_db).items():
        if is_fts_shadow(name):
            assert tables.get(name, {}).get("hidden") is True, name
            continue
        meta = tables.get(name) or {}
        if not meta.get("description"):
            missing.append(name)
        missing += [f"{name}.{c}" for c in columns if not (meta.get("columns") or {}).get(c)]
    assert missing == []


def test_described_columns_exist(seed_db):
    """Descriptions do not outlive a renamed column."""
    actual = schema(seed_db)
    tables = web.load_metadata()["databases"]["factdb"]["tables"]
    for name, meta in tables.items():
        if is_fts_shadow(name):
            continue
        assert name in actual, name
        assert set(meta.get("columns", {})) <= set(actual[name]), name


def test_internal_tables_hidden(ds):
    data = get_json(ds, "/factdb.json")
    hidden = {t["name"] for t in data["tables"] if t["hidden"]}
    assert {"alembic_version", "loader_state", "articles_fts", "articles_fts_data",
            "articles_fts_idx", "articles_fts_docsize", "articles_fts_config"} <= hidden
    shown = {t["name"] for t in data["tables"] if not t["hidden"]}
    assert {"claims", "articles", "entities", "memberships"} <= shown


# ------------------------------------------------------------ pages


def test_every_table_and_view_page_renders(ds, seed_db):
    for name in schema(seed_db):
        for suffix in ("", ".json"):
            response = get(ds, f"/factdb/{name}{suffix}")
            assert response.status_code == 200, (name, suffix, response.text[:300])


def test_index_and_row_pages(ds):
    assert 'href="/factdb/fact"' in get(ds, "/").text  # the site description
    database = get(ds, "/factdb").text
    for name in ("fact", "members", "conflicts"):
        assert f'href="/factdb/{name}"' in database
    assert get(ds, "/factdb/claims/4").status_code == 200
    page = get(ds, "/factdb/claims?id=4")
    # label columns: the foreign keys show the article title and entity/property names
    assert "201st Military Base" in page.text and "troop_count" in page.text
    assert "Count on Russia" in page.text


def test_labels_expand_foreign_keys(ds):
    rows = get_json(ds, "/factdb/claims.json?_labels=on&_shape=array&id=4")
    row = rows[0]
    assert row["subject_entity_id"]["label"] == "201st Military Base"
    assert row["property_id"]["label"] == "troop_count"
    assert row["article_id"]["label"].startswith("'Count on Russia,'")


def test_default_facets(ds):
    claims = get_json(ds, "/factdb/v_claims.json")["facet_results"]
    assert {"property", "qualifier", "unit", "method", "status", "outlet"} <= set(claims)
    props = {r["value"]: r["count"] for r in claims["property"]["results"]}
    assert props["troop_count"] >= 2
    raw = get_json(ds, "/factdb/claims.json")["facet_results"]
    assert {"qualifier", "unit", "method", "status"} <= set(raw)
    articles = get_json(ds, "/factdb/articles.json")["facet_results"]
    assert {"outlet_id", "date_precision"} <= set(articles)
    # the outlet facet on articles shows names, through the label column
    labels = {r["label"] for r in articles["outlet_id"]["results"]}
    assert "The Moscow Times" in labels


def test_applying_a_facet_filters(ds):
    data = get_json(ds, "/factdb/v_claims.json?property=troop_count&_shape=objects")
    assert data["rows"] and {r["property"] for r in data["rows"]} == {"troop_count"}


def test_full_text_search(ds):
    rows = get_json(ds, "/factdb/articles.json?_search=Kremlin&_shape=array")
    assert rows and all("kremlin" in (r["title"] + r["body"]).lower() for r in rows)
    assert get_json(ds, "/factdb/articles.json?_search=zzzqqqnotaword&_shape=array") == []
    page = get(ds, "/factdb/articles?_search=Dushanbe")
    assert page.status_code == 200 and 'name="_search"' in page.text


# ------------------------------------------------------------ canned queries


def test_fact_query_by_alias(ds):
    rows = get_json(ds, "/factdb/fact.json?subject=201st+base&property=troop_count&_shape=array")
    assert len(rows) >= 2
    assert {r["subject"] for r in rows} == {"201st Military Base"}
    assert {r["value"] for r in rows} == {6000.0}
    assert len({r["article_id"] for r in rows}) >= 2  # two outlets say it
    for r in rows:
        assert r["quote"] and r["span_start"] < r["span_end"]


def test_fact_query_case_and_all_properties(ds):
    a = get_json(ds, "/factdb/fact.json?subject=CSTO&property=&_shape=array")
    b = get_json(ds, "/factdb/fact.json?subject=collective+security+treaty+organization&property=&_shape=array")
    assert a and a == b
    assert len({r["property"] for r in a}) >= 2
    assert get_json(ds, "/factdb/fact.json?subject=no+such+thing&property=troop_count&_shape=array") == []


def test_fact_page_links_quote_to_article(ds):
    page = get(ds, "/factdb/fact?subject=201st+base&property=troop_count")
    assert page.status_code == 200
    assert 'class="factdb-quote" href="/factdb/article?id=1&amp;start=' in page.text


def test_membership_sources_query_as_of(ds):
    rows = get_json(ds, "/factdb/membership_sources.json?organization=CSTO&as_of=2015-09-15&_shape=array")
    members = {r["member"] for r in rows}
    assert {"Russia", "Tajikistan", "Armenia", "Uzbekistan"} <= members
    assert not {"Azerbaijan", "Georgia"} & members  # left in 1999
    uzbek = [r for r in rows if r["member"] == "Uzbekistan"]
    assert uzbek and all(r["method"] == "rule" for r in uzbek)  # the history ended in 2012
    assert {r["history_at_date"] for r in uzbek} == {"not a member"}
    russia = [r for r in rows if r["member"] == "Russia"]
    assert {r["method"] for r in russia} == {"curated", "rule"}
    earlier = {r["member"] for r in get_json(
        ds, "/factdb/membership_sources.json?organization=CSTO&as_of=1995-01-01&_shape=array")}
    assert {"Azerbaijan", "Georgia", "Uzbekistan"} <= earlier


@pytest.mark.parametrize("as_of", ["2015-09-15", "2015-09", "2015", "2012", "1995-01-01"])
def test_members_page_is_the_stored_status_the_cli_prints(ds, seed_db, as_of):
    import json

    from click.testing import CliRunner

    from factdb.cli import cli

    web_rows = get_json(ds, f"/factdb/members.json?organization=CSTO&as_of={as_of}&_shape=array")
    out = CliRunner().invoke(cli, ["--db", f"sqlite:///{seed_db}", "members", "CSTO", "--as-of", as_of,
                                   "--format", "json"])
    cli_rows = json.loads(out.stdout)
    keys = ("member", "role", "status", "supporting", "contradicting", "reason")
    assert [tuple(r[k] for k in keys) for r in web_rows] == [tuple(r[k] for k in keys) for r in cli_rows]
    assert [r["article_ids"] or "" for r in web_rows] == ["; ".join(map(str, r["article_ids"])) for r in cli_rows]
    assert [(r["valid_from"], r["valid_to"]) for r in web_rows] == [(r["valid_from"], r["valid_to"]) for r in cli_rows]
    uzb = [r for r in web_rows if r["member"] == "Uzbekistan" and r["role"] == "member"]
    if as_of.startswith("2015"):
        assert uzb[0]["status"] == "disputed"


def test_conflicts_query_membership_disputes(ds):
    rows = get_json(ds, "/factdb/conflicts.json?_shape=array")
    disputes = {(r["subject"], r["organization"]) for r in rows if r["kind"] == "membership"}
    assert ("Uzbekistan", "Collective Security Treaty Organization") in disputes
    assert ("Russia", "Collective Security Treaty Organization") not in disputes


def test_conflicts_query_numeric(seed_db, tmp_path):
    """An article contradicting a seed claim, loaded into a copy, shows up with both quotes linked."""
    from click.testing import CliRunner

    from conftest import SEEDS
    from factdb.cli import cli

    copy = tmp_path / "copy.sqlite"
    shutil.copy(seed_db, copy)
    extra = tmp_path / "more"
    shutil.copytree(SEEDS, extra / "seeds", ignore=shutil.ignore_patterns("__pycache__"))
    (extra / "seeds" / "zz_9000.txt").write_text(
        "Moscow reinforces its base\n\nSeptember 16, 2015\n\nThe 201st military base in Tajikistan has 9,000 troops, "
        "officials said on Wednesday.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{copy}", "load", str(extra / "seeds")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    other = web.make_datasette(copy)
    rows = get_json(other, "/factdb/conflicts.json?_shape=array")
    numeric = [r for r in rows if r["kind"] == "numeric" and r["rule"] == "sources"]
    assert numeric and numeric[0]["subject"] == "201st Military Base"
    assert {numeric[0]["claim"], numeric[0]["other_claim"]} == {"6,000-strong", "9,000"}
    page = get(other, "/factdb/conflicts").text
    assert page.count('class="factdb-quote"') >= 3


def test_fact_page_shows_the_stored_answer_and_the_timeline(ds):
    page = get(ds, "/factdb/fact?subject=201st+base&property=troop_count")
    assert page.status_code == 200
    assert 'id="factdb-answer"' in page.text and "6,000 person" in page.text and "(consensus)" in page.text
    assert 'id="factdb-chart"' in page.text and "<svg" in page.text
    # without a property there is no single answer: the claims only
    page = get(ds, "/factdb/fact?subject=201st+base&property=")
    assert page.status_code == 200 and 'id="factdb-answer"' not in page.text


def test_article_page_highlights_span(ds):
    rows = get_json(ds, "/factdb/fact.json?subject=201st+base&property=troop_count&_shape=array")
    r = rows[0]
    url = (f"/factdb/article?id={r['article_id']}&start={r['span_start']}&end={r['span_end']}"
           f"&quote_start={r['quote_start']}&quote_end={r['quote_end']}")
    page = get(ds, url)
    assert page.status_code == 200
    body = get_json(ds, url.replace("/article?", "/article.json?") + "&_shape=array")[0]["body"]
    span = body[r["span_start"]:r["span_end"]]
    assert f'<mark class="span" id="span">{span}</mark>' in page.text
    assert '<mark class="quote">' in page.text
    assert get(ds, "/factdb/article?id=999999").text.count("Article not found") >= 1


def test_views_link_quotes_and_articles(ds):
    page = get(ds, "/factdb/v_claims").text
    assert 'class="factdb-quote" href="/factdb/article?id=' in page
    assert '<a href="/factdb/articles/1">1</a>' in page
    assert 'class="factdb-quote"' in get(ds, "/factdb/v_memberships?method=rule").text


def test_marked_body_offsets():
    body = "Head\n\nOne <two> three. Four."
    start = body.index("<two>")
    html = str(web.marked_body(body, start, start + 5, body.index("One"), body.index(".") + 1))
    assert html == ('Head\n\n<mark class="quote">One <mark class="span" id="span">&lt;two&gt;</mark>'
                    ' three.</mark> Four.')
    assert str(web.marked_body(body, 5, 999)) == "Head\n\nOne &lt;two&gt; three. Four."  # out of range: no mark


# ------------------------------------------------------------ read-only


def test_canned_queries_do_not_write():
    queries = web.load_metadata()["databases"]["factdb"]["queries"]
    assert set(queries) >= {"fact", "members", "conflicts", "article"}
    assert not any(q.get("write") for q in queries.values())


def test_write_attempts_refused(ds):
    for sql in ("delete from claims", "update claims set value = 0", "drop table claims",
                "insert into outlets (name) values ('x')"):
        response = get(ds, f"/factdb.json?sql={sql}")
        assert response.status_code == 400, sql
    post = asyncio.run(ds.client.post("/factdb/claims/-/insert", json={"row": {"value": 1}}))
    assert post.status_code in (403, 404, 405)
    db = ds.get_database("factdb")
    with pytest.raises(FactdbError, match="never writes"):
        db.connect(write=True)

    def write(conn):
        conn.execute("DELETE FROM claims")

    # the read connection itself refuses: SQLite opened the file mode=ro
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(db.execute_fn(write))
    assert get_json(ds, "/factdb/claims.json?_shape=array&_size=1")


# ------------------------------------------------------------ serve()


def test_serve_refuses_postgresql(pg_schema_url):
    from click.testing import CliRunner

    from factdb.cli import cli

    result = CliRunner().invoke(cli, ["--db", pg_schema_url, "serve", "--port", "0"])
    assert result.exit_code == 1
    assert "needs a SQLite database" in result.output
    assert "factdb --db sqlite:///factdb.sqlite load" in result.output


def test_missing_datasette_message(monkeypatch, seed_db):
    monkeypatch.setitem(sys.modules, "datasette", None)  # import datasette -> ImportError
    with pytest.raises(FactdbError, match=r"pip install 'factdb\[web\]'"):
        web.make_datasette(seed_db)


def test_live_view_follows_a_load_without_errors(seed_db, tmp_path):
    """A real `factdb load` into the served file, between requests: new rows, never a 500."""
    import subprocess

    copy = tmp_path / "copy.sqlite"
    shutil.copy(seed_db, copy)
    app = web.make_datasette(copy)
    before = get_json(app, "/factdb.json?sql=select+count(*)+as+n+from+articles&_shape=array")[0]["n"]
    article = tmp_path / "new" / "extra.txt"
    article.parent.mkdir()
    article.write_text("Extra troops arrive\n\nMOSCOW - Russia sent 1,500 troops to Tajikistan on Monday.\n",
                       encoding="utf-8")
    load = subprocess.Popen([sys.executable, "-m", "factdb.cli", "--db", f"sqlite:///{copy}", "load",
                             str(article.parent)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while load.poll() is None:  # requests while the load runs
        assert get(app, "/factdb/claims.json?_size=5").status_code == 200
    assert load.returncode == 0, load.stderr.read()
    after = get_json(app, "/factdb.json?sql=select+count(*)+as+n+from+articles&_shape=array")[0]["n"]
    assert after == before + 1
    assert get(app, "/factdb/v_claims").status_code == 200


def test_missing_database_file(tmp_path):
    with pytest.raises(FactdbError, match="factdb load"):
        web.make_datasette(tmp_path / "nope.sqlite")


def test_the_web_view_resolves_names_as_the_cli_does(ds, seed_db):
    """Possessives, accents, dots and dashes: the canned queries use alias_key itself."""
    from click.testing import CliRunner

    from factdb.cli import cli

    for name in ("Russia's", "RUSSIA", "Russian Federation", "C.S.T.O.", "ОДКБ"):
        cli_result = CliRunner().invoke(cli, ["--db", f"sqlite:///{seed_db}", "entity", name, "--format", "json"])
        assert cli_result.exit_code == 0, name
        web_rows = get_json(ds, f"/factdb/fact.json?subject={name}&property=&_shape=array")
        assert web_rows, name
        entity = __import__("json").loads(cli_result.stdout)["name"]
        assert {r["subject"] for r in web_rows} == {entity}, name
