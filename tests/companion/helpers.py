"""Shared set-ups for the companion tests: a real Stride app (fake clock, real store) with the
phone page served on 127.0.0.1, and the walk reached through the TUI's own keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stride_tui.companion import Companion
from stride_tui.ui.app import StrideApp
from stride_tui.ui.phone import PhoneScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.fakes import FakeClock
from tests.ui.scenarios import RecordingAlerts, check_in, make_app, run_phase, seed, settle


def phone_app(data_dir: Path, *, walk_minutes: int | None = 4) -> tuple[
        StrideApp, FakeClock, RecordingAlerts]:
    """A returning walker (week 3) and an app that will serve the phone page."""
    seed(data_dir)
    return make_app(data_dir, walk_minutes=walk_minutes)


async def until_serving(pilot: Any, app: StrideApp) -> None:
    """Wait (a few frames at most) for the phone page to be served."""
    for _ in range(20):
        await pilot.pause()
        if app.phone is not None and app.phone.running:
            break


async def serve(pilot: Any, app: StrideApp) -> Companion:
    """Ask for the phone page as a person would (the palette's action), close the address
    screen, and return the server."""
    await settle(pilot, app)
    app.action_phone()
    await until_serving(pilot, app)
    assert app.phone is not None and app.phone.companion is not None
    assert isinstance(app.screen, PhoneScreen)
    await pilot.press("escape")
    await pilot.pause()
    return app.phone.companion


async def into_the_walk(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "2")
    await run_phase(pilot, app)
    assert isinstance(app.screen, WalkScreen)


def record_of(app: StrideApp) -> dict[str, Any]:
    assert app.driver is not None
    return app.driver.engine.snapshot().to_dict()
