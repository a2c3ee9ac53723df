"""What the UI thread is spared (#15: no stall over 16 ms from a load).

The programme's rules read every session (about 10 ms at ten years of walks), so every screen
that shows the programme's day — Home at start and on each return to it, the plan, the
progress screen, the summary's "next time" — works it out on the store thread, beside the
reading; the progress screen groups the sessions by day there too. And back on Home, a text is
shown again (a layout of the whole screen) only if it changed. The keys at the foot of a screen
are one widget drawn from the screen's bindings (``widgets.keybar``), never widgets mounted and
laid out (Textual's Footer took 12-20 ms for that each time); Home's, the progress screen's and
history's are drawn again only when a key was enabled or disabled (``stride_tui.ui.keys``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Footer, Static

from stride_tui.core import home as core_home
from stride_tui.core import programme
from stride_tui.core.weeks import SessionsByDay
from stride_tui.ui.screens import home, plan, progress, summary
from stride_tui.ui.screens.after import AfterScreen
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.plan import PlanScreen
from stride_tui.ui.screens.progress import ProgressScreen
from stride_tui.ui.screens.summary import SummaryScreen
from stride_tui.ui.widgets.keybar import BarKey, KeyBar
from tests.ui.scenarios import (
    TODAY,
    check_in,
    last_week_walks,
    make_app,
    run_phase,
    seed,
    settle,
    walk_record,
)


@pytest.fixture
def rule_threads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(screen module, thread name) of each call of the programme's rules from a screen."""
    calls: list[tuple[str, str]] = []
    # Home's day is worked out in core.home (shared with the start-up preload).
    for module in (core_home, home, plan, progress, summary):
        for rule in ("today_for", "programme_day"):
            if not hasattr(module, rule):
                continue

            def recording(*args: Any, _name: str = module.__name__, _rule: str = rule,
                          **kwargs: Any) -> Any:
                calls.append((_name.rsplit(".", 1)[-1], threading.current_thread().name))
                return getattr(programme, _rule)(*args, **kwargs)

            monkeypatch.setattr(module, rule, recording)
    return calls


@pytest.fixture
def bar_draws(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each time a key bar was drawn: its screen's class, and whether the screen had its data
    (a ``target``) yet."""
    draws: list[tuple[str, bool]] = []
    real_render = KeyBar.render

    def render(bar: KeyBar) -> Any:
        screen = bar.screen
        draws.append((type(screen).__name__, getattr(screen, "target", None) is not None))
        return real_render(bar)

    monkeypatch.setattr(KeyBar, "render", render)
    return draws


async def open_progress(pilot: Any, app: Any) -> ProgressScreen:
    await settle(pilot, app)
    await pilot.press("p")
    await settle(pilot, app)
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, ProgressScreen) and screen.index is not None
    return screen


def off_the_ui_thread(calls: list[tuple[str, str]], screen: str) -> list[str]:
    threads = [thread for name, thread in calls if name == screen]
    assert threads, f"the {screen} screen never worked out the programme's day"
    return [t for t in threads if not t.startswith("stride-store")]


async def test_the_programmes_day_is_worked_out_on_the_store_thread(
    _private_data_dir: Path, rule_threads: list[tuple[str, str]],
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir, walk_minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen) and app.screen.target is not None
        assert "1 minute walk" in str(app.screen.query_one("#home-target").render())
        starts = len(rule_threads)

        await pilot.press("l")
        await settle(pilot, app)
        assert isinstance(app.screen, PlanScreen) and app.screen.target is not None
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        # The return to Home read the store and the rules again.
        assert len([c for c in rule_threads if c[0] == "home"]) == 2

        await check_in(pilot, "nnnn", "2")
        while app.driver is not None and not isinstance(app.screen, AfterScreen):
            await run_phase(pilot, app)
        await pilot.press("1", "enter")
        await settle(pilot, app)
        while app.driver is not None and not isinstance(app.screen, SummaryScreen):
            await run_phase(pilot, app)
            await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        await settle(pilot, app)
        assert "Next time:" in str(app.screen.query_one("#summary-next").render())
    assert len(rule_threads) > starts
    for screen in ("home", "plan", "summary"):
        assert off_the_ui_thread(rule_threads, screen) == []


async def test_home_draws_again_only_what_changed_its_footer_included(
    _private_data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    bar_draws: list[tuple[str, bool]],
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, HomeScreen)

        def keys() -> dict[str, BarKey]:
            return {key.action: key for key in screen.query_one(KeyBar).shown}

        def enabled() -> set[str]:
            return {action for action, key in keys().items() if key.enabled}

        before = keys()
        draws = len(bar_draws)
        assert "start" in enabled() and "keep_recovered" not in enabled()
        updated: list[str | None] = []
        real_update = Static.update

        def update(widget: Static, *args: Any, **kwargs: Any) -> None:
            updated.append(widget.id)
            real_update(widget, *args, **kwargs)

        monkeypatch.setattr(Static, "update", update)
        screen.reload()
        await settle(pilot, app)
        await settle(pilot, app)
        assert screen.target is not None
        # Nothing changed: no text shown again (no layout), the key bar not drawn again.
        assert [u for u in updated if u and u.startswith("home-")] == []
        assert keys() == before and len(bar_draws) == draws

        # An unfinished walk appears: Keep and Discard are enabled, Start is not.
        walk = walk_record(TODAY, 5)
        await app.store_call(lambda store: store.write_checkpoint(walk))
        screen.reload()
        await settle(pilot, app)
        await settle(pilot, app)
        assert {"keep_recovered", "discard_recovered"} <= enabled()
        assert "start" not in enabled()
        assert {"home-recovery", "home-hint"} <= set(updated)
        assert "Unfinished walk" in str(screen.query_one("#home-recovery").render())


async def test_the_progress_screen_reads_and_groups_the_history_on_the_store_thread(
    _private_data_dir: Path, rule_threads: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grouped: list[tuple[int, str]] = []

    class Recording(SessionsByDay):
        def __init__(self, sessions: Any) -> None:
            sessions = list(sessions)
            grouped.append((len(sessions), threading.current_thread().name))
            super().__init__(sessions)

    monkeypatch.setattr(progress, "SessionsByDay", Recording)
    walks = last_week_walks()
    seed(_private_data_dir, sessions=walks)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_progress(pilot, app)
        assert screen.read_from is None  # the whole history is in
        assert sum(len(day) for day in screen.index.by_day.values()) == len(walks)
    assert off_the_ui_thread(rule_threads, "progress") == []
    assert grouped and max(n for n, _ in grouped) == len(walks)
    assert [thread for _, thread in grouped if not thread.startswith("stride-store")] == []


async def test_homes_keys_are_one_widget_that_nothing_is_mounted_into(
    _private_data_dir: Path, bar_draws: list[tuple[str, bool]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Textual's Footer mounted a widget per key after the first paint, and again on each change
    # of the keys: the longest stall after Home's data came. Nothing is mounted on Home now
    # once it is first drawn, and its keys are drawn from the state its data gave.
    from textual.widget import Widget

    mounted: list[str] = []
    real_mount = Widget.mount

    def mount(parent: Widget, *widgets: Any, **kwargs: Any) -> Any:
        mounted.extend(f"{type(w).__name__} in {type(parent).__name__}" for w in widgets)
        return real_mount(parent, *widgets, **kwargs)

    monkeypatch.setattr(Widget, "mount", mount)
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, HomeScreen) and screen.target is not None
        bar = screen.query_one(KeyBar)
        assert not bar.children and not screen.query(Footer)
        widgets = len(list(screen.walk_children()))
        mounted.clear()
        keys = {key.action: key for key in bar.shown}
        assert keys["start"].enabled and not keys["start"].palette
        drawn = [had_data for name, had_data in bar_draws if name == "HomeScreen"]
        assert drawn and drawn[-1], drawn
        # A change of keys (an unfinished walk to keep) draws the bar again and mounts nothing.
        await app.store_call(lambda store: store.write_checkpoint(walk_record(TODAY, 5)))
        screen.reload()
        await settle(pilot, app)
        await settle(pilot, app)
        keys = {key.action: key for key in bar.shown}
        assert keys["keep_recovered"].enabled
        assert "start" not in keys or not keys["start"].enabled
        assert mounted == [] and len(list(screen.walk_children())) == widgets


async def test_the_progress_footer_is_built_again_only_when_its_keys_change(
    _private_data_dir: Path, bar_draws: list[tuple[str, bool]],
) -> None:
    def built() -> int:
        return sum(1 for name, _ in bar_draws if name == "ProgressScreen")

    seed(_private_data_dir, sessions=last_week_walks())
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_progress(pilot, app)
        assert screen.monday == screen.this_monday

        def shown() -> set[str]:
            return {key.action for key in screen.query_one(KeyBar).shown if key.enabled}

        assert "week(-1)" in shown() and "week(1)" not in shown()
        count = built()
        # The same week drawn again (as the second, whole-history load does): keys unchanged.
        screen.show_week(screen.this_monday)
        await settle(pilot, app)
        assert built() == count
        # A week earlier: "later" and "this week" appear, so the key bar is drawn again.
        await pilot.press("left")
        await settle(pilot, app)
        assert built() > count
        assert {"week(1)", "this_week"} <= shown()


def _tracked(obj: object) -> bool:
    """Whether the collector's generations hold ``obj`` (frozen objects are in none)."""
    import gc

    return any(o is obj for generation in range(3) for o in gc.get_objects(generation))


async def test_what_the_walk_keeps_is_moved_out_of_the_collectors_reach(
        _private_data_dir: Path) -> None:
    """A full collection during the walk would rescan every widget and the session: the walk
    screen freezes what it keeps once it has been drawn, so none of it is rescanned; garbage
    left before the walk is collected first, not frozen for good."""
    import gc
    import weakref

    from stride_tui.ui.screens.walk import WalkScreen

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "2")
        # Garbage only a full collection frees: a cycle in the oldest generation.
        held = [Cycle()]
        gc.collect()
        left = weakref.ref(held.pop())
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        await settle(pilot, app)
        assert left() is None
        walk, driver = app.screen, app.driver
        assert not _tracked(walk)
        assert not _tracked(driver)
        assert not _tracked(walk.query_one("#walk-clocks"))
