"""Ask for a pain score, 0–10, in a modal that keeps the walk running behind it."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stride_tui.ui.widgets.pain_scale import PainScale, forward_digit


class PainPromptScreen(ModalScreen[int | None]):
    BINDINGS = [
        Binding("enter", "submit", "Save score", id="pain-save",
                tooltip="Save this pain score"),
        Binding("escape", "dismiss_none", "Not now", id="pain-cancel",
                tooltip="Close without a score"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="pain-box"):
            yield Static(f"[b]{self.question}[/b]  0 none … 10 worst")
            yield PainScale(id="pain-now")
            yield Static("Number keys or ←/→, then Enter. Esc: not now.", id="pain-hint")

    def on_mount(self) -> None:
        self.query_one(PainScale).focus()

    def on_key(self, event: events.Key) -> None:
        forward_digit(self.query_one(PainScale), event)

    def action_submit(self) -> None:
        value = self.query_one(PainScale).value
        if value is None:
            self.query_one("#pain-hint", Static).update("[b]Choose a number from 0 to 10.[/b]")
            return
        self.dismiss(value)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
