"""The pure part of loading: bytes -> text -> article -> extracted facts.

read -> decode -> parse metadata -> clean body -> extract (mentions, claims,
context, memberships) -> curated annotations. Every step is a plain function;
nothing here touches the database. :class:`Extractor` builds the compiled
matchers once and is reused for every article of a run.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import LoadError
from .records import Candidate, Claim, MembershipAssertion, Mention, ParsedArticle

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
DEFAULT_MAX_BYTES = 5_000_000
CURATED_FILES = ("registry.yml", "memberships.yml")


@dataclass(frozen=True)
class SourceFile:
    """Raw bytes of one article file and their hash."""

    path: str
    raw: bytes
    sha256: str


@dataclass
class Extraction:
    """Everything extracted from one article (offsets into ``article.body``)."""

    article: ParsedArticle
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    memberships: list[MembershipAssertion] = field(default_factory=list)
    stale_annotations: list = field(default_factory=list)


def discover(paths: list[str]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into article files.

    Returns (article paths sorted, skipped paths with unknown extensions, errors).
    A path that does not exist is an error, not a crash.
    """
    files: list[str] = []
    skipped: list[str] = []
    errors: list[tuple[str, str]] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            errors.append((p, "no such file or folder"))
            continue
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in ("annotations", "__pycache__")
                )
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if name.startswith("."):
                        continue
                    if name.endswith(".meta.yml") or name in CURATED_FILES or name == "__init__.py":
                        continue
                    if name.lower().endswith(ARTICLE_SUFFIXES):
                        files.append(full)
                    else:
                        skipped.append(full)
        else:
            files.append(str(path))  # named explicitly: try it whatever its extension
    seen: set[str] = set()
    unique = []
    # "seeds/", "./seeds" and "seeds//" name the same files: store one spelling
    files = [os.path.normpath(f) for f in files]
    for f in files:
        key = os.path.abspath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped, errors


def read_source(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read a file's bytes, refusing unreadable paths and files over ``max_bytes``."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise LoadError(
                f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise it with --max-bytes)",
                path=path,
            )
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except LoadError:
        raise
    except IsADirectoryError:
        raise LoadError("is a folder, not a file", path=path) from None
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if len(raw) > max_bytes:
        raise LoadError(f"file is over the {max_bytes:,}-byte limit (raise it with --max-bytes)", path=path)
    return SourceFile(path=path, raw=raw, sha256=hashlib.sha256(raw).hexdigest())


def parse_source(src: SourceFile, *, encoding: str | None = None) -> ParsedArticle:
    """Decode and parse one file (front matter and sidecar included)."""
    from .parse.article import parse_article, read_sidecar
    from .parse.decode import decode_bytes

    text = decode_bytes(src.raw, path=src.path, encoding=encoding)
    sidecar = read_sidecar(src.path)
    return parse_article(text, path=src.path, sidecar=sidecar)


def annotation_path(article_path: str) -> str:
    """Curated annotations for ``dir/NAME.ext`` live in ``dir/annotations/NAME.yml``."""
    p = Path(article_path)
    return str(p.parent / "annotations" / f"{p.stem}.yml")


class Extractor:
    """Compiled matchers for one registry, reused for every article of a run."""

    def __init__(self, registry):
        from .extract.mentions import MentionFinder

        self.registry = registry
        self.finder = MentionFinder(registry)
        self.kinds = {e.name: e.kind for e in registry.entities}
        # a person's country, for chairs ("chaired by Tajikistan's President ...")
        self.person_country = {
            e.name: e.parent for e in registry.entities if e.kind == "person" and e.parent
        }
        self.usd_name = registry.resolve("USD")
        self._ru_finder = None  # built on the first Russian article
        self.capitals = {e.capital: e.name for e in registry.entities if e.kind == "country" and e.capital}
        self.currency_names = {
            al.alias: e.name for e in registry.entities if e.kind == "currency"
            for al in e.aliases if al.kind_of_alias == "abbreviation" and len(al.alias) == 3 and al.alias.isupper()
        }
        # who acts for a state: its capital ("Moscow will give ...") and its state organs
        self.stands_for = {
            e.capital: e.name for e in registry.entities if e.kind == "country" and e.capital
        }
        for e in registry.entities:
            parent = registry.entity(e.parent) if e.parent else None
            if e.kind == "organization" and parent is not None and parent.kind == "country":
                self.stands_for[e.name] = parent.name

    def extract(self, article: ParsedArticle, *, annotations=None) -> Extraction:
        """Mentions, candidates, claims with context, memberships; then annotations."""
        from .extract.claims import extract_claims
        from .extract.context import complete_claims
        from .extract.memberships import extract_memberships

        from .extract.casefold import ascii_twins, has_traps

        if has_traps(article.body):
            # match on a same-length copy without "ſ", "ı"... then quote the original text
            twin = replace(article, body=ascii_twins(article.body))
            return _requote(self.extract(twin, annotations=annotations), article)
        body = article.body
        if article.language == "ru":
            return self._extract_russian(article, annotations)
        mentions = self.finder.find(body)
        candidates = self.finder.candidates(body, mentions)
        claims = extract_claims(body)
        claims = complete_claims(
            body, claims, mentions, self.kinds, article.published, article.date_precision,
            stands_for=self.stands_for,
        )
        # "rose from 24 to 36": 24 is the level before the stated date, date unknown
        claims = [
            replace(c, as_of=None, as_of_precision=None) if c.extras.get("previous_level") else c
            for c in claims
        ]
        memberships = extract_memberships(
            body,
            mentions,
            self.kinds,
            article.published,
            article.date_precision,
            person_country=self.person_country,
        )
        return self._finish(Extraction(article, mentions, candidates, claims, memberships), annotations)

    def _extract_russian(self, article: ParsedArticle, annotations) -> Extraction:
        """The same stages with the Russian readers (pymorphy3 is loaded on the first Russian article)."""
        from .extract.context import complete_claims
        from .extract.ru.claims import extract_claims_ru
        from .extract.ru.memberships import extract_memberships_ru
        from .extract.ru.mentions import RussianMentionFinder

        if self._ru_finder is None:
            self._ru_finder = RussianMentionFinder(self.registry)
        body = article.body
        mentions = self._ru_finder.find(body)
        candidates = self._ru_finder.candidates(body, mentions)
        claims = extract_claims_ru(body)
        claims = complete_claims(
            body, claims, mentions, self.kinds, article.published, article.date_precision,
            stands_for=self.stands_for, language="ru", currencies=self.currency_names,
        )
        # "с 70 млн тонн до 67,6 млн тонн на 2008 год": both levels carry the change's date
        # (docs/annotation.md §2.3), so the level before keeps its as-of here
        memberships = extract_memberships_ru(
            body, mentions, self.kinds, article.published, article.date_precision,
            person_country=self.person_country, capitals=self.capitals,
        )
        return self._finish(Extraction(article, mentions, candidates, claims, memberships), annotations)

    def _finish(self, result: Extraction, annotations) -> Extraction:
        body = result.article.body
        claims = result.claims
        if annotations:
            from .annotations import apply_annotations

            applied = apply_annotations(body, claims, annotations)
            result.claims = [self._resolve_curated(c) for c in applied.claims]
            result.stale_annotations = list(applied.stale)
        return result

    def _resolve_curated(self, claim: Claim) -> Claim:
        """Curators may name subjects and objects by any alias: map them to canonical names."""
        changes = {}
        for name_field, flag in (("subject", "subject_resolved"), ("object", "object_resolved")):
            value = getattr(claim, name_field)
            if value and getattr(claim, flag):
                canonical = self.registry.resolve(value)
                changes[name_field] = canonical or value
                changes[flag] = canonical is not None
        return replace(claim, **changes) if changes else claim


def _requote(ex: Extraction, article: ParsedArticle) -> Extraction:
    """Put the original text back into the quotes and surfaces of ``ex`` (offsets are equal)."""
    body = article.body
    ex.article = article
    ex.mentions = [replace(m, surface=body[m.start:m.end]) for m in ex.mentions]
    ex.candidates = [replace(c, surface=body[c.start:c.end]) for c in ex.candidates]
    ex.claims = [replace(c, quote=body[c.quote_start:c.quote_end]) for c in ex.claims]
    ex.memberships = [replace(m, quote=body[m.quote_start:m.quote_end]) for m in ex.memberships]
    return ex
