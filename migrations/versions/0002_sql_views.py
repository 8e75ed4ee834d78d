"""SQL views for people who write SQL: v_claims, v_memberships, v_mentions, v_conflicts.

Plain SQL that SQLite and PostgreSQL both accept. Dates are compared by their
ISO text, which is how SQLite stores them and how PostgreSQL casts them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

V_CLAIMS = """
CREATE VIEW v_claims AS
SELECT
    c.id AS claim_id,
    c.article_id,
    a.title AS article_title,
    a.published AS article_published,
    a.date_precision AS article_date_precision,
    o.name AS outlet,
    a.url AS article_url,
    COALESCE(s.name, c.subject_text) AS subject,
    s.kind AS subject_kind,
    COALESCE(ob.name, c.object_text) AS object,
    p.name AS property,
    p.dimension,
    c.value, c.low, c.high, c.low_inclusive, c.high_inclusive, c.qualifier,
    c.unit, c.counted, c.normalized_value, c.normalized_unit,
    c.rate, c.rate_date, c.rate_source,
    c.as_of, c.as_of_precision, c.modality, c.change, c.conversion_of_id,
    c.quote, c.span_start, c.span_end, c.quote_start, c.quote_end,
    c.method, c.status, c.confidence, c.subject_source, c.curation_note
FROM claims c
JOIN properties p ON p.id = c.property_id
JOIN articles a ON a.id = c.article_id
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN entities s ON s.id = c.subject_entity_id
LEFT JOIN entities ob ON ob.id = c.object_entity_id
"""

V_MEMBERSHIPS = """
CREATE VIEW v_memberships AS
SELECT
    m.id AS membership_id,
    mem.name AS member,
    org.name AS organization,
    m.role, m.valid_from, m.valid_from_precision, m.valid_to, m.valid_to_precision,
    m.negated, m.complete_list, m.method, m.status, m.confidence, m.source_note,
    m.article_id,
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

V_MENTIONS = """
CREATE VIEW v_mentions AS
SELECT
    mn.id AS mention_id,
    mn.article_id,
    a.title AS article_title,
    e.id AS entity_id,
    e.name AS entity,
    e.kind AS entity_kind,
    mn.surface, mn.span_start, mn.span_end
FROM mentions mn
JOIN entities e ON e.id = mn.entity_id
JOIN articles a ON a.id = mn.article_id
"""

# Numeric conflicts expressible in SQL: two levels (not changes, not plans) about
# the same subject and property, in the same unit, as of the same year, whose
# intervals cannot both hold. NULL low/high mean unbounded. The CLI's
# `factdb conflicts` adds what SQL cannot say simply (currency conversions,
# membership disputes, approx tolerances across units).
V_CONFLICTS = """
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

VIEWS = {"v_claims": V_CLAIMS, "v_memberships": V_MEMBERSHIPS, "v_mentions": V_MENTIONS,
         "v_conflicts": V_CONFLICTS}


def upgrade() -> None:
    for sql in VIEWS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS {name}")
