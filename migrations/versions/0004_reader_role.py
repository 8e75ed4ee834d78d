"""A read-only PostgreSQL role for user SQL (`factdb sql`, `FactDB.sql`).

User SQL on PostgreSQL runs in a session whose *login* role is
``factdb_reader``: a role with no superuser, no CREATE and no membership in
``pg_read_server_files``/``pg_write_server_files``/``pg_execute_server_program``,
so ``COPY ... TO PROGRAM``, ``COPY ... TO/FROM 'file'``, ``pg_read_file`` and the
server-side large-object functions are refused by privileges. A ``SET ROLE``
inside the caller's own (possibly superuser) session would not be enough: user
SQL could ``RESET ROLE`` or ``set_config('role', ...)`` its way back.

The role is cluster-wide and shared by every factdb database on the server; it
is created once (concurrent upgrades race safely) and granted ``USAGE`` on this
schema and ``SELECT`` on its tables and views, now and for tables that later
revisions create. A migrating user without ``CREATEROLE`` gets a NOTICE and no
role; ``factdb sql`` then says how to create it. SQLite: nothing to do (its
read-only path is ``mode=ro`` + ``query_only`` + an authorizer).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ROLE = "factdb_reader"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
    BEGIN
      CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;  -- a concurrent upgrade made it
      WHEN insufficient_privilege THEN
        RAISE NOTICE 'factdb: cannot create role {ROLE} (needs CREATEROLE); factdb sql will refuse to run until it exists';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO {ROLE}', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO {ROLE}', current_schema());
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO {ROLE}', current_schema());
  END IF;
EXCEPTION
  WHEN insufficient_privilege THEN
    RAISE NOTICE 'factdb: cannot grant {ROLE} read access here; factdb sql will refuse to run';
END
$$;
"""
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The role may serve other databases on the server: revoke here, never drop it.
    op.execute(
        f"""
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM {ROLE}', current_schema());
    EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM {ROLE}', current_schema());
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM {ROLE}', current_schema());
  END IF;
END
$$;
"""
    )
