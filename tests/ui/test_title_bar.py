"""Home's title bar draws what Textual's Header drew there, cell for cell."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Header

from stride_tui.ui.widgets.title_bar import TitleBar


class OneBar(App[None]):
    TITLE = "Stride"
    SUB_TITLE = "walking for your back"

    def __init__(self, bar: type[Widget], theme: str) -> None:
        super().__init__()
        self.bar = bar
        self.start_theme = theme

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False) if self.bar is Header else self.bar()

    def on_mount(self) -> None:
        self.theme = self.start_theme


def seen(ch: str, style: Any) -> tuple[Any, ...]:
    """What a cell looks like: a blank shows only its background."""
    if ch == " " and not style.reverse and not style.underline:
        return (ch, style.bgcolor)
    return (ch, style.color, style.bgcolor, style.bold, style.dim, style.italic,
            style.reverse, style.underline)


async def first_line(bar: type[Widget], theme: str, width: int) -> list[tuple[Any, ...]]:
    app = OneBar(bar, theme)
    async with app.run_test(size=(width, 6)) as pilot:
        await pilot.pause()
        line = app.screen._compositor.render_strips()[0]
        return [seen(ch, segment.style) for segment in line for ch in segment.text]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("width", [100, 80, 51, 40, 21, 20])
async def test_the_title_bar_draws_what_the_header_drew(theme: str, width: int) -> None:
    ours = await first_line(TitleBar, theme, width)
    assert ours == await first_line(Header, theme, width)
    if width >= 51:
        assert "Stride — walking for your back" in "".join(cell[0] for cell in ours)
