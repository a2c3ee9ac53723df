"""Forms that fit: the first-run profile fits 80×24 with Save in view, and its ticks and choices
read without colour; nothing from a finished phase lingers on the next."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Checkbox, RadioButton, Static

from stride_tui.core.records import Condition, Surface
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.profile import ProfileScreen
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import check_in, drawn_rows, footer_keys, make_app, run_phase, seed, settle


def named(screen, kind, name: str):
    [widget] = [w for w in screen.query(kind) if w.name == name]
    return widget


def plain(widget) -> str:
    """What a widget shows, without its colours."""
    return "".join(drawn_rows(widget))


async def test_the_first_run_form_fits_80_by_24_with_save_in_view(
    _private_data_dir: Path,
) -> None:
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProfileScreen) and screen.first_run
        body = screen.query_one("#profile-body")
        assert body.max_scroll_y == 0
        for widget in [*screen.query("Input"), *screen.query(Checkbox),
                       *screen.query(RadioButton), screen.query_one("#save", Button)]:
            assert screen.region.contains_region(widget.region), widget
        # Fill it in with the mouse alone: a condition, the surface, then Save.
        await pilot.click(named(screen, Checkbox, "spinal-stenosis"))
        await pilot.click(named(screen, RadioButton, "pool"))
        await pilot.click("#save")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    assert app.profile is not None
    assert app.profile.conditions == [Condition.SPINAL_STENOSIS]
    assert app.profile.surface is Surface.POOL


async def test_the_first_run_form_at_40_columns_shows_every_choice_whole(
    _private_data_dir: Path,
) -> None:
    # Side by side at 40 columns, Outdoor, Pool and two of the sounds were off the screen and
    # the conditions were cut to "Spinal steno…".
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        body = screen.query_one("#profile-body")
        assert body.max_scroll_x == 0
        for widget in [*screen.query("Input"), *screen.query(Checkbox),
                       *screen.query(RadioButton), *screen.query(".profile-label")]:
            assert widget.region.right <= body.scrollable_content_region.right, widget
            text = plain(widget).rstrip()
            assert "…" not in text, text
        # Pool is further down the form than the screen: scrolled to, a tap chooses it.
        pool = named(screen, RadioButton, "pool")
        screen.scroll_to_widget(pool, animate=False)
        await pilot.pause()
        await pilot.click(pool)
        await pilot.click("#save")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    assert app.profile is not None and app.profile.surface is Surface.POOL


async def test_ticks_and_choices_read_without_colour(_private_data_dir: Path) -> None:
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        stenosis = named(app.screen, Checkbox, "spinal-stenosis")
        treadmill = named(app.screen, RadioButton, "treadmill")
        outdoor = named(app.screen, RadioButton, "outdoor")
        assert "X" not in plain(stenosis)
        assert "●" in plain(treadmill) and "○" in plain(outdoor)
        await pilot.click(stenosis)
        await pilot.click(outdoor)
        await pilot.pause()
        assert "X" in plain(stenosis)
        assert "○" in plain(treadmill) and "●" in plain(outdoor)


async def test_a_toast_of_one_phase_is_gone_on_the_next(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        assert isinstance(app.screen, RoutineScreen)
        await pilot.press("space")  # paused: "Paused" is said on screen
        await pilot.pause()
        app.notify("Something about the warm-up", timeout=60)
        await pilot.press("space")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert "Something about the warm-up" in said
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        said = [n.message for n in app._notifications]
        assert "Something about the warm-up" not in said


async def test_the_first_run_form_offers_quit_not_back_and_esc_says_why(
    _private_data_dir: Path,
) -> None:
    # There is nothing to go back to before a profile exists: the footer said "esc Back".
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ProfileScreen) and screen.first_run
        keys = footer_keys(screen)
        assert keys.get("quit") == "Quit" and "cancel" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "Save the profile to start" in str(
            screen.query_one("#profile-message", Static).render())
        await pilot.click("#save")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("o")
        await settle(pilot, app)
        again = app.screen
        assert isinstance(again, ProfileScreen) and not again.first_run
        keys = footer_keys(again)
        assert keys.get("cancel") == "Back" and "quit" not in keys
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)


async def test_ctrl_q_on_the_first_run_form_quits_and_saves_nothing(
    _private_data_dir: Path,
) -> None:
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.profile is None
