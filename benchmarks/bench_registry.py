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
    from factdb.curated import layers
    from factdb.extract.mentions import MentionFinder
    from factdb.registry import load_registry

    registry = str(REPO / "seeds" / "registry.yml")
    bodies = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    text = "\n\n".join(bodies)
    text = text * max(1, 1_000_000 // len(text))
    rows = []
    for world in (False, True):
        layers._CACHE.clear()
        t = time.perf_counter()
        reg = load_registry(registry, world=world)
        cold = time.perf_counter() - t

        def parse(world=world):
            layers._CACHE.clear()  # measure the full parse, not the in-process cache
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


def main() -> int:
    head = ("registry", "entities / keys", "first load s", "load s", "automaton ms", "find MB/s (1 MB of seeds)")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for row in measure():
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
