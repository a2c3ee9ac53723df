"""Which cue sounds exist, where they live, and which ones each announcement plays."""

from __future__ import annotations

from enum import StrEnum
from importlib.resources import files
from pathlib import Path

from stride_tui.core.cues import CueKind
from stride_tui.core.records import SoundMode
from stride_tui.core.routines import ROUTINES, Move

CHIMES = (
    "chime-start",
    "chime-change",
    "chime-tick",
    "chime-halfway",
    "chime-finish",
    "chime-warning",
)


class Signal(StrEnum):
    """Announcements of the session's course (the cues and the moves have their own keys)."""

    WARM_UP = "warm-up"
    WALK_START = "walk-start"
    WALK_END = "walk-end"
    PAUSED = "paused"
    RESUMED = "resumed"
    STRENGTH = "strength"
    COOL_DOWN = "cool-down"
    RED_FLAG = "red-flag"
    PAIN_STOP = "pain-stop"
    # Chime-only: no words go with them.
    TICK = "tick"
    WARNING = "warning"


# An announcement's key: the core's cue kinds, the signals above, and ``move_key(move)``.
WALK_CUES: tuple[str, ...] = tuple(CueKind)
_BARE_CHIMES = {Signal.TICK: "chime-tick", Signal.WARNING: "chime-warning"}
PHASES: tuple[str, ...] = tuple(s for s in Signal if s not in _BARE_CHIMES)
MOVES: tuple[str, ...] = tuple(
    dict.fromkeys(move.id for routine in ROUTINES.values() for move in routine.moves)
)
_MOVE_PREFIX = "move:"


def move_key(move: Move) -> str:
    """The announcement key of a routine move (its sound says the move's name)."""
    return f"{_MOVE_PREFIX}{move.id}"


ALL_CLIPS: tuple[str, ...] = (
    CHIMES
    + tuple(f"say-{kind}" for kind in WALK_CUES + PHASES)
    + tuple(f"say-move-{move}" for move in MOVES)
)

# Announcements that must never be dropped from a backed-up sound queue.
URGENT_KINDS: frozenset[str] = frozenset({Signal.RED_FLAG, Signal.PAIN_STOP})

# The chime that opens each announcement; anything not listed opens with chime-change.
_OPENING_CHIME: dict[str, str] = {
    CueKind.HALFWAY: "chime-halfway",
    Signal.WARM_UP: "chime-start",
    Signal.WALK_START: "chime-start",
    Signal.RESUMED: "chime-start",
    Signal.STRENGTH: "chime-start",
    Signal.COOL_DOWN: "chime-start",
    Signal.WALK_END: "chime-finish",
    Signal.RED_FLAG: "chime-warning",
    Signal.PAIN_STOP: "chime-warning",
}


def announcement_kinds() -> tuple[str, ...]:
    """Every kind ``clips_for`` knows (each move's key spelled out)."""
    return (WALK_CUES + PHASES + tuple(f"{_MOVE_PREFIX}{move}" for move in MOVES)
            + tuple(_BARE_CHIMES))


def clip_path(name: str) -> Path:
    """The WAV file of a clip, by name (``chime-start`` or ``chime-start.wav``)."""
    stem = name.removesuffix(".wav")
    if stem not in ALL_CLIPS:
        raise ValueError(f"no cue sound called {name!r}")
    # The package is installed as plain files (setuptools package-data), never zipped.
    return Path(str(files("stride_tui.audio").joinpath(f"{stem}.wav")))


def clips_for(kind: str, mode: SoundMode) -> tuple[str, ...]:
    """The clips an announcement of ``kind`` plays, in order, in the given sound mode.

    Raises ``ValueError`` for a kind with no sound, so a misspelt cue is caught in tests.
    """
    if kind in _BARE_CHIMES:
        chime, words = _BARE_CHIMES[Signal(kind)], None
    elif kind.startswith(_MOVE_PREFIX):
        move = kind.removeprefix(_MOVE_PREFIX)
        if move not in MOVES:
            raise ValueError(f"no sound for move {move!r}")
        chime, words = "chime-change", f"say-move-{move}"
    elif kind in WALK_CUES or kind in PHASES:
        chime, words = _OPENING_CHIME.get(kind, "chime-change"), f"say-{kind}"
    else:
        raise ValueError(f"no sound for announcement {kind!r}")
    if mode is SoundMode.OFF:
        return ()
    if mode is SoundMode.CHIME_ONLY or words is None:
        return (chime,)
    return (chime, words)
