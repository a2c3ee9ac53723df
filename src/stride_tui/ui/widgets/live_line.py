"""One-line widgets for what changes every second on the walk screen, drawn from cached strips.

They draw exactly what the Static and the ProgressBar they stand for draw (tests/ui/
test_live_line.py compares them cell by cell) but cost less each second: no markup parsed,
no layout, no child widgets or timers of their own, and a repaint only when what they show
changed (DESIGN §5: the walk screen must stay light on the CPU).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region
from textual.renderables.bar import Bar as BarRenderable
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget


class _OneLine(Widget):
    """A widget one line high that draws that line from a cache: ``_line`` draws it, and
    ``_forget`` drops what is cached when the widget's style changes."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style
        if y or not width:
            return Strip.blank(width, style.rich_style)
        return self._line(width, style)

    def _forget(self) -> None:
        raise NotImplementedError

    def _line(self, width: int, style: Style) -> Strip:
        raise NotImplementedError


class LiveLine(_OneLine):
    """A line of text like a one-line Static: ``show(head, tail)``.

    ``head`` is markup that seldom changes (it is parsed and rendered only when it does), and
    ``tail`` plain text that may change every second (a countdown): it is added to the head's
    strip as one segment. A widget that is not displayed keeps the text and repaints when it is
    shown again (changing ``display`` repaints it).
    """

    DEFAULT_CSS = """
    LiveLine { height: 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._head = ""
        self._head_content = Content("")
        self._tail = ""
        self._head_strip: Strip | None = None  # the head rendered at _head_width
        self._head_width = 0
        self._tail_style: RichStyle | None = None  # goes with _head_strip

    @property
    def text(self) -> str:
        """The plain text shown."""
        return self._head_content.plain + self._tail

    def show(self, head: str, tail: str = "") -> None:
        if head == self._head and tail == self._tail:
            return
        was = self._tail
        self._tail = tail
        if head != self._head:
            self._head, self._head_content = head, Content.from_markup(head)
            self._head_strip = None
        elif self.display:
            # Only the tail changed (a countdown): repaint its cells, not the whole line, and
            # of those only from the first that differs (4:32 → 4:31 sends one cell).
            start = cell_len(self._head_content.plain)
            length = max(cell_len(was), cell_len(tail))
            if start + length <= self.size.width:
                same = _common_prefix(was, tail) if was.isascii() and tail.isascii() else 0
                start, length = start + same, length - same
                self.refresh(Region(start, 0, length, 1))
                return
        if self.display:
            self.refresh()

    def _forget(self) -> None:
        self._head_strip = None
        self._tail_style = None

    def _line(self, width: int, style: Style) -> Strip:
        if self._head_strip is None or self._head_width != width:
            self._head_strip = self._draw(self._head_content, width, style)
            self._head_width = width
            self._tail_style = None
        if not self._tail:
            return self._head_strip
        if cell_len(self._head_content.plain) + cell_len(self._tail) > width:
            # Too long for the line: let Content wrap it, as a Static would.
            return self._draw(self._head_content + self._tail, width, style)
        # Styled as Content styles plain text: the text style, and where the text starts (for
        # selecting text with the mouse). Worked out once a head: the offset goes into the
        # style's metadata, which Rich serialises (a third of the line's cost each second).
        if self._tail_style is None:
            self._tail_style = style.rich_style_with_offset(len(self._head_content.plain), 0)
        return Strip.join([self._head_strip, Strip([Segment(self._tail, self._tail_style)])])

    def _draw(self, content: Content, width: int, style: Style) -> Strip:
        strips = Visual.to_strips(self, content, width, 1, style)
        return strips[0] if strips else Strip([])


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


class ProgressLine(_OneLine):
    """What ``ProgressBar(show_eta=False)`` shows — the bar, then the percentage in five cells —
    as one widget: without ProgressBar's once-a-second timer (it keeps an ETA up to date even
    when none is shown) and its two child widgets, it costs nothing until the bar moves."""

    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}
    DEFAULT_CSS = """
    ProgressLine {
        width: 1fr;
        height: 1;

        &> .bar--bar {
            color: $primary;
            background: $surface;
        }
        &> .bar--complete {
            color: $success;
            background: $surface;
        }
    }
    """
    PERCENT_WIDTH = 5

    def __init__(self, total: float, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.total = total
        self.progress = 0.0
        self._key: tuple[float, int, int] | None = None
        self._strip = Strip([])

    @property
    def percentage(self) -> float:
        """Progress as a fraction of the total, from 0 to 1."""
        return min(1.0, max(0.0, self.progress / self.total)) if self.total else 1.0

    def update(self, progress: float) -> None:
        self.progress = progress
        if self._key != self._shown(self.size.width):
            self.refresh()

    def _shown(self, width: int) -> tuple[float, int, int]:
        """What the line shows at ``width``: the bar's fill (to the half cell, as Bar rounds
        it), the percentage, the width."""
        bar_width = max(0, width - self.PERCENT_WIDTH) * 2
        fill = int(self.percentage * bar_width) / bar_width if bar_width else self.percentage
        return fill, round(self.percentage * 100), width

    def _forget(self) -> None:
        self._key = None

    def _line(self, width: int, style: Style) -> Strip:
        key = self._shown(width)
        if key != self._key:
            self._key = key
            self._strip = Strip.join([self._bar(key[0], width - self.PERCENT_WIDTH, style),
                                      self._percent(key[1], style)])
        return self._strip

    def _bar(self, fill: float, width: int, style: Style) -> Strip:
        """The bar as Textual's Bar renderable draws it from 0 to ``width * fill`` (in half
        cells: ``━`` whole, ``╸`` a half at the end, ``╺`` where the track starts again), drawn
        here directly: building that renderable each time the bar moved cost more than the rest
        of the line."""
        if width <= 0:
            return Strip([])
        bar_style = self.get_component_rich_style("bar--bar" if fill < 1 else "bar--complete")
        base = style.rich_style
        done = base + RichStyle.from_color(bar_style.color)
        track = base + RichStyle.from_color(bar_style.bgcolor)
        end = min(width * fill, width)
        if end <= 0:
            segments = [Segment(BarRenderable.BAR * width, track)]
        else:
            end = round(end * 2) / 2
            half = end - int(end) > 0
            whole = int(end)
            segments = [Segment(BarRenderable.BAR * whole
                                + (BarRenderable.HALF_BAR_RIGHT if half else ""), done)]
            rest = BarRenderable.BAR * (width - whole - 1)
            if not half and end != width:
                rest = BarRenderable.HALF_BAR_LEFT + rest
            segments.append(Segment(rest, track))
        return Strip([segment for segment in segments if segment.text]).adjust_cell_length(
            width, base)

    def _percent(self, percent: int, style: Style) -> Strip:
        """The percentage, right-aligned, as ProgressBar's PercentageStatus draws it."""
        text = f"{percent}%"
        pad = self.PERCENT_WIDTH - cell_len(text)
        segments = [Segment(text, style.rich_style_with_offset(0, 0))]
        if pad > 0:
            segments.insert(0, Segment(" " * pad, (style + Style(reverse=False)).rich_style))
        return Strip(segments)
