"""The pure part of loading: bytes -> text -> article -> extracted facts.

read -> decode -> parse metadata -> clean body -> extract (mentions, claims,
context, memberships) -> curated annotations. Every step is a plain function;
nothing here touches the database. :class:`Extractor` builds the compiled
matchers once and is reused for every article of a run.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import LoadError
from .records import Candidate, Claim, MembershipAssertion, Mention, ParsedArticle

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + WARC_SUFFIXES + FEED_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000
CURATED_FILES = ("registry.yml", "memberships.yml", "world.yml", "world_generated.yml")


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


@dataclass
class Discovery:
    """What a list of paths expands to.

    ``files``: article files to read, sorted, each once. ``skipped``: (path,
    reason) for entries that are not articles (another extension, a curated
    file, a pipe, socket or device). ``errors``: (path, reason) for paths that
    do not exist or cannot be read (an unreadable folder is a failure, never
    silently empty).
    """

    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def __iter__(self):  # (files, skipped, errors), as the older tuple result
        return iter((self.files, self.skipped, self.errors))


def display_path(path: str) -> str:
    """``path`` as text that any database can store: undecodable bytes of a name become ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def article_key(path: str) -> str:
    """The identity an article file is stored under: absolute, symlinks resolved, normalised.

    The same file reached from another working directory, through a symlink or
    as ``./a/../a/x.txt`` is one article.
    """
    return display_path(os.path.realpath(path))


def _special_kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def discover(paths: list[str]) -> Discovery:
    """Expand files and folders (recursively) into article files. Never opens a file.

    A folder's own curated files (``registry.yml``, ``memberships.yml``) are
    *not* used: they are skipped with a reason (pass them with ``--registry`` /
    ``--history``). Pipes, sockets and devices are skipped with a reason, so a
    load never blocks on one. A path that does not exist or a folder that
    cannot be read is an error, not a crash.
    """
    found = Discovery()
    files: list[str] = []

    def consider(full: str, name: str, explicit: bool) -> None:
        try:
            mode = os.stat(full).st_mode
        except OSError as exc:
            found.errors.append((display_path(full), f"cannot read: {exc.strerror or exc}"))
            return
        special = _special_kind(mode)
        if special:
            found.skipped.append((display_path(full), f"{special}, not a file"))
            return
        if explicit:
            files.append(full)  # named explicitly: try it whatever its extension
        elif name in CURATED_FILES:
            found.skipped.append((display_path(full), "curated file: pass it with --registry or --history to use it"))
        elif name.endswith(".meta.yml") or name == "__init__.py":
            return  # a sidecar or package marker, read with its article
        elif name.lower().endswith(ARTICLE_SUFFIXES):
            files.append(full)
        else:
            found.skipped.append((display_path(full), "not an article file (extension)"))

    for p in paths:
        path = Path(p)
        if not path.exists() and not path.is_symlink():
            found.errors.append((display_path(p), "no such file or folder"))
            continue
        if not path.is_dir():
            consider(str(path), path.name, explicit=True)
            continue

        def walk_error(exc: OSError) -> None:
            found.errors.append((display_path(exc.filename or p), f"cannot read folder: {exc.strerror or exc}"))

        for root, dirs, names in os.walk(path, onerror=walk_error):
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and d not in ("annotations", "__pycache__")
            )
            for name in sorted(names):
                if not name.startswith("."):
                    consider(os.path.join(root, name), name, explicit=False)
    seen: set[str] = set()
    # "seeds/", "./seeds" and "seeds//" name the same files: keep one spelling
    for f in (os.path.normpath(f) for f in files):
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            found.files.append(f)
    return found


def read_source(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    """Read a file's bytes, refusing unreadable paths and files over ``max_bytes``."""
    try:
        st = os.stat(path)
        special = _special_kind(st.st_mode)
        if special:
            raise LoadError(f"is {special}, not a file", path=display_path(path))
        size = st.st_size
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


def source_format(path: str) -> str:
    """``html``, ``warc``, ``feed`` by the name's ending; anything else is read as ``text``."""
    name = path.lower()
    for fmt, suffixes in (("html", HTML_SUFFIXES), ("warc", WARC_SUFFIXES), ("feed", FEED_SUFFIXES)):
        if name.endswith(suffixes):
            return fmt
    return "text"


def holds_many(path: str) -> bool:
    """A WARC file or a feed: one file, many articles (see :func:`read_items`)."""
    return source_format(path) in ("warc", "feed")


def parse_source(src: SourceFile, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """Decode and parse one file (front matter and sidecar included; a saved page by its markup).

    Raises :class:`~factdb.errors.NotAnArticle` for a page that is not an article.
    """
    from .parse.article import parse_article, read_sidecar
    from .parse.decode import decode_bytes

    if source_format(src.path) == "html":
        from .parse.decode import gunzip
        from .parse.html import parse_html

        raw = gunzip(src.raw, path=src.path, max_bytes=max_bytes) if src.path.lower().endswith(".gz") else src.raw
        return parse_html(raw, path=src.path, encoding=encoding)
    text = decode_bytes(src.raw, path=src.path, encoding=encoding)
    sidecar = read_sidecar(src.path)
    return parse_article(text, path=src.path, sidecar=sidecar)


@dataclass(frozen=True)
class SourceItem:
    """One article of a file that holds many: ``src.path`` is ``FILE#KEY`` (the WARC
    record's URL, the feed item's id), ``src.raw`` the item's own bytes."""

    src: SourceFile
    parse: Callable[[], ParsedArticle]  # raises NotAnArticle or LoadError


@dataclass(frozen=True)
class SkippedItem:
    """A part of a file that is not an article: ``reason`` says why; ``None`` is a
    WARC record that is not a page at all (a request, an image...), only counted."""

    path: str
    reason: str | None


def read_items(path: str, *, encoding: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceItem | SkippedItem]:
    """The articles of a WARC file or a feed, in file order, parsed lazily.

    Raises :class:`LoadError` when the file itself is unreadable, truncated or
    malformed, possibly after yielding items: write them all-or-nothing.
    ``max_bytes`` limits each page of a WARC (not the WARC) and a whole feed.
    """
    if source_format(path) == "warc":
        yield from _warc_items(path, encoding, max_bytes)
        return
    from .parse.feeds import item_article, read_feed

    src = read_source(path, max_bytes=max_bytes)
    for item in read_feed(src.raw, path=path, encoding=encoding, must_be_feed=not path.lower().endswith(".xml")):
        item_path = f"{path}#{item.key}"
        raw = item.fingerprint()
        yield SourceItem(
            SourceFile(item_path, raw, hashlib.sha256(raw).hexdigest()),
            lambda item=item, item_path=item_path: item_article(item, path=item_path),
        )


def _warc_items(path: str, encoding: str | None, max_bytes: int) -> Iterator[SourceItem | SkippedItem]:
    from .parse.html import parse_html
    from .parse.warc import read_warc

    seen: dict[str, int] = {}
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise LoadError(f"cannot read: {exc.strerror or exc}", path=path) from None
    with fh:
        for rec in read_warc(fh, path=path, max_bytes=max_bytes, size=os.fstat(fh.fileno()).st_size):
            if rec.kind != "page":
                yield SkippedItem(f"{path}@{rec.offset}", None)
                continue
            key = rec.url or rec.record_id or f"offset-{rec.offset}"
            seen[key] = seen.get(key, 0) + 1  # the same URL fetched again: FILE#URL#2
            item_path = f"{path}#{key}" if seen[key] == 1 else f"{path}#{key}#{seen[key]}"
            if rec.too_big:
                yield SkippedItem(item_path, f"page is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
            else:
                note = f"from WARC record {rec.record_id or 'at byte ' + str(rec.offset)}, fetched {rec.fetched}"
                yield SourceItem(
                    SourceFile(item_path, rec.payload, hashlib.sha256(rec.payload).hexdigest()),
                    lambda rec=rec, item_path=item_path, note=note: parse_html(
                        rec.payload, path=item_path, encoding=encoding, declared_charset=rec.charset,
                        url=rec.url, note=note),
                )


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
        # organizations that can have members: not a state organ (a ministry, a central bank)
        self.bodies = frozenset(e.name for e in registry.entities if e.kind == "organization" and not e.parent)
        self._ru_finder = None  # built on the first Russian article
        self.capitals = {e.capital: e.name for e in registry.entities if e.kind == "country" and e.capital}
        # who acts for a state: its capital ("Moscow will give ...") and its state organs
        self.stands_for = {
            e.capital: e.name for e in registry.entities if e.kind == "country" and e.capital
        }
        for e in registry.entities:
            parent = registry.entity(e.parent) if e.parent else None
            if e.kind == "organization" and parent is not None and parent.kind == "country":
                self.stands_for[e.name] = parent.name
        # who owns a unit or base, where a unit or city is, which currency an ISO code names
        from .extract.currencies import currency_facts
        from .extract.subjects import EntityFacts

        issuer, national, currency_names = currency_facts(registry.resolve)
        self.facts = EntityFacts(
            issuer=issuer, national=national, currency_names=currency_names,
            parent={e.name: e.parent for e in registry.entities if e.parent},
            located_in={e.name: e.located_in for e in registry.entities if e.located_in},
            currency={a.alias: e.name for e in registry.entities if e.kind == "currency"
                      for a in e.aliases if a.kind_of_alias == "abbreviation" and len(a.alias) == 3},
        )

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
            stands_for=self.stands_for, facts=self.facts,
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
            bodies=self.bodies,
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
            stands_for=self.stands_for, facts=self.facts, language="ru",
        )
        # "с 70 млн тонн до 67,6 млн тонн на 2008 год": both levels carry the change's date
        # (docs/annotation.md §2.3), so the level before keeps its as-of here
        memberships = extract_memberships_ru(
            body, mentions, self.kinds, article.published, article.date_precision,
            person_country=self.person_country, capitals=self.capitals, bodies=self.bodies,
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
