"""Shared pieces of the benchmark harness: figures, timing, subprocesses, the report.

Every figure is a measurement beside a baseline measured in the same run
(these machines are shared and noisy), with the ratio and, where the issue
sets one, the target. ``render_table`` prints them; ``render_markdown`` writes
``docs/benchmarks.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Figure:
    """One measured figure and its in-run baseline."""

    section: str
    name: str
    value: float
    unit: str
    baseline_name: str = ""
    baseline: float | None = None
    higher_is_better: bool = True
    target: float | None = None  # on the ratio value/baseline
    target_text: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0) or self.value is None:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        r = self.ratio
        if self.target is None or r is None:
            return None
        return r >= self.target if self.higher_is_better else r <= self.target


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    command: str = ""

    def add(self, fig: Figure) -> Figure:
        self.figures.append(fig)
        print(f"  {fig.section} | {fig.name}: {fmt(fig.value)} {fig.unit}"
              + (f" vs {fmt(fig.baseline)} ({fig.baseline_name}) ratio {fmt(fig.ratio)}" if fig.baseline is not None else ""),
              file=sys.stderr, flush=True)
        return fig


def fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    ax = abs(x)
    if ax >= 1000:
        return f"{x:,.0f}"
    if ax >= 100:
        return f"{x:.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    if ax >= 0.1:
        return f"{x:.2f}"
    return f"{x:.3g}"


# ---------------------------------------------------------------- timing


def best_of(fn, repeat: int = 3) -> float:
    """Smallest wall time of ``repeat`` calls (seconds)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def latencies(fn, n: int, warmup: int = 2) -> list[float]:
    """Wall times (seconds) of ``n`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def p50(xs: list[float]) -> float:
    return statistics.median(xs)


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def run_child(code: str, *args: str, timeout: float = 3600) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object last.

    The child's own peak RSS (``getrusage(RUSAGE_SELF).ru_maxrss``, KiB on
    Linux) is added as ``peak_rss_mb``, so figures are per process and do not
    mix with earlier children.
    """
    wrapper = (
        "import json, resource, sys\n"
        f"sys.argv = ['child', *{list(args)!r}]\n"
        "_out = {}\n"
        + code
        + "\n_out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps(_out))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([PYTHON, "-c", wrapper], capture_output=True, text=True, env=env,
                          timeout=timeout, cwd=str(REPO))
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def process_wall(argv: list[str], repeat: int = 5) -> float:
    """Median wall time (s) of running ``argv`` as a whole process."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, env=env, cwd=str(REPO))
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise RuntimeError(f"{argv} failed: {proc.stderr.decode()[-2000:]}")
    return statistics.median(times)


def fresh(url: str) -> str:
    """Remove a SQLite file (and its WAL) left by an earlier run in the same workdir."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    return url


# ---------------------------------------------------------------- machine


def machine_info(pg_url: str | None = None) -> dict:
    import sqlite3

    import sqlalchemy

    info = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_name(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "platform": platform.platform(),
    }
    for mod in ("psycopg", "pandas", "pyarrow", "adbc_driver_sqlite"):
        try:
            m = __import__(mod)
            info[mod] = getattr(m, "__version__", "?")
        except ImportError:
            info[mod] = "not installed"
    if pg_url:
        try:
            import sqlalchemy as sa

            eng = sa.create_engine(pg_url)
            with eng.connect() as conn:
                info["postgres"] = conn.exec_driver_sql("SHOW server_version").scalar()
            eng.dispose()
        except Exception as exc:  # noqa: BLE001
            info["postgres"] = f"unreachable ({exc.__class__.__name__})"
    return info


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        import psutil

        return round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        return None


# ---------------------------------------------------------------- output

HEADER = ["section", "figure", "value", "unit", "baseline", "baseline value", "ratio", "target", "met"]


def _row(f: Figure) -> list[str]:
    met = {True: "yes", False: "NO", None: ""}[f.met]
    return [f.section, f.name, fmt(f.value), f.unit, f.baseline_name, fmt(f.baseline),
            fmt(f.ratio) + ("x" if f.ratio is not None else ""), f.target_text, met]


def render_table(report: Report) -> str:
    rows = [HEADER] + [_row(f) for f in report.figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_markdown(report: Report, info: dict, extra: str = "") -> str:
    out = ["# factdb benchmarks", "",
           "Generated by `python -m benchmarks` (see `benchmarks/`). Every figure is measured"
           " beside a baseline in the same run; the ratio is figure / baseline.", "",
           "Reproduce with:", "", "```", report.command, "```", "", "## Machine", ""]
    for k, v in info.items():
        out.append(f"- {k}: {v}")
    out += ["", "## Figures", "", "| " + " | ".join(HEADER) + " |",
            "|" + "---|" * len(HEADER)]
    for f in report.figures:
        out.append("| " + " | ".join(c.replace("|", "/") for c in _row(f)) + " |")
    notes = [f"- **{f.section} / {f.name}**: {f.note}" for f in report.figures if f.note]
    if notes or report.notes:
        out += ["", "## Notes", ""] + report.notes + notes
    if extra:
        out += ["", extra]
    return "\n".join(out) + "\n"
