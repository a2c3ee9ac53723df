"""Walk time never jumps on any path, and the after-walk pain is checkpointed (issue #16).

A stopped Stride closed before it ticks again (``kill -STOP``, a signal, ``kill -CONT``) once
saved all the time it was stopped as walked; the after-walk pain lived only in memory until the
final save, so a kill during that save lost it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.engine import Phase, SessionEngine
from stride_tui.core.programme import today_for
from stride_tui.core.records import Profile, SessionStatus
from tests.fakes import FakeClock
from tests.resilience.terminal import (
    QUIET,
    Terminal,
    check_in,
    history,
    make_profile,
    skip_warm_up,
    wait_until,
    wait_walked,
)
from tests.ui.scenarios import TODAY, make_app, run_phase, seed, settle


def _walking_engine(clock: FakeClock) -> SessionEngine:
    profile = Profile(start_date=TODAY)
    engine = SessionEngine(clock, profile, today_for(profile, [], TODAY), minutes=20)
    engine.check_in([], 2)
    engine.skip_routine()
    assert engine.phase is Phase.WALK
    return engine


def _walk(engine: SessionEngine, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):  # ticking each second, as the app does
        clock.advance(1)
        engine.tick()


def test_interrupt_counts_the_walk_only_up_to_the_last_tick_after_a_jump() -> None:
    clock = FakeClock()
    engine = _walking_engine(clock)
    _walk(engine, clock, 60)
    clock.advance(600)  # stopped for ten minutes, then closed before any tick
    record = engine.interrupt()
    assert record.status is SessionStatus.ENDED_EARLY
    assert record.walked_seconds == 60


def test_interrupt_without_a_jump_counts_up_to_now() -> None:
    clock = FakeClock()
    engine = _walking_engine(clock)
    _walk(engine, clock, 60)
    clock.advance(2)
    assert engine.interrupt().walked_seconds == 62


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return ""


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_a_stopped_walk_ended_before_it_wakes_saves_only_time_walked(
    term: Terminal, data_dir: Path, how: str
) -> None:
    make_profile(data_dir)
    # At 10x a 2-minute walk; the app's jump threshold is 5 s of real time.
    term.start("walk", *QUIET, "--minutes", "2", "--time-scale", "10", shell=True)
    check_in(term)
    skip_warm_up(term)
    _, before_stop = wait_walked(term, 10, timeout=10)
    pid = term.pid()
    os.kill(pid, signal.SIGSTOP)
    try:
        wait_until(lambda: _state(pid) == "T", 2, "Stride to be stopped")
        time.sleep(7)  # 70 walk seconds the walker did not walk
        # Delivered the moment it runs again, before any tick.
        os.kill(pid, getattr(signal, how))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)
    wait_until(lambda: _state(pid) in ("", "Z"), 15, "Stride to exit")
    (session,) = history(data_dir)
    assert session["status"] == "ended-early"
    # Up to the last tick (at most a second of real time after the clock read), not +70 s.
    assert before_stop <= session["walked_seconds"] <= before_stop + 25, session


async def test_the_after_walk_pain_is_checkpointed_before_the_final_save(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir, walk_minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"nnnn", "2", "enter")
        await pilot.pause()
        driver = app.driver
        assert driver is not None
        # Straight from the pain score to the summary: no strength or cool-down after it.
        driver.engine.target = driver.engine.target._replace(
            strength_day=False, cool_down=False
        )
        await run_phase(pilot, app)  # warm-up
        await run_phase(pilot, app)  # the walk
        await settle(pilot, app)
        assert driver.engine.phase is Phase.PAIN_AFTER

        # The process is killed during the final save: that save never lands.
        never: Future[Any] = Future()
        driver.save = lambda: never  # type: ignore[method-assign]
        await pilot.press("1", "enter")
        await settle(pilot, app)
        assert driver.engine.phase is Phase.DONE

        doc = json.loads((_private_data_dir / "checkpoint.json").read_bytes())
        assert doc["session"]["pain_after"] == 1
        assert doc["session"]["walked_seconds"] == 60
