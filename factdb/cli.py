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


def main() -> None:
    cli(prog_name="factdb")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
