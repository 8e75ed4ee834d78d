"""Membership assertions read from article text.

:func:`extract_memberships` is pure: it reads the body, the entity mentions
already found in it and a canonical-name -> kind map, and returns
:class:`~factdb.records.MembershipAssertion` records. It imports no database
code. Guarantees:

* ``body[a.start:a.end]`` is the mention of the member (or of the chair's
  person); ``body[a.quote_start:a.quote_end] == a.quote`` is its sentence.
* Members are ``country`` mentions; organizations are ``organization``
  mentions or a definite description ("the bloc", "the organization", "the
  military-political alliance") resolved to the nearest organization named
  before it: among organizations named at most ``ANAPHOR_REACH`` characters
  back, the one named most often so far in the article (then the latest).
* Dates: an explicit date in the clause ("joined in 2015", "suspended its
  membership on 28 June 2012") is used with its precision; otherwise the
  article's ``published`` date. A positive assertion carries its date in
  ``valid_from``; a negated one ("left", "withdrew from", "suspended its
  membership in") carries the date membership ended in ``valid_to`` and has
  ``valid_from`` None. ``date_precision`` is the precision of that date.
* ``complete_list`` is True when the wording presents the enumeration as the
  whole membership ("comprises", "consists of", "is made up of", "brings
  together", "includes"/"included", "a bloc of six states: ...", "member states
  of X: ...", "the leaders of A, B and C met"), False for "including", "such
  as", "among them", "like", "include" (as in "its members include") and for
  lists followed by "among others"/"and others", and for single events.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factdb.extract.sentences import split_sentences
from factdb.extract.spans import SpanIndex
from factdb.extract.timeref import find_time_refs
from factdb.records import MembershipAssertion, Mention

ANAPHOR_REACH = 800  # characters back to look for the organization "the bloc" means
LEAD_REACH = 160  # longest text allowed between an organization and its list

_I = re.IGNORECASE
_SEP = re.compile(r"^\s*(?:,|;)?\s*(?:and|&|as well as|plus)?\s*(?:the\s+)?$", _I)
_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:[a-z][\w-]*\s+){0,3}?(?:organi[sz]ation|bloc|alliance|union|grouping|group|pact|body)\b"
    r"|(?<![\w,] )\bIt(?=\s+(?:now\s+|also\s+|has\s+|had\s+)?(?:includes|included|comprises|consists|brings\s+together|unites|groups"
    r"|suspended|expelled|admitted|welcomed)\b)")
_ANAPHOR_NOUN = re.compile(r"(?:organi[sz]ation|bloc|alliance|union|grouping|group|pact|body)\b|\bIt\s")  # _ANAPHOR's gate
_PARTIAL = re.compile(r"\b(?:including|such as|among them|among which|among others|like|notably|for example|for instance|e\.g\.|especially|in particular|several|some)\b", _I)
_COMPLETE_LEAD = re.compile(
    r"\b(?:comprises|comprised|comprising|consists of|consisted of|consisting of|made up of|composed of|"
    r"brings together|brought together|bringing together|unites|united|uniting|includes|included|include|including|"
    r"groups|grouped|grouping|"
    r"such as|like)"
    r"(?:\s+(?:the\s+)?(?:(?:member\s+)?(?:states|countries|nations|republics)\s+of|following(?:\s+\w+)?\s*:))?\s*(?:the\s+)?$",
    _I,
)
_BLOC_OF_N = re.compile(
    r"\b(?:bloc|group|grouping|alliance|union|organi[sz]ation|club|body|association)\s+of\s+(?:[\w-]+\s+){0,3}?"
    r"(?:states|countries|nations|republics|members)\s*(?::|—|–|--|-)\s*(?:the\s+)?$",
    _I,
)
_MEMBERS_WORD = r"(?:member[- ]states?|member[- ]countries|member[- ]nations|members|states|countries)"
_X_MEMBER_STATES = re.compile(r"^\s*(?:'s\s+)?" + _MEMBERS_WORD + r"\s*(?P<sep>:|—|–|--|-|,)?\s*(?:are\s+)?(?:the\s+)?$", _I)
_MEMBER_STATES_OF = re.compile(_MEMBERS_WORD + r"\s+of\s+(?:the\s+)?$", _I)
_APPOSITION = re.compile(r"^\s*\)?\s*(?P<sep>:|—|–|--|-|,|\(|are|were)?\s*(?:namely\s+|i\.e\.\s+)?(?:the\s+)?$", _I)
_IN_ADDITION = re.compile(r"\b(?:in addition to|besides|apart from|alongside|along with|together with|as well as)\s+(?:the\s+)?$", _I)
_ALSO = re.compile(r"\balso\s+(?:includes|included|comprises|unites|brings together)\b", _I)
_LEADERS_OF = re.compile(
    r"\b(?:leaders|heads of state|heads of states|heads of government|presidents|prime ministers|"
    r"(?:foreign|defen[cs]e) ministers|ministers|delegations|representatives)\s+of\s+(?:the\s+)?$",
    _I,
)
# every clause rule (factdb.extract.member_clauses) needs one of these words in the sentence
# (substrings of the lowered sentence: faster than one search per sentence)
_CLAUSE_WORDS = ("member", "join", "leader", "not in", "never", "no longer", "negotiat", "froze", "freez", "renounc", "revok", "appli", "candida", "suspen", "expel", "accession", "admi", "presiden", "chair",
                 "observer", "partner", "ally", "allies", "non-", "belong", "part of", "outside", "withdr", "leav",
                 "quit", "exit", "pull", "compris", "consist", "made up", "group", "uniting", "bringing", "found",
                 "governor", "seat", "welcom", "includ", "accept", "bid", "status", "countr", "states", "nations",
                 "producers", "economies", "entry", "inclusion", "readmit", "reinstat", "grant", "award")
_ORG_MEMBER_WORDS = ("member", "join", "admitted")
# a sentence without countries can still make an organization a member ("the African Union joined the G20"):
# _ORG_MEMBER_WORDS above
_MEETING = re.compile(r"\b(?:summit|meeting|session|met|meet|gathered|convened|council)\b", _I)
_SIDELINES = re.compile(r"\bsidelines\b", _I)
_TAIL_PARTIAL = re.compile(r"^\s*,?\s*(?:among others|and others|and other\b|etc\b|and more\b|to name)", _I)
_EVENT = re.compile(
    r"^\s*,?\s*(?:(?:which|that)\s+)?(?:(?:has|have|had|was|were)\s+)?"
    r"(?:(?:already|also|formally|officially|finally|now|just|effectively|subsequently|later|then)\s+)*"
    r"(?P<verb>rejoined|joined|acceded to|became\s+(?:a\s+|an\s+|the\s+|its\s+)?(?:[\w-]+\s+)?(?:full(?:-fledged)?\s+)?"
    r"(?:member(?:[- ]state)?s?|member countr(?:y|ies))\s+of|admitted (?:to|into)|accepted (?:to|into)|"
    r"(?:are|is|were|was)\s+(?:all\s+|also\s+)?(?:full(?:-fledged)?\s+)?(?:members?|member(?:[- ]states?)|member countr(?:y|ies))\s+of|"
    r"left|quit|withdrew from|withdrawn from|exited|pulled out of|expelled from|"
    r"(?:is|are|was|were)\s+not\s+(?:a\s+)?(?:members?|member[- ]states?)\s+of|"
    r"[“\"']?(?:suspend(?:s|ed)?|freez(?:es|ing)|froze|frozen)[”\"']?\s+(?:its\s+|their\s+)?(?:membership|participation)(?:\s+in)?)"
    r"(?=[\s,.;:]|$)",
    _I,
)
_NEGATIVE_VERB = re.compile(r"^(?:left|quit|withdr|exited|pulled|expelled|[“\"']?suspend|[“\"']?fr[eo]|(?:is|are|was|were)\s+not)", _I)
_SUSPEND_VERB = re.compile(r"^[“\"']?(?:suspend|freez|froze|frozen)", _I)
_NOT_MEMBER_VERB = re.compile(r"^(?:is|are|was|were)\s+not\b", _I)
NEGATIVE_STATUSES = frozenset({"suspended", "former", "negated"})
_STATE_VERB = re.compile(r"^(?:are|is|were|was)\b", _I)
_IMPLICIT_OK = re.compile(r"^(?:rejoined|joined|acceded|[“\"']?suspend|[“\"']?freez|[“\"']?froze|[“\"']?frozen)", _I)
_IMPLICIT_NEXT = re.compile(r"^\s*(?:$|[,.;:]|(?:along|together|in|on|since|as|at|alongside|with|last|this|back)\b)", _I)
_OBJECT_GAP = re.compile(r"^\s*(?:the\s+)?$", _I)
_ALONG_WITH = re.compile(r"\b(?:along with|together with|alongside|as well as)\s+(?:the\s+)?$", _I)
_CHAIR_AFTER = re.compile(r"\b(?:chaired\s+(?:[\w-]+\s+){0,3}?by|under the (?:rotating\s+)?(?:chairmanship|presidency|chair) of|presided over by)\s+", _I)
# every _CHAIR_AFTER / _CHAIR_BEFORE match contains one of these: a sentence without them is skipped
_CHAIR_GATE = re.compile(r"chair|presid", _I)
_CHAIR_BEFORE = re.compile(
    r"\b(?:(?:is|was|has been)\s+)?(?:currently\s+)?(?:chairing|chairs|chaired|presiding over|presides over|presided over|"
    r"(?:holds|held|holding|took over|takes over|assumed|assumes|assuming|taking over)\s+the\s+(?:(?P<org>[\w-]+(?:\s+[\w-]+){0,4}?)(?:['’]s)?\s+)?"
    r"(?:rotating\s+)?(?:presidency|chairmanship|chair))\b",
    _I,
)


@dataclass(frozen=True)
class _Ref:
    """An organization named (or described) in the text."""

    start: int
    end: int
    org: str


def extract_memberships(
    body: str,
    mentions: Sequence[Mention],
    kinds: Mapping[str, str],
    published: _dt.date | None = None,
    date_precision: str | None = None,
    person_country: Mapping[str, str] | None = None,
    bodies: frozenset[str] | None = None,
) -> list[MembershipAssertion]:
    """Every membership the text asserts; see the module docstring.

    ``kinds`` maps canonical entity names to their kind; ``person_country``
    maps a person (a chair such as a president) to their country. ``bodies``
    (optional) names the organizations that can have members (the registry's
    organizations without a parent: not a ministry or central bank); when
    given, an organization the wording leaves implicit ("Sweden applied for
    membership") is looked for among them. Results are ordered by quote then
    member span, without duplicates.
    """
    ms = sorted(mentions, key=lambda m: (m.start, -m.end))
    orgs = [_Ref(m.start, m.end, m.entity) for m in ms if kinds.get(m.entity) == "organization"]
    refs = sorted(orgs + _anaphors(body, orgs), key=lambda r: r.start)
    if not refs:
        return []  # no organization named or described: nothing can be a membership
    pub_prec = date_precision if published else None
    chair_words = _CHAIR_GATE.search(body) is not None
    ms_starts = [m.start for m in ms]
    ref_starts = [r.start for r in refs]
    refs_by_end = SpanIndex(refs)
    out: dict[tuple, MembershipAssertion] = {}
    for s0, s1 in split_sentences(body):
        # only those starting in [s0, s1] can lie inside the sentence (both lists sorted by start)
        lo, hi = bisect_left(ms_starts, s0), bisect_right(ms_starts, s1)
        sent_ms = [m for m in ms[lo:hi] if m.end <= s1]
        countries = [m for m in sent_ms if kinds.get(m.entity) == "country"]
        low = body[s0:s1].lower()
        if not countries and not (chair_words and _CHAIR_GATE.search(body, s0, s1)) \
                and not any(w in low for w in _ORG_MEMBER_WORDS):
            continue  # no list to read, no chair wording, no organization said to be a member
        lo, hi = bisect_left(ref_starts, s0), bisect_right(ref_starts, s1)
        sent_refs = [r for r in refs[lo:hi] if r.end <= s1]
        ctx = _Ctx(body, s0, s1, published, pub_prec, sent_ms, countries, sent_refs, refs, kinds, person_country or {},
                   refs_by_end)
        found: list[MembershipAssertion] = []
        for run in _runs(body, countries):
            found.extend(_org_then_list(ctx, run) or _list_then_event(ctx, run) or _leaders_met(ctx, run) or [])
        found.extend(_chairs(ctx))
        if countries:
            found.extend(_phrases(ctx, _runs(body, countries)))
        if (countries or sent_refs) and any(w in low for w in _CLAUSE_WORDS):
            found.extend(_clauses(ctx, countries, bodies))
        for a in found:
            key = (a.member, a.organization, a.role, a.status, a.start)
            if key not in out or out[key].confidence < a.confidence:
                out[key] = a
    return sorted(out.values(), key=lambda a: (a.quote_start, a.start, a.role))


@dataclass(frozen=True)
class _Ctx:
    body: str
    s0: int
    s1: int
    published: _dt.date | None
    pub_prec: str | None
    mentions: list[Mention]
    countries: list[Mention]
    refs: list[_Ref]  # organizations in this sentence
    all_refs: list[_Ref]
    kinds: Mapping[str, str]
    person_country: Mapping[str, str]
    refs_by_end: SpanIndex | None = None  # all_refs by offset (lookups back from a position)

    def refs_before(self, pos: int) -> list[_Ref]:
        """``all_refs`` ending at most ``ANAPHOR_REACH`` characters before ``pos``, in order."""
        if self.refs_by_end is None:
            return [r for r in self.all_refs if r.end <= pos and pos - r.end <= ANAPHOR_REACH]
        return self.refs_by_end.ending_in(pos - ANAPHOR_REACH, pos)

    def make(self, m: Mention, org: str, *, role="member", complete=False, negated=False,
             date=None, precision=None, confidence=0.8, member=None, status=None) -> MembershipAssertion:
        status = status or ("former" if negated else "active")
        negated = negated or status in NEGATIVE_STATUSES
        if date is None:
            date, precision = self.published, self.pub_prec
        quote_start, quote_end = self.s0, self.s1
        return MembershipAssertion(
            member=member or m.entity, organization=org, role=role, start=m.start, end=m.end,
            quote=self.body[quote_start:quote_end], quote_start=quote_start, quote_end=quote_end,
            complete_list=complete,
            valid_from=None if negated else date, valid_to=date if negated else None,
            date_precision=precision if date else None, negated=negated, confidence=confidence,
            status=status,
        )


def _anaphor_matches(body: str):
    """_ANAPHOR's matches, found from their head nouns and "It" by plain search (a regex scan of
    every "the" costs more than all the membership rules)."""
    low = body.lower()
    starts = set()
    for word in _ANAPHOR_HEADS:
        at = low.find(word)
        while at >= 0:
            the = low.rfind("the ", max(0, at - 50), at)
            if the >= 0:
                starts.add(the)
            at = low.find(word, at + len(word))
    at = body.find("It ")
    while at >= 0:
        starts.add(at)
        at = body.find("It ", at + 3)
    last_end = -1
    for start in sorted(starts):
        if start < last_end:
            continue
        m = _ANAPHOR.match(body, start)
        if m:
            last_end = m.end()
            yield m


_ANAPHOR_HEADS = ("organization", "organisation", "bloc", "alliance", "union", "group", "pact", "body")


def _anaphors(body: str, orgs: list[_Ref]) -> list[_Ref]:
    if not orgs:
        return []  # nothing to refer to
    out = []
    index = SpanIndex(orgs)  # orgs are sorted by start
    ends_by_org = index.ends_by(lambda o: o.org)
    for m in _anaphor_matches(body):
        s, e = m.start(), m.end()
        if index.overlaps(s, e):
            continue
        near = index.ending_in(s - ANAPHOR_REACH, s)
        if not near:
            continue
        # The most salient nearby organization: most mentions so far, then the latest.
        best = max(near, key=lambda o: (bisect_right(ends_by_org[o.org], s), o.start))
        out.append(_Ref(s, e, best.org))
    return out


def _runs(body: str, countries: list[Mention]) -> list[list[Mention]]:
    """Maximal enumerations: country mentions joined only by list separators."""
    runs: list[list[Mention]] = []
    for m in countries:
        if runs and _SEP.match(body[runs[-1][-1].end:m.start]) and m.start >= runs[-1][-1].end:
            runs[-1].append(m)
        elif not runs or m.start >= runs[-1][-1].end:
            runs.append([m])
    return runs


def _partial_tail(ctx: _Ctx, run: list[Mention]) -> bool:
    return bool(_TAIL_PARTIAL.match(ctx.body[run[-1].end:ctx.s1]))


def _org_then_list(ctx: _Ctx, run: list[Mention]) -> list[MembershipAssertion] | None:
    """"X comprises / includes / brings together A, B and C", "X member states: A, B", ..."""
    body = ctx.body
    before = [r for r in ctx.refs if r.end <= run[0].start and run[0].start - r.end <= LEAD_REACH]
    if not before:
        return None
    ref = before[-1]
    if _NON.search(body, max(ctx.s0, ref.start - 4), ref.start):
        return None  # "non-OPEC countries Egypt and Bahrain": read by the clause rules (negated)
    lead = body[ref.end:run[0].start]
    complete: bool | None = None
    extra: list[Mention] = []
    m = _COMPLETE_LEAD.search(lead) or _BLOC_OF_N.search(lead)
    if m:
        complete = not _PARTIAL.search(lead) and not re.search(r"\binclude\s*$", m.group(0), _I)
        # "in addition to A includes B": A is a member too.
        for c in ctx.countries:
            if ref.end <= c.start and c.end <= run[0].start and _IN_ADDITION.search(body[ref.end:c.start]):
                extra.append(c)
        if _ALSO.search(lead):
            prior = [c for c in ctx.countries if c.end <= ref.start and ref.start - c.end <= 60]
            if prior and not any(o.end <= ref.start and o.start >= prior[-1].end for o in ctx.refs):
                extra.append(prior[-1])
    elif (mx := _X_MEMBER_STATES.match(lead)) and not ref_is_anaphor(ctx, ref):
        complete = mx["sep"] in (":", "—", "–", "--", "-")
    elif _MEMBER_STATES_OF.search(body[max(ctx.s0, ref.start - 40):ref.start]) and (ma := _APPOSITION.match(lead)):
        complete = (ma["sep"] or "").lower() in (":", "—", "–", "--", "-", "are", "were")
    else:
        return None
    if _partial_tail(ctx, run):
        complete = False
    if not complete and _MODIFIER_USE.match(body, run[-1].end, ctx.s1):
        return None  # "crises such as the Iran nuclear stand-off": the name qualifies a noun, it is no member
    conf = 0.8 if complete or m is None else 0.7
    out = [ctx.make(c, ref.org, complete=complete, confidence=conf) for c in run]
    out += [ctx.make(c, ref.org, complete=complete, confidence=0.6) for c in extra]
    return out


_MODIFIER_USE = re.compile(
    r"\s+(?!(?:and|or|as|were|are|is|was|have|has|had|will|would|to|in|on|at|for|with|which|who|that|also|joined"
    r"|both|each|all|among|plus|too|itself|themselves|together|alongside|along|but|while|whose)\b)[a-z][a-z-]+\b")


def ref_is_anaphor(ctx: _Ctx, ref: _Ref) -> bool:
    return not any(m.start == ref.start and m.end == ref.end for m in ctx.mentions)


def _list_then_event(ctx: _Ctx, run: list[Mention]) -> list[MembershipAssertion] | None:
    """"A joined X in 2015 along with B", "A suspended its membership in X", "A and B are members of X"."""
    body = ctx.body
    tail = body[run[-1].end:ctx.s1]
    m = _EVENT.match(tail)
    if not m:
        return None
    verb = m["verb"].lower()
    vend = run[-1].end + m.end()
    obj = next((r for r in ctx.refs if r.start >= vend and _OBJECT_GAP.match(body[vend:r.start])), None)
    if obj is None:
        # "Kyrgyzstan has already joined along with Armenia": the organization is the one just named.
        if not _IMPLICIT_OK.match(verb) or not _IMPLICIT_NEXT.match(body[vend:ctx.s1]):
            return None
        prior = ctx.refs_before(run[0].start)
        if not prior:
            return None
        org, after = prior[-1].org, vend
    else:
        org, after = obj.org, obj.end
    negated = bool(_NEGATIVE_VERB.match(verb))
    status = ("suspended" if _SUSPEND_VERB.match(verb) else "negated" if _NOT_MEMBER_VERB.match(verb)
              else "former" if negated else "active")
    date = precision = None
    if not _STATE_VERB.match(verb):
        clause_end = _clause_end(body, after, ctx.s1)
        for ref in find_time_refs(body[after:clause_end], ctx.published, ctx.pub_prec):
            if ref.date is not None:
                date, precision = ref.date, ref.precision
                break
    members = list(run)
    for c in ctx.countries:
        if c.start >= after and _ALONG_WITH.search(body[after:c.start]) and c not in members:
            members.append(c)
            for c2 in ctx.countries:
                if c2.start > members[-1].end and _SEP.match(body[members[-1].end:c2.start]):
                    members.append(c2)
            break
    return [ctx.make(c, org, negated=negated, date=date, precision=precision, status=status) for c in members]


def _clause_end(body: str, start: int, limit: int) -> int:
    """End of the clause that begins at ``start``: next ", which"/";"/" but " or the sentence end."""
    m = re.compile(r";|,\s*(?:which|who|while|but|whereas)\b|\bbut\b").search(body, start, limit)
    return m.start() if m else limit


def _leaders_met(ctx: _Ctx, run: list[Mention]) -> list[MembershipAssertion] | None:
    """"The leaders of A, B and C met ... at the X summit" (all participants listed)."""
    body = ctx.body
    if not _LEADERS_OF.search(body[max(ctx.s0, run[0].start - 60):run[0].start]):
        return None
    sentence = body[ctx.s0:ctx.s1]
    if not ctx.refs or not _MEETING.search(sentence) or _SIDELINES.search(sentence):
        return None
    ref = min(ctx.refs, key=lambda r: abs(r.start - run[-1].end) if r.start >= run[-1].end else abs(run[0].start - r.end))
    complete = not _partial_tail(ctx, run)
    return [ctx.make(c, ref.org, complete=complete, confidence=0.6) for c in run]


def _holder(ctx: _Ctx, m: Mention) -> str:
    kind = ctx.kinds.get(m.entity)
    if kind == "person":
        return ctx.person_country.get(m.entity, m.entity)
    return m.entity


def _chairs(ctx: _Ctx) -> list[MembershipAssertion]:
    """"X, chaired by P", "P, chairing X", "P, presiding over the bloc", "P holds the rotating presidency of X"."""
    body = ctx.body
    if not _CHAIR_GATE.search(body, ctx.s0, ctx.s1):
        return []
    people = [m for m in ctx.mentions if ctx.kinds.get(m.entity) in ("person", "country")]
    out = []
    for m in _CHAIR_AFTER.finditer(body, ctx.s0, ctx.s1):
        holder = next((p for p in people if p.start >= m.end() and p.start - m.end() <= 80), None)
        ref = next((r for r in reversed(ctx.refs) if r.end <= m.start()), None)
        if holder and ref:
            out.append(_chair(ctx, holder, ref.org, m.start(), m.end()))
    for m in _CHAIR_BEFORE.finditer(body, ctx.s0, ctx.s1):
        holder = next((p for p in reversed(people) if p.end <= m.start() and m.start() - p.end <= 120), None)
        if holder is None:
            continue
        ref = None
        if m.group("org"):
            ref = next((r for r in ctx.refs if m.start("org") <= r.start and r.end <= m.end("org")), None)
        ref = ref or next((r for r in ctx.refs if r.start >= m.end() and re.match(r"^\s*(?:of\s+)?(?:the\s+)?$", body[m.end():r.start], _I)), None)
        if ref is None:  # "the CSTO, which Rakhmon is chairing this year"
            ref = next((r for r in reversed(ctx.refs) if r.end <= holder.start and re.search(r",\s*(?:which|that)\s+$", body[r.end:holder.start])), None)
        if ref is not None:
            out.append(_chair(ctx, holder, ref.org, min(holder.start, m.start()), m.end()))
    return out


def _chair(ctx: _Ctx, holder: Mention, org: str, t0: int, t1: int) -> MembershipAssertion:
    date = precision = None
    window = ctx.body[t0:_clause_end(ctx.body, t1, min(ctx.s1, t1 + 60))]
    for ref in find_time_refs(window, ctx.published, ctx.pub_prec):
        if ref.date is not None:
            date, precision = ref.date, ref.precision
            break
    return ctx.make(holder, org, role="chair", date=date, precision=precision, member=_holder(ctx, holder))


# --- phrases around one organization ------------------------------------------------

_LED = re.compile(r"[-‐–]\s?(?:led|dominated|backed)\b", _I)
_LED_GAP = re.compile(r"^[-‐–]\s?(?:led|dominated|backed)\s+(?:(?:[\w-]+\s+){0,3}?)$", _I)
_ORG_MEMBER_X = re.compile(
    r"^\s*(?:['’]s\s+)?(?:(?:fellow|founding|current|new|newest|full|top|biggest|largest|leading|de\s+facto)\s+)?"
    r"(?P<role>member(?:[- ](?:state|country|nation))?|ally|observer|producer|chair)\s+(?:the\s+)?$", _I)
_LABEL = re.compile(
    r"\b(?P<role>member[- ]states?|member[- ]countries|member[- ]nations|members|observer[- ]states?|observers)"
    r"\s*(?:[:—–,]|are|were|include|including|such\s+as)?\s*(?:the\s+)?$", _I)
_INVITED = re.compile(
    r"^[^.;:]{0,60}?\b(?:invited|invitation|approved|admitted|cleared|set|due|poised)\b[^.;:]{0,25}?"
    r"\bto\s+(?:join|enter|become\s+(?:a\s+|full\s+)*members?\s+of)\s+(?:the\s+)?$", _I)
_FORMED_BY = re.compile(r"^\s*(?:was|were|had\s+been)\s+(?:formed|founded|created|established|set\s+up|launched)\s+by\s+(?:the\s+)?$", _I)
_ADDED = re.compile(r"^\s*(?:(?:later|then|also|subsequently)\s+)?(?:added|admitted|welcomed|took\s+in)\s+(?:the\s+)?$", _I)
_GRANT_BEFORE = re.compile(r"\bgrant(?:ed|ing|s)?\s+(?:the\s+)?$", _I)
_MEMBERSHIP_AFTER = re.compile(r"\s+(?:full(?:-fledged)?\s+)?membership\b", _I)
_SUSPENSION_OF = re.compile(
    r"^(?:['’]s)?\s+(?:(?:decision|move)\s+to\s+)?(?:suspension|freez(?:e|ing))\s+(?:of\s+)?(?:its\s+|their\s+)?"
    r"(?:membership|participation)\s+(?:in\s+)?(?:the\s+)?$", _I)
_LEAVING_OF = re.compile(r"^(?:['’]s)?\s+(?:withdrawal|exit|departure)\s+from\s+(?:the\s+)?$", _I)
_JOINING = re.compile(
    r"^(?:['’]s)?\s+(?:joining|accession\s+(?:to|into)|entry\s+(?:to|into)|bid\s+to\s+join|membership\s+(?:of|in))\s+(?:the\s+)?$", _I)
_RATIFY = re.compile(r"\b(?:ratif\w+|vot\w+|approv\w+|invit\w+|protocols?|awaits?|bid)\b", _I)
_REPRESENTATIVE = re.compile(
    r"^(?:['’]s)?\s+(?:permanent\s+)?(?:representative|envoy|delegation|ambassador|mission)\s+(?:in|to|at)\s+(?:the\s+)?"
    r"(?:[\w-]+[-‐–](?:led|dominated|backed)\s+)?$", _I)
_NON = re.compile(r"\bnon-$", _I)


def _phrases(ctx: _Ctx, runs: list[list[Mention]]) -> list[MembershipAssertion]:
    """Memberships stated by a phrase around an organization: "the Russian-led CSTO", "NATO
    member Slovenia", "member states A, B and C", "A and B were invited to join X" (pending),
    "the bloc was formed by A, B and C", "A's suspension of its participation in X",
    "non-OPEC Russia" (negated), "A's representative in X"."""
    body, out = ctx.body, []
    refs = ctx.refs
    for m in ctx.countries:
        nxt = next((r for r in refs if r.start >= m.end and r.start - m.end <= 40), None)
        prev = next((r for r in reversed(refs) if r.end <= m.start and m.start - r.end <= 40), None)
        gap = body[m.end:nxt.start] if nxt else ""
        if nxt and _LED.match(body, m.end) and _LED_GAP.match(gap):
            out.append(ctx.make(m, nxt.org, confidence=0.7))
        elif prev and _LED.match(body, m.end) and re.fullmatch(r"['’]s\s+", body[prev.end:m.start]):
            out.append(ctx.make(m, prev.org, confidence=0.6))  # "OPEC's Saudi-led strategy"
        if nxt and _SUSPENSION_OF.match(gap):
            out.append(ctx.make(m, nxt.org, status="suspended", confidence=0.7))
        if nxt and _LEAVING_OF.match(gap):
            out.append(ctx.make(m, nxt.org, status="former", confidence=0.7))
        if nxt and _REPRESENTATIVE.match(gap):
            out.append(ctx.make(m, nxt.org, confidence=0.6))
        if nxt and _JOINING.match(gap) and _RATIFY.search(body, ctx.s0, ctx.s1):
            out.append(ctx.make(m, nxt.org, status="pending", confidence=0.6))
        if prev:
            pm = _ORG_MEMBER_X.match(body[prev.end:m.start])
            if pm and not ref_is_anaphor(ctx, prev):
                role = pm["role"].lower()
                role = "observer" if role == "observer" else "chair" if role == "chair" else "member"
                out.append(ctx.make(m, prev.org, role=role, confidence=0.7))
            if _NON.search(body, max(ctx.s0, prev.start - 4), prev.start) and re.fullmatch(r"\s+", body[prev.end:m.start]):
                out.append(ctx.make(m, prev.org, status="negated", confidence=0.7))
    for run in runs:
        first, last = run[0], run[-1]
        lead = body[ctx.s0:first.start]
        label = _LABEL.search(lead)
        if label:
            org = _org_before(ctx, first.start) if not refs else _nearest_ref(ctx, first.start, last.end)
            if org:
                role = "observer" if label["role"].lower().startswith("observer") else "member"
                out.extend(ctx.make(c, org, role=role, confidence=0.65) for c in run)
        if _GRANT_BEFORE.search(lead) and _MEMBERSHIP_AFTER.match(body, last.end):
            org = _org_before(ctx, first.start) or _org_after(ctx, last.end)
            if org:
                out.extend(ctx.make(c, org, confidence=0.65) for c in run)
        after = next((r for r in refs if r.start >= last.end), None)
        if after and _INVITED.match(body[last.end:after.start]):
            date, prec = _first_date(ctx, after.end)
            out.extend(ctx.make(c, after.org, status="pending", date=date, precision=prec, confidence=0.7)
                       for c in run)
        before = next((r for r in reversed(refs) if r.end <= first.start), None)
        if before is not None:
            between = body[before.end:first.start]
            if _FORMED_BY.match(between) or _ADDED.match(between):
                date, prec = _first_date(ctx, last.end)
                out.extend(ctx.make(c, before.org, date=date, precision=prec, confidence=0.7) for c in run)
            elif re.search(r"\b(?:formed|founded|created|established)\s+by\s+(?:the\s+)?$", between, _I) \
                    and len(between) <= 60:
                date, prec = _first_date(ctx, last.end)
                out.extend(ctx.make(c, before.org, date=date, precision=prec, confidence=0.65) for c in run)
        # "... in 2009 and added South Africa in 2010": the verb follows the previous run
        if before is None or before.end < ctx.s0:
            continue
    for run in runs:
        lead = body[max(ctx.s0, run[0].start - 30):run[0].start]
        if re.search(r"\b(?:and\s+)?(?:later\s+|then\s+)?(?:added|admitted|welcomed)\s+(?:the\s+)?$", lead, _I):
            org = _org_before(ctx, run[0].start)
            if org:
                date, prec = _first_date(ctx, run[-1].end)
                out.extend(ctx.make(c, org, date=date, precision=prec, confidence=0.6) for c in run)
    return out


def _org_before(ctx: _Ctx, pos: int) -> str | None:
    """The organization named (or described) last before ``pos``: in the sentence, else
    within ``ANAPHOR_REACH`` characters back (a wire credit "(TASS)" is not one)."""
    ref = next((r for r in reversed(ctx.refs_before(pos)) if not _credit(ctx.body, r)), None)
    return ref.org if ref else None


def _credit(body: str, r: _Ref) -> bool:
    """A dateline's wire credit: "MOSCOW (TASS) -"."""
    return body[r.start - 1:r.start] == "(" and re.match(r"\)\s*[-–—:]", body[r.end:r.end + 4]) is not None


def _nearest_ref(ctx: _Ctx, start: int, end: int) -> str | None:
    """The organization of the sentence nearest to ``body[start:end]`` (before it preferred)."""
    before = [r for r in ctx.refs if r.end <= start and not _credit(ctx.body, r)]
    if before:
        return before[-1].org
    after = [r for r in ctx.refs if r.start >= end and not _credit(ctx.body, r)]
    return after[0].org if after else _org_before(ctx, start)


def _org_after(ctx: _Ctx, pos: int) -> str | None:
    ref = next((r for r in ctx.refs if r.start >= pos), None)
    return ref.org if ref else None


def _first_date(ctx: _Ctx, pos: int):
    end = _clause_end(ctx.body, pos, ctx.s1)
    for ref in find_time_refs(ctx.body[pos:end], ctx.published, ctx.pub_prec):
        if ref.date is not None:
            return ref.date, ref.precision
    return None, None


# --- clause rules (factdb.extract.member_clauses) ------------------------------------


def _clauses(ctx: _Ctx, countries: list[Mention], bodies: frozenset[str] | None) -> list[MembershipAssertion]:
    """Predicates, appositions, possessives and verbs around a member (:mod:`factdb.extract.member_clauses`)."""
    from factdb.extract.member_clauses import clause_memberships

    body = ctx.body
    refs = [r for r in ctx.refs if not _credit(body, r)]
    runs = _runs(body, countries)
    named = {(m.start, m.end) for m in ctx.mentions}
    org_members = [m for m in ctx.mentions if ctx.kinds.get(m.entity) == "organization"
                   and (bodies is None or m.entity in bodies)]
    if not refs and not any(_org_before(ctx, r[0].start) for r in runs[:1]):
        return []
    found = clause_memberships(body, ctx.s0, ctx.s1, [(r.start, r.end) for r in refs],
                               [[(m.start, m.end) for m in run] for run in runs],
                               [(m.start, m.end) for m in org_members if (m.start, m.end) in named], ctx.published)
    flat = [m for run in runs for m in run] + org_members
    out = []
    for f in found:
        member = flat[f.member]
        if f.org is not None:
            org = refs[f.org].org
        else:
            org = implicit_org(ctx, member.start, bodies)
        if org is None or org == member.entity:
            continue
        date = precision = None
        end = _clause_end(body, f.date_from, ctx.s1)
        for ref in find_time_refs(body[f.date_from:end], ctx.published, ctx.pub_prec):
            if ref.date is not None and (f.event or ref.relation == "since"):
                date, precision = ref.date, ref.precision
                break
        status = f.status
        if not f.event and date is not None and ctx.published is not None and date > ctx.published:
            date = precision = None  # a state's "since" lies in the past; "from November" is another clause's
        if status == "active" and date is not None and ctx.published is not None and date > ctx.published \
                and f.role == "member":
            status = "pending"  # "X joins the euro zone on 1 January" in an article of December
        out.append(ctx.make(member, org, role=f.role, status=status, date=date, precision=precision,
                            confidence=f.confidence))
    return out


def implicit_org(ctx: _Ctx, pos: int, bodies: frozenset[str] | None) -> str | None:
    """The organization wording leaves implicit at ``pos`` ("applied for membership", "was
    suspended"): in the sentence before ``pos``, else the most mentioned so far among those
    named at most ``ANAPHOR_REACH`` characters back (then the latest); never a wire credit
    or, when ``bodies`` is given, an organization that cannot have members."""
    ok = [r for r in ctx.all_refs if not _credit(ctx.body, r) and (bodies is None or r.org in bodies)]
    here = [r for r in ok if ctx.s0 <= r.start and r.end <= pos]
    if here:
        return here[-1].org
    near = [r for r in ok if r.end <= pos and pos - r.end <= ANAPHOR_REACH]
    if not near:
        after = [r for r in ok if r.start >= pos and r.end <= ctx.s1]
        return after[0].org if after else None
    earlier = [r.org for r in ok if r.end <= pos]
    return max(near, key=lambda r: (earlier.count(r.org), r.start)).org
