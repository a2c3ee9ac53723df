"""Sound backends: simpleaudio, a system player, the terminal bell — one small interface.

Each backend plays one clip to its end on the calling thread (the player's own thread), raises
``SoundError`` when it cannot, and can say whether it is usable here and how to fix it.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from stride_tui.alerts._alsa import silence_alsa_errors
from stride_tui.alerts.catalogue import clip_path
from stride_tui.alerts.diagnosis import Diagnosis

# started(t): the clip's sound began at time.monotonic() == t. A backend calls it once it knows
# the clip really played (a system player only tells us when it exits), with the start time.
Started = Callable[[float], None]


class SoundError(RuntimeError):
    """A backend could not play: the player moves on to the next backend."""


@dataclass(frozen=True)
class Clip:
    """A cue sound decoded into memory, with the file it came from (system players need it)."""

    name: str
    frames: bytes
    channels: int = 1
    sample_width: int = 2
    rate: int = 22050
    path: Path | None = None

    @property
    def seconds(self) -> float:
        return len(self.frames) / (self.channels * self.sample_width * self.rate)

    @classmethod
    def load(cls, name: str) -> Clip:
        path = clip_path(name)
        with wave.open(str(path), "rb") as wav:
            return cls(
                name=name.removesuffix(".wav"),
                frames=wav.readframes(wav.getnframes()),
                channels=wav.getnchannels(),
                sample_width=wav.getsampwidth(),
                rate=wav.getframerate(),
                path=path,
            )

    @classmethod
    def silence(cls, seconds: float = 0.02) -> Clip:
        """A near-inaudible clip that proves a device opens (used by ``stride doctor``)."""
        return cls(name="silence", frames=b"\0\0" * int(22050 * seconds))


class SoundBackend(ABC):
    """One way of making a sound. ``play`` blocks until the clip ends; ``stop`` cuts it short."""

    name: str = "sound"
    # What to do when the backend is installed but fails to play (shown by status and doctor).
    failure_fix: str = ""

    @abstractmethod
    def diagnose(self, *, deep: bool = False) -> Diagnosis:
        """Is this backend usable? ``deep`` also opens the device (plays a moment of silence)."""

    @abstractmethod
    def play(self, clip: Clip, started: Started) -> None:
        """Play ``clip`` to its end and report, through ``started``, when its sound began."""

    @abstractmethod
    def stop(self) -> None:
        """Cut short whatever is playing (called from another thread)."""

    def available(self) -> tuple[bool, str]:
        found = self.diagnose()
        return found.ok, found.reason

    def _deep(self, installed: Diagnosis) -> Diagnosis:
        if not installed.ok:
            return installed
        try:
            self.play(Clip.silence(), lambda t: None)
        except SoundError as exc:
            return Diagnosis(False, str(exc), self.failure_fix)
        return Diagnosis(True, f"{installed.reason}; the sound device opens")


_NO_DEVICE = "no ALSA sound device" if sys.platform.startswith("linux") else "no sound device"
_NO_DEVICE_FIX = (
    "connect speakers or headphones; `aplay -l` should list a card, and ~/.asoundrc (if any) "
    "should name it as the default"
)


# simpleaudio 1.0.4 (the last release; the project is archived) crashes the whole process when a
# sound ends on Python 3.12 and later (hamiltron/py-simple-audio#72): never load it there.
SIMPLEAUDIO_CRASHES = sys.version_info >= (3, 12)
_SIMPLEAUDIO_CRASHES_WHY = (
    "not used on Python 3.12 and later: simpleaudio 1.0.4 crashes the process when a sound ends"
)


class SimpleaudioBackend(SoundBackend):
    """In-process playback through simpleaudio (ALSA on Linux): the fastest to start."""

    name = "simpleaudio"
    failure_fix = _NO_DEVICE_FIX

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._playing: Any = None

    def _module(self) -> ModuleType:
        # Imported by name: simpleaudio is an optional extra with no type information.
        return importlib.import_module("simpleaudio")

    def diagnose(self, *, deep: bool = False) -> Diagnosis:
        if SIMPLEAUDIO_CRASHES:
            return Diagnosis(False, _SIMPLEAUDIO_CRASHES_WHY)
        try:
            self._module()
        except ImportError:
            return Diagnosis(
                False, "the Python package simpleaudio is not installed", _simpleaudio_fix()
            )
        installed = Diagnosis(True, "simpleaudio is installed")
        return self._deep(installed) if deep else installed

    def play(self, clip: Clip, started: Started) -> None:
        if SIMPLEAUDIO_CRASHES:
            raise SoundError(_SIMPLEAUDIO_CRASHES_WHY)
        try:
            module = self._module()
        except ImportError as exc:
            raise SoundError("the Python package simpleaudio is not installed") from exc
        # Before the first device open, so a missing device cannot print onto the screen.
        silence_alsa_errors()
        try:
            playing = module.play_buffer(clip.frames, clip.channels, clip.sample_width, clip.rate)
        except Exception as exc:  # SimpleaudioError lives in a private module; any failure counts
            raise SoundError(f"{_NO_DEVICE}: {exc}") from exc
        started(time.monotonic())
        with self._lock:
            self._playing = playing
        try:
            playing.wait_done()
        finally:
            with self._lock:
                self._playing = None

    def stop(self) -> None:
        with self._lock:
            if self._playing is not None:
                self._playing.stop()


def _simpleaudio_fix() -> str:
    """The install command that fits how Stride was installed, and what it builds against."""
    from stride_tui.alerts.install import detect_installation, install_command, this_system

    fix = detect_installation().add_extra("audio", "simpleaudio")
    if sys.platform.startswith("linux"):
        fix += f" (it builds against ALSA: {install_command('alsa-headers', this_system())} first)"
    elif sys.platform == "darwin":
        fix += " (it builds with Apple's compiler: xcode-select --install first)"
    return fix


@dataclass(frozen=True)
class SystemPlayer:
    """A command-line player: its command and the options before the file."""

    command: str
    options: tuple[str, ...]

    def install_fix(self) -> str:
        """How to get this player on this machine."""
        if self.command == "afplay":
            return "afplay comes with macOS"
        from stride_tui.alerts.install import install_command, this_system

        return install_command(self.command, this_system())


SYSTEM_PLAYERS = (
    SystemPlayer("pw-play", ()),
    SystemPlayer("paplay", ()),
    SystemPlayer("aplay", ("-q",)),
    SystemPlayer("afplay", ()),
)


class CommandBackend(SoundBackend):
    """Plays each clip with a system player (pw-play, paplay, aplay or afplay)."""

    def __init__(self, player: SystemPlayer) -> None:
        self.player = player
        self.name = player.command
        self.failure_fix = _NO_DEVICE_FIX
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped = False

    @classmethod
    def named(cls, command: str) -> CommandBackend:
        for player in SYSTEM_PLAYERS:
            if player.command == command:
                return cls(player)
        raise ValueError(f"unknown system player {command!r}")

    def diagnose(self, *, deep: bool = False) -> Diagnosis:
        found = shutil.which(self.player.command)
        if found is None:
            return Diagnosis(
                False, f"{self.player.command} is not installed", self.player.install_fix()
            )
        installed = Diagnosis(True, f"found {found}")
        return self._deep(installed) if deep else installed

    def play(self, clip: Clip, started: Started) -> None:
        if clip.path is not None:
            self._run(clip.path, clip, started)
            return
        with tempfile.TemporaryDirectory(prefix="stride-") as tmp:
            path = Path(tmp) / f"{clip.name}.wav"
            with wave.open(str(path), "wb") as wav:
                wav.setnchannels(clip.channels)
                wav.setsampwidth(clip.sample_width)
                wav.setframerate(clip.rate)
                wav.writeframes(clip.frames)
            self._run(path, clip, started)

    def _run(self, path: Path, clip: Clip, started: Started) -> None:
        argv = [self.player.command, *self.player.options, str(path)]
        try:
            # Nothing the player says may reach the terminal; stderr is kept for the reason.
            process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as exc:
            raise SoundError(f"{self.player.command} could not start: {exc}") from exc
        began = time.monotonic()
        with self._lock:
            self._process, self._stopped = process, False
        try:
            _, err = process.communicate(timeout=clip.seconds + 10)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.communicate()
            raise SoundError(f"{self.player.command} hung and was stopped") from exc
        finally:
            with self._lock:
                self._process = None
        if process.returncode != 0 and not self._stopped:
            lines = err.decode(errors="replace").strip().splitlines()
            detail = f": {lines[-1]}" if lines else ""
            raise SoundError(f"{self.player.command} failed (exit {process.returncode}){detail}")
        if not self._stopped:
            started(began)

    def stop(self) -> None:
        with self._lock:
            if self._process is not None:
                self._stopped = True
                self._process.terminate()


class BellBackend(SoundBackend):
    """The last resort: the terminal bell, rung once per announcement (on its chime).

    ``bell`` is called on the player's thread, so the UI passes a thread-safe callable
    (for Textual: ``lambda: app.call_from_thread(app.bell)``).
    """

    name = "terminal bell"

    def __init__(self, bell: Callable[[], None] | None) -> None:
        self._bell = bell

    def diagnose(self, *, deep: bool = False) -> Diagnosis:
        if self._bell is None:
            return Diagnosis(False, "no terminal to ring", "run Stride in a terminal")
        return Diagnosis(True, "rings the terminal bell (one beep, no words)")

    def play(self, clip: Clip, started: Started) -> None:
        if self._bell is None:
            raise SoundError("no terminal to ring")
        if not clip.name.startswith("chime-"):
            return  # words cannot be rung; the chime before them already beeped
        try:
            self._bell()
        except Exception as exc:  # the UI's callback: whatever it raises, fall through
            raise SoundError(f"the terminal bell failed: {exc}") from exc
        started(time.monotonic())

    def stop(self) -> None:
        """A beep cannot be cut short."""


def default_sound_backends(bell: Callable[[], None] | None = None) -> list[SoundBackend]:
    """Every backend in order of preference; the player skips those not usable here."""
    backends: list[SoundBackend] = [SimpleaudioBackend()]
    backends += [
        CommandBackend(player)
        for player in SYSTEM_PLAYERS
        if (player.command == "afplay") == (sys.platform == "darwin")
    ]
    backends.append(BellBackend(bell))
    return backends
