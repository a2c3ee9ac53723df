"""A red flag at check-in, then every way back to a walk the same day, in a real terminal (tmux).

Issue #10: Enter on Home, Esc then Enter, the command palette, a second `stride walk` and
`stride log` are all refused; nothing but the red-flag session is saved.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from tests.ui.test_terminal_e2e import STRIDE, Terminal, terminal  # noqa: F401

TODAY = "2026-03-18"


def settled(term: Terminal, seconds: float = 1.0) -> str:
    """The screen after the app had time to react (a refusal shows nothing new)."""
    time.sleep(seconds)
    return term.screen()


def exit_status(term: Terminal, timeout: float = 15.0) -> int | None:
    end = time.monotonic() + timeout
    while term.status()[1] is None and time.monotonic() < end:
        time.sleep(0.05)
    return term.status()[1]


def test_a_red_flag_at_check_in_then_every_way_back_to_a_walk_is_refused(
    terminal: Terminal, _private_data_dir: Path  # noqa: F811
) -> None:
    env = {**os.environ, "STRIDE_DATA_DIR": str(_private_data_dir), "STRIDE_TODAY": TODAY}
    subprocess.run([STRIDE, "profile", "--start-date", "2026-03-02"], env=env, check=True,
                   capture_output=True)
    terminal.start("--mute", "--no-notify", env={"STRIDE_TODAY": TODAY})
    terminal.wait_for("Start walk")
    time.sleep(0.3)  # let the app finish its start-up exchange with the terminal
    terminal.keys("Enter")
    terminal.wait_for("Before you walk")
    terminal.keys("y")  # new numbness in a leg: the advice at once, no Enter needed
    screen = terminal.wait_for("get medical care today")
    assert "Do not walk" in screen
    terminal.wait_for("saved in your history")

    terminal.keys("Escape")  # back to Home
    screen = terminal.wait_for("No walk today")
    assert "medical care today" in screen
    terminal.keys("Enter")  # Enter on Home
    screen = settled(terminal)
    assert "Before you walk" not in screen and "No walk today" in screen
    terminal.keys("s")
    screen = settled(terminal)
    assert "Before you walk" not in screen
    terminal.keys("C-p")  # the command palette's "Start today's walk"
    time.sleep(0.5)
    for key in "Start today":
        terminal.keys(key if key != " " else "Space")
    time.sleep(0.5)
    terminal.keys("Enter")
    screen = settled(terminal)
    assert "Before you walk" not in screen
    terminal.keys("Escape")
    terminal.wait_for("No walk today")
    settled(terminal, 0.5)
    terminal.keys("q")
    assert exit_status(terminal) == 0, terminal.screen()

    # A second `stride walk` the same day: the reason, exit status 2, no app.
    second = Terminal(terminal.data_dir)
    try:
        second.start("--mute", "--no-notify", "walk", env={"STRIDE_TODAY": TODAY})
        assert exit_status(second) == 2
        # Joined (-J) and with the scrollback (-S -): the one-line message is longer than the pane.
        shown = second.tmux("capture-pane", "-t", "app", "-p", "-J", "-S", "-")
        assert "no walk today" in shown and "medical care today" in shown
    finally:
        second.close()

    logged = subprocess.run([STRIDE, "log", "--minutes", "20"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert logged.returncode == 2
    assert "not logged" in logged.stderr and "leg numbness" in logged.stderr

    history = json.loads(subprocess.run([STRIDE, "history", "--json"], env=env, check=True,
                                        capture_output=True, text=True).stdout)
    assert [(s["status"], s["red_flags"], s["pain_before"]) for s in history] == [
        ("red-flag", ["leg-numbness"], None)
    ]
