"""The performance harness runs, end to end, on tiny inputs (no figure is checked against a
target here: benchmarks are never timed assertions). ``python -m benchmarks`` does the real run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.runner import OPTIONAL, SECTIONS, Settings, analyse_walk, run
from tests.conftest import REQUIRE_SYSTEM

ROOT = Path(__file__).resolve().parents[1]


def test_every_section_runs_on_tiny_inputs(tmp_path: Path) -> None:
    settings = Settings.smoke()
    missing = {"tmux": ("startup", "walk"), "dbus-daemon": ("cues",)}
    for tool, sections in missing.items():
        if shutil.which(tool) is None:
            if REQUIRE_SYSTEM:  # CI: the real terminal and bus are part of the harness
                pytest.fail(f"required system part missing: {tool}")
            settings.sections = tuple(s for s in settings.sections if s not in sections)
    output = tmp_path / "results.md"
    lines: list[str] = []

    sections = run(settings, output, log=lines.append)

    failed = {s.title: s.error for s in sections if s.error}
    assert not failed, failed
    ran = {s.name for s in sections}
    assert ran == {s for s in settings.sections if s not in OPTIONAL} | (
        ran & set(OPTIONAL))  # an optional section runs only when its module exists
    assert all(s.rows for s in sections)
    text = output.read_text()
    for field in ("**CPU**", "**Cores**", "**Python**", "**Textual**", "**Date**",
                  "## What the figures say", "## The data"):
        assert field in text
    figures = ["Start-up to Home, headless", "End-of-walk save, first in a fresh process",
               "UI stall during the first save", "UI stall while Home is read again",
               "`stride plan --json`",
               "`stride progress --json`", "`stride log --minutes 20`",
               "`stride history --json`, 30 sessions: first line", "Checkpoint write"]
    if "startup" in ran:
        figures += ["Start-up to Home with its data, tmux, 0 sessions",
                    "Start-up to Home with its data, tmux, 30 sessions",
                    "Peak memory on Home, 30 sessions"]
    if "walk" in ran:
        figures += ["CPU on the walk screen", "Terminal output of the walk screen"]
    if "cues" in ran:
        figures += ["Cue lateness, 1-min walk with alerts on, 30 sessions"]
    for figure in figures:
        assert figure in text, figure
    assert "Stride" in "\n".join(lines)  # the table went to the log too


def test_the_stores_hold_what_the_app_saves(tmp_path: Path) -> None:
    from datetime import date

    from benchmarks.data import Walks, build_history_dir, describe, engine_walk
    from stride_tui.store import Store

    day = date(2026, 3, 2)
    walk = describe(Walks(day).day(day, 1))
    assert walk["cues"] == len(engine_walk(day).cues) == 20
    assert walk["pain_checks"] == 1 and walk["strength"] and walk["cool_down"]
    assert 2000 <= walk["bytes"] <= 3000
    data = build_history_dir(tmp_path / "data", day, 40)
    with Store.open(data, readonly=True) as store:
        assert store.session_count() == 40
        assert {d.day for d in store.digests()} == {
            date.fromordinal(day.toordinal() - k) for k in range(1, 41)}
        newest = store.recent_sessions(1)[0]
    assert newest.day_after is not None  # Home opens on Home, not on the next-day question
    assert (data / "index").is_dir() and (data / "sessions").is_dir()


def test_walk_analysis_measures_lateness_from_the_anchor() -> None:
    # A 4-second walk at time scale 2 (clock seconds since the anchor, as the child records):
    # ticks 10 ms (clock) late, a cue at 2 s delivered 20 ms (clock) late, the end 4 ms late.
    report = {
        "scale": 2.0,
        "walk_seconds": 4,
        "cues": [[2, "halfway"]],
        "deliveries": [
            [1.010, [], []],
            [2.020, ["CueFired"], [2]],
            [2.9995, [], []],  # woke just before the second: counted, not taken as its tick
            [3.010, [], []],
            [4.004, ["WalkEnded", "PhaseChanged"], []],
        ],
    }
    result = analyse_walk(report)
    assert result["cue_late"] == pytest.approx([0.010])
    assert result["end"] == pytest.approx(0.002)
    assert result["ticks"] == pytest.approx([0.005, 0.010, 0.005, 0.002])
    assert result["early_wakeups"] == 1
    assert result["expected_cues"] == 1


def test_the_command_line_lists_its_sections() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=60)
    assert "--quick" in done.stdout
    assert set(SECTIONS) == {"startup", "headless", "save", "stall", "commands", "walk", "cues",
                             "store", "alerts", "treadmill", "companion"}


def test_optional_sections_run_when_their_module_exists(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks import runner
    from benchmarks.report import Row

    package = tmp_path / "extra"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fake_load.py").write_text(
        '"""A stand-in for treadmill_load."""\n'
        "from benchmarks.report import Row\n"
        "def run(quick, scratch):\n"
        "    assert quick and scratch.is_dir()\n"
        "    return [Row('Fake figure', '1 ms', target='(for information)')]\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(runner, "OPTIONAL", {"treadmill": "extra.fake_load",
                                             "companion": "extra.not_there"})
    settings = Settings.smoke()
    settings.stores = (0,)
    settings.sections = ("treadmill", "companion")

    sections = run(settings, tmp_path / "results.md", log=lambda _: None)

    assert [s.name for s in sections] == ["treadmill"]  # the missing one is skipped silently
    assert sections[0].rows == [Row("Fake figure", "1 ms", target="(for information)")]
    assert "Fake figure" in (tmp_path / "results.md").read_text()
