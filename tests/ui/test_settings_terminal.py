"""Settings, help and q in a real terminal (tmux), through the installed `stride` command:
F1 and ? as a terminal sends them, a bad settings file named on screen, the palette's theme
written to the file `--config` names, and q asking mid-session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import need_commands
from tests.resilience.terminal import Terminal, says

STRIDE = str(Path(sys.executable).parent / "stride")


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Terminal]:
    need_commands("tmux")
    env = {**os.environ, "STRIDE_DATA_DIR": str(data_dir)}
    subprocess.run([STRIDE, "profile", "--start-date", "2026-03-02"], env=env, check=True,
                   capture_output=True)
    term = Terminal(data_dir)
    try:
        yield term
    finally:
        term.close()


def wait_for_file(path: Path, text: str, timeout: float = 10.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists() and text in (found := path.read_text()):
            return found
        time.sleep(0.05)
    raise AssertionError(f"{path} never said {text!r}")


def test_a_bad_settings_file_is_named_on_screen_and_stride_runs(
    terminal: Terminal, tmp_path: Path,
) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text('theme = "nord"\nunits = "furlongs"\n')
    terminal.start("--mute", "--no-notify", "--config", str(bad),
                   env={"STRIDE_TODAY": "2026-03-04"})
    screen = terminal.wait_for("line 2", timeout=20)
    assert says(screen, "units must be") and says(screen, "default settings")
    terminal.wait_for("Press Enter to check in", timeout=10)
    terminal.keys("q")
    assert terminal.wait_exit(10) == 0
    assert bad.read_text() == 'theme = "nord"\nunits = "furlongs"\n'


def test_f1_help_and_the_palettes_theme_saved_to_the_config_file(
    terminal: Terminal, tmp_path: Path,
) -> None:
    config = tmp_path / "conf" / "settings.toml"
    terminal.start("--mute", "--no-notify", env={"STRIDE_TODAY": "2026-03-04",
                                                 "STRIDE_CONFIG": str(config)})
    terminal.wait_for("Press Enter to check in", timeout=20)
    terminal.keys("F1")
    terminal.wait_for("Help · Home", timeout=10)
    terminal.keys("Escape")
    terminal.wait_for(lambda s: "Help · Home" not in s, timeout=10)
    terminal.keys("?")
    terminal.wait_for("Help · Home", timeout=10)
    terminal.keys("Escape")
    terminal.keys("C-p")
    terminal.wait_for("Search for commands", timeout=10)
    for ch in "theme":
        terminal.keys(ch, pause=0.05)
    terminal.keys("Enter")
    for ch in "nord":
        terminal.keys(ch, pause=0.05)
    terminal.keys("Enter")
    assert 'theme = "nord"' in wait_for_file(config, "nord")
    terminal.keys("q")
    assert terminal.wait_exit(10) == 0


def test_q_asks_during_a_session_and_n_carries_on(terminal: Terminal) -> None:
    terminal.start("--mute", "--no-notify", "walk", env={"STRIDE_TODAY": "2026-03-04"})
    terminal.wait_for("Before you walk", timeout=20)
    terminal.keys("q")
    terminal.wait_for("Quit Stride now?", timeout=10)
    terminal.keys("n")
    screen = terminal.wait_for(lambda s: "Quit Stride now?" not in s, timeout=10)
    assert "Before you walk" in screen
    terminal.keys("q")
    terminal.wait_for("Quit Stride now?", timeout=10)
    terminal.keys("y")
    assert terminal.wait_exit(10) == 0
