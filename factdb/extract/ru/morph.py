"""Russian word forms through pymorphy3, loaded on first use.

pymorphy3 and its dictionary (~15 MB, ~0.2 s to open) are imported only
when a Russian article asks for a lemma, so English extraction never pays
for them. Every lookup is memoised per word form.
"""

from __future__ import annotations

from functools import lru_cache

_ANALYZER = None
# a lemma is taken from the first parse with one of these parts of speech:
# names, numerals and cue words are nouns, adjectives, participles or numerals
_NOMINAL = frozenset({"NOUN", "ADJF", "ADJS", "PRTF", "PRTS", "NUMR", "NPRO"})


def analyzer():
    """The shared ``pymorphy3.MorphAnalyzer`` (created once, on first call)."""
    global _ANALYZER
    if _ANALYZER is None:
        import pymorphy3

        _ANALYZER = pymorphy3.MorphAnalyzer()
    return _ANALYZER


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple:
    """All pymorphy3 parses of ``word`` (lower-cased), most likely first."""
    return tuple(analyzer().parse(word.lower()))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of ``word``, preferring a nominal reading ("стали" -> "сталь").

    Words without a Cyrillic letter come back lower-cased; "ё" is read as "е".
    """
    low = word.lower().replace("ё", "е")
    if not any("\u0400" <= ch <= "\u04ff" for ch in low):
        return low
    ps = parses(low)
    if not ps:
        return low
    best = next((p for p in ps if p.tag.POS in _NOMINAL), ps[0])
    if best.tag.POS == "PRTF" and "Subx" in best.tag:
        # a participle used as a noun ("заключенных", "пострадавших"): the noun, not the verb
        noun = best.inflect({"masc", "sing", "nomn"})
        if noun is not None:
            return noun.word.replace("ё", "е")
    return best.normal_form.replace("ё", "е")


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset:
    """Every dictionary form ``word`` can be a form of ("стали" -> {"стать", "сталь"})."""
    low = word.lower().replace("ё", "е")
    if not any("\u0400" <= ch <= "\u04ff" for ch in low):
        return frozenset({low})
    return frozenset(p.normal_form.replace("ё", "е") for p in parses(low)) | {lemma(low)}


@lru_cache(maxsize=65536)
def cases(word: str) -> frozenset:
    """Grammatical cases ``word`` can be in ("Киргизии" -> {"gent", "datv", "loct"})."""
    return frozenset(p.tag.case for p in parses(word) if p.tag.case)


@lru_cache(maxsize=65536)
def pos(word: str) -> frozenset:
    """Parts of speech ``word`` can be."""
    return frozenset(p.tag.POS for p in parses(word) if p.tag.POS)
