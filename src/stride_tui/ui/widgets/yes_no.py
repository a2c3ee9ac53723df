"""A yes/no question that must be answered: y/n keys, or left/right on the focused one."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class YesNo(Widget, can_focus=True):
    DEFAULT_CSS = """
    YesNo { height: 1; width: 1fr; padding: 0 1; }
    YesNo:focus { background: $boost; }
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

    def __init__(self, key: str, question: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.key = key
        self.question = question

    def render(self) -> Text:
        text = Text(overflow="fold")
        text.append(self.question + "  ")
        yes_style = "bold reverse red" if self.answer is True else "dim"
        no_style = "bold reverse green" if self.answer is False else "dim"
        text.append(" Yes ", style=yes_style)
        text.append(" ")
        text.append(" No ", style=no_style)
        if self.answer is None:
            text.append("  ?", style="bold yellow")
        return text

    def action_answer(self, answer: bool) -> None:
        self.answer = answer
        self.post_message(self.Answered(self, answer))
