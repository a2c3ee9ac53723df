"""Sound: cues play in order, one at a time, through the first backend that works, off the
caller's thread — checked against a real ALSA file sink (TESTING.md) and a real system player."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from stride_tui.alerts import (
    Alerts,
    AlertSettings,
    BellBackend,
    Clip,
    CommandBackend,
    SimpleaudioBackend,
    SoundBackend,
    SoundError,
)
from stride_tui.alerts.catalogue import clips_for
from stride_tui.alerts.diagnosis import Diagnosis
from stride_tui.alerts.install import install_command, this_system
from stride_tui.alerts.sound import Started
from stride_tui.core.records import SoundMode
from tests.alerts.alerts_harness import capture_files
from tests.conftest import need_commands

QUIET = AlertSettings(notifications=False)

# A simulated walk's announcements, minutes apart in real life.
WALK = [
    "warm-up",
    "move:march",
    "tick",
    "walk-start",
    "shoulders",
    "stride",
    "hands",
    "halfway",
    "pain-check",
    "talk-test",
    "shoulder-roll",
    "last-minute",
    "walk-end",
]


def frames(name: str) -> bytes:
    return Clip.load(name).frames


class Recorder(SoundBackend):
    """A stand-in backend that records what it plays; ``gate`` holds a clip 'playing'."""

    def __init__(self, name: str = "recorder", *, fail: str = "") -> None:
        self.name = name
        self.fail = fail
        self.played: list[str] = []
        self.attempts = 0
        self.gate = threading.Event()
        self.gate.set()
        self.stopped = 0
        self._playing = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def diagnose(self, *, deep: bool = False) -> Diagnosis:
        return Diagnosis(True, "a test backend")

    def play(self, clip: Clip, started: Started) -> None:
        self.attempts += 1
        if self.fail:
            raise SoundError(self.fail)
        with self._lock:
            self._playing += 1
            self.most_at_once = max(self.most_at_once, self._playing)
        started(time.monotonic())
        self.played.append(clip.name)
        self.gate.wait(5)
        with self._lock:
            self._playing -= 1

    def stop(self) -> None:
        self.stopped += 1
        self.gate.set()


def play_walk(alerts: Alerts) -> list[str]:
    expected: list[str] = []
    for kind in WALK:
        alerts.announce(kind, kind.title(), "")
        expected += clips_for(kind, SoundMode.VOICE_AND_CHIME)
        assert alerts.wait_idle(10)
    return expected


def test_simpleaudio_plays_a_cue_into_alsa_byte_for_byte(
    capture: Path, simpleaudio_installed: None
) -> None:
    alerts = Alerts(QUIET, sound_backends=[SimpleaudioBackend()])
    alerts.announce("shoulders", "Shoulders", "Down toward your pockets")
    assert alerts.wait_idle(10)
    alerts.close()
    captured = capture_files(capture)
    assert len(captured) == 2
    assert captured[0].read_bytes() == frames("chime-change")
    assert captured[1].read_bytes() == frames("say-shoulders")


def test_a_walk_plays_one_capture_per_clip_in_order(
    capture: Path, simpleaudio_installed: None
) -> None:
    played: list[str] = []
    alerts = Alerts(
        QUIET,
        sound_backends=[SimpleaudioBackend()],
        on_played=lambda kind, clip, t: played.append(clip),
    )
    expected = play_walk(alerts)
    alerts.close()
    captured = capture_files(capture)
    assert played == expected
    assert len(captured) == len(expected)
    for path, name in zip(captured, expected, strict=True):
        assert path.read_bytes() == frames(name), path.name


def test_aplay_plays_into_the_same_sink(capture: Path) -> None:
    need_commands("aplay")
    alerts = Alerts(QUIET, sound_backends=[CommandBackend.named("aplay")])
    alerts.announce("halfway", "Halfway", "")
    assert alerts.wait_idle(10)
    alerts.close()
    captured = capture_files(capture)
    assert len(captured) == 2
    for path, name in zip(captured, ["chime-halfway", "say-halfway"], strict=True):
        data, want = path.read_bytes(), frames(name)
        # aplay pads the last period with silence: the cue, then only zeros.
        assert data[: len(want)] == want
        assert data[len(want) :].count(0) == len(data) - len(want)


def test_announce_returns_at_once_while_a_cue_is_still_playing() -> None:
    slow = Recorder()
    slow.gate.clear()
    alerts = Alerts(QUIET, sound_backends=[slow])
    alerts.announce("walk-start", "Walk", "")
    deadline = time.monotonic() + 10
    while not slow.played and time.monotonic() < deadline:
        time.sleep(0.005)
    assert slow.played == ["chime-start"]
    # 200 more cues are handed over while the first is still "playing" (held by the gate):
    # had announce waited for the sound, this loop would sit on the gate for 5 s a cue.
    finished = threading.Event()

    def announce_many() -> None:
        for _ in range(200):
            alerts.announce("tick", "", "", notify=False)
        finished.set()

    caller = threading.Thread(target=announce_many, name="caller")
    caller.start()
    assert finished.wait(10), "announce waited for a sound to finish"
    assert not slow.gate.is_set() and slow.played == ["chime-start"]  # still the first
    slow.gate.set()
    caller.join()
    alerts.close()


def test_cues_queue_in_order_and_never_overlap() -> None:
    backend = Recorder()
    alerts = Alerts(QUIET, sound_backends=[backend])
    for kind in ["shoulders", "stride", "hands"]:
        alerts.announce(kind, kind, "")
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == [
        "chime-change",
        "say-shoulders",
        "chime-change",
        "say-stride",
        "chime-change",
        "say-hands",
    ]
    assert backend.most_at_once == 1


def test_a_backed_up_queue_drops_stale_cues_never_the_newest_or_a_warning() -> None:
    backend = Recorder()
    backend.gate.clear()
    alerts = Alerts(AlertSettings(sound=SoundMode.CHIME_ONLY, notifications=False),
                    sound_backends=[backend])  # fmt: skip
    alerts.announce("walk-start", "", "")
    deadline = time.monotonic() + 5
    while not backend.played and time.monotonic() < deadline:
        time.sleep(0.001)  # the first cue is now playing; the rest must wait
    for kind in ["shoulders", "stride", "hands", "red-flag", "talk-test", "halfway", "walk-end"]:
        alerts.announce(kind, "", "")
    backend.gate.set()
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == ["chime-start", "chime-warning", "chime-halfway", "chime-finish"]


def test_a_backend_that_fails_at_play_time_is_skipped_and_remembered() -> None:
    broken = Recorder("broken", fail="Error opening PCM device. -- CODE: -2")
    working = Recorder("working")
    alerts = Alerts(QUIET, sound_backends=[broken, working])
    alerts.announce("stride", "", "")
    alerts.announce("hands", "", "")
    assert alerts.wait_idle(5)
    status = {row.name: row for row in alerts.status()}
    alerts.close()
    assert working.played == ["chime-change", "say-stride", "chime-change", "say-hands"]
    assert broken.attempts == 1
    assert not status["broken"].ok and "PCM device" in status["broken"].reason
    assert status["working"].in_use and not status["broken"].in_use


def test_a_bug_in_a_backend_loses_one_cue_not_the_player(capfd: pytest.CaptureFixture[str]) -> None:
    backend = Recorder()
    real_play = backend.play

    def play_once_badly(clip: Clip, started: Started) -> None:
        backend.play = real_play  # type: ignore[method-assign]
        raise RuntimeError("a bug, not a missing device")

    backend.play = play_once_badly  # type: ignore[method-assign]
    alerts = Alerts(QUIET, sound_backends=[backend])
    alerts.announce("stride", "", "")
    alerts.announce("hands", "", "")
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == ["chime-change", "say-hands"]
    assert alerts.last_error == "RuntimeError: a bug, not a missing device"
    assert capfd.readouterr() == ("", "")


def test_availability_is_a_yes_or_no_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert CommandBackend.named("aplay").available() == (False, "aplay is not installed")
    assert BellBackend(lambda: None).available()[0]
    assert not BellBackend(None).available()[0]


def test_the_bell_is_the_last_resort_and_rings_once_per_cue() -> None:
    rings: list[float] = []
    broken = Recorder("broken", fail="no device")
    alerts = Alerts(QUIET, sound_backends=[broken, BellBackend(lambda: rings.append(1.0))])
    alerts.announce("shoulders", "", "")
    alerts.announce("tick", "", "")
    assert alerts.wait_idle(5)
    status = alerts.status()
    alerts.close()
    assert len(rings) == 2
    assert [row.name for row in status if row.in_use] == ["terminal bell"]


def test_muting_stops_the_cue_now_and_forgets_the_queue() -> None:
    backend = Recorder()
    backend.gate.clear()
    alerts = Alerts(QUIET, sound_backends=[backend])
    for kind in ["shoulders", "stride", "hands"]:
        alerts.announce(kind, "", "")
    deadline = time.monotonic() + 5
    while not backend.played and time.monotonic() < deadline:
        time.sleep(0.001)
    alerts.set_muted(True)
    assert alerts.muted
    assert backend.stopped == 1
    alerts.announce("halfway", "", "")
    assert alerts.wait_idle(5)
    assert backend.played == ["chime-change"]
    alerts.set_muted(False)
    alerts.announce("last-minute", "", "")
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == ["chime-change", "chime-change", "say-last-minute"]


def test_sound_modes_choose_the_clips() -> None:
    backend = Recorder()
    alerts = Alerts(AlertSettings(sound=SoundMode.CHIME_ONLY, notifications=False),
                    sound_backends=[backend])  # fmt: skip
    alerts.announce("pain-check", "", "")
    assert alerts.wait_idle(5)
    alerts.set_sound_mode(SoundMode.OFF)
    alerts.announce("pain-check", "", "")
    alerts.set_sound_mode(SoundMode.VOICE_AND_CHIME)
    alerts.announce("poles", "", "")
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == ["chime-change", "chime-change", "say-poles"]


def test_an_unknown_kind_still_chimes_and_never_raises() -> None:
    backend = Recorder()
    alerts = Alerts(QUIET, sound_backends=[backend])
    alerts.announce("mystery", "", "")
    assert alerts.wait_idle(5)
    alerts.close()
    assert backend.played == ["chime-change"]
    assert alerts.unknown_kinds == {"mystery"}


def test_close_stops_the_worker_threads() -> None:
    backend = Recorder()
    backend.gate.clear()
    alerts = Alerts(AlertSettings(), sound_backends=[backend])
    alerts.announce("shoulders", "", "")
    alerts.close(timeout=2)
    names = {thread.name for thread in threading.enumerate()}
    assert not names & {"stride-sound", "stride-notify"}


def test_system_players_are_probed_and_explain_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    found = CommandBackend.named("paplay").diagnose()
    assert not found.ok
    assert found.reason == "paplay is not installed"
    assert found.fix == install_command("paplay", this_system())
    assert "pulseaudio-utils" in found.fix or "libpulse" in found.fix
    assert shutil.which("paplay") is None
