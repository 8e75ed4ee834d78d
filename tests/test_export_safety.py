"""`factdb export -o` writes only its own file, atomically, and never replaces what is not a file."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import pytest


def _rows(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_replaces_a_regular_file_atomically_keeping_its_mode(seeded_cli, tmp_path):
    out = tmp_path / "claims.csv"
    out.write_text("old\n")
    out.chmod(0o640)
    result = seeded_cli("export", "claims", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(_rows(out)) > 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]  # no temporary left


def test_writes_through_a_symlink(seeded_cli, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = seeded_cli("export", "claims", "--format", "csv", "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(_rows(real)) > 0


def test_a_users_part_file_is_left_alone(seeded_cli, tmp_path):
    part = tmp_path / "claims.csv.part"
    part.write_text("mine\n")
    assert seeded_cli("export", "claims", "--format", "csv", "-o", str(tmp_path / "claims.csv")).exit_code == 0
    assert part.read_text() == "mine\n"


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_refuses_what_is_not_a_regular_file(seeded_cli, tmp_path, kind):
    if kind == "folder":
        target = tmp_path / "afolder"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = "/dev/null"
        before = os.stat(target)
    result = seeded_cli("export", "claims", "--format", "csv", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    if kind == "device":
        after = os.stat(target)
        assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    elif kind == "fifo":
        assert stat.S_ISFIFO(os.stat(target).st_mode)
    else:
        assert list(target.iterdir()) == []
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_missing_folder_is_a_clear_error(seeded_cli, tmp_path):
    result = seeded_cli("export", "claims", "--format", "csv", "-o", str(tmp_path / "nodir" / "x.csv"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.output


def test_dash_writes_to_standard_output(seeded_cli):
    result = seeded_cli("export", "outlets", "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {"id", "name"} <= set(rows[0])
    result = seeded_cli("export", "outlets", "--format", "csv", "-o", "-")
    assert list(csv.DictReader(io.StringIO(result.stdout)))[0].keys() >= {"id", "name"}


def test_a_failed_export_leaves_the_old_file(seeded_cli, tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old\n")
    result = seeded_cli("export", "no_such_table", "--format", "csv", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]
