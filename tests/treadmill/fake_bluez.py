"""A fake BlueZ with one FTMS treadmill on a private D-Bus "system" bus, for real bleak.

A private ``dbus-daemon`` and the python-dbusmock template beside this file (Debian packages
``dbus-daemon python3-dbusmock libglib2.0-bin``); bleak finds the bus through
``DBUS_SYSTEM_BUS_ADDRESS``. The test pushes notifications and link loss with ``gdbus``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import need

TEMPLATE = Path(__file__).with_name("fake_ftms_bluez.py")
ADDRESS = "F7:00:00:00:18:26"
SYSTEM_PYTHON = "/usr/bin/python3"

BUS_CONF = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
  </policy>
</busconfig>
"""


def fake_bluez_missing() -> list[str]:
    """What the fake needs and this machine lacks, each with its Debian package."""
    missing = [f"{c} (apt install {package})"
               for c, package in (("dbus-daemon", "dbus-daemon"), ("gdbus", "libglib2.0-bin"))
               if shutil.which(c) is None]
    has_dbusmock = Path(SYSTEM_PYTHON).exists() and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import dbusmock"], capture_output=True
    ).returncode == 0
    if not has_dbusmock:
        missing.append("python-dbusmock (apt install python3-dbusmock)")
    return missing


def need_fake_bluez() -> None:
    """Skip (or fail, with STRIDE_REQUIRE_SYSTEM=1) without the parts of the fake."""
    missing = fake_bluez_missing()
    need(not missing, f"the fake BlueZ needs: {', '.join(missing)}")


class FakeBluez:
    """The running fake: ``bus`` is the address for DBUS_SYSTEM_BUS_ADDRESS."""

    def __init__(self, bus: str) -> None:
        self.bus = bus
        self.env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": bus}

    def _call(self, method: str, *args: str) -> None:
        subprocess.run(
            ["gdbus", "call", "--system", "-d", "org.bluez", "-o", "/", "-m",
             f"org.bluez.Mock.{method}", *args],
            env=self.env, check=True, capture_output=True, timeout=10,
        )

    def notify(self, uuid16: str, value: bytes) -> None:
        """Push a notification (``2acd`` Treadmill Data, ``2ada`` Machine Status)."""
        array = "[" + ", ".join(f"byte 0x{b:02x}" for b in value) + "]"
        self._call("FtmsNotify", uuid16, array)

    def stream(self, hz: float, kmh: float) -> None:
        """Send Treadmill Data ``hz`` times a second from now on (0 stops), at ``kmh``."""
        self._call("FtmsStream", repr(float(hz)), repr(float(kmh)))

    def control_point_written(self) -> bool:
        """Whether anything was written to the Control Point (0x2AD9): the fake answers every
        write with an indication, which leaves a value behind."""
        path = "/org/bluez/hci0/dev_" + ADDRESS.replace(":", "_") + "/service0010/char0014"
        done = subprocess.run(
            ["gdbus", "call", "--system", "-d", "org.bluez", "-o", path, "-m",
             "org.freedesktop.DBus.Properties.Get", "org.bluez.GattCharacteristic1", "UUID"],
            env=self.env, check=True, capture_output=True, text=True, timeout=10,
        )
        assert "2ad9" in done.stdout, done.stdout  # the Control Point it is
        value = subprocess.run(
            ["gdbus", "call", "--system", "-d", "org.bluez", "-o", path, "-m",
             "org.freedesktop.DBus.Properties.Get", "org.bluez.GattCharacteristic1", "Value"],
            env=self.env, check=True, capture_output=True, text=True, timeout=10,
        )
        return "[]" not in value.stdout

    def disconnect(self) -> None:
        """Link loss: the treadmill drops the connection."""
        self._call("DisconnectDevice", "hci0", ADDRESS)


@contextmanager
def fake_bluez(*, bluez: bool = True, parameters: dict[str, object] | None = None
               ) -> Iterator[FakeBluez]:
    """A private system bus with (``bluez``) or without the fake bluetoothd on it."""
    need_fake_bluez()
    folder = Path(tempfile.mkdtemp(prefix="sbz-", dir="/tmp"))  # a short socket path
    conf = folder / "bus.conf"
    conf.write_text(BUS_CONF.format(socket=folder / "bus"))
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={conf}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    mock: subprocess.Popen[bytes] | None = None
    try:
        assert daemon.stdout is not None
        fake = FakeBluez(daemon.stdout.readline().strip())
        if bluez:
            args = [SYSTEM_PYTHON, "-m", "dbusmock", "--system", "--template", str(TEMPLATE)]
            if parameters:
                args += ["--parameters", json.dumps(parameters)]
            mock = subprocess.Popen(args, env=fake.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
            _wait_ready(fake)
        yield fake
    finally:
        for proc in (mock, daemon):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if daemon.stdout is not None:
            daemon.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_ready(fake: FakeBluez) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        done = subprocess.run(["gdbus", "introspect", "--system", "-d", "org.bluez", "-o", "/"],
                              env=fake.env, capture_output=True)
        if done.returncode == 0:
            return
        time.sleep(0.05)
    raise AssertionError("the fake BlueZ did not come up within 15 s")
