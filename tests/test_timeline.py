"""`factdb timeline SUBJECT PROPERTY [--plot FILE]`: every source over time, the answer band, the chart."""

from __future__ import annotations

import json

import pytest


def test_timeline_lists_every_source_and_the_band(seeded_cli):
    out = seeded_cli("timeline", "201st base", "troop_count")
    assert out.exit_code == 0, out.output
    assert "6,000 person (consensus)" in out.stdout and "sources (2)" in out.stdout
    record = json.loads(seeded_cli("timeline", "201st base", "troop_count", "--format", "json").stdout)
    assert [c["supports"] for c in record["claims"]] == [True, True]
    assert record["bands"][0]["answer"] == "6,000 person" and record["unit"] == "person"
    csv = seeded_cli("timeline", "201st base", "troop_count", "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("claim_id,article_id,from,to")


def test_a_timeless_property_has_one_band(seeded_cli):
    record = json.loads(seeded_cli("timeline", "Tajik-Afghan border", "border_length", "--format", "json").stdout)
    assert record["timeless"] and len(record["bands"]) == 1 and record["bands"][0]["to"] is None
    assert {c["value"] for c in record["claims"]} == {1350}


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_draws_png_and_svg(seeded_cli, tmp_path, suffix, magic):
    pytest.importorskip("matplotlib")
    path = tmp_path / f"chart{suffix}"
    out = seeded_cli("timeline", "201st base", "troop_count", "--plot", str(path))
    assert out.exit_code == 0, out.output
    assert path.read_bytes().startswith(magic) and f"wrote {path}" in out.stderr


def test_plot_refuses_other_formats_and_says_how_to_get_matplotlib(seeded_cli, tmp_path, monkeypatch):
    bad = seeded_cli("timeline", "201st base", "troop_count", "--plot", str(tmp_path / "chart.pdf"))
    assert bad.exit_code == 1 and ".png or .svg" in bad.stderr
    import builtins

    real = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    missing = seeded_cli("timeline", "201st base", "troop_count", "--plot", str(tmp_path / "chart.png"))
    assert missing.exit_code == 1 and "pip install 'factdb[plot]'" in missing.stderr
    assert "Traceback" not in missing.output


def test_timeline_of_an_unknown_subject_suggests_names(seeded_cli):
    out = seeded_cli("timeline", "Tajikstan", "troop_count")
    assert out.exit_code == 1 and "Did you mean" in out.stderr


def test_lookups_do_not_import_matplotlib(seeded_url):
    import subprocess
    import sys

    code = ("import sys\nfrom factdb.cli import cli\ntry:\n"
            f"    cli({['--db', seeded_url, 'timeline', '201st base', 'troop_count']!r})\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "sys.exit(3 if 'matplotlib' in sys.modules else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
