"""The walk screen's light one-line widgets draw exactly what the Textual widgets they replace
draw (the snapshots cannot show all of it: on the walk screen a toast covers the percentage)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from stride_tui.ui.widgets.live_line import LiveLine, ProgressLine


class SideBySide(App[None]):
    CSS = """
    #old-bar Bar { width: 1fr; }
    .bold { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(total=1200, show_eta=False, id="old-bar")
        yield ProgressLine(1200, id="new-bar")
        yield Static("", id="old-text")
        yield LiveLine(id="new-text")
        yield Static("", id="old-bold", classes="bold")
        yield LiveLine(id="new-bold", classes="bold")


def drawn(app: App[Any], widget: Widget) -> list[tuple[str, Any]]:
    """The cells the screen shows for ``widget``, as (text, style) runs."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    line: Strip = strips[region.y].crop(region.x, region.right)
    return [(segment.text, segment.style) for segment in line.simplify()]


async def test_the_progress_line_draws_what_a_progress_bar_without_eta_draws() -> None:
    app = SideBySide()
    async with app.run_test(size=(60, 12)) as pilot:
        old = app.query_one("#old-bar", ProgressBar)
        new = app.query_one("#new-bar", ProgressLine)
        for theme in ("textual-dark", "textual-light", "textual-dark"):
            app.theme = theme
            await pilot.pause()
            assert drawn(app, new) == drawn(app, old), theme  # new colours, same progress
            # Once, every half cell of the bar (a half cell is about 11 of the 1200 here).
            steps = [x * 5.0 for x in range(241)] if theme == "textual-light" else []
            for progress in (0, 1, 7, 13, 250, 599.5, 600, 1111, 1199, 1200, 1500, 250, *steps):
                old.update(progress=progress)
                new.update(progress)
                await pilot.pause()
                assert drawn(app, new) == drawn(app, old), (theme, progress)


async def test_a_live_line_draws_what_a_static_with_the_same_markup_draws() -> None:
    app = SideBySide()
    async with app.run_test(size=(40, 12)) as pilot:
        cases = [
            ("Next: [b]Shoulder roll[/b]", " in 4:48"),
            ("Next: [b]Shoulder roll[/b]", " in 4:47"),
            ("", "12:04 to go"),
            ("No more cues — walk on to the end.", ""),
            ("Next: [b]A cue with a title too long for the line[/b]", " in 10:00"),
            ("Next: [b]Shoulder roll[/b]", " in 4:46"),
        ]
        for theme in ("textual-dark", "textual-light", "textual-dark"):
            app.theme = theme
            for pair in (("#old-text", "#new-text"), ("#old-bold", "#new-bold")):
                old = app.query_one(pair[0], Static)
                new = app.query_one(pair[1], LiveLine)
                await pilot.pause()
                assert drawn(app, new) == drawn(app, old), (theme, pair)  # new colours only
                for head, tail in cases:
                    old.update(head + tail)
                    new.show(head, tail)
                    await pilot.pause()
                    assert drawn(app, new) == drawn(app, old), (theme, pair, head, tail)
                    assert new.text == old.render().plain  # type: ignore[union-attr]


async def test_a_hidden_live_line_shows_its_latest_text_when_it_is_shown_again() -> None:
    app = SideBySide()
    async with app.run_test(size=(40, 12)) as pilot:
        old = app.query_one("#old-text", Static)
        new = app.query_one("#new-text", LiveLine)
        new.show("", "4:00 to go")
        await pilot.pause()
        new.display = False
        await pilot.pause()
        for seconds in range(59, 49, -1):
            new.show("", f"3:{seconds} to go")
        new.display = True
        old.update("3:50 to go")
        await pilot.pause()
        assert drawn(app, new) == drawn(app, old)


async def test_a_countdown_repaints_only_the_cells_that_changed_and_shows_what_a_static_does(
) -> None:
    from textual.geometry import Region

    app = SideBySide()
    async with app.run_test(size=(40, 12)) as pilot:
        old = app.query_one("#old-text", Static)
        new = app.query_one("#new-text", LiveLine)
        head = "Next: [b]Shoulder roll[/b]"  # 19 cells of text: the tail starts at x = 19
        new.show(head, " in 10:01")
        await pilot.pause()
        asked: list[Region] = []
        original = new.refresh

        def spy(*regions: Region, **kwargs: Any) -> Any:
            asked.extend(regions)
            return original(*regions, **kwargs)

        new.refresh = spy  # type: ignore[method-assign]
        for tail, region in ((" in 10:00", Region(27, 0, 1, 1)),   # the last digit
                             (" in 9:59", Region(23, 0, 5, 1)),    # 10:00 → 9:59, one cell less
                             (" in 9:58", Region(26, 0, 1, 1)),
                             (" in 9:50", Region(26, 0, 1, 1)),
                             (" in 9:49", Region(25, 0, 2, 1))):
            asked.clear()
            new.show(head, tail)
            old.update(head + tail)
            await pilot.pause()
            assert asked == [region], tail
            assert drawn(app, new) == drawn(app, old), tail
