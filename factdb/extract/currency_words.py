"""Currency words that name a currency only with the article around them: "pesos", "pounds", "dinars".

Built from CLDR (Babel): every current currency's English name ends in its word ("Argentine
Peso", "Lebanese Pound"), and CLDR says in which territories it is legal tender. A word
that names one currency only ("forint", "zloty", "naira") is that currency
(:data:`WORD_CODES`); a word several states use ("peso", "pound", "dinar", "rupee", "franc",
"riyal", "shilling", "krone") is the currency of the state the article names most
(:func:`article_code`: "1,500 pounds to the dollar" in an article on Lebanon is LBP), else
the word's usual reading (:data:`DEFAULTS`), else nothing. Pure; the tables are built once.
"""

from __future__ import annotations

import re
from functools import lru_cache

# words that are ordinary English after a number too often ("the 1,000 mark", "5 real ...")
_NOT_MONEY = frozenset({"mark", "gold", "sol", "real", "kip", "lek", "tala", "kina", "loti", "pula", "vatu", "leone",
                        "guilder", "florin", "escudo", "dobra", "colón", "córdoba", "bolívar", "paʻanga", "pataca",
                        "balboa", "lempira", "quetzal", "guarani", "gourde", "dalasi", "nakfa", "ouguiya", "ariary",
                        "lilangeni", "metical", "ngultrum", "rufiyaa", "riel", "denar", "boliviano", "kwanza"})
_PLURALS = {"krona": ("kronor", "kronas"), "krone": ("kroner",), "króna": ("kronur", "kronas", "krona"),
            "lira": ("lire", "liras"), "leu": ("lei",), "real": ("reais",), "yen": (), "yuan": (), "won": (),
            "baht": (), "naira": (), "taka": (), "rand": (), "dong": (), "rupiah": (), "kyat": ("kyats",),
            "tenge": ("tenges",), "somoni": ("somonis",), "som": ("soms",), "manat": ("manats",), "hryvnia": ("hryvnias",)}
# the usual reading of a shared word when the article names none of its states
DEFAULTS = {"pound": "GBP", "dollar": "USD", "rupee": "INR", "rial": "IRR", "riyal": "SAR", "manat": "AZN",
            "som": "KGS", "franc": "CHF", "ruble": "RUB", "krone": "NOK", "won": "KRW", "dirham": "AED"}


@lru_cache(maxsize=1)
def _tables():
    """``(word -> [(code, [names that point to its state])], word form -> base word)``."""
    try:
        import pycountry
        from babel.core import get_global
        from babel.numbers import get_currency_name
    except ImportError:
        return {}, {}
    states: dict[str, list[str]] = {}
    for territory, entries in get_global("territory_currencies").items():
        for code, _start, end, tender in entries:
            if end is None and tender:
                states.setdefault(code, []).append(territory)
    by_word: dict[str, list[tuple[str, list[str]]]] = {}
    for code, territories in sorted(states.items()):
        try:
            name = get_currency_name(code, locale="en")
        except Exception:  # noqa: BLE001
            continue
        parts = name.split()
        word = parts[-1].lower()
        if word in _NOT_MONEY or len(parts) < 2:
            continue
        cues = [" ".join(parts[:-1])]  # the adjective: "Argentine", "Lebanese", "South Korean"
        for t in territories:
            c = pycountry.countries.get(alpha_2=t)
            if c is not None:
                cues += [c.name, getattr(c, "common_name", c.name)]
        by_word.setdefault(word, []).append((code, cues))
    forms: dict[str, str] = {}
    for word in by_word:
        for form in (word, word + "s", *_PLURALS.get(word, ())):
            forms[form] = word
    return by_word, forms


def _stem(name: str) -> str:
    """A prefix that the state's name and adjective share: "Argentin", "Leban", "Egypt"."""
    first = name.split(",")[0].strip()
    return re.escape(first[:max(4, len(first) - 2)]) if " " not in first else re.escape(first)


def word_forms() -> dict[str, str]:
    """Every written form ("pesos", "kronor") -> its base word ("peso", "krona")."""
    return _tables()[1]


def single_code(form: str) -> str | None:
    """The code of a word that names one current currency ("forints" -> HUF), else None."""
    by_word, forms = _tables()
    base = forms.get(form.lower())
    entries = by_word.get(base or "", [])
    return entries[0][0] if len(entries) == 1 else None


@lru_cache(maxsize=64)
def _article_counts(body: str, base: str) -> tuple[tuple[str, int], ...]:
    by_word, _ = _tables()
    out = []
    entries = by_word.get(base, [])
    stems = {code: {_stem(c) for c in cues if c} for code, cues in entries}
    for code, _cues in entries:
        # a stem two candidates share ("Korea" for both Koreas) tells them apart from nothing
        own = {st for st in stems[code] if not any(st in stems[o] for o in stems if o != code)}
        pattern = "|".join(sorted(own, key=len, reverse=True))
        if not pattern:
            continue
        n = len(re.findall(rf"\b(?:{pattern})", body))
        if n:
            out.append((code, n))
    return tuple(sorted(out, key=lambda cn: -cn[1]))


def article_code(body: str, form: str) -> str | None:
    """The currency a shared word names in this article: the state named most, else the default."""
    by_word, forms = _tables()
    base = forms.get(form.lower().strip())
    if base is None:
        return None
    entries = by_word.get(base, [])
    if len(entries) == 1:
        return entries[0][0]
    counts = _article_counts(body, base)
    if counts:
        return counts[0][0]
    return DEFAULTS.get(base)


def context_found(body: str, form: str) -> bool:
    """True when the article names a state whose currency the word is (not just the default)."""
    _, forms = _tables()
    base = forms.get(form.lower().strip())
    return bool(base and _article_counts(body, base))
