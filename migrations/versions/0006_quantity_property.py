"""The generic ``quantity`` property; where extracted members stand.

``quantity`` keeps numbers that no domain property covers (percentages,
prices per unit, ages, speeds, power...) with their pint-style unit, so they
can be found and filtered instead of being dropped.

``memberships.standing`` (revision 0005) now also holds, for rows read from
articles, the member's status as the text states it: active, pending (invited
or ratifying), suspended, former or negated. The ``negated`` column is kept as
it was (True for suspended, former and negated).

Frozen: this revision imports nothing from factdb; the vocabulary is copied.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

QUANTITY = ("quantity", "any", "Any other quantity, with its unit (percent, USD/barrel, year, km/h...).")


def upgrade() -> None:
    properties = sa.table(
        "properties", sa.column("name", sa.String), sa.column("dimension", sa.String),
        sa.column("description", sa.Text),
    )
    op.bulk_insert(properties, [dict(zip(("name", "dimension", "description"), QUANTITY))])


def downgrade() -> None:
    # claims typed quantity cannot outlive their property
    op.execute("DELETE FROM claims WHERE property_id IN (SELECT id FROM properties WHERE name = 'quantity')")
    op.execute("DELETE FROM properties WHERE name = 'quantity'")
