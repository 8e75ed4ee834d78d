"""The noun a number counts ("6,000 Russian troops", "12 Mi-24 helicopters") and whether it is people."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factdb.extract import units as U

TOKEN_RE = re.compile(r"\s*(?:(?P<w>(?:[A-Z]\.){2,}|[^\W\d_][\w'’]*(?:-[\w'’]+)*)|(?P<p>\S))")
PAREN_SKIP_RE = re.compile(r"\s*\([^()]{0,60}\)|\s*\)")
_OF_DETERMINERS = frozenset({"the", "its", "their", "these", "those", "his", "her", "our"})


def _is_plural_like(low: str) -> bool:
    return (
        len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is", "'s", "’s"))
    )


@dataclass
class _Noun:
    """The counted noun right of a number, with the modifiers skipped to reach it."""

    text: str | None = None
    strong: bool = False  # found in the lexicon (not just plural-looking)
    end: int = 0
    modifiers: tuple[str, ...] = ()


def _counted_noun(body: str, pos: int, qe: int, strict: bool) -> _Noun:
    """The noun a number counts, read right of ``pos``.

    Skips a parenthetical, "of the", and up to three modifiers ("six
    ex-Soviet states", "6,000 Russian troops", "12 Mi-24 helicopters"); joins a
    singular noun to the next ("border guards", "member states"). ``strict``
    accepts lexicon nouns only.
    """
    m = PAREN_SKIP_RE.match(body, pos, qe)
    if m:
        pos = m.end()
    found: _Noun | None = None
    mods: list[str] = []
    for n in range(7):
        tm = TOKEN_RE.match(body, pos, qe)
        if not tm or tm.group("p"):
            break
        word = tm.group("w")
        low = word.lower()
        lex = low in U.PEOPLE_NOUNS or low in U.IRREGULAR_COUNT_NOUNS or low in U.ORG_MEMBER_NOUNS
        plural = _is_plural_like(low) and low not in U.STOP and low not in U.NOT_COUNTED
        noun = lex or (not strict and plural)
        if found is not None:
            if noun and low not in U.STOP and not _is_plural_like(found.text.lower()):
                return _Noun(f"{found.text} {word}", found.strong or lex, tm.end(), found.modifiers)
            if low in U.PEOPLE_NOUNS and not found.strong:
                # "300 special operations personnel": the plural was a modifier of the people counted
                return _Noun(f"{found.text} {word}", True, tm.end(), found.modifiers)
            break
        pos = tm.end()
        if low == "of" and n == 0:
            continue
        if low in _OF_DETERMINERS and n == 1:
            continue
        if low in U.STOP or low in U.NOT_COUNTED:
            break
        if noun:
            found = _Noun(word, lex, pos, tuple(mods))
            continue
        mods.append(word)
        if len(mods) > 3:
            break
    return found or _Noun()


def _is_person(noun: _Noun) -> bool:
    if noun.text is None:
        return True
    if any(any(ch.isdigit() for ch in m) for m in noun.modifiers):
        return False  # "Su-30SM fighters" are aircraft
    last = noun.text.split()[-1]
    low = last.lower()
    if low in U.PEOPLE_NOUNS:
        return True
    return last[:1].isupper() and last.isalpha() and _is_plural_like(low)
