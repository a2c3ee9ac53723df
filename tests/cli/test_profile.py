"""`stride profile`: create, change one thing at a time, show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .helpers import assert_usage_error, run


def profile(*args: str) -> dict[str, Any]:
    result = run("profile", *args, "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_profile_takes_every_field_and_reads_back_the_same(data_dir: Path) -> None:
    made = profile("--start-date", "2026-03-02", "--surface", "pool",
                   "--condition", "disc-herniation", "--condition", "spinal-stenosis",
                   "--condition", "disc-herniation", "--surgery-date", "2026-01-15",
                   "--condition", "microdiscectomy",
                   "--sound", "chime", "--notifications", "off", "--units", "imperial")
    assert made == {
        "start_date": "2026-03-02",
        "surface": "pool",
        "conditions": ["disc-herniation", "microdiscectomy", "spinal-stenosis"],
        "surgery_date": "2026-01-15",
        "sound": "chime",
        "notifications": False,
        "evaluation_advised_on": None,
        "escalation_asked_on": None,
        "evaluated_on": None,
        "paused_from": None,
        "pauses": [],
        "conditions_reviewed_on": None,
        "treadmill": None,
        "units": "imperial",
    }
    assert profile() == made


def test_changing_one_field_keeps_the_others(data_dir: Path) -> None:
    first = profile("--start-date", "2026-03-02", "--surface", "outdoor",
                    "--condition", "spondylolisthesis")
    moved = profile("--start-date", "2026-03-09")
    assert moved == {**first, "start_date": "2026-03-09"}
    cleared = profile("--no-conditions")
    assert cleared == {**moved, "conditions": []}


def test_profile_text_lists_each_field(data_dir: Path) -> None:
    profile("--start-date", "2026-03-02")
    result = run("profile")
    assert result.returncode == 0
    # Each line is the field's name in a 22-wide column, a space, and its value.
    rows = {line[:22].strip(): line[23:] for line in result.stdout.splitlines()}
    assert rows["start date"] == "2026-03-02"
    assert rows["surface"] == "treadmill"
    assert rows["conditions"] == "–"
    assert rows["notifications"] == "on"
    assert len(rows) == 14


def test_profile_text_shows_values_as_their_options_take_them(data_dir: Path) -> None:
    # Not Python's spelling of them (it showed "True" and "['spinal-stenosis', ...]").
    profile("--start-date", "2026-03-02", "--condition", "spondylolisthesis",
            "--condition", "spinal-stenosis", "--notifications", "off",
            "--pause", "2026-03-10")
    profile("--resume")
    result = run("profile")
    assert result.returncode == 0, result.stderr
    rows = {line[:22].strip(): line[23:] for line in result.stdout.splitlines()}
    assert rows["conditions"] == "spinal-stenosis, spondylolisthesis"
    assert rows["notifications"] == "off"
    assert rows["paused from"] == "–"
    assert rows["pauses"].startswith("2026-03-10 to ")
    assert rows["treadmill"] == "–"


def test_showing_a_profile_that_does_not_exist_is_refused_and_writes_nothing(
    data_dir: Path,
) -> None:
    assert_usage_error(run("profile"), "no profile yet", "--start-date")
    assert not data_dir.exists()


def test_a_units_line_in_the_settings_file_is_the_units_every_command_shows(
    data_dir: Path, _private_settings_file: Path,
) -> None:
    profile("--start-date", "2026-03-02", "--units", "metric")
    _private_settings_file.parent.mkdir(parents=True)
    _private_settings_file.write_text('# mine\nunits = "mi"\ntheme = "nord"\n')
    assert profile()["units"] == "imperial"
    exported = run("export")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["profile"]["units"] == "imperial"


def test_choosing_units_on_the_profile_changes_the_settings_line_that_would_win(
    data_dir: Path, _private_settings_file: Path,
) -> None:
    profile("--start-date", "2026-03-02")
    _private_settings_file.parent.mkdir(parents=True)
    _private_settings_file.write_text('# mine\nunits = "km"   # old\n\n[keys]\nhelp = "f2"\n')
    assert profile("--units", "imperial")["units"] == "imperial"
    assert _private_settings_file.read_text() == (
        '# mine\nunits = "mi"\n\n[keys]\nhelp = "f2"\n'
    )
    assert profile()["units"] == "imperial"
    assert profile("--units", "metric")["units"] == "metric"
    assert 'units = "km"' in _private_settings_file.read_text()


def test_without_a_units_line_the_profile_alone_decides_and_no_file_is_made(
    data_dir: Path, _private_settings_file: Path,
) -> None:
    assert profile("--start-date", "2026-03-02", "--units", "imperial")["units"] == "imperial"
    assert not _private_settings_file.exists()
    _private_settings_file.parent.mkdir(parents=True)
    _private_settings_file.write_text('theme = "nord"\n')
    assert profile("--units", "metric")["units"] == "metric"
    assert _private_settings_file.read_text() == 'theme = "nord"\n'


def test_a_pause_dated_back_over_a_logged_walk_is_refused(data_dir: Path) -> None:
    profile("--start-date", "2026-03-02")
    logged = run("log", "--minutes", "10", "--date", "2026-03-05", today="2026-03-09")
    assert logged.returncode == 0, logged.stderr
    refused = run("profile", "--pause", "2026-03-04", today="2026-03-09")
    assert_usage_error(refused, "you walked on Thu 05 Mar 2026", "not on 2026-03-04")
    assert profile()["paused_from"] is None
    assert run("profile", "--pause", "2026-03-06", today="2026-03-09").returncode == 0
    assert profile()["paused_from"] == "2026-03-06"
