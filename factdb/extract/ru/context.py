"""Russian wording for :func:`factdb.extract.context.complete_claims`: clauses, modality, change.

The subject and object rules are shared with English (:mod:`factdb.extract.subjects`
knows the Russian prepositions and verbs of giving); what differs is read here:

* clause bounds: punctuation and "но", "а", "который", "когда"... ;
* modality: ``estimated`` for "по оценкам", "ожидается", "прогноз", "может";
  ``planned`` for a future-tense verb ("составит", "будет", "выделит") or
  "планирует", "намерен";
* change: "выросла на 5%", "сократится на 1,5 млн" -> increase/decrease;
  "до" after a verb of change is the level reached (no change); "ещё N" -> increase.
"""

from __future__ import annotations

import re

from factdb.extract.ru import lexicon as L
from factdb.extract.ru.morph import lemmas, parses

BOUND_BEFORE = re.compile(
    r"[;:()\[\]—–«»]|,(?!\d)|\b(?:после|перед|когда|пока|потому|хотя|но|однако|который|которая|которое|которые"
    r"|которого|которой|которых|где|чтобы|если)\b",
    re.I,
)
BOUND_AFTER = re.compile(
    r"[;:()\[\]—–«»]|,(?!\d)|\b(?:и|но|а|пока|после|перед|потому|хотя|когда|который|которая|которое|которые"
    r"|которого|которой|которых|где|чтобы|если)\b",
    re.I,
)
_ESTIMATED = re.compile(
    r"\b(?:по\s+оценк\w+|оценива\w+|оценен\w*|ожида\w+|прогноз\w*|вероятно|возможно|может|могут|мог|могла|могли"
    r"|предположительно|якобы|примерно|ориентировочно)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:будет|будут|планир\w+|намерен\w*|намерева\w+|собира\w+|предполага\w+|намечен\w*|запланирован\w*"
    r"|обещ\w+|пообещ\w+|решил\w*|в\s+ближайш\w+|в\s+следующ\w+|в\s+предстоящ\w+)\b",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]+")
_ADDITIVE = re.compile(r"\b(?:ещ[её]|дополнительн\w+)\s*$", re.I)


def modality(clause: str) -> str:
    if _ESTIMATED.search(clause):
        return "estimated"
    if _PLANNED.search(clause):
        return "planned"
    for w in _WORD.findall(clause):
        if any(p.tag.POS == "VERB" and "futr" in p.tag for p in parses(w)[:1]):
            return "planned"
    return "reported"


def change(pre: str, post: str) -> str | None:
    """``increase``/``decrease`` when the words before the number state a change by it."""
    words = _WORD.findall(pre.lower())
    if not words:
        return None
    if _ADDITIVE.search(pre):
        return "increase"
    if words[-1] == "до":
        return None  # "выросла до 16%": the level reached
    # "выросла на 5%", "сократится на 1,5 млн", "увеличение на 10%"
    tail = words[-6:]
    if "на" not in tail[-3:]:
        return None
    for w in reversed(tail):
        ls = lemmas(w)
        if ls & L.INCREASE_LEMMAS:
            return "increase"
        if ls & L.DECREASE_LEMMAS:
            return "decrease"
    return None
