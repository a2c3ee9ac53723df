"""What the phone page is told: the session as it stands, as plain JSON-ready data.

Only the current session: no history, no profile beyond the sound mode its cues play in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from stride_tui.alerts.catalogue import clips_for
from stride_tui.core.cues import CueKind
from stride_tui.core.engine import SessionEngine
from stride_tui.core.events import CueFired, Event, PainChecked, PauseReason, Phase
from stride_tui.core.safety import RedFlag, red_flag_advice
from stride_tui.formats import countdown, duration

Listener = Callable[[list[Event]], None]
# The announcement key (``alerts.catalogue``) the computer plays for an event, or None.
Sayer = Callable[[Event], "str | None"]


class CompanionSession(Protocol):
    """What the page may do to a running session: the session driver's own typed methods,
    the same ones the keys call."""

    @property
    def engine(self) -> SessionEngine: ...

    def toggle_pause(self) -> None: ...

    def end_early(self) -> None: ...

    def record_pain(self, score: int) -> None: ...

    def report_red_flag(self, flag: RedFlag) -> None: ...

    def add_listener(self, listener: Listener) -> None: ...

    def remove_listener(self, listener: Listener) -> None: ...


PHASE_LABELS: dict[str, str] = {
    "idle": "Waiting",
    Phase.CHECK_IN: "Check-in",
    Phase.WARM_UP: "Warm-up",
    Phase.WALK: "Walk",
    Phase.PAIN_AFTER: "After the walk",
    Phase.STRENGTH: "Strength",
    Phase.COOL_DOWN: "Cool-down",
    Phase.DONE: "Done",
    Phase.RED_FLAG_STOP: "Stop",
    Phase.PAIN_STOP: "Stop and rest",
}

FLAGS: list[dict[str, str]] = [{"id": f.value, "label": f.label} for f in RedFlag]


def idle_state() -> dict[str, Any]:
    """No session under way (yet, or any more)."""
    return {
        "type": "state", "phase": "idle", "label": PHASE_LABELS["idle"], "paused": False,
        "message": "No session under way. Start today's walk in Stride.",
        "actions": [], "flags": FLAGS,
    }


def session_state(session: CompanionSession, pain_note: str) -> dict[str, Any]:
    """The state the page draws: phase, clocks, cues, the routine step, what can be tapped."""
    engine = session.engine
    phase = engine.phase
    state: dict[str, Any] = {
        "type": "state", "phase": phase.value, "label": PHASE_LABELS[phase],
        "paused": engine.paused, "flags": FLAGS, "message": "",
    }
    if engine.pause_reason is PauseReason.SUSPEND:
        state["message"] = "Paused: the computer slept. Tap Resume to carry on."
    elif engine.paused:
        state["message"] = "Paused. Tap Resume to carry on."
    actions = ["red-flag"]
    if phase is Phase.CHECK_IN:
        state["message"] = "Answer the check-in on the computer."
    elif phase is Phase.WALK:
        actions = ["pause", "end", "pain", "red-flag"]
        state["walk"] = _walk(engine)
        if pain_note:
            state["note"] = pain_note
    elif phase in (Phase.WARM_UP, Phase.STRENGTH, Phase.COOL_DOWN):
        actions = ["pause", "red-flag"]
        state["step"] = _step(engine)
    elif phase is Phase.PAIN_AFTER:
        actions = ["pain", "red-flag"]
        state["walk"] = _walk(engine)
        state["message"] = "How is your back now? Tap a number from 0 to 10."
    elif phase is Phase.DONE:
        actions = []
        state["walk"] = _walk(engine)
        state["message"] = "Session done and saved on the computer. Well done."
    elif phase is Phase.RED_FLAG_STOP:
        actions = []
        flags = [RedFlag(f) for f in engine.record.red_flags]
        advice = red_flag_advice(flags or list(RedFlag)[:1])
        state["advice"] = {"headline": advice.headline, "steps": list(advice.steps),
                           "emergency": advice.emergency}
    elif phase is Phase.PAIN_STOP:
        actions = []
        state["message"] = engine.record.note or "Stop walking for today and rest."
    state["actions"] = actions
    return state


def _walk(engine: SessionEngine) -> dict[str, Any]:
    elapsed = engine.walk_elapsed
    total = engine.walk_seconds
    walk: dict[str, Any] = {
        "elapsed": duration(elapsed),
        "remaining": countdown(engine.walk_remaining),
        "progress": round(elapsed / max(1, total), 4),
        "minutes": total // 60,
    }
    cue = engine.next_cue
    walk["next"] = None if cue is None else {
        "title": cue.title, "in": countdown(max(0.0, cue.at - elapsed)),
    }
    last = engine.last_cue
    walk["last"] = None if last is None else {"title": last.cue.title, "body": last.cue.body}
    return walk


def _step(engine: SessionEngine) -> dict[str, Any] | None:
    run = engine.routine
    if run is None or run.finished:
        return None
    now = engine.clock.monotonic()
    step = run.step
    if step.reps:
        counter, unit = f"{step.rep_at(run.step_elapsed(now))}/{step.reps}", "reps"
    else:
        counter, unit = countdown(run.step_remaining(now)), "left"
    move, moves = run.place
    return {
        "routine": run.routine.title,
        "index": move,
        "total": moves,
        "rest": step.rest,
        "name": step.title + (f" — {step.detail}" if step.detail else ""),
        "how": "Breathe and shake out your arms." if step.rest else step.move.how,
        "counter": counter,
        "unit": unit,
    }


def sounds_for(events: list[Event], say: Sayer, session: CompanionSession) -> list[dict[str, Any]]:
    """The announcements in ``events``: each with the clips the computer would play for it."""
    mode = session.engine.profile.sound
    sounds = []
    for event in events:
        key = say(event)
        if key is None:
            continue
        try:
            clips = clips_for(key, mode)
        except ValueError:
            clips = ("chime-change",)
        if clips:
            sounds.append({"key": key, "clips": list(clips)})
    return sounds


def asks_for_pain(events: list[Event]) -> bool:
    """The walk's pain-check cue fired: the page asks, as the computer does."""
    return any(isinstance(e, CueFired) and e.cue.kind is CueKind.PAIN_CHECK for e in events)


def pain_note(events: list[Event], current: str) -> str:
    """The latest pain check's message stays on the page until the next cue."""
    for event in events:
        if isinstance(event, PainChecked):
            current = event.outcome.message
        elif isinstance(event, CueFired):
            current = ""
    return current
