"""Registry mentions and unresolved entity-like names in an article body.

:class:`MentionFinder` is built once per registry: one Aho-Corasick automaton
over every alias key, each padded with spaces. ``find`` folds the body into
words with :func:`factdb.normalize.word_spans` (the same folding as
``alias_key``), joins their keys with single spaces, runs the automaton once
and maps each hit back to character offsets, so matching is whole-word, case-
and accent-insensitive, and indifferent to dashes, quotes and possessives.
Pure: no database access.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from operator import add
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from factdb.extract.ambiguity import choose_reading, reads_as_name
from factdb.normalize import alias_key, fold_words
from factdb.records import Candidate, Mention
from factdb.registry import Registry

__all__ = ["MentionFinder", "CandidateCount", "count_candidates", "sentence_spans"]

# Text between two words of one match may not hold these: a match never runs
# across a sentence or paragraph boundary or into a bracket.
_BAD_GAP_RE = re.compile(r"\n\s*\n|[!?;:()\[\]{}<>|]|\.(?=\s)")
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
# (the leading lookahead only lets the engine skip positions that cannot start a match)
_SENTENCE_END_RE = re.compile(r"(?=[\s\"”»’'])(?:(?<=[.!?…])([\"”»’']?)\s+(?=[\"“«(]?[^\W\d_])|\n+)")

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁ"
_CAPWORD = rf"[{_UPPER}](?:[\w’']*\w)?(?:-[\w’']+)*"
_CONNECTOR = r"(?:of|the|for|de|al|el|ul|ut|bin|ibn|da|van|von)"
_CAPSEQ_RE = re.compile(rf"(?<![\w’'-]){_CAPWORD}(?:[^\S\n]+(?:{_CONNECTOR}[^\S\n]+)*{_CAPWORD})*")
_ACRONYM_RE = re.compile(rf"[{_UPPER}]{{2,}}s?")
_ROMAN_RE = re.compile(r"[IVXLC]+")

# Words that never belong to a name: a candidate is split at them.
_FUNCTION_WORDS = frozenset(
    """a an the in on at by to of for from with and or but nor so yet as if
    when while after before during since until unless though although because
    however moreover meanwhile also then now here there this that these those
    it its he she they we i you his her their our my your some most many much
    all any each every both few several such no not other another according
    despite amid among between into onto over under without within photo
    later earlier today yesterday tomorrow still even just only once first
    last next yes no please thanks dear hello
    original advertisement subscribe sign read see more latest update updated
    breaking exclusive opinion analysis news report video editor source sources
    monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# Titles before a name ("Foreign Minister X"): trimmed from the left only, so
# "Ministry of Defense" stays whole.
_TITLE_WORDS = frozenset(
    """mr mrs ms dr gen col lt maj sgt capt adm sen rep gov president presidents
    vice prime minister ministers foreign defence defense deputy secretary
    secretaries general chairman chairwoman chair head chief commander
    ambassador spokesman spokeswoman spokesperson director leader leaders
    official officials king queen prince sheikh emir mullah speaker former
    ex acting interim russian""".split()
)
_CONNECTORS = frozenset({"of", "the", "for", "de", "al", "el", "ul", "ut", "bin", "ibn", "da", "van", "von"})
_COMMON_ACRONYMS = frozenset({"OK", "TV", "AM", "PM", "GMT", "UTC", "CEO", "PDF", "URL", "HTML", "FAQ", "VIP"})
_BLOCKED = ""  # canonical of a not_aliases phrase: wins the longest match, then is dropped


def sentence_spans(body: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets: split after ``.!?…`` before a capital, and at newlines."""
    spans, start = [], 0
    for m in _SENTENCE_END_RE.finditer(body):
        end = m.start() + len(m.group(1) or "")  # a closing quote stays with its sentence
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(body):
        spans.append((start, len(body)))
    return spans


class MentionFinder:
    """Finds registry aliases in text. Build once per registry; ``find`` is thread-safe.

    Guarantees for every returned :class:`Mention`: ``body[start:end] ==
    surface``; the span starts and ends on word boundaries; mentions do not
    overlap and are sorted by ``start``; where aliases overlap the longest
    (most words, then most characters) wins. Aliases flagged ``match_case``
    (all-capital, up to three letters: ``IS``, ``US``) match only a surface
    written in capitals, and not inside a run of all-capital words. Shared
    and common-word names are read by the rules of
    :mod:`factdb.extract.ambiguity`.
    """

    def __init__(self, registry: Registry):
        self.registry = registry
        self._automaton = ahocorasick.Automaton()
        common = registry.common_words
        # payload: (key length, words, canonical or None, match_case, common word, context readings)
        for key, canonical in registry.by_key.items():
            al = registry.alias_for_key(key)
            readings = registry.contextual.get(key, ())
            self._automaton.add_word(
                f" {key} ", (len(key), key.count(" ") + 1, canonical, al.match_case, key in common, readings)
            )
        for key, readings in registry.contextual.items():
            if key not in registry.by_key:
                self._automaton.add_word(f" {key} ", (len(key), key.count(" ") + 1, None, False, key in common, readings))
        for key in registry.not_aliases:
            if key not in registry.by_key and key not in registry.contextual:
                self._automaton.add_word(f" {key} ", (len(key), key.count(" ") + 1, _BLOCKED, False, False, ()))
        if len(self._automaton):
            self._automaton.make_automaton()

    # ------------------------------------------------------------ mentions
    def find(self, body: str) -> list[Mention]:
        """Mentions of registry entities in ``body``, sorted by start offset."""
        starts, ends, keys = fold_words(body)
        if not keys or not len(self._automaton):
            return []
        norm = " " + " ".join(keys) + " "
        # norm offset of word i's first char: 1 + sum(len(keys[:i])) + i
        positions = map(add, accumulate(map(len, keys), initial=1), range(len(keys)))
        tok_at = dict(zip(positions, range(len(keys))))
        urls = [(m.start(), m.end()) for m in _URL_RE.finditer(body)] if ("://" in body or "www." in body) else []
        url_starts = [u[0] for u in urls]

        singles: dict[int, str] = {}  # word index -> canonical (one key per word)
        multi = []
        for end_idx, (klen, nwords, canonical, match_case, common, readings) in self._automaton.iter(norm):
            first = tok_at[end_idx - klen]
            last = first + nwords - 1
            if nwords > 1 and not self._gaps_ok(body, starts, ends, first, last):
                continue
            if urls and _inside(urls, url_starts, starts[first]):
                continue
            if match_case and not self._case_ok(body, starts, ends, first, last):
                continue
            if common and not reads_as_name(body, starts, ends, first, last):
                continue
            if readings:
                canonical = choose_reading(body, starts, keys, first, last, canonical, readings)
                if canonical is None:
                    continue
            if nwords == 1:
                singles[first] = canonical
            else:
                multi.append((nwords, ends[last] - starts[first], first, last, canonical))

        chosen: list[tuple[int, int, str]] = []
        if multi:
            multi.sort(key=lambda h: (-h[0], -h[1], h[2]))
            taken = bytearray(len(keys))
            for _n, _len, first, last, canonical in multi:
                if 1 in taken[first:last + 1]:
                    continue
                taken[first:last + 1] = b"\x01" * (last + 1 - first)
                if canonical != _BLOCKED:
                    chosen.append((first, last, canonical))
            chosen.extend((i, i, c) for i, c in singles.items() if not taken[i])
            chosen.sort()
        else:
            chosen = [(i, i, c) for i, c in singles.items() if c != _BLOCKED]  # already in text order
        # "US$45 billion", "A$3": a currency prefix, not a mention of the country
        return [Mention(c, starts[f], ends[l], body[starts[f]:ends[l]]) for f, l, c in chosen
                if body[ends[l]:ends[l] + 1] != "$"]

    @staticmethod
    def _gaps_ok(body, starts, ends, first, last) -> bool:
        for i in range(first, last):
            gap = body[ends[i]:starts[i + 1]]
            if _BAD_GAP_RE.search(gap):
                # "St. Petersburg": a dot right after an abbreviation of 1-3 letters is fine
                short_abbrev = gap.startswith(".") and ends[i] - starts[i] <= 3 and "\n" not in gap
                if not short_abbrev or _BAD_GAP_RE.search(gap[1:]):
                    return False
        return True

    @staticmethod
    def _case_ok(body, starts, ends, first, last) -> bool:
        surface = body[starts[first]:ends[last]]
        if any(c.isalpha() and not c.isupper() for c in surface):
            return False

        def shouting(i: int) -> bool:
            if i < 0 or i >= len(starts):
                return False
            word = body[starts[i]:ends[i]]
            letters = [c for c in word if c.isalpha()]
            return len(letters) >= 2 and all(c.isupper() for c in letters)

        # "THIS IS A HEADLINE": an all-capital neighbour on both sides means shouting, not an acronym
        return not (shouting(first - 1) and shouting(last + 1))

    # ---------------------------------------------------------- candidates
    def candidates(self, body: str, mentions: Iterable[Mention] | None = None) -> list[Candidate]:
        """Entity-like names in ``body`` that no mention covers, for curation.

        Kept: runs of two or more capitalised words (joined by spaces and
        small connectors such as "of the"), and acronyms of two or more
        capitals. Leading/trailing titles, function words, month and day
        names are trimmed; names in title-case headlines are skipped.
        ``body[start:end] == surface``; ``sentence`` is the enclosing sentence.
        """
        if mentions is None:
            mentions = self.find(body)
        covered = sorted((m.start, m.end) for m in mentions)
        sentences = sentence_spans(body)
        sent_starts = [s for s, _ in sentences]
        out: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for m in _CAPSEQ_RE.finditer(body):
            for s, e in _subtract(m.start(), m.end(), covered):
                for cs, ce in _trim(body, s, e):
                    if (cs, ce) in seen:
                        continue
                    sent = _sentence_of(sentences, sent_starts, cs)
                    if _title_case_line(body, sent):
                        continue
                    seen.add((cs, ce))
                    out.append(Candidate(body[cs:ce], cs, ce, body[sent[0]:sent[1]]))
        out.sort(key=lambda c: c.start)
        return out


def _inside(spans: list[tuple[int, int]], span_starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(span_starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _subtract(start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of [start, end) not inside any covered span."""
    pieces, cur = [], start
    i = bisect.bisect_left(covered, (start, -1))
    i = max(i - 1, 0)
    for k in range(i, len(covered)):  # not covered[i:]: a copy of the article's tail per call
        cs, ce = covered[k]
        if cs >= end:
            break
        if ce <= cur:
            continue
        if cs > cur:
            pieces.append((cur, cs))
        cur = max(cur, ce)
    if cur < end:
        pieces.append((cur, end))
    return pieces


_WORD_IN_PIECE_RE = re.compile(r"[\w’'-]+")
_LEADING_DROP = _TITLE_WORDS | _CONNECTORS  # trimmed from the left of a name


def _trim(body: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split a capitalised run at function words, trim titles and connectors;
    return the candidate span(s) it yields."""
    if _WORD_IN_PIECE_RE.fullmatch(body, s, e) and not _ACRONYM_RE.fullmatch(body, s, e):
        return []  # one word: kept below only as an acronym (two capitals needed otherwise)
    groups, cur = [], []
    for m in _WORD_IN_PIECE_RE.finditer(body, s, e):
        low = m.group().lower().strip("’'")
        if low in _FUNCTION_WORDS and not (cur and low in _CONNECTORS):
            if cur:
                groups.append(cur)
            cur = []
        else:
            cur.append((m.start(), m.end(), low))
    if cur:
        groups.append(cur)
    out = []
    for g in groups:
        i, j = 0, len(g)
        while i < j and (g[i][2] in _LEADING_DROP or not body[g[i][0]].isupper()):
            i += 1
        while i < j and g[j - 1][2] in _CONNECTORS:
            j -= 1
        if i == j:
            continue
        g = g[i:j]
        cs, ce = g[0][0], g[-1][1]
        caps = sum(1 for ws, _, _ in g if body[ws].isupper())
        text = body[cs:ce]
        if caps >= 2:
            out.append((cs, ce))
        elif len(g) == 1 and _ACRONYM_RE.fullmatch(text) and text.rstrip("s") not in _COMMON_ACRONYMS:
            if not _ROMAN_RE.fullmatch(text):
                out.append((cs, ce))
    return out


def _sentence_of(sentences, sent_starts, pos) -> tuple[int, int]:
    i = max(bisect.bisect_right(sent_starts, pos) - 1, 0)
    return sentences[i]


def _title_case_line(body: str, sent: tuple[int, int]) -> bool:
    """A headline or byline in Title Case: no closing punctuation, and most
    words of four or more letters capitalised."""
    text = body[sent[0]:sent[1]].rstrip()
    if not text or text[-1] in ".!?\"”»…":
        return False
    words = re.findall(r"[^\W\d_]{4,}", text)
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75


@dataclass(frozen=True)
class CandidateCount:
    """An unresolved name aggregated over articles (keyed by ``alias_key``)."""

    key: str
    surface: str  # the first surface seen
    count: int
    sentence: str  # an example sentence


def count_candidates(candidates: Iterable[Candidate]) -> list[CandidateCount]:
    """Group candidates by normalised key; most frequent first, then by key."""
    agg: dict[str, list] = {}
    for c in candidates:
        key = alias_key(c.surface)
        if key in agg:
            agg[key][1] += 1
        else:
            agg[key] = [c.surface, 1, c.sentence]
    rows = [CandidateCount(k, s, n, sent) for k, (s, n, sent) in agg.items()]
    rows.sort(key=lambda r: (-r.count, r.key))
    return rows
