"""The curated entity registry: loading, validation, alias resolution, suggestions.

The registry is a YAML list of entities (format in ``docs/entities.md``).
:func:`load_registry` validates the whole file before returning, so a caller
that loads the registry first writes nothing when it is broken; every
:class:`~factdb.errors.RegistryError` carries the file and the 1-based line of
the offending entry. Pure: no database access.

A registry file can be laid over another registry (``parse_registry(...,
base=...)``): its entries then extend or override the base entries of the same
name. :func:`load_registry` lays the given file over factdb's world layer
(every state and territory, see :func:`world_layer`).
"""

from __future__ import annotations

import hashlib
from importlib import resources
import re
from dataclasses import dataclass, field

import yaml

from factdb.errors import RegistryError
from factdb.normalize import alias_key
from factdb.records import ENTITY_KINDS

__all__ = [
    "ALIAS_KINDS",
    "ContextAlias",
    "Registry",
    "RegistryAlias",
    "RegistryEntity",
    "build_registry",
    "load_registry",
    "merge_registries",
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
# Fields about how names are read in text rather than which names there are
# (docs/entities.md, "Ambiguous and common-word names").
_RULE_FIELDS = ("context_aliases", "common_words", "not_aliases", "identifiers")
_KNOWN_FIELDS = frozenset(_SCALAR_FIELDS) | frozenset(ALIAS_FIELDS) | {"between"} | frozenset(_RULE_FIELDS)
_ALIAS_ITEM_FIELDS = frozenset({"alias", "lang", "match_case", "since", "until"})
_CONTEXT_ITEM_FIELDS = frozenset({"alias", "cues"})
_WIKIDATA_RE = re.compile(r"Q[1-9][0-9]*")
_DATE_RE = re.compile(r"[12][0-9]{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?")
# libyaml's composer when PyYAML has it: it keeps line marks and is ~7x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
    since: str | None = None  # first date the name was in use (YYYY, YYYY-MM or YYYY-MM-DD)
    until: str | None = None  # date the name was replaced (former names)


@dataclass(frozen=True)
class ContextAlias:
    """A name this entity shares with others: it names this entity only when one
    of ``cues`` (alias keys) occurs near it ("Congo" near "Kinshasa")."""

    alias: str
    key: str
    cues: tuple[str, ...]


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
    context_aliases: tuple[ContextAlias, ...] = ()
    common_words: tuple[str, ...] = ()  # keys of aliases that are also common words or given names
    not_aliases: tuple[str, ...] = ()  # keys of phrases that contain a name but do not name this entity
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value), never matched in text: ISO codes


@dataclass(frozen=True)
class Registry:
    """A validated registry. ``by_key`` maps every alias key to a canonical name."""

    entities: tuple[RegistryEntity, ...]
    by_key: dict[str, str]
    fingerprint: str  # sha256 hex of the file bytes
    path: str | None = None
    _by_name: dict[str, RegistryEntity] = field(default_factory=dict, repr=False, compare=False)
    _alias_by_key: dict[str, RegistryAlias] = field(default_factory=dict, repr=False, compare=False)
    # key -> ((canonical, cue keys), ...): readings of a shared name, decided by context
    contextual: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = field(default_factory=dict, compare=False)
    common_words: frozenset[str] = frozenset()  # alias keys matched only as proper names
    not_aliases: frozenset[str] = frozenset()  # keys of phrases that block a shorter name

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

    def readings(self, name: str) -> tuple[str, ...]:
        """Every entity ``name`` may refer to: the plain reading first (if any), then
        the readings chosen by context. ``readings("Congo")`` lists both Congos;
        ``resolve("Congo")`` is ``None`` because no context is given."""
        key = alias_key(name)
        plain = (self.by_key[key],) if key in self.by_key else ()
        return plain + tuple(c for c, _cues in self.contextual.get(key, ()) if c not in plain)

    def by_identifier(self, scheme: str, value: str) -> RegistryEntity | None:
        """The entity with identifier ``value`` in ``scheme`` (``iso_alpha3``, ``FIN``)."""
        for ent in self.entities:
            if (scheme, value) in ent.identifiers:
                return ent
        return None

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
        dates = {f: _date(fields[f], f, path) for f in ("since", "until") if f in fields}
    else:
        text = _scalar(node, "alias", path)
        dates = {}
    key = alias_key(text)
    if not key:
        raise RegistryError(f"alias {text!r} has no letters or digits", path=path, line=_line(node))
    if lang is None:
        lang = "ru" if _CYRILLIC_RE.search(text) else "en"
    if match_case is None:
        match_case = bool(_SHORT_CAPS_RE.fullmatch(text.replace(".", "")))
    return RegistryAlias(text, lang, key, kind_of_alias, match_case, **dates)


def _date(node: yaml.Node, what: str, path: str | None) -> str:
    value = _scalar(node, what, path)
    if not _DATE_RE.fullmatch(value):
        raise RegistryError(f"{what} {value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
                            path=path, line=_line(node))
    return value


def _text_list(node: yaml.Node, what: str, path: str | None) -> list[yaml.Node]:
    if not isinstance(node, yaml.SequenceNode):
        raise RegistryError(f"'{what}' must be a list", path=path, line=_line(node))
    return node.value


def _parse_context_alias(node: yaml.Node, path: str | None) -> ContextAlias:
    if not isinstance(node, yaml.MappingNode):
        raise RegistryError("a context alias is a mapping {alias: ..., cues: [...]}", path=path, line=_line(node))
    fields = {_scalar(k, "context alias field", path): v for k, v in node.value}
    unknown = set(fields) - _CONTEXT_ITEM_FIELDS
    if unknown or "alias" not in fields or "cues" not in fields:
        raise RegistryError("a context alias needs exactly 'alias:' and 'cues:'", path=path, line=_line(node))
    text = _scalar(fields["alias"], "alias", path)
    cues = tuple(alias_key(_scalar(c, "cue", path)) for c in _text_list(fields["cues"], "cues", path))
    if not alias_key(text) or not cues or not all(cues):
        raise RegistryError(f"context alias {text!r} needs letters and at least one cue", path=path, line=_line(node))
    return ContextAlias(text, alias_key(text), cues)


def _parse_rules(values: dict[str, yaml.Node], path: str | None) -> dict:
    """The optional rule fields of one entry (see _RULE_FIELDS)."""
    rules: dict = {}
    if "context_aliases" in values:
        items = _text_list(values["context_aliases"], "context_aliases", path)
        rules["context_aliases"] = tuple(_parse_context_alias(n, path) for n in items)
    for fname in ("common_words", "not_aliases"):
        if fname in values:
            keys = tuple(alias_key(_scalar(n, fname, path)) for n in _text_list(values[fname], fname, path))
            if not all(keys):
                raise RegistryError(f"'{fname}' items need letters or digits", path=path, line=_line(values[fname]))
            rules[fname] = keys
    if "identifiers" in values:
        inode = values["identifiers"]
        if not isinstance(inode, yaml.MappingNode):
            raise RegistryError("'identifiers' must be a mapping such as {iso_alpha2: FI}", path=path, line=_line(inode))
        rules["identifiers"] = tuple(
            (_scalar(k, "identifier scheme", path), _scalar(v, "identifier", path)) for k, v in inode.value
        )
    return rules


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
    rules = _parse_rules(values, path)
    plain = {a.key for a in aliases}
    for cal in rules.get("context_aliases", ()):
        if cal.key in plain:
            raise RegistryError(
                f"{cal.alias!r} is both an alias and a context alias of {name!r}; keep one",
                path=path, line=_line(values["context_aliases"]),
            )
    return RegistryEntity(
        name=name, kind=kind, description=description, wikidata=wikidata,
        aliases=tuple(aliases), between=between, line=_line(node), **refs, **rules,
    )


def parse_registry(data: bytes | str, path: str | None = None, *, base: Registry | None = None) -> Registry:
    """Parse and validate registry YAML text. Raises :class:`RegistryError` with a line.

    With ``base``, the file is a layer over ``base``: its references may name
    base entities, and the result is the two merged (:func:`merge_registries`).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RegistryError(f"registry is not UTF-8 (byte {exc.start})", path=path) from None
    try:
        root = yaml.compose(text, Loader=_YAML_LOADER)
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
            if ref is not None and alias_key(ref) not in by_key and (base is None or alias_key(ref) not in base.by_key):
                raise RegistryError(
                    f"{fname} {ref!r} of {ent.name!r} is not an entity in the registry; add it or fix the name",
                    path=path, line=_field_line(node, fname),
                )

    fingerprint = hashlib.sha256(raw).hexdigest()
    layer = build_registry(entities, fingerprint, path)
    return layer if base is None else merge_registries(base, layer)


def build_registry(entities, fingerprint: str, path: str | None = None) -> Registry:
    """Index validated entities whose plain alias keys are unique (the first owner of a key wins)."""
    by_name = {e.name: e for e in entities}
    by_key: dict[str, str] = {}
    alias_by_key: dict[str, RegistryAlias] = {}
    contextual: dict[str, list] = {}
    common: set[str] = set()
    blocked: set[str] = set()
    for ent in entities:
        for al in ent.aliases:
            if al.key not in by_key:
                by_key[al.key] = ent.name
                alias_by_key[al.key] = al
        for cal in ent.context_aliases:
            contextual.setdefault(cal.key, []).append((ent.name, cal.cues))
        common.update(ent.common_words)
        blocked.update(ent.not_aliases)
    return Registry(
        tuple(entities), by_key, fingerprint, path, by_name, alias_by_key,
        {k: tuple(v) for k, v in contextual.items()}, frozenset(common), frozenset(blocked),
    )


def merge_registries(base: Registry, top: Registry) -> Registry:
    """``top`` laid over ``base``.

    An entity of ``top`` whose name is in ``base`` extends it: scalar fields
    given in ``top`` win, aliases are added, and ``top``'s version of a key
    wins (a plain alias of ``base`` that ``top`` lists as a context alias of the
    same entity becomes contextual). Other entities are added. A plain alias
    key that ``top`` gives to one entity is taken from any ``base`` entity that
    had it, except a base entity's own name (a :class:`RegistryError`). The
    fingerprint covers both layers.
    """
    from dataclasses import replace

    top_plain = {a.key: (e, a) for e in top.entities for a in e.aliases}
    for key, (ent, al) in top_plain.items():
        owner = base._by_name.get(base.by_key.get(key, ""))
        if owner is not None and owner.name != ent.name and owner.aliases[0].key == key:
            raise RegistryError(
                f"alias {al.alias!r} of {ent.name!r} is the name of {owner.name!r} in the layer below; "
                "a key may name only one entity (use context_aliases for a shared name)",
                path=top.path, line=ent.line,
            )
    merged: list[RegistryEntity] = []
    for ent in base.entities:
        over = top._by_name.get(ent.name)
        taken = {k for k, (e, _a) in top_plain.items() if e.name != ent.name}
        if over is not None:
            taken |= {a.key for a in over.aliases} | {c.key for c in over.context_aliases}
        kept = ent.aliases[:1] + tuple(a for a in ent.aliases[1:] if a.key not in taken)
        if over is None:
            merged.append(replace(ent, aliases=kept) if len(kept) != len(ent.aliases) else ent)
            continue
        over_context = {c.key for c in over.context_aliases}
        merged.append(replace(
            ent,
            kind=over.kind,
            description=over.description or ent.description,
            wikidata=over.wikidata or ent.wikidata,
            capital=over.capital or ent.capital,
            parent=over.parent or ent.parent,
            located_in=over.located_in or ent.located_in,
            between=over.between or ent.between,
            aliases=kept[:1] + over.aliases[1:] + kept[1:],
            context_aliases=tuple(c for c in ent.context_aliases if c.key not in over_context) + over.context_aliases,
            common_words=tuple(dict.fromkeys(ent.common_words + over.common_words)),
            not_aliases=tuple(dict.fromkeys(ent.not_aliases + over.not_aliases)),
            identifiers=tuple(dict.fromkeys(ent.identifiers + over.identifiers)),
            line=over.line,
        ))
    merged.extend(e for e in top.entities if e.name not in base._by_name)
    fingerprint = hashlib.sha256(f"{base.fingerprint}\n{top.fingerprint}".encode()).hexdigest()
    return build_registry(merged, fingerprint, top.path)


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


def load_registry(path: str, *, world: bool = True) -> Registry:
    """Read and validate the registry at ``path`` (see :func:`parse_registry`).

    With ``world`` (the default) the file is laid over factdb's world layer, so
    every state and territory is known whatever the file holds; the
    fingerprint then changes when either changes.
    """
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise RegistryError(f"cannot read registry: {exc.strerror}", path=path) from None
    if not world:
        return parse_registry(raw, path=path)
    return parse_registry(raw, path=path, base=world_layer())


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


# ---------------------------------------------------------------- the world layer
#
# The registry's layers, bottom to top:
# 1. seeds/world_generated.yml -- every ISO 3166-1 country and territory with its
#    ISO and CLDR names (English, Russian), generated by `python -m
#    factdb.curated.world` and committed, so a package upgrade never changes what
#    a load reads;
# 2. seeds/world.yml -- curated supplements the packages lack: which entries are
#    states, demonyms, former names with dates, capitals, Wikidata ids, and the
#    rules for shared and common-word names;
# 3. the registry file given to load_registry (seeds/registry.yml by default) --
#    the domain registry and overrides.
# Each layer extends or overrides the one below, entity by entity. Pure: reads
# files, never writes.

GENERATED_FILE = "world_generated.yml"
SUPPLEMENT_FILE = "world.yml"

# (sha256 of the generated file, sha256 of the supplements) -> the merged layer.
# Parsing both costs ~0.1 s; a process that loads the registry twice pays once.
_WORLD_CACHE: dict[tuple[str, str], Registry] = {}


def _read_layer(name: str) -> tuple[str, bytes]:
    path = resources.files("factdb.seeds") / name
    try:
        return str(path), path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"cannot read the world layer: {exc.strerror}", path=str(path)) from None


def world_layer() -> Registry:
    """The generated country layer with the curated supplements laid over it (cached)."""
    gen_path, gen_raw = _read_layer(GENERATED_FILE)
    sup_path, sup_raw = _read_layer(SUPPLEMENT_FILE)
    key = (hashlib.sha256(gen_raw).hexdigest(), hashlib.sha256(sup_raw).hexdigest())
    if key not in _WORLD_CACHE:
        generated = parse_registry(gen_raw, path=gen_path)
        _WORLD_CACHE.clear()
        _WORLD_CACHE[key] = parse_registry(sup_raw, path=sup_path, base=generated)
    return _WORLD_CACHE[key]


def clear_world_cache() -> None:
    """Forget the parsed world layer (a benchmark measuring a cold parse)."""
    _WORLD_CACHE.clear()
