"""The README documents every command, and its examples are real commands."""

from __future__ import annotations

import re
import shlex

import click

from conftest import REPO
from factdb.cli import cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
        else:
            out.append(full)
    return out


def test_every_command_is_in_the_readme():
    missing = [c for c in _commands(cli)
               if f"factdb {c}" not in README and f"`{c} " not in README and f"`{c}`" not in README]
    assert missing == []


def test_readme_examples_parse_as_real_commands():
    examples = re.findall(r"^\$ (factdb .+)$", README, re.M)
    assert len(examples) >= 10
    for line in examples:
        args = shlex.split(line)[1:]
        ctx = cli.make_context("factdb", list(args), resilient_parsing=True)
        assert ctx is not None


def test_the_two_fresh_machine_commands_are_there():
    assert "pip install -e . && factdb load seeds/" in README
    assert "pip install -e '.[test,web,arrow]' && python -m pytest -n 2 -q" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test,web,arrow]'" in ci and "python -m pytest -n 2 -q" in ci
