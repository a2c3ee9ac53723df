"""The cue schedule of a walk: what Stride calls out, and at which second.

The schedule is a pure function of the walk's length and the walker's conditions, so the same
walk always gets the same cues. For a walk of T seconds:

* **anchors**, at exact times: halfway at T/2 (walks of a minute or more), the pain check 20 s
  after halfway (walks of 4 minutes or more), the last-minute call at T − 60 (3 minutes or more);
* **form cues**, wanted at: shoulders every 5 minutes; three shoulder rolls at T/4, T/2 and 3T/4 (on
  walks too short for that, at T/8, T/4 and 3T/8);
  a stride check at 2:00 and every 10 minutes after; loose hands at 4:00 and every 10 minutes;
  the talk test at 7:00 and every 10 minutes; for spinal stenosis a lean-forward reminder at
  0:30 and every 5 minutes; for spondylolisthesis a poles reminder at 0:15.

Form cues are placed in order of their wanted time, each at the first second that is at least
``MIN_GAP`` seconds from every cue already placed, so two cues never talk over each other. A form
cue that would land after the last-minute call (or in the final 15 s) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stride_tui.core.records import Condition

MIN_GAP = 20


class CueKind(StrEnum):
    SHOULDERS = "shoulders"
    SHOULDER_ROLL = "shoulder-roll"
    STRIDE = "stride"
    HANDS = "hands"
    TALK_TEST = "talk-test"
    HALFWAY = "halfway"
    LAST_MINUTE = "last-minute"
    PAIN_CHECK = "pain-check"
    LEAN_FORWARD = "lean-forward"
    POLES = "poles"
    # From the treadmill's data (core/belt.py), not the schedule.
    FLATTEN = "flatten"
    EASE_PACE = "ease-pace"

    @property
    def heading(self) -> str:
        return CUE_TEXT[self][0]

    @property
    def body(self) -> str:
        return CUE_TEXT[self][1]


CUE_TEXT: dict[CueKind, tuple[str, str]] = {
    CueKind.SHOULDERS: ("Shoulders", "Let your shoulders drop toward your pockets; head tall."),
    CueKind.SHOULDER_ROLL: (
        "Shoulder roll",
        "Roll your shoulders back and down, toward your pockets.",
    ),
    CueKind.STRIDE: ("Stride check", "Shorter steps: let each foot land under your hip."),
    CueKind.HANDS: ("Loose hands", "Hands soft, as if holding eggs; arms swing forward and back."),
    CueKind.TALK_TEST: ("Talk test", "You should be able to talk, but not sing. Adjust your pace."),
    CueKind.HALFWAY: ("Halfway", "Halfway there. Keep it easy and steady."),
    CueKind.LAST_MINUTE: ("Last minute", "One minute to go. Stay tall and relaxed."),
    CueKind.PAIN_CHECK: ("Pain check", "How is your back? Rate your pain now, 0 to 10."),
    CueKind.LEAN_FORWARD: ("Lean forward", "Lean forward a little on the rails to ease your back."),
    CueKind.POLES: ("Poles, no incline", "Use your walking poles; keep the treadmill flat."),
    CueKind.FLATTEN: ("Flatten the treadmill",
                      "The belt is inclined: bring it back to 0 %. No hills for your back."),
    CueKind.EASE_PACE: ("Easy does it",
                        "Faster than your usual walks: can you still talk? If not, slow down."),
}


@dataclass(frozen=True)
class Cue:
    at: int
    kind: CueKind

    @property
    def title(self) -> str:
        return self.kind.heading

    @property
    def body(self) -> str:
        return self.kind.body


def _every(first: int, step: int, end: int) -> list[int]:
    return list(range(first, end, step)) if first < end else []


def cue_schedule(
    seconds: int, conditions: tuple[Condition, ...] | list[Condition] = ()
) -> tuple[Cue, ...]:
    """All cues of a walk of ``seconds`` seconds, in time order."""
    if seconds <= 0:
        return ()
    anchors: list[Cue] = []
    if seconds >= 60:
        anchors.append(Cue(seconds // 2, CueKind.HALFWAY))
    if seconds >= 240:
        anchors.append(Cue(seconds // 2 + 20, CueKind.PAIN_CHECK))
    if seconds >= 180:
        anchors.append(Cue(seconds - 60, CueKind.LAST_MINUTE))

    # Form cues stop before the last-minute call (or the final 15 s of a short walk).
    limit = seconds - 60 if seconds >= 180 else seconds - 15
    wanted: list[tuple[int, int, CueKind]] = []  # (time, order, kind)

    def want(times: list[int], kind: CueKind) -> None:
        wanted.extend((t, len(wanted), kind) for t in times)

    if Condition.SPONDYLOLISTHESIS in conditions:
        want([15], CueKind.POLES)
    if Condition.SPINAL_STENOSIS in conditions:
        want(_every(30, 300, seconds), CueKind.LEAN_FORWARD)
    want(_every(300, 300, seconds), CueKind.SHOULDERS)
    if seconds >= 120:
        # At a quarter, half and three quarters of the walk; on a short walk, where the last
        # would crowd the last-minute call, at an eighth, a quarter and three eighths (all in
        # the first half, clear of halfway).
        if 3 * seconds // 4 < limit - MIN_GAP:
            want([seconds // 4, seconds // 2, 3 * seconds // 4], CueKind.SHOULDER_ROLL)
        else:
            want([seconds // 8, seconds // 4, 3 * seconds // 8], CueKind.SHOULDER_ROLL)
    want(_every(120, 600, seconds), CueKind.STRIDE)
    want(_every(240, 600, seconds), CueKind.HANDS)
    want(_every(420, 600, seconds), CueKind.TALK_TEST)

    placed = list(anchors)
    for t, _, kind in sorted(wanted):
        at = t
        while any(abs(at - c.at) < MIN_GAP for c in placed):
            at = max(c.at for c in placed if abs(at - c.at) < MIN_GAP) + MIN_GAP
        if at < limit:
            placed.append(Cue(at, kind))
    return tuple(sorted(placed, key=lambda c: c.at))
