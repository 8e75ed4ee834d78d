"""The curated entity registry: loading, validation, alias resolution, suggestions.

The registry is a YAML list of entities (format in ``docs/entities.md``).
:func:`load_registry` validates the whole file before returning, so a caller
that loads the registry first writes nothing when it is broken; every
:class:`~factdb.errors.RegistryError` carries the file and the 1-based line of
the offending entry. Pure: no database access.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import yaml

from factdb.errors import RegistryError
from factdb.normalize import alias_key
from factdb.records import ENTITY_KINDS

__all__ = [
    "ALIAS_KINDS",
    "Registry",
    "RegistryAlias",
    "RegistryEntity",
    "load_registry",
    "parse_registry",
    "suggest",
]

# YAML list field -> kind_of_alias recorded for each item of that list.
ALIAS_FIELDS = {
    "aliases": "name",
    "former_names": "former_name",
    "abbreviations": "abbreviation",
    "demonyms": "demonym",
    "locatives": "locative",
}
ALIAS_KINDS = ("name", "former_name", "abbreviation", "demonym", "locative")
_REF_FIELDS = ("capital", "parent", "located_in")  # values name another entity
_SCALAR_FIELDS = ("name", "kind", "description", "wikidata", *_REF_FIELDS)
_KNOWN_FIELDS = frozenset(_SCALAR_FIELDS) | frozenset(ALIAS_FIELDS) | {"between"}
_ALIAS_ITEM_FIELDS = frozenset({"alias", "lang", "match_case"})
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f]")
_SHORT_CAPS_RE = re.compile(r"[A-ZА-ЯЁ]{1,3}")


@dataclass(frozen=True)
class RegistryAlias:
    """One way of writing an entity's name.

    ``key`` is ``alias_key(alias)``. ``match_case``: the mention finder only
    accepts a surface whose letters are all capitals (set automatically for
    all-capital aliases of at most three letters, e.g. ``IS``, ``US``).
    """

    alias: str
    language: str
    key: str
    kind_of_alias: str  # one of ALIAS_KINDS
    match_case: bool = False


@dataclass(frozen=True)
class RegistryEntity:
    """A curated entity. ``aliases`` starts with the canonical name itself."""

    name: str
    kind: str  # one of records.ENTITY_KINDS
    description: str | None
    wikidata: str | None
    aliases: tuple[RegistryAlias, ...]
    capital: str | None = None  # countries: canonical name of the capital city
    parent: str | None = None  # owner/operator (a base's country, a ministry's state)
    located_in: str | None = None  # where a facility/unit/city is
    between: tuple[str, ...] = ()  # borders: the countries on either side
    line: int = 0  # line of the entry in the registry file


@dataclass(frozen=True)
class Registry:
    """A validated registry. ``by_key`` maps every alias key to a canonical name."""

    entities: tuple[RegistryEntity, ...]
    by_key: dict[str, str]
    fingerprint: str  # sha256 hex of the file bytes
    path: str | None = None
    _by_name: dict[str, RegistryEntity] = field(default_factory=dict, repr=False, compare=False)
    _alias_by_key: dict[str, RegistryAlias] = field(default_factory=dict, repr=False, compare=False)

    def resolve(self, name: str) -> str | None:
        """Canonical name for any alias in any case/accenting, else ``None``."""
        return self.by_key.get(alias_key(name))

    def entity(self, name: str) -> RegistryEntity | None:
        """The entity for any alias of it, else ``None``."""
        canonical = self.resolve(name)
        return self._by_name[canonical] if canonical else None

    def alias(self, text: str) -> RegistryAlias | None:
        """The registry alias whose key equals ``alias_key(text)`` (tells a demonym from a name)."""
        return self._alias_by_key.get(alias_key(text))

    def alias_for_key(self, key: str) -> RegistryAlias | None:
        """The alias registered under an already-normalised key."""
        return self._alias_by_key.get(key)

    def capital_of(self, city: str) -> str | None:
        """The country whose registry entry names ``city`` as capital (for metonymy), else ``None``."""
        canonical = self.resolve(city)
        for ent in self.entities:
            if ent.capital is not None and ent.capital == canonical:
                return ent.name
        return None

    def __len__(self) -> int:
        return len(self.entities)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node, what: str, path: str | None) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise RegistryError(f"{what} must be a non-empty text value", path=path, line=_line(node))
    return str(node.value).strip()


def _parse_alias(node: yaml.Node, kind_of_alias: str, path: str | None) -> RegistryAlias:
    lang = None
    match_case = None
    if isinstance(node, yaml.MappingNode):
        fields = {}
        for k, v in node.value:
            key = _scalar(k, "alias field name", path)
            if key not in _ALIAS_ITEM_FIELDS:
                raise RegistryError(
                    f"unknown alias field {key!r}; use one of {sorted(_ALIAS_ITEM_FIELDS)}",
                    path=path, line=_line(k),
                )
            fields[key] = v
        if "alias" not in fields:
            raise RegistryError("alias mapping without 'alias:'", path=path, line=_line(node))
        text = _scalar(fields["alias"], "alias", path)
        if "lang" in fields:
            lang = _scalar(fields["lang"], "lang", path)
        if "match_case" in fields:
            value = _scalar(fields["match_case"], "match_case", path).lower()
            if value not in ("true", "false"):
                raise RegistryError("match_case must be true or false", path=path, line=_line(node))
            match_case = value == "true"
    else:
        text = _scalar(node, "alias", path)
    key = alias_key(text)
    if not key:
        raise RegistryError(f"alias {text!r} has no letters or digits", path=path, line=_line(node))
    if lang is None:
        lang = "ru" if _CYRILLIC_RE.search(text) else "en"
    if match_case is None:
        match_case = bool(_SHORT_CAPS_RE.fullmatch(text.replace(".", "")))
    return RegistryAlias(text, lang, key, kind_of_alias, match_case)


def _parse_entry(node: yaml.Node, path: str | None) -> RegistryEntity:
    if not isinstance(node, yaml.MappingNode):
        raise RegistryError(
            "each registry entry must be a mapping with at least 'name:' and 'kind:'",
            path=path, line=_line(node),
        )
    values: dict[str, yaml.Node] = {}
    for k, v in node.value:
        key = _scalar(k, "field name", path)
        if key not in _KNOWN_FIELDS:
            raise RegistryError(
                f"unknown field {key!r}; known fields: {', '.join(sorted(_KNOWN_FIELDS))}",
                path=path, line=_line(k),
            )
        if key in values:
            raise RegistryError(f"field {key!r} given twice", path=path, line=_line(k))
        values[key] = v
    for required in ("name", "kind"):
        if required not in values:
            raise RegistryError(f"entry without '{required}:'", path=path, line=_line(node))
    name = _scalar(values["name"], "name", path)
    kind = _scalar(values["kind"], "kind", path)
    if kind not in ENTITY_KINDS:
        raise RegistryError(
            f"unknown kind {kind!r} for {name!r}; use one of {', '.join(ENTITY_KINDS)}",
            path=path, line=_line(values["kind"]),
        )
    wikidata = None
    if "wikidata" in values:
        wikidata = _scalar(values["wikidata"], "wikidata", path)
        if not _WIKIDATA_RE.fullmatch(wikidata):
            raise RegistryError(
                f"wikidata id {wikidata!r} for {name!r} is not of the form Q123 (omit it if unsure)",
                path=path, line=_line(values["wikidata"]),
            )
    description = _scalar(values["description"], "description", path) if "description" in values else None
    refs = {f: _scalar(values[f], f, path) for f in _REF_FIELDS if f in values}
    between: tuple[str, ...] = ()
    if "between" in values:
        bnode = values["between"]
        if not isinstance(bnode, yaml.SequenceNode):
            raise RegistryError("'between' must be a list of entity names", path=path, line=_line(bnode))
        between = tuple(_scalar(n, "between item", path) for n in bnode.value)
    aliases = [RegistryAlias(name, "ru" if _CYRILLIC_RE.search(name) else "en", alias_key(name), "name")]
    if not aliases[0].key:
        raise RegistryError(f"name {name!r} has no letters or digits", path=path, line=_line(values["name"]))
    for list_field, kind_of_alias in ALIAS_FIELDS.items():
        if list_field not in values:
            continue
        lnode = values[list_field]
        if not isinstance(lnode, yaml.SequenceNode):
            raise RegistryError(f"'{list_field}' must be a list", path=path, line=_line(lnode))
        aliases.extend(_parse_alias(item, kind_of_alias, path) for item in lnode.value)
    return RegistryEntity(
        name=name, kind=kind, description=description, wikidata=wikidata,
        aliases=tuple(aliases), between=between, line=_line(node), **refs,
    )


def parse_registry(data: bytes | str, path: str | None = None) -> Registry:
    """Parse and validate registry YAML text. Raises :class:`RegistryError` with a line."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryError(f"registry is not UTF-8 (byte {exc.start})", path=path) from None
    try:
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RegistryError(
            f"YAML syntax error: {exc.problem or exc.context}",
            path=path, line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"YAML error: {exc}", path=path) from None
    if root is None:
        raise RegistryError("registry is empty; expected a list of entities", path=path, line=1)
    if not isinstance(root, yaml.SequenceNode):
        raise RegistryError("registry must be a YAML list of entities", path=path, line=_line(root))

    entities: list[RegistryEntity] = []
    by_name: dict[str, RegistryEntity] = {}
    by_key: dict[str, str] = {}
    alias_by_key: dict[str, RegistryAlias] = {}
    key_line: dict[str, int] = {}
    for node in root.value:
        ent = _parse_entry(node, path)
        if ent.name in by_name:
            raise RegistryError(
                f"entity {ent.name!r} defined twice (first at line {by_name[ent.name].line})",
                path=path, line=ent.line,
            )
        alias_nodes = _alias_lines(node)
        for i, al in enumerate(ent.aliases):
            owner = by_key.get(al.key)
            line = alias_nodes[i] if i < len(alias_nodes) else ent.line
            if owner is not None and owner != ent.name:
                raise RegistryError(
                    f"alias {al.alias!r} of {ent.name!r} has the same key {al.key!r} as an alias of "
                    f"{owner!r} (line {key_line[al.key]}); a key may name only one entity",
                    path=path, line=line,
                )
            if owner is None:
                by_key[al.key] = ent.name
                alias_by_key[al.key] = al
                key_line[al.key] = line
        entities.append(ent)
        by_name[ent.name] = ent

    for ent, node in zip(entities, root.value):
        refs = [(f, getattr(ent, f)) for f in _REF_FIELDS] + [("between", b) for b in ent.between]
        for fname, ref in refs:
            if ref is not None and alias_key(ref) not in by_key:
                raise RegistryError(
                    f"{fname} {ref!r} of {ent.name!r} is not an entity in the registry; add it or fix the name",
                    path=path, line=_field_line(node, fname),
                )

    fingerprint = hashlib.sha256(raw).hexdigest()
    return Registry(tuple(entities), by_key, fingerprint, path, by_name, alias_by_key)


def _alias_lines(node: yaml.MappingNode) -> list[int]:
    """Lines of the name and every alias item, in RegistryEntity.aliases order."""
    fields = {k.value: v for k, v in node.value}
    lines = [_line(fields["name"])]
    for list_field in ALIAS_FIELDS:
        if list_field in fields:
            lines.extend(_line(item) for item in fields[list_field].value)
    return lines


def _field_line(node: yaml.MappingNode, fname: str) -> int:
    for k, v in node.value:
        if k.value == fname:
            return _line(v)
    return _line(node)


def load_registry(path: str) -> Registry:
    """Read and validate the registry at ``path`` (see :func:`parse_registry`)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise RegistryError(f"cannot read registry: {exc.strerror}", path=path) from None
    return parse_registry(raw, path=path)


def suggest(name: str, registry: Registry, limit: int = 5) -> list[str]:
    """Canonical names that look like ``name`` ("did you mean ...?"), best first.

    Fuzzy matching (rapidfuzz WRatio) over every alias key, deduplicated to
    canonical names; weak matches (WRatio < 70, or 12 points behind the best)
    are left out.
    """
    from rapidfuzz import fuzz, process

    key = alias_key(name)
    if not key:
        return []
    keys = list(registry.by_key)
    out: list[str] = []
    best = None
    for match, score, _idx in process.extract(
        key, keys, scorer=fuzz.WRatio, limit=max(limit * 8, 20), score_cutoff=70
    ):
        best = score if best is None else best
        if score < best - 12:  # far behind the best guess: noise
            break
        canonical = registry.by_key[match]
        if canonical not in out:
            out.append(canonical)
        if len(out) >= limit:
            break
    return out
