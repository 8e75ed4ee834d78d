"""What a claim is about: the rules that decide whether two claims state the same quantity.

Two claims are compared only when they agree on every part of their identity
(docs/agreement.md, "Claim identity"):

* **subject** and **property**: equal; across articles the subject must be a
  registry entity (a raw text subject such as "the authorities" names nothing
  two outlets can share);
* **object**: equal where both are known ("Russia -> Tajikistan" is not
  "Russia -> Kyrgyzstan");
* **kind** (what is counted): equal where both are known. It is read from the
  claim's clause: dead vs wounded, troops stationed vs sent vs mobilised, aid
  vs loans vs remittances vs trade, budget revenue vs spending, a share *of
  GDP* vs *of the border* (see :func:`kind_of`);
* **scope**: both ``whole``. A part, a component, an instalment or a section
  of something is a different quantity from the whole and from every other
  part ("the first tranche of 4.5 billion euros" vs the 50 billion package;
  "a 200-km stretch of the border" vs the border) (see :func:`scope_of`);
* **as-of**: the same moment (:func:`factdb.agreement.timing.same_moment`).

Everything here reads text only (the claim's sentence and its offsets); the
store computes it once per claim at load.
"""

from __future__ import annotations

import re

from factdb.records import SCOPES  # noqa: F401  (the vocabulary; tables.py builds its CHECK from it)

# ------------------------------------------------------------------ headlines

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
MAX_DISPLAY_LINE = 200


def headline_end(body: str) -> int:
    """Offset where the headline block ends: the title and the display lines under it.

    The body's first paragraph is the headline. Paragraphs right after it that
    are short (at most 200 characters) and do not end like a sentence are
    subheadlines and decks ("Russia will transfer $70 billion to Tajikistan")
    and belong to the headline block; the first paragraph that does not ends it.
    """
    pos = body.find("\n\n")
    if pos < 0:
        return len(body)
    end = pos
    while True:
        start = end
        while body.startswith("\n", start):
            start += 1
        nxt = body.find("\n\n", start)
        para_end = len(body) if nxt < 0 else nxt
        para = body[start:para_end].strip()
        if not para or len(para) > MAX_DISPLAY_LINE or _SENTENCE_END.search(para):
            return end
        end = para_end
        if nxt < 0:
            return end


# ------------------------------------------------------------------ scope

_W = r"[\w’'-]+"
_INSTALMENT = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|final|last|next|initial|latest|new)\s+)?"
    r"(?:tranche|instal+ments?|disbursements?)\b", re.I)
_SECTION_AFTER = re.compile(
    r"^[\s-]*(?:long\s+)?(?:section|stretch|segment|portion|sector|strip|part|length)s?\b"
    r"|^\s+of\s+(?:the|its|their|this|that)\s+(?:" + _W + r"\s+){0,3}?(?:border|frontier|boundary|line|road|pipeline|railway)", re.I)
_SECTION_BEFORE = re.compile(
    r"\b(?:section|stretch|segment|portion|sector|strip)s?\b(?:\s+" + _W + r"){0,6}\s*$", re.I)
_PART_AFTER = re.compile(
    r"^\s+of\s+(?:that|this|it|them|which|those|these)\b"
    r"|^\s+of\s+the\s+(?:total|sum|amount|money|package|loan|aid|figure|funds?|credit|budget)\b"
    r"|^\s+(?:will|would|is|are|was|were|shall)\s+(?:to\s+)?(?:go|be\s+used|be\s+spent|be\s+allocated|be\s+earmarked"
    r"|be\s+directed|be\s+channell?ed)\b", re.I)
_PART_BEFORE = re.compile(
    r"(?:\bof\s+(?:that|this|it|which|them|the\s+(?:total|sum|amount|money|package))\b"
    r"|\b(?:including|includes|included|among\s+them|out\s+of\s+(?:that|this|which))\b"
    r"|\b(?:part|portion|share)\s+of\b)(?:[^.;:]{0,60})$", re.I)
_COMPONENT_WORDS = re.compile(r"^\s+(?:for|to|on)\s+", re.I)
_SCOPE_CUT = re.compile(r"[.;:!?]\s")
# every scope rule below needs one of these words: a number without any of them is a whole
_ANY_CUE = re.compile(r"total|combined|overall|\bin\s+all\b|altogether|aggregate|whole|entire|tranche|instal|"
                      r"disburse|section|stretch|segment|portion|sector|strip|\bpart\b|length|\bof\b|includ|among|"
                      r"share|\bwill\b|\bwould\b|\bis\b|\bare\b|\bwas\b|\bwere\b|\bshall\b", re.I)
_VERB_PART = re.compile(r"\s+(?:will|would|is|are|was|were|shall)")
_INCLUDING = re.compile(r"\bincluding\b|\bincludes?\b", re.I)
_WHOLE = re.compile(r"\b(?:total|combined|overall|in\s+all|altogether|aggregate|whole|entire)\b", re.I)


def scope_of(quote: str, start: int, end: int, prop: str) -> str:
    """``whole``, ``part``, ``component``, ``instalment`` or ``section`` for the number at quote[start:end].

    Cues are read in the number's clause: "the first tranche of" (instalment);
    for lengths "a 200-km stretch of", "N km of the border" (section); for
    other quantities "of that amount", "Of that money, $30 million will go to",
    "including", "part of" (part; a component when the text says what it goes
    to). "total", "combined", "in all" mark a whole and win over part cues.
    """
    left = _SCOPE_CUT.split(quote[max(0, start - 80):start])[-1]
    right = quote[end:end + 80]
    if not _ANY_CUE.search(left) and not _ANY_CUE.search(right):
        return "whole"  # most numbers: none of the words below is anywhere near
    near = left[-40:] + " " + right[:40]
    if _WHOLE.search(near):
        return "whole"
    if _INSTALMENT.search(near):
        return "instalment"
    if prop in ("border_length", "distance"):
        if _SECTION_AFTER.search(right) or _SECTION_BEFORE.search(left):
            return "section"
        return "whole"
    if prop in ("monetary_amount", "troop_count", "count", "fatalities", "share"):
        if _PART_AFTER.search(right):
            m = _PART_AFTER.search(right)
            return "component" if _VERB_PART.match(m.group(0)) else "part"
        if _PART_BEFORE.search(left):
            return "component" if _INCLUDING.search(left) else "part"
    return "whole"


# ------------------------------------------------------------------ kind

class _Lexicon:
    """Cue phrases -> kinds, matched in one pass (one alternation, a named group per kind)."""

    def __init__(self, pairs: dict[str, str]):
        self.kinds = list(pairs.values())
        self.pattern = re.compile("|".join(rf"(?P<k{i}>\b(?:{p})\b)" for i, p in enumerate(pairs)), re.I)

    def kind(self, m: re.Match) -> str:
        return self.kinds[int(m.lastgroup[1:])]


def _lexicon(pairs: dict[str, str]) -> _Lexicon:
    return _Lexicon(pairs)


_MONEY_KINDS = _lexicon({
    r"remittances?|wired\s+home|sent\s+home|money\s+(?:wired|sent)|transfers\s+from|migrant": "remittance",
    r"revenues?|receipts|income\s+of\s+the\s+budget": "budget revenue",
    r"expenditures?|spending|expenses|outlays": "budget spending",
    r"deficit": "budget deficit",
    r"trade|turnover|exports?|imports?": "trade",
    r"invest(?:ment|ments|ed|ing)?": "investment",
    r"loans?|credit|credits|bailout|lend|lending|borrow(?:ing)?|facility|arrangement|programme|program": "loan",
    r"debts?|repayments?|payments?\s+(?:due|of\s+debt)": "debt",
    r"aid|assistance|grants?|donations?|support\s+package|package|help": "aid",
    r"prices?|costs?|tariffs?|per\s+barrel|a\s+barrel|per\s+(?:1,000|thousand|ton|tonne|cubic)": "price",
    r"salar(?:y|ies)|wages?|income|pensions?": "income",
    r"reserves": "reserves",
    r"gdp|gross\s+domestic\s+product": "gdp",
})
_PER_PERIOD = re.compile(r"^[^.;,]{0,25}?(?<!\bin\s)\b(?:annually|a\s+year|per\s+year|each\s+year|every\s+year|yearly|a\s+month|"
                         r"per\s+month|monthly|each\s+month|a\s+day|per\s+day|daily)\b", re.I)
_TROOP_KIND = _lexicon({
    r"mobili[sz]\w*|call(?:ed|ing)?\s+up|reservists?|reserve": "mobilised",
    r"sen[dt]|sending|dispatch\w*|arriv\w*|airlift\w*|flown|fly|flew|reinforc\w*|deploy(?:ed|ing|s)?\s+to|to\s+deploy|"
    r"will\s+deploy|pour\w*\s+in|contribut\w*": "sent",
    r"withdr[ae]w\w*|pull\w*\s+out|leav\w*|left|return\w*\s+home|evacuat\w*": "withdrawn",
})
_DEAD_KIND = _lexicon({
    r"civilians?|residents|children|women": "civilians",
    r"soldiers?|servicem[ae]n|troops|military|personnel|officers?|border\s+guards?|guards": "military",
    r"militants?|fighters?|insurgents?|rebels?|gunmen|terrorists?": "militants",
    r"police(?:men|man)?|officers\s+of\s+the\s+police": "police",
})
_SHARE_OF = re.compile(r"^\s*(?:percent|per\s+cent|%)?\s*of\s+((?:[\w’'-]+\s*){1,6})", re.I)
_SHARE_WHOLES = _lexicon({
    r"gdp|gross\s+domestic|economy|output": "gdp",
    r"budget|spending|expenditure": "budget",
    r"trade|turnover": "trade",
    r"exports?": "exports",
    r"imports?": "imports",
    r"troops|forces|servicemen|soldiers|personnel|army|border\s+(?:troops|guards|forces)": "troops",
    r"border|frontier|boundary": "border",
    r"population|people|residents|citizens|voters|electorate": "population",
    r"votes?|ballots": "votes",
    r"territory|land|area": "territory",
    r"debts?|obligations": "debt",
    r"consumption|supplies|supply|demand": "consumption",
    r"production|output": "production",
    r"average": "average",
})
_NUMBER_OF = re.compile(r"^(\s*(?:percent|per\s+cent|%)?\s*of)\s+the\s+(?:number|total|size)\s+of")
_COUNT_SYNONYMS = {"seats": "seat", "deputies": "deputy", "lawmakers": "deputy", "mps": "deputy",
                   "members": "member", "states": "member", "countries": "country", "nations": "country",
                   "people": "person", "persons": "person", "injured": "wounded", "hurt": "wounded"}
_TROOP_NOUNS = {"reservists": "reservists", "reservist": "reservists"}


_LEFT_CUT = re.compile(r"[.;!?]\s+|\(\s*|\s[–—]\s")
_RIGHT_CUT = re.compile(r"[.;!?,(](?:\s|$)|\s[–—]\s|\s(?:and|while|but|whereas|or)\s")


def _clause(quote: str, start: int, end: int) -> tuple[str, str]:
    """The words before the number in its clause, and after it up to the next clause or item."""
    left = _LEFT_CUT.split(quote[max(0, start - 160):start])[-1]
    right = _RIGHT_CUT.split(quote[end:end + 120], maxsplit=1)[0]
    return left, right


def _nearest(lexicon: _Lexicon, left: str, right: str, span: int = 100) -> str | None:
    """The lexicon kind whose cue is closest to the number (left or right)."""
    best = None
    tail = left[-span:]
    for m in lexicon.pattern.finditer(tail):
        best = (len(tail) - m.end(), lexicon.kind(m))  # later matches are nearer
    m = lexicon.pattern.search(right[:span])
    if m and (best is None or m.start() < best[0]):
        best = (m.start(), lexicon.kind(m))
    return None if best is None else best[1]


def _singular(noun: str) -> str:
    n = noun.lower()
    if n in _COUNT_SYNONYMS:
        return _COUNT_SYNONYMS[n]
    if n.endswith("ies") and len(n) > 4:
        return n[:-3] + "y"
    if n.endswith("s") and not n.endswith("ss") and len(n) > 3:
        return n[:-1]
    return n


def kind_of(quote: str, start: int, end: int, prop: str, counted: str | None = None) -> str | None:
    """What the number counts, as a short key, or None when the text does not say.

    * fatalities: ``dead`` with the group when named (``dead: civilians``);
    * troop_count: ``troops: stationed | sent | mobilised | withdrawn`` from the
      clause's verbs (reservists are mobilised);
    * monetary_amount: aid, loan, debt, remittance, trade, investment, budget
      revenue / spending / deficit, price, income, reserves, gdp, with
      ``per year`` / ``per month`` for amounts paid per period; None when the
      clause names none of them;
    * share: the whole it is a share *of* (gdp, budget, trade, border, ...);
    * count and member_count: the counted noun, singular ("seats" = "seat").
    """
    if prop not in ("fatalities", "troop_count", "monetary_amount", "share", "count", "member_count"):
        return None
    if prop in ("count", "member_count"):
        if counted:
            return _singular(counted.split()[-1])
        return "member" if prop == "member_count" else None
    left, right = _clause(quote, start, end)
    if prop == "fatalities":
        # the group is the counted noun ("20 civilians"), not whoever else the clause names
        group = _nearest(_DEAD_KIND, "", f"{counted or ''} {right[:30]}", 40)
        return f"dead: {group}" if group else "dead"
    if prop == "troop_count":
        if counted and counted.lower() in _TROOP_NOUNS:
            return "troops: mobilised"
        return f"troops: {_nearest(_TROOP_KIND, left, right) or 'stationed'}"
    if prop == "monetary_amount":
        kind = _nearest(_MONEY_KINDS, left, right)
        if _PER_PERIOD.search(right):
            per = _PER_PERIOD.search(right).group(0).lower()
            period = "per month" if "month" in per else "per day" if ("day" in per or "daily" in per) else "per year"
            return f"{kind or 'amount'} {period}"
        return kind
    if prop == "share":
        m = _SHARE_OF.search(_NUMBER_OF.sub(r"\1", quote[end:end + 120]))
        if not m:
            return None
        whole = _nearest(_SHARE_WHOLES, "", m.group(1), 60)
        return whole or _singular(m.group(1).split()[-1])
    return None


def describe(quote: str, start: int, end: int, prop: str, counted: str | None = None) -> tuple[str, str | None]:
    """(scope, kind) of the number at ``quote[start:end]``."""
    return scope_of(quote, start, end, prop), kind_of(quote, start, end, prop, counted)
