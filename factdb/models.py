"""SQLAlchemy 2.x typed declarative models.

These describe the schema for the application code. The schema itself is owned
by the Alembic migrations in ``migrations/versions``; ``tests/test_migrations.py``
proves the two agree on SQLite and PostgreSQL. Migrations never import this
module (a later model edit must not rewrite history).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PRECISION_CHECK = "IN ('day', 'month', 'year', 'unknown')"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Outlet(Base):
    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200))


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        CheckConstraint(f"date_precision {PRECISION_CHECK}", name="date_precision"),
        Index("ix_articles_published", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet_id: Mapped[int | None] = mapped_column(
        ForeignKey("outlets.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default="unknown")
    url: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[str | None] = mapped_column(Text)  # "; "-separated, in byline order
    translator: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en")
    body: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str] = mapped_column(Text, unique=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # sha256 of the curated annotation file applied at the last extraction ("" = none)
    annotations_sha256: Mapped[str | None] = mapped_column(String(64))
    metadata_note: Mapped[str | None] = mapped_column(Text)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    outlet: Mapped[Outlet | None] = relationship()


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('country', 'person', 'organization', 'city', 'region', 'military_unit',"
            " 'facility', 'armed_group', 'currency', 'event', 'other')",
            name="kind",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    wikidata_id: Mapped[str | None] = mapped_column(String(20))
    country_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL")
    )

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", passive_deletes=True
    )


class EntityAlias(Base):
    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    normalized_key: Mapped[str] = mapped_column(String(300), unique=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    alias_kind: Mapped[str] = mapped_column(String(30), default="name")

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    __tablename__ = "mentions"
    __table_args__ = (
        CheckConstraint("span_end > span_start", name="span"),
        Index("ix_mentions_article_id_span_start", "article_id", "span_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    surface: Mapped[str] = mapped_column(Text)


class UnresolvedName(Base):
    """A capitalised name or acronym that is not in the registry: material for curation."""

    __tablename__ = "unresolved_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    surface: Mapped[str] = mapped_column(Text)
    normalized_key: Mapped[str] = mapped_column(String(300), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)


class Property(Base):
    __tablename__ = "properties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    dimension: Mapped[str] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(
            "qualifier IN ('exact', 'approx', 'at_least', 'more_than', 'at_most', 'less_than',"
            " 'up_to', 'range')",
            name="qualifier",
        ),
        CheckConstraint("method IN ('rule', 'curated')", name="method"),
        CheckConstraint("status IN ('extracted', 'confirmed', 'rejected')", name="status"),
        CheckConstraint("change IN ('increase', 'decrease')", name="change"),
        CheckConstraint("modality IN ('reported', 'planned', 'estimated')", name="modality"),
        CheckConstraint(f"as_of_precision {PRECISION_CHECK}", name="as_of_precision"),
        CheckConstraint(
            "subject_source IN ('sentence', 'paragraph', 'headline', 'curated')",
            name="subject_source",
        ),
        Index("ix_claims_subject_entity_id_property_id", "subject_entity_id", "property_id"),
        Index("ix_claims_property_id_as_of", "property_id", "as_of"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    property_id: Mapped[int] = mapped_column(ForeignKey("properties.id", ondelete="RESTRICT"))
    subject_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL")
    )
    subject_text: Mapped[str | None] = mapped_column(Text)
    subject_source: Mapped[str | None] = mapped_column(String(20))
    object_entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    object_text: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    low_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    high_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    qualifier: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(30))
    counted: Mapped[str | None] = mapped_column(String(100))
    normalized_value: Mapped[float | None] = mapped_column(Float)
    normalized_unit: Mapped[str | None] = mapped_column(String(30))
    rate: Mapped[float | None] = mapped_column(Float)
    rate_date: Mapped[dt.date | None] = mapped_column(Date)
    rate_source: Mapped[str | None] = mapped_column(String(100))
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    as_of_precision: Mapped[str | None] = mapped_column(String(10))
    modality: Mapped[str] = mapped_column(String(20), default="reported")
    change: Mapped[str | None] = mapped_column(String(10))
    conversion_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="SET NULL")
    )
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10), default="rule")
    status: Mapped[str] = mapped_column(String(10), default="extracted")
    confidence: Mapped[float] = mapped_column(Float, default=0.8)
    curation_note: Mapped[str | None] = mapped_column(Text)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint("role IN ('member', 'chair', 'observer')", name="role"),
        CheckConstraint("method IN ('rule', 'curated')", name="method"),
        CheckConstraint("status IN ('extracted', 'confirmed', 'rejected')", name="status"),
        CheckConstraint(f"valid_from_precision {PRECISION_CHECK}", name="valid_from_precision"),
        CheckConstraint(f"valid_to_precision {PRECISION_CHECK}", name="valid_to_precision"),
        Index("ix_memberships_organization_entity_id_role", "organization_entity_id", "role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), index=True
    )
    organization_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(20), default="member")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_from_precision: Mapped[str | None] = mapped_column(String(10))
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    valid_to_precision: Mapped[str | None] = mapped_column(String(10))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    quote: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    complete_list: Mapped[bool] = mapped_column(Boolean, default=False)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(String(10), default="rule")
    status: Mapped[str] = mapped_column(String(10), default="extracted")
    confidence: Mapped[float] = mapped_column(Float, default=0.8)
    source_note: Mapped[str | None] = mapped_column(Text)


class LoaderState(Base):
    """Small key/value facts the loader keeps between runs (registry fingerprints)."""

    __tablename__ = "loader_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "Base",
    "Outlet",
    "Article",
    "Entity",
    "EntityAlias",
    "Mention",
    "UnresolvedName",
    "Property",
    "Claim",
    "Membership",
    "LoaderState",
    "UniqueConstraint",
]
