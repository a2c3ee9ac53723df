"""Unicode charts for the review screens: pain before and after each walk, minutes a week.

Bars are drawn with eighth blocks (▁▂▃▄▅▆▇█), so a five-row chart has forty levels. Colours come
from component classes styled with theme variables, so the charts follow a dark or light theme.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from stride_tui.core.safety import PAIN_RISE_LIMIT

EIGHTHS = " ▁▂▃▄▅▆▇█"
PAIN_MAX = 10

Cell = tuple[str, Style]


def bar_cells(eighths: int, rows: int) -> list[str]:
    """A vertical bar ``eighths`` eighth-cells tall, as ``rows`` characters, top first."""
    return [EIGHTHS[max(0, min(8, eighths - 8 * (rows - 1 - row)))] for row in range(rows)]


def _to_text(grid: list[list[Cell]]) -> Text:
    text = Text(no_wrap=True, overflow="crop", end="")
    for n, row in enumerate(grid):
        if n:
            text.append("\n")
        for char, style in row:
            text.append(char, style)
    return text


def _put(row: list[Cell], x: int, chars: str, style: Style) -> None:
    for i, char in enumerate(chars):
        if 0 <= x + i < len(row):
            row[x + i] = (char, style)


@dataclass(frozen=True)
class PainBar:
    """One walk's pain scores, 0–10, and the label under them (e.g. the weekday)."""

    label: str
    before: int
    after: int


class PainChart(Widget):
    """Pain before and after each walk as pairs of bars on a 0–10 scale.

    The after-bar is coloured by how pain moved: down, the same, up a little, or up by more
    than the rules allow. The most recent walks are kept when they don't all fit.
    """

    DEFAULT_CSS = """
    PainChart { height: 7; width: 1fr; }
    PainChart > .pain-chart--axis { color: $foreground-muted; }
    PainChart > .pain-chart--label { color: $foreground-muted; }
    PainChart > .pain-chart--before { color: $primary; }
    PainChart > .pain-chart--better { color: $success; }
    PainChart > .pain-chart--same { color: $foreground 70%; }
    PainChart > .pain-chart--worse { color: $warning; }
    PainChart > .pain-chart--much-worse { color: $error; }
    PainChart > .pain-chart--empty { color: $foreground-muted; }
    """
    COMPONENT_CLASSES = {
        "pain-chart--axis",
        "pain-chart--label",
        "pain-chart--before",
        "pain-chart--better",
        "pain-chart--same",
        "pain-chart--worse",
        "pain-chart--much-worse",
        "pain-chart--empty",
    }
    AXIS = 3

    walks: reactive[tuple[PainBar, ...]] = reactive(())

    def __init__(self, walks: Sequence[PainBar] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(PainChart.walks, tuple(walks))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"pain-chart--{name}", partial=True)

    def after_tone(self, bar: PainBar) -> str:
        rise = bar.after - bar.before
        if rise < 0:
            return "better"
        if rise == 0:
            return "same"
        return "much-worse" if rise > PAIN_RISE_LIMIT else "worse"

    def layout_for(self, width: int) -> tuple[int, int, int]:
        """(bar width, gap between walks, walks shown) that fit ``width`` columns."""
        room = max(0, width - self.AXIS)
        n = len(self.walks)
        if n * 5 <= room:
            return 2, 1, n
        return 1, 1, min(n, room // 3)

    def render(self) -> Text:
        width, height = self.content_size
        if not self.walks:
            return Text("No pain scores this week.", style=self._style("empty"))
        rows = max(2, height - 2)
        bar_w, gap, shown = self.layout_for(width)
        walks = self.walks[len(self.walks) - shown :]
        axis, label = self._style("axis"), self._style("label")
        blank = Style()
        grid: list[list[Cell]] = [[(" ", blank)] * max(width, 1) for _ in range(rows + 2)]
        # Rows: 0 numbers above the bars, 1..rows the bars (1 at the top), rows+1 the labels.
        marks = {1: "10┤", rows: " 0┤"}
        if rows % 2:
            marks[(rows + 1) // 2] = " 5┤"
        for row in range(1, rows + 1):
            _put(grid[row], 0, marks.get(row, "  │"), axis)
        x = self.AXIS
        for walk in walks:
            for offset, value, tone in (
                (0, walk.before, "before"),
                (bar_w, walk.after, self.after_tone(walk)),
            ):
                eighths = round(value * rows * 8 / PAIN_MAX)
                style = self._style(tone)
                for row, char in enumerate(bar_cells(eighths, rows), start=1):
                    if char != " ":
                        _put(grid[row], x + offset, char * bar_w, style)
                if bar_w >= 2:
                    top = rows - math.ceil(eighths / 8)
                    _put(grid[top], x + offset, str(value).center(bar_w), style)
            _put(grid[rows + 1], x, walk.label[: 2 * bar_w].center(2 * bar_w), label)
            x += 2 * bar_w + gap
        return _to_text(grid)


@dataclass(frozen=True)
class WeekBar:
    """One week's minutes walked, the plan's minutes for it, and its label."""

    label: str
    minutes: float
    target: float
    current: bool = False
    # False for a week that ended before the programme began: it has no "0" over it, which
    # would read as a week missed.
    in_programme: bool = True


def nice_top(value: float) -> int:
    """A round number at or above ``value`` for the top of a minutes scale."""
    step = 10 if value <= 100 else 30 if value <= 300 else 60
    return max(step, math.ceil(value / step) * step)


class WeeklyMinutesChart(Widget):
    """Minutes walked each week as vertical bars, the plan's target as a dashed mark per week,
    and the week on show highlighted."""

    DEFAULT_CSS = """
    WeeklyMinutesChart { height: 9; width: 1fr; }
    WeeklyMinutesChart > .minutes-chart--axis { color: $foreground-muted; }
    WeeklyMinutesChart > .minutes-chart--bar { color: $primary; }
    WeeklyMinutesChart > .minutes-chart--current { color: $accent; text-style: bold; }
    WeeklyMinutesChart > .minutes-chart--target { color: $warning; }
    WeeklyMinutesChart > .minutes-chart--label { color: $foreground-muted; }
    """
    COMPONENT_CLASSES = {
        "minutes-chart--axis",
        "minutes-chart--bar",
        "minutes-chart--current",
        "minutes-chart--target",
        "minutes-chart--label",
    }

    weeks: reactive[tuple[WeekBar, ...]] = reactive(())

    def __init__(self, weeks: Sequence[WeekBar] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(WeeklyMinutesChart.weeks, tuple(weeks))

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"minutes-chart--{name}", partial=True)

    def render(self) -> Text:
        width, height = self.content_size
        if not self.weeks:
            return Text("")
        rows = max(2, height - 2)
        top = nice_top(max(max(w.minutes for w in self.weeks), max(w.target for w in self.weeks)))
        axis_w = len(str(top)) + 1
        col_w = max(2, (width - axis_w) // len(self.weeks))
        bar_w = max(1, min(4, col_w - 2))
        axis, target_style = self._style("axis"), self._style("target")
        # Labels a space apart: in narrow columns ("39" in two) every other week's, counted
        # from the week on show, which always has its label.
        widest = max(len(w.label) for w in self.weeks)
        every = 1 if col_w > widest else math.ceil((widest + 1) / col_w)
        shown_at = next((n for n, w in enumerate(self.weeks) if w.current), len(self.weeks) - 1)
        blank = Style()
        grid: list[list[Cell]] = [[(" ", blank)] * max(width, 1) for _ in range(rows + 2)]
        for row in range(1, rows + 1):
            if row == 1:
                mark = f"{top}┤"
            elif row == rows:
                mark = "0┤".rjust(axis_w)
            else:
                mark = "│".rjust(axis_w)
            _put(grid[row], 0, mark, axis)
        for n, week in enumerate(self.weeks):
            x = axis_w + n * col_w
            bar_x = x + (col_w - bar_w) // 2
            style = self._style("current" if week.current else "bar")
            eighths = round(week.minutes / top * rows * 8)
            cells = bar_cells(eighths, rows)
            if week.target > 0:
                target_row = rows - max(0, math.ceil(week.target / top * rows) - 1)
                if cells[target_row - 1] == " ":
                    _put(grid[target_row], x, "╌" * col_w, target_style)
                else:
                    _put(grid[target_row], x, "╌" * (bar_x - x), target_style)
                    after = x + col_w - (bar_x + bar_w)
                    _put(grid[target_row], bar_x + bar_w, "╌" * after, target_style)
            for row, char in enumerate(cells, start=1):
                if char != " ":
                    _put(grid[row], bar_x, char * bar_w, style)
            value_row = rows - math.ceil(eighths / 8)
            value = f"{week.minutes:.0f}" if week.minutes or week.in_programme else ""
            labelled = (n - shown_at) % every == 0
            # A figure needs its column, or (narrow columns) a labelled week's room: side by
            # side in two-column weeks, 45, 60 and 61 read "456061".
            room = col_w if every == 1 else every * col_w - 1 if labelled else 0
            if value and len(value) <= room:
                value_style = style if week.minutes or week.current else self._style("label")
                _put(grid[value_row], max(axis_w, x + (col_w - len(value)) // 2), value,
                     value_style)
            if labelled:
                label = week.label[-(every * col_w - 1):]
                label_style = style if week.current else self._style("label")
                _put(grid[rows + 1], max(axis_w, x + (col_w - len(label)) // 2), label,
                     label_style)
        return _to_text(grid)
