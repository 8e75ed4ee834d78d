"""Initial schema: outlets, articles, entities and aliases, mentions, properties,
claims, memberships, unresolved names, loader state.

Written by hand (reviewed against autogenerate, not copied from it). Frozen:
never edit a released revision; add a new one.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

PRECISION = "IN ('day', 'month', 'year', 'unknown')"

# The numeric-claim vocabulary is data, inserted here; users may add rows.
PROPERTIES = [
    ("troop_count", "people", "Soldiers, servicemen, personnel or fighters of a force, base or group."),
    ("fatalities", "people", "People killed: dead, death toll, lives lost."),
    ("monetary_amount", "money", "An amount of money in a currency (ISO 4217 unit)."),
    ("border_length", "length", "The length of a border between states."),
    ("distance", "length", "Any other length or distance."),
    ("duration", "time", "A span of time: a lease, a programme, a deployment."),
    ("member_count", "count", "How many members an organization has."),
    ("count", "count", "Any other counted thing; the counted noun is kept on the claim."),
    ("share", "fraction", "A part of a whole, as a fraction (15% is 0.15)."),
    ("exchange_rate", "money", "Price of a currency, in units of the quoting currency."),
]


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("domain", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
        sa.UniqueConstraint("name", name="uq_outlets_name"),
    )

    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(10), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("authors", sa.Text(), nullable=True),
        sa.Column("translator", sa.Text(), nullable=True),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("annotations_sha256", sa.String(64), nullable=True),
        sa.Column("metadata_note", sa.Text(), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"date_precision {PRECISION}", name="ck_articles_date_precision"),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name="fk_articles_outlet_id_outlets", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("source_path", name="uq_articles_source_path"),
        sa.UniqueConstraint("sha256", name="uq_articles_sha256"),
    )
    op.create_index("ix_articles_outlet_id", "articles", ["outlet_id"])
    op.create_index("ix_articles_published", "articles", ["published"])

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("wikidata_id", sa.String(20), nullable=True),
        sa.Column("country_entity_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('country', 'person', 'organization', 'city', 'region', 'military_unit',"
            " 'facility', 'armed_group', 'currency', 'event', 'other')",
            name="ck_entities_kind",
        ),
        sa.ForeignKeyConstraint(
            ["country_entity_id"],
            ["entities.id"],
            name="fk_entities_country_entity_id_entities",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_entities"),
        sa.UniqueConstraint("name", name="uq_entities_name"),
    )
    op.create_index("ix_entities_kind", "entities", ["kind"])

    op.create_table(
        "entity_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("normalized_key", sa.String(300), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("alias_kind", sa.String(30), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name="fk_entity_aliases_entity_id_entities",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_entity_aliases"),
        # one normalised key maps to one entity; the unique index serves lookups too
        sa.UniqueConstraint("normalized_key", name="uq_entity_aliases_normalized_key"),
    )
    op.create_index("ix_entity_aliases_entity_id", "entity_aliases", ["entity_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.CheckConstraint("span_end > span_start", name="ck_mentions_span"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_mentions_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name="fk_mentions_entity_id_entities", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mentions"),
    )
    op.create_index("ix_mentions_article_id_span_start", "mentions", ["article_id", "span_start"])
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])

    op.create_table(
        "unresolved_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.Column("normalized_key", sa.String(300), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_unresolved_names_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_unresolved_names"),
    )
    op.create_index("ix_unresolved_names_article_id", "unresolved_names", ["article_id"])
    op.create_index("ix_unresolved_names_normalized_key", "unresolved_names", ["normalized_key"])

    properties = op.create_table(
        "properties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("dimension", sa.String(50), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_properties"),
        sa.UniqueConstraint("name", name="uq_properties_name"),
    )
    op.bulk_insert(
        properties,
        [{"name": n, "dimension": d, "description": desc} for n, d, desc in PROPERTIES],
    )

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("property_id", sa.Integer(), nullable=False),
        sa.Column("subject_entity_id", sa.Integer(), nullable=True),
        sa.Column("subject_text", sa.Text(), nullable=True),
        sa.Column("subject_source", sa.String(20), nullable=True),
        sa.Column("object_entity_id", sa.Integer(), nullable=True),
        sa.Column("object_text", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("low_inclusive", sa.Boolean(), nullable=False),
        sa.Column("high_inclusive", sa.Boolean(), nullable=False),
        sa.Column("qualifier", sa.String(20), nullable=False),
        sa.Column("unit", sa.String(30), nullable=False),
        sa.Column("counted", sa.String(100), nullable=True),
        sa.Column("normalized_value", sa.Float(), nullable=True),
        sa.Column("normalized_unit", sa.String(30), nullable=True),
        sa.Column("rate", sa.Float(), nullable=True),
        sa.Column("rate_date", sa.Date(), nullable=True),
        sa.Column("rate_source", sa.String(100), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("as_of_precision", sa.String(10), nullable=True),
        sa.Column("modality", sa.String(20), nullable=False),
        sa.Column("change", sa.String(10), nullable=True),
        sa.Column("conversion_of_id", sa.Integer(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=True),
        sa.Column("quote_end", sa.Integer(), nullable=True),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("curation_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approx', 'at_least', 'more_than', 'at_most', 'less_than',"
            " 'up_to', 'range')",
            name="ck_claims_qualifier",
        ),
        sa.CheckConstraint("method IN ('rule', 'curated')", name="ck_claims_method"),
        sa.CheckConstraint("status IN ('extracted', 'confirmed', 'rejected')", name="ck_claims_status"),
        sa.CheckConstraint("change IN ('increase', 'decrease')", name="ck_claims_change"),
        sa.CheckConstraint(
            "modality IN ('reported', 'planned', 'estimated')", name="ck_claims_modality"
        ),
        sa.CheckConstraint(f"as_of_precision {PRECISION}", name="ck_claims_as_of_precision"),
        sa.CheckConstraint(
            "subject_source IN ('sentence', 'paragraph', 'headline', 'curated')",
            name="ck_claims_subject_source",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_claims_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["properties.id"],
            name="fk_claims_property_id_properties",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subject_entity_id"],
            ["entities.id"],
            name="fk_claims_subject_entity_id_entities",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["object_entity_id"],
            ["entities.id"],
            name="fk_claims_object_entity_id_entities",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["conversion_of_id"],
            ["claims.id"],
            name="fk_claims_conversion_of_id_claims",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
    )
    op.create_index("ix_claims_article_id", "claims", ["article_id"])
    op.create_index(
        "ix_claims_subject_entity_id_property_id", "claims", ["subject_entity_id", "property_id"]
    )
    op.create_index("ix_claims_property_id_as_of", "claims", ["property_id", "as_of"])
    op.create_index("ix_claims_object_entity_id", "claims", ["object_entity_id"])
    # deleting a claim checks who converts it: without this, re-extraction is quadratic
    op.create_index("ix_claims_conversion_of_id", "claims", ["conversion_of_id"])

    op.create_table(
        "memberships",
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
        sa.CheckConstraint("role IN ('member', 'chair', 'observer')", name="ck_memberships_role"),
        sa.CheckConstraint("method IN ('rule', 'curated')", name="ck_memberships_method"),
        sa.CheckConstraint(
            "status IN ('extracted', 'confirmed', 'rejected')", name="ck_memberships_status"
        ),
        sa.CheckConstraint(
            f"valid_from_precision {PRECISION}", name="ck_memberships_valid_from_precision"
        ),
        sa.CheckConstraint(f"valid_to_precision {PRECISION}", name="ck_memberships_valid_to_precision"),
        sa.ForeignKeyConstraint(
            ["member_entity_id"],
            ["entities.id"],
            name="fk_memberships_member_entity_id_entities",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_entity_id"],
            ["entities.id"],
            name="fk_memberships_organization_entity_id_entities",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_memberships_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
    )
    op.create_index("ix_memberships_member_entity_id", "memberships", ["member_entity_id"])
    op.create_index(
        "ix_memberships_organization_entity_id_role",
        "memberships",
        ["organization_entity_id", "role"],
    )
    op.create_index("ix_memberships_article_id", "memberships", ["article_id"])

    op.create_table(
        "loader_state",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_loader_state"),
    )


def downgrade() -> None:
    op.drop_table("loader_state")
    op.drop_table("memberships")
    op.drop_table("claims")
    op.drop_table("properties")
    op.drop_table("unresolved_names")
    op.drop_table("mentions")
    op.drop_table("entity_aliases")
    op.drop_table("entities")
    op.drop_table("articles")
    op.drop_table("outlets")
