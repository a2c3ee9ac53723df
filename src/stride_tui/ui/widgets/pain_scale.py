"""A 0–10 pain scale you can answer without looking closely: number keys, arrows, or a click
(a tap, through textual-serve) on the number."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

CELL = 3  # columns per number, where there is room (10 takes one more)
NARROW_CELL = 2  # where there is not (a scrollbar at 40 columns): " 0 1 2 … 9 10"


class PainScale(Widget, can_focus=True):
    DEFAULT_CSS = """
    PainScale { height: 3; width: 36; max-width: 100%; padding: 0; border: round $primary 50%; }
    PainScale:focus { border: round $accent; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Less", show=False, id="pain-less",
                tooltip="Lower score"),
        Binding("right", "move(1)", "More", show=False, id="pain-more",
                tooltip="Higher score"),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, scale: PainScale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

    def __init__(self, value: int | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(PainScale.value, value)
        self._pending_one = False

    def _cell(self) -> int:
        """Columns per number: three when all eleven fit so, else two (10 was cut off)."""
        return CELL if self.size.width >= 11 * CELL else NARROW_CELL

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="crop")
        wide = self._cell() == CELL
        for n in range(11):
            label = f" {n} " if wide else f" {n}"
            if n == self.value:
                style = "bold reverse " + ("red" if n >= 7 else "yellow" if n >= 4 else "green")
            else:
                style = "dim" if self.value is not None else ""
            text.append(label, style=style)
        return text

    def on_click(self, event: events.Click) -> None:
        """A click or a tap on a number sets the score (each number is 3 columns wide, or 2
        where the scale is narrow)."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        # Each number takes ``cell`` columns, and 10 one more.
        cell = self._cell()
        score = min(10, offset.x // cell) if offset.x <= 11 * cell else -1
        if 0 <= score <= 10:
            event.stop()
            self.focus()
            self._pending_one = False
            self._set(score)

    def on_key(self, event: events.Key) -> None:
        if len(event.key) == 1 and event.key.isdigit():
            self.press_digit(int(event.key))
            event.stop()

    def press_digit(self, digit: int) -> None:
        """A number key: "1" then "0" makes 10; any other digit sets the score directly."""
        if self._pending_one and digit == 0:
            self._set(10)
            self._pending_one = False
        else:
            self._set(digit)
            self._pending_one = digit == 1

    def action_move(self, step: int) -> None:
        self._pending_one = False
        current = self.value if self.value is not None else (0 if step > 0 else 11)
        new = current + step
        if not 0 <= new <= 10:
            self.notify("Pain scores go from 0 (none) to 10 (worst).", timeout=2)
            return
        self._set(new)

    def _set(self, value: int) -> None:
        self.value = value
        self.post_message(self.Changed(self, value))


def forward_digit(scale: PainScale, event: events.Key) -> None:
    """For a screen's ``on_key``: number keys set the score wherever the focus is."""
    if len(event.key) == 1 and event.key.isdigit():
        scale.press_digit(int(event.key))
        event.stop()
