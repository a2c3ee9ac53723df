"""Settings that stick, through the real app: the palette's theme is written to the settings
file and used at the next start; a bad file is said on screen and Stride runs on defaults; keys
and sound follow the file."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from stride_tui.settings import Settings, load_settings
from stride_tui.ui.app import AppConfig, StrideApp
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.fakes import FakeClock
from tests.ui.scenarios import (
    TODAY,
    RecordingAlerts,
    check_in,
    run_phase,
    seed,
    settle,
)


def app_with(data_dir: Path, settings_file: Path | None) -> StrideApp:
    """The app as `stride` builds it from a settings file (with the tests' fake clock)."""
    settings, problem = load_settings(settings_file) if settings_file else (Settings(), "")
    clock = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 7, 30).astimezone())
    return StrideApp(AppConfig(
        data_dir=data_dir, clock=clock, alerts=RecordingAlerts(),  # type: ignore[arg-type]
        today=TODAY, settings=settings, settings_file=settings_file,
        settings_problem=problem,
    ))


def seeded_app(data_dir: Path, settings_file: Path, settings: str) -> StrideApp:
    """A returning walker's data, a settings file saying ``settings``, and the app on both."""
    seed(data_dir)  # before the app: it opens its store at once
    settings_file.parent.mkdir(parents=True, exist_ok=True)
    settings_file.write_text(settings)
    return app_with(data_dir, settings_file)


async def wait_for_file(path: Path, text: str) -> None:
    for _ in range(200):
        if path.exists() and text in path.read_text():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{path} never said {text!r}")


async def test_the_theme_chosen_in_the_palette_is_saved_and_used_at_the_next_start(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    seed(_private_data_dir)
    app = app_with(_private_data_dir, _private_settings_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"nord")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
        await wait_for_file(_private_settings_file, 'theme = "nord"')
    assert load_settings(_private_settings_file) == (Settings(theme="nord"), "")
    # The next start (a fresh data folder: this run's store is still held by the first app).
    seed(_private_data_dir.parent / "next")
    again = app_with(_private_data_dir.parent / "next", _private_settings_file)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        assert again.theme == "nord"


async def test_a_bad_settings_file_is_said_on_screen_naming_the_line(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    app = seeded_app(_private_data_dir, _private_settings_file,
                     'theme = "nord"\nsound = maybe\n')
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert app.theme == "textual-dark"
        said = [n.message for n in app._notifications]
        assert any("line 2" in m and str(_private_settings_file) in m for m in said), said


async def test_an_unknown_theme_is_said_and_the_default_used(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    app = seeded_app(_private_data_dir, _private_settings_file, 'theme = "no-such-theme"\n')
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot, app)
        assert app.theme == "textual-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_keys_from_the_settings_file_drive_the_walk(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    app = seeded_app(_private_data_dir, _private_settings_file,
                     'sound = false\n[keys]\nwalk-pause = "k"\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)  # warm-up
        assert isinstance(app.screen, WalkScreen)
        assert app.driver is not None
        await pilot.press("k")
        assert app.driver.engine.paused
        await pilot.press("space")  # no longer the pause key
        assert app.driver.engine.paused


async def test_sound_off_in_the_settings_starts_muted(_private_data_dir: Path) -> None:
    from stride_tui.alerts import Alerts

    app = StrideApp(AppConfig(data_dir=_private_data_dir, today=TODAY,
                              settings=Settings(sound=False, notifications=False)))
    alerts = app.alerts
    try:
        assert isinstance(alerts, Alerts)
        assert alerts.muted
    finally:
        alerts.close()
        app._executor.shutdown(wait=True)


def test_every_key_the_settings_file_may_move_is_a_binding_of_stride() -> None:
    import importlib
    import pkgutil

    import stride_tui.ui.screens as screens
    from stride_tui.settings import KEY_NAMES

    ids = {b.id for b in StrideApp.BINDINGS if hasattr(b, "id")}
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"stride_tui.ui.screens.{info.name}")
        for value in vars(module).values():
            ids |= {b.id for b in getattr(value, "BINDINGS", []) if hasattr(b, "id")}
    assert set(KEY_NAMES) <= ids, set(KEY_NAMES) - ids


async def test_a_theme_chosen_just_before_quitting_is_saved_too(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    seed(_private_data_dir)
    app = app_with(_private_data_dir, _private_settings_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.theme = "gruvbox"
        await pilot.press("q")
    assert load_settings(_private_settings_file) == (Settings(theme="gruvbox"), "")


async def test_the_settings_units_are_the_profiles_and_changing_them_there_changes_the_file(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    from textual.widgets import RadioButton

    from stride_tui.core.records import Units
    from stride_tui.store import Store
    from stride_tui.ui.screens.profile import ProfileScreen

    # A metric profile, and a settings file that says miles.
    app = seeded_app(_private_data_dir, _private_settings_file, '# mine\nunits = "mi"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert app.profile is not None and app.profile.units is Units.IMPERIAL
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        buttons = {b.name: b for b in app.screen.query_one("#units").query(RadioButton)}
        assert buttons["imperial"].value and not buttons["metric"].value
        buttons["metric"].value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        await wait_for_file(_private_settings_file, 'units = "km"')
        assert app.profile.units is Units.METRIC
        assert await app.store_call(lambda store: store.load_profile().units) is Units.METRIC
    assert _private_settings_file.read_text() == '# mine\nunits = "km"\n'
    with Store.open(_private_data_dir, readonly=True) as store:  # what is stored, no override
        assert store.load_profile().units is Units.METRIC


async def test_a_moved_quit_key_moves_on_home_and_on_the_stop_screens_too(
    _private_data_dir: Path, _private_settings_file: Path,
) -> None:
    from stride_tui.ui.screens.redflag import RedFlagScreen

    app = seeded_app(_private_data_dir, _private_settings_file, '[keys]\nquit-key = "x"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        keys = {a.binding.id: k for k, a in app.screen.active_bindings.items()}
        assert keys["quit-key"] == "x"
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)
        await pilot.press("x")
        await pilot.pause()
        assert not app.is_running

    again = seeded_app(_private_data_dir.parent / "stop", _private_settings_file,
                       '[keys]\nquit-key = "x"\n')
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot, again)
        await pilot.press("enter")  # Home: start
        await pilot.pause()
        await pilot.press("n", "y")  # a red flag at check-in: the stop screen
        await settle(pilot, again)
        assert isinstance(again.screen, RedFlagScreen)
        await pilot.press("q")
        await pilot.pause()
        assert again.is_running and isinstance(again.screen, RedFlagScreen)
        await pilot.press("x")
        await pilot.pause()
        assert not again.is_running
