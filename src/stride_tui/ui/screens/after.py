"""After the walk: pain now, which leads on to strength, cool-down or the summary."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from stride_tui.core.records import SessionStatus
from stride_tui.formats import duration
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.keybar import KeyBar
from stride_tui.ui.widgets.packed import Packed
from stride_tui.ui.widgets.pain_scale import PainScale, forward_digit


class AfterScreen(SessionScreen):
    BINDINGS = [
        Binding("enter", "submit", "Continue", id="after-continue",
                tooltip="Save the pain score and go on"),
        Binding("r", "red_flag", "Red-flag symptom", id="after-red-flag",
                tooltip="Report a red-flag symptom"),
        Binding("escape", "app.leave_session", "Leave", show=False, id="after-leave",
                tooltip="Leave for Home without a pain score (asks first; the walk is saved)"),
    ]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver

    def compose(self) -> ComposeResult:
        record = self.driver.engine.record
        walked = int(record.walked_seconds)
        headline = {
            SessionStatus.COMPLETED: "Walk done — target reached.",
            SessionStatus.STOPPED_FOR_PAIN: "Walk stopped for pain.",
        }.get(record.status, "Walk ended early.")
        with Vertical(id="after-body"):
            # Each line wraps between its phrases, not inside one (a narrow terminal).
            title = Packed(id="after-title")
            title.show([((f"[b]{headline}[/b]", f"{duration(walked)} walked"), "  ")])
            yield title
            if record.note:
                yield Static(record.note, id="after-note")
            question = Packed(classes="section")
            question.show([(("[b]How is your back now?[/b]", "0 none … 10 worst"), "  ")])
            yield question
            yield PainScale(id="pain-after")
            yield Static("Number keys or ←/→, then Enter.", id="after-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(PainScale).focus()

    def on_key(self, event: events.Key) -> None:
        forward_digit(self.query_one(PainScale), event)

    def action_submit(self) -> None:
        value = self.query_one(PainScale).value
        if value is None:
            self.query_one("#after-hint", Static).update("[b]Choose a number from 0 to 10.[/b]")
            return
        self.driver.record_pain(value)

    def action_red_flag(self) -> None:
        self.driver.ask_red_flag()
