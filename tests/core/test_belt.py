"""The walk follows the treadmill's belt, and the belt's data brings its own safety cues."""

from __future__ import annotations

from datetime import date, timedelta

from stride_tui.core.belt import STOP_GRACE, BeltReading, usual_speed_kmh
from stride_tui.core.cues import CueKind
from stride_tui.core.digest import SessionDigest
from stride_tui.core.engine import SessionEngine
from stride_tui.core.events import (
    BeltLinkChanged,
    CueFired,
    Paused,
    PauseReason,
    Phase,
    PhaseChanged,
    Resumed,
)
from stride_tui.core.programme import today_for
from stride_tui.core.records import Condition, LinkState, Profile, SessionStatus
from tests.fakes import FakeClock

from .builders import WALL, walked_in_full

START = date(2025, 12, 22)


def session(conditions: tuple[Condition, ...] = ()) -> tuple[SessionEngine, FakeClock]:
    clock = FakeClock(start=WALL)
    profile = Profile(start_date=START, conditions=list(conditions))
    target = today_for(profile, walked_in_full(START, WALL.date()), WALL.date())
    engine = SessionEngine(clock, profile, target, minutes=20, session_id="belt-1")
    engine.check_in([], 2)
    return engine, clock


def running(kmh: float = 4.0, metres: int = 0, incline: float = 0.0) -> BeltReading:
    return BeltReading(True, kmh, metres, incline)


def stopped(metres: int = 0) -> BeltReading:
    return BeltReading(False, 0.0, metres, 0.0)


def feed(engine: SessionEngine, clock: FakeClock, reading: BeltReading, seconds: float,
         every: float = 1.0) -> list[object]:
    """The same reading every ``every`` seconds for ``seconds`` seconds."""
    events: list[object] = []
    for _ in range(round(seconds / every)):
        clock.advance(every)
        events += engine.belt(reading)
    return events


def test_a_walk_started_with_the_belt_still_waits_for_it_then_starts_with_it() -> None:
    engine, clock = session()
    assert engine.belt(stopped()) == [BeltLinkChanged(True)]
    events = engine.skip_routine()
    assert events == [PhaseChanged(Phase.WALK), Paused(PauseReason.BELT)]
    clock.advance(30)
    assert engine.walk_elapsed == 0
    assert engine.belt(running()) == [Resumed()]
    clock.advance(10)
    assert engine.walk_elapsed == 10


def test_a_belt_stop_pauses_after_the_grace_and_a_restart_resumes() -> None:
    engine, clock = session()
    engine.belt(running())
    engine.skip_routine()
    feed(engine, clock, running(), 60)
    assert not engine.paused
    # A stop shorter than the grace changes nothing.
    events = feed(engine, clock, stopped(), STOP_GRACE - 1)
    assert not any(isinstance(e, Paused) for e in events)
    feed(engine, clock, running(), 5)
    events = feed(engine, clock, stopped(), STOP_GRACE + 1)
    assert Paused(PauseReason.BELT) in events
    assert engine.pause_reason is PauseReason.BELT
    held = engine.walk_elapsed
    feed(engine, clock, stopped(), 30)
    assert engine.walk_elapsed == held
    assert feed(engine, clock, running(), 1) == [Resumed()]


def test_the_belt_pause_comes_by_the_timer_when_readings_stop() -> None:
    engine, clock = session()
    engine.belt(running())
    engine.skip_routine()
    feed(engine, clock, running(), 10)
    engine.belt(stopped())  # the last reading: the treadmill goes quiet
    wait = engine.next_wakeup()
    assert wait is not None and wait <= STOP_GRACE
    clock.advance(STOP_GRACE)
    assert Paused(PauseReason.BELT) in engine.tick()


def test_keys_still_work_and_a_key_pause_is_not_undone_by_the_belt() -> None:
    engine, clock = session()
    engine.belt(running())
    engine.skip_routine()
    engine.pause()
    assert feed(engine, clock, running(), 5) == []
    assert engine.pause_reason is PauseReason.BY_YOU
    engine.resume()
    # Paused by the belt, resumed by a key while it stands: no pause again until a new stop.
    feed(engine, clock, stopped(), STOP_GRACE + 1)
    assert engine.pause_reason is PauseReason.BELT
    engine.resume()
    assert feed(engine, clock, stopped(), 20) == []
    assert not engine.paused


def test_a_lost_link_is_said_once_and_the_walk_goes_on_by_keys() -> None:
    engine, clock = session()
    engine.belt(running())
    engine.skip_routine()
    feed(engine, clock, running(), 10)
    assert engine.belt_lost("gone") == [BeltLinkChanged(False, "gone")]
    assert engine.belt_lost("gone again") == []  # the retries fail quietly
    for _ in range(60):
        clock.advance(1)
        engine.tick()
    assert not engine.paused and engine.walk_elapsed > 60
    assert engine.belt(running()) == [BeltLinkChanged(True)]
    record = engine.end_walk_early() and engine.record
    assert record.belt is not None and record.belt.link is LinkState.DROPPED


def test_a_link_that_never_came_up_is_kept_as_manual() -> None:
    engine, clock = session()
    assert engine.belt_lost("not found") == [BeltLinkChanged(False, "not found")]
    engine.skip_routine()
    assert not engine.paused
    clock.advance(2)
    engine.end_walk_early()
    assert engine.record.belt is not None
    assert engine.record.belt.link is LinkState.MANUAL


def test_no_treadmill_no_belt_figures() -> None:
    engine, clock = session()
    engine.skip_routine()
    clock.advance(2)
    engine.end_walk_early()
    assert engine.record.belt is None


def test_the_walk_keeps_belt_time_distance_speeds_and_incline() -> None:
    engine, clock = session()
    engine.belt(running(4.0, 4900, 0.0))  # the treadmill's count from earlier use
    feed(engine, clock, running(4.0, 5000, 0.0), 90)  # during the warm-up: not the walk's
    engine.skip_routine()
    engine.belt(running(4.0, 5000, 0.0))
    for second in range(1, 121):
        clock.advance(1)
        kmh = 6.0 if second > 60 else 4.0
        metres = 5000 + (second if second <= 60 else 60 + (second - 60) * 5)
        engine.belt(running(kmh, metres, 1.0 if second > 100 else 0.0))
    engine.end_walk_early()
    belt = engine.record.belt
    assert belt is not None and belt.link is LinkState.CONNECTED
    assert belt.belt_seconds == 120
    assert belt.distance_m == 60 * 1 + 60 * 5
    assert belt.top_kmh == 6.0
    # Time-weighted: each reading's speed holds until the next (61 s at 4, 59 s at 6).
    assert belt.average_kmh == round((61 * 4.0 + 59 * 6.0) / 120, 2)
    assert (belt.incline_min, belt.incline_max) == (0.0, 1.0)


def test_a_reset_distance_counts_on_from_zero() -> None:
    engine, clock = session()
    engine.belt(running(4.0, 900))
    engine.skip_routine()
    feed(engine, clock, running(4.0, 1000), 1)
    feed(engine, clock, running(4.0, 40), 1)  # the treadmill was reset
    engine.end_walk_early()
    assert engine.record.belt is not None and engine.record.belt.distance_m == 140


def test_with_spondylolisthesis_an_incline_gets_a_flatten_cue_at_once_and_again() -> None:
    engine, clock = session((Condition.SPONDYLOLISTHESIS,))
    engine.belt(running())
    engine.skip_routine()
    feed(engine, clock, running(), 20)
    first = engine.belt(running(incline=2.0))
    assert [e.cue.kind for e in first if isinstance(e, CueFired)] == [CueKind.FLATTEN]
    again = feed(engine, clock, running(incline=2.0), 65)
    assert [e.cue.kind for e in again if isinstance(e, CueFired)] == [CueKind.FLATTEN] * 2
    feed(engine, clock, running(incline=0.0), 1)
    down = feed(engine, clock, running(incline=-1.0), 1)  # a decline is no flatter
    assert [e.cue.kind for e in down if isinstance(e, CueFired)] == [CueKind.FLATTEN]
    flat = feed(engine, clock, running(incline=0.0), 60)
    assert not any(isinstance(e, CueFired) and e.cue.kind is CueKind.FLATTEN for e in flat)
    kinds = [c.kind for c in engine.record.cues]
    assert kinds.count("flatten") == 4


def test_without_spondylolisthesis_an_incline_is_only_kept() -> None:
    engine, clock = session()
    engine.belt(running())
    engine.skip_routine()
    events = feed(engine, clock, running(incline=3.0), 60)
    assert not any(isinstance(e, CueFired) and e.cue.kind is CueKind.FLATTEN for e in events)


def test_a_speed_far_above_the_usual_gets_one_gentle_talk_test_reminder() -> None:
    engine, clock = session()
    engine.belt_follow.usual_kmh = 4.0
    engine.belt(running())
    engine.skip_routine()
    calm = feed(engine, clock, running(4.7), 60)  # under 20 % over
    assert not any(isinstance(e, CueFired) and e.cue.kind is CueKind.EASE_PACE for e in calm)
    events = feed(engine, clock, running(5.0), 60)
    cues = [e.cue.kind for e in events if isinstance(e, CueFired)]
    assert cues.count(CueKind.EASE_PACE) == 1
    assert "ease-pace" in [c.kind for c in engine.record.cues]


def test_the_usual_speed_is_the_median_of_recent_treadmill_walks() -> None:
    start = WALL - timedelta(days=10)

    def walk(day: int, metres: float | None, seconds: float = 1200.0,
             rehearsal: bool = False) -> SessionDigest:
        return SessionDigest(
            id=f"w{day}", day=(start + timedelta(days=day)).date(),
            started_at=start + timedelta(days=day), status=SessionStatus.COMPLETED,
            target_minutes=20, week=3, walked_seconds=seconds, pain_before=2, pain_after=2,
            strength_done=False, distance_m=metres, rehearsal=rehearsal,
        )

    assert usual_speed_kmh([]) is None
    assert usual_speed_kmh([walk(1, None)]) is None
    walks = [walk(1, 2000), walk(2, 1000), walk(3, 1500), walk(4, 9000, rehearsal=True)]
    assert usual_speed_kmh(walks) == 4.5


def test_the_record_of_the_walk_reaches_the_digest() -> None:
    from stride_tui.core.digest import digest

    engine, clock = session()
    engine.belt(running(4.0, 0))
    engine.skip_routine()
    feed(engine, clock, running(4.0, 100), 1)
    engine.end_walk_early()
    assert digest(engine.record).distance_m == 100
