"""The session engine: one session from check-in to summary, as a state machine.

The engine owns no timer. The UI (or a test) calls ``tick()`` whenever it likes — typically at
``next_wakeup()`` — and the engine works out what is due from the clock: elapsed walk time is the
monotonic time since the walk's anchor minus the time spent paused, never a count of ticks, so it
cannot drift. A gap between two ticks longer than ``JUMP_SECONDS`` (a laptop suspend) pauses the
walk at the moment of the last tick and says so, instead of firing every missed cue at once.

Every call returns the events it caused, in order, for the UI to show, sound and save.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from stride_tui.core.belt import BeltFollow, BeltReading
from stride_tui.core.clock import Clock
from stride_tui.core.cues import Cue, CueKind, cue_schedule
from stride_tui.core.events import (
    BeltLinkChanged,
    CountdownTick,
    CueFired,
    Event,
    PainChecked,
    Paused,
    PauseReason,
    Phase,
    PhaseChanged,
    Resumed,
    SessionError,
    StepStarted,
    WalkEnded,
)
from stride_tui.core.plan import DailyTarget
from stride_tui.core.programme import offer_strength
from stride_tui.core.records import (
    CueEvent,
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    new_session_id,
)
from stride_tui.core.routines import COOL_DOWN, STRENGTH, WARM_UP, Routine
from stride_tui.core.safety import (
    PainAction,
    RedFlag,
    check_in_pain,
    mid_walk_check,
)
from stride_tui.core.stepping import RoutineRun, Stopwatch, until_next_whole

# Real seconds between two ticks beyond which we assume the machine slept.
JUMP_SECONDS = 5.0


class SessionEngine:
    """One session: check-in → warm-up → walk → pain after → strength → cool-down → done."""

    def __init__(
        self,
        clock: Clock,
        profile: Profile,
        target: DailyTarget,
        *,
        minutes: int | None = None,
        session_id: str | None = None,
        day: date | None = None,
    ) -> None:
        """``day`` is the day the session counts for (default: the clock's date)."""
        self.clock = clock
        self.profile = profile
        self.target = target
        walk_minutes = minutes if minutes is not None else target.session_minutes
        self.walk_seconds = walk_minutes * 60
        self.cues: tuple[Cue, ...] = cue_schedule(self.walk_seconds, profile.conditions)
        self.phase = Phase.CHECK_IN
        self.record = SessionRecord(
            id=session_id or new_session_id(),
            day=day or clock.now().date(),
            started_at=clock.now(),
            status=SessionStatus.IN_PROGRESS,
            target_minutes=walk_minutes,
            week=target.week,
            surface=profile.surface,
            # A faster clock is a rehearsal: saved as such, never counted as a walk.
            rehearsal=clock.scale != 1,
        )
        self.walk_watch: Stopwatch | None = None
        self.routine: RoutineRun | None = None
        self.pause_reason: PauseReason | None = None
        self.last_cue: CueFired | None = None
        self._next_cue = 0
        self._last_tick: float | None = None
        self._jump = clock.clock_seconds(JUMP_SECONDS)
        # The treadmill, when one is linked (core/belt.py has its rules).
        self.belt_follow = BeltFollow(profile.conditions)

    # --- reading the state -----------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.pause_reason is not None

    @property
    def walk_elapsed(self) -> float:
        if self.walk_watch is None:
            return 0.0
        return min(self.walk_seconds, self.walk_watch.elapsed(self.clock.monotonic()))

    @property
    def walk_remaining(self) -> float:
        return max(0.0, self.walk_seconds - self.walk_elapsed)

    @property
    def next_cue(self) -> Cue | None:
        return self.cues[self._next_cue] if self._next_cue < len(self.cues) else None

    def next_wakeup(self) -> float | None:
        """Clock seconds until the next tick is worth making, or None while nothing runs."""
        now = self.clock.monotonic()
        if self.paused:
            return None
        if self.phase is Phase.WALK and self.walk_watch is not None:
            elapsed = self.walk_watch.elapsed(now)
            wait = until_next_whole(elapsed, self.walk_seconds)
            cue = self.next_cue
            if cue is not None:
                wait = min(wait, max(0.0, cue.at - elapsed))
            belt = self.belt_follow.next_due(now)
            return wait if belt is None else min(wait, belt)
        if self.routine is not None and not self.routine.finished:
            return self.routine.next_boundary(now)
        return None

    def snapshot(self) -> SessionRecord:
        """A copy of the record as it stands, for a checkpoint."""
        record = copy.deepcopy(self.record)
        if self.phase is Phase.WALK:
            record.walked_seconds = round(self.walk_elapsed, 3)
            record.belt = self.belt_follow.summary()
        if self.routine is not None:
            _keep_steps(record, self.routine)
        return record

    # --- check-in --------------------------------------------------------------------------

    def check_in(self, red_flags: Iterable[RedFlag], pain_before: int | None) -> list[Event]:
        """Answers of the check-in. Any red flag stops the session here (pain may be unknown
        then, kept as None); so does week-2 pain."""
        self._require(Phase.CHECK_IN)
        flags = list(red_flags)
        self.record.pain_before = pain_before
        if flags:
            return self._red_flag_stop(flags)
        if pain_before is None:
            raise SessionError("check-in needs a pain score unless a red flag was reported")
        outcome = check_in_pain(self.target.week, pain_before)
        if outcome.action is PainAction.STOP:
            self.record.status = SessionStatus.STOPPED_FOR_PAIN
            self.record.note = outcome.message
            self.record.ended_at = self.clock.now()
            return self._enter(Phase.PAIN_STOP)
        return self._start_routine(Phase.WARM_UP, WARM_UP)

    # --- time ------------------------------------------------------------------------------

    def tick(self) -> list[Event]:
        """Bring the session up to the clock's present and return what happened."""
        now = self.clock.monotonic()
        running = not self.paused and (
            self.phase is Phase.WALK or (self.routine is not None and not self.routine.finished)
        )
        if not running:
            self._last_tick = now
            return []
        last, self._last_tick = self._last_tick, now
        if last is not None and now - last > self._jump:
            return self._suspend(last, now - last)
        if self.phase is Phase.WALK:
            return self._tick_walk(now)
        assert self.routine is not None
        events = self.routine.advance(now)
        if self.routine.finished:
            events.extend(self._routine_done())
        return events

    def _tick_walk(self, now: float) -> list[Event]:
        assert self.walk_watch is not None
        elapsed = self.walk_watch.elapsed(now)
        events: list[Event] = []
        while (cue := self.next_cue) is not None and cue.at <= elapsed:
            fired = CueFired(cue, round(elapsed, 4))
            self.record.cues.append(CueEvent(cue.kind.value, float(cue.at), fired.fired))
            self.last_cue = fired
            self._next_cue += 1
            events.append(fired)
        events.extend(self._belt_due(now, elapsed))
        if elapsed >= self.walk_seconds:
            events.extend(self._end_walk(SessionStatus.COMPLETED, float(self.walk_seconds)))
        return events

    def _suspend(self, last: float, gap: float) -> list[Event]:
        watch = self.walk_watch if self.phase is Phase.WALK else (
            self.routine.watch if self.routine else None
        )
        if watch is not None:
            watch.pause(last)
        self.pause_reason = PauseReason.SUSPEND
        return [Paused(PauseReason.SUSPEND, self.clock.real_seconds(gap))]

    # --- keys --------------------------------------------------------------------------------

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.paused else self.pause()

    def pause(self, reason: PauseReason = PauseReason.BY_YOU) -> list[Event]:
        """Pause what runs (the walk or a routine step) for ``reason``."""
        if self._running_watch() is None or self.paused:
            return []
        now = self.clock.monotonic()
        events = self.tick()  # settle what was due before the pause
        # The tick may have moved on (warm-up → walk, walk → pain-after): pause what runs now.
        watch = self._running_watch()
        if watch is None or self.paused:
            return events
        watch.pause(now)
        self.pause_reason = reason
        return [*events, Paused(reason)]

    def resume(self) -> list[Event]:
        watch = self._running_watch()
        if watch is None or not self.paused:
            return []
        now = self.clock.monotonic()
        watch.resume(now)
        self.pause_reason = None
        self._last_tick = now
        self.belt_follow.hold_off()
        return [Resumed()]

    def skip(self) -> list[Event]:
        """Skip the current routine step (warm-up, strength or cool-down)."""
        if self.routine is None or self.routine.finished:
            return []
        events = self.routine.skip(self.clock.monotonic())
        if self.routine.finished:
            events.extend(self._routine_done())
        return events

    def back(self) -> list[Event]:
        if self.routine is None or self.routine.finished:
            return []
        return self.routine.back(self.clock.monotonic())

    def skip_routine(self) -> list[Event]:
        """Skip the rest of the current routine."""
        if self.routine is None:
            return []
        now = self.clock.monotonic()
        while not self.routine.finished:
            self.routine.skip(now)
        return self._routine_done()

    def end_walk_early(self) -> list[Event]:
        self._require(Phase.WALK)
        return self._end_walk(SessionStatus.ENDED_EARLY, self.walk_elapsed)

    def pain_check(self, score: int) -> list[Event]:
        """A pain score given during the walk; in week 2 above 3/10 ends the walk."""
        self._require(Phase.WALK)
        outcome = mid_walk_check(self.target.week, self.record.pain_before, score)
        self.record.pain_checks.append(
            PainCheck(round(self.walk_elapsed, 3), score, outcome.action.value)
        )
        events: list[Event] = [PainChecked(score, outcome)]
        if outcome.action is PainAction.STOP:
            self.record.note = outcome.message
            events.extend(self._end_walk(SessionStatus.STOPPED_FOR_PAIN, self.walk_elapsed))
        return events

    def report_red_flag(self, flags: Iterable[RedFlag]) -> list[Event]:
        """A red-flag symptom: the session stops at once, whatever phase it is in."""
        flags = list(flags)
        if not flags:
            raise SessionError("report_red_flag needs at least one red flag")
        return self._red_flag_stop(flags)

    def set_pain_after(self, score: int) -> list[Event]:
        self._require(Phase.PAIN_AFTER)
        self.record.pain_after = score
        peak = max((c.score for c in self.record.pain_checks), default=None)
        if offer_strength(self.target, self.record.pain_before, score, peak, self.record.status):
            return self._start_routine(Phase.STRENGTH, STRENGTH)
        if self.target.cool_down:
            return self._start_routine(Phase.COOL_DOWN, COOL_DOWN)
        return self._finish()

    # --- the treadmill's belt (core/belt.py) ---------------------------------------------------

    def belt(self, reading: BeltReading) -> list[Event]:
        """A reading from the treadmill: the walk follows the belt, and its safety rules run."""
        events = self.tick()
        now = self.clock.monotonic()
        follow = self.belt_follow
        was_linked = follow.linked
        follow.reading(now, reading, walking=self.phase is Phase.WALK)
        if not was_linked:
            events.append(BeltLinkChanged(True))
        if self.phase is not Phase.WALK:
            return events
        if reading.running and self.pause_reason is PauseReason.BELT:
            events.extend(self.resume())
        if not self.paused:
            events.extend(self._belt_due(now, self.walk_elapsed))
        return events

    def belt_lost(self, reason: str) -> list[Event]:
        """The treadmill link went down (or did not come up): the walk is timed by keys now."""
        events = self.tick()
        if self.belt_follow.lost():
            events.append(BeltLinkChanged(False, reason))
        return events

    def _belt_due(self, now: float, elapsed: float) -> list[Event]:
        """What the belt's rules say is due now: a pause after the belt stopped, safety cues."""
        follow = self.belt_follow
        if not follow.linked or self.paused:
            return []
        if follow.pause_due(now) and self.walk_watch is not None:
            follow.hold_off()
            self.walk_watch.pause(now)
            self.pause_reason = PauseReason.BELT
            return [Paused(PauseReason.BELT)]
        events: list[Event] = []
        for kind in follow.cues_due(now):
            fired = CueFired(Cue(int(elapsed), kind), round(elapsed, 4))
            self.record.cues.append(CueEvent(kind.value, float(int(elapsed)), fired.fired))
            self.last_cue = fired
            events.append(fired)
        return events

    def interrupt(self) -> SessionRecord:
        """The terminal is closing: end what is running and return the record to save.

        The time since the last tick is checked for a jump first, as ``tick`` does: after a
        suspend or a stop (``kill -STOP``, Ctrl-Z) the walk counts up to the last tick only.
        """
        self.tick()
        if self.phase is Phase.WALK:
            self._end_walk(SessionStatus.ENDED_EARLY, self.walk_elapsed)
            self.record.note = "Ended when Stride was closed during the walk."
        elif self.phase in (Phase.CHECK_IN, Phase.WARM_UP):
            if self.routine is not None:
                self.record.warm_up = list(self.routine.records)
            self.record.status = SessionStatus.ENDED_EARLY
            self.record.note = "Closed before the walk started."
        elif self.phase in (Phase.STRENGTH, Phase.COOL_DOWN) and self.routine is not None:
            _keep_steps(self.record, self.routine)
        self.record.ended_at = self.record.ended_at or self.clock.now()
        return self.record

    # --- internals ---------------------------------------------------------------------------

    def _require(self, *phases: Phase) -> None:
        if self.phase not in phases:
            raise SessionError(f"not possible in phase {self.phase.value}")

    def _running_watch(self) -> Stopwatch | None:
        if self.phase is Phase.WALK:
            return self.walk_watch
        if self.routine is not None and not self.routine.finished:
            return self.routine.watch
        return None

    def _enter(self, phase: Phase) -> list[Event]:
        self.phase = phase
        return [PhaseChanged(phase)]

    def _start_routine(self, phase: Phase, routine: Routine) -> list[Event]:
        now = self.clock.monotonic()
        self.routine = RoutineRun(routine, now)
        self.pause_reason = None
        self._last_tick = now
        return [*self._enter(phase), *self.routine._started()]

    def _routine_done(self) -> list[Event]:
        assert self.routine is not None
        _keep_steps(self.record, self.routine)
        finished = self.routine.routine
        self.routine = None
        if finished is WARM_UP:
            return self._start_walk()
        if finished is STRENGTH and self.target.cool_down:
            return self._start_routine(Phase.COOL_DOWN, COOL_DOWN)
        return self._finish()

    def _start_walk(self) -> list[Event]:
        now = self.clock.monotonic()
        self.walk_watch = Stopwatch(now)
        self.pause_reason = None
        self._last_tick = now
        events = self._enter(Phase.WALK)
        if self.belt_follow.linked and not self.belt_follow.running:
            # The walk starts with the belt: held at 0:00 until it moves.
            self.walk_watch.pause(now)
            self.pause_reason = PauseReason.BELT
            events.append(Paused(PauseReason.BELT))
        return events

    def _end_walk(self, status: SessionStatus, walked: float) -> list[Event]:
        self.record.belt = self.belt_follow.summary()
        self.record.status = status
        self.record.walked_seconds = round(walked, 3)
        self.record.ended_at = self.clock.now()
        self.pause_reason = None
        if self.walk_watch is not None:
            self.walk_watch.pause(self.clock.monotonic())
        return [WalkEnded(status, self.record.walked_seconds), *self._enter(Phase.PAIN_AFTER)]

    def _red_flag_stop(self, flags: list[RedFlag]) -> list[Event]:
        if self.phase is Phase.WALK:
            self.record.walked_seconds = round(self.walk_elapsed, 3)
            self.record.belt = self.belt_follow.summary()
        if self.routine is not None:
            _keep_steps(self.record, self.routine)
            self.routine = None
        self.record.red_flags = sorted({*self.record.red_flags, *(f.value for f in flags)})
        self.record.status = SessionStatus.RED_FLAG
        self.record.ended_at = self.clock.now()
        self.pause_reason = None
        return self._enter(Phase.RED_FLAG_STOP)

    def _finish(self) -> list[Event]:
        return self._enter(Phase.DONE)


def _keep_steps(record: SessionRecord, run: RoutineRun) -> None:
    """Put the steps of the routine run so far into the record's field for that routine."""
    steps = list(run.records)
    if run.routine is WARM_UP:
        record.warm_up = steps
    elif run.routine is STRENGTH:
        record.strength = steps
    else:
        record.cool_down = steps


__all__ = [
    "CountdownTick", "CueFired", "CueKind", "Event", "Paused", "PainChecked", "Phase",
    "PauseReason", "PhaseChanged", "Resumed", "SessionEngine", "SessionError", "StepStarted",
    "Stopwatch", "WalkEnded",
]
