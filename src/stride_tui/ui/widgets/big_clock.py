"""A clock in large block digits, readable from a step away; it doubles its width when it can."""

from __future__ import annotations

from rich.segment import Segment
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

# Five rows a glyph, four columns a digit.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("████", "█  █", "█  █", "█  █", "████"),
    "1": (" ██ ", "  █ ", "  █ ", "  █ ", " ███"),
    "2": ("████", "   █", "████", "█   ", "████"),
    "3": ("████", "   █", " ███", "   █", "████"),
    "4": ("█  █", "█  █", "████", "   █", "   █"),
    "5": ("████", "█   ", "████", "   █", "████"),
    "6": ("████", "█   ", "████", "█  █", "████"),
    "7": ("████", "   █", "  █ ", " █  ", " █  "),
    "8": ("████", "█  █", "████", "█  █", "████"),
    "9": ("████", "█  █", "████", "   █", "████"),
    ":": (" ", "█", " ", "█", " "),
    "-": ("    ", "    ", "████", "    ", "    "),
    "/": ("   █", "  █ ", " █  ", "█   ", "    "),
}
ROWS = 5


def big_text(value: str, scale: int = 1) -> list[str]:
    """The rows of ``value`` in block digits, each column repeated ``scale`` times."""
    rows = []
    for r in range(ROWS):
        parts = []
        for ch in value:
            glyph = _GLYPHS.get(ch, _GLYPHS["-"])[r]
            parts.append("".join(c * scale for c in glyph))
        rows.append(" ".join(parts))
    return rows


class BigClock(Widget):
    """Shows ``value`` (like "12:34") in block digits; falls back to plain text when cramped.

    It draws through the line API from strips cached per value, because the walk clocks
    change every second for the whole walk and must stay light on the CPU.
    """

    DEFAULT_CSS = """
    BigClock { height: 5; width: 1fr; }
    """

    value: reactive[str] = reactive("0:00")

    def __init__(self, value: str = "0:00", *, template: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        """``template`` (e.g. "00:00") fixes the size, so clocks side by side match."""
        super().__init__(id=id, classes=classes)
        self.template = template
        self.set_reactive(BigClock.value, value)
        self._key: tuple[object, ...] = ()
        self._strips: list[Strip] = []

    def rows(self, width: int) -> list[str]:
        """The text rows to show at ``width`` columns: the largest digits that fit."""
        for scale in (2, 1):
            widest = max(len(big_text(t, scale)[0]) for t in (self.value, self.template) if t)
            if widest <= width:
                return big_text(self.value, scale)
        return [self.value]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        key = (self.value, width, style)
        if key != self._key:
            self._key = key
            self._strips = [
                Strip([Segment(row[:width].ljust(width), style)], width)
                for row in self.rows(width)
            ]
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, style)
