"""Stored verdicts: what each claim is about, conflicts, fact answers over time, membership status.

The agreement rules (factdb/agreement/, docs/agreement.md) run at load, for the
subjects, properties and organisations an article touched, and write their
verdicts here; `factdb conflicts`, `fact`, `timeline`, `members`, the Python
API, the web view and the SQL view `v_conflicts` all read these rows.

* ``claim_identity``: per claim, its scope, kind (what is counted), whether
  it is in the headline, whether it is a vague quantity, its interval in the dimension's canonical unit and
  the quantity it was grouped under;
* ``conflicts``: numeric and membership conflicts (one row per pair or dispute);
* ``fact_answers``: per subject, property and quantity, the answer as a step
  function of the date (``overall`` marks the answer from the latest evidence);
* ``membership_status`` + ``membership_evidence``: every member's status for
  day, month and year queries (one row per run of one status within a year,
  ``counts`` = "days after valid_from:supporting:contradicting;..." where the
  counts change), and the days for whose queries each article supports a member;
* ``verdict_queue``: keys whose verdicts must be recomputed. Upgrading queues
  every key that has data, so the first command after the upgrade computes them.

Frozen: written out by hand, imports nothing from factdb.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PRECISION = "IN ('day', 'month', 'year', 'unknown')"

V_CONFLICTS = """
CREATE VIEW v_conflicts AS
SELECT
    k.kind,
    k.rule,
    k.subject,
    k.property,
    k.organization,
    k.claim_id,
    k.other_claim_id,
    k.article_id,
    k.other_article_id,
    a.qualifier AS qualifier, a.value AS value, a.unit AS unit,
    b.qualifier AS other_qualifier, b.value AS other_value, b.unit AS other_unit,
    k.value_text, k.other_value_text,
    substr(CAST(k.as_of AS TEXT), 1, 4) AS as_of_year,
    k.as_of,
    k.ids, k.article_ids,
    COALESCE(a.quote, ma.quote) AS quote,
    b.quote AS other_quote,
    k.reason,
    k.id AS conflict_id
FROM conflicts k
LEFT JOIN claims a ON a.id = k.claim_id
LEFT JOIN claims b ON b.id = k.other_claim_id
LEFT JOIN memberships ma ON ma.id = k.membership_id
"""

V_FACTS = """
CREATE VIEW v_facts AS
SELECT
    f.id AS answer_id,
    s.name AS subject,
    p.name AS property,
    f.quantity, f.quantity_rank, f.kind, f.scope, f.object,
    f.overall, f.valid_from, f.valid_to,
    f.low, f.high, f.low_inclusive, f.high_inclusive, f.unit, f.method,
    f.supporting_articles, f.articles, f.newest_evidence, f.oldest_evidence, f.stale
FROM fact_answers f
JOIN entities s ON s.id = f.subject_entity_id
JOIN properties p ON p.id = f.property_id
"""

# v_conflicts before this revision (0002), restored by downgrade
OLD_V_CONFLICTS = """
CREATE VIEW v_conflicts AS
SELECT
    'numeric' AS kind,
    COALESCE(s.name, a.subject_text) AS subject,
    p.name AS property,
    a.id AS claim_id,
    b.id AS other_claim_id,
    a.article_id,
    b.article_id AS other_article_id,
    a.qualifier AS qualifier, a.value AS value, a.unit AS unit,
    b.qualifier AS other_qualifier, b.value AS other_value,
    substr(CAST(a.as_of AS TEXT), 1, 4) AS as_of_year,
    a.quote, b.quote AS other_quote
FROM claims a
JOIN claims b
  ON b.property_id = a.property_id
 AND b.id > a.id
 AND b.unit = a.unit
 AND (b.subject_entity_id = a.subject_entity_id
      OR (a.subject_entity_id IS NULL AND b.subject_entity_id IS NULL AND b.subject_text = a.subject_text))
JOIN properties p ON p.id = a.property_id
LEFT JOIN entities s ON s.id = a.subject_entity_id
WHERE a.change IS NULL AND b.change IS NULL
  AND a.modality = 'reported' AND b.modality = 'reported'
  AND a.status <> 'rejected' AND b.status <> 'rejected'
  AND a.as_of IS NOT NULL AND b.as_of IS NOT NULL
  AND substr(CAST(a.as_of AS TEXT), 1, 4) = substr(CAST(b.as_of AS TEXT), 1, 4)
  AND (
        (a.high IS NOT NULL AND b.low IS NOT NULL
         AND (a.high < b.low OR (a.high = b.low AND NOT (a.high_inclusive AND b.low_inclusive))))
     OR (b.high IS NOT NULL AND a.low IS NOT NULL
         AND (b.high < a.low OR (b.high = a.low AND NOT (b.high_inclusive AND a.low_inclusive))))
  )
"""

# every key that has data: the first command after the upgrade computes its verdicts
QUEUE_EVERYTHING = [
    "INSERT INTO verdict_queue (key) SELECT DISTINCT 'article:' || CAST(article_id AS TEXT) FROM claims",
    "INSERT INTO verdict_queue (key) SELECT DISTINCT 'subject:' || CAST(subject_entity_id AS TEXT) || ':'"
    " || CAST(property_id AS TEXT) FROM claims WHERE subject_entity_id IS NOT NULL",
    "INSERT INTO verdict_queue (key) SELECT DISTINCT 'org:' || CAST(organization_entity_id AS TEXT) FROM memberships",
]


def upgrade() -> None:
    op.create_table(
        "claim_identity",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("subject_entity_id", sa.Integer(), nullable=True),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(60), nullable=True),
        sa.Column("headline", sa.Boolean(), nullable=False),
        sa.Column("vague", sa.Boolean(), nullable=False),
        sa.Column("canonical_unit", sa.String(30), nullable=True),
        sa.Column("canonical_low", sa.Float(), nullable=True),
        sa.Column("canonical_high", sa.Float(), nullable=True),
        sa.Column("canonical_low_inclusive", sa.Boolean(), nullable=False),
        sa.Column("canonical_high_inclusive", sa.Boolean(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("quantity", sa.String(200), nullable=True),
        sa.CheckConstraint("scope IN ('whole', 'part', 'component', 'instalment', 'section')",
                           name="ck_claim_identity_scope"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_claim_identity_claim_id_claims",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subject_entity_id"], ["entities.id"],
                                name="fk_claim_identity_subject_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["property_id"], ["properties.id"],
                                name="fk_claim_identity_property_id_properties", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("claim_id", name="pk_claim_identity"),
    )
    op.create_index("ix_claim_identity_subject_quantity_window", "claim_identity",
                    ["subject_entity_id", "property_id", "quantity", "window_start"])

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("verdict_key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("rule", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("subject_entity_id", sa.Integer(), nullable=True),
        sa.Column("property", sa.String(100), nullable=True),
        sa.Column("organization", sa.Text(), nullable=True),
        sa.Column("organization_entity_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("other_claim_id", sa.Integer(), nullable=True),
        sa.Column("membership_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("other_article_id", sa.Integer(), nullable=True),
        sa.Column("ids", sa.Text(), nullable=False),
        sa.Column("article_ids", sa.Text(), nullable=False),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("other_value_text", sa.Text(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('numeric', 'membership')", name="ck_conflicts_kind"),
        sa.ForeignKeyConstraint(["subject_entity_id"], ["entities.id"],
                                name="fk_conflicts_subject_entity_id_entities", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["organization_entity_id"], ["entities.id"],
                                name="fk_conflicts_organization_entity_id_entities", ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name="fk_conflicts_claim_id_claims", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_claim_id"], ["claims.id"], name="fk_conflicts_other_claim_id_claims",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["membership_id"], ["memberships.id"], name="fk_conflicts_membership_id_memberships",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_conflicts_article_id_articles",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_article_id"], ["articles.id"], name="fk_conflicts_other_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
    )
    op.create_index("ix_conflicts_verdict_key", "conflicts", ["verdict_key"])
    op.create_index("ix_conflicts_claim_id", "conflicts", ["claim_id"])
    op.create_index("ix_conflicts_other_claim_id", "conflicts", ["other_claim_id"])
    op.create_index("ix_conflicts_membership_id", "conflicts", ["membership_id"])

    op.create_table(
        "fact_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_entity_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.String(200), nullable=False),
        sa.Column("quantity_rank", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(60), nullable=True),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("object", sa.Text(), nullable=True),
        sa.Column("overall", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("low_inclusive", sa.Boolean(), nullable=False),
        sa.Column("high_inclusive", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.String(30), nullable=True),
        sa.Column("method", sa.String(12), nullable=False),
        sa.Column("point", sa.Float(), nullable=True),
        sa.Column("point_above", sa.Boolean(), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=True),
        sa.Column("supporting_articles", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("newest_evidence", sa.Date(), nullable=True),
        sa.Column("oldest_evidence", sa.Date(), nullable=True),
        sa.Column("stale", sa.Boolean(), nullable=False),
        sa.CheckConstraint("method IN ('consensus', 'majority', 'plurality', 'none')", name="ck_fact_answers_method"),
        sa.ForeignKeyConstraint(["subject_entity_id"], ["entities.id"],
                                name="fk_fact_answers_subject_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["property_id"], ["properties.id"], name="fk_fact_answers_property_id_properties",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_fact_answers"),
    )
    op.create_index("ix_fact_answers_subject_rank_valid_from", "fact_answers",
                    ["subject_entity_id", "property_id", "quantity_rank", "valid_from"])

    op.create_table(
        "membership_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_entity_id", sa.Integer(), nullable=False),
        sa.Column("member_entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("precision", sa.String(10), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("history_status", sa.String(10), nullable=True),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("history_from", sa.Date(), nullable=True),
        sa.Column("history_from_precision", sa.String(10), nullable=True),
        sa.Column("history_to", sa.Date(), nullable=True),
        sa.Column("history_to_precision", sa.String(10), nullable=True),
        sa.Column("history_source", sa.Text(), nullable=True),
        sa.CheckConstraint("precision IN ('day', 'month', 'year')", name="ck_membership_status_precision"),
        sa.CheckConstraint("role IN ('member', 'chair', 'observer', 'partner', 'associate', 'applicant')", name="ck_membership_status_role"),
        sa.CheckConstraint("status IN ('confirmed', 'disputed', 'former')", name="ck_membership_status_status"),
        sa.CheckConstraint("history_status IN ('member', 'former', 'not_yet')",
                           name="ck_membership_status_history_status"),
        sa.CheckConstraint(f"history_from_precision {PRECISION}", name="ck_membership_status_history_from_precision"),
        sa.CheckConstraint(f"history_to_precision {PRECISION}", name="ck_membership_status_history_to_precision"),
        sa.ForeignKeyConstraint(["organization_entity_id"], ["entities.id"],
                                name="fk_membership_status_organization_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_entity_id"], ["entities.id"],
                                name="fk_membership_status_member_entity_id_entities", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_membership_status"),
    )
    op.create_index("ix_membership_status_org_precision_valid_from", "membership_status",
                    ["organization_entity_id", "precision", "valid_from"])

    op.create_table(
        "membership_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_entity_id", sa.Integer(), nullable=False),
        sa.Column("member_entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.CheckConstraint("kind IN ('support', 'contradict')", name="ck_membership_evidence_kind"),
        sa.ForeignKeyConstraint(["organization_entity_id"], ["entities.id"],
                                name="fk_membership_evidence_organization_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_entity_id"], ["entities.id"],
                                name="fk_membership_evidence_member_entity_id_entities", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_membership_evidence_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_membership_evidence"),
    )
    # covering: `members` reads the supporters of a date from the index alone
    op.create_index("ix_membership_evidence_org_kind_starts", "membership_evidence",
                    ["organization_entity_id", "kind", "starts", "ends", "member_entity_id", "role", "article_id"])
    op.create_index("ix_membership_evidence_article_id", "membership_evidence", ["article_id"])

    op.create_table(
        "verdict_queue",
        sa.Column("key", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_verdict_queue"),
    )

    # the lookup `claims --subject --property` pages through (article, position) order
    op.create_index("ix_claims_subject_property_article_span", "claims",
                    ["subject_entity_id", "property_id", "article_id", "span_start"])
    # an entity's first page of claims, in id order, without reading all of them; the claims naming
    # it as object through an index of the rows that have an object (most have none, and a planner
    # that counts those NULLs as one value walks the whole table instead)
    op.create_index("ix_claims_subject_entity_id", "claims", ["subject_entity_id"])
    op.create_index("ix_claims_object_entity_id_present", "claims", ["object_entity_id"],
                    sqlite_where=sa.text("object_entity_id IS NOT NULL"),
                    postgresql_where=sa.text("object_entity_id IS NOT NULL"))

    op.execute("DROP VIEW IF EXISTS v_conflicts")
    op.execute(V_CONFLICTS)
    op.execute(V_FACTS)
    for sql in QUEUE_EVERYTHING:
        op.execute(sql)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_facts")
    op.execute("DROP VIEW IF EXISTS v_conflicts")
    op.execute(OLD_V_CONFLICTS)
    op.drop_index("ix_claims_object_entity_id_present", table_name="claims")
    op.drop_index("ix_claims_subject_entity_id", table_name="claims")
    op.drop_index("ix_claims_subject_property_article_span", table_name="claims")
    for table in ("verdict_queue", "membership_evidence", "membership_status", "fact_answers", "conflicts",
                  "claim_identity"):
        op.drop_table(table)
