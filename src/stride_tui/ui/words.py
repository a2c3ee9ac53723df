"""What Stride says when the session moves on: the words of each announcement (sound key,
notification title and body, and whether a toast shows it too), keyed by the core's events.

The walk's own cue texts live with the cues (``core/cues.py``); the moves' with the routines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stride_tui.alerts.catalogue import Signal, move_key
from stride_tui.core.events import (
    BeltLinkChanged,
    CountdownTick,
    CueFired,
    Event,
    Paused,
    PauseReason,
    Phase,
    PhaseChanged,
    Resumed,
    StepStarted,
    WalkEnded,
)
from stride_tui.core.records import SessionStatus

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Toast:
    """An on-screen notice that goes with an announcement."""

    severity: Severity
    timeout: float
    title: str


@dataclass(frozen=True)
class Announcement:
    """One thing to say: the sound's key, the notification's words, and maybe a toast."""

    key: str
    title: str
    body: str
    notify: bool = True
    toast: Toast | None = None


PHASE_WORDS: dict[Phase, tuple[Signal, str, str]] = {
    Phase.WARM_UP: (Signal.WARM_UP, "Warm-up", "Two minutes to wake up your back and hips."),
    Phase.WALK: (Signal.WALK_START, "Walk", "Start at an easy pace: you can talk, not sing."),
    Phase.STRENGTH: (Signal.STRENGTH, "Strength moves", "Three moves for your back and glutes."),
    Phase.COOL_DOWN: (Signal.COOL_DOWN, "Cool-down", "Slow down and stretch gently."),
    Phase.RED_FLAG_STOP: (Signal.RED_FLAG, "Stop walking", "Get medical care today."),
}

REST = Announcement(Signal.TICK, "Rest", "Rest before the next set.", notify=False)
TICK = Announcement(Signal.TICK, "", "", notify=False)
PAUSED = Announcement(Signal.PAUSED, "Paused", "Press space to carry on.", notify=False)
RESUMED = Announcement(Signal.RESUMED, "Carry on", "Timer running again.", notify=False)
BELT_PAUSED = Announcement(
    Signal.PAUSED, "Paused", "The belt stands still: the walk waits for it (or press space).",
    notify=False, toast=Toast("information", 5, "Waiting for the belt"),
)
BELT_LINKED = Announcement(
    Signal.TICK, "Treadmill connected", "The walk runs while the belt runs.",
    notify=False, toast=Toast("information", 4, "Treadmill connected"),
)
WALK_DONE = Announcement(Signal.WALK_END, "Walk done", "Target reached. Slow down gently.")
WALK_ENDED = Announcement(Signal.WALK_END, "Walk ended", "Walk ended early. Slow down gently.")


def announcement(event: Event, *, walk_minutes: int, note: str) -> Announcement | None:
    """What to say for ``event``; ``walk_minutes`` and the record's ``note`` fill the words
    that depend on this session."""
    if isinstance(event, PhaseChanged):
        return _phase(event.phase, walk_minutes)
    if isinstance(event, StepStarted):
        step = event.step
        if step.rest:
            return REST
        title = step.title + (f" — {step.detail}" if step.detail else "")
        return Announcement(move_key(step.move), title, step.move.how)
    if isinstance(event, CountdownTick):
        return TICK
    if isinstance(event, CueFired):
        # Sound and the desktop notification; on screen the walk's cue banner shows it (a toast
        # as well would only cover the progress bar and lay the screen out twice).
        return Announcement(event.cue.kind, event.cue.title, event.cue.body)
    if isinstance(event, Paused):
        if event.reason is PauseReason.BELT:
            return BELT_PAUSED
        if event.reason is PauseReason.SUSPEND:
            body = (f"Your computer seemed to sleep for {event.gap_seconds:.0f} s. "
                    "The walk is paused; press space to carry on.")
            return Announcement(Signal.PAUSED, "Walk paused", body,
                                toast=Toast("warning", 10, "Paused"))
        return PAUSED
    if isinstance(event, Resumed):
        return RESUMED
    if isinstance(event, BeltLinkChanged):
        if event.up:
            return BELT_LINKED
        return Announcement(Signal.TICK, "Treadmill not connected", event.reason,
                            notify=False, toast=Toast("warning", 10, "Treadmill not connected"))
    if isinstance(event, WalkEnded):
        if event.status is SessionStatus.COMPLETED:
            return WALK_DONE
        if event.status is SessionStatus.STOPPED_FOR_PAIN:
            return Announcement(Signal.PAIN_STOP, "Stop and rest", note)
        return WALK_ENDED
    return None


def _phase(phase: Phase, walk_minutes: int) -> Announcement | None:
    if phase not in PHASE_WORDS:
        return None
    key, title, body = PHASE_WORDS[phase]
    if phase is Phase.WALK:
        body = f"{walk_minutes} minutes. {body}"
    return Announcement(key, title, body, toast=Toast("information", 4, title))
