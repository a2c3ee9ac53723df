"""The clock seam: a fake clock moved by hand, a scaled clock for rehearsals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from stride_tui.core.clock import ScaledClock, SystemClock
from stride_tui.core.engine import CueFired, Paused, PauseReason, SessionEngine
from stride_tui.core.programme import today_for
from stride_tui.core.records import Profile
from tests.fakes import FakeClock

from .builders import WALL


def test_a_fake_clock_moves_monotonic_and_wall_time_together() -> None:
    clock = FakeClock(start=WALL, monotonic=5.0)
    clock.advance(90.5)
    assert clock.monotonic() == 95.5
    assert clock.now() == WALL + timedelta(seconds=90.5)


def test_a_fake_clock_never_runs_backwards() -> None:
    with pytest.raises(ValueError):
        FakeClock().advance(-1)


def test_moving_the_fake_wall_clock_leaves_the_stopwatch_alone() -> None:
    clock = FakeClock(start=WALL)
    clock.set_date(WALL + timedelta(days=1))
    assert clock.monotonic() == 1000.0
    assert clock.now().date() == (WALL + timedelta(days=1)).date()


@pytest.mark.parametrize("scale", [0, -2])
def test_a_rehearsal_clock_must_run_forwards(scale: float) -> None:
    with pytest.raises(ValueError, match="above 0"):
        ScaledClock(scale)


def test_a_rehearsal_clock_says_how_long_session_time_takes_for_real() -> None:
    clock = ScaledClock(60)
    assert clock.real_seconds(2700) == 45
    assert clock.monotonic() >= clock._real_anchor


def test_the_system_clock_is_real_time_with_a_time_zone() -> None:
    clock = SystemClock()
    assert clock.scale == 1.0
    assert clock.now().tzinfo is not None
    assert clock.monotonic() <= clock.monotonic()


def test_in_a_sixty_times_rehearsal_a_suspend_is_measured_in_real_seconds() -> None:
    clock = FakeClock(start=WALL)
    clock.scale = 60.0  # 1 real second = 60 clock seconds
    profile = Profile(start_date=WALL.date())
    engine = SessionEngine(clock, profile, today_for(profile, [], WALL.date()))
    engine.check_in([], 1)
    engine.skip_routine()
    clock.advance(240)  # 4 real seconds between ticks: late, not asleep
    fired = [e.cue.at for e in engine.tick() if isinstance(e, CueFired)]
    assert fired == [120, 150, 240]  # stride check, shoulder roll and hands, late
    clock.advance(600)  # 10 real seconds: asleep
    assert engine.tick() == [Paused(PauseReason.SUSPEND, gap_seconds=10.0)]
