"""Real parts for alerts tests and the latency benchmark: a private D-Bus session bus, a test
notification server on it, and ALSA configurations (a file sink, and no device at all).

Plain functions, no pytest, so benchmarks/alert_latency.py can use them too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stride_tui.alerts import DesktopNotifications
from stride_tui.alerts.diagnosis import Diagnosis

HERE = Path(__file__).resolve().parent

# ALSA's default device as a file sink (TESTING.md): every play writes a new capture file.
FILE_SINK_ASOUNDRC = """pcm.!default {
    type file
    slave.pcm "null"
    file { @func getenv vars [ TEST_AUDIO_CAPTURE ] default "/tmp/alsa-capture.raw" }
    format "raw"
    truncate false
}
"""
# An empty asoundrc leaves ALSA's stock default (card 0), which this machine does not have:
# the "no sound device" case, complete with libasound's "ALSA lib ..." complaints.
NO_DEVICE_ASOUNDRC = "# no sound device\n"

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
 <policy context="default"><allow send_destination="*" eavesdrop="true"/>
 <allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
"""


def alsa_config_home(root: Path, asoundrc: str) -> Path:
    """A directory to use as XDG_CONFIG_HOME so ALSA (in a new process) reads ``asoundrc``."""
    (root / "alsa").mkdir(parents=True, exist_ok=True)
    (root / "alsa" / "asoundrc").write_text(asoundrc)
    return root


def capture_files(capture: Path) -> list[Path]:
    """The file sink's outputs for ``capture``, in play order: capture.raw, capture.raw.0001..."""
    pattern = re.compile(re.escape(capture.name) + r"(?:\.(\d{4}))?$")
    found = []
    for path in capture.parent.iterdir():
        match = pattern.match(path.name)
        if match:
            found.append((int(match.group(1) or 0), path))
    return [path for _, path in sorted(found)]


@contextmanager
def private_bus(tmp: Path) -> Iterator[str]:
    """A D-Bus session bus of our own (never the developer's); yields its address."""
    config = tmp / "session.conf"
    config.write_text(_BUS_CONFIG)
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not print an address")
        yield address
    finally:
        daemon.terminate()
        daemon.wait(5)


@contextmanager
def notification_server(address: str, record: Path) -> Iterator[subprocess.Popen[str]]:
    """The test notification server on bus ``address``, recording Notify calls to ``record``."""
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    server = subprocess.Popen(
        [sys.executable, str(HERE / "notify_server.py"), str(record)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        if line != "READY":
            server.kill()
            _, err = server.communicate(timeout=5)
            raise RuntimeError(f"notification server failed: {line} {err}")
        yield server
    finally:
        server.terminate()
        server.wait(5)


class UncheckedNotifier(DesktopNotifications):
    """Skips the bus check, so the send itself runs into a missing bus or server."""

    def diagnose(self) -> Diagnosis:
        return Diagnosis(True, "not checked")


def read_notifications(record: Path) -> list[dict[str, Any]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines() if line.strip()]


def no_device_env(root: Path) -> dict[str, str]:
    """An environment for a child process with no sound device and no session bus at all."""
    env = {**os.environ, "XDG_CONFIG_HOME": str(alsa_config_home(root, NO_DEVICE_ASOUNDRC))}
    for name in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    return env
