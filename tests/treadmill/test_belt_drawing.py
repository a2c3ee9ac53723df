"""With a treadmill, the walk screen is drawn once a second, not twice: a reading with nothing
to say waits for the tick due within the second; one that changes the walk is drawn at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stride_tui.core.belt import BeltReading
from stride_tui.ui.screens.walk import WalkScreen
from stride_tui.ui.widgets.live_line import LiveLine
from tests.ui.scenarios import advance, check_in, make_app, run_phase, seed, settle


def count_draws(screen: WalkScreen) -> list[int]:
    """Each call of the walk screen's redraw, from now on."""
    draws: list[int] = []
    redraw = screen.refresh_view

    def counted() -> None:
        draws.append(1)
        redraw()

    screen.refresh_view = counted  # type: ignore[method-assign]
    return draws


async def test_a_reading_with_nothing_to_say_waits_for_the_tick_and_a_change_does_not(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        driver: Any = app.driver
        driver.belt(BeltReading(True, 4.8, 100, 0.0))
        await run_phase(pilot, app)  # the warm-up; the belt runs, so the walk starts
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        await advance(pilot, app, 3)
        belt = screen.query_one("#walk-belt", LiveLine)
        draws = count_draws(screen)
        shown = belt.text

        # A new distance alone: drawn by the next tick, not at once.
        assert driver.timer is not None  # the tick is armed
        driver.belt(BeltReading(True, 4.8, 180, 0.0))
        await pilot.pause()
        assert draws == [] and belt.text == shown
        await advance(pilot, app, 1)
        assert draws and belt.text != shown

        # The belt stops: after its grace the walk pauses, said on the tick that finds it.
        driver.belt(BeltReading(False, 0.0, 180, 0.0))
        await advance(pilot, app, 10)
        assert driver.engine.paused and "the belt stopped" in str(
            screen.query_one("#walk-status").visual)
        # While paused no tick is armed: a reading is drawn at once.
        assert driver.timer is None
        del draws[:]
        driver.belt(BeltReading(False, 0.0, 180, 2.0))
        assert draws == [1]
        # It starts again: the walk resumes, drawn at once.
        driver.belt(BeltReading(True, 4.8, 181, 0.0))
        assert draws == [1, 1] and not driver.engine.paused
