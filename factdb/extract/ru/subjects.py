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

from factdb.extract.subjects import ACTOR, PLACE, _nearest, _Role, _roles_count, _roles_money, _roles_troops, _set


def _currency_role(ctx, c, ms, unit_code):
    quoting = ctx.currencies.get(unit_code)
    cur = [m for m in ms if ctx.kind(m) == "currency" and m.entity != quoting]
    before = [m for m in cur if m.end <= c.start]
    chosen = before[-1] if before else (cur[0] if cur else None)
    if chosen is None:
        return None
    return _Role(chosen.entity, True, "sentence", quoting, quoting is not None)


def roles_rate(ctx, c, ms):
    role = _currency_role(ctx, c, ms, c.unit)
    if role is not None:
        return role
    quoting = ctx.currencies.get(c.unit)
    return _Role(quoting, quoting is not None, "sentence" if quoting else None)


def roles_money(ctx, c, ms):
    role = _roles_money(ctx, c, ms)
    if role.subject is None and role.object is None and not [m for m in ms if ctx.kind(m) in ACTOR]:
        found = _currency_role(ctx, c, ms, c.unit)
        if found is not None:
            return found
    return role


def roles_count(ctx, c, ms):
    if c.unit == "count":
        return _roles_troops(ctx, c, ms)
    return _roles_count(ctx, c, ms)


def roles_quantity(ctx, c, ms):
    countries = [m for m in ms if ctx.kind(m) == "country" and m.surface[:1].isupper()]
    if countries:
        return _set(_nearest(countries, c))
    return _set(ctx.actor(_nearest([m for m in ms if ctx.kind(m) in ACTOR], c)))


def roles_duration(ctx, c, ms):
    countries = [m for m in ms if ctx.kind(m) == "country" and m.surface[:1].isupper()]
    return _set(_nearest(countries, c))


HANDLERS = {
    "exchange_rate": roles_rate,
    "monetary_amount": roles_money,
    "count": roles_count,
    "quantity": roles_quantity,
    "duration": roles_duration,
}
FALLBACK_KINDS = {"duration": frozenset({"country"}), "quantity": ACTOR | PLACE}
