"""Subject and object rules that read Russian sentences differently from English.

Used by :func:`factdb.extract.subjects._find_roles` when the article is
Russian; every other property keeps the shared rule (the shared rules know
the Russian prepositions "в", "из", "от", "для" and verbs of giving).

* ``exchange_rate``: the currency priced is the one named before the number
  other than the quoting one ("Курс доллара ... 57 рублей" -> dollar; "а евро
  – 84,58 рубля" -> euro); the object is the quoting currency.
* ``monetary_amount`` with no actor in the sentence but another currency:
  a rate moving in money ("доллар упал на 1 рубль 38 копеек") -> that currency.
* ``count`` of things: the owner or operator, like troops ("силы ОДКБ ... 250
  единиц техники" -> CSTO), the place they are in as object.
* ``quantity``: a country named in the sentence ("квота для Казахстана в
  рамках ОПЕК+" -> Kazakhstan), else the nearest actor ("ЦБ поднял ставку").
* ``duration``: the country the sentence or paragraph is about (the borrower
  of "кредит на 38 лет").
"""

from __future__ import annotations

import re

from factdb.extract.subjects import (
    ACTOR, PLACE, _nearest, _Role, _roles_count, _roles_fatalities, _roles_money, _roles_share, _roles_troops, _set,
)


_RATE_OF = re.compile(r"\b(?:курс\w*|стоимост\w*|девальваци\w*|ослаблени\w*|укреплени\w*)\s+(?:[\w-]+\s+)?$", re.I)
_AGAINST = re.compile(r"\b(?:за|к|против|отношению\s+к)\s+(?:[\w-]+\s+)?$", re.I)


def _currency_role(ctx, c, ms, unit_code, allow_unit=True):
    """The currency a rate or its change is about: "курс X", else a currency named before the
    number other than the quoting one, else the quoting one as the subject ("рубль укрепился до
    57 за доллар"), else one named after the number."""
    quoting = ctx.facts.currency.get(unit_code)
    cur = [m for m in ms if ctx.kind(m) == "currency"]
    body = ctx.body
    of_rate = [m for m in cur if _RATE_OF.search(body, max(c.quote_start, m.start - 40), m.start)
               and not re.search(r"[,;:]", body[m.end:c.start] if m.start < c.start else body[c.end:m.start])]
    before = [m for m in cur if m.end <= c.start and not _AGAINST.search(body, max(c.quote_start, m.start - 20), m.start)]
    chosen = (of_rate[0] if of_rate else None) \
        or next((m for m in reversed(before) if m.entity != quoting), None) \
        or (next((m for m in reversed(before)), None) if allow_unit else None) \
        or next((m for m in cur if m.entity != quoting), None)
    if chosen is None:
        return None
    other = quoting if chosen.entity != quoting else next((m.entity for m in cur if m.entity != quoting), None)
    return _Role(chosen.entity, True, "sentence", other, other is not None)


_BETWEEN = re.compile(r"\bмежду\s+$", re.I)


def _between(ctx, c, ms):
    """"товарооборот между Россией и Арменией": the first party is the subject, the second the object."""
    actors = [m for m in ms if ctx.kind(m) in ACTOR]
    for i, m in enumerate(actors[:-1]):
        nxt = actors[i + 1]
        if _BETWEEN.search(ctx.body, max(c.quote_start, m.start - 12), m.start) and \
                re.fullmatch(r"\s+и\s+", ctx.body[m.end:nxt.start]):
            return _Role(m.entity, True, "sentence", nxt.entity, True)
    return None


def roles_rate(ctx, c, ms):
    role = _currency_role(ctx, c, ms, c.unit)
    if role is not None:
        return role
    quoting = ctx.facts.currency.get(c.unit)
    return _Role(quoting, quoting is not None, "sentence" if quoting else None)


_ATTACHED = re.compile(r"^\s+(?:[^\W\d_]+\s+){0,2}$")


def _attached_place(ctx, c, ms):
    """"41 гражданин Таджикистана": a place in the genitive right after the counted noun."""
    for m in ms:
        if m.start >= c.end and ctx.kind(m) in PLACE and m.surface[:1].isupper():
            gap = ctx.body[c.end:m.start]
            if _ATTACHED.match(gap) and not re.search(r"\b(?:в|во|на|из|из-за|от|с|со|для|к|по)\s", gap + " "):
                return m
            return None
    return None


def roles_people(ctx, c, ms, shared):
    role = shared(ctx, c, ms)
    own = _attached_place(ctx, c, ms)
    if own is not None and c.unit == "person" and own.entity != role.subject:
        return _Role(own.entity, True, "sentence", role.object, role.object_resolved, role.extras)
    return role


def roles_money(ctx, c, ms):
    between = _between(ctx, c, ms)
    if between is not None:
        return between
    role = _roles_money(ctx, c, ms)
    if role.subject is None and role.object is None and c.value < 1e4 \
            and not [m for m in ms if ctx.kind(m) in ACTOR]:
        found = _currency_role(ctx, c, ms, c.unit)
        if found is not None:
            return found
    return role


def roles_count(ctx, c, ms):
    if (c.counted or "").split()[-1:] in (["countries"], ["states"], ["members"], ["nations"]):
        role = _roles_count(ctx, c, ms)  # "более 20 стран" at a BRICS summit: the body
        if role.subject is not None and ctx.kinds.get(role.subject) == "organization":
            return role
    if c.unit == "count":
        return _roles_troops(ctx, c, ms)
    return _victims(ctx, c, ms, roles_people(ctx, c, ms, _roles_count))


def roles_fatalities(ctx, c, ms):
    return _victims(ctx, c, ms, roles_people(ctx, c, ms, _roles_fatalities))


_AGGRESSOR = re.compile(r"\b(?:агресси\w*|нападени\w*|обстрел\w*|удар\w*|атак\w*|вторжени\w*|со\s+стороны)\s+$", re.I)


def _victims(ctx, c, ms, role):
    """"в результате агрессии Азербайджана ... погибли": the aggressor is the object, never the
    subject; the subject is the place of the dead, else the paragraph's or headline's."""
    aggressor = next((m for m in ms if ctx.kind(m) == "country" and _AGGRESSOR.search(
        ctx.body, max(c.quote_start, m.start - 30), m.start)), None)
    if aggressor is None or role.subject != aggressor.entity:
        return role
    others = [m for m in ms if ctx.kind(m) in PLACE and m.entity != aggressor.entity]
    if others:
        return _Role(_nearest(others, c).entity, True, "sentence", aggressor.entity, True)
    return _Role(None, False, None, aggressor.entity, True, {"needs_subject_excluding": aggressor.entity})


_CURRENCY_MOVE = re.compile(r"\b(?:курс\w*|девальв\w*|обесцен\w*|подешев\w*|подорож\w*|ослаб\w*|укреп\w*)", re.I)


_COMMODITY_RU = ((re.compile(r"\bBrent\b"), "Brent crude"), (re.compile(r"\bWTI\b"), "West Texas Intermediate"),
                 (re.compile(r"\bUrals\b|\bмарки\s+Urals|\bUrals\b"), "Urals crude"),
                 (re.compile(r"\bнефт\w*", re.I), "crude oil"), (re.compile(r"\bзолот\w*", re.I), "gold"))


def roles_quantity(ctx, c, ms):
    between = _between(ctx, c, ms)
    if between is not None:
        return between
    if c.unit.endswith("/barrel") or c.unit.endswith("/ounce") or (
            c.unit == "percent" and re.search(r"\b(?:подорож|подешев|цен\w*|стоимост\w*)", ctx.body[c.quote_start:c.start], re.I)):
        # "Нефть марки Brent подорожала на 3% до 85 долларов за баррель": the commodity
        for pattern, name in _COMMODITY_RU:
            if pattern.search(ctx.body, c.quote_start, c.start if c.unit == "percent" else c.quote_end):
                return _Role(name, False, "sentence_text")
    if c.unit == "year":  # an age: the person
        people = [m for m in ms if ctx.kind(m) == "person"]
        if people:
            return _set(_nearest(people, c))
    if c.unit == "percent" and _CURRENCY_MOVE.search(ctx.body, c.quote_start, c.quote_end):
        role = _currency_role(ctx, c, ms, None)  # "тенге подешевел на 19%": the currency
        if role is not None:
            return _Role(role.subject, True, "sentence")
    # "в рамках соглашения ОПЕК+": the frame of the figure, not what it is about
    on = next((m for m in ms if m.start >= c.end and ctx.kind(m) in ACTOR
               and re.search(r"\bприход\w*\s+на\s+$", ctx.body[c.end:m.start])), None)
    if on is not None:
        return _set(on)  # "из которых 300 тысяч приходятся на Россию"
    # "в рамках соглашения ОПЕК+": the frame of the figure; "в Вене": where it was agreed
    actors = [m for m in ms if ctx.kind(m) in ACTOR and m.surface[:1].isupper()
              and not _FRAME.search(ctx.body, max(c.quote_start, m.start - 30), m.start)
              and not (ctx.kind(m) == "city" and ctx.word_before(m, c.quote_start) in ("в", "во"))]
    # "поставлять в Китай": "в" with the accusative is where it goes, the counterpart (object)
    toward = [m for m in actors if ctx.word_before(m, c.quote_start) in ("в", "во", "на") and _accusative(m)]
    actors = [m for m in actors if m not in toward]
    if toward and not actors:
        return _Role(None, False, None, toward[0].entity, True)
    if actors:
        # "В Киргизии инфляция составила 14,7%, а в Таджикистане — 4,2%", "Страны-участницы ОПЕК+ ...
        # 100%": the one named before the number in its clause, else the nearest ("ЦБ" stays itself)
        before = [m for m in actors if m.end <= c.start
                  and not re.search(r"[;]|,\s*(?:а|но)\b", ctx.body[m.end:c.start])]
        if before:
            return _set(before[-1])
        countries = [m for m in actors if ctx.kind(m) == "country"]
        return _set(_nearest(countries, c) or _nearest(actors, c))
    return _set(_nearest([m for m in ms if ctx.kind(m) in ACTOR], c))


_FRAME = re.compile(r"\b(?:в\s+рамках|в\s+составе|в\s+пределах)(?:\s+[\w-]+)?\s+$", re.I)


def _accusative(m) -> bool:
    from factdb.extract.ru.morph import parses

    word = m.surface.split()[-1].lower()
    ps = parses(word)  # "Китай" reads nominative first: any accusative reading and no locative one
    return any("accs" in p.tag for p in ps) and not any("loct" in p.tag or "loc2" in p.tag for p in ps)


def roles_duration(ctx, c, ms):
    countries = [m for m in ms if ctx.kind(m) == "country" and m.surface[:1].isupper()]
    return _set(_nearest(countries, c))


_SHARE_OF = re.compile(r"\bдол(?:я|ю|и|ей|е)\s+$", re.I)


def roles_share(ctx, c, ms):
    """"Доля России в товарообороте Армении ... 35%" -> Russia (object Armenia); "30% экспорта Киргизии"."""
    body = ctx.body
    owner = next((m for m in ms if m.end <= c.start and _SHARE_OF.search(body, max(c.quote_start, m.start - 8), m.start)),
                 None)
    whole = next((m for m in ms if m.start >= c.end and m.start - c.end <= 40 and ctx.kind(m) in ACTOR | PLACE), None)
    if owner is None and whole is None:
        return _roles_share(ctx, c, ms)
    if owner is None:
        return _set(whole)
    if whole is None:
        others = [m for m in ms if m.end <= c.start and m.start > owner.end and ctx.kind(m) in ACTOR | PLACE
                  and m.entity != owner.entity]
        whole = others[-1] if others else None
    return _set(owner, whole if whole is not None and whole.entity != owner.entity else None)


HANDLERS = {
    "fatalities": roles_fatalities,
    "share": roles_share,
    "exchange_rate": roles_rate,
    "monetary_amount": roles_money,
    "count": roles_count,
    "quantity": roles_quantity,
    "duration": roles_duration,
}
FALLBACK_KINDS = {"duration": frozenset({"country"}), "quantity": ACTOR | PLACE}
