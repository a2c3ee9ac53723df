"""Fixtures for the alerts tests: the file-sink capture path, a private bus, a notification server.

tests/conftest.py already points ALSA's default device at a file sink for this process and gives
every test its own TEST_AUDIO_CAPTURE path.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from stride_tui.alerts.sound import SIMPLEAUDIO_CRASHES
from tests.alerts.alerts_harness import notification_server, private_bus, read_notifications
from tests.conftest import need, need_commands


@pytest.fixture(autouse=True)
def _no_desktop_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    # libdbus and GIO fall back to $XDG_RUNTIME_DIR/bus: on a laptop that is the real desktop.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)


@pytest.fixture
def capture() -> Path:
    return Path(os.environ["TEST_AUDIO_CAPTURE"])


@pytest.fixture
def simpleaudio_installed() -> None:
    if SIMPLEAUDIO_CRASHES:
        pytest.skip("simpleaudio is not used on Python 3.12+ (it crashes when a sound ends)")
    need(
        importlib.util.find_spec("simpleaudio") is not None,
        "simpleaudio is not installed (pip install 'stride-tui[audio]', needs libasound2-dev)",
    )


@pytest.fixture
def bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus, made this process's session bus for the test."""
    need_commands("dbus-daemon", "dbus-send")
    with private_bus(tmp_path) as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


@dataclass
class NotificationServer:
    record: Path
    process: subprocess.Popen[str]

    def calls(self) -> list[dict[str, Any]]:
        return read_notifications(self.record)


@pytest.fixture
def server(bus: str, tmp_path: Path) -> Iterator[NotificationServer]:
    need(importlib.util.find_spec("dbus_fast") is not None, "dbus-fast is not installed")
    record = tmp_path / "notifications.jsonl"
    with notification_server(bus, record) as process:
        yield NotificationServer(record, process)


@pytest.fixture
def no_tmux_leak() -> Iterator[list[str]]:
    """Names of tmux servers a test started, killed afterwards whatever happens."""
    sockets: list[str] = []
    yield sockets
    if shutil.which("tmux"):
        for socket in sockets:
            subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, check=False)
