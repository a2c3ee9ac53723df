"""The performance harness runs, end to end, on tiny inputs (no figure is checked against a
target here: benchmarks are never timed assertions). ``python -m benchmarks`` does the real run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.runner import SECTIONS, Settings, analyse_walk, run

ROOT = Path(__file__).resolve().parents[1]


def test_every_section_runs_on_tiny_inputs(tmp_path: Path) -> None:
    settings = Settings.smoke()
    if shutil.which("tmux") is None:
        settings.sections = tuple(s for s in settings.sections if s != "tmux")
    output = tmp_path / "results.md"
    lines: list[str] = []

    sections = run(settings, output, log=lines.append)

    failed = {s.title: s.error for s in sections if s.error}
    assert not failed, failed
    assert len(sections) == len(settings.sections)
    assert all(s.rows for s in sections)
    text = output.read_text()
    for field in ("**CPU**", "**Cores**", "**Python**", "**Textual**", "**Date**"):
        assert field in text
    for figure in ("Start-up to first screen, headless", "CPU on the live walk screen",
                   "Cue lateness", "Walk end error", "Checkpoint write", "week_summary",
                   "Peak RSS, walk screen", "Peak RSS, history screen",
                   "`stride progress --json`", "longest stall"):
        assert figure in text, figure
    assert "Stride" in "\n".join(lines)  # the table went to the log too


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
    assert set(SECTIONS) == {"startup", "tmux", "memory", "store", "progress", "stall", "walk",
                             "alerts"}
