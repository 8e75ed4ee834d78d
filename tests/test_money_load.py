"""USD normalisation through real loads: ECB history, rates stated in articles, and no guesses."""

from __future__ import annotations

import json


def _money(run_cli):
    rows = json.loads(run_cli("claims", "--property", "monetary_amount", "--format", "json").stdout)
    return {(r["value"], r["unit"]): r for r in rows}


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_ecb_rate_on_the_day_and_none_without_a_day(run_cli, tmp_path):
    _write(tmp_path, "a.md", "---\npublished: 2019-06-12\n---\n# Aid\n\nRussia will give Kyrgyzstan 5 billion rubles.\n")
    _write(tmp_path, "b.md", "---\npublished: 2019-06\n---\n# Aid\n\nRussia will give Armenia 6 billion rubles.\n")
    assert run_cli("load", str(tmp_path)).exit_code == 0
    money = _money(run_cli)
    day = money[(5e9, "RUB")]
    assert day["rate_source"] == "ecb" and 60 < day["rate"] < 70
    assert abs(day["normalized_value"] - 5e9 / day["rate"]) < 1
    month = money[(6e9, "RUB")]
    assert month["normalized_value"] is None and month["rate_source"] is None


def test_roubles_after_ecb_stopped_need_a_stated_rate(run_cli, tmp_path):
    _write(tmp_path, "no_rate.md",
           "---\npublished: 2023-05-03\n---\n# Loan\n\nRussia will lend Tajikistan 7.5 billion rubles.\n")
    _write(tmp_path, "with_rate.md",
           "---\npublished: 2023-05-04\n---\n# Rouble slides\n\nThe rouble fell to 80 per dollar on Thursday."
           " Russia will lend Kyrgyzstan 8 billion rubles.\n")
    assert run_cli("load", str(tmp_path)).exit_code == 0
    money = _money(run_cli)
    assert money[(7.5e9, "RUB")]["normalized_value"] is None  # no ECB RUB after 2022-03-01, no guess
    stated = money[(8e9, "RUB")]
    assert stated["rate"] == 80 and stated["rate_source"].startswith("claim")
    assert stated["normalized_value"] == 8e9 / 80


def test_rate_stored_earlier_serves_a_later_article(run_cli, tmp_path):
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir(), second.mkdir()
    _write(first, "rate.md", "---\npublished: 2023-05-04\n---\n# Markets\n\nThe rouble traded at 79 per dollar on Thursday.\n")
    assert run_cli("load", str(first)).exit_code == 0
    _write(second, "aid.md", "---\npublished: 2023-05-05\n---\n# Aid\n\nRussia will give Armenia 3.95 billion rubles.\n")
    assert run_cli("load", str(second)).exit_code == 0
    aid = _money(run_cli)[(3.95e9, "RUB")]
    assert aid["rate"] == 79 and aid["rate_source"].startswith("claim:")
    assert aid["normalized_value"] == 3.95e9 / 79
