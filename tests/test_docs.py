"""The README documents every command, and its examples are real commands."""

from __future__ import annotations

import re
import shlex

import click
import pytest

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


def _parse_strictly(args: list[str]) -> click.Context:
    """Parse a command line down to its leaf command, as click would run it, without running it.

    An unknown command, option or choice, or a missing argument raises a
    click.UsageError, so a README example with a typo fails this test.
    """
    ctx = cli.make_context("factdb", list(args))
    group, rest = cli, ctx.protected_args + ctx.args
    while isinstance(group, click.Group):
        name, cmd, rest = group.resolve_command(ctx, rest)
        ctx = cmd.make_context(name, list(rest), parent=ctx)
        group, rest = cmd, ctx.protected_args + ctx.args if isinstance(cmd, click.Group) else []
    return ctx


def _examples(text: str) -> list[str]:
    return re.findall(r"^\$ (factdb .+)$", text, re.M)


def test_readme_examples_parse_as_real_commands():
    examples = _examples(README)
    assert len(examples) >= 10
    for line in examples:
        _parse_strictly(shlex.split(line)[1:])


@pytest.mark.parametrize("line", [
    "factdb claims --proprety fatalities",       # misspelled option
    "factdb members CSTO --as-of 2015-13",       # bad date
    "factdb nosuchcommand",
    "factdb db upgrayde",
    "factdb export claims --format xml -o x",    # bad choice
])
def test_the_strict_parser_catches_typos(line):
    with pytest.raises(click.UsageError):
        _parse_strictly(shlex.split(line)[1:])


def test_the_two_fresh_machine_commands_are_there():
    assert "pip install -e . && factdb load seeds/" in README
    assert "pip install -e '.[test,web,arrow]' && python -m pytest -n 2 -q" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test,web,arrow]'" in ci and "python -m pytest -n 2 -q" in ci
