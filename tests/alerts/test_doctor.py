"""`stride doctor` where things work (the ALSA file sink, a private bus and server) and where
parts are missing: every path listed, why it does not work, and the fix."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from stride_tui.alerts import AlertSettings
from stride_tui.alerts.doctor import TEST_TITLE, run_doctor
from stride_tui.alerts.install import install_command, this_system
from stride_tui.alerts.sound import SIMPLEAUDIO_CRASHES
from stride_tui.core.records import SoundMode
from tests.alerts.alerts_harness import capture_files
from tests.alerts.conftest import NotificationServer
from tests.conftest import need_commands


def doctor(*, test: bool = False, settings: AlertSettings | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = run_doctor(test=test, out=out, settings=settings)
    return code, out.getvalue()


def test_the_test_plays_a_chime_and_words_and_sends_a_notification(
    server: NotificationServer, capture: Path, simpleaudio_installed: None
) -> None:
    code, out = doctor(test=True)
    assert code == 0
    assert "ok  simpleaudio" in out and "the sound device opens  <- in use" in out
    assert "a notification server is running" in out
    assert "played chime-start, say-walk-start through simpleaudio" in out
    assert "sent a test notification" in out
    assert "Cues will reach you by sound and desktop notifications." in out
    calls = server.calls()
    assert [c["summary"] for c in calls] == [TEST_TITLE]
    assert 0 < calls[0]["expire_timeout"] <= 10_000
    # The device checks play a moment of silence, then the test's chime and words.
    assert len(capture_files(capture)) >= 2


def test_a_bus_without_a_server_is_named_with_its_fix(
    bus: str, simpleaudio_installed: None
) -> None:
    code, out = doctor()
    assert code == 0  # sound still works
    assert "no notification server on the session bus" in out
    assert "fix: start your desktop's notification daemon" in out


def test_missing_programs_are_named_with_the_package_that_brings_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, simpleaudio_installed: None
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no aplay (notifications need no program)
    code, out = doctor()
    assert code == 0
    assert "aplay is not installed" in out
    assert f"fix: {install_command('aplay', this_system())}" in out and "alsa-utils" in out


@pytest.mark.skipif(SIMPLEAUDIO_CRASHES, reason="simpleaudio is never loaded on Python 3.12+")
def test_without_simpleaudio_it_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    need_commands("aplay")
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # import now raises ImportError
    code, out = doctor()
    assert "the Python package simpleaudio is not installed" in out
    # The tests run from an editable checkout: the fix installs the extra into it.
    assert f"pip install -e '{Path(__file__).resolve().parents[2]}[audio]'" in out
    assert f"ALSA: {install_command('alsa-headers', this_system())} first)" in out
    assert code == 0  # aplay into the file sink still works


def test_sound_switched_off_with_no_notifications_cannot_reach_anyone(
    simpleaudio_installed: None,
) -> None:
    code, out = doctor(settings=AlertSettings(sound=SoundMode.OFF))
    assert code == 1
    assert "Settings: sound off, notifications on" in out
    assert "turn sound or notifications back on" in out


def test_muted_counts_as_no_sound(simpleaudio_installed: None) -> None:
    code, out = doctor(settings=AlertSettings(muted=True, notifications=False))
    assert code == 1
    assert "(muted)" in out
