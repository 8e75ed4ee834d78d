"""Alembic environment for factdb.

The caller may pass an open connection in ``config.attributes["connection"]``
(that is how ``factdb db upgrade`` and the tests run migrations, so they share
the caller's engine, PRAGMAs and transaction). Otherwise the URL comes from
``-x url=...``, then ``FACTDB_URL``, then ``sqlalchemy.url`` in alembic.ini.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

config = context.config


def _target_metadata():
    # Only autogenerate needs the schema in code; revisions themselves never import it.
    from factdb.tables import metadata

    return metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=_target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("FACTDB_URL")
        or config.get_main_option("sqlalchemy.url")
    )
    from factdb.db import make_engine

    engine = make_engine(url) if url else create_engine("sqlite:///factdb.sqlite")
    with engine.connect() as conn:
        _configure(conn)
    engine.dispose()


if context.is_offline_mode():
    url = os.environ.get("FACTDB_URL") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
