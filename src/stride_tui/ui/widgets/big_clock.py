"""A clock in large block digits, readable from a step away; it doubles its width when it can."""

from __future__ import annotations

from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
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


@lru_cache(maxsize=64)
def _glyph_rows(ch: str, scale: int) -> tuple[str, ...]:
    return tuple("".join(c * scale for c in row) for row in _GLYPHS.get(ch, _GLYPHS["-"]))


def big_text(value: str, scale: int = 1) -> list[str]:
    """The rows of ``value`` in block digits, each column repeated ``scale`` times."""
    glyphs = [_glyph_rows(ch, scale) for ch in value]
    return [" ".join(glyph[r] for glyph in glyphs) for r in range(ROWS)]


def big_width(value: str, scale: int = 1) -> int:
    """How many columns ``big_text(value, scale)`` takes."""
    return sum(len(_glyph_rows(ch, scale)[0]) for ch in value) + max(0, len(value) - 1)


def glyph_rows(ch: str, scale: int) -> tuple[str, ...]:
    """The five rows of one character's glyph at ``scale``."""
    return _glyph_rows(ch, scale)


def fit_scale(value: str, template: str, width: int) -> int | None:
    """The largest scale at which ``value`` (and ``template``, e.g. "00:00", so that clocks
    side by side match) fits ``width`` columns in block digits; ``None``: plain text."""
    for scale in (2, 1):
        widest = max(big_width(t, scale) for t in (value, template) if t)
        if widest <= width:
            return scale
    return None


def fit_rows(value: str, template: str, width: int) -> list[str]:
    """The rows of ``value`` in the largest digits that fit ``width`` columns (so does
    ``template``, e.g. "00:00", so that clocks side by side match); plain text when cramped."""
    scale = fit_scale(value, template, width)
    return [value] if scale is None else big_text(value, scale)


def glyph_starts(value: str, template: str, width: int) -> list[int]:
    """The column where each character of ``value`` starts in ``fit_rows(value, template,
    width)`` (one column a character in plain text)."""
    scale = fit_scale(value, template, width)
    if scale is None:
        return list(range(len(value)))
    starts, x = [], 0
    for ch in value:
        starts.append(x)
        x += len(_glyph_rows(ch, scale)[0]) + 1
    return starts


def changed_columns(before: list[str], after: list[str]) -> tuple[int, int] | None:
    """The first and last column where two drawings of the same size differ (``None`` if they
    are the same); the whole width when their row counts differ."""
    if len(after) != len(before):
        return 0, max((len(row) for row in after + before), default=1) - 1
    columns = zip(zip(*after, strict=True), zip(*before, strict=True), strict=True)
    changed = [x for x, (new, was) in enumerate(columns) if new != was]
    return (changed[0], changed[-1]) if changed else None


def changed_runs(before: list[str], after: list[str], span: tuple[int, int],
                 ) -> list[tuple[int, int, tuple[int, int]]]:
    """Runs of consecutive rows that differ between two drawings: (first row, rows, the
    columns that differ in them); all rows over ``span`` when the drawings differ in shape."""
    if len(before) != len(after) or any(len(a) != len(b) for a, b in zip(before, after,
                                                                       strict=True)):
        return [(0, ROWS, span)]
    runs: list[tuple[int, int, tuple[int, int]]] = []
    for y, (was, now) in enumerate(zip(before, after, strict=True)):
        cols = [x for x in range(span[0], span[1] + 1) if was[x] != now[x]]
        if not cols:
            continue
        if runs and runs[-1][0] + runs[-1][1] == y:
            top, height, (c0, c1) = runs[-1]
            runs[-1] = (top, height + 1, (min(c0, cols[0]), max(c1, cols[-1])))
        else:
            runs.append((y, 1, (cols[0], cols[-1])))
    return runs


class BigClock(Widget):
    """Shows ``value`` (like "12:34") in block digits; falls back to plain text when cramped.

    The warm-up's countdown changes every second and must stay light on the CPU: the clock
    draws through the line API from strips cached per value, works its style out once (again
    only when its CSS changes), and marks as dirty only the columns whose digits changed, so the
    terminal is sent one digit, not the whole clock. (The walk's two clocks are one widget,
    ``ClockPair``, drawn from the same glyphs.)
    """

    DEFAULT_CSS = """
    BigClock { height: 5; width: 1fr; }
    """

    def __init__(self, value: str = "0:00", *, template: str = "", id: str | None = None,
                 classes: str | None = None) -> None:
        """``template`` (e.g. "00:00") fixes the size, so clocks side by side match."""
        super().__init__(id=id, classes=classes)
        self.template = template
        self._value = value
        self._style: Style | None = None
        self._key: tuple[str, int] = ("", -1)
        self._rows: list[str] = []
        self._strips: list[Strip] = []

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS  # for ``height: auto`` (a clock with a border around it)

    def rows(self, width: int) -> list[str]:
        """The text rows to show at ``width`` columns: the largest digits that fit."""
        return fit_rows(self.value, self.template, width)

    @property
    def value(self) -> str:
        """The text shown, such as "12:34"."""
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        # A plain property, not a reactive: it is set twice a second for the whole walk.
        old, self._value = self._value, value
        if value == old:
            return
        before = self._rows
        old_key, width = self._key
        if old_key != old or width <= 0:
            self.refresh()  # not drawn yet at its size: draw it whole
            return
        after = self._build(width)  # at the size it was drawn (a resize repaints it all)
        span = changed_columns(before, after)
        if span is not None:
            for top, height, (first, last) in changed_runs(before, after, span):
                self.refresh(Region(first, top, last - first + 1, height))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None

    def _build(self, width: int) -> list[str]:
        """Cache the rows and strips of the current value at ``width`` columns."""
        if self._style is None:
            self._style = self.rich_style
        style = self._style
        self._key = (self.value, width)
        self._rows = [row[:width].ljust(width) for row in self.rows(width)]
        self._strips = [Strip([Segment(row, style)], width) for row in self._rows]
        return self._rows

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._style is None or self._key != (self.value, width):
            self._build(width)
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._style)
