"""The Stride Textual app: the screens, the store worker and the alerts, wired together.

All store access goes through one worker thread (``store_call``), so disk work never runs on
the UI thread and TinyDB is only ever touched from one thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from stride_tui.core.clock import Clock, ScaledClock, SystemClock
from stride_tui.core.events import Phase
from stride_tui.core.records import Profile

if TYPE_CHECKING:
    from stride_tui.alerts import Alerts
    from stride_tui.core.plan import DailyTarget
    from stride_tui.store import Store
    from stride_tui.ui.phone import PhoneLink
    from stride_tui.ui.session import SessionDriver, SessionScreen

T = TypeVar("T")

# Seconds a closing Stride (terminal hung up, SIGTERM) has to exit before it is made to.
EXIT_GRACE_SECONDS = 1.0

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
    # The phone companion page: "local" or "lan" serves it from the start; and whether the
    # computer stays quiet while a page is connected.
    companion: str | None = None
    phone_sound_only: bool = False


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
        # Opened at once on the store thread, so that Home's data can be there for its first
        # paint; a store that cannot be opened is reported when Home asks for its data.
        self._store_future: Future[Store] = self._executor.submit(self._open_store)
        self._alerts = config.alerts
        self.driver: SessionDriver | None = None
        self.profile: Profile | None = None
        self.store_notices: list[str] = []
        # The next-day check is offered once per run (Esc leaves it for the next start).
        self.day_after_asked = False
        self._screens_css_read = False
        self.phone: PhoneLink | None = None  # the companion page, once asked for

    # --- time ----------------------------------------------------------------------------------

    @property
    def today(self) -> date:
        return self.config.today or self.clock.now().date()

    # --- the store, on its own thread ------------------------------------------------------

    def _open_store(self) -> Store:
        import gc

        from stride_tui.store import Store

        store = Store.open(self.config.data_dir)
        # What was loaded (the index, the modules) lives as long as the app: moved out of the
        # collector's generations, no full collection rescans it, on this thread or the UI's.
        gc.freeze()
        return store

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
                muted=self.config.mute,
                notifications=self.config.notify and (profile.notifications if profile else True),
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
        from stride_tui.ui.screens.home import HomeScreen, load_home

        today = self.today
        return HomeScreen(self.store_submit(lambda store: load_home(store, today)))

    def on_mount(self) -> None:
        self._install_signal_handlers()
        if self.config.companion:
            self.run_worker(self.serve_phone(lan=self.config.companion == "lan"))

    def _install_signal_handlers(self) -> None:
        # A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves a walk as ended early.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
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
        try:
            self.save_interrupted_session()
        finally:
            self.exit()

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

    async def on_unmount(self) -> None:
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

        if self.driver is not None:
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

    def show_phase(self, driver: SessionDriver, phase: Phase) -> SessionScreen:
        """Show the screen of ``phase`` (the one table of the session's screens)."""
        from textual.screen import ModalScreen

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
        yield SystemCommand("Phone page", "Follow the walk on your phone: address and QR code",
                            self.action_phone)
        for name, help_text in (("progress", "This week against the plan"),
                                ("plan", "The weeks ahead"),
                                ("history", "Every session"),
                                ("profile", "Start date, surface, conditions, sound")):
            yield SystemCommand(f"Open {name}", help_text,
                                lambda n=name: self.open_screen(n))

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
