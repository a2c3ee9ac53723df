"""The session driver: runs the core engine on the event loop's timers and fans out its events.

It wakes exactly when the engine says something is next due (``next_wakeup``), never on a
fixed beat, so cues fire on time without ticking more than needed. Each batch of events goes to
the screen (a ``SessionView``), to the alerts (sound and notification, off the UI thread), to a
checkpoint (on the store thread) and to any listeners (the phone page). The engine decides
everything; the driver only delivers.

Everything that acts on a running session (keys, phone taps, the treadmill belt) calls the
driver's typed methods. The driver knows no screens: its host (the app) shows the screen of
each phase from its own table.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

from textual.screen import Screen

from stride_tui.core.belt import BeltReading
from stride_tui.core.engine import SessionEngine
from stride_tui.core.events import Event, PauseReason, Phase, PhaseChanged
from stride_tui.core.plan import DailyTarget
from stride_tui.core.records import Profile, SessionRecord, SessionStatus
from stride_tui.core.safety import RedFlag
from stride_tui.ui.words import announcement

if TYPE_CHECKING:
    from stride_tui.alerts import Alerts
    from stride_tui.core.clock import Clock
    from stride_tui.store import Store

# Real seconds between checkpoints while something runs (and one at every event).
CHECKPOINT_EVERY = 5.0
# Seconds between tries when a finished session could not be saved.
RETRY_SAVE_EVERY = 10.0
# Never wake more often than this (real seconds), e.g. at a high --time-scale.
MIN_WAKE = 0.002
# A treadmill reading with nothing to say waits at most this long (real seconds) to be drawn,
# by the next tick.
BELT_DRAW_WAIT = 1.0

Listener = Callable[[list[Event]], None]


class SessionView(Protocol):
    """What a session screen hears from the driver."""

    def session_events(self, events: list[Event]) -> None:
        """The engine reported ``events`` (maybe none: a tick to redraw the time)."""

    def session_saved(self, error: BaseException | None) -> None:
        """The finished session was saved (``error`` is None) or could not be."""


class SessionScreen(Screen[None]):
    """A screen of the session: a ``SessionView`` that hears nothing unless it says so."""

    def session_events(self, events: list[Event]) -> None:
        """Most session screens change only on a new phase (a new screen)."""

    def session_saved(self, error: BaseException | None) -> None:
        """Only the last screens say whether the session was saved."""


class SessionHost(Protocol):
    """What the driver needs of the app: time, the alerts, the store thread, and screens."""

    @property
    def clock(self) -> Clock: ...

    @property
    def today(self) -> date: ...

    @property
    def alerts(self) -> Alerts: ...

    def store_submit(self, fn: Callable[[Store], Any]) -> Future[Any]: ...

    def call_next(self, callback: Callable[..., Any], *args: Any) -> None: ...

    def notify(
        self, message: str, *, title: str = ...,
        severity: Literal["information", "warning", "error"] = ..., timeout: float | None = ...,
    ) -> None: ...

    def clear_notifications(self) -> None: ...

    def show_phase(self, driver: SessionDriver, phase: Phase) -> SessionView:
        """Show the screen of ``phase`` (closing any question left open) and return it."""

    def ask_red_flag(self, driver: SessionDriver) -> None:
        """Ask which red-flag symptom (one key each; the session stops at once)."""

    def ask_pain(self, driver: SessionDriver) -> None:
        """Ask for a pain score now, unless the question is already open."""

    def session_finished(self) -> None:
        """The person has left the session's last screen."""


class BeltSource(Protocol):
    """The treadmill link, as the app sees it (``stride_tui.treadmill.feed.TreadmillFeed``)."""

    def follow(self, driver: SessionDriver) -> None:
        """Hand readings and link changes to ``driver`` from now on."""

    def close(self) -> None:
        """Stop the link (Stride is closing)."""


class SessionDriver:
    def __init__(
        self, app: SessionHost, profile: Profile, target: DailyTarget, minutes: int | None
    ) -> None:
        self.app = app
        self.engine = SessionEngine(app.clock, profile, target, minutes=minutes, day=app.today)
        self.timer: asyncio.TimerHandle | None = None
        self.saved: Future[None] | None = None
        self.closed = False
        self._writes_failing = False
        self._loop = asyncio.get_running_loop()
        self._last_checkpoint = app.clock.monotonic()
        self._screen: SessionView | None = None
        self._listeners: list[Listener] = []

    # --- starting and screens --------------------------------------------------------------

    def begin(self) -> None:
        """Show the check-in."""
        self._screen = self.app.show_phase(self, Phase.CHECK_IN)

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(events)`` on the UI thread after each batch has been applied."""
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    # --- the clock -------------------------------------------------------------------------

    def schedule(self) -> None:
        """Arm one timer for the moment the engine next needs a tick.

        A plain event-loop timer that hands the tick to the app's message queue, as Textual's
        ``set_timer`` does in the end: ``set_timer`` would also start a task, an event and a
        sleep for every wake-up (one a second for the whole walk: DESIGN §5 wants the walk
        screen light on the CPU), and starts counting only once that task first runs.
        """
        self._stop_timer()
        wait = self.engine.next_wakeup()
        if wait is None:
            return
        real = max(MIN_WAKE, self.app.clock.real_seconds(wait))
        self.timer = self._loop.call_later(real, self._wake)

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _wake(self) -> None:
        self.app.call_next(self._on_timer, self.timer)

    def _on_timer(self, timer: asyncio.TimerHandle | None) -> None:
        if timer is not self.timer:
            return  # re-armed (a key was pressed) after this wake-up was queued
        self.timer = None
        self.tick_now()

    def tick_now(self) -> None:
        """Bring the session up to the clock now (the timer's job; tests call it too)."""
        self.apply(self.engine.tick())

    # --- events ------------------------------------------------------------------------------

    def apply(self, events: list[Event]) -> None:
        """Deliver what the engine reported, then re-arm the timer."""
        new_phase: Phase | None = None
        if any(isinstance(event, PhaseChanged) for event in events):
            # What was said during the phase that ended (a pause, a checkpoint warning) does
            # not belong on the next screen; the new phase's own words follow.
            self.app.clear_notifications()
        for event in events:
            self._announce(event)
            if isinstance(event, PhaseChanged):
                new_phase = event.phase
        since = self.app.clock.monotonic() - self._last_checkpoint
        if events or since >= self.app.clock.clock_seconds(CHECKPOINT_EVERY):
            self.checkpoint()
        if new_phase is not None:
            self._enter(new_phase)
        elif self._screen is not None:
            self._screen.session_events(events)
        for listener in list(self._listeners):
            listener(events)
        self.schedule()

    def _enter(self, phase: Phase) -> None:
        if phase in (Phase.DONE, Phase.RED_FLAG_STOP, Phase.PAIN_STOP):
            self.save()
        elif phase is Phase.PAIN_AFTER:
            # The walk is over: store it now, so nothing after it can lose it.
            self._store_snapshot()
        self._screen = self.app.show_phase(self, phase)

    def _store_snapshot(self) -> None:
        record = self.engine.snapshot()
        future = self.app.store_submit(lambda store: store.add_session(record))
        future.add_done_callback(self._write_done)

    def _announce(self, event: Event) -> None:
        said = announcement(event, walk_minutes=self.engine.walk_seconds // 60,
                            note=self.engine.record.note)
        if said is None:
            return
        self.app.alerts.announce(said.key, said.title, said.body, notify=said.notify)
        if said.toast is not None:
            self.app.notify(said.body, title=said.toast.title, severity=said.toast.severity,
                            timeout=said.toast.timeout)

    # --- acting on the session: keys, phone taps, the belt -----------------------------------
    # Each does nothing when the session is not in a phase it fits (a tap from the phone may
    # arrive just after the walk ended).

    def check_in(self, red_flags: Iterable[RedFlag], pain_before: int | None) -> None:
        """The check-in's answers: any red flag stops the session (pain may be unknown then);
        else on to the warm-up."""
        if self.engine.phase is Phase.CHECK_IN:
            self.apply(self.engine.check_in(red_flags, pain_before))

    def toggle_pause(self) -> None:
        self.apply(self.engine.toggle_pause())

    def pause(self, reason: PauseReason = PauseReason.BY_YOU) -> None:
        self.apply(self.engine.pause(reason))

    def resume(self) -> None:
        self.apply(self.engine.resume())

    def end_early(self) -> None:
        """End the walk now (what was walked is kept)."""
        if self.engine.phase is Phase.WALK:
            self.apply(self.engine.end_walk_early())

    def record_pain(self, score: int) -> None:
        """A pain score: a pain check during the walk, the pain after it once it is over."""
        if self.engine.phase is Phase.WALK:
            self.apply(self.engine.pain_check(score))
        elif self.engine.phase is Phase.PAIN_AFTER:
            self.apply(self.engine.set_pain_after(score))

    def pain_check_now(self) -> None:
        """Ask for a pain score during the walk (the answer goes to ``record_pain``)."""
        if self.engine.phase is Phase.WALK:
            self.app.ask_pain(self)

    def report_red_flag(self, flag: RedFlag) -> None:
        """A red-flag symptom: the session stops at once, whatever phase it is in."""
        if self.engine.phase not in (Phase.RED_FLAG_STOP, Phase.DONE):
            self.apply(self.engine.report_red_flag([flag]))

    def ask_red_flag(self) -> None:
        """Ask which red-flag symptom (one key each; the session stops at once)."""
        self.app.ask_red_flag(self)

    def skip(self) -> None:
        """Skip the current routine step."""
        self.apply(self.engine.skip())

    def back(self) -> None:
        """Back to the previous routine step (or the start of this one)."""
        self.apply(self.engine.back())

    def skip_all(self) -> None:
        """Skip the rest of the current routine."""
        self.apply(self.engine.skip_routine())

    def belt(self, reading: BeltReading) -> None:
        """A reading from the treadmill: the walk follows the belt (Stride never writes to it).

        A reading with nothing to say (no pause, resume or cue) is drawn by the tick due
        within a second, not at once: with a treadmill the screen is drawn once a second, not
        twice (the readings come between the ticks). Anything it changes is said at once."""
        if self.closed:
            return
        events = self.engine.belt(reading)
        if events or not self._ticks_within(BELT_DRAW_WAIT):
            self.apply(events)
        else:
            self.schedule()  # the belt's own deadlines (a pause after it stops) may be sooner

    def _ticks_within(self, seconds: float) -> bool:
        """Whether the timer is armed to tick within ``seconds`` of real time."""
        return self.timer is not None and self.timer.when() - self._loop.time() <= seconds

    def belt_lost(self, reason: str) -> None:
        """The treadmill link is down or did not come up: the walk is timed by keys."""
        if not self.closed:
            self.apply(self.engine.belt_lost(reason))

    def belt_usual_speed(self, kmh: float | None) -> None:
        """The walker's usual treadmill speed (``core.belt.usual_speed_kmh``), for the pace rule."""
        self.engine.belt_follow.usual_kmh = kmh

    # --- saving ------------------------------------------------------------------------------
    # Disk work runs on the store thread; its results come back through the event loop with
    # call_soon_threadsafe, which never waits for the UI (the UI may itself be waiting on the
    # store thread while Stride closes).

    def _to_ui(self, callback: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: Stride is exiting
            self._loop.call_soon_threadsafe(callback, *args)

    def checkpoint(self) -> None:
        self._last_checkpoint = self.app.clock.monotonic()
        # DONE is checkpointed too: the after-walk pain is only in memory until the final save,
        # which a kill can cut short.
        if self.engine.phase in (Phase.CHECK_IN, Phase.RED_FLAG_STOP, Phase.PAIN_STOP):
            return
        record = self.engine.snapshot()
        future = self.app.store_submit(lambda store: store.write_checkpoint(record))
        future.add_done_callback(self._write_done)

    def _write_done(self, future: Future[Any]) -> None:
        exc = future.exception()
        # Wake the UI only when there is something to say (a checkpoint is written every few
        # seconds for the whole walk); _writes_failing is only changed on the UI thread.
        if exc is not None or self._writes_failing:
            self._to_ui(self._report_write, exc)

    def _report_write(self, exc: BaseException | None) -> None:
        """Say once when checkpoints start failing (a crash could now lose the walk), and once
        when they work again."""
        if exc is not None and not self._writes_failing:
            self._writes_failing = True
            self.app.notify(
                f"{exc} The walk goes on, but until this is fixed a crash could lose it.",
                title="Walk checkpoint not saved", severity="error", timeout=30,
            )
        elif exc is None and self._writes_failing:
            self._writes_failing = False
            self.app.notify("The walk is being checkpointed again.", timeout=5)

    def save(self) -> Future[None]:
        """Save the finished session into the store, off the UI thread, once."""
        if self.saved is None:
            record = self.engine.snapshot()
            if record.status is SessionStatus.IN_PROGRESS:
                record.status = SessionStatus.COMPLETED
            self.saved = self.app.store_submit(lambda store: _save(store, record))
            self.saved.add_done_callback(self._saved_callback)
        return self.saved

    def _saved_callback(self, future: Future[None]) -> None:
        self._to_ui(self._after_save, future.exception())

    def _after_save(self, exc: BaseException | None) -> None:
        if exc is not None:
            self.app.notify(
                f"Could not save this session: {exc} Stride keeps it and tries again every "
                f"{RETRY_SAVE_EVERY:.0f} s.",
                severity="error", timeout=30,
            )
            if not self.closed:
                self._loop.call_later(RETRY_SAVE_EVERY, self._retry_save)
        if self._screen is not None:
            self._screen.session_saved(exc)

    def _retry_save(self) -> None:
        failed = self.saved is not None and self.saved.done() and self.saved.exception()
        if failed and not self.closed:
            self.saved = None
            self.save()

    def interrupt_and_save(self) -> Future[None]:
        """Stride is closing: end the session where it stands and save it."""
        self._stop_timer()
        if self.saved is not None and not (self.saved.done() and self.saved.exception()):
            return self.saved
        if self.engine.phase is Phase.CHECK_IN and self.engine.record.pain_before is None:
            done: Future[None] = Future()
            done.set_result(None)
            return done
        record: SessionRecord = self.engine.interrupt()
        self.saved = self.app.store_submit(lambda store: _save(store, record))
        return self.saved

    def leave(self) -> Future[None]:
        """The person leaves mid-session for Home (Esc, asked first): end the session where it
        stands, save it, and close."""
        saved = self.interrupt_and_save()
        self.close()
        return saved

    def close(self) -> None:
        """The person has left the session's last screen."""
        self._stop_timer()
        self.closed = True
        self._screen = None
        if self.saved is not None and self.saved.done() and self.saved.exception():
            # One more try on the way out (the disk may have room again); if it fails, the
            # walk stays in the checkpoint file, offered back on Home.
            record = self.engine.snapshot()
            self.app.store_submit(lambda store: _save(store, record))
        self.app.session_finished()


def _save(store: Store, record: SessionRecord) -> None:
    """Store a finished session; if the store cannot take it, keep it as the checkpoint (a
    small file that may still fit) so the next start offers it back, and raise."""
    from stride_tui.store import StoreError

    try:
        store.add_session(record)
    except StoreError:
        with contextlib.suppress(StoreError):
            store.write_checkpoint(record)
        raise
    store.clear_checkpoint()
