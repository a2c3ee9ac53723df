"""`stride treadmill` and the doctor's Bluetooth section, through real bleak and a fake BlueZ.

Each failure the person can meet (no bus, no bluetoothd, no adapter, adapter off, nothing
found, link lost) is shown with the message they see: one line with what to do, exit 1, no
traceback.
"""

from __future__ import annotations

import os
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from stride_tui.core.records import Profile
from stride_tui.store import Store
from tests.cli.helpers import STRIDE, assert_usage_error, run

from .fake_bluez import ADDRESS, fake_bluez

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture
def profile(data_dir: Path) -> Path:
    with Store.open(data_dir) as store:
        store.save_profile(Profile(start_date=date(2026, 11, 2)))
    return data_dir


def remember(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        current = store.load_profile()
        assert current is not None
        current.treadmill = ADDRESS
        store.save_profile(current)


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text.replace("stride: ", "")


def test_scan_finds_the_treadmill(monkeypatch: pytest.MonkeyPatch) -> None:
    with fake_bluez() as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        result = run("treadmill", "scan", "--seconds", "2")
    assert result.returncode == 0, result.stderr
    assert "FakeTreadmill" in result.stdout and ADDRESS in result.stdout
    assert "-55 dBm" in result.stdout


def test_use_and_forget_keep_the_address_on_the_profile(profile: Path) -> None:
    assert run("treadmill", "use", ADDRESS.lower()).returncode == 0
    with Store.open(profile, readonly=True) as store:
        saved = store.load_profile()
        assert saved is not None and saved.treadmill == ADDRESS
    assert ADDRESS in run("profile").stdout
    bad = run("treadmill", "use", "treadmill-1")
    assert bad.returncode == 2
    assert "not a Bluetooth address" in bad.stderr
    forgot = run("treadmill", "forget")
    assert forgot.returncode == 0 and f"Forgot the treadmill {ADDRESS}" in forgot.stdout
    with Store.open(profile, readonly=True) as store:
        saved = store.load_profile()
        assert saved is not None and saved.treadmill is None


def test_use_needs_a_profile() -> None:
    result = run("treadmill", "use", ADDRESS)
    assert result.returncode == 2 and "no profile yet" in result.stderr


def test_watch_prints_live_readings_in_the_profiles_units(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember(profile)
    assert run("profile", "--units", "imperial").returncode == 0
    with fake_bluez() as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        child = subprocess.Popen(
            [str(STRIDE), "treadmill", "watch", "--seconds", "20"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
        )
        try:
            assert child.stderr is not None and child.stdout is not None
            assert "Connecting" in child.stderr.readline()
            assert "Connected" in child.stderr.readline()
            # 8.05 km/h (5.0 mph), 1609 m (1.00 mi), incline 0, elapsed 60 s
            fake.notify("2acd", bytes.fromhex("0c04250349060000 00ff7f3c00".replace(" ", "")))
            line = child.stdout.readline()
            assert "5.0 mph" in line and "1.00 mi" in line and "incline 0 %" in line
            assert "belt running" in line
            fake.notify("2ada", b"\x02\x02")
            assert "belt stopped" in child.stdout.readline()
            fake.disconnect()
            assert child.wait(10) == 1
            assert "link was lost" in child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


@pytest.mark.parametrize(
    ("setup", "message", "fix"),
    [
        ("no-bus", "There is no system D-Bus here, so no Bluetooth.", "systemctl start"),
        ("no-bluez", "The Bluetooth service (bluetoothd) is not running.",
         "sudo systemctl start bluetooth"),
        ("no-adapter", "No Bluetooth adapter was found.", "Plug in a Bluetooth adapter"),
        ("adapter-off", "Bluetooth is turned off.", "bluetoothctl power on"),
    ],
)
def test_each_missing_part_is_said_with_what_to_do(
    setup: str, message: str, fix: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def check() -> None:
        result = run("treadmill", "scan", "--seconds", "1")
        assert result.returncode == 1
        assert result.stdout == ""
        assert message in result.stderr and fix in result.stderr
        no_traceback(result.stderr)

    if setup == "no-bus":
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")
        check()
        return
    parameters = {"no-adapter": {"adapter": False}, "adapter-off": {"powered": False}}
    with fake_bluez(bluez=setup != "no-bluez", parameters=parameters.get(setup)) as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        check()


def test_nothing_advertising_is_said_by_scan_and_watch(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember(profile)
    with fake_bluez(parameters={"device": False}) as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        scan = run("treadmill", "scan", "--seconds", "1")
        assert scan.returncode == 1 and "No FTMS treadmill found nearby" in scan.stdout
        started = time.monotonic()
        watch = run("treadmill", "watch")
        assert watch.returncode == 1
        assert f"The treadmill {ADDRESS} was not found nearby." in watch.stderr
        assert "Is it on, in range" in watch.stderr
        no_traceback(watch.stderr)
        assert time.monotonic() - started < 25


def test_watch_with_no_treadmill_remembered_says_how_to_remember_one(profile: Path) -> None:
    # No Bluetooth is touched: the command line alone is wrong.
    assert_usage_error(run("treadmill", "watch"), "no treadmill remembered",
                       "`stride treadmill use ADDRESS`", "`stride treadmill scan`")
    assert_usage_error(run("treadmill"), "ACTION", "(see `stride treadmill --help`)")


def test_doctor_says_bluetooth_is_not_available_quietly_without_any(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus-here")
    result = run("doctor")
    section = result.stdout.split("Treadmill (Bluetooth):", 1)[1]
    assert section.strip().startswith("--  Bluetooth")
    assert "not available" in section and "fix:" not in section
    no_traceback(result.stderr)


def test_doctor_names_the_problem_when_a_treadmill_is_remembered(
    profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember(profile)
    with fake_bluez(bluez=False) as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        missing = run("doctor").stdout.split("Treadmill (Bluetooth):", 1)[1]
    assert "bluetoothd" in missing and "fix: Start it with: sudo systemctl start bluetooth" in \
        missing
    with fake_bluez() as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        found = run("doctor").stdout.split("Treadmill (Bluetooth):", 1)[1]
    assert "ok  Bluetooth" in found and f"ok  treadmill {ADDRESS}" in found
    with fake_bluez(parameters={"device": False}) as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        gone = run("doctor").stdout.split("Treadmill (Bluetooth):", 1)[1]
    assert f"--  treadmill {ADDRESS}" in gone and "not found nearby" in gone


def without_bleak(*args: str) -> subprocess.CompletedProcess[str]:
    """``stride ARGS`` as on a base install, where the treadmill extra (bleak) is absent."""
    import sys

    code = ("import sys; sys.modules['bleak'] = None\n"
            "from stride_tui.cli import main\n"
            f"sys.exit(main({list(args)!r}))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))


def test_without_the_treadmill_extra_stride_says_how_to_add_it(profile: Path) -> None:
    scan = without_bleak("treadmill", "scan", "--seconds", "1")
    assert scan.returncode == 1
    assert "Bluetooth support is not installed." in scan.stderr
    assert "pip install 'stride-tui[treadmill]'" in scan.stderr
    no_traceback(scan.stderr)
    doctor = without_bleak("doctor")
    section = doctor.stdout.split("Treadmill (Bluetooth):", 1)[1]
    assert "not available (Bluetooth support is not installed)" in section
    assert "fix:" not in section
    # The rest of Stride does not need it.
    assert without_bleak("plan").returncode == 0
