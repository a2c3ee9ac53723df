"""The Stride Textual app: the screens, the store worker and the alerts, wired together.

All store access goes through one worker thread (``store_call``), so disk work never runs on
the UI thread and TinyDB is only ever touched from one thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from stride_tui.core.clock import Clock, ScaledClock, SystemClock
from stride_tui.core.records import Profile, Units
from stride_tui.settings import Settings

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.timer import Timer

    from stride_tui.alerts import Alerts
    from stride_tui.core.events import Phase
    from stride_tui.core.home import HomeData
    from stride_tui.core.plan import DailyTarget
    from stride_tui.store import Store
    from stride_tui.ui.phone import PhoneLink
    from stride_tui.ui.session import BeltSource, SessionDriver, SessionScreen

T = TypeVar("T")

# Seconds a theme must stay chosen before it is written to the settings file.
THEME_SAVE_DELAY = 0.5

# Seconds a closing Stride (terminal hung up, SIGTERM) has to exit before it is made to.
EXIT_GRACE_SECONDS = 1.0

# Seconds the store thread waits for Home to paint the preload's data before reading the store.
FIRST_HOME_SHOWN_WAIT = 1.0
# At the latest, seconds after start that the collector is turned back on (AppConfig).
RESUME_COLLECTOR_AFTER = 3.0

# Stylesheets of the screens after Home, read (in this order, after stride.tcss) when the first
# of them is shown: start-up parses only what Home needs.
SCREENS_CSS = ("screens.tcss", "review.tcss")


@dataclass
class AppConfig:
    """How Stride was started: the data folder and the command line's options."""

    data_dir: Path
    mute: bool = False
    notify: bool = True
    time_scale: float = 1.0
    start_walk: bool = False
    walk_minutes: int | None = None
    today: date | None = None
    # Seams for tests: a fake clock and an alerts object that records what it was asked.
    clock: Clock | None = None
    alerts: Alerts | None = None
    # The settings file (stride_tui.settings): what it said, where it is (None: changes are
    # not saved, as in most tests) and why it could not be used ("" when it could).
    settings: Settings = field(default_factory=Settings)
    settings_file: Path | None = None
    settings_problem: str = ""
    # Makes the treadmill link for an address (the cli passes stride_tui.treadmill's); None:
    # no treadmill support here.
    treadmill: Callable[[str], BeltSource] | None = None
    # The phone companion page: "local" or "lan" serves it from the start; and whether the
    # computer stays quiet while a page is connected.
    companion: str | None = None
    phone_sound_only: bool = False
    # Home's data being read by a child process as Stride starts (stride_tui.preload's
    # HomePreload; the `stride` command starts it), or None: the store thread reads it.
    preload: Any = None
    # `stride` paused the collector while it started (``cli.main``): the app turns it back
    # on once Home has shown its first data, or RESUME_COLLECTOR_AFTER seconds after start.
    collector_paused: bool = False


class StrideApp(App[None]):
    CSS_PATH = "stride.tcss"
    TITLE = "Stride"
    SUB_TITLE = "walking for your back"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+c", "quit", "Quit", priority=True, show=False, id="quit",
                tooltip="Quit Stride (a walk in progress is saved)"),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False, id="quit-q",
                tooltip="Quit Stride (a walk in progress is saved)"),
        Binding("f1,question_mark", "help", "Help", show=False, id="help",
                tooltip="What this screen is for, and its keys"),
        Binding("q", "quit_key", "Quit", show=False, id="quit-key",
                tooltip="Quit Stride (asks first during a session)"),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        if config.clock is not None:
            self.clock: Clock = config.clock
        elif config.time_scale != 1.0:
            self.clock = ScaledClock(config.time_scale)
        else:
            self.clock = SystemClock()
        # The store's modules are imported here, on this thread, before the store thread starts:
        # that thread importing them while this one builds Home made the two hand the
        # interpreter lock back and forth a few hundred times, and start-up slower than doing
        # the same work in turn.
        importlib.import_module("stride_tui.store")
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stride-store")
        # With a preload, Home's first data comes from it (or, if it cannot be used, from the
        # store once open), through this future; Home sets the event once it has painted it.
        self._first_home: Future[HomeData] | None = (
            Future() if config.preload is not None else None
        )
        self._first_home_shown = threading.Event()
        # Opened at once on the store thread, so that Home's data can be there for its first
        # paint; a store that cannot be opened is reported when Home asks for its data.
        self._store_future: Future[Store] = self._executor.submit(self._open_store)
        self._alerts = config.alerts
        self.driver: SessionDriver | None = None
        # Set when quitting has begun: nothing more is started or opened (a key pressed just
        # after q opened the check-in as the app closed, and it failed with a traceback).
        self.quitting = False
        self.profile: Profile | None = None
        self.store_notices: list[str] = []
        # The next-day check is offered once per run (Esc leaves it for the next start).
        self.day_after_asked = False
        self._screens_css_read = False
        self._apply_settings(config)
        self._belt: BeltSource | None = None
        self._belt_address: str | None = None
        self.phone: PhoneLink | None = None  # the companion page, once asked for

    def get_driver_class(self) -> type[Driver]:
        """Textual's own driver, except that on Linux and macOS its input thread sleeps while
        no key is pending (``ui.driver``: Textual's wakes ten times a second all walk long)."""
        from textual.drivers.linux_driver import LinuxDriver

        driver = super().get_driver_class()
        if driver is LinuxDriver:
            try:
                from stride_tui.ui.driver import QuietInputDriver
            except ImportError:  # a Textual whose key parser has moved: its own driver
                return driver
            return QuietInputDriver
        return driver

    # --- time ----------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.config.today or self.clock.now().date()

    # --- the store, on its own thread ------------------------------------------------------

    def _open_store(self) -> Store:
        from stride_tui.core.home import load_home
        from stride_tui.formats import units_named
        from stride_tui.store import Store

        units = units_named(self.config.settings.units)
        first = self._first_home
        preloaded = False

        def on_locked() -> None:
            # The folder is ours now and nothing of it has been read: the preload's answer is
            # used only if the folder is still what the child read.
            nonlocal preloaded
            assert first is not None
            preload = self.config.preload
            if preload.today != self.today or preload.units != units:
                return
            data = preload.current()
            if data is not None:
                preloaded = True
                first.set_result(data)
                # Home paints it before this thread's reading takes turns with the UI thread.
                self._first_home_shown.wait(FIRST_HOME_SHOWN_WAIT)

        try:
            store = Store.open(self.config.data_dir, units=units,
                               on_locked=None if first is None else on_locked)
        except BaseException as exc:
            if first is not None and not first.done():
                first.set_exception(exc)
            raise
        # What was loaded (the index, the modules) lives as long as the app: moved out of the
        # collector's generations, no full collection rescans it, on this thread or the UI's.
        gc.freeze()
        if first is not None and not preloaded:
            try:
                first.set_result(load_home(store, self.today))
            except BaseException as exc:
                first.set_exception(exc)
        elif preloaded and store.notices:
            # What the app's own open had to say (the child's open had nothing): Home reads
            # its data again, which shows them.
            self.call_from_thread(self._reload_home)
        return store

    def first_home_shown(self) -> None:
        """Home has painted its first data (the store thread may read on)."""
        self._first_home_shown.set()
        self._resume_collector()

    def _resume_collector(self) -> None:
        # Paused from the start of `stride` to Home's first paint: the ~110 collections that
        # importing Stride and Textual and building Home triggered found nothing to free
        # (measured: 14 ms of a 220 ms start in tmux). What was made so far lives as long as
        # the app: frozen, so no later collection rescans it.
        if self.config.collector_paused and not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _reload_home(self) -> None:
        from stride_tui.ui.screens.home import HomeScreen

        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen):
            home.reload()

    async def store_call(self, fn: Callable[[Store], T]) -> T:
        """Run ``fn(store)`` on the store thread and wait for it without blocking the UI."""
        store_future = self._store_future

        def job() -> T:
            return fn(store_future.result())

        return await asyncio.wrap_future(self._executor.submit(job))

    def store_submit(self, fn: Callable[[Store], Any]) -> Future[Any]:
        """Queue ``fn(store)`` on the store thread without waiting (checkpoints, saves)."""
        store_future = self._store_future
        return self._executor.submit(lambda: fn(store_future.result()))

    # --- alerts ------------------------------------------------------------------------------

    @property
    def alerts(self) -> Alerts:
        if self._alerts is None:
            from stride_tui.alerts import Alerts, AlertSettings

            profile = self.profile
            settings = AlertSettings(
                sound=profile.sound if profile else AlertSettings().sound,
                muted=self.config.mute or not self.config.settings.sound,
                notifications=self.config.notify and self.config.settings.notifications
                and (profile.notifications if profile else True),
            )
            self._alerts = Alerts(settings, bell=self._bell_from_thread)
        return self._alerts

    def _bell_from_thread(self) -> None:
        self.call_from_thread(self.bell)

    def action_toggle_mute(self) -> None:
        alerts = self.alerts
        alerts.set_muted(not alerts.muted)
        self.notify("Sound off" if alerts.muted else "Sound on", timeout=2)
        self.refresh_bindings()

    # --- lifecycle ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # Home is the bottom of the stack: one screen to build at start-up, not two.
        from stride_tui.core.home import load_home
        from stride_tui.ui.screens.home import HomeScreen

        if self._first_home is not None:
            return HomeScreen(self._first_home)
        today = self.today
        return HomeScreen(self.store_submit(lambda store: load_home(store, today)))

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.config.collector_paused:
            # Home's data may be slow to come (the store still opening on a slow disk).
            self.set_timer(RESUME_COLLECTOR_AFTER, self._resume_collector)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.config.settings_problem:
            self.notify(self.config.settings_problem, title="Settings", severity="warning",
                        timeout=20)
        if self.config.companion:
            self.run_worker(self.serve_phone(lan=self.config.companion == "lan"))

    def _install_signal_handlers(self) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves a walk as ended early.
        # Windows has no SIGHUP (and no add_signal_handler): what is missing is skipped.
        loop = asyncio.get_running_loop()
        for name in ("SIGHUP", "SIGTERM"):
            sig = getattr(signal, name, None)
            if sig is None:
                continue
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._on_terminate_signal)

    def _on_terminate_signal(self) -> None:
        try:
            self.save_interrupted_session()
        finally:
            # The terminal may be gone, and Textual's own shutdown can block for ever writing
            # to it (a hang-up also sends SIGCONT, which restarts its writer on the dead tty).
            # A stuck Stride would keep the data lock, so once the walk is saved, leave for
            # certain: a daemon timer ends the process if the orderly exit has not.
            watchdog = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(0,))
            watchdog.daemon = True
            watchdog.start()
            self.exit()

    async def action_quit(self) -> None:
        self.quitting = True
        try:
            self.save_interrupted_session()
        finally:
            self.exit()

    async def on_event(self, event: events.Event) -> None:
        if self.quitting and isinstance(event, events.InputEvent):
            return  # on the way out: a key or a tap after q opens nothing
        await super().on_event(event)

    def in_session(self) -> bool:
        """A session is under way: checked in or further, and not yet at its last screen."""
        from stride_tui.core.events import Phase  # loaded with the session, not at start

        driver = self.driver
        return driver is not None and not driver.closed and driver.engine.phase not in (
            Phase.DONE, Phase.RED_FLAG_STOP, Phase.PAIN_STOP)

    def action_quit_key(self) -> None:
        """q: quit, but ask first in the middle of a session."""
        from stride_tui.ui.screens.confirm import ConfirmScreen

        if isinstance(self.screen, ConfirmScreen):
            return  # a question is open: it takes y / n
        if not self.in_session():
            self.quitting = True  # now: the keys after q come before the worker runs
            self.run_worker(self.action_quit(), exclusive=True, group="quit")
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.quitting = True
                self.run_worker(self.action_quit(), exclusive=True, group="quit")

        self.push_screen(ConfirmScreen(
            "Quit Stride now?", "What you have done of this session is saved as ended early.",
            "Quit"), answer)

    def action_leave_session(self) -> None:
        """Esc in the middle of a session (warm-up, after the walk…): ask, then save what was
        done and go back to Home."""
        from stride_tui.ui.screens.confirm import ConfirmScreen

        driver = self.driver
        if driver is None or not self.in_session():
            return

        def answer(yes: bool | None) -> None:
            if yes and self.driver is driver:
                driver.leave()
                while len(self.screen_stack) > 1:
                    self.pop_screen()

        self.push_screen(ConfirmScreen(
            "Leave this session?", "What you have done so far is saved; you go back to Home.",
            "Leave"), answer)

    def save_interrupted_session(self) -> None:
        """If a session is under way, end it and save it before Stride closes (blocks briefly).

        A save that fails here (a full disk) has already kept the walk as the checkpoint if it
        could; Stride closes either way.
        """
        driver, self.driver = self.driver, None
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.interrupt_and_save().result(timeout=10)

    def store_failed(self, exc: BaseException) -> None:
        """The store could not be opened (locked, unreadable): say why and leave."""
        self.exit(return_code=2, message=f"stride: {exc}")

    # --- settings ------------------------------------------------------------------------

    def _apply_settings(self, config: AppConfig) -> None:
        settings = config.settings
        self._saved_theme = settings.theme
        self._theme_timer: Timer | None = None
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        elif not config.settings_problem:
            config.settings_problem = (
                f"The settings file asks for the theme {settings.theme!r}, which Stride does "
                f"not have; using {self.theme!r}. Pick one with Ctrl+P, Change theme."
            )
        if settings.keys:
            self.set_keymap(dict(settings.keys))

    def _theme_changed(self, _theme: object) -> None:
        # The palette previews each theme as the highlight moves: save the one that stays.
        if self.config.settings_file is not None:
            if self._theme_timer is not None:
                self._theme_timer.stop()
            self._theme_timer = self.set_timer(THEME_SAVE_DELAY, self._save_theme,
                                               name="save-theme")

    def _save_theme(self) -> None:
        if self.theme != self._saved_theme:
            self._write_theme(self.theme)

    def _save_theme_on_exit(self) -> None:
        """A theme chosen just before quitting is still saved (a tiny file; Stride is closing)."""
        from stride_tui.settings import SettingsError, save_setting

        path = self.config.settings_file
        if path is None or self.theme == self._saved_theme:
            return
        with contextlib.suppress(OSError, SettingsError):
            save_setting(path, "theme", self.theme)

    @work(thread=True, exclusive=True, group="settings")
    def _write_theme(self, theme: str) -> None:
        if self._write_setting("theme", theme, "The theme"):
            self._saved_theme = theme

    def units_chosen(self, units: Units) -> None:
        """The person chose ``units`` on the profile screen. When the settings file names units
        (it then wins over the profile), it is told too, so the last choice made is shown."""
        from stride_tui.formats import unit_name

        name = unit_name(units)
        if self.config.settings.units in (None, name) or self.config.settings_file is None:
            return
        self.config.settings = self.config.settings._replace(units=name)
        self.store_submit(lambda store: setattr(store, "units", units))
        self.remember_setting("units", name, "The units")

    def remember_setting(self, key: str, value: str | bool, what: str) -> None:
        """Save a choice made on a screen to the settings file (off the UI thread), when
        there is one; ``what`` names it if it cannot be saved."""
        if self.config.settings_file is not None:
            self.run_worker(lambda: self._write_setting(key, value, what), thread=True,
                            group=f"settings-{key}")

    def _write_setting(self, key: str, value: str | bool, what: str) -> bool:
        """Write one setting (on a worker thread); a failure is said, not raised."""
        from stride_tui.settings import SettingsError, save_setting

        path = self.config.settings_file
        assert path is not None
        try:
            save_setting(path, key, value)
        except (OSError, SettingsError) as exc:
            self.call_from_thread(self.notify, f"{what} was not saved: {exc}",
                                  title="Settings", severity="warning", timeout=10)
            return False
        return True

    async def on_unmount(self) -> None:
        self._save_theme_on_exit()
        if self._belt is not None:
            self._belt.close()
        if self.phone is not None:
            await self.phone.stop()
        if self._alerts is not None:
            self._alerts.close()
        self._executor.shutdown(wait=True)

    # --- screens -------------------------------------------------------------------------------

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.read_screens_css()
        return super().push_screen(*args, **kwargs)

    def switch_screen(self, *args: Any, **kwargs: Any) -> Any:
        self.read_screens_css()
        return super().switch_screen(*args, **kwargs)

    def read_screens_css(self) -> None:
        """Read the stylesheets of the screens after Home, once, before the first is shown.

        They come after stride.tcss, as if all were read at start-up: no rule in them applies to
        Home, and only they are parsed (the rest is cached)."""
        if self._screens_css_read:
            return
        self._screens_css_read = True
        here = Path(__file__).parent
        for name in SCREENS_CSS:
            self.stylesheet.read(here / name)
        self.stylesheet.update(self)

    # --- sessions ----------------------------------------------------------------------------

    def start_session(
        self, profile: Profile, target: DailyTarget, minutes: int | None = None
    ) -> None:
        from stride_tui.ui.session import SessionDriver

        if self.driver is not None or self.quitting:
            return
        if not target.walk_allowed:
            # Whatever asked for the walk (a key, the palette, the phone, the belt): the
            # programme's answer for today stands (core.programme.today_for).
            self.notify(target.blocked_reason, severity="warning", timeout=8)
            return
        self.driver = SessionDriver(self, profile, target, minutes)
        if self.phone is not None:
            self.phone.attach(self.driver)
        self.driver.begin()
        self._follow_belt(self.driver, profile)

    def _follow_belt(self, driver: SessionDriver, profile: Profile) -> None:
        """With a treadmill remembered, its link follows the session (connecting off the UI
        thread), and the walker's usual speed is read for the pace rule."""
        make = self.config.treadmill
        if profile.treadmill is None or make is None:
            return
        if self._belt is None or self._belt_address != profile.treadmill:
            if self._belt is not None:  # another treadmill was chosen on the profile screen
                self._belt.close()
            self._belt, self._belt_address = make(profile.treadmill), profile.treadmill
        self._belt.follow(driver)
        from stride_tui.core.belt import usual_speed_kmh

        loop = asyncio.get_running_loop()
        usual = self.store_submit(lambda store: usual_speed_kmh(store.digests()))

        def done(future: Future[float | None]) -> None:
            if future.exception() is None:
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(driver.belt_usual_speed, future.result())

        usual.add_done_callback(done)

    def show_phase(self, driver: SessionDriver, phase: Phase) -> SessionScreen:
        """Show the screen of ``phase`` (the one table of the session's screens)."""
        from textual.screen import ModalScreen

        from stride_tui.core.events import Phase
        from stride_tui.ui.screens.after import AfterScreen
        from stride_tui.ui.screens.checkin import CheckInScreen
        from stride_tui.ui.screens.home import HomeScreen
        from stride_tui.ui.screens.redflag import RedFlagScreen, StopScreen
        from stride_tui.ui.screens.routine import RoutineScreen
        from stride_tui.ui.screens.summary import SummaryScreen
        from stride_tui.ui.screens.walk import WalkScreen

        screens: dict[Phase, Callable[[SessionDriver], SessionScreen]] = {
            Phase.CHECK_IN: CheckInScreen,
            Phase.WARM_UP: RoutineScreen,
            Phase.WALK: WalkScreen,
            Phase.PAIN_AFTER: AfterScreen,
            Phase.STRENGTH: RoutineScreen,
            Phase.COOL_DOWN: RoutineScreen,
            Phase.DONE: SummaryScreen,
            Phase.RED_FLAG_STOP: RedFlagScreen,
            Phase.PAIN_STOP: StopScreen.for_pain,
        }
        screen = screens[phase](driver)
        # A question left open (pain check, confirm) belongs to the phase that just ended.
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.push_screen(screen)
        else:
            self.switch_screen(screen)
        return screen

    def ask_red_flag(self, driver: SessionDriver) -> None:
        """Which red-flag symptom? (one key each; the session stops at once)."""
        from stride_tui.ui.screens.report_flag import ReportFlagScreen

        self.push_screen(ReportFlagScreen(driver))

    def ask_pain(self, driver: SessionDriver) -> None:
        """Ask for a pain score during the walk, unless a question is already open."""
        from textual.screen import ModalScreen

        from stride_tui.ui.screens.pain_prompt import PainPromptScreen

        if isinstance(self.screen, ModalScreen):
            # A question is already open (this one, or the red-flag chooser): it keeps its
            # keys; the pain check must never take the digit meant for it.
            return

        from stride_tui.core.events import Phase

        def answer(score: int | None) -> None:
            # The walk may have ended while the question was open.
            if score is not None and driver.engine.phase is Phase.WALK:
                driver.record_pain(score)

        self.push_screen(PainPromptScreen("How is your back right now?"), answer)

    def session_finished(self) -> None:
        self.driver = None
        if self.phone is not None:
            self.phone.detach()

    # --- the phone companion page --------------------------------------------------------------

    async def serve_phone(self, *, lan: bool = False) -> None:
        """Serve the companion page and show its address and QR code."""
        from stride_tui.ui.phone import phone_link

        if await phone_link(self).start(lan=lan):
            self.action_phone()

    def action_phone(self) -> None:
        """Show the phone page's address and QR code (serving it on this computer first)."""
        from stride_tui.ui.phone import PhoneScreen, phone_link

        if not isinstance(self.screen, PhoneScreen):
            self.push_screen(PhoneScreen(phone_link(self)))

    # --- command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Start today's walk", "Check in and start the walk",
                            self._palette_start_walk)
        yield SystemCommand("Mute / unmute", "Turn cue sounds off or on", self.action_toggle_mute)
        yield SystemCommand("Help", "What this screen is for, and its keys (F1 or ?)",
                            self.action_help)
        yield SystemCommand("Phone page", "Follow the walk on your phone: address and QR code",
                            self.action_phone)
        for name, help_text in (("progress", "This week against the plan"),
                                ("plan", "The weeks ahead"),
                                ("history", "Every session"),
                                ("profile", "Start date, surface, conditions, sound")):
            yield SystemCommand(f"Open {name}", help_text,
                                lambda n=name: self.open_screen(n))

    def action_help(self) -> None:
        """Help for the screen in front (F1, ?, the palette); again closes it."""
        from stride_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def _palette_start_walk(self) -> None:
        from stride_tui.ui.screens.home import HomeScreen

        home = next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)
        if home is not None and self.driver is None:
            home.action_start()

    def open_screen(self, name: str) -> None:
        """Open one of the review screens on top of Home (not during a session)."""
        if self.driver is not None:
            self.notify("Finish or end the session first.", severity="warning")
            return
        from stride_tui.ui.screens.history import HistoryScreen
        from stride_tui.ui.screens.plan import PlanScreen
        from stride_tui.ui.screens.profile import ProfileScreen
        from stride_tui.ui.screens.progress import ProgressScreen

        screens: dict[str, Callable[[], Screen[Any]]] = {
            "progress": ProgressScreen, "plan": PlanScreen, "history": HistoryScreen,
            "profile": lambda: ProfileScreen(first_run=False),
        }
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screens[name]())
