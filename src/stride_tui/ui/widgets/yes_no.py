"""A yes/no question that must be answered: y/n keys, left/right on the focused one, or a
click (a tap, through textual-serve) on Yes or No.

The question wraps on a narrow terminal and the answers keep their own column, so both stay in
view at 40 columns; the chosen answer is marked (● / ○), not only coloured.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static


class YesNo(Widget, can_focus=True):
    DEFAULT_CSS = """
    YesNo { layout: horizontal; height: auto; width: 1fr; padding: 0 1; }
    YesNo:focus { background: $boost; }
    YesNo > .yes-no--number { width: 3; height: 1; }
    YesNo > .yes-no--question { width: 1fr; height: auto; }
    YesNo > .yes-no--answer { width: 5; height: 1; margin-left: 2; color: $text-muted; }
    YesNo > .yes-no--answer:hover { background: $boost; }
    YesNo > .yes-no--answer.-chosen { text-style: bold reverse; color: $text; }
    YesNo > .yes-no--yes.-chosen { color: $error; }
    YesNo > .yes-no--no.-chosen { color: $success; }
    YesNo > .yes-no--open {
        width: 1; height: 1; margin-left: 1; color: $warning; text-style: bold;
    }
    """
    # y / n are the screen's keys (they answer the next open question); the arrows change
    # the answer of the question in focus.
    BINDINGS = [
        Binding("left", "answer(True)", "Yes", show=False, id="answer-left",
                tooltip="Yes to the question in focus"),
        Binding("right", "answer(False)", "No", show=False, id="answer-right",
                tooltip="No to the question in focus"),
    ]

    answer: reactive[bool | None] = reactive(None)

    class Answered(Message):
        def __init__(self, question: YesNo, answer: bool) -> None:
            super().__init__()
            self.question = question
            self.answer = answer

    def __init__(
        self, key: str, question: str, *, number: str = "", id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.key = key
        self.question = question
        self.number = number

    def compose(self) -> ComposeResult:
        if self.number:
            # A column of its own, so a wrapped question lines up under its first word.
            yield Static(self.number, classes="yes-no--number", markup=False)
        yield Static(self.question, classes="yes-no--question", markup=False)
        yield Static(classes="yes-no--answer yes-no--yes")
        yield Static(classes="yes-no--answer yes-no--no")
        yield Static("?", classes="yes-no--open")

    def on_mount(self) -> None:
        self._show(self.answer)

    def watch_answer(self, answer: bool | None) -> None:
        if self.is_mounted:
            self._show(answer)

    def _show(self, answer: bool | None) -> None:
        yes, no = self.query_one(".yes-no--yes", Static), self.query_one(".yes-no--no", Static)
        yes.update(("●" if answer is True else "○") + " Yes")
        no.update(("●" if answer is False else "○") + " No")
        yes.set_class(answer is True, "-chosen")
        no.set_class(answer is False, "-chosen")
        self.query_one(".yes-no--open", Static).update("?" if answer is None else " ")

    def on_click(self, event: events.Click) -> None:
        """A click or a tap on Yes or No answers; anywhere else on the row only focuses it."""
        clicked = event.widget
        if clicked is None or not clicked.has_class("yes-no--answer"):
            return
        event.stop()
        self.focus()
        # Through the screen, as the y / n keys do: it saves a yes to a warning sign at once.
        self.post_message(self.Clicked(self, clicked.has_class("yes-no--yes")))

    class Clicked(Message):
        """Yes or No was clicked: the screen answers it as it answers a key."""

        def __init__(self, question: YesNo, answer: bool) -> None:
            super().__init__()
            self.question = question
            self.answer = answer

    def action_answer(self, answer: bool) -> None:
        self.answer = answer
        self.post_message(self.Answered(self, answer))
