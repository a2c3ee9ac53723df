"""The walk's two big clocks, "walked" and "to go", side by side in their boxes, as one widget.

Both clocks change every second for the whole walk. As two widgets, each in a box, every second
cost Textual two widgets' worth of work on the same five lines; drawn by one widget it costs
one (DESIGN §5: the walk screen must stay light on the CPU). It draws what two bordered
``BigClock`` widgets drew, cell for cell (``tests/ui/test_clock_pair.py`` compares them).

The look comes from CSS, through component classes: the colour of each box and of its digits,
the titles' colour, a box's padding, and ``display: none`` on the "to go" box to show the
walked clock alone (small terminals).

What reaches the terminal: Textual sends a changed line from the start of the widget (or of
the widget on top) where the change is, to the last changed cell. So the pair has a slice on top
of each clock's tens of seconds: the slice's edges cut the line where the tens and the units
start, and each second the terminal is sent the last digit of each clock, every ten seconds the
tens, not both clocks whole (#15: terminal output a minute). Textual draws every widget whose
area meets a change again each second, so the slices are as few as the cuts need: two, not the
five that tiled the line before (they took about 0.65 ms of the walk screen's 1.3 ms of drawing
each second, headless).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from stride_tui.ui.widgets.big_clock import (
    ROWS,
    changed_columns,
    changed_runs,
    fit_rows,
    fit_scale,
    glyph_rows,
    glyph_starts,
)

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
        self.value = ""
        self.scale: int | None = None  # of the digits drawn; None: plain text
        self.starts: list[int] = []  # the column where each character's glyph starts

    def _top(self, label: str, title: Style) -> list[Segment]:
        # As Textual draws a round border's title: corner, one line, the title padded by a
        # space each side, line to the other corner.
        text = f" {label} "
        rest = self.width - 3 - len(text)
        if rest < 0:
            return [Segment("╭" + "─" * max(0, self.width - 2) + "╮", self.border)]
        return [Segment("╭─", self.border), Segment(text, title),
                Segment("─" * rest + "╮", self.border)]

    def draw(self, value: str, template: str,
             ) -> tuple[list[str], list[str], tuple[int, int] | None, bool]:
        """Draw ``value``; returns the rows before and after, the first and last column that
        can differ between them (``None``: none), and whether the glyphs may have moved."""
        before, old = self.rows, self.value
        scale = self.scale if old else None
        self.value = value
        if scale and len(value) == len(old):
            # A second later (12:34 → 12:35): the same glyphs in the same places but one or
            # two, so only those are put into the rows. This runs twice a second for the
            # whole walk; drawing and comparing the rows whole cost it five times as much.
            changed = [i for i, (a, b) in enumerate(zip(old, value, strict=True)) if a != b]
            if not changed:
                return before, before, None, False
            glyphs = {i: glyph_rows(value[i], scale) for i in changed}
            if all(len(glyphs[i][0]) == len(glyph_rows(old[i], scale)[0]) for i in changed):
                rows = list(before)
                for i, glyph in glyphs.items():
                    x, end = self.starts[i], self.starts[i] + len(glyph[0])
                    rows = [row[:x] + part + row[end:] for row, part in zip(rows, glyph,
                                                                             strict=True)]
                self.rows = rows
                last = changed[-1]
                return before, rows, (self.starts[changed[0]],
                                      self.starts[last] + len(glyphs[last][0]) - 1), False
        width = self.inner
        rows = [row[:width].ljust(width) for row in fit_rows(value, template, width)]
        self.rows = rows + [" " * width] * (ROWS - len(rows))
        self.scale = fit_scale(value, template, width)
        self.starts = glyph_starts(value, template, width)
        return before, self.rows, changed_columns(before, self.rows), True

    def line(self, y: int) -> list[Segment]:
        """Segments of the box's line ``y`` (0 the top border, ROWS + 1 the bottom)."""
        if y == 0:
            return self.top
        if y > ROWS:
            return self.bottom
        pad = [Segment(" " * self.pad, self.base)] if self.pad else []
        return [Segment("│", self.border), *pad, Segment(self.rows[y - 1], self.digits), *pad,
                Segment("│", self.border)]


class ClockSlice(Widget):
    """Columns ``x`` to ``x + width`` of the pair's lines, on top of the pair."""

    DEFAULT_CSS = """
    ClockSlice { position: absolute; height: 7; width: 0; }
    """

    def __init__(self, pair: ClockPair) -> None:
        super().__init__()
        self.pair = pair
        self.x = 0
        self.span = 0  # how many columns it shows, once laid out

    def place(self, x: int, width: int) -> None:
        self.x, self.span = x, width
        if self.styles.width is None or self.styles.width.value != width:
            self.styles.width = width
        if self.styles.offset.x.value != x:
            self.styles.offset = (x, 0)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line = self.pair.line(y)
        if y in self.pair.one_cell_lines:
            return _cut(line, self.x, self.x + width)
        return line.crop(self.x, self.x + width).adjust_cell_length(width)


def _cut(line: Strip, start: int, end: int) -> Strip:
    """Columns ``start`` to ``end`` of ``line``, each of whose characters is one cell wide:
    what ``line.crop(start, end)`` gives, cut by string lengths (a slice's dirty lines are
    cut every second of the walk; ``Strip.crop`` measured each segment's cells, at 3× the
    cost)."""
    out: list[Segment] = []
    x = 0
    for segment in line:
        text = segment.text
        n = len(text)
        if x + n > start:
            if x >= end:
                break
            a, b = max(start - x, 0), min(end - x, n)
            out.append(segment if (a, b) == (0, n) else Segment(text[a:b], segment.style))
        x += n
    if x < end:
        return Strip(out).adjust_cell_length(end - start)
    return Strip(out, end - start)


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
        self.one_cell_lines: set[int] = set()  # lines whose characters are one cell each
        self._slices = [ClockSlice(self) for _ in _BOX]
        self._cuts: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield from self._slices

    @property
    def walked(self) -> str:
        return self._values[WALKED]

    @walked.setter
    def walked(self, value: str) -> None:
        self.show(value, self.to_go)

    @property
    def to_go(self) -> str:
        return self._values[TO_GO]

    @to_go.setter
    def to_go(self, value: str) -> None:
        self.show(self.walked, value)

    def show(self, walked: str, to_go: str) -> None:
        """Show both clocks (the walk's second: one refresh a widget for both changes; a
        refresh costs about as much as the rest of this)."""
        dirty: dict[Widget, list[Region]] = {}
        self._set(WALKED, walked, dirty)
        self._set(TO_GO, to_go, dirty)
        for widget, regions in dirty.items():
            widget.refresh(*regions)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS + 2

    def _set(self, which: int, value: str, dirty: dict[Widget, list[Region]]) -> None:
        """Put ``value`` in clock ``which``; what to draw again goes in ``dirty``."""
        if value == self._values[which]:
            return
        self._values[which] = value
        if which >= len(self._boxes):
            return  # not laid out yet, or not shown: drawn when it is
        box = self._boxes[which]
        before, after, span, moved = box.draw(value, self.template)
        if span is None:
            return
        for y in range(1, ROWS + 1):
            self._lines[y] = None
        left = box.x + 1 + box.pad
        if moved and self._place_slices():
            return  # the digits moved (9:59 → 10:00): all was drawn again
        # Only the rows whose glyph rows changed (8 → 9 changes one of the five), in runs: to
        # the slice on top of the columns, and to the pair where no slice is.
        for top, height, (col0, col1) in changed_runs(before, after, span):
            first, last = left + col0, left + col1 + 1
            covered = 0
            for piece in self._slices:
                start, end = max(first, piece.x), min(last, piece.x + piece.span)
                if start < end:
                    covered += end - start
                    dirty.setdefault(piece, []).append(
                        Region(start - piece.x, 1 + top, end - start, height))
            if covered < last - first:
                dirty.setdefault(self, []).append(Region(first, 1 + top, last - first, height))

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
        self._place_slices()

    def _place_slices(self) -> bool:
        """Put a slice on each shown clock's tens of seconds; True if they moved (the pair
        and the slices are then drawn again whole)."""
        cuts = []
        for box in self._boxes:
            starts = [x for x in box.starts[-2:] if x < box.inner]
            left = box.x + 1 + box.pad
            cuts.append((left + starts[0], starts[1] - starts[0]) if len(starts) == 2
                        else (0, 0))
        cuts += [(0, 0)] * (len(self._slices) - len(cuts))
        if cuts == self._cuts:
            return False
        self._cuts = cuts
        for piece, (x, width) in zip(self._slices, cuts, strict=True):
            piece.place(x, width)
        self.refresh()
        return True

    def on_resize(self) -> None:
        self._key = ()
        self.line(0)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The slices draw the pair's lines: a new colour (paused) is theirs to show.
        for piece in self._slices:
            piece.refresh()

    def _style_of(self, component: str) -> Style:
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bgcolor=style.bgcolor)

    def line(self, y: int) -> Strip:
        """The pair's line ``y``, which the slices show."""
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
            text = line.text
            if cell_len(text) == len(text):
                self.one_cell_lines.add(y)
            else:
                self.one_cell_lines.discard(y)
        return line

    def render_line(self, y: int) -> Strip:
        # The whole line: the slices, on top, show their columns of it.
        return self.line(y)
