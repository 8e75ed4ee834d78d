"""Which state issues a currency, which currency a state uses, and what a currency is called.

From the standards' own data, not hand lists: an ISO 4217 code begins with the
ISO 3166 code of the state that issues it (``ARS`` Argentina, ``GBP`` Great
Britain, ``EUR`` none), Babel's CLDR tables say which currency is legal tender in
each territory today and give its English name ("Argentine Peso"), pycountry
names the territory. :func:`currency_facts` returns the maps the subject rules use
(:class:`factdb.extract.subjects.EntityFacts`); names are resolved through the
registry when it knows them. Pure and built once per registry.
"""

from __future__ import annotations

from collections.abc import Callable


def currency_facts(resolve: Callable[[str], str | None]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """``(issuer, national, names)``: ISO code -> issuing country, country -> its ISO code,
    ISO code -> English currency name. ``resolve`` maps a name to the registry's (or None)."""
    try:
        import pycountry
        from babel.core import get_global
        from babel.numbers import get_currency_name
    except ImportError:  # the standards' data is optional: no facts, no guesses
        return {}, {}, {}
    issuer: dict[str, str] = {}
    national: dict[str, str] = {}
    names: dict[str, str] = {}
    for territory, entries in get_global("territory_currencies").items():
        current = [e[0] for e in entries if e[2] is None and e[3]]
        if not current:
            continue
        country = pycountry.countries.get(alpha_2=territory)
        if country is None:
            continue
        name = resolve(country.name) or resolve(getattr(country, "common_name", "") or country.name)
        if name is None:
            continue
        code = current[0]
        if code[:2] == territory:  # the territory issues it (USD in the US, not in Ecuador)
            issuer[code] = name
        national.setdefault(name, code)
        for c in current:
            if c not in names:
                try:
                    names[c] = get_currency_name(c, locale="en")
                except Exception:  # noqa: BLE001 - an odd code: no name
                    pass
    return issuer, national, names
