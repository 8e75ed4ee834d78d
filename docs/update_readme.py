"""Refresh the real output of every example in README.md and docs/sql.md.

Each example is a fenced block opened by a marker comment:

    <!-- example -->
    ```console
    $ factdb claims --property fatalities
    ...output, replaced by this script...
    ```

The script loads the seeds into a fresh SQLite file in a temporary folder
(with ``docs/examples/`` copied there as ``pages/``), runs every ``$ `` command there (``factdb`` is this checkout's CLI), and
writes the output back. Run it from the project root:

    python docs/update_readme.py [FILE...]

Without arguments it also redraws the pictures in ``PICTURES`` (the timeline chart).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"(<!-- example -->\n```console\n)(.*?)(```)", re.S)
WIDTH = 110


def run(command: str, cwd: Path) -> str:
    args = shlex.split(command)
    if args[0] == "factdb":
        args = [sys.executable, "-c", "from factdb.cli import main; main()", *args[1:]]
    env = {**os.environ, "COLUMNS": str(WIDTH), "FACTDB_URL": ""}
    env.pop("FACTDB_URL")
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    out = proc.stdout + proc.stderr
    # tables are fitted to COLUMNS by factdb itself; CSV and JSON are shown whole
    return "\n".join(ln.rstrip() for ln in out.rstrip("\n").splitlines())


def refresh_file(path: Path) -> None:
    """Run one file's examples in a fresh folder with a copy of the seeds."""
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "docs" / "examples", work / "pages")  # saved web pages
        if "$ factdb load seeds/" not in text:
            run("factdb load seeds/", work)

        def refresh(m: re.Match) -> str:
            commands = [ln[2:] for ln in m.group(2).splitlines() if ln.startswith("$ ")]
            parts = [f"$ {cmd}\n{run(cmd, work)}".rstrip() + "\n" for cmd in commands]
            return m.group(1) + "".join(parts) + m.group(3)

        path.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


# Pictures in the docs, drawn from real data: (file, folders loaded, command run with --plot FILE).
PICTURES = [
    ("docs/timeline.png", ["seeds", "benchmarks/eval/articles/dev"],
     ["timeline", "Tajik-Afghan border", "border_length"]),
]


def refresh_pictures() -> None:
    """Load each picture's folders into a fresh database and draw it."""
    for target, folders, command in PICTURES:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'pictures.sqlite'}"
            for args in (["load", *(str(ROOT / f) for f in folders)], [*command, "--plot", str(ROOT / target)]):
                proc = subprocess.run([sys.executable, "-c", "from factdb.cli import main; main()", "--db", url, *args],
                                      cwd=tmp, capture_output=True, text=True)
                if proc.returncode:
                    raise SystemExit(proc.stderr)


def main(files: list[str]) -> None:
    for name in files:
        refresh_file(ROOT / name)
    if files == ["README.md", "docs/sql.md"]:
        refresh_pictures()


if __name__ == "__main__":
    main(sys.argv[1:] or ["README.md", "docs/sql.md"])
