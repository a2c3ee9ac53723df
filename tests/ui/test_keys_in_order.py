"""Keys that arrive together are acted on in the order they were typed.

A terminal delivers what was typed in one read when the keys come quickly (a fast typist, a
paste, tmux `send-keys`, a slow moment on the machine). A number and then Enter must save that
number, not the one chosen before it, and not "choose a number": a pain score decides what the
programme does next. These tests post the keys to the app in one go, as its terminal driver
does, and only then let it run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events

from stride_tui.core.records import BackSince
from stride_tui.store import Store
from stride_tui.ui.screens.after import AfterScreen
from stride_tui.ui.screens.checkin import CheckInScreen
from stride_tui.ui.screens.dayafter import DayAfterScreen
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.pain_prompt import PainPromptScreen
from stride_tui.ui.screens.profile import ProfileScreen
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import (
    advance,
    check_in,
    make_app,
    run_phase,
    seed,
    seed_walked_yesterday,
    settle,
)

CHARACTERS = {"enter": "\r", "ctrl+s": "\x13"}


async def burst(pilot: Any, app: Any, *keys: str) -> None:
    """Post every key before the app handles any of them (one read from the terminal)."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    await settle(pilot, app)


async def at_check_in(pilot: Any, app: Any) -> None:
    await settle(pilot, app)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, CheckInScreen)


async def test_a_number_then_enter_at_the_check_in_saves_that_number(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_check_in(pilot, app)
        await pilot.press("2")  # chosen first, then changed in the same breath as Enter
        await burst(pilot, app, "n", "n", "n", "n", "6", "enter")
        assert isinstance(app.screen, RoutineScreen)
        assert app.driver is not None
        assert app.driver.engine.record.pain_before == 6
        assert app.driver.engine.record.red_flags == []


async def test_a_yes_then_enter_at_the_check_in_stops_the_walk(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await at_check_in(pilot, app)
        await pilot.press("n", "n", "n", "2")
        await burst(pilot, app, "y", "enter")
        assert app.driver is None or app.driver.engine.record.red_flags
        assert not isinstance(app.screen, (CheckInScreen, RoutineScreen, WalkScreen))


async def test_a_number_then_enter_after_the_walk_saves_that_number(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir, walk_minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)  # the warm-up
        await run_phase(pilot, app)  # the walk
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("7")
        await burst(pilot, app, "4", "enter")
        assert not isinstance(app.screen, AfterScreen)
        assert app.driver is not None
        assert app.driver.engine.record.pain_after == 4


async def test_a_number_then_enter_in_the_walks_pain_check_saves_that_number(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)  # the warm-up
        assert isinstance(app.screen, WalkScreen)
        await advance(pilot, app, 30)
        await pilot.press("p")
        await settle(pilot, app)
        assert isinstance(app.screen, PainPromptScreen)
        await pilot.press("2")
        await burst(pilot, app, "3", "enter")
        assert isinstance(app.screen, WalkScreen)
        assert app.driver is not None
        assert [c.score for c in app.driver.engine.record.pain_checks] == [3]


async def test_an_answer_a_number_and_enter_on_the_day_after_check_save_those(
    _private_data_dir: Path,
) -> None:
    walked = seed_walked_yesterday(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DayAfterScreen)
        await pilot.press("s", "2")
        await burst(pilot, app, "w", "6", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    with Store.open(_private_data_dir, readonly=True) as store:
        kept = store.get_session(walked.id)
    assert kept is not None and kept.day_after is not None
    assert (kept.day_after.back, kept.day_after.pain_now) == (BackSince.WORSE, 6)


async def test_a_date_typed_then_ctrl_s_saves_the_whole_date(_private_data_dir: Path) -> None:
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        start = app.screen.query_one("#start-date")
        start.value = ""
        start.focus()
        await pilot.pause()
        await burst(pilot, app, *"2026-03-01", "ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    assert app.profile is not None
    assert app.profile.start_date.isoformat() == "2026-03-01"
