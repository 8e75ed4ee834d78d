"""Plain records passed between the pure pipeline stages and the store.

Nothing here imports SQLAlchemy: parsing and extraction produce these frozen
dataclasses, and :mod:`factdb.store` turns them into rows. Offsets are always
character offsets into :attr:`ParsedArticle.body` (Python ``str`` indices).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

DATE_PRECISIONS = ("day", "month", "year", "unknown")

ENTITY_KINDS = (
    "country",
    "person",
    "organization",
    "city",
    "region",
    "military_unit",
    "facility",
    "armed_group",
    "currency",
    "event",
    "other",
)

QUALIFIERS = ("exact", "approx", "at_least", "more_than", "at_most", "less_than", "up_to", "range")

PROPERTIES = (
    "troop_count",
    "fatalities",
    "monetary_amount",
    "border_length",
    "distance",
    "duration",
    "member_count",
    "count",
    "share",
    "exchange_rate",
    "quantity",  # any other quantity, with its pint-style unit ("percent", "USD/barrel", "year")
)

# How a claim or membership row came to be, and its review state.
METHODS = ("rule", "curated")
REVIEW_STATUSES = ("extracted", "confirmed", "rejected")
# A claim's modality, its change direction (None: a level), where its subject was found.
MODALITIES = ("reported", "planned", "estimated")
CHANGES = ("increase", "decrease")
SUBJECT_SOURCES = ("sentence", "paragraph", "headline", "curated")

# Where a member stands (docs/annotation.md §7.2): in, invited but not yet in,
# suspended or frozen, left, stated not to be a member; "contested" only in the
# curated history, where sources disagree (a note says who says what).
MEMBERSHIP_STATUSES = ("active", "pending", "suspended", "frozen", "former", "negated", "contested")
# Roles in an organisation: "partner" (BRICS partner countries, SCO dialogue
# partners), "associate" (Turkmenistan in the CIS), "applicant" (applied, not admitted).
MEMBERSHIP_ROLES = ("member", "chair", "observer", "partner", "associate", "applicant")
# The statuses a curated history row may carry.
HISTORY_STATUSES = ("active", "suspended", "frozen", "contested")

# What part of a quantity a claim states (factdb.agreement.identity.scope_of):
# only wholes are compared with each other.
SCOPES = ("whole", "part", "component", "instalment", "section")


@dataclass(frozen=True)
class ParsedArticle:
    """An article file read, decoded, with metadata parsed and the body cleaned.

    ``body`` is the text every span points into. It starts with the headline
    (``title``) as its first paragraph, followed by the article's paragraphs
    separated by a blank line, with boilerplate removed. The same raw bytes
    always give the same body.
    """

    title: str
    body: str
    published: _dt.date | None = None
    date_precision: str = "unknown"  # one of DATE_PRECISIONS
    outlet: str | None = None
    outlet_domain: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    translator: str | None = None
    language: str = "en"
    metadata_note: str | None = None  # where overridden values came from


@dataclass(frozen=True)
class Mention:
    """An entity found in the body: ``body[start:end] == surface``."""

    entity: str  # canonical name of the registry entity
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Candidate:
    """A name that looks like an entity but is not in the registry."""

    surface: str
    start: int
    end: int
    sentence: str


@dataclass(frozen=True)
class Claim:
    """A numeric claim read from text.

    ``body[start:end]`` is exactly the number expression (hedge word
    excluded, unit/currency included where adjacent); ``quote`` is the whole
    sentence, ``body[quote_start:quote_end] == quote``.
    """

    property: str
    value: float
    qualifier: str
    unit: str
    start: int
    end: int
    quote: str
    quote_start: int
    quote_end: int
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    counted: str | None = None  # the counted noun for unit "count"/"person"
    normalized_value: float | None = None
    normalized_unit: str | None = None
    confidence: float = 0.8
    # Filled by context resolution ("Numeric claims II"); None until then.
    subject: str | None = None  # canonical entity name, or raw text if unresolved
    subject_resolved: bool = False
    subject_source: str | None = None  # sentence | paragraph | headline
    object: str | None = None
    object_resolved: bool = False
    as_of: _dt.date | None = None
    as_of_precision: str | None = None
    modality: str = "reported"  # reported | planned | estimated
    change: str | None = None  # increase | decrease | None for a level
    conversion_of: int | None = None  # index of the claim (same article) this converts
    extras: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class MembershipAssertion:
    """A membership stated in text."""

    member: str  # canonical entity name
    organization: str  # canonical entity name
    role: str  # member | chair | observer
    start: int  # span of the member's mention
    end: int
    quote: str
    quote_start: int
    quote_end: int
    complete_list: bool = False  # the list presents itself as complete
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None
    date_precision: str | None = None
    negated: bool = False  # "left", "suspended its membership"
    confidence: float = 0.8
    # one of MEMBERSHIP_STATUSES as the wording states it (docs/annotation.md §7.2); None where the
    # extractor does not tell (then ``negated`` alone says whether the member is in)
    status: str | None = None
