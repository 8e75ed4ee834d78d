"""A deterministic synthetic news corpus for benchmarks.

``python -m benchmarks.corpus --size N --out DIR [--seed S]`` writes N article
files (about one in five ``.md``, the rest ``.txt``) in the layout the loader
reads: a title line, a date line, an outlet line, then paragraphs. Sentences
are built from the registry's entities (countries, cities, organizations) and
the phrasings the extractor supports: hedged numbers ("more than 20", "about
1,350 km"), currencies, troop counts, death tolls, border lengths and
membership lists. Each article is about 3 KB with 5-10 numeric sentences.

Guarantees: the same (size, seed) gives the same bytes; article ``i`` does not
depend on ``size`` (a bigger corpus extends a smaller one); no two articles
have the same bytes (each carries its own reference code).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

REGISTRY = Path(__file__).resolve().parent.parent / "seeds" / "registry.yml"

# Preferred names (checked against the registry when it is available).
COUNTRIES = ["Russia", "Tajikistan", "Afghanistan", "Kazakhstan", "Kyrgyzstan", "Uzbekistan",
             "Turkmenistan", "Armenia", "Belarus", "Azerbaijan", "Georgia", "China", "Iran",
             "Pakistan", "India", "Turkey", "Ukraine", "Moldova"]
CITIES = ["Dushanbe", "Khorog", "Kulob", "Bokhtar", "Khujand", "Bishkek", "Osh", "Almaty",
          "Astana", "Tashkent", "Samarkand", "Termez", "Kabul", "Kunduz", "Herat", "Moscow",
          "Minsk", "Yerevan", "Baku", "Tbilisi", "Ashgabat", "Isfara", "Batken"]
BLOCS = {
    "CSTO": ["Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan"],
    "Eurasian Economic Union": ["Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan"],
    "SCO": ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "India",
            "Pakistan"],
}
NEIGHBOURS = [("Tajikistan", "Afghanistan", 1344), ("Uzbekistan", "Afghanistan", 144),
              ("Turkmenistan", "Afghanistan", 804), ("Kyrgyzstan", "Tajikistan", 970),
              ("Russia", "Kazakhstan", 7644), ("Tajikistan", "China", 477),
              ("Kazakhstan", "Uzbekistan", 2203), ("Kyrgyzstan", "Uzbekistan", 1314)]
OUTLETS = ["Reuters", "TASS", "Eurasianet", "Asia-Plus", "AKIpress", "Interfax", "BBC",
           "The Steppe Ledger", "Central Asia Monitor", "Caspian Daily News"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
CURRENCIES = [("$", "million", ""), ("$", "billion", ""), ("", "billion", " rubles"),
              ("", "million", " euros"), ("", "million", " somoni")]

FILLER = [
    "Analysts said the move reflected growing concern in {cap} about instability along its southern frontier.",
    "Officials in {city} declined to comment on the report when contacted by telephone.",
    "The announcement came after weeks of talks between the two governments, diplomats said.",
    "Residents described long queues at checkpoints and rising prices in local markets.",
    "Critics of the government say the figures are hard to verify independently.",
    "The ministry said in a statement that the situation was under control.",
    "Observers expect the issue to dominate the next regional summit.",
    "Opposition groups accused the authorities of playing down the scale of the problem.",
    "The deal still needs to be ratified by parliament, a spokesman for the ministry said.",
    "Western diplomats have urged restraint and called for an independent investigation.",
    "Local media reported that the road to {city} was closed for several hours.",
    "The region has seen sporadic unrest since the end of the civil war in the 1990s.",
]

CLAIMS = [
    "{c1} keeps about {troops:,} troops in {c2}, according to the defence ministry.",
    "Some {troops:,} {demo} servicemen are stationed at bases near {city}.",
    "Fighting in {city} left {dead} people dead, local officials said.",
    "At least {dead} people were killed in clashes near {city} on {weekday}.",
    "More than {dead} people died when the violence spread to the outskirts of {city}.",
    "{c1} will give {c2} {money} for border security, the government said.",
    "{c1} has pledged {money} in aid to {c2} over the next three years.",
    "Trade between {c1} and {c2} reached {money} last year, officials said.",
    "{b1} shares a {km:,}-km border with {b2}.",
    "The border between {b1} and {b2} is about {km:,} km long.",
    "Police detained {det} people in {city} after the protests.",
    "Nearly {refugees:,} refugees have crossed into {c2} since the start of the year.",
    "Some {pct}% of the defence budget goes to salaries, the finance ministry said.",
    "The road from {city} to {city2} is {road} km long.",
]

MEMBERSHIP = [
    "The {bloc}, which includes {members}, held its annual meeting in {city} on {weekday}.",
    "{first} dominates the {bloc}, which also includes {rest}.",
    "Members of the {bloc} are {members}.",
]

DEMONYMS = {"Russia": "Russian", "Tajikistan": "Tajik", "Kazakhstan": "Kazakh",
            "Kyrgyzstan": "Kyrgyz", "Uzbekistan": "Uzbek", "China": "Chinese", "Armenia": "Armenian",
            "Belarus": "Belarusian", "Afghanistan": "Afghan", "Iran": "Iranian", "Turkey": "Turkish"}


def _known_names() -> set[str] | None:
    """Canonical names and aliases in the registry, or None when it cannot be read."""
    try:
        from factdb.registry import load_registry

        reg = load_registry(str(REGISTRY))
    except Exception:  # noqa: BLE001 - the corpus works without the registry
        return None
    names = set()
    for e in reg.entities:
        names.add(e.name)
        names.update(a.alias for a in e.aliases)
    return names


def _vocabulary() -> dict:
    known = _known_names()

    def keep(xs):
        return [x for x in xs if known is None or x in known] or list(xs)

    blocs = {b: keep(m) for b, m in BLOCS.items() if known is None or b in known}
    return {"countries": keep(COUNTRIES), "cities": keep(CITIES), "blocs": blocs or BLOCS}


def _join(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _money(rng: random.Random) -> str:
    sign, scale, unit = rng.choice(CURRENCIES)
    n = rng.choice([2, 5, 8, 12, 15, 20, 35, 50, 70, 120, 250, 400])
    hedge = rng.choice(["", "", "about ", "more than ", "up to "])
    return f"{hedge}{sign}{n} {scale}{unit}"


def _claim_sentence(rng: random.Random, voc: dict) -> str:
    c1, c2 = rng.sample(voc["countries"], 2)
    b1, b2, km = rng.choice(NEIGHBOURS)
    city, city2 = rng.sample(voc["cities"], 2)
    return rng.choice(CLAIMS).format(
        c1=c1, c2=c2, b1=b1, b2=b2, km=km + rng.choice([0, 0, 6, -4]), city=city, city2=city2,
        troops=rng.choice([500, 1500, 2000, 5000, 6000, 7000, 7500, 16000]),
        demo=DEMONYMS.get(c1, "Russian"), dead=rng.randint(3, 120), weekday=rng.choice(WEEKDAYS),
        money=_money(rng), det=rng.randint(10, 400), refugees=rng.randint(2, 90) * 100,
        pct=rng.randint(5, 40), road=rng.randint(80, 900),
    )


def _membership_sentence(rng: random.Random, voc: dict) -> str:
    bloc = rng.choice(sorted(voc["blocs"]))
    members = voc["blocs"][bloc]
    return rng.choice(MEMBERSHIP).format(
        bloc=bloc, members=_join(members), first=members[0], rest=_join(members[1:]),
        city=rng.choice(voc["cities"]), weekday=rng.choice(WEEKDAYS),
    )


def _filler(rng: random.Random, voc: dict) -> str:
    return rng.choice(FILLER).format(cap=rng.choice(voc["cities"]), city=rng.choice(voc["cities"]))


def make_article(i: int, seed: int = 0, voc: dict | None = None) -> tuple[str, str]:
    """(file name, text) of article ``i``; depends only on (i, seed)."""
    voc = voc or _vocabulary()
    rng = random.Random(f"{seed}:{i}")
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365))
    c1, c2 = rng.sample(voc["countries"], 2)
    title = rng.choice([f"{c1} steps up security cooperation with {c2}",
                        f"Clashes near the {c1} border raise fears in {c2}",
                        f"{c1} and {c2} agree new aid package",
                        f"Regional bloc meets as tensions rise in {c2}"])
    date_line = rng.choice([f"{MONTHS[day.month - 1]} {day.day}, {day.year}", day.isoformat()])
    outlet = rng.choice(OUTLETS)
    n_claims = rng.randint(5, 10)
    sentences = [_claim_sentence(rng, voc) for _ in range(n_claims - 1)]
    sentences.append(_membership_sentence(rng, voc))
    paragraphs = []
    while sentences:
        para = [sentences.pop(0)]
        para += [_filler(rng, voc) for _ in range(rng.randint(3, 5))]
        rng.shuffle(para)
        paragraphs.append(" ".join(para))
    paragraphs.append(f"Reference {seed:x}{i:07x}{rng.getrandbits(32):08x} filed from {rng.choice(voc['cities'])}.")
    md = i % 5 == 4
    head = [f"# {title}" if md else title, date_line, f"**{outlet}**" if md else outlet]
    text = "\n\n".join(head + paragraphs) + "\n"
    return f"{i:06d}.{'md' if md else 'txt'}", text


def write_corpus(out: str | os.PathLike, size: int, seed: int = 0) -> list[str]:
    """Write articles 0..size-1 into ``out`` (created); returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    voc = _vocabulary()
    paths = []
    for i in range(size):
        name, text = make_article(i, seed, voc)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--out", required=True, help="folder to write into")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.size, args.seed)
    total = sum(os.path.getsize(p) for p in paths)
    print(f"wrote {len(paths)} articles ({total / 1e6:.1f} MB) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
