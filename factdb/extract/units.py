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
    "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "R$": "BRL", "RM": "MYR", "Rs": "INR", "Rs.": "INR", "euro": "EUR",
}
def _iso4217():
    """ISO 4217 codes and names from pycountry (the standard's own data, not a hand list)."""
    import pycountry

    # Precious metals, funds and testing codes are not money in news; codes that are English
    # words in capitals ("ALL", "TOP", "CUP") would read shouted headlines as money.
    skip = {"ALL", "TOP", "CUP", "MOP", "SOS", "PEN", "MAD", "BOB", "BAM", "NIO", "GYD", "LAK"}
    cur = [c for c in pycountry.currencies if not c.alpha_3.startswith("X") and c.alpha_3 not in skip]
    return frozenset(c.alpha_3 for c in cur) | {"RUR", "BYR"}, {c.name.lower(): c.alpha_3 for c in cur}


ISO_CODES, _ISO_NAMES = _iso4217()
# Names from ISO 4217 that are also ordinary English words or places, or are not currencies.
_NAME_STOP = frozenset({"won", "sol", "rand", "leone", "tala", "kina", "pula", "loti", "dong", "gold", "silver",
                        "palladium", "platinum", "sucre", "mvdol", "euro", "pa’anga", "lek"})


def _iso_names() -> dict[str, str]:
    """Lower-case ISO 4217 names and their plurals ("argentine peso(s)", "zloty(s)")."""
    out = {}
    for name, code in _ISO_NAMES.items():
        if name in _NAME_STOP or not re.fullmatch(r"[a-z .’'-]+", name):
            continue
        out[name] = code
        out[name + "s"] = code
    return out


# Colloquial names and plurals, lower case, longest first when compiled.
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
    # the IMF's unit of account: "one billion SDRs"
    "sdrs": "XDR", "sdr": "XDR", "special drawing rights": "XDR",
}
# Colloquial names above win over the standard's ("som" is KGS in Central Asian news).
CURRENCY_NAMES = {**_iso_names(), **CURRENCY_NAMES}


def _word_names() -> tuple[dict[str, str], frozenset[str]]:
    """A currency's own word after a number ("forints", "pesos", "dinars"): CLDR's names
    (factdb.extract.currency_words). Words several states use are resolved per article."""
    from factdb.extract import currency_words as W

    out, shared = {}, set()
    for form, base in W.word_forms().items():
        if base in SHARED_BASES:
            shared.add(form)
            out[form] = W.DEFAULTS.get(base) or ""
        elif form not in CURRENCY_NAMES and (code := W.single_code(form)):
            out[form] = code
    return {k: v for k, v in out.items() if v or k in shared}, frozenset(shared)


# Words several states' currencies share: the article's state decides (currency_words.article_code).
SHARED_BASES = frozenset({"peso", "pound", "dinar", "franc", "rupee", "riyal", "rial", "shilling", "krone", "dirham",
                          "leu", "kwacha", "won"})
WORD_NAMES, SHARED_FORMS = _word_names()
# after a number only: an English word elsewhere ("won", "pounds")
SUFFIX_ONLY = frozenset({"won", "pound", "pounds", "franc", "francs", "peso", "pesos", "dinar", "dinars", "rand",
                         "dong", "yen", "baht", "taka", "naira"})
# "pounds" alone is money only with a scale word ("2 billion pounds"); see claims.
AMBIGUOUS_CURRENCY_NAMES = {"pounds": "GBP", "pound": "GBP"}


def currency_code(word: str, body: str | None = None) -> str | None:
    """ISO 4217 code for a symbol, code or name as written; None if not a currency. With
    ``body``, a word several states share ("pesos") is read as the article's state's currency."""
    w = word.strip()
    if w in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[w]
    if w in ISO_CODES:
        return "RUB" if w == "RUR" else w
    key = re.sub(r"\s+", " ", w.lower())
    if body is not None and key in SHARED_FORMS:
        from factdb.extract.currency_words import article_code

        return article_code(body, key) or None
    return CURRENCY_NAMES.get(key) or AMBIGUOUS_CURRENCY_NAMES.get(key) or WORD_NAMES.get(key) or None


def _alt(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_ISO_ALT = "|".join(sorted(ISO_CODES))
CURRENCY_PREFIX_RE = re.compile(
    rf"(?:(?-i:US|U\.S\.|C|A|HK|S|NZ|R)?\$|[€£¥₽₸₴₹₺]|(?-i:\bRM|\bRs\.?\s?|\beuro)|(?-i:\b(?:{_ISO_ALT}))\s?)\s?$",
    re.I,
)
# Minor units after a number: "18 cents" (USD), "5 pence" / "120p" (GBP), "50 kopecks" (RUB).
MINOR_UNIT_RE = re.compile(r"\s?(?P<w>cents?|pence|kopecks?|kopeks?|tiyn)\b|(?P<p>p)\b", re.I)
MINOR_CODES = {"cent": "USD", "cents": "USD", "pence": "GBP", "p": "GBP", "kopeck": "RUB", "kopecks": "RUB",
               "kopek": "RUB", "kopeks": "RUB", "tiyn": "KZT"}
CURRENCY_SUFFIX_RE = re.compile(
    rf"[\s-]?(?:of\s+)?(?:(?-i:(?:{_ISO_ALT})\b)|(?:{_alt(set(CURRENCY_NAMES) | set(WORD_NAMES))}"
    rf"|{_alt(AMBIGUOUS_CURRENCY_NAMES)})\b)",
    re.I,
)
CURRENCY_ANYWHERE_RE = re.compile(
    rf"(?-i:\b(?:{_ISO_ALT})\b)|[$€£¥₽₸₴₹₺]|\b(?:{_alt(set(CURRENCY_NAMES) | (set(WORD_NAMES) - SUFFIX_ONLY))})\b", re.I
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
    "minute": ("minute", 1), "minutes": ("minute", 1), "yr": ("year", 1), "yrs": ("year", 1),
}
# Unit written right after the number (with a space, glued, or hyphenated).
UNIT_SUFFIX_RE = re.compile(
    r"(?P<sep>\s?-\s?|\s|)(?P<unit>"
    rf"{_alt(k for k in LENGTH_UNITS if k not in ('m', 'mi'))}"
    rf"|(?-i:mi)|m|{_alt(DURATION_UNITS)})(?!\w)(?!-old)(?!\s+old\b)",
    re.I,
)
# Hyphenated compounds that type the number: "6,000-strong", "16,000-man",
# "28-member", "six-nation".
COMPOUND_RE = re.compile(
    r"-(?P<c>strong|man|men|member|members|nation|country|state|seat)\b(?:\s+strong\b)?"
    # "the 13 000 strong peacekeeping force": the size of a force written without its hyphen
    r"|\s(?P<c2>strong)\b(?=\s+(?:[\w-]+\s+){0,2}(?:force|forces|army|contingent|garrison|mission|troops|battalion"
    r"|brigade|division|unit|militia|deployment|detachment|corps))", re.I
)
TROOP_COMPOUNDS = frozenset({"strong", "man", "men"})
MEMBER_COMPOUNDS = frozenset({"member", "members", "nation", "country", "state"})
PERCENT_RE = re.compile(r"\s?(?:%|per\s?cent\b|pct\b|percent\b)", re.I)
PERCENTAGE_POINT_RE = re.compile(
    r"\s*(?:percentage|per\s?cent(?:age)?)\s+points?\b|\s*pp\b|\s*basis\s+points?\b|\s*bps?\b", re.I
)

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
    members member staff employees doctors pupils teenagers adults infants babies
    wounded injured dead instructors advisers advisors specialists experts observers trainers
    monitors contractors nationals attackers assailants bystanders relatives pedestrians
    lawmakers deputies legislators senators delegates lawmaker deputy legislator senator mps
    leaders casualties laborers labourers ministers officials diplomats survivors volunteers
    farmers miners engineers crew crewmen fishermen""".split()
) | TROOP_NOUNS
ORG_MEMBER_NOUNS = frozenset(
    """states countries nations republics members member-states member-countries economies
    governments partners producers exporters""".split()
)
# Singular or irregular nouns accepted after a number ("one soldier", "22 aircraft").
IRREGULAR_COUNT_NOUNS = frozenset(
    """aircraft helicopter helicopters tank vehicle plane jet drone missile rocket facility base
    airbase checkpoint village country state nation member soldier person civilian child man
    woman serviceman officer policeman hostage prisoner company weapon ship vessel sheep
    livestock cattle artillery""".split()
)
FATAL_NOUNS = frozenset({"lives", "bodies", "dead", "deaths", "fatalities", "corpses"})
# Person nouns that say nothing of who: context decides ("a force of 300 men").
GENERIC_PERSON_NOUNS = frozenset({"people", "men", "persons", "individuals", "nationals", "citizens"})
TROOP_PHRASES = frozenset({"service members", "service personnel", "military personnel"})
MILITARY_MODIFIERS = frozenset({"military", "army", "armed", "combat", "foreign-backed"})

# --- context words (searched in the sentence around a number) ---------------------

TRIGGER_RE = re.compile(
    r"\b(?:(?P<fatal>kill(?:ed|ing|s)?|dead|deaths?|death\s+toll|toll|died|die|dying"
    r"|lives\s+lost|lost\s+their\s+lives|fatalities|fatality|perished|slain|massacred"
    r"|eliminated|liquidated|neutrali[sz]ed|lost"
    # "the war has claimed at least 170 peacekeepers / the lives of 40": a toll, not a claim of words
    r"|claimed(?=\s+(?:the\s+lives\s+of\s+)?(?:at\s+least\s+|more\s+than\s+|over\s+|some\s+|about\s+|nearly\s+"
    r"|almost\s+|around\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds|thousands)))"
    r"|(?P<injured>injur(?:ed|ing|ies|y)|wound(?:ed|ing|s)|hurt|casualties)"
    r"|(?P<detained>detain(?:ed|ing|s)?|arrest(?:ed|ing|s)?|captured|abducted|kidnapped|hostage"
    r"|imprisoned|jailed|missing|displaced|evacuated|flee|flees|fleeing|fled|rescued|deported"
    r"|expelled|homeless|charged|convicted|sentenced|surrendered|disarmed|defected)"
    r"|(?P<troop>fight|fighting|fought|deployed|deploy|deploying|stationed|garrisoned|enlisted"
    r"|mobili[sz]ed|conscripted))\b",
    re.I,
)
# Left of a generic person noun ("a force of 300 men"): the people are troops.
TROOP_CTX_RE = re.compile(
    r"\b(?:force|forces|band|contingent|garrison|army|detachment|battalion|brigade|regiment"
    r"|division|militia|unit|troops|servicemen|soldiers|militants|fighters|peacekeep\w*|rebels"
    r"|insurgents|gunmen)\b",
    re.I,
)
# "the number of servicemen ... to 9,000", "The militants, numbering 200".
LEFT_NOUN_RE = re.compile(
    r"\b(?:number|numbers|total|strength|size)\s+of\s+(?:the\s+|its\s+|their\s+)?"
    r"(?P<n>[\w-]+(?:\s+[\w-]+)?)\b"
    r"|\b(?P<n2>[\w-]+),?\s+(?:numbering|numbered|totalling|totaling|totalled|totaled)\b",
    re.I,
)
MEMBER_CTX_RE = re.compile(
    r"\b(?:bloc|alliance|organi[sz]ation|body|union|group(?:ing)?|club|community|commonwealth"
    r"|treaty|pact|association|coalition|comprises?|comprising|comprised|consists?|consisting|consisted"
    r"|made\s+up|brings?\s+together|unites|includes|membership|grouping)\b|'s\s*$",
    re.I,
)
BORDER_RE = re.compile(r"\b(?:borders?|frontiers?|boundary|boundaries)\b", re.I)
BORDER_RIGHT_RE = re.compile(
    r"(?:\s*-?\s*long)?\s+(?:[\w-]+\s+){0,2}?(?:border|frontier|boundary)\b", re.I
)
BORDER_PART_RE = re.compile(
    r"\b(?:stretch|section|part|portion|segment|sector|strip|of\s+which|of\s+them|including)\b",
    re.I,
)
DISTANCE_RIGHT_RE = re.compile(
    r"(?:\s*-?\s*long)?\s*(?:from|away|off|inside|into|beyond|of|to|along|across|north|south|east"
    r"|west|behind|short|deep|stretch|section|segment|portion|strip|radius|zone|wide|high)\b",
    re.I,
)
LENGTH_CTX_RE = re.compile(r"\b(?:length|long|stretch(?:es)?|extends?|runs)\b", re.I)
RATE_RIGHT_RE = re.compile(
    r"\s*(?:to|per|against|for)\s+(?:the\s+|one\s+|a\s+|1\s+|each\s+)?(?:us\s+|u\.s\.\s+)?"
    r"(?:(?P<c>dollar|euro|rouble|ruble|yuan|pound|somoni|tenge|som|hryvnia|USD|EUR|RUB)\b|(?P<one>(?:US|U\.S\.)?\$\s?1|€\s?1)\b(?![.,]\d))",
    re.I,
)
# "$1" as the base of a rate ("300 tenges to $1", "selling $1 for 298 tenges"): not an amount
BASE_ONE_LEFT_RE = re.compile(r"\b(?:to|per|against|for|selling|buying|sells|buys|sold|bought)\s*$", re.I)
BASE_ONE_RIGHT_RE = re.compile(
    r"\s*(?:for|at|=)\s*\d|\s+(?:bought|buys|buy|fetched|fetches|fetch|cost|costs|was\s+worth|is\s+worth|equals|equalled"
    r"|equaled|traded\s+(?:at|for)|exchanged\s+for|sold\s+for)\s", re.I)
VOTE_RIGHT_RE = re.compile(r"\s+(?:against|in\s+favou?r|abstained|abstaining|voted|votes)\b", re.I)
VOTE_LEFT_RE = re.compile(r"\bvot(?:ed|es|ing)\s+(?:by\s+)?(?:\d[\d,]*\s+(?:to|-)\s+)?$|\bvote\s+of\s+$", re.I)
POPULATION_LEFT_RE = re.compile(
    r"\bpopulation\s+(?:of|is|was|stands\s+at|at)\s+(?:about\s+|some\s+|around\s+|nearly\s+|almost\s+|over\s+"
    r"|more\s+than\s+|roughly\s+|just\s+)?$", re.I)
HAS_LEFT_RE = re.compile(r"\b(?:has|have|had|now\s+has|numbers|numbered|counts|counted|totals|with)\s+(?:some\s+|about\s+|around\s+|more\s+than\s+|over\s+|nearly\s+|almost\s+|just\s+)?$", re.I)
MEMBERS_TO_LEFT_RE = re.compile(r"\bmember(?:s|ship|[- ]states|[- ]countries|[- ]nations)\s+(?:to|at)\s+$", re.I)
SUPERLATIVE_SPAN_LEFT_RE = re.compile(
    r"\b(?:highest|lowest|most|least|biggest|largest|smallest|first|best|worst|strongest|weakest|fastest|slowest"
    r"|[a-z]{3,}est)\b[^.;]{0,60}\b(?:in|for|since)\s+(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|about\s+"
    r"|at\s+least\s+|the\s+past\s+|the\s+last\s+)?$", re.I)
RATE_CTX_RE = re.compile(
    r"\b(?:exchange|rates?|traded|trading|quoted|weakened|strengthened|stood|closed|opened"
    r"|selling|buying|sold|bought|per|against|to\s+the)\b",
    re.I,
)
CODE_NUMBER_RE = re.compile(r"(?-i:\b[A-Z]{3}(?:/[A-Z]{3})?)\s+\d")
TICKER_RE = re.compile(
    r"(?-i:[A-Z]{3})\s+\d+(?:[.,]\d+)?(?:\s*[-+−▲▼↑↓]\s*\d+(?:[.,]\d+)?%?)?", re.I
)
TICKER_BASE_RE = re.compile(r"^(?P<c>[A-Z]{3})\s+1(?:[.,]0+)?\s*$", re.M)
RELATIVE_LEFT_RE = re.compile(
    r"\b(?:(?:the|these|those|its|their|his|her)\s+(?:past|last|previous|preceding|recent|first"
    r"|final|latter)|later|aged|age\s+of)\s+(?:few\s+|several\s+)?$",
    re.I,
)
RELATIVE_RIGHT_RE = re.compile(
    r"\s+(?:ago|earlier|later|before|after|afterwards?|previously|prior|since|back|old|of\s+age"
    r"|younger|older|from\s+now|hence)\b",
    re.I,
)
DURATION_VERB_LEFT_RE = re.compile(
    r"\b(?:for|lasted|lasting|last|lasts|within|took|takes|take|spent|spend|spanning|term\s+of"
    r"|period\s+of|over\s+the\s+next|during)\s+(?:(?:about|nearly|almost|some|around|over|more"
    r"\s+than|less\s+than|up\s+to|at\s+least|no\s+more\s+than|only|just)\s+)?$",
    re.I,
)
FOLD_RE = re.compile(r"-?fold\b", re.I)
TIMES_RE = re.compile(r"\s+times\s+(?:more|less|higher|lower|larger|smaller|bigger|greater|as|over|the)\b", re.I)
MEMBERS_OF_RE = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|this\s+)?(?:[A-Z]|(?:[\w-]+\s+)?(?:alliance|bloc|organi[sz]ation|union|group(?:ing)?|club"
    r"|commonwealth|treaty|community|association|cartel)\b)")
SPORT_NOUNS = frozenset({"goals", "points", "runs", "wickets", "medals", "assists", "rebounds", "touchdowns"})
AGE_APPOSITION_LEFT_RE = re.compile(r"(?-i:[A-Z][\w'’-]+),\s*$")
AGE_APPOSITION_RIGHT_RE = re.compile(r"\s*,\s+(?:who|said|says|the|a|an|has|had|was|is|told|added|[a-z]+ed)\b")
AGE_RIGHT_RE = re.compile(r"\s*-?\s*(?:years?|months?)[\s-]+old\b", re.I)
AGE_LEFT_RE = re.compile(r"\b(?:aged|age\s+of|ages\s+of)\s*$", re.I)
CHANGE_LEFT_RE = re.compile(
    r"\b(?:rose|rise[ns]?|rising|risen|increased?|increasing|fell|falls?|fallen|falling|dropped|drops?"
    r"|decreased?|grew|grown|jumped|climbed|declined|cut|raised|reduced|went|up|down|swelled)"
    r"\b[^.;]{0,20}$",
    re.I,
)
DATE_PREP_RE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|of|to|before|after|during|through|year|the|early|late"
    r"|spring|summer|autumn|fall|winter|fiscal|circa|and|or|between|around|about)\s*|[(,–-]\s*|^)$",
    re.I,
)
NAMING_LEFT_RE = re.compile(
    r"\b(?:no\.?|nos\.?|number|article|resolution|flight|page|route|highway|chapter|section|paragraph"
    r"|item|room|building|block|gate|platform|channel|level|phase|stage|grade|class|category|round"
    r"|episode|season|part|protocol|decree|order|point|zone|district|sector|camp|post|hall|unit"
    r"|group|squad|team|line|code|model|version|type|mark|mk|batch|lot|vol|volume|issue|exercise)"
    r"\s*#?\s*$",
    re.I,
)

# Function words that end the search for a counted noun; nouns never counted.
STOP = frozenset(
    """the a an this that these those its his her their our my your is was were are be been being
    has have had will would could should may might must can shall as at in on to from by with for
    and or but than per since ago each every into onto over under after before during including
    while when who which whom whose where if so not no nor also said says say according there here
    it he she they we you i them him us out up down off about around later earlier last next
    year month week day today yesterday tomorrow received""".split()
)
NOT_COUNTED = frozenset(
    """times percent years days months weeks hours minutes seconds decades centuries ones
    things ways words kilometres kilometers miles metres meters dollars euros roubles rubles
    degrees cents wounds injuries""".split()
)
