"""How the mention finder reads names that are shared or are also common words.

Pure functions over an article body and its folded words (the lists of
:func:`factdb.normalize.fold_words`); the registry says which names need them
(``context_aliases``, ``common_words``, ``not_aliases``, docs/entities.md).

* :func:`choose_reading` -- a shared name ("Congo", "Georgia", "Korea") takes
  the reading one of whose cues occurs within :data:`WINDOW` words in the same
  paragraph ("Kinshasa", "Atlanta"). When no reading's cue occurs, or cues of
  several readings do, the plain reading is kept: the registry's default
  ("Georgia" the country), or none at all ("Congo" alone is not a mention).
* :func:`reads_as_name` -- a name that is also a common word or a given name
  ("Chad", "Jordan", "Turkey", "Guinea") counts only written with a capital,
  and not as part of a longer capitalised name ("Michael Jordan", "Lake Chad",
  "Niger Delta"). Titles after it ("Jordan's King", "Chad President") and
  direction words before it ("Southern Chad") keep it; in a Title Case
  headline the neighbours say nothing and it is kept.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["WINDOW", "choose_reading", "reads_as_name"]

WINDOW = 40  # words either side of a shared name in which a cue counts

# Capitalised words that may stand right after a common-word country name.
_FOLLOWERS = frozenset(
    """president presidents king queen prime premier foreign defence defense interior finance
    minister ministers ministry government army armed military police parliament embassy
    ambassador national central state authorities officials forces security border and or
    but the in on at of for to from with""".split()
)
# Capitalised words that may stand right before one (sentence-initial function words,
# directions, "Visit" verbs are not covered: "Visiting Jordan" reads as a person).
_PRECEDERS = frozenset(
    """in on at by to of for from with and but or as if when while after before during since
    until unless although because however meanwhile also then now the this that both
    neither nor like unlike across inside outside within via against toward towards near
    beyond through throughout including besides neighbouring neighboring northern southern
    eastern western central north south east west upper lower""".split()
)
_GAP_RE = re.compile(r"[ \t\u00a0]+")


def choose_reading(body, starts, keys, first, last, default, readings, window: int = WINDOW):
    """The canonical name a shared name at words ``first..last`` stands for, or ``None``.

    ``readings`` is ``((canonical, cue_keys), ...)``; ``default`` the plain
    reading (``None`` when the name has none).
    """
    para_lo = body.rfind("\n\n", 0, starts[first]) + 1
    para_hi = body.find("\n\n", starts[last])
    lo = max(bisect.bisect_left(starts, para_lo), first - window)
    hi = min(len(keys) if para_hi < 0 else bisect.bisect_left(starts, para_hi), last + 1 + window)
    context = f" {' '.join(keys[lo:first])} \x00 {' '.join(keys[last + 1:hi])} "
    chosen = {name for name, cues in readings if any(f" {cue} " in context for cue in cues)}
    return chosen.pop() if len(chosen) == 1 else default


def _name_word(body: str, start: int, end: int) -> bool:
    word = body[start:end]
    return word[:1].isupper() and any(c.islower() for c in word)


def _joined(body: str, end: int, start: int) -> bool:
    return bool(_GAP_RE.fullmatch(body, end, start))


def reads_as_name(body, starts, ends, first, last) -> bool:
    """Whether a common-word name at words ``first..last`` is used as the name."""
    if not body[starts[first]].isupper():
        return False  # "turkey", "china", "guinea pig"
    nxt, prv = last + 1, first - 1
    after = nxt < len(starts) and _joined(body, ends[last], starts[nxt]) and _name_word(body, starts[nxt], ends[nxt])
    before = prv >= 0 and _joined(body, ends[prv], starts[first]) and _name_word(body, starts[prv], ends[prv])
    if after and body[starts[nxt]:ends[nxt]].lower() in _FOLLOWERS:
        after = False
    if before and body[starts[prv]:ends[prv]].lower() in _PRECEDERS:
        before = False
    if not (after or before):
        return True
    return _in_headline(body, starts[first])


def _in_headline(body: str, pos: int) -> bool:
    from factdb.extract.mentions import _title_case_line  # one rule for what a headline is

    lo = body.rfind("\n", 0, pos) + 1
    hi = body.find("\n", pos)
    return _title_case_line(body, (lo, len(body) if hi < 0 else hi))
