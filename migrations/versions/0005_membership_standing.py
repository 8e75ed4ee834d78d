"""Curated membership intervals get a status and a note; roles partner and associate.

``memberships.standing`` is where the member stands: for the curated history
the interval's status (active, suspended, frozen, contested), for rows read
from articles the status the text states (active, pending, suspended, former,
negated); ``memberships.history_note`` is a curated interval's note. The role
check admits ``partner`` (BRICS partner countries, SCO dialogue partners),
``associate`` (Turkmenistan in the CIS) and ``applicant``. ``v_memberships``
shows both new columns.

SQLite cannot alter a CHECK constraint: the table is rebuilt (batch mode from
the table as revision 0001 made it), with ``v_memberships`` dropped first so
the rename inside the rebuild finds no view pointing at a missing table.
Revision 0001 named the check constraints twice over
(``ck_memberships_ck_memberships_role``); the role check is dropped under
either name and made again as ``ck_memberships_role`` (the SQLite rebuild
gives every check of the table its single-prefix name).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('member', 'chair', 'observer')"
NEW_ROLES = "role IN ('member', 'chair', 'observer', 'partner', 'associate', 'applicant')"
# copied from records.MEMBERSHIP_STATUSES (frozen: revisions import nothing from factdb)
STANDING = "standing IN ('active', 'pending', 'suspended', 'frozen', 'former', 'negated', 'contested')"
PRECISION = "IN ('day', 'month', 'year', 'unknown')"

_VIEW_HEAD = """
CREATE VIEW v_memberships AS
SELECT
    m.id AS membership_id,
    mem.name AS member,
    org.name AS organization,
    m.role, m.valid_from, m.valid_from_precision, m.valid_to, m.valid_to_precision,
    m.negated, m.complete_list, m.method, m.status, m.confidence, m.source_note,
"""
_VIEW_TAIL = """    m.article_id,
    a.title AS article_title,
    a.published AS article_published,
    o.name AS outlet,
    m.quote, m.span_start, m.span_end
FROM memberships m
JOIN entities mem ON mem.id = m.member_entity_id
JOIN entities org ON org.id = m.organization_entity_id
LEFT JOIN articles a ON a.id = m.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
"""
V_MEMBERSHIPS_OLD = _VIEW_HEAD + _VIEW_TAIL
V_MEMBERSHIPS_NEW = _VIEW_HEAD + "    m.standing, m.history_note,\n" + _VIEW_TAIL


def _table_0001(role_check: str, with_standing: bool) -> sa.Table:
    """The memberships table as a plain Table (the copy source of a SQLite rebuild)."""
    md = sa.MetaData()
    sa.Table("entities", md, sa.Column("id", sa.Integer(), primary_key=True))
    sa.Table("articles", md, sa.Column("id", sa.Integer(), primary_key=True))
    extra = [sa.Column("standing", sa.String(10), nullable=True), sa.Column("history_note", sa.Text(), nullable=True),
             sa.CheckConstraint(STANDING, name="ck_memberships_standing")] if with_standing else []
    return sa.Table(
        "memberships",
        md,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_entity_id", sa.Integer(), nullable=False),
        sa.Column("organization_entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_from_precision", sa.String(10), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("valid_to_precision", sa.String(10), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("complete_list", sa.Boolean(), nullable=False),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=True),
        *extra,
        sa.CheckConstraint(role_check, name="ck_memberships_role"),
        sa.CheckConstraint("method IN ('rule', 'curated')", name="ck_memberships_method"),
        sa.CheckConstraint("status IN ('extracted', 'confirmed', 'rejected')", name="ck_memberships_status"),
        sa.CheckConstraint(f"valid_from_precision {PRECISION}", name="ck_memberships_valid_from_precision"),
        sa.CheckConstraint(f"valid_to_precision {PRECISION}", name="ck_memberships_valid_to_precision"),
        sa.ForeignKeyConstraint(["member_entity_id"], ["entities.id"],
                                name="fk_memberships_member_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_entity_id"], ["entities.id"],
                                name="fk_memberships_organization_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"],
                                name="fk_memberships_article_id_articles", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        sa.Index("ix_memberships_member_entity_id", "member_entity_id"),
        sa.Index("ix_memberships_organization_entity_id_role", "organization_entity_id", "role"),
        sa.Index("ix_memberships_article_id", "article_id"),
    )


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_memberships")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("memberships", recreate="always", copy_from=_table_0001(OLD_ROLES, False)) as batch:
            batch.drop_constraint(op.f("ck_memberships_role"), type_="check")
            batch.create_check_constraint(op.f("ck_memberships_role"), sa.text(NEW_ROLES))
            batch.add_column(sa.Column("standing", sa.String(10), nullable=True))
            batch.add_column(sa.Column("history_note", sa.Text(), nullable=True))
            batch.create_check_constraint(op.f("ck_memberships_standing"), sa.text(STANDING))
    else:
        # 0001 named it through the naming convention twice (ck_memberships_ck_memberships_role)
        op.execute("ALTER TABLE memberships DROP CONSTRAINT IF EXISTS ck_memberships_ck_memberships_role")
        op.execute("ALTER TABLE memberships DROP CONSTRAINT IF EXISTS ck_memberships_role")
        op.create_check_constraint(op.f("ck_memberships_role"), "memberships", NEW_ROLES)
        op.add_column("memberships", sa.Column("standing", sa.String(10), nullable=True))
        op.add_column("memberships", sa.Column("history_note", sa.Text(), nullable=True))
        op.create_check_constraint(op.f("ck_memberships_standing"), "memberships", STANDING)
    # rows stored before this revision: curated ones were all active; a row read
    # from an article stood as its negated flag says
    op.execute("UPDATE memberships SET standing = 'active' WHERE method = 'curated' OR NOT negated")
    op.execute("UPDATE memberships SET standing = 'negated' WHERE method = 'rule' AND negated")
    # notes were not stored before: the next load syncs the curated history again
    op.execute("DELETE FROM loader_state WHERE key = 'history_sha256'")
    op.execute(V_MEMBERSHIPS_NEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_memberships")
    # the old check cannot hold these; curated rows come back with the next load
    op.execute("DELETE FROM memberships WHERE role IN ('partner', 'associate', 'applicant')")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("memberships", recreate="always", copy_from=_table_0001(NEW_ROLES, True)) as batch:
            batch.drop_constraint(op.f("ck_memberships_standing"), type_="check")
            batch.drop_column("history_note")
            batch.drop_column("standing")
            batch.drop_constraint(op.f("ck_memberships_role"), type_="check")
            batch.create_check_constraint(op.f("ck_memberships_role"), sa.text(OLD_ROLES))
    else:
        op.drop_constraint(op.f("ck_memberships_standing"), "memberships", type_="check")
        op.drop_column("memberships", "history_note")
        op.drop_column("memberships", "standing")
        op.drop_constraint(op.f("ck_memberships_role"), "memberships", type_="check")
        op.create_check_constraint(op.f("ck_memberships_role"), "memberships", OLD_ROLES)
    op.execute(V_MEMBERSHIPS_OLD)
