"""The installed `stride` command in a real terminal (tmux), from Home to a saved session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need_commands
from tests.resilience.terminal import pane_status

STRIDE = str(Path(sys.executable).parent / "stride")


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True
        ).stdout

    def start(self, command: str, width: int = 100, height: int = 30) -> None:
        self.tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height),
                  ";", "set-option", "-t", "app", "remain-on-exit", "on",
                  ";", "respawn-pane", "-k", "-t", "app", command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "app", "-p")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            time.sleep(0.05)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def dead(self) -> tuple[bool, int | None]:
        """(dead, exit status): the status is None until known."""
        return pane_status(self.socket)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    need_commands("tmux")
    term = Terminal(f"stride-e2e-{uuid.uuid4().hex[:8]}")
    try:
        yield term
    finally:
        subprocess.run(["tmux", "-L", term.socket, "kill-server"], capture_output=True)


def test_home_to_summary_in_a_real_terminal(terminal: Terminal, _private_data_dir: Path) -> None:
    env = {**os.environ, "STRIDE_DATA_DIR": str(_private_data_dir)}
    subprocess.run([STRIDE, "profile", "--start-date", "2026-03-02"], env=env, check=True,
                   capture_output=True)
    terminal.start(
        f"env STRIDE_DATA_DIR={_private_data_dir} STRIDE_TODAY=2026-03-04 "
        f"{STRIDE} --mute --no-notify --time-scale 60 walk --minutes 1"
    )
    screen = terminal.wait_for("Before you walk")
    assert "numbness" in screen
    time.sleep(0.3)  # let the app finish its start-up exchange with the terminal
    terminal.keys("n", "n", "n", "n", "2", "Enter")
    terminal.wait_for("Warm-up")
    terminal.keys("S")  # skip the warm-up: it has its own tests
    terminal.wait_for("walked")
    screen = terminal.wait_for("How is your back now?", timeout=30)
    assert "Walk done" in screen and "1:00 walked" in screen
    terminal.keys("1", "Enter")
    screen = terminal.screen()
    if "Strength" in screen:
        terminal.keys("S")
    screen = terminal.wait_for("Saved to your history")
    assert "Pain fell from 2 to 1" in screen
    terminal.keys("Enter")
    terminal.wait_for("Today")
    terminal.keys("q")
    end = time.monotonic() + 10
    while terminal.dead()[1] is None and time.monotonic() < end:
        time.sleep(0.05)
    assert terminal.dead() == (True, 0)

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
    terminal.start(f"env STRIDE_DATA_DIR={_private_data_dir} {STRIDE} --mute --no-notify")
    terminal.wait_for("Today")
    second = subprocess.run([STRIDE, "log", "--minutes", "10"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert second.returncode != 0
    assert "already running" in second.stderr and "pid" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
