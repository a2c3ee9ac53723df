"""A whole walk in the app (headless Pilot) following a treadmill: real bleak, a fake BlueZ.

The belt starting starts the walk, a stop pauses it, a restart resumes it, a link loss falls
back to timing by keys (and the link comes back by itself), and the saved session carries the
distance and speeds the treadmill sent. The session clock is the fake one; Bluetooth is real.
"""

from __future__ import annotations

import asyncio
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.events import PauseReason
from stride_tui.core.records import Condition, LinkState
from stride_tui.store import Store
from stride_tui.treadmill.feed import TreadmillFeed
from stride_tui.ui.app import AppConfig, StrideApp
from stride_tui.ui.screens.after import AfterScreen
from stride_tui.ui.screens.summary import SummaryScreen
from stride_tui.ui.screens.walk import WalkScreen
from stride_tui.ui.widgets.live_line import LiveLine
from tests.fakes import FakeClock
from tests.ui.scenarios import (
    TODAY,
    RecordingAlerts,
    advance,
    check_in,
    run_phase,
    seed,
    settle,
    stored_sessions,
)

from .fake_bluez import ADDRESS, fake_bluez

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

STARTED, STOPPED = b"\x04", b"\x02\x01"


def data(kmh: float, metres: int, incline: float = 0.0) -> bytes:
    """Treadmill Data with speed, distance and incline (flags 0x000C)."""
    return struct.pack("<HH", 0x000C, round(kmh * 100)) + metres.to_bytes(3, "little") + \
        struct.pack("<hh", round(incline * 10), 0x7FFF)


def remember_treadmill(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        profile = store.load_profile()
        assert profile is not None
        profile.treadmill = ADDRESS
        store.save_profile(profile)


def make_app(data_dir: Path) -> tuple[StrideApp, FakeClock, RecordingAlerts, list[TreadmillFeed]]:
    from datetime import datetime

    clock = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 7, 30).astimezone())
    alerts = RecordingAlerts()
    feeds: list[TreadmillFeed] = []

    def feed(address: str) -> TreadmillFeed:
        # every=0: each reading goes on (the test waits for each; the gate has its own test).
        made = TreadmillFeed(address, connect_seconds=6, retry_seconds=0.3, every=0)
        feeds.append(made)
        return made

    config = AppConfig(data_dir=data_dir, clock=clock, alerts=alerts,  # type: ignore[arg-type]
                       today=TODAY, treadmill=feed)
    return StrideApp(config), clock, alerts, feeds


async def until(pilot: Any, condition: Callable[[], bool], what: str,
                push: Callable[[], None] | None = None, seconds: float = 15) -> None:
    """Wait (real time: Bluetooth is real) until ``condition``; ``push`` again meanwhile (a
    notification sent before the subscription is not delivered, as on a real treadmill)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        if push is not None:
            push()
        await asyncio.sleep(0.05)
        await pilot.pause()


async def test_the_walk_follows_the_belt_from_start_to_a_saved_session(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(_private_data_dir)
    remember_treadmill(_private_data_dir)
    with fake_bluez() as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        app, clock, alerts, feeds = make_app(_private_data_dir)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot, app)
            await check_in(pilot, "nnnn", "2")
            driver = app.driver
            assert driver is not None
            follow = driver.engine.belt_follow

            # The treadmill connects during the warm-up; its belt stands still.
            await until(pilot, lambda: follow.linked, "the link",
                        push=lambda: fake.notify("2acd", data(0.0, 1000)))
            await run_phase(pilot, app)  # the warm-up
            screen = app.screen
            assert isinstance(screen, WalkScreen)
            assert driver.engine.pause_reason is PauseReason.BELT
            assert "WAITING" in str(screen.query_one("#walk-status").render())
            await advance(pilot, app, 30)
            assert driver.engine.walk_elapsed == 0

            # The belt starts: so does the walk.
            fake.notify("2ada", STARTED)
            fake.notify("2acd", data(4.0, 1000))
            await until(pilot, lambda: not driver.engine.paused, "the walk to start")
            metres = 1000
            for step in range(10):
                await advance(pilot, app, 6)
                metres += 7 if step < 5 else 8
                kmh = 4.2 if step < 5 else 4.8
                fake.notify("2acd", data(kmh, metres))
                await until(pilot, lambda m=metres: follow.latest is not None
                            and follow.latest.distance_m == m, "a reading")
            assert driver.engine.walk_elapsed == 60
            belt_line = screen.query_one("#walk-belt", LiveLine).text
            assert "4.8 km/h" in belt_line and "0.07 km" in belt_line and "incline 0 %" in belt_line

            # The belt stops: after a few seconds the walk pauses, and says so.
            fake.notify("2ada", STOPPED)
            await until(pilot, lambda: not follow.running, "the stop")
            await advance(pilot, app, 5)
            assert driver.engine.pause_reason is PauseReason.BELT
            assert "the belt stopped" in str(screen.query_one("#walk-status").render())
            assert alerts.kinds[-1] == "paused"
            held = driver.engine.walk_elapsed
            await advance(pilot, app, 20)
            assert driver.engine.walk_elapsed == held

            # It runs again: the walk resumes.
            fake.notify("2ada", STARTED)
            await until(pilot, lambda: not driver.engine.paused, "the restart")
            assert alerts.kinds[-1] == "resumed"

            # The link drops: the walk goes on, timed by keys, and says so.
            fake.disconnect()
            await until(pilot, lambda: not follow.linked, "the link loss")
            assert "link down" in screen.query_one("#walk-belt", LiveLine).text
            said = [n.message for n in app._notifications]
            assert any("The treadmill link was lost." in m and "timed by keys" in m for m in said)
            before = driver.engine.walk_elapsed
            await advance(pilot, app, 10)
            assert driver.engine.walk_elapsed == before + 10
            await pilot.press("space")
            assert driver.engine.pause_reason is PauseReason.BY_YOU
            await pilot.press("space")
            assert not driver.engine.paused

            # ... and comes back by itself.
            await until(pilot, lambda: follow.linked, "the reconnection",
                        push=lambda: fake.notify("2acd", data(4.8, metres + 5)))

            await pilot.press("e")
            await pilot.pause()
            await pilot.press("enter")  # "End the walk now?" — yes
            await settle(pilot, app)
            assert isinstance(app.screen, AfterScreen)
            await pilot.press("1", "enter")
            await settle(pilot, app)
            while not isinstance(app.screen, SummaryScreen):  # strength / cool-down, if any
                await pilot.press("S")
                await settle(pilot, app)
            lines = str(app.screen.query_one("#summary-lines").render())
            assert "dropped during the walk" in lines and "0.08 km" in lines
            assert "4.8 km/h top" in lines
        assert feeds and not feeds[0]._thread.is_alive()  # type: ignore[union-attr]
        # Stride only read: nothing was ever written to the treadmill's Control Point.
        assert not fake.control_point_written()

    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    belt = saved.belt
    assert belt is not None
    assert belt.link is LinkState.DROPPED
    assert belt.distance_m == 75 + 5
    assert belt.top_kmh == 4.8
    assert belt.average_kmh is not None and 4.0 < belt.average_kmh < 5.5
    assert (belt.incline_min, belt.incline_max) == (0.0, 0.0)
    assert belt.belt_seconds >= 60


async def test_an_incline_with_spondylolisthesis_is_flattened_by_cue(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(_private_data_dir, conditions=(Condition.SPONDYLOLISTHESIS,))
    remember_treadmill(_private_data_dir)
    with fake_bluez() as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        app, _, alerts, _ = make_app(_private_data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            await check_in(pilot, "nnnn", "2")
            driver = app.driver
            assert driver is not None
            await until(pilot, lambda: driver.engine.belt_follow.linked, "the link",
                        push=lambda: fake.notify("2acd", data(4.0, 0)))
            await pilot.press("S")  # skip the warm-up: the belt already runs
            await settle(pilot, app)
            assert isinstance(app.screen, WalkScreen) and not driver.engine.paused
            fake.notify("2acd", data(4.0, 10, incline=2.0))
            await until(pilot, lambda: "flatten" in alerts.kinds, "the flatten cue")
            banner = str(app.screen.query_one("#cue-banner").render())
            assert "Flatten the treadmill" in banner
        assert [c.kind for c in driver.engine.record.cues].count("flatten") == 1


async def test_a_treadmill_that_is_not_there_leaves_the_walk_to_the_keys(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(_private_data_dir)
    remember_treadmill(_private_data_dir)
    with fake_bluez(parameters={"device": False}) as fake:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", fake.bus)
        app, _, _, feeds = make_app(_private_data_dir)
        feeds_made = feeds
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot, app)
            await check_in(pilot, "nnnn", "2")
            assert app.driver is not None
            def said() -> list[str]:
                return [n.message for n in app._notifications if "treadmill" in n.message]

            await until(pilot, lambda: bool(said()), "the message")
            [note] = said()
            assert f"The treadmill {ADDRESS} was not found nearby." in note
            assert "timed by keys" in note
            await run_phase(pilot, app)  # the warm-up: the walk then runs by the clock
            assert isinstance(app.screen, WalkScreen) and not app.driver.engine.paused
            await advance(pilot, app, 5)
            assert app.driver.engine.walk_elapsed == 5
            assert "link down" in app.screen.query_one("#walk-belt", LiveLine).text
        assert feeds_made[0].last_error is not None
