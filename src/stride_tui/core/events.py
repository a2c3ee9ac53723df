"""What a session reports: its phases, why it paused, and the events each call returns.

The engine (``core/engine.py``) and the routine stepping (``core/stepping.py``) make these;
the session driver in ``ui/`` delivers them to the screen, the alerts and the checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stride_tui.core.cues import Cue
from stride_tui.core.records import SessionStatus
from stride_tui.core.routines import RoutineStep
from stride_tui.core.safety import PainCheckOutcome


class Phase(StrEnum):
    CHECK_IN = "check-in"
    WARM_UP = "warm-up"
    WALK = "walk"
    PAIN_AFTER = "pain-after"
    STRENGTH = "strength"
    COOL_DOWN = "cool-down"
    DONE = "done"
    RED_FLAG_STOP = "red-flag-stop"
    PAIN_STOP = "pain-stop"


class PauseReason(StrEnum):
    BY_YOU = "by-you"
    SUSPEND = "suspend"
    BELT = "belt"  # the treadmill's belt stopped (or the walk waits for it to start)


class SessionError(RuntimeError):
    """An action that does not fit the session's current phase (a bug in the caller)."""


# --- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseChanged:
    phase: Phase


@dataclass(frozen=True)
class StepStarted:
    routine: str
    step: RoutineStep
    index: int
    total: int


@dataclass(frozen=True)
class CountdownTick:
    seconds_left: int


@dataclass(frozen=True)
class CueFired:
    cue: Cue
    fired: float

    @property
    def lateness(self) -> float:
        return self.fired - self.cue.at


@dataclass(frozen=True)
class Paused:
    reason: PauseReason
    gap_seconds: float = 0.0


@dataclass(frozen=True)
class Resumed:
    pass


@dataclass(frozen=True)
class WalkEnded:
    status: SessionStatus
    walked_seconds: float


@dataclass(frozen=True)
class BeltLinkChanged:
    """The treadmill link came up (``up``) or went down / never came up (``reason`` says why)."""

    up: bool
    reason: str = ""


@dataclass(frozen=True)
class PainChecked:
    score: int
    outcome: PainCheckOutcome


Event = (
    PhaseChanged
    | StepStarted
    | CountdownTick
    | CueFired
    | Paused
    | Resumed
    | WalkEnded
    | PainChecked
    | BeltLinkChanged
)
