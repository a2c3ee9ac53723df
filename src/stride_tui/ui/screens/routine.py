"""A routine step by step: warm-up, strength or cool-down, with a countdown or a rep counter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from stride_tui.core.engine import Event
from stride_tui.core.routines import RoutineStep
from stride_tui.formats import countdown
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.big_clock import BigClock
from stride_tui.ui.widgets.keybar import KeyBar


class RoutineScreen(SessionScreen):
    BINDINGS = [
        Binding("space", "pause", "Pause", id="routine-pause", tooltip="Pause or resume"),
        Binding("n,right", "skip", "Skip", id="routine-skip", tooltip="Skip this move"),
        Binding("b,left", "back", "Back", id="routine-back",
                tooltip="Back to the previous move (or restart this one)"),
        Binding("S", "skip_all", "Skip all", id="routine-skip-all",
                tooltip="Skip the rest of this routine"),
        Binding("m", "app.toggle_mute", "Mute", id="routine-mute", tooltip="Sound off or on"),
        Binding("r", "red_flag", "Red flag", id="routine-red-flag",
                tooltip="Report a red-flag symptom: the session stops at once"),
        Binding("escape", "app.leave_session", "Leave", show=False, id="routine-leave",
                tooltip="Leave the session for Home (asks first; what was done is saved)"),
    ]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver
        self.composed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="routine-body"):
            yield Static("", id="routine-title")
            yield Static("", id="move-name")
            yield Static("", id="move-how")
            with Horizontal(id="routine-counter"):
                yield BigClock("0:00", id="routine-digits")
                yield Static("", id="routine-unit")
            yield ProgressBar(total=1, show_eta=False, id="routine-progress")
            yield Static("", id="routine-next")
            yield Static("", id="routine-paused")
        yield KeyBar()

    def on_mount(self) -> None:
        self.composed = True
        self.refresh_view()

    def session_events(self, events: list[Event]) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        if not self.composed:
            return  # events can arrive before the screen has been composed
        engine = self.driver.engine
        run = engine.routine
        if run is None or run.finished:
            return
        now = engine.clock.monotonic()
        step: RoutineStep = run.step
        title = run.routine.title
        move, moves = run.place
        then = "rest, then " if step.rest else ""
        self.query_one("#routine-title", Static).update(
            f"[b]{title}[/b] · {then}move {move} of {moves}"
        )
        name = step.title + (f" — {step.detail}" if step.detail else "")
        self.query_one("#move-name", Static).update(name)
        self.query_one("#move-how", Static).update(
            "Breathe and shake out your arms." if step.rest else step.move.how
        )
        digits = self.query_one("#routine-digits", BigClock)
        unit = self.query_one("#routine-unit", Static)
        if step.reps:
            rep = step.rep_at(run.step_elapsed(now))
            digits.value = f"{rep}/{step.reps}"
            unit.update(f"reps\n{step.move.pace:g} s each")
        else:
            digits.value = countdown(run.step_remaining(now))
            unit.update("left")
        bar = self.query_one("#routine-progress", ProgressBar)
        bar.update(total=len(run.steps), progress=run.index)
        upcoming = run.steps[run.index + 1] if run.index + 1 < len(run.steps) else None
        self.query_one("#routine-next", Static).update(
            f"Next: {upcoming.title}" + (f" — {upcoming.detail}" if upcoming.detail else "")
            if upcoming else "Next: " + _after(run.routine.id)
        )
        self.query_one("#routine-paused", Static).update(
            "[b]PAUSED[/b] — space to carry on" if engine.paused else ""
        )

    def action_pause(self) -> None:
        self.driver.toggle_pause()
        self.refresh_view()

    def action_skip(self) -> None:
        self.driver.skip()
        self.refresh_view()

    def action_back(self) -> None:
        self.driver.back()
        self.refresh_view()

    def action_skip_all(self) -> None:
        self.driver.skip_all()

    def action_red_flag(self) -> None:
        self.driver.ask_red_flag()


def _after(routine_id: str) -> str:
    return {"warm-up": "the walk", "strength": "summary", "cool-down": "summary"}[routine_id]
