"""The session engine, driven by a fake clock: a whole session in milliseconds of real time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from stride_tui.core.cues import CueKind, cue_schedule
from stride_tui.core.engine import (
    CountdownTick,
    CueFired,
    PainChecked,
    Paused,
    PauseReason,
    Phase,
    PhaseChanged,
    Resumed,
    SessionEngine,
    SessionError,
    StepStarted,
    WalkEnded,
)
from stride_tui.core.plan import DailyTarget
from stride_tui.core.programme import today_for
from stride_tui.core.records import (
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    StepStatus,
)
from stride_tui.core.safety import PainAction, RedFlag
from tests.fakes import FakeClock

from .builders import WALL, Drive, walked_in_full
from .test_cues import FORTY_FIVE_MINUTES

DONE, SKIPPED = StepStatus.DONE, StepStatus.SKIPPED
# Started 70 days before WALL and walked in full every week: on 2 March 2026 the walker is on the
# top level — 45 minutes a day, a strength day (nothing done this week yet) and a cool-down.
WEEK_ELEVEN_START = date(2025, 12, 22)
# Started 7 days before WALL, week 1 walked in full: level 2, where pain above 3/10 stops the walk.
WEEK_TWO_START = date(2026, 2, 23)


def session(start: date = WEEK_ELEVEN_START, minutes: int | None = None) -> tuple[
    SessionEngine, Drive, DailyTarget
]:
    clock = FakeClock(start=WALL)
    profile = Profile(start_date=start)
    target = today_for(profile, walked_in_full(start, WALL.date()), WALL.date())
    engine = SessionEngine(clock, profile, target, minutes=minutes, session_id="walk-1")
    return engine, Drive(engine, clock), target


def walking(start: date = WEEK_ELEVEN_START, minutes: int | None = None, pain: int = 2) -> tuple[
    SessionEngine, Drive
]:
    """A session that has checked in and skipped the warm-up: the walk starts at offset 0."""
    engine, drive, _ = session(start, minutes)
    engine.check_in([], pain)
    events = engine.skip_routine()
    assert events == [PhaseChanged(Phase.WALK)]
    drive.mark()
    return engine, drive


def to_walk_second(engine: SessionEngine, drive: Drive, second: float) -> None:
    drive.until(lambda: engine.walk_elapsed >= second, seconds=1.0)
    assert engine.walk_elapsed == second


def test_the_top_level_is_a_45_minute_strength_and_cool_down_day() -> None:
    _, _, target = session()
    assert (target.week, target.session_minutes) == (10, 45)
    assert target.strength_day and target.cool_down


# --- a whole session ---------------------------------------------------------------------------


@pytest.mark.parametrize("step", [None, 1.0], ids=["next-wakeup", "one-second-ticks"])
def test_a_whole_45_minute_session_keeps_every_second(step: float | None) -> None:
    engine, drive, _ = session()
    assert engine.walk_seconds == 2700
    assert engine.cues == cue_schedule(2700)

    # Check-in, then the warm-up: each step starts at its exact second, counting down 3-2-1.
    first = drive.record(engine.check_in([], 3))
    assert first[0] == PhaseChanged(Phase.WARM_UP)
    assert engine.next_wakeup() == 1.0
    drive.until(lambda: engine.phase is Phase.WALK, step)
    starts = drive.of(StepStarted)
    assert [(t, e.step.move.id, e.step.side, e.index, e.total) for t, e in starts] == [
        (0, "march", None, 0, 5),
        (30, "cat-camel", None, 1, 5),
        (70, "ankle-circles", "clockwise", 2, 5),
        (85, "ankle-circles", "anticlockwise", 3, 5),
        (100, "glute-squeezes", None, 4, 5),
    ]
    assert [(t, e.seconds_left) for t, e in drive.of(CountdownTick)] == [
        (end - n, n) for end in (30, 70, 85, 100, 130) for n in (3, 2, 1)
    ]
    assert drive.of(PhaseChanged)[-1] == (130, PhaseChanged(Phase.WALK))

    # The walk: every cue at its exact second, and the walk ends at exactly 2700 s.
    drive.mark()
    drive.log.clear()
    drive.until(lambda: engine.phase is not Phase.WALK, step)
    fired = drive.of(CueFired)
    assert [(e.cue.at, e.cue.kind) for _, e in fired] == FORTY_FIVE_MINUTES
    for t, e in fired:
        assert isinstance(e, CueFired)
        assert e.fired == e.cue.at
        assert e.lateness == 0
        assert t == e.cue.at
    assert drive.of(WalkEnded) == [(2700, WalkEnded(SessionStatus.COMPLETED, 2700.0))]
    assert engine.phase is Phase.PAIN_AFTER
    assert engine.next_wakeup() is None

    # Pain after, then strength (a strength day): bridges in three sets with rests, then sides.
    drive.mark()
    drive.log.clear()
    assert drive.record(engine.set_pain_after(2))[0] == PhaseChanged(Phase.STRENGTH)
    drive.until(lambda: engine.phase is not Phase.STRENGTH, step)
    assert [(t, e.step.move.id, e.step.rest) for t, e in drive.of(StepStarted)] == [
        (0, "glute-bridges", False),
        (45, "glute-bridges", True),
        (75, "glute-bridges", False),
        (120, "glute-bridges", True),
        (150, "glute-bridges", False),
        (195, "bird-dog", False),
        (235, "bird-dog", False),
        (275, "hamstring-stretch", False),
        (305, "hamstring-stretch", False),
        (335, "slow-walk", False),
    ]
    assert (335, PhaseChanged(Phase.COOL_DOWN)) in drive.log

    # Cool-down (week 4 onwards), then done.
    drive.mark()
    drive.log.clear()
    drive.until(lambda: engine.phase is Phase.DONE, step)
    assert [(t, e.step.move.id) for t, e in drive.of(StepStarted)] == [
        (60, "calf-stretch"), (80, "calf-stretch"), (100, "hip-flexor-stretch"),
        (120, "hip-flexor-stretch"),
    ]
    assert drive.log[-1] == (140, PhaseChanged(Phase.DONE))
    assert engine.next_wakeup() is None
    assert engine.tick() == []

    record = engine.record
    assert record.id == "walk-1"
    assert record.status is SessionStatus.COMPLETED
    assert (record.day, record.started_at, record.week) == (date(2026, 3, 2), WALL, 10)
    assert record.target_minutes == 45
    assert record.walked_seconds == 2700.0
    assert (record.pain_before, record.pain_after) == (3, 2)
    assert [(c.kind, c.due, c.fired) for c in record.cues] == [
        (kind.value, float(at), float(at)) for at, kind in FORTY_FIVE_MINUTES
    ]
    assert [(s.move, s.status, s.seconds) for s in record.warm_up] == [
        ("march", DONE, 30), ("cat-camel", DONE, 40), ("ankle-circles", DONE, 15),
        ("ankle-circles", DONE, 15), ("glute-squeezes", DONE, 30),
    ]
    assert [(s.move, s.status, s.seconds) for s in record.strength] == [
        ("glute-bridges", DONE, 45), ("glute-bridges", DONE, 45), ("glute-bridges", DONE, 45),
        ("bird-dog", DONE, 40), ("bird-dog", DONE, 40),
        ("hamstring-stretch", DONE, 30), ("hamstring-stretch", DONE, 30),
    ]
    assert [(s.move, s.seconds) for s in record.cool_down] == [
        ("slow-walk", 60), ("calf-stretch", 20), ("calf-stretch", 20),
        ("hip-flexor-stretch", 20), ("hip-flexor-stretch", 20),
    ]
    assert record.ended_at is not None
    assert record.ended_at >= WALL + timedelta(seconds=130 + 2700)
    assert SessionRecord.from_dict(record.to_dict()) == record


def test_ticks_at_odd_moments_fire_each_cue_once_never_early_and_at_most_one_tick_late() -> None:
    engine, drive = walking()
    drive.until(lambda: engine.phase is not Phase.WALK, seconds=0.3)
    fired = [e for _, e in drive.of(CueFired) if isinstance(e, CueFired)]
    assert [(e.cue.at, e.cue.kind) for e in fired] == FORTY_FIVE_MINUTES
    assert all(0 <= e.lateness < 0.3 + 1e-6 for e in fired)
    assert engine.record.walked_seconds == 2700.0


def test_a_session_without_strength_or_cool_down_goes_from_pain_after_to_done() -> None:
    clock = FakeClock(start=WALL)
    profile = Profile(start_date=WALL.date())  # week 1: no cool-down
    target = today_for(profile, [], WALL.date())._replace(strength_day=False)
    assert not target.cool_down
    engine = SessionEngine(clock, profile, target)
    engine.check_in([], 1)
    engine.skip_routine()
    drive = Drive(engine, clock)
    drive.until(lambda: engine.phase is Phase.PAIN_AFTER)
    assert drive.now == 600
    assert engine.set_pain_after(1) == [PhaseChanged(Phase.DONE)]
    assert engine.record.strength == [] and engine.record.cool_down == []


def test_a_walk_of_set_minutes_overrides_the_target() -> None:
    engine, drive = walking(minutes=10)
    assert engine.walk_seconds == 600
    assert engine.record.target_minutes == 10
    drive.until(lambda: engine.phase is not Phase.WALK)
    assert drive.of(WalkEnded) == [(600, WalkEnded(SessionStatus.COMPLETED, 600.0))]


# --- pause and suspend ---------------------------------------------------------------------


def test_paused_time_is_not_counted_and_cues_shift_by_exactly_the_pause() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 1000)
    assert drive.record(engine.pause()) == [Paused(PauseReason.BY_YOU)]
    assert engine.next_wakeup() is None
    for _ in range(300):  # the screen may keep ticking while paused
        drive.step(1.0)
    drive.clock.advance(300)  # ... or not tick at all: a long pause is not a suspend
    assert engine.tick() == []
    assert engine.walk_elapsed == 1000
    assert drive.record(engine.resume()) == [Resumed()]
    drive.until(lambda: engine.phase is not Phase.WALK)

    fired = drive.of(CueFired)
    assert [(e.cue.at, e.cue.kind) for _, e in fired] == FORTY_FIVE_MINUTES
    for t, e in fired:
        assert isinstance(e, CueFired)
        assert e.fired == e.cue.at
        assert t == (e.cue.at if e.cue.at <= 1000 else e.cue.at + 600)
    assert drive.of(WalkEnded) == [(3300, WalkEnded(SessionStatus.COMPLETED, 2700.0))]


def test_toggle_pause_pauses_then_resumes() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 10)
    assert engine.toggle_pause() == [Paused(PauseReason.BY_YOU)]
    assert engine.paused and engine.pause_reason is PauseReason.BY_YOU
    assert engine.toggle_pause() == [Resumed()]
    assert not engine.paused


def test_a_suspended_laptop_pauses_the_walk_at_the_last_tick_without_a_burst_of_cues() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 500)
    cues_before = len(engine.record.cues)
    drive.clock.advance(20 * 60)  # the lid was shut: no tick for 20 minutes
    assert drive.record(engine.tick()) == [Paused(PauseReason.SUSPEND, gap_seconds=1200.0)]
    assert engine.paused and engine.pause_reason is PauseReason.SUSPEND
    assert engine.walk_elapsed == 500
    assert len(engine.record.cues) == cues_before
    assert engine.snapshot().walked_seconds == 500.0
    assert engine.next_wakeup() is None
    assert engine.tick() == []

    assert drive.record(engine.resume()) == [Resumed()]
    drive.until(lambda: engine.phase is not Phase.WALK)
    fired = drive.of(CueFired)
    assert [(e.cue.at, e.cue.kind) for _, e in fired] == FORTY_FIVE_MINUTES
    for t, e in fired:
        assert isinstance(e, CueFired)
        assert e.fired == e.cue.at
        assert t == (e.cue.at if e.cue.at <= 500 else e.cue.at + 1200)
    assert drive.of(WalkEnded) == [(3900, WalkEnded(SessionStatus.COMPLETED, 2700.0))]
    assert len(engine.record.cues) == len(FORTY_FIVE_MINUTES)


def test_a_suspend_during_the_warm_up_pauses_the_step_where_it_was() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 10, seconds=1.0)
    drive.clock.advance(60)
    assert engine.tick() == [Paused(PauseReason.SUSPEND, gap_seconds=60.0)]
    assert engine.routine is not None and engine.routine.index == 0
    engine.resume()
    drive.until(lambda: engine.routine is not None and engine.routine.index == 1, seconds=1.0)
    assert drive.now == 10 + 60 + 20  # march had 20 s left when the lid shut


def test_a_tick_a_little_late_fires_the_due_cue_once_and_says_how_late() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 298)
    events = drive.step(3.0)  # three seconds late: not a suspend
    assert [(e.cue.at, e.fired, e.lateness) for e in events if isinstance(e, CueFired)] == [
        (300, 301.0, 1.0)
    ]
    assert engine.record.cues[-1].due == 300.0 and engine.record.cues[-1].fired == 301.0


def test_pausing_as_the_warm_up_ends_pauses_the_walk() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 129, seconds=1.0)
    drive.clock.advance(1)  # the warm-up is due to end as "pause" is pressed
    assert engine.pause() == [PhaseChanged(Phase.WALK), Paused(PauseReason.BY_YOU)]
    assert engine.phase is Phase.WALK and engine.paused
    drive.clock.advance(600)
    assert engine.walk_elapsed == 0
    engine.resume()
    drive.mark()
    drive.until(lambda: len(engine.record.cues) == 1)
    assert drive.now == 120  # the first cue, a stride check at 2:00 of walking


def test_pausing_as_the_walk_ends_ends_the_walk_without_pausing_the_next_step() -> None:
    engine, drive = walking(minutes=10)
    to_walk_second(engine, drive, 599)
    drive.clock.advance(1)
    events = engine.pause()
    assert events == [
        WalkEnded(SessionStatus.COMPLETED, 600.0), PhaseChanged(Phase.PAIN_AFTER),
    ]
    assert not engine.paused


# --- warm-up keys ----------------------------------------------------------------------------


def test_skip_and_back_in_the_warm_up_record_what_was_skipped() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 10, seconds=1.0)

    skipped = drive.record(engine.skip())  # march skipped after 10 s
    assert [(e.step.move.id, e.index) for e in skipped if isinstance(e, StepStarted)] == [
        ("cat-camel", 1)
    ]
    drive.step(1.0)
    back = drive.record(engine.back())  # 1 s into cat-camel: back to the march, from its start
    assert [(e.step.move.id, e.index) for e in back if isinstance(e, StepStarted)] == [
        ("march", 0)
    ]
    assert engine.snapshot().warm_up == []

    drive.until(lambda: engine.routine is not None and engine.routine.index == 1, seconds=1.0)
    assert drive.now == 11 + 30
    drive.until(lambda: drive.now >= 51, seconds=1.0)
    again = engine.back()  # 10 s into cat-camel: back restarts it
    assert [(e.step.move.id, e.index) for e in again if isinstance(e, StepStarted)] == [
        ("cat-camel", 1)
    ]
    drive.until(lambda: engine.routine is not None and engine.routine.index == 2, seconds=1.0)
    assert drive.now == 51 + 40

    drive.until(lambda: drive.now >= 96, seconds=1.0)
    engine.skip()  # ankle circles clockwise, after 5 s
    engine.skip()  # anticlockwise
    assert engine.skip() == [PhaseChanged(Phase.WALK)]  # glute squeezes: the walk starts
    assert [(s.move, s.status, s.seconds) for s in engine.record.warm_up] == [
        ("march", DONE, 30), ("cat-camel", DONE, 40), ("ankle-circles", SKIPPED, 5.0),
        ("ankle-circles", SKIPPED, 0.0), ("glute-squeezes", SKIPPED, 0.0),
    ]


def test_skipping_the_whole_warm_up_records_every_move_as_skipped() -> None:
    engine, _ = walking()
    assert [(s.move, s.status) for s in engine.record.warm_up] == [
        ("march", SKIPPED), ("cat-camel", SKIPPED), ("ankle-circles", SKIPPED),
        ("ankle-circles", SKIPPED), ("glute-squeezes", SKIPPED),
    ]


def test_back_into_a_rest_between_sets_keeps_the_set_already_done() -> None:
    engine, drive = walking(minutes=1)
    drive.until(lambda: engine.phase is Phase.PAIN_AFTER)
    engine.set_pain_after(2)
    drive.mark()
    drive.until(lambda: engine.routine is not None and engine.routine.index == 2, seconds=1.0)
    assert drive.now == 75  # set 2 of the bridges
    drive.step(1.0)
    back = engine.back()
    assert [(e.index, e.step.rest) for e in back if isinstance(e, StepStarted)] == [(1, True)]
    drive.until(lambda: engine.phase is Phase.COOL_DOWN, seconds=1.0)
    assert drive.now == 76 + 30 + 45 + 30 + 45 + 80 + 60
    assert [(s.move, s.status) for s in engine.record.strength] == [
        ("glute-bridges", DONE), ("glute-bridges", DONE), ("glute-bridges", DONE),
        ("bird-dog", DONE), ("bird-dog", DONE),
        ("hamstring-stretch", DONE), ("hamstring-stretch", DONE),
    ]


# --- ending a walk -----------------------------------------------------------------------------


def test_ending_early_saves_the_walked_time() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 754)
    assert engine.end_walk_early() == [
        WalkEnded(SessionStatus.ENDED_EARLY, 754.0), PhaseChanged(Phase.PAIN_AFTER),
    ]
    assert engine.record.status is SessionStatus.ENDED_EARLY
    assert engine.record.walked_seconds == 754.0
    assert [c.due for c in engine.record.cues] == [120, 240, 300, 420, 600, 675, 720]
    drive.clock.advance(2000)
    assert engine.tick() == []
    assert engine.record.walked_seconds == 754.0


def test_ending_early_while_paused_counts_only_the_walking() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 200)
    engine.pause()
    drive.clock.advance(100)
    assert engine.end_walk_early()[0] == WalkEnded(SessionStatus.ENDED_EARLY, 200.0)


def test_a_week_two_pain_check_above_three_ends_the_walk() -> None:
    engine, drive = walking(WEEK_TWO_START, pain=2)
    assert engine.target.week == 2
    to_walk_second(engine, drive, 300)
    events = engine.pain_check(4)
    assert isinstance(events[0], PainChecked)
    assert events[0].score == 4 and events[0].outcome.action is PainAction.STOP
    assert events[1:] == [
        WalkEnded(SessionStatus.STOPPED_FOR_PAIN, 300.0), PhaseChanged(Phase.PAIN_AFTER),
    ]
    assert engine.record.status is SessionStatus.STOPPED_FOR_PAIN
    assert engine.record.pain_checks == [PainCheck(300.0, 4, "stop")]
    assert "3/10" in engine.record.note


def test_a_week_two_pain_check_of_three_carries_on() -> None:
    engine, drive = walking(WEEK_TWO_START, pain=2)
    to_walk_second(engine, drive, 300)
    (checked,) = engine.pain_check(3)
    assert isinstance(checked, PainChecked)
    assert checked.outcome.action is PainAction.CONTINUE
    assert engine.phase is Phase.WALK
    assert engine.record.pain_checks == [PainCheck(300.0, 3, "continue")]


def test_a_mid_walk_pain_check_that_fell_says_on_track() -> None:
    engine, drive = walking(pain=5)
    to_walk_second(engine, drive, 1370)
    (checked,) = engine.pain_check(3)
    assert isinstance(checked, PainChecked)
    assert "on track" in checked.outcome.message


def test_closing_stride_during_a_walk_saves_it_as_ended_early() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 321)
    record = engine.interrupt()
    assert record.status is SessionStatus.ENDED_EARLY
    assert record.walked_seconds == 321.0
    assert record.ended_at == WALL + timedelta(seconds=321)
    assert "closed" in record.note


def test_closing_stride_before_the_walk_saves_the_warm_up_so_far() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 35, seconds=1.0)
    record = engine.interrupt()
    assert record.status is SessionStatus.ENDED_EARLY
    assert record.walked_seconds == 0
    assert [(s.move, s.status) for s in record.warm_up] == [("march", DONE)]


def test_closing_stride_at_check_in_saves_an_ended_early_session() -> None:
    engine, _, _ = session()
    record = engine.interrupt()
    assert record.status is SessionStatus.ENDED_EARLY
    assert record.ended_at == WALL


def test_a_snapshot_during_the_walk_has_the_walked_seconds_so_far() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 321)
    snap = engine.snapshot()
    assert snap.status is SessionStatus.IN_PROGRESS
    assert snap.walked_seconds == 321.0
    assert [c.due for c in snap.cues] == [120, 240, 300]
    assert engine.record.walked_seconds == 0.0  # the live record is not touched
    snap.cues.clear()
    assert len(engine.record.cues) == 3


def test_a_snapshot_during_the_warm_up_has_the_steps_so_far() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 75, seconds=1.0)
    assert [s.move for s in engine.snapshot().warm_up] == ["march", "cat-camel"]


# --- red flags -----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", list(RedFlag))
def test_any_red_flag_at_check_in_stops_the_session_and_is_saved(flag: RedFlag) -> None:
    engine, _, _ = session()
    assert engine.check_in([flag], 2) == [PhaseChanged(Phase.RED_FLAG_STOP)]
    record = engine.record
    assert record.status is SessionStatus.RED_FLAG
    assert record.red_flags == [flag.value]
    assert record.walked_seconds == 0
    assert record.pain_before == 2
    assert record.ended_at == WALL
    assert engine.next_wakeup() is None
    assert engine.tick() == []


def test_several_red_flags_are_all_saved() -> None:
    engine, _, _ = session()
    engine.check_in([RedFlag.FEVER, RedFlag.BLADDER_BOWEL], 2)
    assert engine.record.red_flags == ["bladder-bowel", "fever"]


@pytest.mark.parametrize("flag", list(RedFlag))
def test_any_red_flag_during_the_walk_stops_it_at_once(flag: RedFlag) -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 200)
    assert engine.report_red_flag([flag]) == [PhaseChanged(Phase.RED_FLAG_STOP)]
    record = engine.record
    assert record.status is SessionStatus.RED_FLAG
    assert record.red_flags == [flag.value]
    assert record.walked_seconds == 200.0
    assert record.ended_at == WALL + timedelta(seconds=200)
    drive.clock.advance(1)
    assert engine.tick() == []
    assert engine.next_wakeup() is None
    assert [c.due for c in record.cues] == [120]


def test_a_red_flag_during_the_warm_up_keeps_the_steps_done() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 35, seconds=1.0)
    engine.report_red_flag([RedFlag.LEG_NUMBNESS])
    assert engine.phase is Phase.RED_FLAG_STOP
    assert [(s.move, s.status) for s in engine.record.warm_up] == [("march", DONE)]


def test_reporting_a_red_flag_needs_a_flag() -> None:
    engine, _ = walking()
    with pytest.raises(SessionError):
        engine.report_red_flag([])


# --- week-2 check-in -----------------------------------------------------------------------


def test_week_two_check_in_with_pain_four_stops_before_the_warm_up() -> None:
    engine, _, target = session(WEEK_TWO_START)
    assert target.week == 2
    assert engine.check_in([], 4) == [PhaseChanged(Phase.PAIN_STOP)]
    assert engine.record.status is SessionStatus.STOPPED_FOR_PAIN
    assert engine.record.pain_before == 4
    assert engine.record.walked_seconds == 0
    assert engine.record.ended_at == WALL


def test_week_two_check_in_with_pain_three_goes_on_to_the_warm_up() -> None:
    engine, _, _ = session(WEEK_TWO_START)
    assert engine.check_in([], 3)[0] == PhaseChanged(Phase.WARM_UP)


def test_pain_four_at_check_in_after_week_two_goes_on() -> None:
    engine, _, _ = session()
    assert engine.check_in([], 4)[0] == PhaseChanged(Phase.WARM_UP)


# --- time comes from the clock, not from ticks ---------------------------------------------


def test_a_thousand_ticks_in_the_same_instant_fire_nothing_extra() -> None:
    engine, drive = walking()
    to_walk_second(engine, drive, 300)
    assert [c.kind for c in engine.record.cues][-1] == CueKind.SHOULDERS.value
    for _ in range(1000):
        assert engine.tick() == []
    assert engine.walk_elapsed == 300
    assert len(engine.record.cues) == 3


def test_a_thousand_ticks_in_the_same_instant_count_down_once() -> None:
    engine, drive, _ = session()
    engine.check_in([], 2)
    drive.until(lambda: drive.now >= 27, seconds=1.0)
    assert drive.of(CountdownTick) == [(27, CountdownTick(3))]
    for _ in range(1000):
        assert engine.tick() == []
    assert engine.routine is not None and engine.routine.step_elapsed(drive.clock.monotonic()) == 27


def test_next_wakeup_during_the_walk_is_the_next_whole_second() -> None:
    engine, drive = walking()
    drive.step(0.25)
    assert engine.next_wakeup() == 0.75
    to_walk_second(engine, drive, 119.25)
    assert engine.next_wakeup() == 0.75


# --- actions out of place ------------------------------------------------------------------


def test_actions_that_do_not_fit_the_phase_are_refused() -> None:
    engine, _, _ = session()
    with pytest.raises(SessionError):
        engine.pain_check(3)
    with pytest.raises(SessionError):
        engine.set_pain_after(3)
    with pytest.raises(SessionError):
        engine.end_walk_early()
    engine.check_in([], 2)
    with pytest.raises(SessionError):
        engine.check_in([], 2)
    assert engine.resume() == []  # nothing paused


# --- the programme's rules inside the session (issue #10) ------------------------------------


def test_a_red_flag_with_no_pain_score_keeps_pain_unknown_not_zero() -> None:
    engine, _, _ = session()
    engine.check_in([RedFlag.FEVER], None)
    assert engine.record.pain_before is None


def test_a_check_in_without_a_red_flag_needs_a_pain_score() -> None:
    engine, _, _ = session()
    with pytest.raises(SessionError):
        engine.check_in([], None)


def _to_pain_after(engine: SessionEngine, drive: Drive) -> None:
    drive.until(lambda: engine.phase is Phase.PAIN_AFTER)


def test_after_a_pain_rise_the_strength_moves_do_not_start() -> None:
    engine, drive = walking(minutes=1, pain=2)
    _to_pain_after(engine, drive)
    assert engine.target.strength_day
    assert engine.set_pain_after(8)[0] == PhaseChanged(Phase.COOL_DOWN)
    assert engine.record.strength == []


def test_a_rise_at_a_mid_walk_pain_check_also_skips_the_strength_moves() -> None:
    engine, drive = walking(minutes=1, pain=2)
    engine.pain_check(7)
    _to_pain_after(engine, drive)
    assert engine.set_pain_after(3)[0] == PhaseChanged(Phase.COOL_DOWN)


def test_without_a_rise_the_strength_moves_follow_the_walk() -> None:
    engine, drive = walking(minutes=1, pain=2)
    _to_pain_after(engine, drive)
    assert engine.set_pain_after(3)[0] == PhaseChanged(Phase.STRENGTH)


def test_after_a_week_two_pain_stop_the_strength_moves_do_not_start() -> None:
    engine, drive = walking(WEEK_TWO_START, minutes=5, pain=2)
    engine.pain_check(5)
    assert engine.phase is Phase.PAIN_AFTER
    assert engine.set_pain_after(4) == [PhaseChanged(Phase.DONE)]


def test_a_session_on_a_faster_clock_is_saved_as_a_rehearsal() -> None:
    clock = FakeClock(start=WALL)
    clock.scale = 30.0
    profile = Profile(start_date=WALL.date())
    engine = SessionEngine(clock, profile, today_for(profile, [], WALL.date()))
    assert engine.record.rehearsal
    engine, _, _ = session()
    assert not engine.record.rehearsal
