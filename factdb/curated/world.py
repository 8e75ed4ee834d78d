"""Generate the country layer of the registry from ISO 3166-1 and CLDR.

Every ISO 3166-1 country and territory (``pycountry``, plus Kosovo, which ISO
does not list) becomes one registry entry: its English common name as the
canonical name (CLDR's, corrected in :data:`CANONICAL` where news English
differs), the ISO short, common and official names, the CLDR names in English
and Russian (``Babel``), the regular Russian case forms of single-word names
in ``-ия`` (Финляндии, Финляндию, Финляндией), and the ISO codes as
identifiers that never match text ("IT", "AT", "NO" are words).

Every entry is written with ``kind: region``: which ones are states is
curated knowledge, recorded in ``seeds/world.yml`` with everything else the
packages lack. The output is committed (``seeds/world_generated.yml``), so a
load never depends on the installed package versions; regenerate it after
upgrading them::

    python -m factdb.curated.world          # rewrite seeds/world_generated.yml
    python -m factdb.curated.world --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import re
import sys
from importlib import resources

import yaml

from factdb.normalize import alias_key

__all__ = ["CANONICAL", "generate_world", "render_world", "main"]

# Canonical names where CLDR's English name is not the one English news uses
# (or would collide with a curated name: the registry says "Turkey").
CANONICAL = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "FM": "Federated States of Micronesia",
    "HK": "Hong Kong",
    "MM": "Myanmar",
    "MO": "Macau",
    "PS": "Palestine",
    "TL": "East Timor",
    "TR": "Turkey",
    "UM": "United States Minor Outlying Islands",
    "VC": "Saint Vincent and the Grenadines",
    "SH": "Saint Helena, Ascension and Tristan da Cunha",
}
# Names a package gives an entry that news uses for something else: left out here,
# curated in seeds/world.yml where they need a rule ("Congo" names two states).
DROPPED = {
    ("CG", "Congo"),  # ISO short name of the Republic of the Congo; "Congo" alone is shared
    ("SH", "о-в Св. Елены"),
    ("UM", "Внешние малые о-ва (США)"),
}
EXTRA_TERRITORIES = {"XK": ("Kosovo", "Косово")}  # user-assigned code, not in ISO 3166-1
_RU_CASES = ("ии", "ию", "ией")
# Parenthesised qualifiers, not names: "Виргинские о-ва (США)" stays whole.
_QUALIFIERS = frozenset({"САР", "США", "Великобритания", "French part", "Dutch part"})  # genitive/dative/prepositional, accusative, instrumental of -ия


def _tidy(name: str) -> list[str]:
    """A package name and its plain variants: "A, B of" -> "B of A", "&" -> "and",
    "St." <-> "Saint", parenthesised parts split off, CLDR's " SAR China" dropped."""
    out = [name]
    m = re.fullmatch(r"(.+?), (.+ of(?: the)?)", name)
    if m:
        inverted = f"{m.group(2)} {m.group(1)}"
        out.append(inverted[4:] if inverted.startswith("The ") else inverted)
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    if m and m.group(2) not in _QUALIFIERS:  # "Myanmar (Burma)": two names
        out += [m.group(1), m.group(2)]
    if name.endswith(" SAR China"):
        out.append(name[: -len(" SAR China")])
    for n in list(out):
        if " & " in n:
            out.append(n.replace(" & ", " and "))
    for n in list(out):
        if n.startswith("St. "):
            out.append("Saint " + n[4:])
        elif n.startswith("Saint "):
            out.append("St. " + n[6:])
    return out


def _ru_forms(name: str) -> list[str]:
    if " " not in name and "-" not in name and name.endswith("ия"):
        return [name[:-2] + ending for ending in _RU_CASES]
    return []


def generate_world() -> list[dict]:
    """One registry entry (a plain dict in the registry format) per ISO 3166-1 entry, sorted by name.

    Raises ``ValueError`` when two entries would share an alias key: add the
    alias to :data:`DROPPED` and curate it in ``seeds/world.yml``.
    """
    import pycountry
    from babel import Locale

    en, ru = Locale("en").territories, Locale("ru").territories
    rows = [
        (c.alpha_2, getattr(c, "alpha_3", None), getattr(c, "numeric", None),
         [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None), en.get(c.alpha_2)],
         [ru.get(c.alpha_2)], getattr(c, "official_name", None))
        for c in pycountry.countries
    ]
    rows += [(code, None, None, [en_name], [ru_name], None) for code, (en_name, ru_name) in EXTRA_TERRITORIES.items()]

    entries, owner = [], {}
    for alpha2, alpha3, numeric, en_names, ru_names, official in rows:
        canonical = CANONICAL.get(alpha2) or _tidy(en.get(alpha2) or en_names[0])[-1]
        names: list[str] = []
        for n in en_names + ru_names:
            if n:
                names += _tidy(n)
        names += [f for n in ru_names if n for part in _tidy(n) for f in _ru_forms(part)]
        aliases, seen = [], {alias_key(canonical)}
        for n in names:
            key = alias_key(n.replace("’", "'"))
            if (alpha2, n) in DROPPED or key in seen:
                continue
            seen.add(key)
            aliases.append(n)
        for key in seen:
            if key in owner:
                raise ValueError(f"{alpha2} and {owner[key]} share the name key {key!r}; add one to DROPPED")
            owner[key] = alpha2
        entry = {"name": canonical, "kind": "region"}
        if official and official != canonical:
            entry["description"] = f"Official name: {official}."
        ids = {"iso_alpha2": alpha2}
        if alpha3:
            ids["iso_alpha3"] = alpha3
        if numeric:
            ids["iso_numeric"] = numeric
        entry["identifiers"] = ids
        if aliases:
            entry["aliases"] = aliases
        entries.append(entry)
    entries.sort(key=lambda e: alias_key(e["name"]))
    return entries


def render_world(entries: list[dict]) -> str:
    """The committed file's text: a header naming the sources, then the entries."""
    import babel
    import pycountry

    try:
        from importlib.metadata import version

        pyc = version("pycountry")
    except Exception:  # noqa: BLE001 - the version is only documentation
        pyc = getattr(pycountry, "__version__", "?")
    header = (
        "# GENERATED by `python -m factdb.curated.world` -- do not edit by hand.\n"
        f"# Sources: ISO 3166-1 via pycountry {pyc}; CLDR territory names (en, ru) via Babel {babel.__version__}.\n"
        "# Every entry has kind: region; seeds/world.yml marks the states (kind: country) and adds\n"
        "# demonyms, former names, capitals and Wikidata ids; seeds/registry.yml overrides both.\n"
    )
    body = yaml.safe_dump(entries, allow_unicode=True, default_flow_style=None, sort_keys=False, width=4096)
    return header + body.replace("\n- name:", "\n\n- name:")


def _target():
    return resources.files("factdb.seeds") / "world_generated.yml"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_world(generate_world())
    target = _target()
    if "--check" in args:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        strip = lambda t: "\n".join(l for l in t.splitlines() if not l.startswith("# Sources:"))  # noqa: E731
        if strip(current) != strip(text):
            print(f"{target} is out of date: run `python -m factdb.curated.world`", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    with open(str(target), "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"wrote {target} ({text.count(chr(10) + '- name:') + 1} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
