"""A yes/no confirmation as a small modal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm-yes",
                tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no",
                tooltip="No, go back"),
    ]

    def __init__(self, question: str, detail: str, yes_label: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(f"[b]{self.question}[/b]")
            yield Static(self.detail)
            yield Static(f"[b]Y[/b] {self.yes_label}   [b]N[/b] keep going")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
