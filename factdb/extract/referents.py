"""What a definite description points back to, and which words of a sentence only say who spoke.

Used by the subject and object rules (:mod:`factdb.extract.subjects`); pure.

* :func:`back_references`: "the bloc", "the alliance", "the cartel", "the group"
  -> the organization (or armed group) named most often so far among those
  named at most ``REACH`` characters before (ties: the latest); "the country",
  "the landlocked country", "the nation", "the republic" -> the country named most
  often so far within that reach; a capitalised head noun of a name already
  written in full ("the Fund" after "the International Monetary Fund", "the
  Bank" after "the World Bank") -> that name. Each becomes a :class:`Mention`
  of the entity meant, on the words of the description; a description that
  overlaps a real mention is left alone.
* :func:`attribution_spans`: parts of a sentence that name a source rather than
  what a figure is about: "according to X", a wire credit ("MOSCOW (Reuters) -"),
  and a closing "..., X said" / "X's minister told reporters" after the figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from factdb.records import Mention

REACH = 1200  # characters back to look for what a description means

_ORG_HEADS = frozenset({"organization", "organisation", "bloc", "alliance", "union", "grouping", "group", "cartel",
                        "pact", "club", "coalition", "body", "community"})
_COUNTRY_HEADS = frozenset({"country", "nation", "republic", "kingdom"})
_HEAD_WORDS = ("organization", "organisation", "bloc", "alliance", "union", "group", "cartel", "pact", "club",
               "coalition", "body", "community", "country", "nation", "republic", "kingdom")
_HEAD = re.compile(r"\b(?:organi[sz]ation|bloc|alliance|union|grouping|group|cartel|pact|club|coalition|body|community"
                   r"|country|nation|republic|kingdom)\b(?!\s+of\b)(?![\w-])")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+(?P<mods>(?:[\w-]+\s+){0,3}?)$")
# a capitalised head noun standing for a name written before: "the Fund", "the Bank", "the Union"
_SHORT_NAME = re.compile(r"\b[Tt]he\s+(?P<h>Fund|Bank|Union|Alliance|Commission|Council|Organi[sz]ation|Community|Forum)\b")
# modifiers that make the description another thing: "the host country", "the other country", "the member countries"
_NOT_BACK = re.compile(r"\b(?:other|another|host|member|third|neighbou?ring|each|every|any|donor|recipient|whole|entire"
                       r"|armed|militant|rebel|terrorist|opposition|parliamentary|political|ethnic|working|advisory|contact)\b", re.I)


def back_references(body: str, mentions: Sequence[Mention], kinds: Mapping[str, str],
                    parents: Mapping[str, str] | None = None) -> list[Mention]:
    """Mentions for the definite descriptions of ``body`` that point back to a named entity."""
    if not mentions:
        return []
    from bisect import bisect_right

    from factdb.extract.spans import SpanIndex

    parents = parents or {}
    ms = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    index = SpanIndex(ms)  # bisect lookups: linear in the article's length
    ends_by_entity = index.ends_by(lambda m: m.entity)

    def overlaps(a: int, b: int) -> bool:
        return index.overlaps(a, b)

    def salient(pos: int, ok) -> str | None:
        near = [m for m in index.ending_in(pos - REACH, pos) if ok(m.entity)]
        if not near:
            return None
        # the most mentioned so far, then the latest
        return max(near, key=lambda m: (bisect_right(ends_by_entity[m.entity], pos), m.start)).entity

    def is_body(name: str) -> bool:  # an organization that is not a state organ
        return kinds.get(name) == "organization" and not parents.get(name)

    low = body.lower()
    heads = []
    for word in _HEAD_WORDS:  # plain searches: a regex over the whole body costs more
        at = low.find(word)
        while at >= 0:
            h = _HEAD.match(body, at)
            if h is not None and (at == 0 or not low[at - 1].isalnum()):
                heads.append(h)
            at = low.find(word, at + len(word))
    for h in sorted(heads, key=lambda h: h.start()):
        if body.rfind("he ", max(0, h.start() - 60), h.start()) < 0:
            continue  # no "the" before it: not a description
        d = _THE_BEFORE.search(body, max(0, h.start() - 60), h.start())
        if d is None:
            continue
        head = h.group().lower()
        start = h.start()  # the head noun: "the poor Central Asian country" keeps its region mention
        if overlaps(start, h.end()) or overlaps(d.start(), d.start() + 4) or _NOT_BACK.search(d.group("mods")):
            continue
        if head in _COUNTRY_HEADS:
            name = salient(start, lambda n: kinds.get(n) == "country")
        elif head == "group":
            name = salient(start, lambda n: is_body(n) or kinds.get(n) == "armed_group")
        else:
            name = salient(start, is_body)
        if name:
            out.append(Mention(name, start, h.end(), body[start:h.end()]))
    shorts = [d for d in _SHORT_NAME.finditer(body)] if any(
        ("the " + w) in low for w in ("fund", "bank", "union", "alliance", "commission", "council", "organi", "community",
                                      "forum")) else []
    for d in shorts:
        if overlaps(d.start(), d.end()):
            continue
        head = d.group("h")
        name = salient(d.start(), lambda n: kinds.get(n) == "organization" and re.search(rf"\b{head}\b", n) is not None)
        if name:
            out.append(Mention(name, d.start(), d.end(), body[d.start():d.end()]))
    taken: list[Mention] = []
    for m in sorted(out, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(t.start < m.end and m.start < t.end for t in taken):
            taken.append(m)
    return taken


_ACCORDING = re.compile(r"\b(?:according\s+to|citing|quoting|cited\s+by|quoted\s+by|reported\s+by)\b[^,.;:()]*", re.I)
_CREDIT = re.compile(r"^[^\n(]{0,60}\((?:[A-Z][\w.&-]*\s?){1,4}\)\s*[-–—:]"
                     r"|^(?-i:[A-Z][A-Z.'’]+(?:[ /-][A-Z][A-Z.'’]+){0,3})(?:,\s*[\w.]+(?:\s+\d{1,2})?)?\s*(?:[-–—:]+|\s--)")
_SAID = re.compile(r"\b(?:said|says|told|tells|reported|reports|announced|stated|states|added|noted|wrote|writes"
                   r"|quoted|cited|confirmed|insisted|warned|explained|declared|claimed|estimated|according)\b", re.I)


_ACCORDING_RU = re.compile(r"\b(?:по\s+словам|по\s+данным|по\s+информации|со\s+ссылкой\s+на|как\s+сообща\w*|согласно)"
                           r"\b[^,.;:()]*", re.I)
_SAID_RU = re.compile(r"\b(?:сообщил\w*|сообщает|сообщается|заявил\w*|сказал\w*|отметил\w*|передает|передаёт|пишет"
                      r"|говорится|подчеркнул\w*|добавил\w*|уточнил\w*|рассказал\w*|считает|полагает)\b", re.I)


_WE = re.compile(r"\b(?:we|our|us|мы|наш\w*|нам|нас)\b", re.I)


def attribution_spans(body: str, qs: int, qe: int, after: int, language: str = "en") -> list[tuple[int, int]]:
    """Spans of ``body[qs:qe]`` that only name a source. ``after``: the end of the last figure
    the caller cares about; a closing "..., X said" ("..., сообщил министр X") counts only after it."""
    according, said = (_ACCORDING_RU, _SAID_RU) if language == "ru" else (_ACCORDING, _SAID)
    spans = [(m.start(), m.end()) for m in according.finditer(body, qs, qe)]
    m = _CREDIT.match(body, qs, qe)
    if m:
        spans.append((qs, m.end()))
    cut = max(body.rfind(",", after, qe), body.rfind("—", after, qe), body.rfind(" - ", after, qe))
    if cut >= after and said.search(body, cut, qe) and not re.search(r"\d", body[cut:qe]) \
            and not _WE.search(body, qs, cut):  # "'We have been striving for 20 years,' Sanader said": the speaker's
        spans.append((cut, qe))
    return spans


_CURRENCY_OF = re.compile(
    r"(?:\b(?P<own>the\s+(?:national|local|country['’]s|nation['’]s|domestic)|\b(?:its|their))\s+(?:own\s+)?currency\b)"
    r"|['’]s\s+(?:own\s+|national\s+|local\s+)?currency\b"
    r"|(?<!foreign )(?<!hard )(?<!digital )(?<!reserve )(?<!single )(?<!common )(?<!crypto)(?<!-)\b(?<!['’]s )currency\b", re.I)
_MOVES = (r"has|had|have|was|is|fell|rose|lost|gained|plunged|slumped|tumbled|dropped|weakened|strengthened|firmed|slid"
          r"|sank|hit|traded|trading|closed|ended|stood|recovered|rebounded|jumped|climbed|surged|depreciated|appreciated"
          r"|against|to|at|,")


@lru_cache(maxsize=1)
def _word_re() -> re.Pattern:
    """"the peso fell", "the krona, has": a currency's own word as the subject of a clause (every
    CLDR currency word, compiled once; the caller keeps those of the article's states)."""
    from factdb.extract.currency_words import word_forms

    words = {w for w in word_forms() if " " not in w} | {_fold(w) for w in word_forms()}
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\bthe\s+(?P<w>{alt})\b(?=\s*(?:{_MOVES})\b|\s*,)", re.I)


@lru_cache(maxsize=1024)
def _fold(word: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch))


def currency_references(body: str, mentions: Sequence[Mention], kinds: Mapping[str, str],
                        national: Mapping[str, str], name_of) -> list[Mention]:
    """"Argentina's currency", "the national currency", "its currency", and a currency's
    own word ("the peso fell", "the krona has lost") as mentions of the currency of the
    country meant (named right before "'s", else the country named most often so far).
    ``national``: country -> ISO code; ``name_of``: ISO code -> the currency's name."""
    if not national:
        return []
    ms = sorted(mentions, key=lambda m: m.start)
    countries = [m for m in ms if kinds.get(m.entity) == "country"]
    if not countries:
        return []
    words = set()
    for name in {m.entity for m in countries}:
        code = national.get(name)
        cname = name_of(code) if code else None
        if cname:
            words.add(_fold(cname.split()[-1]))
            words.add(cname.split()[-1].lower())
    found = list(_CURRENCY_OF.finditer(body)) if "urrenc" in body else []
    low = body.lower()
    for w in words:  # "the peso fell": find "the <word>" by plain search, then check the clause
        at = low.find("the " + w)
        while at >= 0:
            d = _word_re().match(body, at)
            if d is not None and d.group("w").lower() == w:
                found.append(d)
            at = low.find("the " + w, at + 4)
    if not found:
        return []
    from bisect import bisect_right

    from factdb.extract.spans import SpanIndex

    others = SpanIndex([m for m in ms if kinds.get(m.entity) != "country"])
    # per country: its mentions' ends and starts in end order, for counts and the latest by bisect
    by_country: dict[str, list[Mention]] = {}
    for m in sorted(countries, key=lambda m: m.end):
        by_country.setdefault(m.entity, []).append(m)
    country_ends = {e: [m.end for m in lst] for e, lst in by_country.items()}
    ending_at = {m.end: m for m in countries}
    out = []
    for d in sorted(found, key=lambda d: d.start()):
        if others.overlaps(d.start(), d.end()):
            continue
        w = d.groupdict().get("w")
        if d.group(0).startswith(("'", "’")):
            owner = ending_at.get(d.start())
        else:
            owner, best = None, None
            for e, ends in country_ends.items():  # a few countries per article: O(countries log n)
                k = bisect_right(ends, d.start())
                if k:
                    last = by_country[e][k - 1]  # its latest mention before the word
                    key = (k, last.start)
                    if best is None or key > best:
                        best, owner = key, last
        code = national.get(owner.entity) if owner is not None else None
        name = name_of(code) if code else None
        if not name:
            continue
        if w:
            if _fold(w) != _fold(name.split()[-1]):
                continue  # another country's currency word
            start = d.start("w")
        else:
            start = d.end() - len("currency")
        out.append(Mention(name, start, d.end(), body[start:d.end()]))
    return out
