"""The key bar at the foot of every screen (``widgets.keybar``): the screen's keys in one line,
whole or not at all, dimmed when they cannot be taken now, pressed by a tap."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from stride_tui.ui.widgets.keybar import KeyBar
from tests.ui.scenarios import make_app, seed, settle


class Keys(App[None]):
    BINDINGS = [
        Binding("a", "note('a')", "Alpha"),
        Binding("b", "note('b')", "Bravo", tooltip="The second"),
        Binding("c", "note('c')", "Charlie"),
        Binding("x", "note('x')", "Hidden", show=False),
        Binding("d", "later", "Delta"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.noted: list[str] = []
        self.delta_ready = False
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyBar()

    def action_note(self, what: str) -> None:
        self.noted.append(what)

    def action_later(self) -> None:
        self.noted.append("d")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "later":
            return True if self.delta_ready else None  # shown, dimmed, until it is ready
        return True

    def bell(self) -> None:
        self.bells += 1


def drawn(bar: KeyBar) -> str:
    return "".join(segment.text for segment in bar.render_lines(bar.region.reset_offset)[0])


async def test_the_keys_are_drawn_in_order_with_the_palettes_on_the_right() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        line = drawn(bar)
        assert line.startswith(" a Alpha  b Bravo  c Charlie  d Delta ")
        assert line.rstrip().endswith("▏ ^p palette") and len(line) == 80
        assert "Hidden" not in line
        assert [k.action for k in bar.shown] == ["note('a')", "note('b')", "note('c')",
                                                 "later", "command_palette"]
        assert [k.enabled for k in bar.shown] == [True, True, True, False, True]
        assert bar.shown[-1].end == 80 and bar.shown[-1].palette
        # Delta is offered but cannot be taken now: it is dimmed (Textual draws dim text in a
        # colour nearer the background), the others are not.
        colour = {s.text.strip(): s.style.color for s in bar.render_lines(
            bar.region.reset_offset)[0] if s.style is not None}
        assert colour["d"] != colour["a"] == colour["c"] == colour["^p"]
        assert colour["Delta"] != colour["Alpha"] == colour["Charlie"]


async def test_what_does_not_fit_is_left_out_whole_and_the_palette_first() -> None:
    app = Keys()
    async with app.run_test(size=(45, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        # Alpha..Delta take 38 columns: the palette's key (13 more) gives them the room.
        assert [k.key for k in bar.shown] == ["a", "b", "c", "d"]
        assert "palette" not in drawn(bar) and len(drawn(bar)) == 45
        await pilot.resize_terminal(30, 5)
        await pilot.pause()
        assert [k.key for k in bar.shown] == ["a", "b", "c"]
        assert drawn(bar) == " a Alpha  b Bravo  c Charlie  "
        assert [k.key for k in bar.offered] == ["a", "b", "c", "d", "ctrl+p"]


async def test_a_tap_presses_the_key_and_a_dimmed_key_only_rings() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        at = {k.key: k for k in bar.shown}
        await pilot.click(KeyBar, offset=(at["b"].start + 3, 0))
        await pilot.click(KeyBar, offset=(at["c"].end - 1, 0))
        assert app.noted == ["b", "c"]
        await pilot.click(KeyBar, offset=(at["d"].start + 1, 0))
        await pilot.pause()
        assert app.noted == ["b", "c"] and app.bells == 1
        # Once it can be taken, its key is drawn again undimmed and a tap takes it.
        app.delta_ready = True
        app.refresh_bindings()
        await pilot.pause()
        assert {k.key: k.enabled for k in bar.shown}["d"]
        await pilot.click(KeyBar, offset=(at["d"].start + 1, 0))
        assert app.noted == ["b", "c", "d"]
        # Between the keys and the palette's there is nothing to press.
        await pilot.click(KeyBar, offset=(at["d"].end + 2, 0))
        assert app.noted == ["b", "c", "d"] and app.bells == 1


async def test_the_key_under_the_pointer_is_highlighted_with_its_tooltip() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        plain = list(bar.render_lines(bar.region.reset_offset)[0])
        at = {k.key: k for k in bar.shown}
        await pilot.hover(KeyBar, offset=(at["b"].start + 1, 0))
        await pilot.pause()
        assert bar.tooltip == "The second"
        hovered = list(bar.render_lines(bar.region.reset_offset)[0])
        assert hovered != plain
        await pilot.hover(Static)
        await pilot.pause()
        assert list(bar.render_lines(bar.region.reset_offset)[0]) == plain


async def test_a_tap_on_homes_progress_key_opens_the_progress_screen(
    _private_data_dir: Path,
) -> None:
    from stride_tui.ui.screens.home import HomeScreen
    from stride_tui.ui.screens.progress import ProgressScreen

    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        key = next(k for k in app.screen.query_one(KeyBar).shown if k.key == "p")
        await pilot.click(KeyBar, offset=(key.start + 1, 0))
        await settle(pilot, app)
        assert isinstance(app.screen, ProgressScreen)
