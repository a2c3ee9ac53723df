"""Stepping through a routine (warm-up, strength, cool-down): each step timed from its own
exact start, with the last seconds counted down."""

from __future__ import annotations

import math

from stride_tui.core.events import CountdownTick, Event, StepStarted
from stride_tui.core.records import StepRecord, StepStatus
from stride_tui.core.routines import Routine, RoutineStep

COUNTDOWN_FROM = 3


class Stopwatch:
    """Elapsed time from an anchor, less paused time; frozen while paused."""

    def __init__(self, now: float) -> None:
        self.anchor = now
        self.paused_total = 0.0
        self.paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    def elapsed(self, now: float) -> float:
        end = self.paused_at if self.paused_at is not None else now
        return end - self.anchor - self.paused_total

    def pause(self, at: float) -> None:
        if self.paused_at is None:
            self.paused_at = at

    def resume(self, now: float) -> None:
        if self.paused_at is not None:
            self.paused_total += now - self.paused_at
            self.paused_at = None

    def restart(self, at: float) -> None:
        """Start again from zero at ``at`` (keeps a pause in force)."""
        self.anchor = at
        self.paused_total = 0.0
        if self.paused_at is not None:
            self.paused_at = at


class RoutineRun:
    """Progress through one routine's steps, each timed from its own exact start."""

    def __init__(self, routine: Routine, now: float) -> None:
        self.routine = routine
        self.steps = routine.steps()
        self.index = 0
        self.watch = Stopwatch(now)
        self.records: list[StepRecord] = []
        self._ticked: set[int] = set()

    @property
    def step(self) -> RoutineStep:
        return self.steps[self.index]

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def place(self) -> tuple[int, int]:
        """(this move, 1-based; how many moves) as the walker counts them and the session's
        record keeps them: each set and each side is a move, a rest is not. During a rest,
        the move that follows it."""
        moves = [n for n, step in enumerate(self.steps) if not step.rest]
        here = next((k for k, n in enumerate(moves) if n >= self.index), len(moves) - 1)
        return here + 1, len(moves)

    def step_elapsed(self, now: float) -> float:
        return self.watch.elapsed(now)

    def step_remaining(self, now: float) -> float:
        return max(0.0, self.step.seconds - self.watch.elapsed(now))

    def _record(self, status: StepStatus, seconds: float) -> None:
        step = self.step
        if not step.rest:
            self.records.append(StepRecord(step.move.id, status, round(seconds, 3)))

    def _started(self) -> list[Event]:
        self._ticked = set()
        if self.finished:
            return []
        return [StepStarted(self.routine.id, self.step, self.index, len(self.steps))]

    def advance(self, now: float) -> list[Event]:
        """Move past every step whose time is up; each next step starts exactly when due."""
        events: list[Event] = []
        while not self.finished:
            remaining = self.step.seconds - self.watch.elapsed(now)
            for n in range(COUNTDOWN_FROM, 0, -1):
                if remaining <= n and n not in self._ticked and self.step.seconds > n + 1:
                    self._ticked.add(n)
                    events.append(CountdownTick(n))
            if remaining > 0:
                break
            self._record(StepStatus.DONE, self.step.seconds)
            self.watch.anchor += self.step.seconds
            self.index += 1
            events.extend(self._started())
        return events

    def skip(self, now: float) -> list[Event]:
        if self.finished:
            return []
        self._record(StepStatus.SKIPPED, self.watch.elapsed(now))
        self.index += 1
        self.watch.restart(now)
        return self._started()

    def back(self, now: float) -> list[Event]:
        # Early in a step, "back" goes to the previous one; later it restarts this one.
        if self.index > 0 and self.watch.elapsed(now) < 3:
            self.index -= 1
            # A rest step has no record: the last record then belongs to the set before it.
            if not self.step.rest and self.records and self.records[-1].move == self.step.move.id:
                self.records.pop()
        self.watch.restart(now)
        return self._started()

    def next_boundary(self, now: float) -> float:
        """Seconds until the next thing to show or sound: a whole second, a tick, a step end."""
        elapsed = self.watch.elapsed(now)
        return until_next_whole(elapsed, self.step.seconds)


def until_next_whole(elapsed: float, end: float) -> float:
    """Seconds from ``elapsed`` to the next whole second, or to ``end`` if that comes first."""
    nxt = math.floor(elapsed + 1e-9) + 1
    return max(0.0, min(nxt, end) - elapsed)
