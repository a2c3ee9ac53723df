"""Lines that each begin with a mark ("• ", "! ") and wrap under their own first word.

A Static wraps a long line back to its left edge, under the mark, so a list of notes reads as
one block of text on a narrow terminal. Here each line is wrapped to the width left after its
mark, and its further lines are indented by the mark's width (a hanging indent).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Static


class Bullets(Static):
    """Marked lines of markup, each with a hanging indent. ``show`` sets them."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self._items: tuple[tuple[str, str], ...] = ()

    @property
    def items(self) -> tuple[tuple[str, str], ...]:
        """The lines shown, as (mark, markup) pairs."""
        return self._items

    def show(self, items: Sequence[tuple[str, str]]) -> None:
        """Show ``items``, (mark, markup) pairs, if they are new (they are laid out again)."""
        items = tuple(items)
        if items != self._items:
            self._items = items
            self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for mark, markup in self._items:
            head = Content.from_markup(mark)
            indent = head.cell_length
            body = Content.from_markup(markup)
            wrapped = body.wrap(width - indent) if width > indent else [body]
            lines.append(head + wrapped[0])
            lines.extend(Content(" " * indent) + line for line in wrapped[1:])
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))
