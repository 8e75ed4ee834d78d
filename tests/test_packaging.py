"""A plain (non-editable) install works: migrations, seeds and web metadata ship in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stdout}\n{proc.stderr}")
    (path,) = out.glob("factdb-*.whl")
    return path


def test_wheel_ships_migrations_seeds_and_web_metadata(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "factdb/migrations/env.py" in names
    assert "factdb/migrations/script.py.mako" in names
    assert any(n.startswith("factdb/migrations/versions/0001_") for n in names)
    assert "factdb/seeds/registry.yml" in names and "factdb/seeds/memberships.yml" in names
    assert sum(n.startswith("factdb/seeds/") and n.endswith(".txt") for n in names) == 5
    assert any(n.startswith("factdb/web/metadata.") for n in names)


def test_installed_copy_upgrades_a_database_away_from_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("FACTDB_URL", None)
    code = "import factdb, sys; from factdb.cli import main; assert 'site' in factdb.__file__; main()"
    work = tmp_path / "elsewhere"
    work.mkdir()
    for args in (["db", "upgrade"], ["db", "current"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    assert "(head)" in proc.stdout
    assert (work / "factdb.sqlite").exists()
