"""``factdb serve``: the facts in a web page, on Datasette, read-only.

Guarantees:

* Every connection is opened by SQLite as **read-only** (``mode=ro`` URI plus
  ``PRAGMA query_only``), and the app refuses to open a write connection at
  all (:class:`ReadOnlyDatabase`); there are no canned write queries. The
  server cannot change the file. It is *live*: a load running beside it is
  seen when it commits (SQLite's WAL gives every read a consistent snapshot),
  never as a half-written state or an error.
* The metadata (descriptions, labels, facets, canned queries) ships in the
  package (``factdb/web/metadata.yml``) and is the same for every database;
  the database is always mounted under the name ``factdb`` so links and
  canned-query URLs are stable (``/factdb/fact?subject=...``).
* PostgreSQL databases are refused with a message saying how to get a SQLite
  copy; a missing Datasette is refused with the install command.

``make_datasette(path)`` builds the app (used by ``serve`` and by the tests);
``serve(db, ...)`` runs it with uvicorn as ``datasette serve`` does.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from ..errors import FactdbError

DB_NAME = "factdb"
PLUGIN_NAME = "factdb-web"
STATIC_MOUNT = "factdb-static"  # served at /factdb-static/, named in metadata.yml
INSTALL_HINT = "pip install 'factdb[web]'"

# Columns rendered as a link to the article page with their span highlighted,
# and the prefix of the article_id/span_start/span_end columns that locate them.
SPAN_COLUMNS = {"quote": "", "surface": "", "other_quote": "other_"}
ARTICLE_ID_COLUMNS = {"article_id", "other_article_id"}


def _require_datasette() -> None:
    try:
        import datasette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise FactdbError(f"the web view needs Datasette, which is not installed: {INSTALL_HINT}") from None


def load_metadata() -> dict:
    """The Datasette metadata shipped with factdb (a fresh dict on every call)."""
    import yaml

    text = resources.files("factdb.web").joinpath("metadata.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _package_dir(name: str) -> str:
    return str(resources.files("factdb.web").joinpath(name))


# ------------------------------------------------------------ plugin hooks


def article_href(datasette, article_id, start=None, end=None, quote_start=None, quote_end=None) -> str:
    """URL of the article page (canned query ``article``) with a span highlighted."""
    params = {"id": article_id}
    for key, val in (("start", start), ("end", end), ("quote_start", quote_start), ("quote_end", quote_end)):
        if val is not None:
            params[key] = val
    anchor = "#span" if start is not None else ""
    return f"{datasette.urls.database(DB_NAME)}/article?{urlencode(params)}{anchor}"


def _get(row, keys, name):
    return row[name] if name in keys else None


def render_cell(row, value, column, table, database, datasette):
    """Link quotes to the article page (span highlighted) and article ids to the article row."""
    from markupsafe import Markup

    if database != DB_NAME or value is None or not hasattr(row, "keys"):
        return None
    keys = set(row.keys())
    if column in SPAN_COLUMNS and isinstance(value, str):
        p = SPAN_COLUMNS[column]
        aid = _get(row, keys, p + "article_id")
        if not isinstance(aid, int):
            return None
        href = article_href(
            datasette, aid, _get(row, keys, p + "span_start"), _get(row, keys, p + "span_end"),
            _get(row, keys, p + "quote_start"), _get(row, keys, p + "quote_end"),
        )
        return Markup('<a class="factdb-quote" href="{}">{}</a>').format(href, value)
    if column in ARTICLE_ID_COLUMNS and isinstance(value, int) and table != "articles":
        # views and canned queries (tables already link their foreign keys)
        href = f"{datasette.urls.table(DB_NAME, 'articles')}/{value}"
        return Markup('<a href="{}">{}</a>').format(href, value)
    return None


def prepare_jinja2_environment(env):
    env.filters["factdb_marked"] = marked_body


# ------------------------------------------------------------ SQL functions (one home for each rule)


def _supporting(counts, days):
    from ..agreement.membership import counts_at, decode_counts

    return None if counts is None or days is None else counts_at(decode_counts(counts), int(days))[0]


def _contradicting(counts, days):
    from ..agreement.membership import counts_at, decode_counts

    return None if counts is None or days is None else counts_at(decode_counts(counts), int(days))[1]


def _member_reason(history_status, supporting, contradicting):
    from ..agreement.membership import reason_at

    if supporting is None or contradicting is None:
        return None
    return reason_at(history_status, int(supporting), int(contradicting))


def _window_edge(day, precision, edge):
    """First (edge 0) or last (edge 1) day a stored date of this precision covers, as ISO text."""
    import datetime as dt

    from ..timeutil import date_window

    if not day:
        return None
    return date_window(dt.date.fromisoformat(str(day)[:10]), precision)[int(edge)].isoformat()


def _alias_key(text):
    from ..normalize import alias_key

    return alias_key(text) if text is not None else None


SQL_FUNCTIONS = {
    # factdb.normalize.alias_key: the web view resolves a name exactly as the CLI does (one rule, one home)
    "factdb_alias_key": (1, _alias_key),
    # the stored membership status keeps count changes packed (membership_status.counts): these read them
    "factdb_supporting": (2, _supporting),
    "factdb_contradicting": (2, _contradicting),
    "factdb_member_reason": (3, _member_reason),
    "factdb_window_edge": (3, _window_edge),
}


def prepare_connection(conn, database, datasette):
    """Register factdb's SQL functions on every Datasette connection (as Datasette does for its own)."""
    for name, (nargs, fn) in SQL_FUNCTIONS.items():
        conn.create_function(name, nargs, fn, deterministic=True)


# ------------------------------------------------------------ the fact page: stored answer and timeline chart

_ENGINES: dict[str, object] = {}


def _engine(path: str):
    """A SQLAlchemy engine on the served file, read-only (``mode=ro``) and live like Datasette's own connections."""
    engine = _ENGINES.get(path)
    if engine is None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        uri = f"file:{Path(path).resolve()}?mode=ro"
        def connect():
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only=1")
            return conn

        engine = create_engine("sqlite://", creator=connect,
                               poolclass=NullPool)
        _ENGINES[path] = engine
    return engine


def fact_panel(path: str, subject: str, prop: str) -> dict | None:
    """The stored answer and the timeline chart for the fact page (None when there is nothing to show)."""
    from markupsafe import Markup

    from ..errors import FactdbError
    from ..queries.agreement import fact, timeline

    if not subject.strip() or not prop.strip():
        return None
    prop = prop.strip().lower().replace(" ", "_")
    try:
        with _engine(path).connect() as conn:
            answer = fact(conn, subject.strip(), prop)
            record = timeline(conn, subject.strip(), prop)
    except FactdbError:
        return None
    chart = None
    if record["claims"]:
        try:
            from ..plot import timeline_svg

            chart = Markup(timeline_svg(record))
        except FactdbError as exc:  # matplotlib missing: the answer still shows
            chart = Markup("<p class=\"factdb-chart-missing\">{}</p>").format(str(exc))
    return {"answer": answer, "timeline": record, "chart": chart}


def extra_template_vars(template, database, request, datasette):
    if template != "query-factdb-fact.html" or database != DB_NAME or request is None:
        return {}

    async def inner():
        import asyncio

        path = datasette.databases[DB_NAME].path
        args = request.args
        panel = await asyncio.get_running_loop().run_in_executor(
            None, fact_panel, path, args.get("subject", ""), args.get("property", ""))
        return {"factdb_panel": panel}

    return inner


def marked_body(body, start=None, end=None, quote_start=None, quote_end=None):
    """The article body as HTML: the quote in ``<mark class="quote">``, the span in ``<mark id="span">``.

    Offsets are Python str offsets into the stored body (as the spans are);
    offsets that do not fit the body are ignored rather than guessed.
    """
    from markupsafe import Markup, escape

    body = body or ""
    n = len(body)

    def ok(a, b):
        return isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= n

    cuts = []  # (offset, order, html); at equal offsets close before open
    if ok(quote_start, quote_end):
        cuts += [(quote_start, 1, '<mark class="quote">'), (quote_end, 0, "</mark>")]
    if ok(start, end):
        inside = ok(quote_start, quote_end) and quote_start <= start and end <= quote_end
        if ok(quote_start, quote_end) and not inside:
            cuts = []  # overlapping marks would not nest: show the span alone
        cuts += [(start, 2, '<mark class="span" id="span">'), (end, -1, "</mark>")]
    out, pos = [], 0
    for offset, _, html in sorted(cuts):
        out.append(str(escape(body[pos:offset])))
        out.append(html)
        pos = offset
    out.append(str(escape(body[pos:])))
    return Markup("".join(out))


def register_plugin() -> None:
    """Register the hooks with Datasette's plugin manager once per process."""
    from datasette import hookimpl
    from datasette.plugins import pm

    if pm.has_plugin(PLUGIN_NAME):
        return

    import types

    # Datasette lists plugins by module name, so the hooks live on a module object.
    plugin = types.ModuleType(PLUGIN_NAME)
    plugin.prepare_connection = hookimpl(prepare_connection)
    plugin.render_cell = hookimpl(render_cell)
    plugin.prepare_jinja2_environment = hookimpl(prepare_jinja2_environment)
    plugin.prepare_connection = hookimpl(prepare_connection)
    plugin.extra_template_vars = hookimpl(extra_template_vars)
    pm.register(plugin, name=PLUGIN_NAME)


# ------------------------------------------------------------ app and server


def make_datasette(path, *, settings: dict | None = None):
    """A Datasette app over the SQLite file ``path``, read-only and live, mounted as ``factdb``.

    Never writes to ``path``: every connection is ``mode=ro`` + ``query_only`` and there is
    no write connection for it.
    """
    _require_datasette()
    from datasette.app import Datasette
    from datasette.database import Database as DatasetteDatabase

    p = Path(path)
    if not p.is_file():
        raise FactdbError(f"no SQLite database at {p}: load articles first with: factdb load DIR")
    register_plugin()
    ds = Datasette(
        metadata=load_metadata(),
        template_dir=_package_dir("templates"),
        static_mounts=[(STATIC_MOUNT, _package_dir("static"))],
        settings={"facet_time_limit_ms": 1000, **(settings or {})},
    )
    if "_memory" in ds.databases:  # added when Datasette is given no files
        ds.remove_database("_memory")
    ds.add_database(_read_only_database(DatasetteDatabase)(ds, path=str(p.resolve()), is_mutable=True),
                    name=DB_NAME)
    return ds


def _read_only_database(base):
    """Datasette's Database, but every connection read-only by SQLite and no write connection."""

    class ReadOnlyDatabase(base):
        def connect(self, write=False):
            if write:
                raise FactdbError("factdb serve never writes: write connections are refused")
            conn = super().connect(write=False)  # file:...?mode=ro
            conn.execute("PRAGMA query_only=1")
            return conn

    return ReadOnlyDatabase


def _postgres_message(url: str) -> str:
    return (
        f"the web view needs a SQLite database, and {url} is PostgreSQL.\n"
        "Make a SQLite copy by loading the same article directory into a file (the registry,"
        " membership history and annotations in it are applied again):\n"
        "  factdb --db sqlite:///factdb.sqlite load seeds/\n"
        "  factdb --db sqlite:///factdb.sqlite serve\n"
        "Curation done only in the PostgreSQL database is not copied; for single tables in a"
        " spreadsheet use: factdb export v_claims --format csv -o claims.csv"
    )


def require_sqlite(db) -> None:
    """Refuse PostgreSQL with the way to get a SQLite copy."""
    from ..db import safe_url

    if db.dialect != "sqlite":
        raise FactdbError(_postgres_message(safe_url(db.url)))


def serve(db, *, host: str = "127.0.0.1", port: int = 8001, open_browser: bool = False) -> None:
    """Serve ``db`` (a SQLite :class:`factdb.db.Database`) read-only until interrupted."""
    from ..db import sqlite_path

    require_sqlite(db)
    path = sqlite_path(db.url)
    if path is None:
        raise FactdbError("the web view needs a SQLite file, not an in-memory database: use --db sqlite:///factdb.sqlite")
    _require_datasette()
    import uvicorn

    path = os.path.abspath(path)
    db.dispose()
    ds = make_datasette(path)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    url = f"http://{shown}:{port}/{DB_NAME}/v_claims"
    print(f"factdb: serving {path} read-only at {url} (Ctrl-C to stop)", file=sys.stderr)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
