"""Lines of short items that wrap between items, never inside one.

A Static wraps at any space, so on a narrow terminal the week's strip read "Fri" at the end of
one line and its mark on the next, and "3 at" above "20+ min". Here each line is a list of
items (markup) joined by a separator: an item that does not fit after the others starts a new
line (without the separator), and only an item wider than the whole line is wrapped inside.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static


class Packed(Static):
    """Lines of items, each line wrapped between its items. ``show`` sets them."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self._lines: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def lines(self) -> tuple[tuple[tuple[str, ...], str], ...]:
        """The lines shown, as (items, separator) pairs."""
        return self._lines

    def show(self, lines: Sequence[tuple[Sequence[str], str]]) -> bool:
        """Show ``lines``, (items of markup, separator) pairs; True if they are new (they are
        then laid out again)."""
        new = tuple((tuple(items), sep) for items, sep in lines)
        if new == self._lines:
            return False
        self._lines = new
        self.refresh(layout=True)
        return True

    def _rows(self, width: int) -> list[Content]:
        rows: list[Content] = []
        for items, sep in self._lines:
            gap = Content.from_markup(sep)
            row: Content | None = None
            for item in map(Content.from_markup, items):
                if row is not None and row.cell_length + gap.cell_length + item.cell_length \
                        <= width:
                    row = row + gap + item
                    continue
                if row is not None:
                    rows.append(row)
                # A new line: an item wider than the whole line wraps inside itself.
                pieces = item.wrap(width) if width > 0 and item.cell_length > width else [item]
                rows.extend(pieces[:-1])
                row = pieces[-1]
            if row is not None:
                rows.append(row)
        return rows

    def render(self) -> Content:
        return Content("\n").join(self._rows(self.content_region.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows(width))
