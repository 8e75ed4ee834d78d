"""Registry names in Russian text, in every case form, through pymorphy3 lemmas.

:class:`RussianMentionFinder` extends :class:`factdb.extract.mentions.MentionFinder`
(used unchanged for English) with a second Aho-Corasick automaton whose keys
are the Cyrillic aliases with every word replaced by its lemma:
"Евразийский экономический союз" -> "евразийский экономический союз", so
"Евразийского экономического союза", "в Кыргызстане", "Таджикистана",
"Рахмону" and "российских" (a demonym) all match, while "ОДКБ" is its own
lemma. The body's words are folded exactly as for English and then
lemmatised, so word boundaries, dashes and quotes behave the same.

Guarantees are those of ``MentionFinder.find``: surfaces equal the body
slice, no overlaps (the longest match wins, surface matches included),
sorted by start, ``match_case`` aliases ("РФ", "ЦБ") only in capitals.
A lemma key shared by aliases of two entities is dropped (ambiguous).
"""

from __future__ import annotations

from itertools import accumulate
from operator import add

import ahocorasick

from factdb.extract.mentions import MentionFinder, _inside, _URL_RE
from factdb.extract.ru.morph import lemma
from factdb.normalize import alias_key, fold_words
from factdb.records import Mention
from factdb.registry import Registry


_PROPER = frozenset({"country", "city", "region", "person", "organization"})


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def lemma_key(key: str) -> str:
    """An alias key ("организация договора о коллективной безопасности") with each Cyrillic word lemmatised."""
    return " ".join(lemma(w) if _cyrillic(w) else w for w in key.split())


class RussianMentionFinder(MentionFinder):
    """Mentions in Russian text: surface matches plus lemma matches of Cyrillic aliases."""

    def __init__(self, registry: Registry):
        super().__init__(registry)
        owners: dict[str, set[str]] = {}
        info: dict[str, tuple] = {}
        for key, canonical in registry.by_key.items():
            if not _cyrillic(key):
                continue
            lk = lemma_key(key)
            owners.setdefault(lk, set()).add(canonical)
            al = registry.alias_for_key(key)
            info[lk] = (len(lk), lk.count(" ") + 1, canonical, al.match_case)
        # lowercase is how Russian writes adjectives ("российских"), never a name ("того" is not Togo)
        self._kinds = {e.name: e.kind for e in registry.entities}
        self._lower_ok = {lemma_key(a.key) for e in registry.entities for a in e.aliases
                          if a.kind_of_alias == "demonym" and _cyrillic(a.key)}
        self._lemma_automaton = ahocorasick.Automaton()
        for lk, value in info.items():
            if len(owners[lk]) == 1:
                self._lemma_automaton.add_word(f" {lk} ", value)
        if len(self._lemma_automaton):
            self._lemma_automaton.make_automaton()

    def find(self, body: str) -> list[Mention]:
        surface = super().find(body)
        if not len(self._lemma_automaton) or not _cyrillic(body):
            return surface
        starts, ends, keys = fold_words(body)
        lkeys = [lemma(k) if _cyrillic(k) else k for k in keys]
        norm = " " + " ".join(lkeys) + " "
        positions = map(add, accumulate(map(len, lkeys), initial=1), range(len(lkeys)))
        tok_at = dict(zip(positions, range(len(lkeys))))
        urls = [(m.start(), m.end()) for m in _URL_RE.finditer(body)] if ("://" in body or "www." in body) else []
        url_starts = [u[0] for u in urls]
        hits = []
        for end_idx, (klen, nwords, canonical, match_case) in self._lemma_automaton.iter(norm):
            first = tok_at.get(end_idx - klen)
            if first is None:
                continue
            last = first + nwords - 1
            if nwords > 1 and not self._gaps_ok(body, starts, ends, first, last):
                continue
            if urls and _inside(urls, url_starts, starts[first]):
                continue
            if match_case and not self._case_ok(body, starts, ends, first, last):
                continue
            hits.append(Mention(canonical, starts[first], ends[last], body[starts[first]:ends[last]]))
        return [m for m in _merge(surface, hits) if self._written_as_name(m)]

    def _written_as_name(self, m: Mention) -> bool:
        """A Cyrillic name of a state, place, person or organization starts with a capital;
        in lowercase it is another word ("то", "том", "тем" share the lemma of "Того")
        unless it is an adjective of that name ("российских")."""
        if not m.surface[:1].islower() or not _cyrillic(m.surface) or self._kinds.get(m.entity) not in _PROPER:
            return True
        return lemma_key(alias_key(m.surface)) in self._lower_ok


def _merge(a: list[Mention], b: list[Mention]) -> list[Mention]:
    """Non-overlapping union, longest span first (then earliest, then ``a`` before ``b``)."""
    ranked = sorted(
        [(m, 0) for m in a] + [(m, 1) for m in b],
        key=lambda mb: (-(mb[0].end - mb[0].start), mb[0].start, mb[1]),
    )
    chosen: list[Mention] = []
    # characters already taken by a chosen mention (mentions are words, never empty): two
    # spans overlap exactly when they share a character, checked in the span's own length
    taken = bytearray(max((m.end for m, _ in ranked), default=0))
    for m, _src in ranked:
        if 1 in taken[m.start:m.end]:
            continue
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen
