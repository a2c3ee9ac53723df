"""The installed `stride` command in a real terminal (tmux), from Home to a saved session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need_commands
from tests.resilience.terminal import Terminal, check_in

STRIDE = str(Path(sys.executable).parent / "stride")


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Terminal]:
    need_commands("tmux")
    term = Terminal(data_dir)
    try:
        yield term
    finally:
        term.close()


def test_home_to_summary_in_a_real_terminal(terminal: Terminal, _private_data_dir: Path) -> None:
    env = {**os.environ, "STRIDE_DATA_DIR": str(_private_data_dir)}
    subprocess.run([STRIDE, "profile", "--start-date", "2026-03-02"], env=env, check=True,
                   capture_output=True)
    terminal.start("--mute", "--no-notify", "--time-scale", "60", "walk", "--minutes", "1",
                   env={"STRIDE_TODAY": "2026-03-04"})
    screen = terminal.wait_for("Before you walk", timeout=20)
    assert "numbness" in screen
    check_in(terminal, pain="2")
    terminal.wait_for("Warm-up", timeout=20)
    terminal.keys("S", pause=0.05)  # skip the warm-up: it has its own tests
    terminal.wait_for("walked", timeout=20)
    screen = terminal.wait_for("How is your back now?", timeout=30)
    assert "Walk done" in screen and "1:00 walked" in screen
    terminal.keys("1", "Enter", pause=0.05)
    screen = terminal.screen()
    if "Strength" in screen:
        terminal.keys("S", pause=0.05)
    screen = terminal.wait_for("Saved to your history", timeout=20)
    assert "Pain fell from 2 to 1" in screen
    terminal.keys("Enter", pause=0.05)
    terminal.wait_for("Today", timeout=20)
    terminal.keys("q", pause=0.05)
    terminal.wait_exit(10)
    assert terminal.status() == (True, 0)

    history = json.loads(subprocess.run([STRIDE, "history", "--json"], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    assert len(history) == 1
    walk = history[0]
    assert walk["status"] == "completed"
    assert walk["walked_seconds"] == 60
    assert (walk["pain_before"], walk["pain_after"]) == (2, 1)
    assert [c["kind"] for c in walk["cues"]] == ["halfway"]
    assert all(s["status"] == "skipped" for s in walk["warm_up"])


def test_a_second_stride_is_refused_with_a_message_naming_the_first(
    terminal: Terminal, _private_data_dir: Path
) -> None:
    env = {**os.environ, "STRIDE_DATA_DIR": str(_private_data_dir)}
    subprocess.run([STRIDE, "profile", "--start-date", "2026-03-02"], env=env, check=True,
                   capture_output=True)
    terminal.start("--mute", "--no-notify")
    terminal.wait_for("Today", timeout=20)
    second = subprocess.run([STRIDE, "log", "--minutes", "10"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert second.returncode != 0
    assert "already running" in second.stderr and "pid" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
