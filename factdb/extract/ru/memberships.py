"""Membership assertions read from Russian text.

:func:`extract_memberships_ru` is the Russian twin of
:func:`factdb.extract.memberships.extract_memberships`: pure, the same
records and guarantees (the member's mention is the span, the sentence the
quote), with ``status`` set from the wording (docs/annotation.md §7.2):

* lists: "В ОДКБ входят A, B и C", "ОДКБ, членами которой являются A, B и C",
  "государства — члены ОДКБ: A, B", "A, B и C входят в ОДКБ" -> active;
* events, dated from the sentence: "вступила в ЕАЭС", "присоединилась к
  союзу", "к союзу присоединилась Армения", "стала членом" -> active (pending
  when the date lies after publication); "приостановила членство/участие",
  "заморозила участие", "о заморозке участия страны в ОДКБ" -> suspended;
  "вышла из", "покинула", "исключена из" -> former; "не является членом",
  "не входит в" -> negated; "закон/договор о присоединении к" -> pending;
* founders: "договор о создании ЕАЭС подписан президентами A, B и C" -> active;
* chairs: "председательствует в ОДКБ", "принимает председательство в ОДКБ",
  "под председательством A" -> chair (pending when dated after publication).

Members are country mentions, or "страна"/"республика" pointing back to the
nearest country named before; organizations are organization mentions or
"союз", "блок", "альянс", "организация" pointing back to the nearest one.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from factdb.extract.ru.morph import lemma, lemmas
from factdb.extract.ru.timeref import find_time_refs_ru
from factdb.extract.sentences import split_sentences
from factdb.extract.spans import SpanIndex
from factdb.records import MembershipAssertion, Mention

ANAPHOR_REACH = 800
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SEP = re.compile(r"^\s*(?:,|;)?\s*(?:и|а\s+также|,)?\s*$", re.I)
_ORG_NOUNS = frozenset({"союз", "блок", "альянс", "организация", "объединение", "содружество", "сообщество"})
_COUNTRY_NOUNS = frozenset({"страна", "республика", "государство"})

# org, then this, then the list ("В ОДКБ входят", "ОДКБ, членами которой являются", "государства — члены ОДКБ:")
_ORG_LEAD = re.compile(
    r"^\s*(?:,\s*)?(?:(?:в\s+(?:которую|который|которое|которой)\s+|куда\s+)?(?:входят|входили|входило|входит|состоят)"
    r"(?:\s+(?:[\w-]+\s*){1,4}?[:—–(-])?"
    r"|(?:членами|участниками|участницами|государствами-членами|странами-участницами|странами-членами)\s+"
    r"(?:которой|которого|которых|которое)\s+(?:являются|являлись|стали)"
    r"|(?:объединяющ\w+|включающ\w+|объединяет|объединяют|включает|включают|объединила|объединил)"
    r"|(?:являются|стали)\s+(?:[\w-]+\s+){0,2}?(?:государства|страны)"
    r"|\s*[:—–-])\s*$",
    re.I,
)
# "государства — члены ОДКБ: A, B" / "странами-участницами ЕАЭС являются A, B": the org is preceded by these
_MEMBERS_OF = re.compile(
    r"(?:член\w*|участни\w*|государств\w*-член\w*|стран\w*-член\w*|стран\w*-участни\w*)\s*$", re.I
)
_AFTER_MEMBERS_OF = re.compile(
    r"^\s*(?:являются|являлись|стали|остаются)?\s*(?:[\w-]+\s*){0,3}?(?:[:—–(-]|являются|являлись|стали)\s*$", re.I)
_NEG = re.compile(r"\bне\s*$", re.I)
_APPLYING = re.compile(r"\b(?:заявк\w*|процедур\w*|переговор\w*|кандидат\w*|ходатайств\w*)\s+(?:(?:о|на|об|по)\s+)?$", re.I)


@dataclass(frozen=True)
class _Ref:
    start: int
    end: int
    name: str


def extract_memberships_ru(
    body: str,
    mentions: Sequence[Mention],
    kinds: Mapping[str, str],
    published: _dt.date | None = None,
    date_precision: str | None = None,
    person_country: Mapping[str, str] | None = None,
    capitals: Mapping[str, str] | None = None,
    bodies: frozenset[str] | None = None,
) -> list[MembershipAssertion]:
    """Every membership the Russian text asserts; see the module docstring.

    ``capitals`` maps a capital to its country: Russian press names states by
    their capitals ("Ташкент приостановил членство", "Ереван заморозил участие").
    ``bodies`` (optional): the organizations that can have members; "союз",
    "организация" point back only to them.
    """
    ms = sorted(mentions, key=lambda m: (m.start, -m.end))
    # a treaty's parties are its members (docs/annotation.md §7.1): "Договор о коллективной безопасности"
    orgs = [_Ref(m.start, m.end, m.entity) for m in ms if kinds.get(m.entity) == "organization"
            or (kinds.get(m.entity) == "other" and m.entity.endswith("Treaty"))]
    if not orgs:
        return []
    # a demonym adjective ("российскому Евразийскому союзу") qualifies, it does not name a member
    capitals = capitals or {}
    countries_all = [_Ref(m.start, m.end, m.entity if kinds.get(m.entity) == "country" else capitals[m.entity])
                     for m in ms if m.surface[:1].isupper()
                     and (kinds.get(m.entity) == "country" or (kinds.get(m.entity) == "city" and m.entity in capitals))]
    people = {m.start: person_country.get(m.entity) for m in ms if kinds.get(m.entity) == "person"} \
        if person_country else {}
    org_refs = sorted(orgs + _anaphors(body, orgs, _ORG_NOUNS, singular_only=True, bodies=bodies),
                      key=lambda r: r.start)
    country_refs = sorted(countries_all + _anaphors(body, countries_all, _COUNTRY_NOUNS, reach=400, singular_only=True),
                          key=lambda r: r.start)
    pub_prec = date_precision if published else None
    out: dict[tuple, MembershipAssertion] = {}
    o_starts = [r.start for r in org_refs]
    c_starts = [r.start for r in country_refs]
    m_starts = [m.start for m in ms]
    for s0, s1 in split_sentences(body):
        so = [r for r in org_refs[bisect_left(o_starts, s0):bisect_right(o_starts, s1)] if r.end <= s1]
        if not so:
            continue
        sc = [r for r in country_refs[bisect_left(c_starts, s0):bisect_right(c_starts, s1)] if r.end <= s1]
        for m in ms[bisect_left(m_starts, s0):bisect_right(m_starts, s1)] if people else ():
            if m.end <= s1 and m.start in people and people[m.start]:
                sc.append(_Ref(m.start, m.end, people[m.start]))
        sc.sort(key=lambda r: r.start)
        ctx = _Sent(body, s0, s1, so, sc, published, pub_prec)
        found = _lists(ctx) + _events(ctx) + _founders(ctx) + _chairs(ctx) + _observers(ctx) + _nouns(ctx)
        for a in found:
            key = (a.member, a.organization, a.role, a.status, a.start)
            if key not in out:
                out[key] = a
    return sorted(out.values(), key=lambda a: (a.quote_start, a.start, a.role))


_BOTH = re.compile(r"\b(?:обе|обеих|обеим|обеими|две|двух|двум|двумя)\s+$", re.I)


def _anaphors(body: str, named: list[_Ref], nouns: frozenset, reach: int = ANAPHOR_REACH,
              singular_only: bool = False, bodies: frozenset | None = None) -> list[_Ref]:
    """"союз", "организация", "страны" resolved to the nearest entity of that kind named before;
    "обе страны", "двух стран" to the last two named. With ``singular_only`` a plural ("в
    большинство организаций") points back to nothing; with ``bodies`` only those can be meant
    (an organization that has members, not a ministry)."""
    from factdb.extract.ru.morph import parses

    out = []
    index = SpanIndex(named)  # named is sorted by start
    for m in _WORD.finditer(body):
        w = m.group()
        if not w[0].islower() or lemma(w) not in nouns:
            continue
        if index.covers(m.start()):
            continue
        both = _BOTH.search(body, max(0, m.start() - 10), m.start())
        if singular_only and not both:
            ps = [p for p in parses(w.lower()) if p.tag.POS == "NOUN"]
            if ps and all("plur" in p.tag for p in ps):
                continue  # "организаций", "государств": no single one meant
        prior = [r for r in index.ending_in(m.start() - reach, m.start()) if bodies is None or r.name in bodies]
        if not prior:
            continue
        if both:
            two = []
            for r in reversed(prior):
                if r.name not in two:
                    two.append(r.name)
                if len(two) == 2:
                    break
            # two refs on the same span: both countries are members
            out += [_Ref(m.start(), m.end(), name) for name in reversed(two)]
        else:
            out.append(_Ref(m.start(), m.end(), prior[-1].name))
    return out


@dataclass
class _Sent:
    body: str
    s0: int
    s1: int
    orgs: list[_Ref]
    countries: list[_Ref]
    published: _dt.date | None
    pub_prec: str | None

    def make(self, c: _Ref, org: str, status: str, *, role="member", date=None, precision=None,
             complete=False, confidence=0.8) -> MembershipAssertion:
        if date is None and status in ("active", "pending"):
            date, precision = self.published, self.pub_prec
        ended = status in ("former", "suspended", "negated")
        if status == "active" and date is not None and self.published is not None and date > self.published:
            status = "pending"
        return MembershipAssertion(
            member=c.name, organization=org, role=role, start=c.start, end=c.end,
            quote=self.body[self.s0:self.s1], quote_start=self.s0, quote_end=self.s1,
            complete_list=complete, valid_from=None if ended else date, valid_to=date if ended else None,
            date_precision=precision if date else None, negated=ended, confidence=confidence, status=status,
        )

    def date(self, near: int, relation: str | None = None) -> tuple[_dt.date | None, str | None]:
        """The date stated in the sentence nearest to ``near`` (with that ``relation`` if given), if any."""
        refs = [r for r in find_time_refs_ru(self.body[self.s0:self.s1], self.published, self.pub_prec)
                if r.date and (relation is None or r.relation == relation)]
        if not refs:
            return None, None
        best = min(refs, key=lambda r: abs(self.s0 + r.start - near))
        return best.date, best.precision


def _case_of(body: str, r: _Ref) -> frozenset:
    from factdb.extract.ru.morph import cases

    last = _WORD.findall(body[r.start:r.end])
    return cases(last[-1].lower()) if last else frozenset()


def _runs(ctx: _Sent) -> list[list[_Ref]]:
    runs: list[list[_Ref]] = []
    for c in ctx.countries:
        if runs and (c.start, c.end) == (runs[-1][-1].start, runs[-1][-1].end):
            runs[-1].append(c)  # "обе страны": two countries on one span
        elif runs and c.start >= runs[-1][-1].end and _SEP.match(ctx.body[runs[-1][-1].end:c.start]):
            runs[-1].append(c)
        elif not runs or c.start >= runs[-1][-1].end:
            runs.append([c])
    return runs


def _lists(ctx: _Sent) -> list[MembershipAssertion]:
    body = ctx.body
    out = []
    for run in _runs(ctx):
        before = [r for r in ctx.orgs if r.end <= run[0].start and run[0].start - r.end <= 160]
        if not before:
            continue
        ref = before[-1]
        lead = body[ref.end:run[0].start]
        left = body[max(ctx.s0, ref.start - 40):ref.start]
        if _ORG_LEAD.match(lead) and not _NEG.search(lead.split(",")[-1] if "," in lead else lead):
            if re.match(r"^\s*[:—–-]\s*$", lead) and not _MEMBERS_OF.search(left):
                continue  # "ОДКБ — Россия": a dash alone needs "члены ОДКБ —"
            out += [ctx.make(c, ref.name, "active", complete=len(run) > 1) for c in run]
        elif _MEMBERS_OF.search(left) and _AFTER_MEMBERS_OF.match(lead):
            out += [ctx.make(c, ref.name, "active", complete=len(run) > 1) for c in run]
        elif _MEMBERS_OF.search(left) and re.fullmatch(r"\s+", lead) and "nomn" in _case_of(body, run[0]):
            # "Страны-члены ОДКБ Россия, Белоруссия и Казахстан": a label before the list
            out += [ctx.make(c, ref.name, "active", confidence=0.7) for c in run]
        elif len(run) >= 2 and re.fullmatch(r"\s+", lead) and all("gent" in _case_of(body, c) for c in run):
            # "Таможенного союза России, Белоруссии и Казахстана": the organization of these states
            out += [ctx.make(c, ref.name, "active", complete=True, confidence=0.7) for c in run]
    return out


# verbs and nouns of membership events (lemmas) -> status
_EVENT_VERBS = {
    "входить": "active", "состоять": "active", "вступить": "active", "вступать": "active",
    "присоединиться": "active", "присоединяться": "active", "вернуться": "active", "присоединить": "active",
    "приостановить": "suspended", "заморозить": "suspended", "приостанавливать": "suspended",
    "замораживать": "suspended", "выйти": "former", "выходить": "former", "покинуть": "former",
    "исключить": "former", "возобновить": "active", "восстановить": "active",
    "отказаться": None, "отказываться": None,
}
_NEEDS_MEMBERSHIP_OBJECT = frozenset({"приостановить", "заморозить", "приостанавливать", "замораживать",
                                      "возобновить", "восстановить"})
_EVENT_NOUNS = {
    "вступление": "pending", "присоединение": "pending", "приостановка": "suspended", "принятие": "pending",
    "приостановление": "suspended", "заморозка": "suspended", "замораживание": "suspended",
    "выход": "former", "исключение": "former",
}
_STATE_NOUNS = frozenset({"член", "участник", "участница", "государство-член", "страна-участница", "членство",
                          "страна-член", "государство-участник"})
_BECOME = frozenset({"стать", "являться", "быть", "оставаться", "остаться"})
_PREPS = frozenset({"в", "во", "к", "из", "от"})
_FROZEN_OBJECTS = frozenset({"членство", "участие", "деятельность", "работа"})


def _events(ctx: _Sent) -> list[MembershipAssertion]:
    """A country, a verb or noun of membership and an organization in one clause, in either order."""
    body = ctx.body
    words = [(m.start() + ctx.s0, m.end() + ctx.s0, m.group()) for m in _WORD.finditer(body, ctx.s0, ctx.s1)]
    words = [(a - ctx.s0 if False else a, b, w) for a, b, w in words]
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(body, ctx.s0, ctx.s1)]
    out = []
    for k, (ws, we, w) in enumerate(words):
        ls = lemmas(w.lower())
        status = None
        noun = False
        for lem in ls:
            if lem in _EVENT_VERBS and _EVENT_VERBS[lem] is not None:
                status = _EVENT_VERBS[lem]
            elif lem in _EVENT_VERBS and k + 1 < len(words) and lemmas(words[k + 1][2].lower()) & {"продлевать", "продлить"}:
                status = "former"
            elif lem in _EVENT_NOUNS:
                status, noun = _EVENT_NOUNS[lem], True
        become = False
        if ls & {"получение", "предоставление"} and k + 2 < len(words) and lemmas(words[k + 1][2].lower()) & {"статус"} \
                and any(lemmas(w[2].lower()) & _STATE_NOUNS for w in words[k + 2:k + 4]):
            status, noun = "pending", True  # "для получения статуса государства-члена ШОС"
            we = next(w[1] for w in words[k + 2:k + 4] if lemmas(w[2].lower()) & _STATE_NOUNS)
        elif ls & _BECOME or (ls & {"получить", "получать", "обрести"} and k + 1 < len(words)
                              and lemmas(words[k + 1][2].lower()) & {"статус"}):
            # "стал членом", "является полноправным членом", "получила статус государства-члена"
            for k2 in (k + 1, k + 2, k + 3):
                if k2 < len(words) and lemmas(words[k2][2].lower()) & _STATE_NOUNS:
                    become, status, we = True, "active", words[k2][1]
                    break
        if status is None:
            continue
        if not noun and ls & _NEEDS_MEMBERSHIP_OBJECT:
            # "приостановила членство/участие", "возобновил членство": the object must be membership
            if not any(lemmas(x[2].lower()) & _FROZEN_OBJECTS for x in words[k + 1:k + 4]):
                continue
        if ls & {"отказаться", "отказываться"} and k + 1 < len(words) and \
                lemmas(words[k + 1][2].lower()) & {"продлевать", "продлить"}:
            status, we = "former", words[k + 1][1]  # "отказались продлевать договор"
        past_state = become and bool(ls & {"быть", "являться"}) and _past(w)
        negated = k >= 1 and words[k - 1][2].lower() == "не"
        org = _org_near(ctx, we, words, k)
        if org is None and status == "suspended":
            # "вернулся в ОДКБ в 2006 году, а в 2012 году приостановил свое участие": the organization just named
            prior = [r for r in ctx.orgs if r.end <= ws]
            org = prior[-1] if prior else None
        if org is None:
            continue
        member = _member_near(ctx, ws, we, org, noun)
        if member is None:
            continue
        if not noun and _participle(w) and not (
                re.fullmatch(r"\s*,?\s*(?:не\s+)?", body[member.end:ws]) or
                (member.start >= org.end and re.fullmatch(r"\s*", body[org.end:member.start]))):
            continue  # "не входящих в организацию стран": the participle qualifies another noun
        if not noun and _participle(w) and _plural(w) and not any(member in run and len(run) > 1 for run in _runs(ctx)):
            continue  # "государства, не входящие в объединение": plural, so not the one country before it
        members = next((run for run in _runs(ctx) if member in run and (run[-1].end <= ws or run[0] == member)),
                       [member])
        if noun and status == "pending" and _APPLYING.search(body, max(ctx.s0, ws - 40), ws):
            # "заявка на вступление", "процедуры вступления", "статус кандидата на вступление": an applicant
            out += [ctx.make(m, org.name, "active", role="applicant", date=ctx.date(ws)[0],
                             precision=ctx.date(ws)[1], confidence=0.7) for m in members]
            continue
        if noun and status == "suspended" or noun and status == "former":
            pass
        if noun and status == "pending" and _completed(body, ctx.s0, ws):
            status = "active"
        if negated:
            status = "negated" if status == "active" else status
        elif past_state:
            status = "former"  # "Узбекистан был членом ОДКБ с 2006 по 2012 год"
        date = precision = None
        if status != "active" or not (ls & {"входить", "состоять"} or become and ls & {"являться", "быть"}):
            date, precision = ctx.date(ws)
        else:  # "с 2015 года входит в ЕАЭС", "с 1 января 2024 года является членом": the date it began
            date, precision = ctx.date(ws, relation="since")
        if status == "active" and not noun and _future(words[k][2]):
            status = "pending"  # "Иран станет членом ШОС", "Армения вступит в ЕАЭС"
        orgs = [org]
        for r in ctx.orgs:  # "членами ОДКБ и ШОС"
            if r.start > orgs[-1].end and re.fullmatch(r"\s*(?:,|и|,\s*и)\s*", body[orgs[-1].end:r.start]):
                orgs.append(r)
        out += [ctx.make(m, o.name, status, date=date, precision=precision, confidence=0.7 if noun else 0.8)
                for m in members for o in orgs]
        if status in ("active", "pending") and not negated:
            out += _alongside(ctx, members, orgs, status, date, precision, we)
    return out


_ALONGSIDE = re.compile(r"\b(?P<w>наряду|вместе|как\s+и)\s+(?:с|со)?\s*$", re.I)
_GAPPED = re.compile(r",\s*а\s+(?:также\s+)?$", re.I)


def _alongside(ctx: _Sent, members, orgs, status, date, precision, after: int) -> list[MembershipAssertion]:
    """"стала членом ШОС наряду с Индией, Ираном ...": those named alongside are members
    (joining together, "вместе с", they share the event's status); ", а Армения — в январе
    2015 года": a later member of the same event with its own date."""
    body, out = ctx.body, []
    for run in _runs(ctx):
        if run[0].start < after or run[0] in members:
            continue
        m = _ALONGSIDE.search(body, max(ctx.s0, run[0].start - 20), run[0].start)
        if m:
            st = status if m.group("w").lower() == "вместе" else "active"
            out += [ctx.make(c, o.name, st, date=date if st == status else None,
                             precision=precision if st == status else None, confidence=0.6)
                    for c in run for o in orgs]
            continue
        prev_end = members[-1].end
        if _GAPPED.search(body[max(prev_end, run[0].start - 12):run[0].start]) and \
                re.match(r"^\s*[—–-]\s*(?:в|с)\s", body[run[-1].end:run[-1].end + 6]):
            d, p = ctx.date(run[-1].end + 3)
            out += [ctx.make(c, o.name, status, date=d or date, precision=p or precision, confidence=0.6)
                    for c in run for o in orgs]
    return out


def _participle(word: str) -> bool:
    from factdb.extract.ru.morph import parses

    return any(p.tag.POS == "PRTF" for p in parses(word.lower()))


def _plural(word: str) -> bool:
    from factdb.extract.ru.morph import parses

    ps = parses(word.lower())
    return bool(ps) and "plur" in ps[0].tag


def _past(word: str) -> bool:
    from factdb.extract.ru.morph import parses

    ps = parses(word.lower())
    return bool(ps) and ps[0].tag.POS == "VERB" and "past" in ps[0].tag


def _future(word: str) -> bool:
    from factdb.extract.ru.morph import parses

    ps = parses(word.lower())
    return bool(ps) and ps[0].tag.POS == "VERB" and "futr" in ps[0].tag


def _observers(ctx: _Sent) -> list[MembershipAssertion]:
    """"статус наблюдателя в ШОС имеют A и B", "A получила статус наблюдателя при ШОС", "наблюдатели ШОС — A, B"."""
    body = ctx.body
    out = []
    for m in re.finditer(r"\bнаблюдател\w*", body[ctx.s0:ctx.s1], re.I):
        ms, me = ctx.s0 + m.start(), ctx.s0 + m.end()
        org = next((r for r in ctx.orgs if 0 <= r.start - me <= 20 and re.match(r"^\s*(?:в|во|при)?\s*$", body[me:r.start])),
                   None)
        if org is None:
            org = next((r for r in reversed(ctx.orgs) if r.end <= ms and ms - r.end <= 20), None)
        if org is None:
            continue
        runs = _runs(ctx)
        lo, hi = min(ms, org.start), max(me, org.end)
        near = [run for run in runs if (run[-1].end <= lo and lo - run[-1].end <= 60) or (run[0].start >= hi and run[0].start - hi <= 40)]
        for run in near[:1]:
            status = "former" if re.search(r"\b(?:лиш\w+|утрат\w+|отказал\w*)", body[ctx.s0:ctx.s1], re.I) else "active"
            out += [ctx.make(c, org.name, status, role="observer") for c in run]
    return out


def _completed(body: str, s0: int, pos: int) -> bool:
    """"присоединение завершилось": the accession a noun names is done."""
    return bool(re.search(r"\bзаверш\w+|\bсостоял\w*", body[pos:pos + 80], re.I))


def _org_near(ctx: _Sent, we: int, words, k: int) -> _Ref | None:
    """The organization the verb at ``words[k]`` governs: after it (behind "в"/"к"/"из"), else just before it."""
    body = ctx.body
    after = [r for r in ctx.orgs if r.start >= we and r.start - we <= 90]
    for r in after:
        gap = body[we:r.start]
        if "," in gap and not re.search(r"\b(?:в|к|из)\s+$", gap):
            break
        if re.search(r"(?:^|\s)(?:в|во|к|из|от)\s+(?:[\w-]+\s+){0,2}$", gap) or re.match(r"^\s*$", gap):
            return r
    before = [r for r in ctx.orgs if r.end <= words[k][0] and words[k][0] - r.end <= 40]
    if before:
        gap = body[before[-1].end:words[k][0]]
        if re.match(r"^\s*(?:[\w-]+\s+){0,2}$", gap) and "," not in gap:
            return before[-1]
    return None


def _member_near(ctx: _Sent, ws: int, we: int, org: _Ref, noun: bool) -> _Ref | None:
    """The country that joins/leaves: the subject before the verb, or one named between verb and org
    ("о заморозке участия страны в ОДКБ"), or right after the org ("к союзу присоединилась Армения")."""
    body = ctx.body
    between = [c for c in ctx.countries if we <= c.start and c.end <= org.start]
    if between:
        return between[0]
    if org.end <= ws:  # "к союзу присоединилась Армения"
        after = [c for c in ctx.countries if c.start >= we and c.start - we <= 40]
        if after:
            return after[0]
    before = [c for c in ctx.countries if c.end <= ws]
    if before:
        # the nearest subject, not one inside another organization's name or a "из X" phrase
        c = before[-1]
        if not noun and ws - c.end > 160:
            return None
        return c
    if noun:
        after = [c for c in ctx.countries if c.start >= we and c.start - we <= 30]
        return after[0] if after else None
    if noun:
        return None
    after = [c for c in ctx.countries if c.start >= org.end and c.start - org.end <= 30
             and re.match(r"^\s*(?:[\w-]+\s+){0,2}$", body[org.end:c.start])]
    return after[0] if after else None


_FOUND = re.compile(r"\bдоговор\w*\s+о\s+(?:создании|учреждении)\b", re.I)
_SIGNED = re.compile(r"\bподпис\w+", re.I)
_LEADERS = re.compile(r"\b(?:президент\w*|лидер\w*|глав\w*|руководител\w*|представител\w*)\s+$", re.I)


def _founders(ctx: _Sent) -> list[MembershipAssertion]:
    """"Договор о создании ЕАЭС был подписан президентами России, Беларуси и Казахстана";
    "Договор о коллективной безопасности подписали Армения, Казахстан ..." (a treaty's parties)."""
    body = ctx.body
    out = []
    for treaty in (r for r in ctx.orgs if r.name.endswith("Treaty")):
        for run in _runs(ctx):
            gap = body[treaty.end:run[0].start] if run[0].start >= treaty.end else body[run[-1].end:treaty.start]
            if len(gap) <= 60 and _SIGNED.search(gap):
                date, precision = ctx.date(run[0].start)
                out += [ctx.make(c, treaty.name, "active", date=date, precision=precision, complete=True) for c in run]
    m = _FOUND.search(body, ctx.s0, ctx.s1)
    if not m or not _SIGNED.search(body, ctx.s0, ctx.s1):
        return out
    org = next((r for r in ctx.orgs if r.start >= m.end() and r.start - m.end() <= 10), None)
    if org is None:
        return out
    for run in _runs(ctx):
        if run[0].start < org.end or not _LEADERS.search(body[max(ctx.s0, run[0].start - 40):run[0].start]):
            continue
        date, precision = ctx.date(run[0].start)
        out += [ctx.make(c, org.name, "active", date=date, precision=precision, complete=True) for c in run]
    return out


_CHAIR = re.compile(
    r"\b(?:председательству\w*|председательств\w*|председател\w*)\b", re.I
)


def _chairs(ctx: _Sent) -> list[MembershipAssertion]:
    """"A председательствует в ОДКБ", "A принимает председательство в ОДКБ", "под председательством A"."""
    body = ctx.body
    out = []
    for m in _CHAIR.finditer(body, ctx.s0, ctx.s1):
        word = m.group().lower()
        org = next((r for r in ctx.orgs if r.start >= m.end() and re.match(
            r"^\s*(?:(?:в|во)\s+(?:\d{4}|этом|текущем|нынешнем|прошлом|следующем)\s+году\s+)?(?:в|во)?\s*$",
            body[m.end():r.start])), None)
        holder = None
        if word.startswith("председательством"):  # "под председательством Таджикистана"
            holder = next((c for c in ctx.countries if c.start >= m.end() and c.start - m.end() <= 30), None)
            if org is None:
                org = next((r for r in reversed(ctx.orgs) if r.end <= m.start()), None)
        else:
            if word.startswith("председател") and not word.startswith("председательств"):
                continue  # "председатель ОДКБ" names a person's post, not a state's chair
            if org is None:
                continue
            # "председательство в ШОС перешло к Индии", "председательствующий в ШОС Узбекистан"
            after = next((c for c in ctx.countries if c.start >= org.end and c.start - org.end <= 40
                          and re.match(r"^\s*(?:[\w-]+\s+)?(?:(?:перешло|переходит|перейдет|перейдёт|передано)\s+)?(?:к\s+)?$",
                                       body[org.end:c.start], re.I)), None)
            holder = after if after is not None and (re.search(r"\bк\s+$", body[org.end:after.start])
                                                      or word.startswith("председательствующ")) else None
            if holder is None:
                holder = next((c for c in reversed(ctx.countries) if c.end <= m.start() and m.start() - c.end <= 80), None)
        if holder is None or org is None:
            continue
        date, precision = ctx.date(m.start())
        status = "active"
        if re.search(r"\b(?:передал\w*|сложил\w*|завершил\w*)\b", body[ctx.s0:m.start()], re.I):
            status = "former"
        out.append(ctx.make(holder, org.name, status, role="chair", date=date, precision=precision))
    return out


_ROLE_NOUN = re.compile(
    r"^\s*(?:,|[—–]|-)?\s*(?:(?P<be>является|являлась|являлся|являются|остается|остаётся|остаются|стала|стал|стали|станет|станут)\s+)?"
    r"(?:(?P<one>один|одна|одно|одной|одним|единственн\w*)\s+из\s+)?"
    r"(?:(?:основател\w*|полноправн\w*|постоянн\w*|ассоциированн\w*|нов\w*|действующ\w*|официальн\w*|\d+-?\w*)\s+)*"
    r"(?P<n>член\w*|участни\w*|государств\w*-член\w*|стран\w*-член\w*|стран\w*-участниц\w*|стран\w*|государств\w*"
    r"|наблюдател\w*|партн[её]р\w*|кандидат\w*)"
    r"\s+(?:(?:в|во|при|на\s+вступление\s+в|на\s+членство\s+в)\s+)?$", re.I)


def _nouns(ctx: _Sent) -> list[MembershipAssertion]:
    """"Армения, член ОДКБ,", "Турция является партнером ШОС по диалогу", "Иран — наблюдатель
    при ШОС", "Украина, кандидат на вступление в ЕС", "Туркмения — единственная из стран СНГ":
    a noun of membership between a country and an organization."""
    body, out = ctx.body, []
    for c in ctx.countries:
        org = next((r for r in ctx.orgs if r.start >= c.end and r.start - c.end <= 80), None)
        if org is None:
            continue
        m = _ROLE_NOUN.match(body[c.end:org.start])
        if not m:
            continue
        n = m.group("n").lower()
        if n.startswith(("стран", "государств")) and "-" not in n and not m.group("one"):
            continue  # "страны ОДКБ" alone is not a role; "одна из стран ОДКБ" is
        if not m.group("be") and not m.group("one") and not re.match(r"^\s*(?:,|[—–]|-)", body[c.end:org.start]):
            continue  # an apposition needs its comma or dash
        role = ("observer" if n.startswith("наблюдател") else "partner" if n.startswith("партн")
                else "applicant" if n.startswith("кандидат") else "member")
        be = (m.group("be") or "").lower()
        status = "pending" if be.startswith("стан") else "active"
        if re.search(r"\bне\s*$", body[max(ctx.s0, c.end):c.end + m.start("n")]):
            status = "negated"
        out.append(ctx.make(c, org.name, status, role=role, confidence=0.7))
    out += _status_phrases(ctx)
    return out


_STATUS_PHRASE = re.compile(
    r"\b(?:в\s+статусе|в\s+качестве|со\s+статусом|статус|статуса|статусом|как)\s+(?P<n>партн[её]р\w*(?:\s+по\s+диалогу)?|наблюдател\w*|кандидат\w*"
    r"|ассоциированн\w+\s+член\w*)\b", re.I)


def _status_phrases(ctx: _Sent) -> list[MembershipAssertion]:
    """"Беларусь участвовала в ШОС с 2010 года в статусе партнера по диалогу и с 2015 года как
    наблюдатель": a status phrase, the country before it and the organization of the clause."""
    body, out = ctx.body, []
    for m in _STATUS_PHRASE.finditer(body, ctx.s0, ctx.s1):
        n = m.group("n").lower()
        role = ("observer" if n.startswith("наблюдател") else "partner" if n.startswith("партн")
                else "applicant" if n.startswith("кандидат") else "member")
        country = next((c for c in reversed(ctx.countries) if c.end <= m.start() and m.start() - c.end <= 120
                        and "nomn" in _case_of(body, c)), None)
        org = next((r for r in reversed(ctx.orgs) if country is not None and country.end <= r.end <= m.start()), None) \
            or next((r for r in ctx.orgs if r.start >= m.end() and r.start - m.end() <= 30), None)
        if country is None or org is None:
            continue
        date, precision = ctx.date(m.start(), relation="since")
        out.append(ctx.make(country, org.name, "active", role=role, date=date, precision=precision, confidence=0.6))
    return out
