"""``stride doctor`` reports a notification server that owns its name but never answers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.alerts.alerts_harness import private_bus
from tests.conftest import need_commands
from tests.resilience.terminal import STRIDE

HERE = Path(__file__).parent


def test_doctor_reports_a_server_that_never_answers(tmp_path: Path) -> None:
    need_commands("dbus-daemon", "dbus-send")
    with private_bus(tmp_path) as address:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        server = subprocess.Popen(
            [sys.executable, str(HERE / "hung_notify_server.py")],
            env=env, stdout=subprocess.PIPE, text=True,
        )
        try:
            assert server.stdout is not None and server.stdout.readline().strip() == "READY"
            started = time.monotonic()
            done = subprocess.run(
                [*STRIDE, "--mute", "doctor"], env=env, capture_output=True, text=True,
                stdin=subprocess.DEVNULL, timeout=60, check=False,
            )
            took = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(5)
    line = next(x for x in done.stdout.splitlines() if "desktop notifications " in x)
    assert line.lstrip().startswith("--"), done.stdout
    assert "did not answer within 2 s" in line
    assert "Cues will reach you" not in done.stdout
    assert done.returncode == 1
    assert took < 30
