"""The session driver: runs the core engine on Textual's timers and fans out its events.

It wakes exactly when the engine says something is next due (``next_wakeup``), never on a
fixed beat, so cues fire on time without ticking more than needed. Each event goes to the
screen, to the alerts (sound and notification, off the UI thread) and to a checkpoint (on the
store thread). The engine decides everything; the driver only delivers.
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from stride_tui.core.engine import (
    CountdownTick,
    CueFired,
    Event,
    Paused,
    PauseReason,
    Phase,
    PhaseChanged,
    Resumed,
    SessionEngine,
    StepStarted,
    WalkEnded,
)
from stride_tui.core.plan import DailyTarget
from stride_tui.core.records import Profile, SessionRecord, SessionStatus

if TYPE_CHECKING:
    from stride_tui.store import Store
    from stride_tui.ui.app import StrideApp

# Real seconds between checkpoints while something runs (and one at every event).
CHECKPOINT_EVERY = 5.0
# Seconds between tries when a finished session could not be saved.
RETRY_SAVE_EVERY = 10.0
# Never wake more often than this (real seconds), e.g. at a high --time-scale.
MIN_WAKE = 0.002

PHASE_ANNOUNCEMENTS: dict[Phase, tuple[str, str, str]] = {
    Phase.WARM_UP: ("warm-up", "Warm-up", "Two minutes to wake up your back and hips."),
    Phase.WALK: ("walk-start", "Walk", "Start at an easy pace: you can talk, not sing."),
    Phase.STRENGTH: ("strength", "Strength moves", "Three moves for your back and glutes."),
    Phase.COOL_DOWN: ("cool-down", "Cool-down", "Slow down and stretch gently."),
    Phase.RED_FLAG_STOP: ("red-flag", "Stop walking", "Get medical care today."),
}


class SessionDriver:
    def __init__(
        self, app: StrideApp, profile: Profile, target: DailyTarget, minutes: int | None
    ) -> None:
        self.app = app
        self.engine = SessionEngine(app.clock, profile, target, minutes=minutes, day=app.today)
        self.timer: asyncio.TimerHandle | None = None
        self.saved: Future[Any] | None = None
        self.closed = False
        self._writes_failing = False
        self._loop = asyncio.get_running_loop()
        self._last_checkpoint = app.clock.monotonic()
        self._screen: Any = None

    # --- starting and screens --------------------------------------------------------------

    def begin(self) -> None:
        from stride_tui.ui.screens.checkin import CheckInScreen

        self._show(CheckInScreen(self))

    def _show(self, screen: Any) -> None:
        from textual.screen import ModalScreen

        from stride_tui.ui.screens.home import HomeScreen

        self._screen = screen
        # A question left open (pain check, confirm) belongs to the phase that just ended.
        while isinstance(self.app.screen, ModalScreen):
            self.app.pop_screen()
        if isinstance(self.app.screen, HomeScreen):
            self.app.push_screen(screen)
        else:
            self.app.switch_screen(screen)

    def _screen_for(self, phase: Phase) -> Any:
        from stride_tui.ui.screens.after import AfterScreen
        from stride_tui.ui.screens.redflag import RedFlagScreen, StopScreen
        from stride_tui.ui.screens.routine import RoutineScreen
        from stride_tui.ui.screens.summary import SummaryScreen
        from stride_tui.ui.screens.walk import WalkScreen

        if phase in (Phase.WARM_UP, Phase.STRENGTH, Phase.COOL_DOWN):
            return RoutineScreen(self)
        if phase is Phase.WALK:
            return WalkScreen(self)
        if phase is Phase.PAIN_AFTER:
            return AfterScreen(self)
        if phase is Phase.RED_FLAG_STOP:
            return RedFlagScreen(self)
        if phase is Phase.PAIN_STOP:
            return StopScreen.for_pain(self)
        return SummaryScreen(self)

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
        real = max(MIN_WAKE, wait / self.app.clock.scale)
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
        for event in events:
            self._announce(event)
            if isinstance(event, PhaseChanged):
                new_phase = event.phase
        if events or self.app.clock.monotonic() - self._last_checkpoint >= CHECKPOINT_EVERY * (
            self.app.clock.scale
        ):
            self.checkpoint()
        if new_phase is not None:
            self._enter(new_phase)
        elif self._screen is not None and hasattr(self._screen, "session_events"):
            self._screen.session_events(events)
        self.schedule()

    def _enter(self, phase: Phase) -> None:
        if phase in (Phase.DONE, Phase.RED_FLAG_STOP, Phase.PAIN_STOP):
            self.save()
        elif phase is Phase.PAIN_AFTER:
            # The walk is over: store it now, so nothing after it can lose it.
            self._store_snapshot()
        self._show(self._screen_for(phase))

    def _store_snapshot(self) -> None:
        record = self.engine.snapshot()
        future = self.app.store_submit(lambda store: store.add_session(record))
        future.add_done_callback(self._write_done)

    def _announce(self, event: Event) -> None:
        alerts = self.app.alerts
        if isinstance(event, PhaseChanged) and event.phase in PHASE_ANNOUNCEMENTS:
            kind, title, body = PHASE_ANNOUNCEMENTS[event.phase]
            if event.phase is Phase.WALK:
                body = f"{self.engine.walk_seconds // 60} minutes. {body}"
            alerts.announce(kind, title, body)
            self.app.notify(body, title=title, timeout=4)
        elif isinstance(event, StepStarted):
            step = event.step
            if step.rest:
                alerts.announce("tick", "Rest", "Rest before the next set.", notify=False)
            else:
                title = step.title + (f" — {step.detail}" if step.detail else "")
                alerts.announce(f"move:{step.move.id}", title, step.move.how)
        elif isinstance(event, CountdownTick):
            alerts.announce("tick", "", "", notify=False)
        elif isinstance(event, CueFired):
            # Sound and the desktop notification; on screen the walk's cue banner shows it (a
            # toast as well would only cover the progress bar and lay the screen out twice).
            alerts.announce(event.cue.kind.value, event.cue.title, event.cue.body)
        elif isinstance(event, Paused):
            if event.reason is PauseReason.SUSPEND:
                body = (f"Your computer seemed to sleep for {event.gap_seconds:.0f} s. "
                        "The walk is paused; press space to carry on.")
                alerts.announce("paused", "Walk paused", body)
                self.app.notify(body, title="Paused", severity="warning", timeout=10)
            else:
                alerts.announce("paused", "Paused", "Press space to carry on.", notify=False)
        elif isinstance(event, Resumed):
            alerts.announce("resumed", "Carry on", "Timer running again.", notify=False)
        elif isinstance(event, WalkEnded):
            if event.status is SessionStatus.COMPLETED:
                alerts.announce("walk-end", "Walk done", "Target reached. Slow down gently.")
            elif event.status is SessionStatus.STOPPED_FOR_PAIN:
                alerts.announce("pain-stop", "Stop and rest", self.engine.record.note)
            else:
                alerts.announce("walk-end", "Walk ended", "Walk ended early. Slow down gently.")

    # --- keys forwarded by the screens -------------------------------------------------------

    def ask_red_flag(self) -> None:
        """Which red-flag symptom? (one key each; the session stops at once)."""
        from stride_tui.ui.screens.report_flag import ReportFlagScreen

        self.app.push_screen(ReportFlagScreen(self))

    def act(self, action: str, *args: Any) -> None:
        """Forward a key to the engine (``toggle_pause``, ``skip``, ``pain_check``, …)."""
        self.apply(getattr(self.engine, action)(*args))

    # --- saving ------------------------------------------------------------------------------
    # Disk work runs on the store thread; its results come back through the event loop with
    # call_soon_threadsafe, which never waits for the UI (the UI may itself be waiting on the
    # store thread while Stride closes).

    def _to_ui(self, callback: Any, *args: Any) -> None:
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

    def save(self) -> Future[Any]:
        """Save the finished session into the store, off the UI thread, once."""
        if self.saved is None:
            record = self.engine.snapshot()
            if record.status is SessionStatus.IN_PROGRESS:
                record.status = SessionStatus.COMPLETED
            self.saved = self.app.store_submit(lambda store: _save(store, record))
            self.saved.add_done_callback(self._saved_callback)
        return self.saved

    def _saved_callback(self, future: Future[Any]) -> None:
        self._to_ui(self._after_save, future.exception())

    def _after_save(self, exc: BaseException | None) -> None:
        if exc is not None:
            self.app.notify(
                f"Could not save this session: {exc} Stride keeps it and tries again every "
                f"{RETRY_SAVE_EVERY:.0f} s.",
                severity="error", timeout=30,
            )
            if not self.closed:
                self.app.set_timer(RETRY_SAVE_EVERY, self._retry_save, name="retry-save")
        if self._screen is not None and hasattr(self._screen, "saved"):
            self._screen.saved(exc)

    def _retry_save(self) -> None:
        failed = self.saved is not None and self.saved.done() and self.saved.exception()
        if failed and not self.closed:
            self.saved = None
            self.save()

    def interrupt_and_save(self) -> Future[Any]:
        """Stride is closing: end the session where it stands and save it."""
        self._stop_timer()
        if self.saved is not None and not (self.saved.done() and self.saved.exception()):
            return self.saved
        if self.engine.phase is Phase.CHECK_IN and self.engine.record.pain_before is None:
            done: Future[Any] = Future()
            done.set_result(None)
            return done
        record: SessionRecord = self.engine.interrupt()
        self.saved = self.app.store_submit(lambda store: _save(store, record))
        return self.saved

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
