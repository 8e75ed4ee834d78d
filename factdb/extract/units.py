"""Currencies, units and counted nouns: the lexicon behind claim typing.

Everything here is data plus a few compiled patterns; lookups are
case-insensitive except ISO 4217 codes, which must be upper case ("RUB",
never "rub").
"""

from __future__ import annotations

import re

# --- currencies ----------------------------------------------------------------

CURRENCY_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₽": "RUB", "₸": "KZT", "₴": "UAH", "₹": "INR", "₺": "TRY", "C$": "CAD", "A$": "AUD",
}
ISO_CODES = frozenset(
    """USD EUR RUB RUR GBP JPY CNY CHF CAD AUD TJS KGS KZT UZS TMT AFN UAH BYN BYR AMD AZN
    GEL MDL TRY INR PKR IRR SAR AED QAR ILS EGP MNT PLN SEK NOK DKK CZK HUF RON BGN KRW""".split()
)
# Names and plurals, lower case, longest first when compiled.
CURRENCY_NAMES = {
    "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD", "u.s. dollar": "USD",
    "american dollars": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD",
    "euros": "EUR", "euro": "EUR",
    "belarusian roubles": "BYN", "belarusian rubles": "BYN", "belarusian ruble": "BYN",
    "russian roubles": "RUB", "russian rubles": "RUB",
    "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB",
    "pounds sterling": "GBP", "pound sterling": "GBP", "sterling": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "swiss francs": "CHF",
    "somoni": "TJS", "somonis": "TJS", "tenge": "KZT", "tenges": "KZT",
    "kyrgyz soms": "KGS", "kyrgyz som": "KGS", "soms": "KGS", "som": "KGS",
    "uzbek sums": "UZS", "uzbek soums": "UZS", "sums": "UZS", "soums": "UZS", "soum": "UZS",
    "manats": "AZN", "manat": "AZN", "afghanis": "AFN", "afghani": "AFN",
    "hryvnias": "UAH", "hryvnia": "UAH", "hryvnas": "UAH", "hryvna": "UAH",
    "lari": "GEL", "drams": "AMD", "dram": "AMD", "rupees": "INR", "rupee": "INR",
    "lira": "TRY", "liras": "TRY", "rials": "IRR", "rial": "IRR",
}
# "pounds" alone is money only with a scale word ("2 billion pounds"); see claims.
AMBIGUOUS_CURRENCY_NAMES = {"pounds": "GBP", "pound": "GBP"}


def currency_code(word: str) -> str | None:
    """ISO 4217 code for a symbol, code or name as written; None if not a currency."""
    w = word.strip()
    if w in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[w]
    if w in ISO_CODES:
        return "RUB" if w == "RUR" else w
    key = re.sub(r"\s+", " ", w.lower())
    return CURRENCY_NAMES.get(key) or AMBIGUOUS_CURRENCY_NAMES.get(key)


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_ISO_ALT = "|".join(sorted(ISO_CODES))
CURRENCY_PREFIX_RE = re.compile(
    rf"(?:(?:US|U\.S\.|C|A)?\$|[€£¥₽₸₴₹₺]|(?-i:\b(?:{_ISO_ALT}))\s?)\s?$", re.I
)
CURRENCY_SUFFIX_RE = re.compile(
    rf"\s?(?:of\s+)?(?:(?-i:(?:{_ISO_ALT})\b)|(?:{_alt(CURRENCY_NAMES)}|{_alt(AMBIGUOUS_CURRENCY_NAMES)})\b)",
    re.I,
)
CURRENCY_ANYWHERE_RE = re.compile(
    rf"(?-i:\b(?:{_ISO_ALT})\b)|[$€£¥₽₸₴₹₺]|\b(?:{_alt(CURRENCY_NAMES)})\b", re.I
)

# --- lengths and durations -------------------------------------------------------

LENGTH_UNITS = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km",
    "kilometers": "km", "mile": "mile", "miles": "mile", "mi": "mile",
    "nautical mile": "nmi", "nautical miles": "nmi", "m": "m", "metre": "m", "metres": "m",
    "meter": "m", "meters": "m",
}
KM_PER = {"km": 1.0, "mile": 1.609344, "nmi": 1.852, "m": 0.001}

DURATION_UNITS = {
    "day": ("day", 1), "days": ("day", 1), "week": ("week", 1), "weeks": ("week", 1),
    "month": ("month", 1), "months": ("month", 1), "year": ("year", 1), "years": ("year", 1),
    "decade": ("year", 10), "decades": ("year", 10), "century": ("year", 100),
    "centuries": ("year", 100), "hour": ("hour", 1), "hours": ("hour", 1),
    "minute": ("minute", 1), "minutes": ("minute", 1),
}
# Unit written right after the number (with a space, glued, or hyphenated).
UNIT_SUFFIX_RE = re.compile(
    r"(?P<sep>\s?-\s?|\s|)(?P<unit>"
    rf"{_alt(k for k in LENGTH_UNITS if k not in ('m', 'mi'))}|mi|m"
    rf"|{_alt(DURATION_UNITS)})(?!\w)(?!-old)(?!\s+old\b)",
    re.I,
)
# Hyphenated compounds that type the number: "6,000-strong", "16,000-man",
# "28-member", "six-nation".
COMPOUND_RE = re.compile(
    r"-(?P<c>strong|man|men|member|members|nation|country|state|seat)\b(?:\s+strong\b)?", re.I
)
TROOP_COMPOUNDS = frozenset({"strong", "man", "men"})
MEMBER_COMPOUNDS = frozenset({"member", "members", "nation", "country", "state"})
PERCENT_RE = re.compile(r"\s?(?:%|per\s?cent\b|pct\b|percent\b)", re.I)
PERCENTAGE_POINT_RE = re.compile(r"\s*percentage\s+points?\b", re.I)

# --- counted nouns ----------------------------------------------------------------

TROOP_NOUNS = frozenset(
    """troops troop soldiers soldier servicemen serviceman servicemembers personnel contingent
    peacekeepers peacekeeper marines paratroopers guards guardsmen sailors airmen reservists
    conscripts recruits commandos fighters fighter militants militant insurgents rebels
    jihadists militiamen mercenaries gunmen combatants forces force army brigade battalion
    division regiment base garrison""".split()
)
PEOPLE_NOUNS = frozenset(
    """people persons person civilians civilian residents resident children child kids women woman
    men man villagers citizens nationals migrants refugees refugee asylum-seekers hostages
    hostage prisoners prisoner detainees victims workers protesters protestors demonstrators
    students policemen policeman police officers officer journalists others passengers
    pilgrims tourists voters inhabitants individuals suspects terrorists extremists islamists
    members member staff employees doctors pupils teenagers adults infants babies families
    wounded injured dead""".split()
) | TROOP_NOUNS
ORG_MEMBER_NOUNS = frozenset(
    """states countries nations republics members member-states member-countries economies
    governments partners""".split()
)
# Singular or irregular nouns accepted after a number ("one soldier", "22 aircraft").
IRREGULAR_COUNT_NOUNS = frozenset(
    """aircraft helicopter helicopters tank vehicle plane jet drone missile rocket facility base
    airbase checkpoint village country state nation member soldier person civilian child man
    woman serviceman officer policeman hostage prisoner company weapon ship vessel sheep
    livestock cattle artillery""".split()
)
