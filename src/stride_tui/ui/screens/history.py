"""History: every session, newest first, a page at a time; Enter for details, D to delete.

Ten years of daily walks is 3,650 rows, and filling a table with all of them at once freezes
the screen for most of a second, so rows come from the store a page at a time: the next page
is read when the cursor (or the scroll) comes near the last row loaded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from stride_tui.core.records import SessionRecord
from stride_tui.formats import Tone, duration, pain_pair, pain_tone, status_label
from stride_tui.ui.keys import KeysFollowState
from stride_tui.ui.screens.confirm import ConfirmScreen
from stride_tui.ui.widgets.keybar import KeyBar

PAGE_SIZE = 100
# The table's columns (label, width): all of them, and below NARROW_BELOW columns (a phone-
# sized terminal) the four that fit 40 columns with the scrollbar, so that pain and status
# are in view without a sideways scroll.
COLUMNS = (("Date", 22), ("Walked", 6), ("Target", 6), ("Pain", 6), ("Cues", 4), ("Status", 13))
NARROW_COLUMNS = (("Date", 9), ("Walked", 6), ("Pain", 4), ("Status", 11))
NARROW_BELOW = 64
# The one status too long for the narrow column, in fewer words.
NARROW_STATUS = {"stopped: pain": "stop: pain"}
# Read the next page when the cursor or the scroll comes within this many rows of the end.
NEAR_END = 25

class ToneCell:
    """A cell drawn in one of the table's tone styles, looked up each time it is drawn, so a
    change of theme recolours it."""

    def __init__(self, table: SessionTable, text: str, tone: str) -> None:
        self.table = table
        self.text = text
        self.tone = tone

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = self.table.get_component_rich_style(f"session-table--{self.tone}", partial=True)
        yield Text(self.text, style=style, end="", no_wrap=True, overflow="ellipsis")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(len(self.text), len(self.text))

    def __str__(self) -> str:
        return self.text


class SessionTable(DataTable[Any]):
    """The history table: one row a session, keyed by the session's id."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "session-table--good",
        "session-table--caution",
        "session-table--stop",
        "session-table--muted",
        "session-table--plain",
    }
    BINDINGS = [
        Binding("enter", "select_cursor", "Details", id="history-open",
                tooltip="Show everything about this session"),
    ]

    def row_for(self, record: SessionRecord, *, narrow: bool = False) -> tuple[object, ...]:
        """The row of ``record``: every column, or (``narrow``) the date, time walked, pain
        and status in the fewest columns."""
        status, tone = status_label(record.status)
        if narrow:
            status = NARROW_STATUS.get(status, status)
        if record.rehearsal:
            status, tone = f"{status} (rehearsal)", Tone.PLAIN
        tone_of_pain = pain_tone(record.pain_before, record.pain_after)
        if narrow:
            return (
                f"{record.started_at:%d %b %y}",
                duration(record.walked_seconds),
                ToneCell(self, pain_pair(record.pain_before, record.pain_after, arrow="→"),
                         tone_of_pain),
                ToneCell(self, status, tone),
            )
        return (
            f"{record.started_at:%a %d %b %Y  %H:%M}",
            duration(record.walked_seconds),
            f"{record.target_minutes} min",
            ToneCell(self, pain_pair(record.pain_before, record.pain_after), tone_of_pain),
            str(len(record.cues)),
            ToneCell(self, status, tone),
        )


class HistoryScreen(KeysFollowState):
    CHECKED = (("delete", ()),)
    TITLE = "History"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history-back",
                tooltip="Back to the home screen"),
        Binding("d", "delete", "Delete", id="history-delete",
                tooltip="Delete the highlighted session (asks first)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.records: dict[str, SessionRecord] = {}
        self._reading = False
        self._narrow: bool | None = None  # the columns the table has (None: none yet)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("No sessions yet. Your walks will be listed here.", id="history-empty")
        yield SessionTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(SessionTable)
        self._set_columns()
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.load_first_page()

    def on_resize(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        """The columns for the screen's width; across the narrow breakpoint the rows read so
        far are shown again in the new columns, the cursor on the same session."""
        narrow = self.size.width < NARROW_BELOW
        if narrow == self._narrow:
            return
        self._narrow = narrow
        table = self.table
        at = self.highlighted()
        table.clear(columns=True)
        for label, width in NARROW_COLUMNS if narrow else COLUMNS:
            table.add_column(label, width=width, key=label.lower())
        rows = list(self.records.values())
        self.records = {}
        self._add_rows(rows)
        if at is not None and at.id in self.records:
            table.move_cursor(row=table.get_row_index(at.id), animate=False)

    @property
    def table(self) -> SessionTable:
        return self.query_one(SessionTable)

    @property
    def loaded(self) -> int:
        return self.table.row_count

    @work(exclusive=True, group="history-load")
    async def load_first_page(self) -> None:
        app: Any = self.app

        def first_page(store: Any) -> tuple[int, list[SessionRecord]]:
            return store.session_count(), store.sessions_page(0, PAGE_SIZE)

        self._reading = True
        try:
            total, page = await app.store_call(first_page)
        finally:
            self._reading = False
        if self._no_longer_shown():
            return
        self.total = total
        self._add_rows(page)
        self._show_count()

    @work(group="history-load")
    async def load_more(self, offset: int) -> None:
        """Read the page of older sessions starting at ``offset`` and add it under the rows
        already shown, unless that page was read (or is being read) since it was asked for."""
        if self._reading or offset != self.loaded or offset >= self.total:
            return
        app: Any = self.app
        self._reading = True
        try:
            page = await app.store_call(lambda store: store.sessions_page(offset, PAGE_SIZE))
        finally:
            self._reading = False
        if self._no_longer_shown():
            return
        self._add_rows(page)
        self._show_count()

    def _no_longer_shown(self) -> bool:
        """The screen was closed (or the app is closing) while the store was reading."""
        return not self.is_attached or self not in self.app.screen_stack

    def _add_rows(self, records: Iterable[SessionRecord]) -> None:
        table = self.table
        for record in records:
            if record.id in self.records:
                continue
            self.records[record.id] = record
            table.add_row(*table.row_for(record, narrow=bool(self._narrow)), key=record.id)

    def _show_count(self) -> None:
        has_rows = self.total > 0
        self.table.display = has_rows
        self.query_one("#history-empty", Static).display = not has_rows
        plural = "" if self.total == 1 else "s"
        self.sub_title = f"{self.total:,} session{plural}"
        self.keys_changed()

    def _near_end(self, row: int) -> bool:
        return row >= self.loaded - NEAR_END and self.loaded < self.total

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._near_end(event.cursor_row):
            self.load_more(self.loaded)

    def _scrolled(self, scroll_y: float) -> None:
        table = self.table
        last_visible = int(scroll_y) + table.scrollable_content_region.height
        if self._near_end(last_visible):
            self.load_more(self.loaded)

    def highlighted(self) -> SessionRecord | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.records.get(key) if key is not None else None

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        from stride_tui.ui.screens.history_detail import HistoryDetailScreen

        key = event.row_key.value
        record = self.records.get(key) if key is not None else None
        if record is None:
            return

        def after(delete: bool | None) -> None:
            if delete:
                self.delete(record)

        self.app.push_screen(HistoryDetailScreen(record), after)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete":
            return True if self.total > 0 else None
        return True

    def action_delete(self) -> None:
        record = self.highlighted()
        if record is not None:
            self.delete(record)

    @work(group="history-delete")
    async def delete(self, record: SessionRecord) -> None:
        """Ask, then delete ``record`` from the store and from the table."""
        from stride_tui.core.programme import deletion_refused
        from stride_tui.store.errors import DeletionRefused

        app: Any = self.app
        refused = deletion_refused(record, app.today)
        if refused:  # not even asked (the store refuses it too)
            self.notify(refused, title="Kept", severity="warning", timeout=10)
            return
        pain = pain_pair(record.pain_before, record.pain_after)
        sure = await self.app.push_screen_wait(ConfirmScreen(
            "Delete this session?",
            f"{record.started_at:%a %d %b %Y, %H:%M} · {duration(record.walked_seconds)} walked · "
            f"pain {pain}\nIt is removed from your history and weekly progress for good.",
            "delete it",
        ))
        if not sure:
            return

        def remove(store: Any) -> tuple[bool, int]:
            return store.delete_session(record.id, today=app.today), store.session_count()

        try:
            deleted, total = await app.store_call(remove)
        except DeletionRefused as exc:
            self.notify(str(exc), title="Kept", severity="warning", timeout=10)
            return
        if self._no_longer_shown():
            return
        if record.id in self.records:
            del self.records[record.id]
            self.table.remove_row(record.id)
        self.total = total
        self._show_count()
        if deleted:
            self.notify(f"Deleted the session of {record.started_at:%a %d %b %Y, %H:%M}.")
        if self._near_end(self.table.cursor_row):
            self.load_more(self.loaded)
