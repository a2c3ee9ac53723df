"""The big clocks: each second they show the new time in full, though they ask the terminal to
redraw only the columns that changed, and they follow their CSS (the walk's paused colour)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region

from stride_tui.ui.widgets.big_clock import BigClock, big_text


class OneClock(App[None]):
    CSS = """
    #box { height: 5; color: $text-accent; }
    Screen.paused #box { color: $warning; }
    """

    def compose(self) -> ComposeResult:
        yield BigClock("0:00", template="00:00", id="box")


async def test_a_ticking_big_clock_shows_each_new_time_in_full() -> None:
    app = OneClock()
    async with app.run_test(size=(60, 12)) as pilot:
        clock = app.query_one("#box", BigClock)
        asked: list[tuple[Region, ...]] = []
        refresh = clock.refresh

        def spy(*regions: Region, **kwargs: Any) -> BigClock:
            asked.append(regions)
            return refresh(*regions, **kwargs)

        clock.refresh = spy
        shown = big_text("0:00", 2)
        for value in ("0:01", "0:02", "0:09", "0:10", "9:59", "10:00", "10:01", "1:00"):
            asked.clear()
            clock.value = value
            await pilot.pause()
            strips = app.screen._compositor.render_strips()
            region = clock.region
            rows = [strips[region.y + r].crop(region.x, region.right).text for r in range(5)]
            assert [row.rstrip() for row in rows] == [
                row.rstrip() for row in big_text(value, 2)], value
            # What the terminal is sent: every cell that changed, at least, and (for a digit
            # that changed on some rows only) not its rows that did not.
            changed = {(x, y) for y, (before, after) in enumerate(zip(shown, rows, strict=True))
                       for x, (a, b) in enumerate(zip(before.ljust(len(after)), after,
                                                      strict=True)) if a != b}
            if () not in asked:  # not a repaint of the whole clock
                cells = {(x, y) for regions in asked for r in regions
                         for x in range(r.x, r.right) for y in range(r.y, r.bottom)}
                assert changed <= cells, value
                assert {y for _, y in cells} == {y for _, y in changed}, value
            shown = rows


async def test_a_big_clock_takes_its_new_colour_when_the_walk_pauses() -> None:
    app = OneClock()
    async with app.run_test(size=(60, 12)) as pilot:
        clock = app.query_one("#box", BigClock)
        clock.value = "0:01"
        await pilot.pause()
        running = {segment.style.color for segment in clock.render_line(0) if segment.style}
        app.screen.add_class("paused")
        clock.value = "0:02"
        await pilot.pause()
        paused = {segment.style.color for segment in clock.render_line(0) if segment.style}
        assert running != paused
        assert paused == {clock.rich_style.color}
