"""Membership wording read from the clause around a member (English).

:func:`clause_memberships` complements the list and event rules of
:mod:`factdb.extract.memberships`. It reads one sentence through a *mask*: a
copy of the sentence, the same length, in which every organization reference
(a name or "the bloc") is written as ``§`` and every country mention as ``¤``,
so one pattern reads "a member of NATO", "an EU member", "the bloc's newest
member" and "non-OPEC countries" alike, and every match offset is a body offset.
The rules follow the grammar of the clause, not particular articles:

* **predicates and appositions** after a member: "X is (also / not / no longer)
  a member of Y", "X, a founding member of Y,", "X, an EU member since 2013",
  "X, which is not in the CSTO", "X has never been a full member", "X belongs
  to Y", "X remains outside the bloc", "X will become a member" (pending),
  "X, an observer in Y" (observer), "X, a candidate for EU membership"
  (applicant), "X, a dialogue partner of Y" (partner);
* **events** after a member: "X applied to join / for membership" (applicant),
  "X was granted candidate / observer status", "X was suspended (from Y)",
  "X was expelled from Y", "X will join Y on 1 January" (pending), "X will
  join A and B in the bloc" (A and B members, X pending), "X joined Y in 1984,
  followed by Z in 1995, A and B in 1997" (each with its date), "X announced
  it would leave Y" (still a member: active);
* **what the organization does to a member**, before it: "the AU suspended
  Niger('s membership)" (suspended), "NATO admitted X", "Y expelled X",
  "granted candidate status to X", "the suspension / accession / withdrawal of
  X (from Y)";
* **modifiers** before a member: "OPEC members Saudi Arabia and Iraq", "EU
  countries such as A and B", "non-OPEC countries Egypt and Bahrain"
  (negated), "the founding members of ASEAN: A, B and C", "comprising A, B
  and C, the group";
* **possessives** after a member: "X's membership in Y" (member),
  "X's NATO application / bid to join / candidacy" (applicant; approved:
  pending), "X's accession to Y" (active once dated on or before publication,
  else pending), "X's suspension from Y", "X's withdrawal from Y" (former),
  "X's BRICS presidency" (chair), "X's OPEC governor" (member).

An organization may itself be the member in a predicate or event ("the African
Union became a permanent member of the G20"), never in a list. Where the
wording names no organization ("Sweden applied for membership"), the one meant
is the most salient organization that can have members named before
(:func:`implicit_org`). Pure: no database access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE
ORG, CTY = "§", "¤"

_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth fiftieth"
).split()
_MOD = (r"(?:(?:founding|full|full-fledged|fully-fledged|fully\s+fledged|permanent|non-permanent|associate|key|leading"
        r"|original|new|newest|latest|active|fellow|longtime|long-standing|current|official|formal|core|major|top"
        r"|biggest|largest|smallest|poorest|richest|sole|only|last|rotating|elected|equal|voting|technically|also"
        r"|\d+(?:st|nd|rd|th)|" + "|".join(_ORDINALS) + r")[\s-]+)")
_NOUN = (r"(?P<noun>member(?:[- ](?:state|country|nation|economy))?s?|members|ally|allies|leaders?"
         r"|observer(?:[- ](?:state|country|nation))?s?|candidate(?:[- ](?:state|country|member))?s?|applicants?"
         r"|(?:dialogue\s+)?partner(?:[- ](?:state|country|nation))?s?|chair(?:man)?)")
_ART = r"(?:(?:a|an|the|its|their|one\s+of\s+(?:the|its|their)|among\s+(?:the|its|their))\s+)"
# a member noun phrase: "a founding member of §", "an § member", "§'s newest member", "the current chair of §"
_NP = (_ART + r"?" + _MOD + r"*(?:(?P<o1>§+)(?:['’]s)?[\s-]+" + _MOD + r"*)?" + _NOUN
       + r"(?![\w-])(?:\s+(?:of|in|to|at|within)\s+(?:the\s+)?(?P<o2>§+)"
       r"|\s+(?:for|to)\s+(?:full\s+)?(?:(?:the\s+)?(?P<o3>§+)\s+)?membership(?:\s+(?:of|in)\s+(?:the\s+)?(?P<o4>§+))?)?")
_ADV = r"(?:(?:also|too|both|all|now|currently|still|itself|themselves|already|formally|officially|finally|effectively|technically|once|again|then|later)\s+)"
_LEAD_IN = r"^\s*(?:,\s*)?(?:(?:which|that|who)\s+)?" + _ADV + r"*"
_BE = (r"(?P<be>is|are|was|were|has\s+been|have\s+been|had\s+been|remains|remain|remained|became|become|becomes"
       r"|has\s+become|have\s+become|had\s+become|to\s+become|being)")
_WILL_BE = (r"(?P<will>(?:will|shall)\s+(?:(?:formally|officially|then|soon|also|now)\s+)*(?:become|be)"
            r"|(?:is|are|was|were)\s+(?:set|due|scheduled|poised|slated)\s+to\s+(?:become|be)|(?:is|are)\s+to\s+become)")
_NOT_BE = (r"(?P<not>(?:is|are|was|were|has|have|had)\s+(?:not|never)(?:\s+been)?|isn['’]t|aren['’]t|wasn['’]t|weren['’]t"
           r"|hasn['’]t\s+been|haven['’]t\s+been|never\s+(?:was|were|became|been)|(?:is|are)\s+no\s+longer)")
_PREDICATE = re.compile(_LEAD_IN + r"(?:" + _NOT_BE + r"|" + _WILL_BE + r"|" + _BE + r")\s+" + _ADV + r"*" + _NP, _I)
# "X, a member of §,": an apposition needs its comma and an organization
_APPOSITION = re.compile(r"^\s*,\s*(?:(?P<former>former|once|formerly)\s+)?" + _NP, _I)
_NOT_IN = re.compile(_LEAD_IN + r"(?:(?:(?:is|are|was|were)\s+not|isn['’]t|aren['’]t)\s+(?:in|part\s+of|a\s+part\s+of)"
                     r"|(?:remains|remained|is|are|stays|stayed)\s+outside)\s+(?:the\s+)?(?P<o2>§+)", _I)
_BELONGS = re.compile(_LEAD_IN + r"(?:belongs|belong|belonged|(?:is|are)\s+(?:a\s+)?part\s+of(?=\s+(?:the\s+)?§))"
                      r"(?:\s+to)?\s+(?:the\s+)?(?P<o2>§+)", _I)
_APPLIED = re.compile(
    _LEAD_IN + r"(?:(?:has|have|had)\s+)?" + _ADV + r"*(?:applied|apply|applies|(?:submitted|filed|lodged|made|handed\s+in)\s+"
    r"(?:an?|its|their)\s+(?:formal\s+|official\s+)?(?:application|bid|request))"
    r"(?:\s+(?:to\s+join|for\s+(?:full\s+)?(?:(?:the\s+)?(?P<o1>§+)\s+)?membership|for\s+(?:the\s+)?(?P<o3>§+)\s+membership))?"
    r"(?:\s+(?:in|of|to|with)?\s*(?:the\s+)?(?P<o2>§+))?", _I)
_GRANTED_STATUS = re.compile(
    _LEAD_IN + r"(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:formally\s+|officially\s+)?"
    r"(?:granted|given|awarded|offered)|(?:received|obtained|won|got|gained)|(?:has|have)\s+(?:received|obtained|won|gained))"
    r"\s+(?:(?:the\s+)?(?P<o1>§+)\s+)?(?:(?:official|formal|full)\s+)?(?P<what>candidate|candidacy|observer|partner|dialogue\s+partner)"
    r"\s+status(?:\s+(?:in|of|at|with|by)\s+(?:the\s+)?(?P<o2>§+))?", _I)
_SUSPENDED = re.compile(
    _LEAD_IN + r"(?:(?:has|have|had)\s+)?" + _ADV + r"*(?:been|was|were|is|are|remains|remain|remained)\s+" + _ADV
    + r"*(?P<v>suspended|expelled|readmitted|reinstated)(?:\s+(?:from|to|into|in)\s+(?:the\s+)?(?P<o2>§+))?", _I)
# "Indonesia suspended its OPEC membership", "Armenia froze its participation in the CSTO"
_SUSPEND_OWN = re.compile(
    _LEAD_IN + r"(?:(?:has|have|had)\s+)?" + _ADV + r"*(?P<v>suspended|froze|frozen|freezes|suspends|revoked|renounced|ended)"
    r"\s+(?:its|their)\s+(?:(?P<o1>§+)\s+)?(?:membership|participation)(?:\s+(?:in|of)\s+(?:the\s+)?(?P<o2>§+))?", _I)
# "has been negotiating to join the EU", "opened accession talks with the EU": a candidate
_NEGOTIATING = re.compile(
    _LEAD_IN + r"(?:(?:has|have|had)\s+(?:been\s+)?|(?:is|are|was|were)\s+)?" + _ADV
    + r"*(?:negotiating\s+(?:to\s+join|(?:its\s+|their\s+)?(?:accession|membership|entry))|(?:opened|started|began|launched|held)"
    r"\s+(?:(?:formal|its|their)\s+)*(?:accession|membership)\s+(?:talks|negotiations))"
    r"(?:\s+(?:(?:with|to|into|in|of)\s+)?(?:the\s+)?(?P<o2>§+))?", _I)
_JOIN = re.compile(
    _LEAD_IN + r"(?:(?P<will>will|shall|(?:is|are|was|were)\s+(?:set|due|scheduled|poised|slated)\s+to|(?:is|are)\s+to)\s+)?"
    r"(?:(?:has|have|had)\s+)?" + _ADV + r"*(?P<v>joined|joins|join|rejoined|rejoins|rejoin|acceded\s+to|accedes\s+to|accede\s+to"
    r"|(?:was|were|has\s+been|have\s+been|be)\s+(?:formally\s+|officially\s+)?(?:admitted|accepted)\s+(?:to|into))"
    r"(?:\s+(?:the\s+)?(?P<o2>§+))?", _I)
_LEAVE_INTENT = re.compile(
    _LEAD_IN + r"(?:(?:has|have|had)\s+)?(?:announced|said|decided|plans|planned|intends|intended|threatened|wants|vowed|is\s+to|will|would)"
    r"(?:\s+(?:that\s+)?(?:it|they)\s+(?:will|would))?(?:\s+to)?\s+(?:leave|quit|withdraw\s+from|exit|pull\s+out(?:\s+of)?)"
    r"(?:\s+(?:the\s+)?(?P<o2>§+))?", _I)
# --- before the member: what an organization does to it, and modifiers
_ORG_DOES = re.compile(
    r"(?:(?P<o>§+)(?:\s*,[^,;.]{1,60},)?\s+(?:(?:has|have|had)\s+)?" + _ADV + r"*|\b(?:to|decision\s+to|voted\s+to|move\s+to)\s+" + _ADV + r"*)"
    r"(?P<v>suspended|expelled|readmitted|reinstated|admitted|welcomed|suspend|expel|readmit|reinstate|admit)\s+(?:the\s+)?$", _I)
_FROM_ORG = re.compile(r"^(?:['’]s\s+(?:membership|participation)(?:\s+in)?)?\s+(?:from|to|into|in)\s+(?:the\s+)?(?P<o>§+)", _I)
_ENDING_BEFORE = re.compile(r"\b(?P<v>suspend\w*|froze|freez\w*|frozen|revok\w*|terminat\w*|ended|end)\s+(?:the\s+)?$", _I)
_GRANT_TO = re.compile(
    r"\b(?:grant(?:ed|ing|s)?|gave|give|giving|award(?:ed|ing|s)?)\s+(?:(?:the\s+)?(?P<o>§+)\s+)?(?:(?:official|formal|full)\s+)?"
    r"(?P<what>candidate|candidacy|observer|partner|dialogue\s+partner)\s+status\s+to\s+(?:the\s+)?$", _I)
_NOUN_OF = re.compile(
    r"\b(?P<n>suspension|expulsion|withdrawal|exit|accession|admission|entry|inclusion|membership|candidacy)\s+of\s+(?:the\s+)?$", _I)
_MODIFIER = re.compile(
    r"(?P<non>\bnon-)?(?P<o>§+)(?:['’]s)?\s+" + _MOD + r"*"
    r"(?P<noun>member(?:[- ](?:state|country|nation))?s?|members|countries|country|states|nations|allies|ally|producers?"
    r"|founders?|observers?|observer\s+(?:states|countries)|candidates?|candidate\s+countr(?:y|ies)|economies|economy|partners?)"
    r"\s*(?:,\s*)?(?:(?:including|such\s+as|like|among\s+them|notably|namely)\s+)?(?:the\s+)?$", _I)
_COMPRISING = re.compile(
    r"\b(?:comprising|consisting\s+of|made\s+up\s+of|grouping|bringing\s+together|uniting)\s+(?:the\s+)?$", _I)
_FOUNDERS_OF = re.compile(
    r"\b(?:founding\s+(?:fathers|members|states|nations|countries|member\s+states)|founders|original\s+members|members"
    r"|member\s+(?:states|countries|nations))\s+of\s+(?:the\s+)?(?P<o>§+)\s*(?::|—|–|--|were|are|included|include)\s*(?:the\s+)?$",
    _I)
# --- possessives after the member: "X's membership in §", "X's § application"
_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:(?:formal|official|planned|eventual|full|future|long-awaited|swift|rapid|quick|historic)\s+)*"
    r"(?:(?P<o1>§+)\s+)?(?:(?:formal|official|full|rotating)\s+)*"
    r"(?P<n>membership|accession|application|candidacy|bid|suspension|withdrawal|exit|departure|expulsion"
    r"|presidency|chairmanship|governor|seat)\b"
    r"(?P<rest>(?:\s+(?:in|of|to|into|from|at|on|for|with|to\s+join|to\s+become\s+a\s+member\s+of|for\s+membership\s+(?:in|of))"
    r"\s+(?:the\s+)?(?P<o2>§+))?(?:\s+(?P<then>bid|application|request|talks"
    r"|negotiations|process|aspirations|hopes|ambitions|prospects|criteria|path|plans?))?)", _I)
_ENDED_WORDS = re.compile(r"\b(?:reject\w*|veto\w*|block\w*|turned\s+down|refus\w*|den(?:y|ied|ies))\b", _I)
_APPROVED_WORDS = re.compile(r"\b(?:approv\w*|accept\w*|endors\w*|green\s+light|backed|ratif\w*|invited)\b", _I)
_PLAN_WORDS = re.compile(
    r"\b(?:will|would|shall|set\s+to|due\s+to|expected|plan\w*|approv\w*|ratif\w*|invit\w*|protocol|talks|negotiat\w*"
    r"|bid|hope\w*|wants?|seek\w*|aspir\w*|could|may|might|road\s*map|criteria|path|process|prepar\w*)\b", _I)
_DONE_WORDS = re.compile(r"\b(?:complet\w*|finali[sz]\w*|congratulat\w*|celebrat\w*|formally\s+joined|became)\b", _I)
_AS_MEMBER = re.compile(r"^\s+as\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}?(?:member|member\s+state)s?\b", _I)
_INCLUDE_BEFORE = re.compile(r"\b(?P<v>include|admit|accept|welcome|welcomed|welcoming|including|admitted|accepted)\s+(?:the\s+)?$", _I)
_GAP_NEXT = re.compile(r"^\s*,?\s*(?:(?:and|then|followed\s+by|before|after)\s+)?(?:,\s*)?(?:the\s+)?$", _I)
_IN_DATE = re.compile(r"^\s+(?:in|on)\s+(?:(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?\d{4}\b")
# an unknown name right after the wording: "from ECOWAS", "of the Arab Maghreb Union"
_NAMED_ELSE = re.compile(
    r"\s+(?:from|of|in|to|into|for)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday|The|This|That|Its|Their)\b)(?:[A-Z][\w'’&-]*|[A-Z]{2,})")
_JOIN_IN = re.compile(r"^\s+in\s+(?:the\s+)?(?P<o>§+)")


class _Gates:
    """Which pattern families can match in a sentence, by the words they need (cheap substring tests)."""

    def __init__(self, low: str):
        def has(*words: str) -> bool:
            return any(w in low for w in words)

        self.noun = has("member", "ally", "allies", "leader", "observer", "candidate", "applicant", "partner", "chair")
        self.state = has("not", "outside", "belong", "part of")
        self.apply = has("appl", "bid", "request")
        self.status = has("status")
        self.suspend = has("suspend", "expel", "readmit", "reinstat", "froze", "frozen", "freez", "revok", "renounc",
                           "ended")
        self.talks = has("negotiat", "accession")
        self.join = has("join", "acced", "admitted", "accepted")
        self.leave = has("leave", "quit", "withdraw", "exit", "pull")
        self.possessive = has("'s ", "’s ")
        self.does = has("suspend", "expel", "readmit", "reinstat", "admit", "welcom")
        self.include = has("includ", "admit", "accept", "welcom")
        self.noun_of = has(" of ")
        self.founders = has("found", "original", "member")
        self.comprising = has("compris", "consist", "made up", "grouping", "bringing", "uniting")


@dataclass(frozen=True)
class Found:
    """One membership read from a clause: the member's mention index, the organization
    (a reference index, or None for the implicit one), role, status and where to read the date."""

    member: int  # index into the sentence's member mentions
    org: int | None  # index into the sentence's refs; None: implicit
    role: str
    status: str
    date_from: int  # body offset where the date, if any, is read
    event: bool  # True: a dated event (read a date); False: a state (read "since")
    confidence: float = 0.7


def mask(body: str, s0: int, s1: int, refs, members) -> str:
    """The sentence with organization references as ``§`` and members as ``¤`` (same length)."""
    chars = list(body[s0:s1])
    for spans, ch in ((members, CTY), (refs, ORG)):
        for a, b in spans:
            for i in range(max(a, s0), min(b, s1)):
                chars[i - s0] = ch
    return "".join(chars)


def _role_status(noun: str, negated: bool, will: bool, former: bool) -> tuple[str, str]:
    n = noun.lower()
    role = ("observer" if n.startswith("observer") else "applicant" if n.startswith(("candidate", "applicant"))
            else "partner" if "partner" in n else "chair" if n.startswith("chair") else "member")
    if negated:
        return role, "negated"
    if former:
        return role, "former"
    if will and role == "member":
        return role, "pending"
    return role, "active"


def _ref_at(refs, s0: int, pos: int | None) -> int | None:
    """Index of the reference whose span starts at sentence offset ``pos``."""
    if pos is None or pos < 0:
        return None
    for i, (a, _b) in enumerate(refs):
        if a == s0 + pos:
            return i
    return None


def clause_memberships(body: str, s0: int, s1: int, refs, runs, org_members, published=None) -> list[Found]:
    """Memberships stated around each run of members in the sentence ``body[s0:s1]``.

    ``refs``: ``(start, end)`` of organization references; ``runs``: lists of
    ``(start, end)`` member mentions joined as an enumeration; ``org_members``:
    ``(start, end)`` of organization mentions that may themselves be members
    (a predicate or event only). Returns :class:`Found` records whose
    ``member`` indexes the flattened runs followed by ``org_members``.
    """
    flat = [m for run in runs for m in run]
    masked = mask(body, s0, s1, refs, flat)
    g = _Gates(body[s0:s1].lower())
    out: list[Found] = []
    index = {m: i for i, m in enumerate(flat)}
    groups = [(run, True) for run in runs] + [([m], False) for m in org_members]
    for gi, (run, is_list) in enumerate(groups):
        ids = [index[m] for m in run] if is_list else [len(flat) + org_members.index(run[0])]
        first, last = run[0], run[-1]
        tail = masked[last[1] - s0:]
        lead = masked[:first[0] - s0]
        own = _ref_at(refs, s0, first[0] - s0) if not is_list else None

        def add(org_pos, role, status, date_from, event, conf=0.7, members=ids):
            org = _ref_at(refs, s0, org_pos)
            if own is not None and org == own:
                return
            if org is None and _NAMED_ELSE.match(body, date_from):
                return  # "suspended from ECOWAS": an organization the registry lacks, not an implicit one
            out.extend(Found(i, org, role, status, date_from, event, conf) for i in members)

        for tail, base, first_tail in _tails(masked, last[1] - s0):
            # the clause right after the member, and after an apposition ("X, a NATO member since 1952, has ...")
            m = (_PREDICATE.match(tail) or (_APPOSITION.match(tail) if is_list and first_tail else None)) if g.noun else None
            if m:
                o = next((m.start(g) for g in ("o1", "o2", "o3", "o4") if m.group(g)), None)
                role, status = _role_status(m.group("noun"), bool(m.groupdict().get("not")), bool(m.groupdict().get("will")),
                                            bool(m.groupdict().get("former")))
                after_noun = tail[m.end():m.end() + 12]
                implicit_ok = m.re is _PREDICATE and not re.match(r"\s+(?:of|in)\b", after_noun, _I)
                if o is not None or implicit_ok:
                    event = bool(re.search(r"\bbec[oa]me", m.group(0), _I))
                    add(base + o if o is not None else None, role, status, s0 + base + m.end(), event)
            for pattern, role, status in ((_NOT_IN, "member", "negated"), (_BELONGS, "member", "active")) if g.state else ():
                m = pattern.match(tail)
                if m:
                    add(base + m.start("o2"), role, status, s0 + base + m.end(), False)
            m = _APPLIED.match(tail) if g.apply else None
            if m:
                o = next((m.start(g) for g in ("o1", "o3", "o2") if m.group(g)), None)
                if o is not None or re.search(r"membership|join", m.group(0), _I):
                    add(base + o if o is not None else None, "applicant", "active", s0 + base + m.end(), True)
            m = _GRANTED_STATUS.match(tail) if g.status else None
            if m:
                o = next((m.start(g) for g in ("o1", "o2") if m.group(g)), None)
                what = m.group("what").lower()
                role = "observer" if what == "observer" else "partner" if "partner" in what else "applicant"
                add(base + o if o is not None else None, role, "active", s0 + base + m.end(), True)
            m = _SUSPENDED.match(tail) if g.suspend else None
            if m:
                v = m.group("v").lower()
                status = "suspended" if v == "suspended" else "former" if v == "expelled" else "active"
                add(base + m.start("o2") if m.group("o2") else None, "member", status, s0 + base + m.end(), True)
            m = _SUSPEND_OWN.match(tail) if g.suspend else None
            if m:
                v = m.group("v").lower()
                o = next((m.start(g) for g in ("o1", "o2") if m.group(g)), None)
                add(base + o if o is not None else None, "member",
                    "suspended" if v.startswith(("susp", "fr")) else "former", s0 + base + m.end(), True)
            m = _NEGOTIATING.match(tail) if g.talks else None
            if m:
                add(base + m.start("o2") if m.group("o2") else None, "applicant", "active", s0 + base + m.end(), False)
            m = _JOIN.match(tail) if g.join else None
            if m and not (m.group("v").lower() == "join" and not m.group("will")):
                status = "pending" if m.group("will") else "active"
                o = base + m.start("o2") if m.group("o2") else None
                rest = tail[m.end():]
                # "X will join A and B in the bloc": A and B are members already
                joined_with = [r for r in runs if r is not run and r[0][0] - s0 >= base + m.end()
                               and _GAP_NEXT.match(masked[base + m.end():r[0][0] - s0])]
                if o is None and joined_with:
                    jw = joined_with[0]
                    jm = _JOIN_IN.match(masked[jw[-1][1] - s0:])
                    if jm:
                        o2 = jw[-1][1] - s0 + jm.start("o")
                        add(o2, "member", "active", s0 + jw[-1][1], False, 0.65, [index[x] for x in jw])
                        add(o2, "member", status, s0 + jw[-1][1] + jm.end(), True)
                elif o is not None or _AS_MEMBER.match(rest) or re.match(r"^\s*(?:$|[,.;])", rest):
                    add(o, "member", status, s0 + base + m.end(), True)
                    if is_list and status == "active":
                        out.extend(_gapped(masked, s0, runs, run, index, o, refs, s0 + base + m.end()))
            m = _LEAVE_INTENT.match(tail) if g.leave else None
            if m:  # announced it will leave: still a member (docs/annotation.md §7.2)
                add(base + m.start("o2") if m.group("o2") else None, "member", "active", s0 + base + m.end(), False, 0.6)
        tail, base = masked[last[1] - s0:], last[1] - s0
        m = _POSSESSIVE.match(tail) if g.possessive else None
        if m:
            out.extend(_possessive(m, base, s0, masked, refs, ids, own, lead))
        # --- before the member (a country: "the G7 agreed to suspend the G8 formation" suspends no member)
        m = _ORG_DOES.search(lead) if is_list and g.does else None
        if m:
            v = m.group("v").lower()
            status = "suspended" if v.startswith("suspend") else "former" if v.startswith("expel") else "active"
            o = m.start("o") if m.group("o") else None
            if o is None and (after := _FROM_ORG.match(tail)):
                o = base + after.start("o")
            add(o, "member", status, s0 + last[1], True)
        m = _GRANT_TO.search(lead) if is_list and g.status else None
        if m:
            what = m.group("what").lower()
            role = "observer" if what == "observer" else "partner" if "partner" in what else "applicant"
            add(m.start("o") if m.group("o") else None, role, "active", s0 + last[1], True)
        m = _INCLUDE_BEFORE.search(lead) if g.include else None
        if m and (am := _AS_MEMBER.match(tail)):
            planned = _PLAN_WORDS.search(lead) or re.search(r"\bagreed\b", lead, _I)
            o = re.match(r"\s+(?:of|in)\s+(?:the\s+)?(?P<o>§+)", tail[am.end():], _I)
            add(base + am.end() + o.start("o") if o else None, "member", "pending" if planned else "active",
                s0 + last[1], True, 0.6)
        if is_list:
            m = _NOUN_OF.search(lead) if g.noun_of else None
            if m:
                out.extend(_noun_of(m.group("n").lower(), masked, s0, last, refs, ids, published))
            m = _MODIFIER.search(lead)
            if m:
                status = "negated" if m.group("non") else "active"
                noun = m.group("noun").lower()
                role = ("observer" if noun.startswith("observer") else "applicant" if noun.startswith("candidate")
                        else "partner" if noun.startswith("partner") else "member")
                if not (role == "partner" and status == "active"):  # "EU partners": allies, not a status
                    add(m.start("o"), role, status, s0 + last[1], False, 0.65)
            m = _FOUNDERS_OF.search(lead) if g.founders else None
            if m:
                add(m.start("o"), "member", "active", s0 + last[1], False, 0.7)
            if g.comprising and _COMPRISING.search(lead):
                after = re.match(r"^\s*,\s*(?:the\s+)?(?P<o>§+)", tail)
                if after:
                    add(base + after.start("o"), "member", "active", s0 + last[1], False, 0.65)

    return out


_APPOSED = re.compile(r"^\s*,[^,;:.()]{2,80}?,\s*(?=[a-z])")


def _tails(masked: str, base: int):
    """``(tail, base, first)``: the text after the member, then after an apposition if one follows."""
    tail = masked[base:]
    yield tail, base, True
    m = _APPOSED.match(tail)
    if m:
        yield tail[m.end():], base + m.end(), False


def _gapped(masked: str, s0: int, runs, run, index, org_pos, refs, date_from) -> list[Found]:
    """"X joined § in 1984, followed by Y in 1995, A and B in 1997": later runs share the verb."""
    out = []
    k = runs.index(run)
    prev_end = run[-1][1]
    for nxt in runs[k + 1:]:
        gap = masked[prev_end - s0:nxt[0][0] - s0]
        # across the previous run's date (and, from the first run, its verb and organization)
        ok = re.match(r"^[^.;¤]*?\d{4}\s*,?\s*(?:(?:and|then|followed\s+by)\s+)?(?:,\s*)?(?:the\s+)?$", gap, _I)
        if not ok or not _IN_DATE.match(masked[nxt[-1][1] - s0:]):
            break
        org = _ref_at(refs, s0, org_pos)
        out.extend(Found(index[m], org, "member", "active", nxt[-1][1], True, 0.6) for m in nxt)
        prev_end = nxt[-1][1]
    return out


def _possessive(m, base, s0, masked, refs, ids, own, lead) -> list[Found]:
    n = m.group("n").lower()
    then = (m.group("then") or "").lower()
    o = next((m.start(g) for g in ("o1", "o2") if m.group(g)), None)
    if o is None and n in ("governor", "seat", "presidency", "chairmanship"):
        return []
    org = _ref_at(refs, s0, base + o) if o is not None else None
    if own is not None and org == own:
        return []
    sentence = masked
    status, role, event = "active", "member", True
    extra: list[Found] = []
    if n == "membership":
        if then in ("bid", "application", "request", "talks", "negotiations"):
            role = "applicant"
        elif then:
            return []
        else:
            ending = _ENDING_BEFORE.search(lead)
            if ending:  # "suspended Niger's membership", "revoked its membership"
                status = "suspended" if ending.group("v").lower().startswith(("susp", "fr")) else "former"
            elif _PLAN_WORDS.search(masked, max(0, base - 25), min(len(masked), base + m.end() + 30)):
                # "ratifies Sweden's NATO membership", "Sweden's membership will ...": not in yet
                status = "pending"
            else:
                event = False
    elif n in ("application", "candidacy", "bid"):
        if n == "bid" and not re.search(r"\bapplic|formal", sentence, _I):
            return []
        role = "applicant"
        if _ENDED_WORDS.search(sentence):
            status = "negated"
        elif _APPROVED_WORDS.search(sentence):  # approved to join, not yet in: a pending member too
            extra = [Found(i, org, "member", "pending", s0 + base + m.end(), True, 0.6) for i in ids]
    elif n == "accession":
        if re.search(r"\b(?:negotiat\w*|talks)\b", sentence, _I):
            role = "applicant"
        else:
            status = "active" if _DONE_WORDS.search(sentence) and not _PLAN_WORDS.search(sentence) else "pending"
    elif n == "suspension":
        status = "suspended"
    elif n in ("withdrawal", "exit", "departure", "expulsion"):
        status = "active" if _PLAN_WORDS.search(sentence) else "former"
    elif n in ("presidency", "chairmanship"):
        role, event = "chair", False
    elif n in ("governor", "seat"):
        event = False
    return [Found(i, org, role, status, s0 + base + m.end(), event, 0.65) for i in ids] + extra


def _noun_of(n: str, masked: str, s0: int, last, refs, ids, published) -> list[Found]:
    """"the suspension / accession / withdrawal of X (from / to §)"."""
    rest = masked[last[1] - s0:]
    after = re.match(r"^\s+(?:from|to|into|in|of)\s+(?:the\s+)?(?P<o>§+)", rest, _I)
    if after is None and not re.match(r"^\s*(?:$|[,.;:)\"”]|\s(?:was|were|is|are|has|had|will|in\s+\d{4}|on\s))", rest, _I):
        return []  # "the withdrawal of U.S. troops": the noun is the troops', not a membership
    org = _ref_at(refs, s0, last[1] - s0 + after.start("o")) if after else None
    role, status = "member", "active"
    if n == "suspension":
        status = "suspended"
    elif n in ("expulsion", "withdrawal", "exit"):
        status = "active" if _PLAN_WORDS.search(masked) else "former"
    elif n == "candidacy":
        role = "applicant"
    elif n in ("accession", "admission", "entry", "inclusion"):
        if re.search(r"\b(?:negotiat\w*|talks)\b", masked, _I):
            role = "applicant"  # "talks on the accession of X": a candidate (docs/annotation.md §7.2)
        else:
            status = "pending" if _PLAN_WORDS.search(masked) else "active"
    return [Found(i, org, role, status, last[1], True, 0.6) for i in ids]
