"""Stride's terminal driver (``stride_tui.ui.driver``) in a real terminal (tmux).

Its input thread must read keys exactly as Textual's does (a lone Escape included, which only a
wait can tell from the start of an arrow key's sequence), let the app quit at once, and, unlike
Textual's, not wake while nobody types. Each test runs the same small app (input_child.py) on
Stride's driver, on Textual's own (to show the test can tell them apart), and on Stride's with
Textual's key parser unusable (it must fall back to Textual's loop, keys and all).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need_commands
from tests.resilience.terminal import Terminal, wait_until
from tests.ui.scenarios import make_app

CHILD = Path(__file__).with_name("input_child.py")


class Echo:
    """The child app in a tmux pane: its screen, its report, its input thread's wakes."""

    def __init__(self, terminal: Terminal, report: Path) -> None:
        self.terminal = terminal
        self.report = report

    def ticks(self, screen: str | None = None) -> int:
        match = re.search(r"ticks (\d+)", self.terminal.screen() if screen is None else screen)
        return int(match[1]) if match else -1

    def keys_seen(self) -> str:
        match = re.search(r"keys \((.*?)\)", self.terminal.screen())
        return match[1] if match else ""

    def wait_ticks(self, n: int) -> None:
        """Wait until the app's own quarter-second timer has fired ``n`` more times."""
        start = self.ticks()
        self.terminal.wait_for(lambda screen: self.ticks(screen) >= start + n, timeout=20)

    def input_wakes(self) -> int:
        """How many times the input thread has gone to sleep and woken (the kernel's count)."""
        info: dict[str, Any] = json.loads(self.report.read_text())
        status = Path(f"/proc/{info['pid']}/task/{info['input_thread']}/status").read_text()
        match = re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M)
        assert match, status
        return int(match[1])


@pytest.fixture(params=["quiet", "stock", "fallback"])
def echo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Echo]:
    need_commands("tmux")
    terminal = Terminal(tmp_path, width=80, height=10)
    report = tmp_path / "report.json"
    terminal.run([sys.executable, str(CHILD), request.param, str(report)])
    try:
        wait_until(report.exists, 20, "the app's report")
        app = Echo(terminal, report)
        app.wait_ticks(2)  # past the terminal's answers to the app's opening queries
        yield app
    finally:
        terminal.close()


def test_the_input_thread_sleeps_while_nobody_types(echo: Echo,
                                                    request: pytest.FixtureRequest) -> None:
    before = echo.input_wakes()
    echo.wait_ticks(8)  # two seconds of the app's own time
    woken = echo.input_wakes() - before
    if request.node.callspec.params["echo"] == "quiet":
        assert woken <= 2, f"Stride's input thread woke {woken} times with no key pressed"
    else:
        # Textual's own loop (its driver's, or Stride's driver falling back to it when
        # Textual's key parser cannot be used) wakes ten times a second: what Stride's saves.
        assert woken >= 10, f"Textual's input thread woke only {woken} times in two seconds"


def test_keys_arrive_as_textual_reads_them_and_q_quits_at_once(echo: Echo) -> None:
    terminal = echo.terminal
    terminal.keys("a", pause=0)
    terminal.wait_for(lambda _: echo.keys_seen() == "a")
    # A lone Escape after a quiet spell: the thread is asleep when it comes, and must still
    # report it once Textual's escape delay has passed with nothing after it.
    echo.wait_ticks(4)
    terminal.keys("Escape", pause=0)
    terminal.wait_for(lambda _: echo.keys_seen() == "a escape")
    echo.wait_ticks(4)
    terminal.keys("Left", "F1", "Escape", "b", pause=0.3)
    terminal.wait_for(lambda _: echo.keys_seen() == "a escape left f1 escape b")
    echo.wait_ticks(4)
    terminal.keys("q", pause=0)
    assert terminal.wait_exit(10) == 0


def test_stride_runs_on_the_quiet_driver(_private_data_dir: Path) -> None:
    from stride_tui.ui.driver import QuietInputDriver

    app, _, _ = make_app(_private_data_dir)
    assert app.driver_class is QuietInputDriver


def test_stride_keeps_textual_s_driver_when_its_key_parser_has_moved(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.drivers.linux_driver import LinuxDriver

    # What a Textual without ``textual._xterm_parser`` does to ``import stride_tui.ui.driver``.
    monkeypatch.setitem(sys.modules, "stride_tui.ui.driver", None)
    app, _, _ = make_app(_private_data_dir)
    assert app.driver_class is LinuxDriver
