"""The ``factdb`` command line: a thin layer over the library.

Each command parses options, makes one library call and formats the result.
Heavy modules (pandas, Alembic, the extractors) are imported inside the
commands that need them so ``factdb --help`` and lookups start fast.
"""

from __future__ import annotations

import os
import sys

import click

from .errors import DatabaseError, FactdbError, NotFound
from .output import FORMATS
from .records import ENTITY_KINDS, MEMBERSHIP_ROLES, METHODS, QUALIFIERS, REVIEW_STATUSES

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format.",
)
MAX_ROWS = 2**63 - 1  # the largest LIMIT both databases accept
LIMIT_OPTION = click.option("--limit", type=click.IntRange(0, MAX_ROWS), default=None, help="At most N rows.")


def output_options(f):
    """--format and --limit, shared by every command that lists rows."""
    return FORMAT_OPTION(LIMIT_OPTION(f))


class DateParam(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, checked when the command line is read (the value stays text)."""

    name = "DATE"

    def convert(self, value, param, ctx):
        from .timeutil import parse_date_arg

        try:
            parse_date_arg(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return value


DATE = DateParam()


def _check_property(ctx, param, value):
    """A property name from factdb's vocabulary; anything else is a usage error with a suggestion."""
    from .records import PROPERTIES

    if value is None or value in PROPERTIES:
        return value
    import difflib

    close = difflib.get_close_matches(value, PROPERTIES, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise click.BadParameter(f"unknown property {value!r}{hint}; properties: {', '.join(PROPERTIES)}",
                             ctx=ctx, param=param)


class FactdbGroup(click.Group):
    """Shows user errors as one line on stderr with the right exit code, no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            # bad arguments are the user's to fix: exit 1 (2 means a database problem), one line
            where = exc.ctx.command_path if exc.ctx else "factdb"
            click.echo(f"Error: {exc.format_message()} (see: {where} --help)", err=True)
            ctx.exit(1)
        except FactdbError as exc:
            click.echo(f"Error: {exc}", err=True)
            if isinstance(exc, NotFound) and exc.suggestions:
                click.echo("Did you mean: " + ", ".join(exc.suggestions) + "?", err=True)
            ctx.exit(exc.exit_code)


class App:
    """What commands share: the chosen URL and, once opened, the database."""

    def __init__(self, url: str | None):
        from .db import resolve_url

        self.url = resolve_url(url)
        self._db = None

    def raw_db(self):
        """The database without the revision check (for the ``db`` commands)."""
        if self._db is None:
            from .db import Database

            self._db = Database(self.url)
        return self._db

    def db(self):
        """The database for a read: must exist at the head revision. Never creates or migrates."""
        from .schema import require_readable

        db = self.raw_db()
        require_readable(db)
        return db

    def write_db(self):
        """The database for a write (``load``): created or upgraded to the head revision."""
        from .schema import ensure_current

        db = self.raw_db()
        ensure_current(db)
        return db


pass_app = click.make_pass_decorator(App)


@click.group(cls=FactdbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db_url", metavar="URL", default=None,
    help="Database URL. Default: $FACTDB_URL, else sqlite:///factdb.sqlite in the working directory.",
)
@click.version_option(package_name="factdb")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """factdb: numeric claims and memberships from news articles, with their sources."""
    ctx.obj = App(db_url)


# ---------------------------------------------------------------- db


@cli.group(cls=FactdbGroup)
def db() -> None:
    """Create and migrate the database schema."""


@db.command("upgrade")
@click.argument("revision", default="head")
@pass_app
def db_upgrade(app: App, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head). Idempotent."""
    from . import schema

    schema.upgrade(app.raw_db(), revision)
    with app.raw_db().connect() as conn:
        click.echo(f"database at revision {schema.current_revision(conn)}", err=True)


@db.command("downgrade")
@click.argument("revision")
@pass_app
def db_downgrade(app: App, revision: str) -> None:
    """Downgrade the schema to REVISION ("base" drops everything)."""
    from . import schema

    schema.downgrade(app.raw_db(), revision)
    with app.raw_db().connect() as conn:
        click.echo(f"database at revision {schema.current_revision(conn) or 'base'}", err=True)


@db.command("current")
@pass_app
def db_current(app: App) -> None:
    """Print the database's schema revision ("head" is marked)."""
    from . import schema
    from .db import sqlite_path

    path = sqlite_path(app.url)
    if path is not None and not os.path.exists(path):
        raise DatabaseError(f"no factdb database at {path}: check the path (--db or FACTDB_URL)")
    with app.raw_db().connect() as conn:
        rev = schema.current_revision(conn)
    if rev is None:
        click.echo("(empty database: run `factdb db upgrade`)")
        return
    click.echo(f"{rev} (head)" if rev in schema.script_heads() else rev)


@db.command("refresh")
@click.option("--all", "everything", is_flag=True, help="Recompute every verdict, not only the queued ones.")
@pass_app
def db_refresh(app: App, everything: bool) -> None:
    """Recompute stored verdicts (conflicts, fact answers, membership status).

    `factdb load` keeps them current; this finishes a load that was interrupted,
    or recomputes everything with --all (after changing rows by hand).
    """
    from . import verdicts

    with app.write_db().transaction() as conn:
        n = verdicts.refresh_all(conn) if everything else verdicts.refresh(conn)
    click.echo(f"recomputed {n} verdict group(s)", err=True)


@db.command("history")
def db_history() -> None:
    """List the schema revisions, newest first."""
    from . import schema

    for rev, down, message in schema.history():
        click.echo(f"{down or '<base>'} -> {rev}: {message}")


# ---------------------------------------------------------------- load


@cli.command("load")
@click.argument("paths", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Do all the work, then roll every write back.")
@click.option("--encoding", default=None, help="Decode files with this encoding instead of sniffing UTF-8/UTF-16.")
@click.option(
    "--max-bytes", type=click.IntRange(min=1), default=None,
    help="Refuse files larger than this (default 5,000,000).",
)
@click.option("--force", is_flag=True, help="Re-extract unchanged files too (after upgrading factdb).")
@click.option("--registry", "registry_path", default=None,
              help="Entity registry YAML (default: factdb's own; a registry.yml inside a loaded folder is never used unless named here).")
@click.option("--history", "history_path", default=None,
              help="Curated membership history YAML (default: factdb's own; likewise only when named here).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes that read, parse and extract (default: one per core; 1: all in this process)."
                   " One writer stores the results in file order: the rows do not depend on it.")
@click.option("--dask", "scheduler", default=None, metavar="SCHEDULER",
              help="Prepare and write partitions of files on a Dask cluster (tcp://HOST:PORT, or 'local' for"
                   " --jobs worker processes here). PostgreSQL only; needs factdb[dask].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Summary format.")
@pass_app
def load_cmd(app: App, paths, dry_run, encoding, max_bytes, force, registry_path, history_path, jobs, scheduler,
             fmt) -> None:
    """Load article files and folders (recursively) into the database.

    Reads .txt and .md files, saved web pages (.html, .htm, .html.gz), WARC files
    (.warc, .warc.gz: one article per HTML page) and RSS/Atom feeds (.rss, .atom,
    .xml: one article per item). Idempotent: unchanged files are reported as such;
    a changed file updates its article in place; the same content under another
    path is a duplicate. Pages that are not articles are skipped with the reason.
    Each article is stored in its own transaction (a WARC or feed file in one).
    Exit 1 if any file failed.
    """
    from .load import load_paths
    from .pipeline import DEFAULT_MAX_BYTES
    from .prepare import default_jobs

    if scheduler is not None:
        from .cluster import refuse_sqlite

        refuse_sqlite(app.url)  # before anything is created
        if dry_run:
            raise click.UsageError("--dry-run runs in one process: drop --dask")
    db = app.write_db()
    progress = None
    bar = None
    if sys.stderr.isatty() and fmt == "table":
        from .pipeline import discover

        total = len(discover(list(paths)).files)
        bar = click.progressbar(length=total, label="loading", file=sys.stderr)
        bar.__enter__()
        progress = lambda _path: bar.update(1)  # noqa: E731
    try:
        if scheduler is not None:
            from .cluster import load_on_dask

            report = load_on_dask(
                db, list(paths), scheduler, encoding=encoding, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                force=force, registry_path=registry_path, history_path=history_path, workers=jobs,
                progress=progress, log=lambda line: click.echo(line, err=True),
            )
        else:
            report = load_paths(
                db, list(paths), encoding=encoding, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                dry_run=dry_run, force=force, registry_path=registry_path, history_path=history_path,
                progress=progress, jobs=jobs or default_jobs(),
            )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _print_load_report(report, fmt)
    if report.failed:
        raise click.exceptions.Exit(1)


def _print_load_report(report, fmt: str) -> None:
    from .output import to_json

    summary = report.summary()
    if fmt == "json":
        to_json({**summary, "dry_run": report.dry_run,
                 "failures": [{"path": p, "reason": r} for p, r in report.failed],
                 "duplicates": [{"path": p, "duplicate_of": o} for p, o in report.duplicate],
                 "skipped_files": [{"path": p, "reason": r} for p, r in report.skipped],
                 "skipped_not_articles": [{"path": p, "reason": r} for p, r in report.not_articles],
                 "stale_annotations": [{"file": f, "annotation": a} for f, a in report.stale_annotations]},
                sys.stdout)
        return
    for path, reason in report.failed:
        click.echo(f"failed: {reason}" if reason.startswith(path) else f"failed: {path}: {reason}", err=True)
    for path, other in report.duplicate:
        click.echo(f"duplicate: {path} has the same content as {other}", err=True)
    for path, reason in report.skipped:
        click.echo(f"skipped: {path}: {reason}", err=True)
    for path, reason in report.not_articles:
        click.echo(f"not an article: {path}: {reason}", err=True)
    for file, what in report.stale_annotations:
        click.echo(f"stale annotation: {file}: {what}", err=True)
    head = "dry run (nothing written): " if report.dry_run else ""
    quiet_when_zero = ("stale_annotations", "not_articles", "other_records")
    click.echo(head + ", ".join(f"{k} {v}" for k, v in summary.items() if k not in quiet_when_zero or v))


@cli.command("remove")
@click.argument("paths", nargs=-1)
@click.option("--id", "ids", type=int, multiple=True, help="Remove the article with this id (repeatable).")
@pass_app
def remove_cmd(app: App, paths, ids) -> None:
    """Remove stored articles (by the file path they were loaded from, or --id) and all
    that was extracted from them. The file may be gone already; curated history stays.

    Exit 1 if a path or id names no stored article (the others are still removed).
    """
    from .load import remove_articles

    if not paths and not ids:
        raise click.UsageError("name the articles to remove: PATH... or --id N")
    counts, missing = remove_articles(app.db(), list(paths), list(ids))
    for what in missing:
        click.echo(f"not stored: {what}", err=True)
    n = counts.pop("articles")
    click.echo(f"removed {n} article{'s' if n != 1 else ''} ("
               + ", ".join(f"{v} {k}" for k, v in counts.items()) + ")")
    if missing:
        raise click.exceptions.Exit(1)


# ---------------------------------------------------------------- articles


@cli.command("articles")
@output_options
@pass_app
def articles_cmd(app: App, fmt: str, limit: int | None) -> None:
    """List stored articles."""
    from .output import emit
    from .queries.articles import ARTICLE_COLUMNS, list_articles

    with app.db().connect() as conn:
        rows = list_articles(conn, limit=limit)
    emit(rows, ARTICLE_COLUMNS, fmt,
         table_columns=["id", "published", "date_precision", "outlet", "title"])


@cli.command("article")
@click.argument("article_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def article_cmd(app: App, article_id: int, fmt: str) -> None:
    """Show one article: metadata and body."""
    from .output import emit_record
    from .queries.articles import get_article

    with app.db().connect() as conn:
        record = get_article(conn, article_id)
    if fmt == "json":
        emit_record(record, "json")
        return
    emit_record(record, "table", skip=("body",))
    click.echo("")
    click.echo(record["body"])


# ---------------------------------------------------------------- entities


@cli.command("entity")
@click.argument("name")
@click.option("--all", "everything", is_flag=True, help="Every claim and membership, not the first 50 of each.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def entity_cmd(app: App, name: str, everything: bool, fmt: str) -> None:
    """Show the entity NAME (any alias, any case or accents) with its claims and memberships (first 50 of each)."""
    from .output import emit, emit_record
    from .queries.entities import get_entity

    with app.db().connect() as conn:
        record = get_entity(conn, name, limit=None if everything else 50)
    if fmt == "json":
        emit_record(record, "json")
        return
    emit_record(record, "table", skip=("claims", "memberships"))
    if record["claims"]:
        shown = len(record["claims"])
        total = record["claim_count"]
        click.echo(f"\nclaims ({shown}):" if shown == total else f"\nclaims (first {shown} of {total:,}):")
        emit(record["claims"], [], "table",
             table_columns=["id", "article_id", "property", "subject", "qualifier", "value", "unit", "as_of"])
    if record["memberships"]:
        shown, total = len(record["memberships"]), record["membership_count"]
        click.echo(f"\nmemberships ({shown}):" if shown == total else f"\nmemberships (first {shown} of {total:,}):")
        emit(record["memberships"], [], "table",
             table_columns=["id", "member", "organization", "role", "valid_from", "valid_to", "method", "article_id"])


@cli.command("entities")
@click.option("--kind", type=click.Choice(ENTITY_KINDS), default=None, help="Only entities of this kind.")
@click.option("--unresolved", is_flag=True, help="Names seen in articles but not in the registry, for curation.")
@output_options
@pass_app
def entities_cmd(app: App, kind, unresolved: bool, fmt: str, limit) -> None:
    """List entities with their mention counts (or unresolved names)."""
    from .output import emit
    from .queries.entities import ENTITY_COLUMNS, UNRESOLVED_COLUMNS, list_entities, list_unresolved

    with app.db().connect() as conn:
        if unresolved:
            emit(list_unresolved(conn, limit=limit), UNRESOLVED_COLUMNS, fmt)
        else:
            emit(list_entities(conn, kind=kind, limit=limit), ENTITY_COLUMNS, fmt,
                 table_columns=["id", "name", "kind", "mention_count", "wikidata"])


# ---------------------------------------------------------------- claims


@cli.command("claims")
@click.option("--property", "prop", default=None, callback=_check_property,
              help="troop_count, fatalities, monetary_amount, ...")
@click.option("--article", "article_id", type=int, default=None, help="Only claims from this article id.")
@click.option("--unit", default=None, help="person, count, km, USD, RUB, fraction, year, ...")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), default=None)
@click.option("--min", "min_value", type=float, default=None, help="Value at least this.")
@click.option("--max", "max_value", type=float, default=None, help="Value at most this.")
@click.option("--method", type=click.Choice(METHODS), default=None)
@click.option("--status", type=click.Choice(REVIEW_STATUSES), default=None)
@click.option("--subject", default=None, help="Subject entity (any alias).")
@click.option("--object", "object_", default=None, help="Object entity (any alias).")
@click.option("--as-of", "as_of", type=DATE, default=None, help="Claims as of this date: 2015, 2015-09 or 2015-09-15.")
@click.option("--between", nargs=2, type=DATE, default=None, metavar="DATE DATE",
              help="As-of date between two dates (earlier first).")
@click.option("--change", type=click.Choice(["increase", "decrease", "none"]), default=None,
              help="Only changes of this direction, or only levels (none).")
@output_options
@pass_app
def claims_cmd(app: App, prop, article_id, unit, qualifier, min_value, max_value, method, status,
               subject, object_, as_of, between, change, fmt, limit) -> None:
    """List numeric claims with their sources."""
    from .output import emit
    from .queries.claims import CLAIM_COLUMNS, TABLE_COLUMNS, FilterError, claim_filter, list_claims

    try:
        f = claim_filter(
            property=prop, article=article_id, unit=unit, qualifier=qualifier, min=min_value,
            max=max_value, method=method, status=status, subject=subject, object=object_,
            as_of=as_of, between=tuple(between) if between else None, change=change, limit=limit,
        )
    except FilterError as exc:
        raise click.UsageError(str(exc)) from None
    with app.db().connect() as conn:
        rows = list_claims(conn, f)
    for r in rows:
        r.pop("subject_entity_id", None)
    emit(rows, CLAIM_COLUMNS, fmt, table_columns=TABLE_COLUMNS)


# ---------------------------------------------------------------- agreement


@cli.command("members")
@click.argument("organization")
@click.option("--as-of", "as_of", type=DATE, default=None, help="Date: 2015, 2015-09 or 2015-09-15 (default today).")
@click.option("--role", type=click.Choice(MEMBERSHIP_ROLES), default=None)
@output_options
@pass_app
def members_cmd(app: App, organization: str, as_of, role, fmt: str, limit) -> None:
    """Who belonged to ORGANIZATION at a date, over all sources: confirmed, disputed or former."""
    from .output import emit
    from .queries.agreement import MEMBER_COLUMNS, members

    with app.db().connect() as conn:
        rows = members(conn, organization, as_of=as_of, role=role)
        _warn_pending(conn)
    emit(rows[:limit] if limit is not None else rows, MEMBER_COLUMNS, fmt,
         table_columns=["member", "role", "status", "standing", "supporting", "contradicting", "article_ids",
                        "valid_from", "valid_to"])


@cli.command("conflicts")
@output_options
@pass_app
def conflicts_cmd(app: App, fmt: str, limit) -> None:
    """Claims that cannot both hold, and membership disputes, with the sources on each side."""
    from .output import emit
    from .queries.agreement import CONFLICT_COLUMNS, conflicts

    with app.db().connect() as conn:
        rows = conflicts(conn)
        _warn_pending(conn)
    emit(rows[:limit] if limit is not None else rows, CONFLICT_COLUMNS, fmt,
         table_columns=["kind", "rule", "subject", "property", "organization", "article_ids", "values", "reason"])


@cli.command("fact")
@click.argument("subject")
@click.argument("property", callback=_check_property)
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="The answer as of this date (2015, 2015-09 ...): earlier figures, weighted by closeness in time.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def fact_cmd(app: App, subject: str, property: str, as_of, fmt: str) -> None:
    """The best-supported answer for SUBJECT and PROPERTY, its sources and the dissent.

    Example: factdb fact "201st base" troop_count
    """
    from .output import emit, emit_record
    from .queries.agreement import fact

    with app.db().connect() as conn:
        record = fact(conn, subject, property, as_of=as_of)
        _warn_pending(conn)
    if fmt == "json":
        emit_record(record, "json")
        return
    when = f" as of {as_of}" if as_of else ""
    click.echo(f"{record['subject']} / {record['property']}{when}: {record['answer']} ({record['method']})")
    ev = record["evidence"]
    if ev and record.get("timeless"):
        click.echo(f"evidence: {ev['supporting_articles']} of {ev['articles']} article(s) agree; a "
                   f"{record['property'].replace('_', ' ')} does not change, so figures of every date count")
    elif ev and ev["newest"] is not None:
        age = ""
        if as_of:
            age = " (current on that date)" if ev["age_days"] == 0 else f" ({ev['age_days']:,} days old on {ev['age_from']})"
        click.echo(f"evidence: {ev['supporting_articles']} of {ev['articles']} article(s) agree; newest figure "
                   f"dated up to {ev['newest']}{age}")
    elif ev and ev["stale"]:
        click.echo("evidence: every figure before that date is older than the property's horizon")
    cols = ["claim_id", "article_id", "qualifier", "value", "unit", "as_of", "weight", "article_title"]
    for part in ("supporting", "dissent", "incomparable"):
        if record[part]:
            click.echo(f"\n{part} ({len(record[part])}):")
            emit(record[part], cols, "table")
    if record["other_quantities"]:
        click.echo("\nother quantities (not compared with the answer):")
        emit(record["other_quantities"], ["kind", "scope", "object", "answer", "method"], "table")


@cli.command("timeline")
@click.argument("subject")
@click.argument("property", callback=_check_property)
@click.option("--plot", "plot", default=None, metavar="FILE",
              help="Also draw the chart to FILE.png or FILE.svg (needs matplotlib: pip install 'factdb[plot]').")
@FORMAT_OPTION
@pass_app
def timeline_cmd(app: App, subject: str, property: str, plot, fmt: str) -> None:
    """Every source's interval for SUBJECT and PROPERTY over time, with the answer band.

    Example: factdb timeline "Tajik-Afghan border" border_length --plot border.svg
    """
    from .output import emit, to_json
    from .queries.agreement import TIMELINE_COLUMNS, timeline

    if plot and not plot.lower().endswith((".png", ".svg")):
        raise click.BadParameter("the chart file must end in .png or .svg", param_hint="--plot")
    with app.db().connect() as conn:
        record = timeline(conn, subject, property)
        _warn_pending(conn)
    if plot:
        from .plot import save_timeline

        save_timeline(record, plot)
        click.echo(f"wrote {plot}", err=True)
    if fmt == "json":
        to_json(record, sys.stdout)
        return
    if fmt == "csv":
        emit(record["claims"], TIMELINE_COLUMNS, "csv")
        return
    q = record["quantity"] or {}
    what = ", ".join(str(v) for v in (q.get("kind"), q.get("object")) if v)
    head = f"{record['subject']} / {record['property']}" + (f" ({what})" if what else "")
    if record["overall"]:
        head += f": {record['overall']['answer']} ({record['overall']['method']}) from the latest evidence"
    click.echo(head)
    if record["claims"]:
        click.echo(f"\nsources ({len(record['claims'])}):")
        emit(record["claims"], TIMELINE_COLUMNS, "table")
    if record["bands"]:
        click.echo(f"\nanswer over time ({len(record['bands'])}):")
        emit(record["bands"], ["from", "to", "answer", "method", "supporting_articles", "articles"], "table")


def _warn_pending(conn) -> None:
    from .verdicts import pending

    n = pending(conn)
    if n:
        click.echo(f"factdb: {n} verdict group(s) wait to be recomputed (a load did not finish);"
                   " run `factdb db refresh`", err=True)


# ---------------------------------------------------------------- query surface


@cli.command("sql")
@click.argument("query")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind :NAME to VALUE (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Stop the statement after this long (default 60; 0 for no limit).")
@output_options
@pass_app
def sql_cmd(app: App, query: str, params, timeout, fmt: str, limit) -> None:
    """Run exactly one read-only SQL statement (the database itself refuses writes).

    Example: factdb sql "SELECT property, count(*) n FROM v_claims GROUP BY property"
    """
    from .output import emit
    from .queries.sql import DEFAULT_TIMEOUT, run_sql

    columns, rows = run_sql(app.db(), query, dict(params), limit=limit,
                            timeout=DEFAULT_TIMEOUT if timeout is None else timeout)
    emit(rows, columns, fmt)


@cli.command("search")
@click.argument("text")
@FORMAT_OPTION
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@pass_app
def search_cmd(app: App, text: str, fmt: str, limit) -> None:
    """Full-text search over articles, best first, with a [highlighted] snippet."""
    from .output import emit
    from .queries.search import SEARCH_COLUMNS, search_articles

    with app.db().connect() as conn:
        rows = search_articles(conn, text, limit=limit)
    emit(rows, SEARCH_COLUMNS, fmt)


@cli.command("export")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet"]), required=True)
@click.option("-o", "--output", "output", required=True, metavar="FILE",
              help="File to write (replaced atomically, symlinks followed), or - for standard output.")
@pass_app
def export_cmd(app: App, name: str, fmt: str, output: str) -> None:
    """Write a table or view (claims, v_claims, ...) to a file, streamed in chunks.

    Never writes anything but FILE: the data goes to a new temporary file beside
    it and replaces FILE in one step; a folder, device or pipe at FILE is refused.
    """
    from .export import export_table

    n = export_table(app.db(), name, fmt, output)
    click.echo(f"wrote {n} rows of {name} to {'standard output' if output == '-' else output}", err=True)


@cli.group("annotations", cls=FactdbGroup)
def annotations_group() -> None:
    """Curated claim annotations (seeds/annotations/*.yml)."""


@annotations_group.command("check")
@click.argument("paths", nargs=-1, required=True)
@FORMAT_OPTION
@pass_app
def annotations_check(app: App, paths, fmt: str) -> None:
    """List annotations that no longer match any claim of their stored article. Never writes."""
    from .curation import check_annotations
    from .output import emit

    with app.db().connect() as conn:
        rows = check_annotations(conn, list(paths))
    emit(rows, ["file", "line", "action", "quote", "value", "problem"], fmt)
    if rows:
        raise click.exceptions.Exit(1)


# ---------------------------------------------------------------- web


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (localhost by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a web browser.")
@pass_app
def serve_cmd(app: App, host: str, port: int, open_browser: bool) -> None:
    """Browse the facts in a web page (Datasette, read-only; needs factdb[web] and SQLite)."""
    from .web.serve import require_sqlite, serve

    require_sqlite(app.raw_db())
    serve(app.db(), host=host, port=port, open_browser=open_browser)


def main() -> None:
    try:
        rc = cli.main(prog_name="factdb", standalone_mode=False)
    except click.UsageError as exc:  # raised before a command runs (unknown command, bad --db use)
        where = exc.ctx.command_path if exc.ctx else "factdb"
        click.echo(f"Error: {exc.format_message()} (see: {where} --help)", err=True)
        sys.exit(1)
    except click.exceptions.Abort:  # Ctrl-C
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
