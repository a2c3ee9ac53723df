"""Which cue sounds exist, where they live, and which ones each announcement plays."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from stride_tui.core.records import SoundMode

CHIMES = (
    "chime-start",
    "chime-change",
    "chime-tick",
    "chime-halfway",
    "chime-finish",
    "chime-warning",
)

WALK_CUES = (
    "shoulders",
    "shoulder-roll",
    "stride",
    "hands",
    "talk-test",
    "halfway",
    "last-minute",
    "pain-check",
    "lean-forward",
    "poles",
)

PHASES = (
    "warm-up",
    "walk-start",
    "walk-end",
    "paused",
    "resumed",
    "strength",
    "cool-down",
    "red-flag",
    "pain-stop",
)

MOVES = (
    # warm-up
    "march",
    "cat-camel",
    "ankle-circles",
    "glute-squeezes",
    # strength
    "glute-bridges",
    "bird-dog",
    "hamstring-stretch",
    # cool-down
    "slow-walk",
    "calf-stretch",
    "hip-flexor-stretch",
)

ALL_CLIPS: tuple[str, ...] = (
    CHIMES
    + tuple(f"say-{kind}" for kind in WALK_CUES + PHASES)
    + tuple(f"say-move-{move}" for move in MOVES)
)

# Announcements that must never be dropped from a backed-up sound queue.
URGENT_KINDS = frozenset({"red-flag", "pain-stop"})

# The chime that opens each announcement; anything not listed opens with chime-change.
_OPENING_CHIME = {
    "halfway": "chime-halfway",
    "warm-up": "chime-start",
    "walk-start": "chime-start",
    "resumed": "chime-start",
    "strength": "chime-start",
    "cool-down": "chime-start",
    "walk-end": "chime-finish",
    "red-flag": "chime-warning",
    "pain-stop": "chime-warning",
}

# Chime-only announcements: no words to go with them.
_BARE_CHIMES = {"tick": "chime-tick", "warning": "chime-warning"}


def announcement_kinds() -> tuple[str, ...]:
    """Every kind ``clips_for`` knows (``move:<id>`` spelled out for each move)."""
    return WALK_CUES + PHASES + tuple(f"move:{move}" for move in MOVES) + tuple(_BARE_CHIMES)


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
        chime, words = _BARE_CHIMES[kind], None
    elif kind.startswith("move:"):
        move = kind.removeprefix("move:")
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
