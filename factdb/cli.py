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


def main() -> None:
    cli(prog_name="factdb")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
