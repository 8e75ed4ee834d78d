"""The schema as SQLAlchemy Core tables: what the application's queries and stores use.

Core only: factdb uses no ORM (start-up stays fast, and one definition of the
schema in code is enough). The schema itself is owned by the Alembic
migrations; ``tests/test_migrations.py`` proves they and this module agree on
SQLite and PostgreSQL. Migrations never import this module.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from .records import SCOPES

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from factdb.records import (
    CHANGES,
    DATE_PRECISIONS,
    ENTITY_KINDS,
    MEMBERSHIP_ROLES,
    MEMBERSHIP_STATUSES,
    METHODS,
    MODALITIES,
    QUALIFIERS,
    REVIEW_STATUSES,
    SUBJECT_SOURCES,
)

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _in(values) -> str:
    """``'a', 'b'`` for a CHECK ... IN (...) built from a vocabulary."""
    return ", ".join(f"'{v}'" for v in values)


outlets = Table(
    "outlets",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("domain", String(200), nullable=True),
)


articles = Table(
    "articles",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("outlet_id", Integer(), ForeignKey("outlets.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("title", Text(), nullable=False),
    Column("published", Date(), nullable=True),
    Column("date_precision", String(10), nullable=False, default="unknown"),
    Column("url", Text(), nullable=True),
    Column("authors", Text(), nullable=True),  # "; "-separated, in byline order
    Column("translator", Text(), nullable=True),
    Column("language", String(16), nullable=False, default="en"),
    Column("body", Text(), nullable=False),  # clean text; every span points into it
    Column("source_path", Text(), nullable=False, unique=True),
    Column("sha256", String(64), nullable=False, unique=True),
    # sha256 of the curated annotation file applied at the last extraction ("" = none)
    Column("annotations_sha256", String(64), nullable=True),
    Column("metadata_note", Text(), nullable=True),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    CheckConstraint(f"date_precision IN ({_in(DATE_PRECISIONS)})", name="date_precision"),
    Index("ix_articles_published", "published"),
)


entities = Table(
    "entities",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("description", Text(), nullable=True),
    Column("wikidata_id", String(20), nullable=True),
    Column("country_entity_id", Integer(), ForeignKey("entities.id", ondelete="SET NULL"), nullable=True),
    CheckConstraint(f"kind IN ({_in(ENTITY_KINDS)})", name="kind"),
)


entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("alias", String(300), nullable=False),
    Column("normalized_key", String(300), nullable=False, unique=True),
    Column("language", String(16), nullable=False, default="en"),
    Column("alias_kind", String(30), nullable=False, default="name"),
)


mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("span_start", Integer(), nullable=False),
    Column("span_end", Integer(), nullable=False),
    Column("surface", Text(), nullable=False),
    CheckConstraint('span_end > span_start', name="span"),
    Index("ix_mentions_article_id_span_start", "article_id", "span_start"),
)


unresolved_names = Table(
    "unresolved_names",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("surface", Text(), nullable=False),
    Column("normalized_key", String(300), nullable=False, index=True),
    Column("span_start", Integer(), nullable=False),
    Column("span_end", Integer(), nullable=False),
    Column("sentence", Text(), nullable=False),
)


properties = Table(
    "properties",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("dimension", String(50), nullable=False),
    Column("description", Text(), nullable=True),
)


claims = Table(
    "claims",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("property_id", Integer(), ForeignKey("properties.id", ondelete="RESTRICT"), nullable=False),
    Column("subject_entity_id", Integer(), ForeignKey("entities.id", ondelete="SET NULL"), nullable=True),
    Column("subject_text", Text(), nullable=True),
    Column("subject_source", String(20), nullable=True),
    Column("object_entity_id", Integer(), ForeignKey("entities.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("object_text", Text(), nullable=True),
    Column("value", Float(), nullable=False),
    Column("low", Float(), nullable=True),
    Column("high", Float(), nullable=True),
    Column("low_inclusive", Boolean(), nullable=False, default=True),
    Column("high_inclusive", Boolean(), nullable=False, default=True),
    Column("qualifier", String(20), nullable=False),
    Column("unit", String(30), nullable=False),
    Column("counted", String(100), nullable=True),
    Column("normalized_value", Float(), nullable=True),
    Column("normalized_unit", String(30), nullable=True),
    Column("rate", Float(), nullable=True),
    Column("rate_date", Date(), nullable=True),
    Column("rate_source", String(100), nullable=True),
    Column("as_of", Date(), nullable=True),
    Column("as_of_precision", String(10), nullable=True),
    Column("modality", String(20), nullable=False, default="reported"),
    Column("change", String(10), nullable=True),
    Column("conversion_of_id", Integer(), ForeignKey("claims.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("quote", Text(), nullable=False),
    Column("span_start", Integer(), nullable=False),
    Column("span_end", Integer(), nullable=False),
    Column("quote_start", Integer(), nullable=True),
    Column("quote_end", Integer(), nullable=True),
    Column("method", String(10), nullable=False, default="rule"),
    Column("status", String(10), nullable=False, default="extracted"),
    Column("confidence", Float(), nullable=False, default=0.8),
    Column("curation_note", Text(), nullable=True),
    CheckConstraint(f"as_of_precision IN ({_in(DATE_PRECISIONS)})", name="as_of_precision"),
    CheckConstraint(f"change IN ({_in(CHANGES)})", name="change"),
    CheckConstraint(f"method IN ({_in(METHODS)})", name="method"),
    CheckConstraint(f"modality IN ({_in(MODALITIES)})", name="modality"),
    CheckConstraint(f"qualifier IN ({_in(QUALIFIERS)})", name="qualifier"),
    CheckConstraint(f"status IN ({_in(REVIEW_STATUSES)})", name="status"),
    CheckConstraint(f"subject_source IN ({_in(SUBJECT_SOURCES)})", name="subject_source"),
    Index("ix_claims_property_id_as_of", "property_id", "as_of"),
    Index("ix_claims_subject_entity_id_property_id", "subject_entity_id", "property_id"),
    Index("ix_claims_subject_property_article_span", "subject_entity_id", "property_id",
          "article_id", "span_start"),
    Index("ix_claims_subject_entity_id", "subject_entity_id"),
    Index("ix_claims_object_entity_id_present", "object_entity_id",
          sqlite_where=text("object_entity_id IS NOT NULL"), postgresql_where=text("object_entity_id IS NOT NULL")),
)


memberships = Table(
    "memberships",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("member_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("organization_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(20), nullable=False, default="member"),
    Column("valid_from", Date(), nullable=True),
    Column("valid_from_precision", String(10), nullable=True),
    Column("valid_to", Date(), nullable=True),
    Column("valid_to_precision", String(10), nullable=True),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("quote", Text(), nullable=True),
    Column("span_start", Integer(), nullable=True),
    Column("span_end", Integer(), nullable=True),
    Column("complete_list", Boolean(), nullable=False, default=False),
    Column("negated", Boolean(), nullable=False, default=False),
    Column("method", String(10), nullable=False, default="rule"),
    Column("status", String(10), nullable=False, default="extracted"),
    Column("confidence", Float(), nullable=False, default=0.8),
    Column("source_note", Text(), nullable=True),
    # where the member stands (records.MEMBERSHIP_STATUSES): as the text states it for rows
    # read from articles, the interval's status for the curated history; "status" above is
    # the review state
    Column("standing", String(10), nullable=True),
    Column("history_note", Text(), nullable=True),  # curated history only: the interval's note
    CheckConstraint(f"method IN ({_in(METHODS)})", name="method"),
    CheckConstraint(f"role IN ({_in(MEMBERSHIP_ROLES)})", name="role"),
    CheckConstraint(f"standing IN ({_in(MEMBERSHIP_STATUSES)})", name="standing"),
    CheckConstraint(f"status IN ({_in(REVIEW_STATUSES)})", name="status"),
    CheckConstraint(f"valid_from_precision IN ({_in(DATE_PRECISIONS)})", name="valid_from_precision"),
    CheckConstraint(f"valid_to_precision IN ({_in(DATE_PRECISIONS)})", name="valid_to_precision"),
    Index("ix_memberships_organization_entity_id_role", "organization_entity_id", "role"),
)


loader_state = Table(
    "loader_state",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text(), nullable=False),
)


# ---------------------------------------------------------------- stored verdicts (migration 0005)
# Computed at load by factdb.verdicts from the agreement rules; every surface reads them.

claim_identity = Table(
    "claim_identity",
    metadata,
    Column("claim_id", Integer(), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("subject_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=True),
    Column("property_id", Integer(), ForeignKey("properties.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(12), nullable=False),
    Column("kind", String(60), nullable=True),
    Column("headline", Boolean(), nullable=False),
    Column("vague", Boolean(), nullable=False),
    Column("canonical_unit", String(30), nullable=True),
    Column("canonical_low", Float(), nullable=True),
    Column("canonical_high", Float(), nullable=True),
    Column("canonical_low_inclusive", Boolean(), nullable=False),
    Column("canonical_high_inclusive", Boolean(), nullable=False),
    Column("window_start", Date(), nullable=True),
    Column("window_end", Date(), nullable=True),
    Column("quantity", String(200), nullable=True),
    CheckConstraint(f"scope IN ({', '.join(repr(s) for s in SCOPES)})", name="scope"),
    Index("ix_claim_identity_subject_quantity_window", "subject_entity_id",
          "property_id", "quantity", "window_start"),
)


conflicts = Table(
    "conflicts",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("verdict_key", String(120), nullable=False, index=True),
    Column("kind", String(12), nullable=False),
    Column("rule", String(20), nullable=False),
    Column("subject", Text(), nullable=True),
    Column("subject_entity_id", Integer(), ForeignKey("entities.id", ondelete="SET NULL"), nullable=True),
    Column("property", String(100), nullable=True),
    Column("organization", Text(), nullable=True),
    Column("organization_entity_id", Integer(), ForeignKey("entities.id", ondelete="SET NULL"), nullable=True),
    Column("claim_id", Integer(), ForeignKey("claims.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("other_claim_id", Integer(), ForeignKey("claims.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("membership_id", Integer(), ForeignKey("memberships.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=True),
    Column("other_article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=True),
    Column("ids", Text(), nullable=False),
    Column("article_ids", Text(), nullable=False),
    Column("value_text", Text(), nullable=True),
    Column("other_value_text", Text(), nullable=True),
    Column("as_of", Date(), nullable=True),
    Column("reason", Text(), nullable=False),
    CheckConstraint("kind IN ('numeric', 'membership')", name="kind"),
)


fact_answers = Table(
    "fact_answers",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("subject_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("property_id", Integer(), ForeignKey("properties.id", ondelete="CASCADE"), nullable=False),
    Column("quantity", String(200), nullable=False),
    Column("quantity_rank", Integer(), nullable=False),
    Column("kind", String(60), nullable=True),
    Column("scope", String(12), nullable=False),
    Column("object", Text(), nullable=True),
    Column("overall", Boolean(), nullable=False),
    Column("valid_from", Date(), nullable=True),
    Column("valid_to", Date(), nullable=True),
    Column("low", Float(), nullable=True),
    Column("high", Float(), nullable=True),
    Column("low_inclusive", Boolean(), nullable=False),
    Column("high_inclusive", Boolean(), nullable=False),
    Column("unit", String(30), nullable=True),
    Column("method", String(12), nullable=False),
    Column("point", Float(), nullable=True),
    Column("point_above", Boolean(), nullable=False),
    Column("anchor", Date(), nullable=True),
    Column("supporting_articles", Integer(), nullable=False),
    Column("articles", Integer(), nullable=False),
    Column("newest_evidence", Date(), nullable=True),
    Column("oldest_evidence", Date(), nullable=True),
    Column("stale", Boolean(), nullable=False),
    CheckConstraint("method IN ('consensus', 'majority', 'plurality', 'none')", name="method"),
    Index("ix_fact_answers_subject_rank_valid_from", "subject_entity_id",
          "property_id", "quantity_rank", "valid_from"),
)


membership_status = Table(
    "membership_status",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("organization_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("member_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(20), nullable=False),
    Column("precision", String(10), nullable=False),
    Column("valid_from", Date(), nullable=False),
    Column("valid_to", Date(), nullable=True),
    Column("status", String(12), nullable=False),
    Column("history_status", String(10), nullable=True),
    Column("counts", Text(), nullable=False),  # "days after valid_from:supporting:contradicting;..."
    Column("history_from", Date(), nullable=True),
    Column("history_from_precision", String(10), nullable=True),
    Column("history_to", Date(), nullable=True),
    Column("history_to_precision", String(10), nullable=True),
    Column("history_source", Text(), nullable=True),
    CheckConstraint("precision IN ('day', 'month', 'year')", name="precision"),
    CheckConstraint(f"role IN ({_in(MEMBERSHIP_ROLES)})", name="role"),
    CheckConstraint("status IN ('confirmed', 'disputed', 'former')", name="status"),
    CheckConstraint("history_status IN ('member', 'former', 'not_yet')", name="history_status"),
    CheckConstraint("history_from_precision IN ('day', 'month', 'year', 'unknown')", name="history_from_precision"),
    CheckConstraint("history_to_precision IN ('day', 'month', 'year', 'unknown')", name="history_to_precision"),
    Index("ix_membership_status_org_precision_valid_from", "organization_entity_id",
          "precision", "valid_from"),
)


membership_evidence = Table(
    "membership_evidence",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("organization_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("member_entity_id", Integer(), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(20), nullable=False),
    Column("article_id", Integer(), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(12), nullable=False),
    Column("starts", Date(), nullable=False),
    Column("ends", Date(), nullable=False),
    CheckConstraint("kind IN ('support', 'contradict')", name="kind"),
    Index("ix_membership_evidence_org_kind_starts", "organization_entity_id", "kind", "starts", "ends",
          "member_entity_id", "role", "article_id"),
)


verdict_queue = Table(
    "verdict_queue",
    metadata,
    Column("key", String(120), primary_key=True),
)
