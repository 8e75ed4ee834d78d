"""The one normalisation of names used everywhere: registry keys, mention
matching and command-line lookup.

``alias_key(text)`` splits ``text`` into *words* and joins their folded forms
with single spaces. :func:`word_spans` exposes the same split with offsets, so
the mention finder normalises an article body word by word and maps every
match back to exact character offsets. Because both go through
:func:`fold_word`, an alias and the body text it appears in always produce
the same key.

Rules (guaranteed, and tested):

* A word is a run of letters/digits (any script, combining marks included),
  possibly joined by apostrophes (``Qal'ai``, ``Russia’s``). Everything else
  (spaces, hyphens and every dash, slashes, brackets, commas, quotes, other
  punctuation) only separates words, so ``Tajik-Afghan``, ``Tajik – Afghan``
  and ``Tajik  Afghan`` all give ``tajik afghan``.
* Initialisms with dots are one word without the dots: ``U.S.`` -> ``us``,
  ``U.S.S.R.`` -> ``ussr``; a lone initial (``V. Putin``) is just a word.
* A possessive ``'s`` / ``’s`` at the end of a word is dropped
  (``Russia's`` -> ``russia``); other apostrophes and apostrophe-like letters
  (``’ ‘ ʼ ʻ ` ´``) are removed (``Al-Qa'ida`` -> ``al qaida``).
* Latin/Greek letters: Unicode NFKD, combining marks (accents) removed,
  ``casefold()`` (``Kŭlob`` -> ``kulob``, ``ß`` -> ``ss``); a few letters
  without a decomposition are mapped by hand (``ø ł đ ı æ œ``).
* Cyrillic: case folded, ``ё`` -> ``е``, but ``й`` stays ``й`` (it is a
  letter of its own, not an accented ``и``); pre-composed and decomposed
  input give the same key.
* The result has no leading/trailing space and is empty only when the text
  has no letters or digits.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

__all__ = ["alias_key", "fold_word", "fold_words", "word_spans", "WORD_RE"]

# Apostrophe-like characters that may sit *inside* a word (they are removed).
_APOSTROPHES = "'’‘ʼʻ`´"
_INNER_APOS = "['’‘`´]"  # the non-letter ones; ʼ and ʻ are letters (\w) already
_INITIALISM = r"(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?![\w])"
# One or more letters, a letter being a word char other than "_" or a combining mark.
# Written as runs of one class each (a single-class repeat is much faster than a repeated
# alternation) and possessive: what follows a letter run never starts with a letter, so
# backtracking into it could not change any match.
_LETTERS = r"(?:[^\W_]+|[\u0300-\u036f\u0483-\u0489]+)++"

WORD_RE = re.compile(rf"{_INITIALISM}|{_LETTERS}(?:{_INNER_APOS}{_LETTERS})*+")
"""One word as defined above (compiled once)."""

_POSSESSIVE_RE = re.compile(r"[" + _APOSTROPHES + r"][sS]$")
_HAND_MAPPED = {"ø": "o", "ł": "l", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ё": "е"}


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return ""
    if _is_cyrillic(ch):
        low = ch.casefold()
        return _HAND_MAPPED.get(low, low)
    out = []
    for c in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(c):
            continue
        c = c.casefold()
        c = _HAND_MAPPED.get(c, c)
        for d in c:
            if d.isalnum():
                out.append(d)
    return "".join(out)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold one word (as matched by :data:`WORD_RE`) to its key form.

    May return ``""`` (a word made only of apostrophe-like letters).
    """
    if "." in word:  # an initialism such as U.S.
        word = word.replace(".", "")
    word = _POSSESSIVE_RE.sub("", word) if len(word) > 2 else word
    # NFC first so a decomposed й (и + breve) folds like the pre-composed one.
    word = unicodedata.normalize("NFC", word)
    if word.isascii():
        return word.lower().replace("'", "").replace("`", "")
    return "".join(_fold_char(c) for c in word)


class _KeyCache(dict):
    """word -> fold_word(word); lookups of known words stay in C (``map``)."""

    def __missing__(self, word: str) -> str:
        if len(self) > 200_000:  # bound memory on huge vocabularies
            self.clear()
        key = self[word] = fold_word(word)
        return key


_KEY_CACHE = _KeyCache()
_POSSESSIVE_IN_TEXT_RE = re.compile(r"(?<=\w)[" + _APOSTROPHES + r"][sS](?!\w)")
_group = re.Match.group


def fold_words(text: str) -> tuple[list[int], list[int], list[str]]:
    """Parallel lists ``(starts, ends, keys)`` for every word of ``text`` with a
    non-empty key (the fast path behind :func:`word_spans`).

    ``end`` excludes a trailing possessive ``'s`` so ``text[start:end]`` is
    the name itself (``Russia`` for ``Russia's``).
    """
    matches = list(WORD_RE.finditer(text))
    keys = list(map(_KEY_CACHE.__getitem__, map(_group, matches)))
    starts = [m.start() for m in matches]
    ends = [m.end() for m in matches]
    if "'" in text or "’" in text or "ʼ" in text or "‘" in text or "`" in text or "´" in text:
        for m in _POSSESSIVE_IN_TEXT_RE.finditer(text):
            i = bisect.bisect_left(ends, m.end())
            if i < len(ends) and ends[i] == m.end():
                word = text[starts[i]:ends[i]]
                if len(word) > 2:
                    ends[i] -= 2
    if "" in keys:
        keep = [i for i, k in enumerate(keys) if k]
        starts = [starts[i] for i in keep]
        ends = [ends[i] for i in keep]
        keys = [keys[i] for i in keep]
    return starts, ends, keys


def word_spans(text: str):
    """Yield ``(start, end, key)`` for every word of ``text`` with a non-empty key
    (see :func:`fold_words`)."""
    return zip(*fold_words(text))


def alias_key(text: str) -> str:
    """The normalised key of a name: folded words joined by single spaces.

    ``alias_key("Tajik–Afghan") == alias_key("tajik-afghan") == "tajik afghan"``;
    ``alias_key("ОДКБ") == "одкб"``; ``alias_key("U.S.") == "us"``.
    Pure and deterministic; never raises for any ``str``.
    """
    return " ".join(key for _s, _e, key in word_spans(text))
