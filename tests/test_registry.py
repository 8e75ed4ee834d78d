"""Registry loading, validation errors with line numbers, resolution, suggestions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from factdb.errors import RegistryError
from factdb.records import ENTITY_KINDS
from factdb.registry import ALIAS_KINDS, load_registry, parse_registry, suggest

REGISTRY = Path(__file__).resolve().parent.parent / "seeds" / "registry.yml"


@pytest.fixture(scope="module")
def reg():
    return load_registry(str(REGISTRY))


ALIAS_GROUPS = {
    "Emomali Rahmon": ["Rahmon", "Rakhmon", "Imomali Rakhmon", "Emomali Rakhmon", "Rakhmonov", "EMOMALI RAHMON"],
    "Collective Security Treaty Organization": [
        "CSTO", "csto", "Collective Security Treaty Organisation", "ODKB", "ОДКБ", "одкб",
    ],
    "Bokhtar": ["Kurgan-Tyube", "Kurgan–Tyube", "Qurghonteppa", "Bokhtar", "Курган-Тюбе"],
    "Kulob": ["Kulyab", "Kulob", "Kulyabe", "Kŭlob", "Куляб"],
    "Russia": ["Russian Federation", "RF", "Россия", "Russia's"],
    "Sergei Lavrov": ["Sergey Lavrov", "Lavrov"],
    "Kyrgyzstan": ["Kyrgyz Republic", "Kirghizia"],
    "Astana": ["Nur-Sultan", "Akmola"],
    "Islamic State": ["ISIS", "ISIL", "Daesh", "IS"],
    "201st Military Base": ["201st Russian military base", "201st base", "201-я база"],
    "Tajik-Afghan border": ["Afghan-Tajik border", "Tajikistan–Afghanistan border"],
    "Russian ruble": ["rouble", "RUB", "рублей"],
}


@pytest.mark.parametrize("canonical,aliases", ALIAS_GROUPS.items())
def test_alias_groups_resolve_to_one_entity(reg, canonical, aliases):
    assert reg.entity(canonical) is not None
    for alias in aliases:
        assert reg.resolve(alias) == canonical, alias


def test_registry_is_well_formed(reg):
    assert len(reg.entities) > 150
    names = [e.name for e in reg.entities]
    assert len(names) == len(set(names))
    for ent in reg.entities:
        assert ent.kind in ENTITY_KINDS
        assert ent.aliases[0].alias == ent.name
        assert all(a.kind_of_alias in ALIAS_KINDS for a in ent.aliases)
        for a in ent.aliases:
            assert reg.by_key[a.key] == ent.name
    assert len(reg.fingerprint) == 64


def test_demonyms_are_marked_and_link_to_their_country(reg):
    for demonym, country in [("Tajik", "Tajikistan"), ("Russian", "Russia"), ("Afghan", "Afghanistan"),
                             ("Kyrgyz", "Kyrgyzstan"), ("Kazakh", "Kazakhstan"), ("Uzbek", "Uzbekistan"),
                             ("Armenian", "Armenia"), ("Belarusian", "Belarus")]:
        assert reg.resolve(demonym) == country
        assert reg.alias(demonym).kind_of_alias == "demonym"


def test_capitals_are_cities_and_metonymy_is_explicit(reg):
    assert reg.entity("Moscow").kind == "city"
    assert reg.entity("Dushanbe").kind == "city"
    assert reg.entity("Russia").capital == "Moscow"
    assert reg.capital_of("Moscow") == "Russia"
    assert reg.capital_of("Душанбе") == "Tajikistan"
    assert reg.capital_of("Kulob") is None


def test_former_names_and_locatives_are_marked(reg):
    assert reg.alias("Kurgan-Tyube").kind_of_alias == "former_name"
    assert reg.alias("Kulyabe").kind_of_alias == "locative"
    assert reg.alias("Рахмонов").language == "ru"


def test_structural_links(reg):
    base = reg.entity("201st base")
    assert (base.kind, base.parent, base.located_in) == ("military_unit", "Russia", "Tajikistan")
    assert reg.entity("Tajik-Afghan border").between == ("Tajikistan", "Afghanistan")
    treaty = reg.entity("Collective Security Treaty")
    assert treaty.name == "Collective Security Treaty"
    assert treaty.parent == "Collective Security Treaty Organization"


def test_wikidata_ids_have_the_right_form(reg):
    assert reg.entity("Vladimir Putin").wikidata == "Q7747"
    assert reg.entity("Tajikistan").wikidata == "Q863"
    assert all(e.wikidata is None or e.wikidata[0] == "Q" for e in reg.entities)


def test_fingerprint_changes_with_content():
    a = parse_registry(b"- {name: A, kind: city}\n")
    b = parse_registry(b"- {name: A, kind: city}\n")
    c = parse_registry(b"- {name: B, kind: city}\n")
    assert a.fingerprint == b.fingerprint != c.fingerprint


@pytest.mark.parametrize(
    "misspelled,expected",
    [("Tajikstan", "Tajikistan"), ("Kyrgystan", "Kyrgyzstan"), ("Vladimir Puttin", "Vladimir Putin"),
     ("Dushambe", "Dushanbe"), ("Rahmom", "Emomali Rahmon"), ("Qurgonteppa", "Bokhtar")],
)
def test_suggestions_for_misspellings(reg, misspelled, expected):
    assert reg.resolve(misspelled) is None
    got = suggest(misspelled, reg)
    assert expected in got[:3], got
    assert len(got) == len(set(got)) <= 5


def test_no_suggestions_for_nonsense(reg):
    assert suggest("zzzzqqqq", reg) == []
    assert suggest("", reg) == []


# --------------------------------------------------------------------- errors
def _write(tmp_path, text: str) -> str:
    path = tmp_path / "registry.yml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "text,line,words",
    [
        (  # duplicate alias key pointing at two entities: line of the second alias
            """
            - name: Kulob
              kind: city
              aliases: [Kulyab]
            - name: Other
              kind: city
              aliases:
                - Somewhere
                - KULYAB
            """, 8, ["Kulyab", "Kulob", "Other", "line 3"]),
        (
            """
            - name: A
              kind: town
            """, 2, ["unknown kind", "town"]),
        (
            """
            - name: A
              kind: city
            - kind: city
              description: no name
            """, 3, ["name"]),
        (
            """
            - name: A
              kind: city
            - name: B
            """, 3, ["kind"]),
        (
            """
            - name: A
              kind: city
              wikidata: 863
            """, 3, ["wikidata", "Q123"]),
        (
            """
            - name: A
              kind: city
              wikidata: Q12x
            """, 3, ["wikidata"]),
        (
            """
            - name: A
              kind: city
            - just a string
            """, 3, ["mapping"]),
        (
            """
            - name: A
              kind: city
              alises: [B]
            """, 3, ["unknown field", "alises"]),
        (
            """
            - name: A
              kind: city
              aliases: [B, C
            - name: D
            """, 4, ["YAML"]),
        (
            """
            - name: A
              kind: city
            - name: A
              kind: region
            """, 3, ["twice"]),
        (
            """
            - name: A
              kind: country
              capital: Nowhere
            """, 3, ["capital", "Nowhere"]),
        (
            """
            name: A
            kind: city
            """, 1, ["list"]),
        (
            """
            - name: A
              kind: city
              aliases: ["---"]
            """, 3, ["no letters"]),
    ],
)
def test_registry_errors_carry_file_and_line(tmp_path, text, line, words):
    path = _write(tmp_path, text)
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    err = info.value
    assert err.path == path
    assert err.line == line, str(err)
    for word in words:
        assert word.lower() in str(err).lower(), (word, str(err))
    assert f"{path}:{line}" in str(err)


def test_same_alias_twice_for_one_entity_is_fine(tmp_path):
    reg = load_registry(_write(tmp_path, """
        - name: Kulob
          kind: city
          aliases: [Kulyab, KULYAB, Kulyab]
        """))
    assert reg.resolve("kulyab") == "Kulob"


def test_missing_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_registry(str(tmp_path / "nope.yml"))


def test_empty_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError) as info:
        load_registry(_write(tmp_path, "# only a comment\n"))
    assert info.value.line == 1
