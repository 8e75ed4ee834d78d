"""Reading number expressions as written in news text.

Pure functions and compiled patterns, no context: this module says what a
number *is* ("1,350" -> 1350.0, "two-thirds" -> 0.6667, "tens of thousands"
-> 10000 at least), never what it *counts* (that is :mod:`factdb.extract.claims`).

Conventions:

* Digits: "," groups thousands ("1,350"); a space, no-break or thin space
  groups thousands when every group has three digits ("1 350"); "." is always
  the decimal point (English-language press; "1.350" reads 1.35).
* Words: "six", "twenty-two", "a hundred", "one hundred and twenty",
  "a dozen", "two dozen", "three million"; "and a half" adds 0.5.
* Fractions: "half", "a third", "two-thirds", "three quarters" (rounded to
  four decimals: two-thirds -> 0.6667).
* Scale words multiply: thousand, million, billion, trillion and the
  abbreviations k, m, mn, mln, bn, tn ("m"/"k" only when money is adjacent,
  decided by the caller with :data:`SCALE_ABBR`).
* Vague quantities read as a lower bound (:data:`VAGUE`): "dozens" 12,
  "several dozen" 24, "scores" 20, "hundreds" 100, "several hundred" 200,
  "thousands" 1,000, "tens of thousands" 10,000, "hundreds of thousands"
  100,000, and the same for millions/billions.
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}
SCALE_ABBR = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "mlrd": 1e9, "billion": 1e9, "tn": 1e12, "trn": 1e12,
    "trln": 1e12, "trillion": 1e12,
}
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}

# Vague quantities: the lower bound each one asserts.
_VAGUE_UNIT = {"dozen": 12.0, "score": 20.0, "hundred": 100.0, "thousand": 1e3,
               "million": 1e6, "billion": 1e9}

_SMALL_ALT = "|".join(sorted(SMALL, key=len, reverse=True))
_TENS_ALT = "|".join(TENS)
_WORD = rf"(?:(?:{_TENS_ALT})(?:-(?:one|two|three|four|five|six|seven|eight|nine)\b)?|{_SMALL_ALT})"
_SCALEW = r"(?:hundred|thousand|million|billion|trillion|dozen)"
_TOKEN = rf"(?:{_WORD}|{_SCALEW})"

# --- pattern sources, combined into one master pattern by claims.py ---------

DIGITS_BODY_SRC = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)|\d+)"
    r"(?:\.\d+)?"
    r"(?=(?:bn|bln|mn|mln|mlrd|tn|trn|trln|m|k|km|kms|mi|p|b)?(?!\w))"
)
# A number in digits not glued to a word or model name ("Mi-8", "G20", "201st").
DIGITS_SRC = r"(?:(?<![\w.,/\-:+'’])|(?<=(?-i:RM))|(?<=(?-i:Rs))|(?<=euro))" + DIGITS_BODY_SRC
WORDS_SRC = (
    rf"\b(?:an?\s+(?={_SCALEW}\b)|(?={_WORD}\b))"
    rf"{_TOKEN}(?:(?:(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+|\s*-\s*|\s+){_TOKEN})*\b"
)
_DENOM_ALT = "|".join(sorted(DENOMINATORS, key=len, reverse=True))
FRACTION_SRC = (
    rf"\b(?:(?:an?|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+(?:{_DENOM_ALT})\b"
    r"|half\b)|[½⅓⅔¼¾]"
)
VAGUE_SRC = (
    r"\b(?:(?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions|billions)"
    r"|(?:several|a\s+few|few|many)\s+(?:dozen|hundred|thousand|million|billion)(?!\w)"
    r"|(?:dozens|scores|hundreds|thousands|millions|billions))\b"
)

_MONTHS = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
SKIP_SRC = (
    # phone numbers
    r"(?<![\w+])\+\d[\d \u00a0().-]{6,}\d"
    r"|\(\d{3,5}\)\s?\d[\d -]{4,}\d"
    r"|\b\d{3}[-.]\d{3}[-.]\d{4}\b"
    # times of day
    r"|\b\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock\b)"
    r"|\b\d{4}\s*(?:GMT|UTC|MSK|hrs)\b"
    # calendar dates
    rf"|{_MONTHS}\s*\d{{1,2}}{_ORD}(?:\s*[-–]\s*\d{{1,2}}{_ORD})?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}{_ORD}(?:\s*[-–]\s*\d{{1,2}}{_ORD})?\s+(?:of\s+)?{_MONTHS}(?:,?\s+\d{{4}})?"
    rf"|{_MONTHS}\s+(?:of\s+)?\d{{4}}\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    # decades and centuries: "the 1990s", "the '90s"
    r"|\b\d{2,4}'?s\b|['’]\d0s\b"
)

_TOKEN_SPLIT_RE = re.compile(r"\s+and\s+|[\s-]+")
_HALF_TAIL_RE = re.compile(r"\s+and\s+a\s+half\b", re.I)


def parse_digits(text: str) -> float:
    """Read a digit string: ``"1,350"`` -> 1350.0, ``"1 350"`` -> 1350.0, ``"1.23"`` -> 1.23.

    Raises ValueError if ``text`` holds no digits.
    """
    cleaned = re.sub(r"[,\s\u00a0\u202f\u2009]", "", text)
    return float(cleaned)


def parse_words(text: str) -> float | None:
    """Read number words: ``"twenty-two"`` -> 22, ``"a hundred"`` -> 100,
    ``"one hundred and twenty"`` -> 120, ``"two dozen"`` -> 24.

    Returns None if ``text`` is not a number in words.
    """
    tokens = [t for t in _TOKEN_SPLIT_RE.split(text.lower().strip()) if t]
    if not tokens:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for tok in tokens:
        if tok in ("a", "an"):
            current = max(current, 1.0)
            continue
        if tok in SMALL:
            current += SMALL[tok]
        elif tok in TENS:
            current += TENS[tok]
        elif tok == "dozen":
            current = (current or 1.0) * 12
        elif tok == "hundred":
            current = (current or 1.0) * 100
        elif tok in SCALES:
            total += (current or 1.0) * SCALES[tok]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_fraction(text: str) -> float | None:
    """Read a fraction: ``"two-thirds"`` -> 0.6667, ``"a quarter"`` -> 0.25, ``"half"`` -> 0.5."""
    t = text.strip().lower()
    if t in UNICODE_FRACTIONS:
        return round(UNICODE_FRACTIONS[t], 4)
    parts = [p for p in re.split(r"[\s-]+", t) if p]
    if len(parts) == 1 and parts[0] == "half":
        return 0.5
    if len(parts) != 2 or parts[1] not in DENOMINATORS:
        return None
    num = 1 if parts[0] in ("a", "an") else SMALL.get(parts[0])
    if num is None:
        return None
    return round(num / DENOMINATORS[parts[1]], 4)


def parse_vague(text: str) -> float | None:
    """Lower bound of a vague quantity: ``"tens of thousands"`` -> 10000.0."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    m = re.fullmatch(r"(tens|hundreds|dozens|scores) of (thousands|millions|billions)", t)
    if m:
        head = {"tens": 10.0, "hundreds": 100.0, "dozens": 12.0, "scores": 20.0}[m.group(1)]
        return head * _VAGUE_UNIT[m.group(2)[:-1]]
    m = re.fullmatch(r"(several|a few|few|many) (dozen|hundred|thousand|million|billion)", t)
    if m:
        return 2 * _VAGUE_UNIT[m.group(2)]
    if t.endswith("s") and t[:-1] in _VAGUE_UNIT:
        return _VAGUE_UNIT[t[:-1]]
    return None


def half_tail(text: str, pos: int) -> int | None:
    """End offset of an "and a half" continuing a number at ``pos``, else None."""
    m = _HALF_TAIL_RE.match(text, pos)
    return m.end() if m else None


def trie_regex(words) -> str:
    """A regex source matching exactly ``words``, factored as a trie so the
    engine rejects a non-matching position after one or two characters."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# Every word a word-led number expression or date can start with; used as a
# cheap gate in front of the word alternatives (speed: ~5x on news text).
FOLD_WORDS = [w + "fold" for w in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                   "twenty", "hundred", "thousand")]
FOLD_SRC = r"\b(?:" + "|".join(FOLD_WORDS) + r")\b"
WORD_GATE_WORDS = list(SMALL) + list(TENS) + list(SCALES) + FOLD_WORDS + [
    "dozen", "a", "an", "half", "tens", "hundreds", "dozens", "scores", "thousands",
    "millions", "billions", "several", "few", "many", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct",
    "nov", "dec",
]
WORD_GATE_SRC = trie_regex(WORD_GATE_WORDS)
# The characters those words start with (none is empty), for a one-character gate.
WORD_GATE_FIRST = "".join(sorted({w[0] for w in WORD_GATE_WORDS}))
