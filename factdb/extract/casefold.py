"""Characters that Python's case-insensitive regexes equate with ASCII letters.

``re.IGNORECASE`` matches "ſ" (long s) as "s", "ı"/"İ" as "i"/"I" and the Kelvin
sign as "k", but ``str.lower()`` does not map them back, so a matched word
("ſept", "mıllıon") is missing from the lexicons keyed by lower-case ASCII.
:func:`ascii_twins` swaps them for their ASCII twins one character for one,
so every offset into the result is an offset into the original text.
"""

from __future__ import annotations

import re

_TWINS = str.maketrans({"ſ": "s", "ı": "i", "İ": "I", "\u212a": "K", "\u017f": "s"})
_TRAPS = re.compile("[ſıİ\u212a]")


def has_traps(text: str) -> bool:
    return _TRAPS.search(text) is not None


def ascii_twins(text: str) -> str:
    """``text`` with regex case-folding traps replaced; same length, same offsets."""
    return text.translate(_TWINS)
