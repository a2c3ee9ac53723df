"""Home's title bar: what Textual's ``Header`` shows, drawn by one widget.

Home is the first screen, so what it builds is start-up time (DESIGN §5: start-up within 1.2× a
bare Textual app). ``Header`` is four widgets (itself, the icon, the title, the clock's space);
this is one, drawing the same line: the icon in the first eight columns, the app's title and
sub-title centred across the whole line, ten blank columns at the right (where the clock would
be). A click on the icon opens the command palette, as the header's does.
``tests/ui/test_title_bar.py`` compares the two cell by cell.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # HeaderIcon: width 8, padding 0 1
CLOCK_WIDTH = 10  # HeaderClockSpace: width 10


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
    }
    """

    def on_mount(self) -> None:
        if self.app.ENABLE_COMMAND_PALETTE:
            self.tooltip = "Open the command palette"

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.visual_style
        if y or width <= 0:
            return Strip.blank(width, style.rich_style)
        title = self.app.format_title(self.screen.title or self.app.title,
                                      self.screen.sub_title or self.app.sub_title)
        # As the header lays it out: the icon docked left, the clock's space docked right, and
        # the title centred on one line between them, cut short with an ellipsis.
        middle = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        icon = Strip.join([Strip.blank(1, style.rich_style),
                           Visual.to_strips(self, Content(ICON), 1, 1, style)[0],
                           Strip.blank(ICON_WIDTH - 2, style.rich_style)])
        parts = [icon.crop(0, min(ICON_WIDTH, width))]
        if middle:
            text = title.truncate(middle, ellipsis=True).center(middle)
            parts.append(Visual.to_strips(self, text, middle, 1, style)[0])
        parts.append(Strip.blank(max(0, min(CLOCK_WIDTH, width - ICON_WIDTH)), style.rich_style))
        return Strip.join(parts).crop(0, width)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
