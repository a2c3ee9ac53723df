"""Plan screen (being built under issue 5)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class PlanScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="plan-back")]

    def compose(self) -> ComposeResult:
        yield Static("Plan")
        yield Footer()
