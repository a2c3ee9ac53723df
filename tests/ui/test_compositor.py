"""The walk and warm-up screens render only the lines that change each second, and what they
send to the terminal is what Textual's own compositor would send, line for line."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.geometry import Region
from textual.widget import Widget

from stride_tui.ui.compositor import LineCroppedCompositor
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import advance, check_in, make_app, run_phase, seed, settle


class Comparison:
    """Every render of a ``LineCroppedCompositor``, done again by Textual's compositor."""

    def __init__(self) -> None:
        self.partial = 0  # partial updates compared
        self.lines = 0  # changed lines compared
        self.mismatches: list[tuple[Region, int]] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        ours = Compositor._render_chops

        def checked(compositor: Compositor, crop: Region, is_rendered_line: Any) -> Any:
            chops = ours(compositor, crop, is_rendered_line)
            # The same state rendered by Textual's own _get_renders.
            compositor._get_renders = types.MethodType(  # type: ignore[method-assign]
                Compositor._get_renders, compositor)
            try:
                theirs = ours(compositor, crop, is_rendered_line)
            finally:
                del compositor._get_renders
            if crop != compositor.size.region:
                self.partial += 1
            for y, (line, expected) in enumerate(zip(chops, theirs, strict=True)):
                if is_rendered_line(y):
                    self.lines += 1
                    if line != expected:
                        self.mismatches.append((crop, y))
            return chops

        monkeypatch.setattr(LineCroppedCompositor, "_render_chops", checked)


async def test_each_second_of_the_warm_up_and_walk_looks_as_textual_would_draw_it(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    comparison = Comparison()
    comparison.install(monkeypatch)
    seed(_private_data_dir)
    app, clock, _ = make_app(_private_data_dir, walk_minutes=20)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        assert isinstance(app.screen, RoutineScreen)
        for _ in range(20):  # the warm-up's countdown, second by second
            await advance(pilot, app, 1)
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        for second in range(400):  # past the first cues (the banner changes)
            await advance(pilot, app, 1)
            if second == 100:
                await pilot.press("space")  # paused: the clock changes colour
                await pilot.pause()
                await pilot.press("space")
            if second == 200:  # a small terminal and back: clocks shrink, boxes go
                await pilot.resize_terminal(40, 12)
                await pilot.pause()
            if second == 260:
                await pilot.resize_terminal(100, 30)
                await pilot.pause()
        assert app.driver is not None and app.driver.engine.last_cue is not None
    assert comparison.mismatches == []
    # Each second of both screens was a partial update that was compared.
    assert comparison.partial >= 400
    assert comparison.lines >= 400 * 5


async def test_a_second_of_the_walk_renders_only_the_widgets_on_the_changed_lines(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[Widget] = []
    render_lines = Widget.render_lines

    def spy(widget: Widget, crop: Region) -> Any:
        rendered.append(widget)
        return render_lines(widget, crop)

    seed(_private_data_dir)
    app, clock, _ = make_app(_private_data_dir, walk_minutes=20)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        await advance(pilot, app, 1)
        await pilot.pause()
        monkeypatch.setattr(Widget, "render_lines", spy)
        for _ in range(10):
            await advance(pilot, app, 1)
        ids = {w.id for w in rendered}
        # The clocks and the countdown changed every second and were drawn again ...
        assert {"walk-clocks", "walk-next"} <= ids
        # ... but not the lines above and below them, which Textual's compositor would render
        # in full for every frame.
        for still in ("walk-title", "cue-banner", "walk-status"):
            assert still not in ids
        assert not any(type(w).__name__ == "Footer" for w in rendered)
