"""Typed ORM classes (SQLAlchemy 2.x declarative) over the tables in :mod:`factdb.tables`.

For notebook and library users who prefer objects to rows::

    from sqlalchemy.orm import Session
    from factdb.models import Claim
    with Session(factdb.connect().db.engine) as s:
        s.query(Claim).filter(Claim.qualifier == "more_than").all()

Each class is mapped onto its Core table ("declarative with imperative
table"), so there is one schema definition in code and the application's hot
paths never import the ORM. ``Base.metadata`` is :data:`factdb.tables.metadata`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from . import tables
from .tables import NAMING_CONVENTION, metadata

__all__ = [
    "Base", "Outlet", "Article", "Entity", "EntityAlias", "Mention", "UnresolvedName", "Property",
    "Claim", "Membership", "LoaderState", "NAMING_CONVENTION", "ClaimIdentity", "ConflictRow", "FactAnswer",
    "MembershipStatus", "MembershipEvidence", "VerdictQueue",
]


class Base(DeclarativeBase):
    metadata = metadata


class Outlet(Base):
    __table__ = tables.outlets

    id: Mapped[int]
    name: Mapped[str]
    domain: Mapped[str | None]


class Article(Base):
    __table__ = tables.articles

    id: Mapped[int]
    outlet_id: Mapped[int | None]
    title: Mapped[str]
    published: Mapped[dt.date | None]
    date_precision: Mapped[str]
    url: Mapped[str | None]
    authors: Mapped[str | None]
    translator: Mapped[str | None]
    language: Mapped[str]
    body: Mapped[str]
    source_path: Mapped[str]
    sha256: Mapped[str]
    annotations_sha256: Mapped[str | None]
    metadata_note: Mapped[str | None]
    loaded_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime | None]

    outlet: Mapped[Outlet | None] = relationship()


class Entity(Base):
    __table__ = tables.entities

    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]
    description: Mapped[str | None]
    wikidata_id: Mapped[str | None]
    country_entity_id: Mapped[int | None]

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", passive_deletes=True
    )


class EntityAlias(Base):
    __table__ = tables.entity_aliases

    id: Mapped[int]
    entity_id: Mapped[int]
    alias: Mapped[str]
    normalized_key: Mapped[str]
    language: Mapped[str]
    alias_kind: Mapped[str]

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Mention(Base):
    __table__ = tables.mentions

    id: Mapped[int]
    article_id: Mapped[int]
    entity_id: Mapped[int]
    span_start: Mapped[int]
    span_end: Mapped[int]
    surface: Mapped[str]


class UnresolvedName(Base):
    """A capitalised name or acronym that is not in the registry: material for curation."""

    __table__ = tables.unresolved_names

    id: Mapped[int]
    article_id: Mapped[int]
    surface: Mapped[str]
    normalized_key: Mapped[str]
    span_start: Mapped[int]
    span_end: Mapped[int]
    sentence: Mapped[str]


class Property(Base):
    __table__ = tables.properties

    id: Mapped[int]
    name: Mapped[str]
    dimension: Mapped[str]
    description: Mapped[str | None]


class Claim(Base):
    __table__ = tables.claims

    id: Mapped[int]
    article_id: Mapped[int]
    property_id: Mapped[int]
    subject_entity_id: Mapped[int | None]
    subject_text: Mapped[str | None]
    subject_source: Mapped[str | None]
    object_entity_id: Mapped[int | None]
    object_text: Mapped[str | None]
    value: Mapped[float]
    low: Mapped[float | None]
    high: Mapped[float | None]
    low_inclusive: Mapped[bool]
    high_inclusive: Mapped[bool]
    qualifier: Mapped[str]
    unit: Mapped[str]
    counted: Mapped[str | None]
    normalized_value: Mapped[float | None]
    normalized_unit: Mapped[str | None]
    rate: Mapped[float | None]
    rate_date: Mapped[dt.date | None]
    rate_source: Mapped[str | None]
    as_of: Mapped[dt.date | None]
    as_of_precision: Mapped[str | None]
    modality: Mapped[str]
    change: Mapped[str | None]
    conversion_of_id: Mapped[int | None]
    quote: Mapped[str]
    span_start: Mapped[int]
    span_end: Mapped[int]
    quote_start: Mapped[int | None]
    quote_end: Mapped[int | None]
    method: Mapped[str]
    status: Mapped[str]
    confidence: Mapped[float]
    curation_note: Mapped[str | None]

    article: Mapped[Article] = relationship()
    property: Mapped[Property] = relationship()


class Membership(Base):
    __table__ = tables.memberships

    id: Mapped[int]
    member_entity_id: Mapped[int]
    organization_entity_id: Mapped[int]
    role: Mapped[str]
    valid_from: Mapped[dt.date | None]
    valid_from_precision: Mapped[str | None]
    valid_to: Mapped[dt.date | None]
    valid_to_precision: Mapped[str | None]
    article_id: Mapped[int | None]
    quote: Mapped[str | None]
    span_start: Mapped[int | None]
    span_end: Mapped[int | None]
    complete_list: Mapped[bool]
    negated: Mapped[bool]
    method: Mapped[str]
    status: Mapped[str]
    confidence: Mapped[float]
    source_note: Mapped[str | None]


class LoaderState(Base):
    """Small key/value facts the loader keeps between runs (registry fingerprints)."""

    __table__ = tables.loader_state

    key: Mapped[str]
    value: Mapped[str]


# ---------------------------------------------------------------- stored verdicts (read-only for users:
# factdb.verdicts rewrites them at load; edit claims or annotations instead)


class ClaimIdentity(Base):
    """What a claim is about (scope, kind, headline) and its interval in the canonical unit."""

    __table__ = tables.claim_identity

    claim_id: Mapped[int]
    scope: Mapped[str]
    kind: Mapped[str | None]
    headline: Mapped[bool]


class ConflictRow(Base):
    """One stored numeric or membership conflict."""

    __table__ = tables.conflicts

    id: Mapped[int]
    kind: Mapped[str]
    rule: Mapped[str]
    reason: Mapped[str]


class FactAnswer(Base):
    """The answer for a subject, property and quantity over a span of dates."""

    __table__ = tables.fact_answers

    id: Mapped[int]
    valid_from: Mapped[dt.date | None]
    valid_to: Mapped[dt.date | None]
    method: Mapped[str]


class MembershipStatus(Base):
    """A member's status for queries of one precision over a span of dates."""

    __table__ = tables.membership_status

    id: Mapped[int]
    status: Mapped[str]


class MembershipEvidence(Base):
    """Days for whose queries an article supports or contradicts a membership."""

    __table__ = tables.membership_evidence

    id: Mapped[int]


class VerdictQueue(Base):
    """Keys whose verdicts wait to be recomputed."""

    __table__ = tables.verdict_queue

    key: Mapped[str]
