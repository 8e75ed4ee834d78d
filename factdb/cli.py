"""The ``factdb`` command line: a thin layer over the library.

Each command parses options, makes one library call and formats the result.
Heavy modules (pandas, Alembic, the extractors) are imported inside the
commands that need them so ``factdb --help`` and lookups start fast.
"""

from __future__ import annotations

import sys

import click

from .errors import FactdbError, NotFound
from .output import FORMATS
from .records import ENTITY_KINDS, QUALIFIERS

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format.",
)
LIMIT_OPTION = click.option("--limit", type=click.IntRange(min=0), default=None, help="At most N rows.")


class FactdbGroup(click.Group):
    """Shows user errors as one line on stderr with the right exit code, no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.exit_code = 1  # bad arguments are the user's to fix: 1; 2 means a database problem
            raise
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
        """The database, upgraded to the head revision (or refused if too new)."""
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

    with app.db().transaction() as conn:
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
@click.option("--registry", "registry_path", default=None, help="Entity registry YAML (default: registry.yml in a loaded folder, else factdb's own).")
@click.option("--history", "history_path", default=None, help="Curated membership history YAML (default: memberships.yml likewise).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Summary format.")
@pass_app
def load_cmd(app: App, paths, dry_run, encoding, max_bytes, force, registry_path, history_path, fmt) -> None:
    """Load article files (.txt, .md) and folders (recursively) into the database.

    Idempotent: unchanged files are reported as such; a changed file updates its
    article in place; the same content under another path is a duplicate. Each
    article is stored in its own transaction. Exit 1 if any file failed.
    """
    from .load import load_paths
    from .pipeline import DEFAULT_MAX_BYTES

    db = app.db()
    progress = None
    bar = None
    if sys.stderr.isatty() and fmt == "table":
        from .pipeline import discover

        total = len(discover(list(paths))[0])
        bar = click.progressbar(length=total, label="loading", file=sys.stderr)
        bar.__enter__()
        progress = lambda _path: bar.update(1)  # noqa: E731
    try:
        report = load_paths(
            db, list(paths), encoding=encoding, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
            dry_run=dry_run, force=force, registry_path=registry_path, history_path=history_path,
            progress=progress,
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
                 "stale_annotations": [{"file": f, "annotation": a} for f, a in report.stale_annotations]},
                sys.stdout)
        return
    for path, reason in report.failed:
        click.echo(f"failed: {reason}" if reason.startswith(path) else f"failed: {path}: {reason}", err=True)
    for path, other in report.duplicate:
        click.echo(f"duplicate: {path} has the same content as {other}", err=True)
    for file, what in report.stale_annotations:
        click.echo(f"stale annotation: {file}: {what}", err=True)
    head = "dry run (nothing written): " if report.dry_run else ""
    click.echo(head + ", ".join(f"{k} {v}" for k, v in summary.items() if k != "stale_annotations" or v))


# ---------------------------------------------------------------- articles


@cli.command("articles")
@FORMAT_OPTION
@LIMIT_OPTION
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
@FORMAT_OPTION
@LIMIT_OPTION
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


def _date_window(value: str | None):
    if not value:
        return None
    from .timeutil import date_window, parse_date_arg

    try:
        d, precision = parse_date_arg(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return date_window(d, precision)


@cli.command("claims")
@click.option("--property", "prop", default=None, help="troop_count, fatalities, monetary_amount, ...")
@click.option("--article", "article_id", type=int, default=None, help="Only claims from this article id.")
@click.option("--unit", default=None, help="person, count, km, USD, RUB, fraction, year, ...")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), default=None)
@click.option("--min", "min_value", type=float, default=None, help="Value at least this.")
@click.option("--max", "max_value", type=float, default=None, help="Value at most this.")
@click.option("--method", type=click.Choice(["rule", "curated"]), default=None)
@click.option("--status", type=click.Choice(["extracted", "confirmed", "rejected"]), default=None)
@click.option("--subject", default=None, help="Subject entity (any alias).")
@click.option("--object", "object_", default=None, help="Object entity (any alias).")
@click.option("--as-of", "as_of", default=None, help="Claims as of this date: 2015, 2015-09 or 2015-09-15.")
@click.option("--between", nargs=2, default=None, metavar="DATE DATE", help="As-of date between two dates.")
@click.option("--change", type=click.Choice(["increase", "decrease", "none"]), default=None,
              help="Only changes of this direction, or only levels (none).")
@FORMAT_OPTION
@LIMIT_OPTION
@pass_app
def claims_cmd(app: App, prop, article_id, unit, qualifier, min_value, max_value, method, status,
               subject, object_, as_of, between, change, fmt, limit) -> None:
    """List numeric claims with their sources."""
    from .output import emit
    from .queries.claims import CLAIM_COLUMNS, TABLE_COLUMNS, ClaimFilter, list_claims

    between_window = None
    if between:
        lo, hi = _date_window(between[0]), _date_window(between[1])
        between_window = (lo[0], hi[1])
    f = ClaimFilter(
        property=prop, article_id=article_id, unit=unit, qualifier=qualifier, min=min_value,
        max=max_value, method=method, status=status, subject=subject, object=object_,
        as_of=_date_window(as_of), between=between_window, change=change, limit=limit,
    )
    with app.db().connect() as conn:
        rows = list_claims(conn, f)
    for r in rows:
        r.pop("subject_entity_id", None)
    emit(rows, CLAIM_COLUMNS, fmt, table_columns=TABLE_COLUMNS)


# ---------------------------------------------------------------- agreement


@cli.command("members")
@click.argument("organization")
@click.option("--as-of", "as_of", default=None, help="Date: 2015, 2015-09 or 2015-09-15 (default today).")
@click.option("--role", type=click.Choice(["member", "chair", "observer"]), default=None)
@FORMAT_OPTION
@LIMIT_OPTION
@pass_app
def members_cmd(app: App, organization: str, as_of, role, fmt: str, limit) -> None:
    """Who belonged to ORGANIZATION at a date, over all sources: confirmed, disputed or former."""
    from .output import emit
    from .queries.agreement import MEMBER_COLUMNS, members

    _check_date(as_of)
    with app.db().connect() as conn:
        rows = members(conn, organization, as_of=as_of, role=role)
        _warn_pending(conn)
    emit(rows[:limit] if limit is not None else rows, MEMBER_COLUMNS, fmt,
         table_columns=["member", "role", "status", "supporting", "contradicting", "article_ids",
                        "valid_from", "valid_to"])


@cli.command("conflicts")
@FORMAT_OPTION
@LIMIT_OPTION
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
@click.argument("property")
@click.option("--as-of", "as_of", default=None,
              help="The answer as of this date (2015, 2015-09 ...): earlier figures, weighted by closeness in time.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def fact_cmd(app: App, subject: str, property: str, as_of, fmt: str) -> None:
    """The best-supported answer for SUBJECT and PROPERTY, its sources and the dissent.

    Example: factdb fact "201st base" troop_count
    """
    from .output import emit, emit_record
    from .queries.agreement import fact

    _check_date(as_of)
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
@click.argument("property")
@click.option("--plot", "plot", type=click.Path(dir_okay=False, writable=True), default=None, metavar="FILE",
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


def _check_date(value: str | None) -> None:
    if value:
        from .timeutil import parse_date_arg

        try:
            parse_date_arg(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--as-of") from None


# ---------------------------------------------------------------- query surface


@cli.command("sql")
@click.argument("query")
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind :NAME to VALUE (repeatable).")
@click.option("--timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Stop the statement after this long (default 60; 0 for no limit).")
@FORMAT_OPTION
@LIMIT_OPTION
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
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True))
@pass_app
def export_cmd(app: App, name: str, fmt: str, output: str) -> None:
    """Write a table or view (claims, v_claims, ...) to a file, streamed in chunks."""
    from .export import export_table

    n = export_table(app.db(), name, fmt, output)
    click.echo(f"wrote {n} rows of {name} to {output}", err=True)


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
    from .web.serve import serve

    serve(app.db(), host=host, port=port, open_browser=open_browser)


def main() -> None:
    cli(prog_name="factdb")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
