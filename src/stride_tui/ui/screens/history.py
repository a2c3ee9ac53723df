"""History screen (being built under issue 5)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class HistoryScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="history-back")]

    def compose(self) -> ComposeResult:
        yield Static("History")
        yield Footer()
