"""``python -m benchmarks.bench_registry``: the cost of the world layer.

Times, best of five runs in one process each after a cold first run: parsing
the registry (curated ``seeds/registry.yml`` alone, and laid over the world
layer), building the Aho-Corasick automaton, and finding mentions in the seed
articles repeated to ~1 MB. Prints a Markdown table (figures in docs/entities.md).
"""

from __future__ import annotations

import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure() -> list[tuple[str, str, str, str, str, str]]:
    from factdb import registry as registry_module
    from factdb.extract.mentions import MentionFinder
    from factdb.registry import load_registry

    registry = str(REPO / "seeds" / "registry.yml")
    bodies = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    text = "\n\n".join(bodies)
    text = text * max(1, 1_000_000 // len(text))
    rows = []
    for world in (False, True):
        registry_module.clear_world_cache()
        t = time.perf_counter()
        reg = load_registry(registry, world=world)
        cold = time.perf_counter() - t

        def parse(world=world):
            registry_module.clear_world_cache()  # measure the full parse, not the in-process cache
            load_registry(registry, world=world)

        warm = _best(parse)
        automaton = _best(lambda reg=reg: MentionFinder(reg))
        finder = MentionFinder(reg)
        found = _best(lambda: finder.find(text), repeat=3)
        rows.append((
            "curated only" if not world else "world + curated",
            f"{len(reg)} / {len(reg.by_key)}",
            f"{cold:.3f}", f"{warm:.3f}", f"{automaton * 1000:.1f}",
            f"{len(text) / 1e6 / found:.2f} ({len(finder.find(text)):,} mentions)",
        ))
    return rows


def bench(report) -> None:
    """The registry figures in ``python -m benchmarks``: what the world layer adds to a load."""
    from .harness import Figure

    rows = {r[0]: r for r in measure()}
    curated, world = rows["curated only"], rows["world + curated"]
    added = float(world[3]) - float(curated[3]) + (float(world[4]) - float(curated[4])) / 1000
    report.add(Figure("registry", "load the registry and build the automaton, world layer included", float(world[3]) + float(world[4]) / 1000, "s",
                      "curated registry alone", float(curated[3]) + float(curated[4]) / 1000, higher_is_better=False,
                      note=f"adds {added:.3f} s per load (target <= 0.5 s); entities / alias keys {world[1]} vs {curated[1]}"))
    report.add(Figure("registry", "find mentions, world layer included", float(world[5].split()[0]), "MB/s",
                      "curated registry alone", float(curated[5].split()[0]), target=0.8, target_text=">= 0.8x"))


def main() -> int:
    head = ("registry", "entities / keys", "first load s", "load s", "automaton ms", "find MB/s (1 MB of seeds)")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in measure():
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
