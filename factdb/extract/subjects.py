"""Subject and object of a claim, per property: who has the troops, who pays whom, whose border.

:func:`_find_roles` picks them from the registry mentions in the claim's
sentence (one ``_roles_*`` rule per property), else falls back to the
nearest suitable mention earlier in the paragraph, else the headline.
Used by :func:`factdb.extract.context.complete_claims`; the rules are
documented in ``docs/claims-context.md``.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Mapping, Sequence

from factdb.records import Claim, Mention

PLACE = frozenset({"country", "city", "region"})
ACTOR = frozenset({"country", "organization", "city"})
UNIT = frozenset({"military_unit", "facility", "armed_group"})
_LOCATIVE = frozenset({"in", "into", "inside", "at", "near", "within", "across", "throughout", "on", "to", "over",
                       "в", "во", "на"})  # Russian: "в Таджикистане", "на территории"
_FALLBACK_KINDS = {
    "troop_count": UNIT | ACTOR,
    "fatalities": frozenset({"event"}) | PLACE,
    "monetary_amount": ACTOR,
    "border_length": frozenset({"country"}),
    "distance": PLACE | UNIT,
    "share": ACTOR | PLACE | frozenset({"other"}),
    "exchange_rate": frozenset({"currency"}),
    "duration": ACTOR,
    "quantity": ACTOR | PLACE,
    "member_count": frozenset({"organization"}),
    "count": PLACE,
}
_GIVE = (
    r"(?:give|gives|gave|given|giving|allocat(?:e|es|ed|ing)|transfer(?:s|red|ring)?|provid(?:e|es|ed|ing)|pay|pays|paid|paying"
    r"|grant(?:s|ed|ing)?|lend(?:s|ing)?|lent|send(?:s|ing)?|sent|offer(?:s|ed|ing)?|donat(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)"
    r"|promis(?:e|es|ed|ing)|invest(?:s|ed|ing)?|spend(?:s|ing)?|spent|loan(?:s|ed)?|suppl(?:y|ies|ied)|fund(?:s|ed)?|financ(?:e|es|ed)|earmark(?:s|ed)?"
    r"|commit(?:s|ted)?|approv(?:e|es|ed)|disburs(?:e|es|ed)|contribut(?:e|es|ed)|allot(?:s|ted)?|set\s+aside|devot(?:e|es|ed)"
    r"|hand(?:s|ed|ing)?(?:\s+over)?|deliver(?:s|ed|ing)?|sell(?:s|ing)?|sold|gift(?:s|ed)?|ship(?:s|ped)?"
    # Russian: выделит, предоставила, окажет, направит, выплатит, потратил, инвестирует, профинансирует, дал
    r"|выдел\w*|предостав\w*|ока[зж]\w*|направ\w*|выплат\w*|перечисл\w*|потрат\w*|израсходова\w*|инвестир\w*"
    r"|(?:про)?финансир\w*|одобр\w*|пообеща\w*|обеща\w*|дал|дала|дали|даст|дадут|да[её]т|выда\w*|кредитова\w*|ссуди\w*"
    r"|спиш\w*|списа\w*|списыва\w*|прост\w*|перевед\w*|перевел\w*|перевод\w*|передаст|передал\w*|переда\w*"
    r"|экспортир\w*|поставил\w*|поставля\w*|поставит|поставят|продал\w*|продаст|продаю\w*)"
)
_RECEIVE = r"(?:receiv(?:e|es|ed|ing)|gets?|getting|got|obtain(?:s|ed)?|wins?|won|secur(?:e|es|ed)|accept(?:s|ed)?|получ\w*)"
_AUX = (r"(?:\s+(?:will|would|shall|is|are|was|were|has|have|had|ready|to|plans?|planned|intends?|promised|pledged|agreed|also|already|could|may|not|be|been|set|going|able|prepared|willing|decided|soon|now|reportedly"
        r"|будет|будут|готов\w*|намерен\w*|планирует|планируют|решил\w*|может|могут|уже|также|тоже|вновь|ещ[её]"
        r"|ежегодно|ежемесячно|дополнительно|безвозмездно|впервые|регулярно))*")
_PAYER_AFTER = re.compile(r"^(?:\s*['’]s\s+\w+)?" + _AUX + r"\s+" + _GIVE + r"\b", re.I)
_RECEIVER_AFTER = re.compile(r"^" + _AUX + r"\s+" + _RECEIVE + r"\b", re.I)
_GIVE_BEFORE = re.compile(r"\b" + _GIVE + r"\s+(?:the\s+)?$", re.I)
_EVENT_TEXT = re.compile(
    r"\b(?:the\s+)?(?:[a-z][\w-]*\s+)?(?:clashes|fighting|battles?|attacks?|bombings?|explosions?|blasts?|earthquake|war|violence"
    r"|riots?|crash|shelling|airstrikes?|ambush|massacre|conflict|insurgency|uprising|floods?|stampede|unrest)\b",
    re.I,
)
_OF_PHRASE = re.compile(r"\s*(?:%|percent|per\s*cent)?\s*of\s+(?P<np>[^,.;:()\n]+)", re.I)
_NP_AFTER = re.compile(r"[\s-]*(?:long\s+)?(?P<np>[a-z][\w-]*(?:\s+(?!of\b|in\b|to\b|for\b|and\b|with\b|on\b|at\b|by\b|from\b|is\b|was\b|will\b)[a-z][\w-]*)?)", re.I)
_FOR_NP = re.compile(r"\s*(?:for|of)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?P<np>[a-z][\w-]*(?:\s+(?!of\b|in\b|to\b|for\b|and\b|with\b|on\b|at\b|by\b)[a-z][\w-]*)?)", re.I)
_NP_STOP = frozenset(
    "is are was were be been goes go went has have had will would can could may might that which who to in on at for by from and or but as it".split()
)
# "joining within 3 years", "a deployment lasting 30 days": the thing that takes that long
_NP_BEFORE = re.compile(
    r"\b(?P<np>[a-z]+(?:ing|ion|ment|ship|ance|ence|age)|lease|deal|term|programme|program|contract|agreement|mission|war|treaty"
    r"|presence|stay|period|freeze|ban|sentence|moratorium|truce|ceasefire|exercises?|drills?)\s+(?:lasting|within|for|over|of)\s+"
    r"(?:the\s+next\s+|the\s+past\s+|a\s+period\s+of\s+|up\s+to\s+|about\s+|some\s+|nearly\s+|almost\s+)?$",
    re.I,
)
_DURATION_NOUN = re.compile(
    r"\b(?:presence|lease|deal|loan|term|programme|program|contract|mission|war|treaty|stay|freeze|ban|moratorium|truce"
    r"|ceasefire|exercises?|drills?|agreement|deployment|operation|extension|rotation|peacekeepers|conscription|service)\b",
    re.I,
)
_PRONOUNS = frozenset({"it", "them", "this", "that", "these", "those"})
_VERBS = frozenset(
    "lives live remains remain holds hold comes come transits stands stand lies lie goes account accounts makes make "
    "falls fall rises rise belongs belong says say votes vote needs need gets get lacks lack works work".split()
)
_ISO = re.compile(r"\b([A-Z]{3})\b")


@dataclasses.dataclass(frozen=True)
class EntityFacts:
    """What the registry says about entities, for roles: a unit's owner (``parent``),
    where a unit or city is (``located_in``), the currency an ISO code names."""

    parent: Mapping[str, str] = dataclasses.field(default_factory=dict)
    located_in: Mapping[str, str] = dataclasses.field(default_factory=dict)
    currency: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # from the ISO and CLDR tables (factdb.extract.currencies): code -> issuing country,
    # country -> its currency's code, code -> English name (for codes the registry lacks)
    issuer: Mapping[str, str] = dataclasses.field(default_factory=dict)
    national: Mapping[str, str] = dataclasses.field(default_factory=dict)
    currency_names: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def currency_name(self, code: str | None) -> str | None:
        """The registry's name of an ISO currency, else its standard English name."""
        if not code:
            return None
        return self.currency.get(code) or self.currency_names.get(code)


# A name the registry does not know, written in capitals: "International Monetary Fund", "IMF".
_CAP_NAME = re.compile(
    r"\b(?:[A-Z][a-z][\w'’&-]*|[A-Z]{2,6}s?)(?:\s+(?:(?:of|for|and|the|de)\s+)*(?:[A-Z][a-z][\w'’&-]*|[A-Z]{2,6}))*"
)
_ORG_HEAD = re.compile(
    r"(?:Fund|Bank|Union|Organi[sz]ation|Commission|Council|Group|Corporation|Company|Agency|Ministry|Government"
    r"|Forum|Association|Alliance|Community|Treasury|Reserve|Authority|Facility|Programme|Program|Parliament|Gazprom"
    r"|[A-Z]{2,6})$"
)
_NOT_ORG = frozenset({"US", "UK", "USA", "EU", "UN", "CEO", "GDP", "AP", "AFP", "TV", "PM", "AM", "USD", "EUR", "RUB",
                      "LPG", "LNG", "OK", "EFF", "EFF", "SDR", "VAT", "BRICS"})
_ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’-]+\s+(?:(?:of|for|and|the|de)\s+)*){1,7})\(\s*([A-Z]{2,6})\s*\)")


@dataclasses.dataclass(frozen=True)
class _Role:
    subject: str | None = None
    subject_resolved: bool = False
    source: str | None = None  # sentence | sentence_text | paragraph | headline | None
    object: str | None = None
    object_resolved: bool = False
    extras: dict = dataclasses.field(default_factory=dict)


class _Context:
    def __init__(self, body: str, mentions: list[Mention], kinds: Mapping[str, str], stands_for: Mapping[str, str],
                 facts: EntityFacts | None = None, language: str = "en"):
        self.body = body
        self.language = language
        self.stands_for = stands_for
        self.kinds = kinds
        self.facts = facts or EntityFacts()
        if language == "en":
            # "the bloc", "the country", "the Fund": the entity meant, for every rule below
            from factdb.extract.referents import back_references

            from factdb.extract.referents import currency_references

            extra = back_references(body, mentions, kinds, self.facts.parent)
            money = currency_references(body, sorted([*mentions, *extra], key=lambda m: m.start), kinds,
                                        self.facts.national, self.facts.currency_name)
            if money:  # a currency the registry lacks ("Argentine Peso") is still a currency here
                self.kinds = {**kinds, **{m.entity: "currency" for m in money if m.entity not in kinds}}
                extra = [m for m in extra if not any(x.start < m.end and m.start < x.end for x in money)] + money
            mentions = sorted([*mentions, *extra], key=lambda m: m.start) if extra else mentions
        self.mentions = mentions
        self.last_money: dict[int, _Role] = {}  # paragraph start -> the last money claim's roles
        self.rate_in: dict[int, _Role] = {}  # sentence start -> the roles of an exchange rate in it
        cut = body.find("\n\n")
        self.headline_end = len(body) if cut < 0 else cut
        self._acronyms: dict[str, str] | None = None
        # Indexes so that every per-claim lookup is a bisect, not a scan of the article
        # (``mentions`` is sorted by start): cost stays linear in the article's length.
        self._starts = [m.start for m in mentions]
        self._max_end = list(accumulate((m.end for m in mentions), max))
        self._breaks: dict[str, list[int]] = {}
        self._units: dict[str, tuple] | None = None
        self._topic: tuple[dict[str, int], list[str]] | None = None

    @property
    def acronyms(self) -> dict[str, str]:
        """"the International Monetary Fund (IMF)" anywhere in the article: IMF -> the full name."""
        if self._acronyms is None:
            self._acronyms = {}
            if "(" in self.body:
                for m in _ACRONYM_DEF.finditer(self.body):
                    words = m.group(1).split()
                    while words and words[0].lower() in ("the", "of", "and", "for"):
                        words.pop(0)
                    if words and len(words) >= len(m.group(2)) - 1:
                        self._acronyms.setdefault(m.group(2), " ".join(words))
        return self._acronyms

    def text_names(self, a: int, b: int) -> list[Mention]:
        """Organisation-like names in ``body[a:b]`` that no registry mention covers (as text mentions)."""
        out = []
        for m in _CAP_NAME.finditer(self.body, a, b):
            text = m.group()
            text = re.sub(r"^(?:The|A|An)\s+", "", text)
            start = m.end() - len(text)
            if self._overlaps(start, m.end()):
                continue
            if not _ORG_HEAD.search(text) or text in _NOT_ORG or (text.isupper() and len(text) < 2):
                continue
            if start == self.rfind("\n", start) + 1 and " " not in text and not text.isupper():
                continue  # one capitalised word opening a line: a sentence start, not a name
            if re.match(r"\$|\s?\d", self.body[m.end():m.end() + 2]):
                continue  # "Payments of US$19 billion": a currency prefix, not a name
            out.append(Mention(self.acronyms.get(text, text), start, m.end(), text))
        return out

    def _overlaps(self, a: int, b: int) -> bool:
        """Whether a registry mention overlaps ``body[a:b]``."""
        hi = bisect_left(self._starts, b)  # mentions starting before b; does one end after a?
        return hi > 0 and self._max_end[hi - 1] > a

    def rfind(self, sep: str, pos: int) -> int:
        """``body.rfind(sep, 0, pos)`` for a line or paragraph break, by bisect over their offsets."""
        found = self._breaks.get(sep)
        if found is None:
            found = self._breaks[sep] = [m.start() for m in re.finditer(f"(?={re.escape(sep)})", self.body)]
        i = bisect_right(found, pos - len(sep)) - 1
        return found[i] if i >= 0 else -1

    def units_before(self, pos: int) -> list[tuple]:
        """For each military unit named in mentions ending at or before ``pos``:
        (first index in ``mentions``, entity, count, latest start, that mention), in the
        order the units are first named; what :func:`_article_units` needs, by bisect."""
        if self._units is None:
            by_entity: dict[str, list[tuple[int, Mention]]] = {}
            for i, m in enumerate(self.mentions):
                if self.kind(m) == "military_unit":
                    by_entity.setdefault(m.entity, []).append((i, m))
            self._units = {}
            for name, ms in by_entity.items():
                ms.sort(key=lambda t: t[1].end)  # stable: list order among equal ends
                ends, first, latest = [], [], []
                lo, best = None, None
                for i, m in ms:
                    ends.append(m.end)
                    lo = i if lo is None else min(lo, i)
                    # the latest start; among equal starts the first in list order (as max() picks)
                    if best is None or m.start > best[1].start or (m.start == best[1].start and i < best[0]):
                        best = (i, m)
                    first.append(lo)
                    latest.append(best[1])
                self._units[name] = (ends, first, latest)
        out = []
        for name, (ends, first, latest) in self._units.items():
            k = bisect_right(ends, pos)
            if k:
                out.append((first[k - 1], name, k, latest[k - 1].start, latest[k - 1]))
        out.sort(key=lambda t: t[0])
        return out

    def country_topic(self) -> tuple[dict[str, int], list[str]]:
        """Country mentions counted over the article, and the countries most named first."""
        if self._topic is None:
            counts: dict[str, int] = {}
            for m in self.mentions:
                if self.kind(m) == "country":
                    counts[m.entity] = counts.get(m.entity, 0) + 1
            self._topic = counts, sorted(counts, key=lambda n: -counts[n])
        return self._topic

    def actor(self, m: Mention | None) -> Mention | None:
        """The mention as an actor: a capital or state organ becomes its country."""
        if m is None or m.entity not in self.stands_for:
            return m
        return dataclasses.replace(m, entity=self.stands_for[m.entity])

    def kind(self, m: Mention) -> str:
        return self.kinds.get(m.entity, "other")

    def within(self, a: int, b: int, ok=None) -> list[Mention]:
        lo, hi = bisect_left(self._starts, a), bisect_right(self._starts, b)
        return [m for m in self.mentions[lo:hi] if m.end <= b and (ok is None or self.kind(m) in ok)]

    def word_before(self, m: Mention, floor: int) -> str:
        found = re.search(r"(\w+)\s+(?:the\s+)?$", self.body[max(floor, m.start - 40):m.start])
        return found.group(1).lower() if found else ""


def _is_border(m: Mention) -> bool:
    return "border" in m.entity.lower()


def _dist(m: Mention, c: Claim) -> float:
    return c.start - m.end if m.end <= c.start else m.start - c.end + 0.5


def _nearest(ms: Sequence[Mention], c: Claim) -> Mention | None:
    return min(ms, key=lambda m: _dist(m, c)) if ms else None


def _set(subject: Mention | str | None, obj: Mention | None = None, source="sentence", **extras) -> _Role:
    if subject is None and obj is None:
        return _Role(extras=extras)
    if isinstance(subject, str):
        return _Role(subject, False, "sentence_text", obj.entity if obj else None, obj is not None, extras)
    return _Role(
        subject.entity if subject else None, subject is not None, source if subject else None,
        obj.entity if obj else None, obj is not None, extras,
    )


_PREPS = frozenset({"to", "in", "at", "of", "for", "as", "from", "with", "by", "into", "on", "near", "and", "against"})


def _adjacent(between: str) -> bool:
    """At most two words and no preposition or punctuation between a number and a name."""
    words = between.replace("-", " ").split()
    return len(words) <= 2 and not re.search(r"[,;.()]", between) and not any(w.lower() in _PREPS for w in words)


_BASE_WORDS = re.compile(r"\b(?:base|garrison|division|brigade|contingent|servicemen|troops|soldiers)\b", re.I)


def _article_units(ctx: _Context, c: Claim, ms: list[Mention]) -> list[Mention]:
    """The unit or base an article is about, for a figure that does not name it
    ("up to 7,000 servicemen are stationed in Dushanbe" after "the 201st base"):
    the unit named most often before the claim, if the owner named in the sentence
    (if any) owns it."""
    if not _BASE_WORDS.search(ctx.body, c.quote_start, c.quote_end):
        return []
    before = ctx.units_before(c.quote_start)
    if not before:
        return []
    _, best, _, _, last = max(before, key=lambda t: (t[2], t[3]))
    owners = {ctx.actor(m).entity for m in ms if ctx.kind(m) == "country"}
    owner = ctx.facts.parent.get(best)
    if owners and owner not in owners and not (owners <= {ctx.facts.located_in.get(best)}):
        return []
    return [Mention(best, last.start, last.end, last.surface)]


def _roles_troops(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    qs = c.quote_start
    locs = [m for m in ms if ctx.kind(m) in PLACE and ctx.word_before(m, qs) in _LOCATIVE]
    loc = _nearest(locs, c)
    units = [m for m in ms if ctx.kind(m) in UNIT]
    if not units:
        units = _article_units(ctx, c, ms)
    if units:
        subject = _nearest(units, c)
        if loc is None or loc.entity == subject.entity:
            where = ctx.facts.located_in.get(subject.entity)
            loc = Mention(where, c.start, c.start, where) if where else None
        elif ctx.kind(loc) == "city" and ctx.facts.located_in.get(loc.entity):
            where = ctx.facts.located_in[loc.entity]
            loc = Mention(where, loc.start, loc.end, loc.surface)
        return _set(subject, loc if loc and loc.entity != subject.entity else None)
    attached = [m for m in ms if c.start <= m.start and ctx.kind(m) in ACTOR and _adjacent(ctx.body[c.end:m.start])]
    owners = [m for m in ms if m.end <= c.start and ctx.kind(m) in ACTOR and m not in locs
              and ctx.word_before(m, qs) not in {"from", "with", "against", "by", "из", "с", "со", "против", "от"}]
    subject = ctx.actor(_nearest(attached, c) or _nearest(owners, c))
    if subject is None:
        return _set(loc)
    return _set(subject, loc if loc and loc.entity != subject.entity else None)


def _roles_fatalities(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    sentence = ctx.body[c.quote_start:c.quote_end]
    event = _EVENT_TEXT.search(sentence)
    extras = {"event_text": event.group(0)} if event else {}
    attacker = _attacker(ctx, c, ms)
    places = [m for m in ms if ctx.kind(m) in PLACE and m is not attacker]
    locs = [m for m in places if ctx.word_before(m, c.quote_start) in _LOCATIVE]
    place = _nearest(locs, c) or _nearest(places, c)
    events = [m for m in ms if ctx.kind(m) == "event"]
    if not events and event:
        # "clashes on the Kyrgyz-Tajik border" -> the registry's "Kyrgyz-Tajik border clashes"
        word = event.group(0).split()[-1].lower()
        for m in ms:
            for name in (f"{m.entity} {word}", f"{m.entity} {word.rstrip('s')}", f"{m.entity} {word}s"):
                if ctx.kinds.get(name) == "event":
                    events = [Mention(name, m.start, m.end, m.surface)]
                    break
            if events:
                break
    # the object is who killed them, if named (docs/annotation.md §5), never the place
    obj = attacker if attacker is not None else None
    if events:
        subject = _nearest(events, c)
        return _set(subject, obj if obj is not None and obj.entity != subject.entity else None, **extras)
    if place is not None and obj is not None and obj.entity == place.entity:
        obj = None
    return _set(place, obj, **extras) if place is not None else _Role(None, False, None, obj.entity if obj else None,
                                                                       obj is not None, extras)


_ATTACK_AFTER = re.compile(r"^(?:['’]s)?\s+(?:[\w-]+\s+)?(?:air\s*strikes?|strikes?|attacks?|shelling|bombing|raids?|forces|troops"
                           r"|army|soldiers|gunmen|militants|rockets?|missiles?|drones?)\b(?:(?!\b(?:were|was|been|are|is|being)\b)[^,.;]){0,40}?"
                           r"\b(?:killed|kill|kills|killing)\b", re.I)
_BY_AFTER_KILLED = re.compile(r"\b(?:killed|slain|shot\s+dead)\s+(?:[\w-]+\s+){0,4}?by\s+(?:the\s+)?$", re.I)


def _attacker(ctx: _Context, c: Claim, ms: list[Mention]) -> Mention | None:
    """Who killed them, when the sentence says it: "Israeli strikes killed 30 people", "killed by
    Russian shelling", "Taliban fighters killed 12 soldiers"."""
    body = ctx.body
    for m in ms:
        if ctx.kind(m) not in ACTOR | UNIT:
            continue
        if m.end <= c.start and _ATTACK_AFTER.match(body[m.end:c.start + 1]):
            return ctx.actor(m)
        if m.start >= c.end and _BY_AFTER_KILLED.search(body, c.quote_start, m.start):
            return ctx.actor(m)
    return None


_MONEY_NOUN_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}?(?:investments?|aid|assistance|loans?|credits?|funding|grants?|financing|money|remittances"
    r"|support|contribution|bailout|package"
    # what the holder has or earns (docs/annotation.md §5): "the SBP's foreign exchange reserves stood at"
    r"|reserves|budget|revenues?|debts?|deficit|surplus|gdp|exports?|imports?|spending|expenditures?|earnings|income"
    r"|profits?|assets|savings|wages?|salaries|pensions?)\b", re.I)
_DEAL_WITH = re.compile(
    r"\b(?:deal|agreement|accord|arrangement|programme|program|facility|loan|credit|contract|pact|talks|negotiations"
    r"|bailout|package|deposit|swap|line)\s+(?:[\w-]+\s+){0,2}?with\s+(?:the\s+)?$", re.I)
# a lender by its name: "International Monetary Fund", "World Bank", "Saudi Fund for Development", "Asian Development Bank"
_LENDER_NAME = re.compile(r"\b(?:Fund|Bank|IMF|EBRD|ADB|AIIB|EIB|Monetary|Development|Investment|Reserve)\b")
_LENDING = re.compile(
    r"\b(?:loans?|lend\w*|lent|credits?|bailout|programme|program|facility|tranche|disburse\w*|financing|debt\s+deal"
    r"|deal|arrangement|rescue|package|deposit|support)\b", re.I)
_HOLDER_NOUN = re.compile(
    r"\b(?:budget\w*|deficit|surplus|expenditures?|expenses|spending|revenues?|reserves|salar\w+|pensions?|wages?"
    r"|allocations?|cuts?|debts?|gdp|subsid\w+)\b", re.I)
_INVEST_IN_BEFORE = re.compile(r"\b(?:invest\w*|stakes?|remittances?|exports?|aid|loans?|assistance)\s+(?:to\s+|in\s+|into\s+)(?:the\s+)?$", re.I)
_PASSIVE_GIVE = re.compile(r"\b(?:allocated|provided|paid|given|granted|pledged|promised|offered|financed|funded|lent|approved|disbursed|extended)\b", re.I)


def _money_sides(ctx: _Context, c: Claim, actors: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    body, qs = ctx.body, c.quote_start
    payers: list[Mention] = []
    recipients: list[Mention] = []
    partners: list[Mention] = []  # "reached an agreement with the IMF to get $6 billion"
    for m in actors:
        before = ctx.word_before(m, qs)
        if before == "with":
            if _DEAL_WITH.search(body, max(qs, m.start - 60), m.start):
                partners.append(m)  # "a loan deal with the IMF", not "the war with Russia"
            continue
        after = body[m.end:c.quote_end]
        passive = _PASSIVE_GIVE.search(body[qs:m.start])
        if before in ("from", "от", "из") or (before == "by" and passive):
            payers.append(m)
        elif (before in ("to", "for", "into", "для") or _RECEIVER_AFTER.match(after)
              or _GIVE_BEFORE.search(body[qs:m.start])
              or _INVEST_IN_BEFORE.search(body[max(qs, m.start - 40):m.start])):
            recipients.append(m)
        elif _PAYER_AFTER.match(after) or _MONEY_NOUN_AFTER.match(after):
            payers.append(m)
    if not payers and recipients:
        payers = [m for m in partners if m.entity not in {r.entity for r in recipients}]
    return payers, recipients


def _roles_money(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    actors = [m for m in ms if ctx.kind(m) in ACTOR | UNIT]
    payers, recipients = _money_sides(ctx, c, actors)
    if not payers:  # a lender the registry does not know: "the International Monetary Fund approved"
        texts = [t for t in ctx.text_names(c.quote_start, c.quote_end) if t.end <= c.start or t.start >= c.end]
        payers, more = _money_sides(ctx, c, texts)
        recipients = recipients or more
    lender = None
    if not payers and _LENDING.search(ctx.body, c.quote_start, c.quote_end):
        # "Argentina's debt deal with the IMF", "the IMF ... its loan programme with Egypt": the lender pays
        named = actors + [t for t in ctx.text_names(c.quote_start, c.quote_end) if t.end <= c.start or t.start >= c.end]
        lender = next((m for m in named if ctx.kind(m) in ("organization", "other")
                       and _LENDER_NAME.search(m.entity) and m not in recipients), None)
        if lender is not None:
            payers = [lender]
            if not recipients:
                recipients = [m for m in actors if ctx.kind(m) == "country" and m.entity != lender.entity
                              and not ctx.facts.parent.get(lender.entity) == m.entity][:1]
    payer, recipient = ctx.actor(_nearest(payers, c)), ctx.actor(_nearest(recipients, c))
    if payer is None and recipient is None:
        subject = ctx.actor(_nearest(actors, c))
        if subject is None:  # "Gazprom said $55bn will be invested": a name the registry lacks
            texts = [t for t in ctx.text_names(c.quote_start, c.start)]
            if texts:
                return _Role(texts[0].entity, False, "sentence_text")
        return _set(subject)
    if payer is None:
        # "EU agrees on €50bn aid package for Ukraine": the clause's actor before the number pays
        first = next((ctx.actor(m) for m in actors if m.end <= c.start and m not in recipients
                      and ctx.actor(m).entity != recipient.entity
                      and ctx.word_before(m, c.quote_start) not in _PREPS), None)
        if first is not None and m_before_clause(ctx, c, first):
            return _set(first, recipient)
        return _Role(None, False, None, recipient.entity, True, {"needs_subject_excluding": recipient.entity})
    if recipient is None:  # "Bakiyev ... accepting $2 billion from Russia": the sentence's own actor receives
        first = next((ctx.actor(m) for m in ctx.within(c.quote_start, c.start)
                      if ctx.kind(m) in ACTOR | {"person"} and ctx.actor(m).entity != payer.entity
                      and m not in payers), None)
        if first is not None and ctx.kind(first) == "person":
            country = ctx.facts.parent.get(first.entity)
            first = dataclasses.replace(first, entity=country) if country else None
        if first is not None and first.entity != payer.entity and _set(first).subject_resolved:
            recipient = first
    if payer.entity not in ctx.kinds:  # a text name
        return _Role(payer.entity, False, "sentence_text", recipient.entity if recipient else None,
                     recipient is not None)
    return _set(payer, recipient if recipient and recipient.entity != payer.entity else None)


def m_before_clause(ctx: _Context, c: Claim, m: Mention) -> bool:
    """``m`` opens the clause that holds the number (no clause break between them)."""
    return not re.search(r"[;:]|,\s+(?:which|who|while|but|and|as)\b|\b(?:while|whereas|but)\b", ctx.body[m.end:c.start])


def _border_scope(ctx: _Context, a: int, b: int, exclude: str | None = None) -> tuple[Mention | None, Mention | None]:
    ms = ctx.within(a, b)
    borders = [m for m in ms if _is_border(m)]
    if borders:
        return borders[-1], None
    countries = [m for m in ms if ctx.kind(m) == "country" and m.entity != exclude]
    obj = next((m for m in countries if ctx.word_before(m, a) in ("with", "along", "с", "со")), None)
    others = [m for m in countries if obj is None or m.entity != obj.entity]
    subject = others[0] if others else None
    if obj is None:
        obj = next((m for m in others[1:] if m.entity != subject.entity), None)
    return subject, obj


def _roles_border(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    subject, obj = _border_scope(ctx, c.quote_start, c.quote_end)
    if subject is not None:
        return _set(subject, obj)
    para = ctx.rfind("\n\n", c.quote_start)
    para = 0 if para < 0 else para + 2
    for source, (a, b) in (("paragraph", (para, c.quote_start)), ("headline", (0, ctx.headline_end))):
        if b <= a:
            continue
        s2, o2 = _border_scope(ctx, a, b, exclude=obj.entity if obj else None)
        if s2 is not None:
            return _set(s2, obj or o2, source=source)
    return _Role(None, False, None, obj.entity if obj else None, obj is not None)


_DIRECTION_OF = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+(?:the\s+)?$", re.I)


def _roles_distance(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    places = [m for m in ms if ctx.kind(m) in PLACE | UNIT or _is_border(m)]
    frm = next((m for m in places if ctx.word_before(m, c.quote_start) in ("from", "between", "outside", "off", "beyond",
                                                                         "от", "между")
                or _DIRECTION_OF.search(ctx.body, c.quote_start, m.start)), None)
    to = next((m for m in places if ctx.word_before(m, c.quote_start) in ("to", "and", "до", "и") and (frm is None or m.start > frm.start)), None)
    if frm and to:
        return _set(frm, to)
    if frm:
        others = [m for m in places if m.entity != frm.entity and m.end <= c.start]
        return _set(_nearest(others, c), frm) if others else _Role(None, False, None, frm.entity, True)
    return _set(_nearest(places, c))


_WHOLE = re.compile(
    r"\s*(?:%|percent|per\s*cent)?\s*(?:of|in)\s+(?P<np>[^,.;:()\n]+)"  # "40% of the world's population", "a 51% stake in BP"
    r"|\s+(?P<bare>(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+['’]s\b[^,.;:()\n]*)", re.I)  # "half Tajikistan's GDP"
_SHARE_BLOCK = re.compile(r"\b(?:of|in|to|by)\s+(?:the\s+)?$", re.I)  # a name in a prepositional phrase is not the holder


def _roles_share(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    """Whose part it is (docs/annotation.md §5): the holder, the actor the clause is about
    before the number ("BRICS accounts for 40% of the world's population", "Russian gas supplies
    account for 30% of Ukraine's consumption", "the ruble lost 10% of its value"); the owner of
    the whole, when another entity, is the object (Ukraine). With no holder the owner of the
    whole is the subject ("15% of Kazakhstan's budget"); with neither, the fallbacks."""
    body, qs = ctx.body, c.quote_start
    m = _WHOLE.match(body, c.end, c.quote_end)
    whole_ms: list[Mention] = []
    extras = {}
    ok = ACTOR | PLACE | UNIT | {"currency", "event"}
    if m:
        a, b = (m.start("np"), m.end("np")) if m.group("np") else (m.start("bare"), m.end("bare"))
        whole_ms = [x for x in ms if a <= x.start and x.end <= b and (ctx.kind(x) in ok or _is_border(x))]
        extras["whole"] = _whole_text(body[a:b])
        if m.group("np") and m.group("np").split()[0].lower() in _PRONOUNS:
            # "85% of it": the whole is the thing named just before
            it = [x for x in ms if x.end <= c.start and (ctx.kind(x) in ok or _is_border(x))]
            return _set(it[-1], **extras) if it else _Role(extras=extras)
    countries = [x for x in whole_ms if ctx.kind(x) == "country"]
    owner = next((x for x in whole_ms if _is_border(x)), None) or (countries or whole_ms or [None])[0]
    owner = ctx.actor(owner) if owner is not None else None
    before = [x for x in ms if x.end <= c.start and (ctx.kind(x) in ok or _is_border(x)) and x not in whole_ms]
    cs = _clause_start(ctx, c)
    holders = [x for x in before if x.start >= cs] or before
    holders = [x for x in holders if not _SHARE_BLOCK.search(body[max(qs, x.start - 12):x.start])] or holders
    holder = None
    for i, x in enumerate(holders):  # the first: the clause's subject, not a later modifier
        nxt = holders[i + 1] if i + 1 < len(holders) else None
        if nxt is not None and re.fullmatch(r"['’]s\s+(?:[\w-]+\s+){0,2}", body[x.end:nxt.start]):
            continue  # "the country's currency": the possessed thing holds the part
        x = ctx.actor(x)
        if owner is None or x.entity != owner.entity:
            holder = x
            break
    if holder is None and owner is None:
        return _Role(extras=extras)  # the paragraph, headline or article decide
    if holder is None:
        return _set(owner, **extras)
    obj = owner if owner is not None and owner.entity != holder.entity else None
    if obj is None:
        vs = next((x for x in ms if x.start >= c.end and ctx.kind(x) == "currency"
                   and re.search(r"\bagainst\s+(?:the\s+)?(?:U\.?S\.?\s+)?$", body[c.end:x.start], re.I)), None)
        obj = vs if vs is not None and vs.entity != holder.entity else None
    return _set(holder, obj, **extras)


def _whole_text(np: str) -> str:
    """The whole's noun phrase up to its verb, without an article: "the population lives ..." -> "population"."""
    words: list[str] = []
    for word in np.split():
        low = word.lower()
        if low in _NP_STOP or len(words) == 6 or (words and (low in _VERBS or re.fullmatch(r"[a-z]+ed", low))):
            break
        words.append(word)
    return re.sub(r"^(?:the|a|an|its|their)\s+", "", " ".join(words), flags=re.I) or np.strip()


_CLAUSE_CUT = re.compile(r"[;:]|,\s+(?:which|who|while|whereas|but|and)\b|\b(?:while|whereas|but)\b")


def _clause_start(ctx: _Context, c: Claim) -> int:
    """Where the clause holding the number begins (after "; ", ", while", ", which" ...)."""
    cs = c.quote_start
    for m in _CLAUSE_CUT.finditer(ctx.body, c.quote_start, c.start):
        cs = m.end()
    return cs


def _roles_rate(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    """The currency the rate is quoted in is the one the sentence is about ("the tenge fell to
    300 per dollar": Kazakh tenge); the other currency (the dollar) is the object."""
    currencies = [m for m in ms if ctx.kind(m) == "currency"]
    own = ctx.facts.currency_name(c.unit)
    body = ctx.body
    named_before = [m for m in currencies if m.end <= c.start
                    and not _AGAINST_BEFORE.search(body, max(c.quote_start, m.start - 14), m.start)
                    and not re.search(r"[;]", body[m.end:c.start])]
    if named_before:
        # the currency the clause is about: "the euro was set at 9645.48 soum" -> euro, "one dollar
        # bought about 35 rubles" -> dollar; the quoting currency (or the other named) the object
        subject = named_before[-1]
        obj = own if own and own != subject.entity else next((m.entity for m in currencies if m.entity != subject.entity), None)
        if obj is None:  # "the tenge was valued at 188 to $1": the dollar of the sign
            priced = c.extras.get("priced")
            code = priced if priced and priced != c.unit else ("USD" if "$" in body[c.quote_start:c.quote_end] else None)
            obj = ctx.facts.currency_name(code) if code else None
            obj = obj if obj != subject.entity else None
        return _Role(subject.entity, subject.entity in ctx.kinds, "sentence", obj, obj is not None and obj in ctx.kinds)
    others = [m for m in currencies if m.entity != own]
    other = _nearest(others, c)
    if other is None:
        priced = c.extras.get("priced")
        code = priced if priced and priced != c.unit else ("USD" if "$" in ctx.body[c.quote_start:c.quote_end] else None)
        name = ctx.facts.currency.get(code) if code else None
        if name and name != own:
            other = Mention(name, c.start, c.start, code)
    if own is not None:
        return _Role(own, own in ctx.kinds, "sentence", other.entity if other else None, other is not None)
    if currencies:
        return _set(_nearest(currencies, c))
    codes = [x for x in _ISO.findall(ctx.body[c.quote_start:c.end]) if x != c.unit]
    if codes:
        code = codes[-1]
        name = next((n for n, k in ctx.kinds.items() if k == "currency" and n.upper() == code), None)
        return _Role(name, True, "sentence") if name else _set(code)
    return _Role()


def _roles_duration(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    """A named thing that lasts (an event, a unit's presence, a treaty organization), else
    the party the span is about: the recipient of a loan or programme (the lender is the
    object), else the sentence's actor."""
    named = [m for m in ms if ctx.kind(m) in UNIT | {"event"}]
    if named:
        return _set(_nearest(named, c))
    if _MEETING_NOUN.search(ctx.body, max(c.quote_start, c.start - 30), min(c.quote_end, c.end + 25)):
        # "two days of talks at a BRICS summit": the body whose meeting it is
        bodies = [m for m in ms if ctx.kind(m) == "organization" and not ctx.facts.parent.get(m.entity)]
        if bodies:
            # "Kazakhstan finalizes 20-year-long talks on WTO membership": a state's talks with the body
            state = next((m for m in ms if m.end <= c.start and ctx.kind(m) == "country"
                          and ctx.word_before(m, c.quote_start) not in _PREPS and m_before_clause(ctx, c, m)), None)
            body_ = _nearest(bodies, c)
            return _set(state, body_) if state is not None else _set(body_)
    units = _article_units(ctx, c, ms)
    if units:
        subject = units[0]
        where = ctx.facts.located_in.get(subject.entity)
        return _set(subject, Mention(where, c.start, c.start, where) if where else None)
    actors = [m for m in ms if ctx.kind(m) in ACTOR]
    payers, recipients = _money_sides(ctx, c, actors)
    if not payers:
        texts = [t for t in ctx.text_names(c.quote_start, c.quote_end) if t.end <= c.start or t.start >= c.end]
        payers = _money_sides(ctx, c, texts)[0]
    payer, recipient = ctx.actor(_nearest(payers, c)), ctx.actor(_nearest(recipients, c))
    if recipient is not None:
        obj = payer if payer is not None and payer.entity != recipient.entity else None
        if obj is not None and obj.entity not in ctx.kinds:
            return _Role(recipient.entity, True, "sentence", obj.entity, False)
        return _set(recipient, obj)
    if actors:
        return _set(ctx.actor(_nearest(actors, c)))
    return _duration_text(ctx, c)


_MEETING_NOUN = re.compile(r"\b(?:summit|talks|meeting|session|discussions|negotiations|conference|congress|forum)\b", re.I)


def _duration_text(ctx: _Context, c: Claim) -> _Role:
    """No entity in the sentence: the thing that lasts, as text ("a 49-year lease" -> lease)."""
    span_text = ctx.body[c.start:c.end]
    m = None
    if re.search(r"-(?:year|month|week|day|hour)s?$", span_text, re.I):
        m = _NP_AFTER.match(ctx.body, c.end, c.quote_end)
    m = m or _FOR_NP.match(ctx.body, c.end, c.quote_end)
    if m:
        return _set(m.group("np"))
    before = _NP_BEFORE.search(ctx.body, c.quote_start, c.start)
    if before and before.group("np").lower() not in _NP_STOP:
        return _set(before.group("np"))
    nouns = list(_DURATION_NOUN.finditer(ctx.body, c.quote_start, c.start))
    if nouns:
        return _set(nouns[-1].group(0))
    return _Role()


def _roles_members(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    org = _nearest([x for x in ms if ctx.kind(x) == "organization"], c)
    if org is None and re.search(r"-(?:members?|nations?|countries|country|states?)$", ctx.body[c.start:c.end], re.I):
        # "the 193-member General Assembly": the organization named right after, as text
        m = re.compile(r"\s+(?P<np>(?:[A-Z][\w'-]*\s?){1,5})").match(ctx.body, c.end, c.quote_end)
        if m:
            return _set(m.group("np").strip())
    return _set(org)


_VERB_AFTER = re.compile(
    r"(?:['’]s\s+[\w-]+)?\s+(?:has|have|had|will|would|is|are|was|were|can|could|may|might|must|should|also|now|still"
    r"|plans?|wants?|keeps?|uses?|used|owns?|owned|operates?|operated|launched|launches|fired|deployed|sent|sends|built|bought"
    r"|sold|holds?|held|lost|received|got)\b", re.I)
_STATES_NOUNS = frozenset({"countries", "states", "nations", "members", "leaders", "republics", "economies",
                           "governments", "member-states", "heads"})
_NATIONALITY_GAP = re.compile(r"^(?:\s+(?!(?:in|into|to|from|at|of|across|and|were|was|are|have|had)\b)[\w-]+){0,2}?\s+$", re.I)


def _roles_count(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    """People counted with a nationality ("1,500 Afghan soldiers fled into Tajikistan",
    "1.1 million Tajiks working in Russia"): that country, the place they are in or went
    to as the object. Otherwise the place where they are counted."""
    body = ctx.body
    places = [m for m in ms if ctx.kind(m) in PLACE]
    locs = [m for m in places if ctx.word_before(m, c.quote_start) in _LOCATIVE]
    if (c.counted or "").lower().split()[-1:] and (c.counted or "").lower().split()[-1] in _STATES_NOUNS:
        # "six countries invited to join the BRICS bloc", "the five leaders", "21 countries ... WTO membership"
        orgs = [m for m in ms if ctx.kind(m) == "organization" and not ctx.facts.parent.get(m.entity)]
        if orgs:
            return _set(_nearest(orgs, c))
        # "Putin welcomed the six countries": the body the paragraph (else the headline) is about
        para = ctx.body.rfind("\n\n", 0, c.quote_start) + 1
        for a, b in ((para, c.quote_start), (0, ctx.headline_end)):
            named = [m for m in ctx.within(a, b) if ctx.kind(m) == "organization" and not ctx.facts.parent.get(m.entity)]
            if named:
                return _Role(named[-1].entity, True, "paragraph")
    if c.unit == "person":
        own = next((m for m in ms if ctx.kind(m) == "country" and c.end <= m.start <= c.end + 30
                    and _NATIONALITY_GAP.match(" " + body[c.end:m.start])), None)
        if own is not None:
            where = [m for m in locs if m.start > own.end and m.entity != own.entity]
            return _set(own, _nearest(where, c))
        if not places:  # "The Union now comprises 27 member states and 490 million citizens"
            bodies = [m for m in ms if m.end <= c.start and ctx.kind(m) == "organization"
                      and not ctx.facts.parent.get(m.entity) and m_before_clause(ctx, c, m)]
            if bodies:
                return _set(bodies[0])
    if c.unit == "count" and c.counted != "votes":
        # things are counted for their owner, operator or user: "the United States has used K2 for
        # scores of flights", "Russia launched 100 drones at Ukraine" (docs/annotation.md §5)
        qs = c.quote_start
        owners = [m for m in ms if m.end <= c.start and ctx.kind(m) in ACTOR | UNIT
                  and ctx.word_before(m, qs) not in _COUNTERPART | _LOCATIVE | {"of", "by"}
                  and m_before_clause(ctx, c, m)]
        if owners:
            # the one a verb follows ("the United States has used K2"), else the nearest
            verbed = [m for m in owners if _VERB_AFTER.match(body, m.end)]
            owner = ctx.actor(_nearest(verbed, c) or (owners[0] if ctx.kind(owners[0]) in UNIT else _nearest(owners, c)))
            target = next((m for m in ms if m.start >= c.end and ctx.word_before(m, qs) in ("at", "on", "against", "into", "to")
                           and m.entity != owner.entity), None)
            return _set(owner, target)
    return _set(_nearest(locs, c) or _nearest(places, c))


_COMMODITIES = (
    (re.compile(r"\bBrent\b"), "Brent crude"),
    (re.compile(r"\b(?:WTI|West\s+Texas\s+Intermediate|U\.S\.\s+crude|US\s+crude)\b"), "West Texas Intermediate"),
    (re.compile(r"\bUrals\b"), "Urals crude"),
    (re.compile(r"\b(?:crude|oil)\b", re.I), "crude oil"),
    (re.compile(r"\bgold\b", re.I), "gold"),
)
_RATE_OF_CURRENCY = re.compile(r"\b(?:against|to|versus|vs\.?)\s+(?:the\s+)?(?:U\.?S\.?\s+)?(?:dollar|euro|rouble|ruble|yuan)\b", re.I)


def _roles_quantity(ctx: _Context, c: Claim, ms: list[Mention]) -> _Role:
    """What a generic quantity is about: a price -> the commodity (or its seller); a rate or a
    change in percent -> the currency when it moves against another, else the country or
    actor; an age -> the person; other units -> the nearest actor or place."""
    body, qs, qe = ctx.body, c.quote_start, c.quote_end
    unit = c.unit or ""
    if "/" in unit and unit.split("/")[0].isupper():
        actors = [m for m in ms if ctx.kind(m) in ACTOR]
        payers, recipients = _money_sides(ctx, c, actors)
        if unit.endswith("/barrel") or unit.endswith("/ounce"):
            para = ctx.rfind("\n\n", qs)
            for scope in ((qs, qe), (max(para, 0), qe), (0, ctx.headline_end)):
                for pattern, name in _COMMODITIES:
                    if pattern.search(body, *scope):
                        return _Role(name, False, "sentence_text")
        seller = ctx.actor(_nearest(payers, c))
        buyer = ctx.actor(_nearest(recipients, c))
        if seller or buyer:
            return _set(seller or buyer, buyer if seller else None)
        return _set(ctx.actor(_nearest(actors, c)))
    if unit == "year":
        people = [m for m in ms if ctx.kind(m) == "person"]
        return _set(_nearest(people, c)) if people else _Role()
    if unit in ("percent", "percentage_point", "basis_point", "dimensionless"):
        near = body[max(qs, c.start - 60):c.start]
        if not re.search(r"[,;]", near[-30:]):
            for pattern, name in _COMMODITIES[:3]:
                if pattern.search(near):
                    return _Role(name, False, "sentence_text")
        currencies = [m for m in ms if ctx.kind(m) == "currency"]
        against = [m for m in currencies if _AGAINST_BEFORE.search(body, max(qs, m.start - 14), m.start)]
        own = [m for m in currencies if m not in against]
        if own and (against or _VALUE_MOVE.search(body, qs, qe)):
            # "the tenge plunged 20 percent against the dollar", "devalued the national currency by 92%"
            subject = _nearest([m for m in own if m.end <= c.start] or own, c)
            obj = next((m for m in against if m.entity != subject.entity), None)
            return _set(subject, obj)
    places = [m for m in ms if ctx.kind(m) in ACTOR | PLACE]
    # "exports to China", "supplies from Russia", "a contract with CNPC": the counterpart, not the subject
    side = [m for m in places if ctx.word_before(m, qs) in _COUNTERPART]
    places = [m for m in places if m not in side]
    owners = [m for m in places if m.end <= c.start and re.match(r"['’]s\b", body[m.end:m.end + 2])]
    before = [m for m in places if m.end <= c.start]
    subject = ctx.actor(_nearest(owners, c) or _nearest(before, c))
    if subject is None:  # "Gazprom will supply 38 bcm a year to China": a name the registry lacks
        texts = [t for t in ctx.text_names(qs, c.start)]
        if texts:
            obj = next((m for m in side if ctx.word_before(m, qs) in ("to", "into")), None)
            return _Role(texts[0].entity, False, "sentence_text", obj.entity if obj else None, obj is not None)
        subject = ctx.actor(_nearest(places, c))
    obj = next((m for m in side if ctx.word_before(m, qs) in ("to", "into") and subject is not None
                and m.entity != subject.entity), None)
    return _set(subject, obj)


_COUNTERPART = frozenset({"to", "into", "from", "with", "against", "for"})


_AGAINST_BEFORE = re.compile(r"\b(?:against|to|versus|vs\.?|per|for)\s+(?:the\s+|one\s+|a\s+)?(?:U\.?S\.?\s+)?$", re.I)
_VALUE_MOVE = re.compile(r"\b(?:devalu\w*|depreciat\w*|appreciat\w*|revalu\w*|(?:its|their)\s+value|exchange\s+rate)\b", re.I)


_HANDLERS = {
    "quantity": _roles_quantity,
    "troop_count": _roles_troops,
    "fatalities": _roles_fatalities,
    "monetary_amount": _roles_money,
    "border_length": _roles_border,
    "distance": _roles_distance,
    "share": _roles_share,
    "exchange_rate": _roles_rate,
    "duration": _roles_duration,
    "member_count": _roles_members,
    "count": _roles_count,
}


def _fallback(ctx: _Context, c: Claim, ok, exclude: str | None) -> tuple[Mention | None, str | None]:
    """Nearest preceding suitable mention in the paragraph, else the first in the headline."""
    if not ok:
        return None, None
    para = ctx.rfind("\n\n", c.quote_start)
    para = 0 if para < 0 else para + 2
    before = [m for m in ctx.within(para, c.quote_start, ok) if ctx.actor(m).entity != exclude]
    if c.property == "monetary_amount" or (ctx.language == "ru" and c.property == "quantity"):
        # a payer named earlier in the paragraph with a giving verb ("Moscow intends to finance")
        givers = [m for m in before if _PAYER_AFTER.match(ctx.body[m.end:m.end + 80])]
        before = givers or before
    if before:
        return before[-1], "paragraph"
    if c.quote_start >= ctx.headline_end:
        head = [m for m in ctx.within(0, ctx.headline_end, ok) if ctx.actor(m).entity != exclude]
        if head:
            return head[0], "headline"
    if c.property in _TEXT_FALLBACK:
        texts = [t for t in ctx.text_names(para, c.quote_start) if t.entity != exclude]
        if not texts and c.quote_start >= ctx.headline_end:
            texts = [t for t in ctx.text_names(0, ctx.headline_end) if t.entity != exclude]
        if texts:
            return texts[-1], "paragraph"
    if c.property in _TOPIC_FALLBACK:
        counts, ranked = ctx.country_topic()
        if ranked and counts[ranked[0]] >= 3 and (len(ranked) == 1 or counts[ranked[0]] > counts[ranked[1]]) \
                and ranked[0] != exclude:
            top = ranked[0]
            return Mention(top, c.start, c.start, top), "article"
    return None, None


_ECONOMY = re.compile(r"\b(?:inflation|consumer\s+prices|gdp|gross\s+domestic|unemployment|economy|economic\s+growth"
                      r"|инфляц\w*|ввп|безработ\w*|экономик\w*|потребительск\w+\s+цен\w*)", re.I)


def _economy_of_state(ctx: _Context, c: Claim, role: _Role) -> _Role:
    """Inflation, GDP or unemployment belong to the state, not to the central bank that reports
    them ("показатель годовой инфляции увеличился до 4,4%" after "ЦБ ..." -> Russia)."""
    if c.property != "quantity" or c.unit not in ("percent", "percentage_point") or role.subject is None:
        return role
    state = ctx.facts.parent.get(role.subject)
    if state and ctx.kinds.get(state) == "country" and ctx.kinds.get(role.subject) == "organization" \
            and _ECONOMY.search(ctx.body, c.quote_start, c.quote_end) \
            and not re.search(r"\b(?:rate|ставк\w*)\b", ctx.body[c.quote_start:c.end], re.I):
        return dataclasses.replace(role, subject=state)
    return role


def _money_in_context(ctx: _Context, c: Claim, ms: list[Mention], para: int) -> _Role | None:
    """Money whose sentence names no one: "Of that money, $30 million will go to ..." shares the
    payer and recipient of the paragraph's last amount; "budget expenditures will amount to
    169.1 billion soms" is the budget of the state that issues the currency."""
    if any(ctx.kind(m) in ACTOR | UNIT for m in ms):
        return None
    prev = ctx.last_money.get(para)
    if prev is not None:
        return dataclasses.replace(prev, source="paragraph", extras={})
    issuer = ctx.facts.issuer.get(c.unit or "")
    if issuer and c.unit not in ("USD", "EUR") and _HOLDER_NOUN.search(ctx.body, c.quote_start, c.quote_end):
        return _Role(issuer, issuer in ctx.kinds, "sentence")
    return None


# Where no registry entity is found: an organisation-like name (text), then the
# country the article is about (named at least three times, more than any other).
_TEXT_FALLBACK = frozenset({"monetary_amount", "quantity", "duration", "member_count"})
_TOPIC_FALLBACK = frozenset({"monetary_amount", "quantity", "duration", "share", "count"})


def _find_roles(ctx: _Context, c: Claim) -> _Role:
    sentence_mentions = [m for m in ctx.within(c.quote_start, c.quote_end) if m.end <= c.start or m.start >= c.end]
    if sentence_mentions:
        from factdb.extract.referents import attribution_spans

        # "..., Qatar's energy minister said", "according to the IMF": a source, not what the figure is about
        quiet = [sp for sp in attribution_spans(ctx.body, c.quote_start, c.quote_end, c.end, ctx.language)
                 if not (sp[0] <= c.start < sp[1])]
        if quiet:
            sentence_mentions = [m for m in sentence_mentions if not any(a <= m.start < b for a, b in quiet)]
    handler = _HANDLERS.get(c.property)
    fallback_kinds = _FALLBACK_KINDS.get(c.property, ACTOR)
    if ctx.language == "ru":
        from factdb.extract.ru.subjects import FALLBACK_KINDS, HANDLERS

        handler = HANDLERS.get(c.property, handler)
        fallback_kinds = FALLBACK_KINDS.get(c.property, fallback_kinds)
    role = handler(ctx, c, sentence_mentions) if handler else _set(_nearest([m for m in sentence_mentions if ctx.kind(m) in ACTOR], c))
    para = ctx.body.rfind("\n\n", 0, c.quote_start)
    if c.property == "exchange_rate" and role.subject is not None:
        ctx.rate_in[c.quote_start] = role
    elif c.property == "quantity" and c.unit == "percent" and c.quote_start in ctx.rate_in \
            and not any(ctx.kind(m) == "currency" for m in sentence_mentions):
        # "fixed the rate at 283.98 tenges to $1, almost 3 percent more than ...": the rate's currency
        return dataclasses.replace(ctx.rate_in[c.quote_start], extras={})
    if c.property == "monetary_amount" and ctx.language == "en":
        if role.subject is not None and role.source in ("sentence", "sentence_text"):
            ctx.last_money[para] = role
        elif role.subject is None and role.object is None:
            inherited = _money_in_context(ctx, c, sentence_mentions, para)
            if inherited is not None:
                return inherited
    if role.subject is not None:
        return _economy_of_state(ctx, c, role)
    extras = dict(role.extras)
    exclude = extras.pop("needs_subject_excluding", None) or role.object
    found, source = _fallback(ctx, c, fallback_kinds, exclude)
    if found is not None and found.entity not in ctx.kinds:  # a text name
        return _Role(found.entity, False, "paragraph", role.object, role.object_resolved, extras)
    if found is not None:
        if c.property in ("monetary_amount", "troop_count") and ctx.kind(found) in ACTOR:
            found = ctx.actor(found)
        return _economy_of_state(ctx, c, _Role(found.entity, True, source, role.object, role.object_resolved, extras))
    return _Role(None, False, None, role.object, role.object_resolved, extras)
