"""The walk's clock pair draws what two boxed big clocks side by side drew, cell for cell, in
every layout and colour the walk uses; each second it asks for only the columns that changed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region

from stride_tui.ui.widgets.big_clock import BigClock, big_text
from stride_tui.ui.widgets.clock_pair import ClockPair, ClockSlice

# The walk screen's clocks as they were: two BigClocks in a row, each with its own box.
CSS = """
Horizontal { height: auto; }
.clock-box {
    width: 1fr;
    height: auto;
    border: round $primary 60%;
    border-title-color: $text-muted;
    padding: 0 1;
}
#walked { border: round $accent; color: $text-accent; }
#to-go { color: $text; }
Screen.paused #walked { color: $warning; }
Screen.small #to-go { display: none; }
Screen.short .clock-box { padding: 0; }

Screen.paused #pair > .clock-pair--walked-digits { color: $warning; }
Screen.small #pair > .clock-pair--to-go { display: none; }
Screen.short #pair > .clock-pair--walked { padding: 0; }
"""


class BothWays(App[None]):
    CSS = CSS

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.start_theme = theme

    def compose(self) -> ComposeResult:
        with Horizontal():
            walked = BigClock("0:00", template="00:00", id="walked", classes="clock-box")
            walked.border_title = "walked"
            yield walked
            to_go = BigClock("20:00", template="00:00", id="to-go", classes="clock-box")
            to_go.border_title = "to go"
            yield to_go
        yield ClockPair("0:00", "20:00", id="pair")

    def on_mount(self) -> None:
        self.theme = self.start_theme

    def show(self, walked: str, to_go: str) -> None:
        self.query_one("#walked", BigClock).value = walked
        self.query_one("#to-go", BigClock).value = to_go
        pair = self.query_one("#pair", ClockPair)
        pair.walked, pair.to_go = walked, to_go


def cells(app: App[Any], top: int, height: int) -> list[list[tuple[str, Any]]]:
    """Each cell of ``height`` screen lines from ``top``: its character and style."""
    strips = app.screen._compositor.render_strips()
    return [[(ch, segment.style) for segment in strips[y] for ch in segment.text]
            for y in range(top, top + height)]


def spy_on_refresh(pair: ClockPair, record: Any) -> None:
    """Record what each call of ``refresh`` on the pair or a slice of it asks to redraw, in
    the pair's columns."""
    for widget in (pair, *pair.query(ClockSlice)):
        def spy(*regions: Region, widget: Any = widget, refresh: Any = widget.refresh,
                **kwargs: Any) -> Any:
            x = widget.x if isinstance(widget, ClockSlice) else 0
            record(tuple(r.translate((x, 0)) for r in regions))
            return refresh(*regions, **kwargs)

        widget.refresh = spy


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("width", [100, 79, 52, 34])
@pytest.mark.parametrize("classes", ["", "paused", "small", "small short", "paused small"])
async def test_the_pair_draws_what_two_boxed_clocks_drew(
    theme: str, width: int, classes: str
) -> None:
    app = BothWays(theme)
    async with app.run_test(size=(width, 20)) as pilot:
        app.screen.set_classes(classes)
        for walked, to_go in (("0:00", "20:00"), ("9:59", "10:01"), ("12:34", "7:26")):
            app.show(walked, to_go)
            await pilot.pause()
            pair = app.query_one("#pair", ClockPair)
            assert pair.region.height == 7
            before = cells(app, 0, 7)
            assert cells(app, 7, 7) == before, (walked, to_go)
            text = ["".join(ch for ch, _ in line) for line in before]
            assert "walked" in text[0]
            assert ("to go" in text[0]) == ("small" not in classes)
            assert "█" in "".join(text) or walked in "".join(text)


async def test_each_second_asks_for_the_changed_columns_of_both_clocks_only() -> None:
    app = BothWays("textual-dark")
    async with app.run_test(size=(100, 20)) as pilot:
        pair = app.query_one("#pair", ClockPair)
        await pilot.pause()
        asked: list[tuple[Region, ...]] = []
        spy_on_refresh(pair, asked.append)
        pair.walked = "0:01"
        await pilot.pause()
        # One digit of the walked clock: the last glyph's columns on the five digit lines.
        (region,) = asked[0]
        glyph = len(big_text("1", 2)[0])
        assert (region.y, region.height) == (1, 5)
        assert region.width <= glyph
        assert region.x + region.width <= pair.size.width // 2
        asked.clear()
        pair.to_go = "19:59"
        await pilot.pause()
        (region,) = asked[0]
        assert region.x > pair.size.width // 2  # only the "to go" box
        assert pair.walked == "0:01" and pair.to_go == "19:59"
        asked.clear()
        pair.walked = "0:01"  # the same time again: nothing to draw
        assert asked == []


async def test_a_digit_redraws_only_the_rows_of_its_glyph_that_changed() -> None:
    app = BothWays("textual-dark")
    async with app.run_test(size=(100, 20)) as pilot:
        pair = app.query_one("#pair", ClockPair)
        pair.walked = "0:08"
        await pilot.pause()
        asked: list[Region] = []
        spy_on_refresh(pair, asked.extend)
        pair.walked = "0:09"  # 8 → 9: of the five glyph rows only the fourth differs
        await pilot.pause()
        assert [(r.y, r.height) for r in asked] == [(4, 1)]
        asked.clear()
        pair.walked = "0:10"  # both digits change: 0 → 1 and 9 → 0, on every row between them
        await pilot.pause()
        rows = sorted({y for r in asked for y in range(r.y, r.y + r.height)})
        assert rows == [1, 2, 3, 4, 5]
        assert pair.walked == "0:10"


@pytest.mark.parametrize("inner", [46, 30, 20, 4])
def test_a_second_later_the_box_draws_what_a_whole_drawing_draws(inner: int) -> None:
    """The box puts only the glyphs that changed into its rows; every second of an hour's
    walk (and a countdown from 60:00) those rows are the whole drawing's, and the columns it
    says may differ cover every column that does."""
    from rich.style import Style

    from stride_tui.formats import countdown, duration
    from stride_tui.ui.widgets.big_clock import changed_columns, fit_rows
    from stride_tui.ui.widgets.clock_pair import _Box

    for values in ([duration(s) for s in range(3601)],
                   [countdown(s) for s in range(3600, -1, -1)]):
        box = _Box(0, inner + 4, 1, Style(), Style(), Style(), Style(), "walked")
        box.draw("0:00", "00:00")
        for value in values:
            before, after, span, _ = box.draw(value, "00:00")
            whole = [row[:inner].ljust(inner) for row in fit_rows(value, "00:00", inner)]
            whole += [" " * inner] * (5 - len(whole))
            assert after == whole, value
            differ = changed_columns(before, after)
            if differ is None:
                continue
            assert span is not None, value
            assert span[0] <= differ[0] and differ[1] <= span[1], value


def test_a_slice_cuts_its_columns_as_strip_crop_does() -> None:
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    from stride_tui.ui.widgets.clock_pair import _cut

    a, b = Style(color="red"), Style(color="blue")
    line = Strip([Segment("╭─", a), Segment(" walked ", b), Segment("─" * 30 + "╮", a),
                  Segment("│", a), Segment("████ ██", b), Segment("│", a)])
    width = line.cell_length
    for start in range(width):
        for end in range(start + 1, width + 3):
            want = line.crop(start, end).adjust_cell_length(end - start)
            got = _cut(line, start, end)
            assert list(got) == list(want), (start, end)
            assert got.cell_length == end - start


class Recording(BothWays):
    """The pair (and the boxes it stands for), keeping what each frame would send to the
    terminal."""

    def __init__(self) -> None:
        super().__init__("textual-dark")
        self.sent: list[str] = []

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        if isinstance(renderable, CompositorUpdate):
            self.sent.append(renderable.render_segments(self.console))


def printed(sequence: str) -> str:
    """The characters a terminal prints for ``sequence``: its escape codes left out."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", sequence).replace("\n", "")


@pytest.mark.parametrize("width", [100, 79])
async def test_the_terminal_is_sent_the_changed_digits_not_the_clocks(width: int) -> None:
    app = Recording()
    async with app.run_test(size=(width, 20)) as pilot:
        app.query_one("#walked", BigClock).display = False
        app.query_one("#to-go", BigClock).display = False
        pair = app.query_one("#pair", ClockPair)
        pair.walked, pair.to_go = "12:34", "7:26"
        await pilot.pause()
        glyph = len(big_text("4", 2)[0])
        # A second (units), ten seconds (tens and units), a minute (the minutes too).
        for walked, to_go, glyphs in (("12:35", "7:25", 2), ("12:40", "7:20", 4),
                                      ("13:00", "7:00", 8)):
            app.sent.clear()
            pair.walked, pair.to_go = walked, to_go
            await pilot.pause()
            text = printed("".join(app.sent))
            assert set(text) <= {"█", " ", "│"}, repr(text)
            # Only the glyphs that changed (and the blanks between them): not the rest of the
            # clocks, the blank after them, or the boxes' far sides.
            assert 0 < len(text) <= glyphs * 5 * (glyph + 1) + 2 * 5 * 3, (walked, len(text))
            if glyphs == 2:
                assert len(text) <= 2 * 5 * glyph, repr(text)


async def test_a_second_of_both_clocks_is_one_refresh_a_widget() -> None:
    app = BothWays("textual-dark")
    async with app.run_test(size=(100, 20)) as pilot:
        pair = app.query_one("#pair", ClockPair)
        pair.show("0:01", "19:59")
        await pilot.pause()
        asked: list[tuple[Region, ...]] = []
        spy_on_refresh(pair, asked.append)
        pair.show("0:02", "19:58")  # the units of both clocks, under no slice: the pair's
        assert len(asked) == 1
        (walked, to_go) = sorted(asked[0], key=lambda r: r.x)
        assert walked.right <= pair.size.width // 2 < to_go.x
        await pilot.pause()
        assert (pair.walked, pair.to_go) == ("0:02", "19:58")
