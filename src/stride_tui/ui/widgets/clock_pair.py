"""The walk's two big clocks, "walked" and "to go", side by side in their boxes, as one widget.

Both clocks change every second for the whole walk. As two widgets, each in a box, every second
cost Textual two widgets' worth of work on the same five lines; drawn by one widget it costs
one (DESIGN §5: the walk screen must stay light on the CPU). It draws what two bordered
``BigClock`` widgets drew, cell for cell (``tests/ui/test_clock_pair.py`` compares them).

The look comes from CSS, through component classes: the colour of each box and of its digits,
the titles' colour, a box's padding, and ``display: none`` on the "to go" box to show the
walked clock alone (small terminals).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from stride_tui.ui.widgets.big_clock import ROWS, changed_columns, fit_rows

WALKED, TO_GO = 0, 1
_BOX = ("clock-pair--walked", "clock-pair--to-go")
_DIGITS = ("clock-pair--walked-digits", "clock-pair--to-go-digits")
_TITLE = "clock-pair--title"


class _Box:
    """One clock's box as laid out: where it is, its styles, and its rows drawn for a value."""

    def __init__(self, x: int, width: int, pad: int, border: Style, digits: Style,
                 title: Style, base: Style, label: str) -> None:
        self.x = x
        self.width = width
        self.pad = pad
        self.inner = max(0, width - 2 - 2 * pad)
        self.border = border
        self.digits = digits
        self.base = base
        self.top = self._top(label, title)
        self.bottom = [Segment("╰" + "─" * max(0, width - 2) + "╯", border)]
        self.rows: list[str] = []

    def _top(self, label: str, title: Style) -> list[Segment]:
        # As Textual draws a round border's title: corner, one line, the title padded by a
        # space each side, line to the other corner.
        text = f" {label} "
        rest = self.width - 3 - len(text)
        if rest < 0:
            return [Segment("╭" + "─" * max(0, self.width - 2) + "╮", self.border)]
        return [Segment("╭─", self.border), Segment(text, title),
                Segment("─" * rest + "╮", self.border)]

    def draw(self, value: str, template: str) -> tuple[list[str], list[str]]:
        """Draw ``value``; returns the rows before and after."""
        before = self.rows
        width = self.inner
        rows = [row[:width].ljust(width) for row in fit_rows(value, template, width)]
        self.rows = rows + [" " * width] * (ROWS - len(rows))
        return before, self.rows

    def line(self, y: int) -> list[Segment]:
        """Segments of the box's line ``y`` (0 the top border, ROWS + 1 the bottom)."""
        if y == 0:
            return self.top
        if y > ROWS:
            return self.bottom
        pad = [Segment(" " * self.pad, self.base)] if self.pad else []
        return [Segment("│", self.border), *pad, Segment(self.rows[y - 1], self.digits), *pad,
                Segment("│", self.border)]


class ClockPair(Widget):
    """``walked`` and ``to_go`` (like "12:34") in block digits, each in a titled box."""

    COMPONENT_CLASSES = {*_BOX, *_DIGITS, _TITLE}
    DEFAULT_CSS = """
    ClockPair {
        height: auto;
        & > .clock-pair--walked { color: $accent; padding: 0 1; }
        & > .clock-pair--to-go { color: $primary 60%; padding: 0 1; }
        & > .clock-pair--walked-digits { color: $text-accent; }
        & > .clock-pair--to-go-digits { color: $text; }
        & > .clock-pair--title { color: $text-muted; }
    }
    """

    def __init__(self, walked: str, to_go: str, *, template: str = "00:00",
                 titles: tuple[str, str] = ("walked", "to go"), id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._values = [walked, to_go]
        self.template = template
        self.titles = titles
        self._key: tuple[object, ...] = ()
        self._boxes: list[_Box] = []
        self._lines: list[Strip | None] = []

    @property
    def walked(self) -> str:
        return self._values[WALKED]

    @walked.setter
    def walked(self, value: str) -> None:
        self._set(WALKED, value)

    @property
    def to_go(self) -> str:
        return self._values[TO_GO]

    @to_go.setter
    def to_go(self, value: str) -> None:
        self._set(TO_GO, value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS + 2

    def _set(self, which: int, value: str) -> None:
        if value == self._values[which]:
            return
        self._values[which] = value
        if which >= len(self._boxes):
            return  # not laid out yet, or not shown: drawn when it is
        box = self._boxes[which]
        before, after = box.draw(value, self.template)
        span = changed_columns(before, after)
        if span is None:
            return
        for y in range(1, ROWS + 1):
            self._lines[y] = None
        left = box.x + 1 + box.pad
        self.refresh(Region(left + span[0], 1, span[1] - span[0] + 1, ROWS))

    def _layout(self, width: int) -> None:
        """Lay the boxes out at ``width`` with the current styles, and draw both clocks."""
        base = Style(bgcolor=self.rich_style.bgcolor)
        title = self._style_of(_TITLE)
        shown = 1 if self.get_component_styles(_BOX[TO_GO]).display == "none" else 2
        widths = [width // shown] * shown
        widths[-1] = width - sum(widths[:-1])
        self._boxes = []
        x = 0
        for which, box_width in enumerate(widths):
            styles = self.get_component_styles(_BOX[which])
            box = _Box(x, box_width, styles.padding.left, self._style_of(_BOX[which]),
                       self._style_of(_DIGITS[which]), title, base,
                       self.titles[which])
            box.draw(self._values[which], self.template)
            self._boxes.append(box)
            x += box_width
        self._lines = [None] * (ROWS + 2)

    def _style_of(self, component: str) -> Style:
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bgcolor=style.bgcolor)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (width, *map(id, self._component_styles.values()))
        if key != self._key:
            self._key = key
            self._layout(width)
        if y >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        line = self._lines[y]
        if line is None:
            segments = [segment for box in self._boxes for segment in box.line(y)]
            line = self._lines[y] = Strip(segments).adjust_cell_length(width)
        return line
