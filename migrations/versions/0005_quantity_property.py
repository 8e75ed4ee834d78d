"""The generic ``quantity`` property, and where a member stands (``memberships.standing``).

``quantity`` keeps numbers that no domain property covers (percentages,
prices per unit, ages, speeds, power...) with their pint-style unit, so they
can be found and filtered instead of being dropped.

``memberships.standing`` is the member's status as the text states it:
active, pending (invited or ratifying), suspended (frozen), former (left) or
negated (stated not to be a member). The existing ``negated`` column is kept
as it was (True for suspended, former and negated); ``status`` remains the
review state (extracted/confirmed/rejected).

Frozen: this revision imports nothing from factdb; the vocabulary is copied.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

QUANTITY = ("quantity", "any", "Any other quantity, with its unit (percent, USD/barrel, year, km/h...).")
STANDINGS = ("active", "pending", "suspended", "former", "negated")


def upgrade() -> None:
    properties = sa.table(
        "properties", sa.column("name", sa.String), sa.column("dimension", sa.String),
        sa.column("description", sa.Text),
    )
    op.bulk_insert(properties, [dict(zip(("name", "dimension", "description"), QUANTITY))])
    allowed = ", ".join(f"'{s}'" for s in STANDINGS)
    # Plain ADD COLUMN (both SQLite and PostgreSQL accept the inline CHECK), so
    # SQLite needs no table rebuild under the views that read memberships.
    op.execute(
        "ALTER TABLE memberships ADD COLUMN standing VARCHAR(10) NOT NULL DEFAULT 'active' "
        f"CONSTRAINT ck_memberships_standing CHECK (standing IN ({allowed}))"
    )
    op.execute(
        "UPDATE memberships SET standing = 'negated' WHERE negated"
        if op.get_bind().dialect.name == "postgresql"
        else "UPDATE memberships SET standing = 'negated' WHERE negated = 1"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE memberships DROP COLUMN standing")
    # claims typed quantity cannot outlive their property
    op.execute("DELETE FROM claims WHERE property_id IN (SELECT id FROM properties WHERE name = 'quantity')")
    op.execute("DELETE FROM properties WHERE name = 'quantity'")
