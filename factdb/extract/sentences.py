"""Sentence splitting with character offsets.

:func:`split_sentences` guarantees:

* every returned ``(start, end)`` satisfies ``0 <= start < end <= len(text)``,
  spans are in order and never overlap, and ``text[start:end]`` has no
  leading or trailing whitespace;
* paragraphs (separated by a blank line) are hard boundaries;
* the first paragraph (the headline) is never split at punctuation, only at
  line breaks (a ticker block above the headline stays one line per span);
* a period after a known abbreviation ("Sept.", "Dr.", "U.S.", "a.m."), a
  single capital initial ("Vladimir V. Putin") or inside a number ("1.23")
  does not end a sentence;
* a single line break ends a sentence unless the text clearly continues
  (the line ends in a lowercase letter or comma and the next starts lowercase).
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARAGRAPH_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A sentence end: terminal punctuation, optional closing quotes/brackets,
# then whitespace. Or a single line break.
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n")
_TOKEN_BEFORE_RE = re.compile(r"([\w.]+)\.$")
_NEXT_START_RE = re.compile(r"\s*([\"'“‘«(\[]*)(\S?)")

ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr brig sen rep gov pres
    rev fr st mt ft jr sr no nos vs v approx est dept govt corp inc ltd co bros
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    u.s u.k u.n e.u u.s.a u.s.s.r a.m p.m e.g i.e etc al cf ca op vol pp""".split()
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``text[dot]`` closes an abbreviation or initial."""
    m = _TOKEN_BEFORE_RE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    token = m.group(1)
    if len(token) == 1 and token.isupper():
        return True  # an initial: "V. Putin"
    return token.lower().lstrip(".") in ABBREVIATIONS


def _continues(text: str, nl: int) -> bool:
    """True when a single line break at ``nl`` is inside a hard-wrapped sentence."""
    j = nl - 1
    while j >= 0 and text[j] in " \t\r":
        j -= 1
    if j < 0:
        return False
    prev = text[j]
    k = nl + 1
    while k < len(text) and text[k] in " \t\r":
        k += 1
    if k >= len(text):
        return False
    return (prev.islower() or prev == ",") and text[k].islower()


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _split_paragraph(text: str, start: int, end: int, headline: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    cur = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        if m.group() == "\n":
            if _continues(text, m.start()):
                continue
            cut = m.start()
        else:
            if headline:
                continue
            punct_end = m.end()
            first_dot = m.start()
            if text[first_dot] == "." and m.group().rstrip("\"'”’»)]") == "." and _is_abbreviation(text, first_dot):
                continue
            nxt = _NEXT_START_RE.match(text, punct_end, end)
            ch = nxt.group(2) if nxt else ""
            if ch and ch.islower():
                continue  # "... the U.S. said" / "approx. five"
            cut = punct_end
        span = _trimmed(text, cur, cut)
        if span:
            out.append(span)
        cur = cut
    span = _trimmed(text, cur, end)
    if span:
        out.append(span)
    return out


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (blank-line separated), trimmed, in order."""
    return list(_paragraphs(text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)``; see the module docstring."""
    return list(_sentences(text))


# Claims, context and memberships each split the same body: remember the last few.
@lru_cache(maxsize=8)
def _paragraphs(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    cur = 0
    for m in _PARAGRAPH_RE.finditer(text):
        span = _trimmed(text, cur, m.start())
        if span:
            out.append(span)
        cur = m.end()
    span = _trimmed(text, cur, len(text))
    if span:
        out.append(span)
    return tuple(out)


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for i, (ps, pe) in enumerate(_paragraphs(text)):
        out.extend(_split_paragraph(text, ps, pe, headline=(i == 0)))
    return tuple(out)
