"""The live walk: big clock, progress to today's target, the next cue and the latest one."""

from __future__ import annotations

import gc
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Static

from stride_tui.core.cues import Cue, CueKind
from stride_tui.core.events import CueFired, Event, PainChecked, PauseReason
from stride_tui.formats import countdown, distance, duration, incline, speed
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.clock_pair import ClockPair
from stride_tui.ui.widgets.keybar import KeyBar
from stride_tui.ui.widgets.live_line import LiveLine, ProgressLine


def _settle_heap() -> None:
    """Once the walk screen has been drawn, everything the walk keeps (this screen, the
    session, the screens behind it) is built. Collect what the check-in and the warm-up left
    (once, as the walk's clock starts: 5 ms; 15 ms at ten years of walks after a look at
    progress, history and the plan), then move what is left out of the collector's
    generations, so that the full collections a long walk brings on rescan only what is new.
    Without this, one such collection held the UI thread for about 10 ms every minute and a
    half of a walk (tmux, 100×30); with it there were none in the same window (#15)."""
    gc.collect()
    gc.freeze()


def _mark(node: DOMNode, on: bool, name: str) -> None:
    """``node.set_class(on, name)``, skipped when the class is already so: set_class checks
    the name's spelling each call (four calls were a tenth of ``refresh_view``'s time)."""
    if node.has_class(name) != on:
        node.set_class(on, name)


class _Box(Vertical):
    """A box with nothing of its own to draw: it holds widgets that do not change each second.

    Textual draws again, each second, every widget whose box meets a change; a widget on the
    screen itself has the whole screen for its box. So what does not change sits in one of
    these, whose only drawing is blank (``BLANK``, Textual's switch for a widget with no
    border or content of its own: a line of spaces in its colours). With the screen blank
    too, a second draws five widgets with content, not nine: about 0.2 ms less of a
    walk-second's 3.2 ms of CPU (headless, 3,650 sessions)."""

    BLANK = True


class WalkScreen(SessionScreen):
    # The screen draws nothing but its background (with BLANK, spaces in its colours): each
    # second of the walk it is drawn again behind what changed.
    BLANK = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    BINDINGS = [
        # In this order in the key bar: at 40 columns (a phone) Space, p and r stay in view.
        Binding("space", "pause", "Pause", id="walk-pause", tooltip="Pause or resume the walk"),
        Binding("p", "pain_check", "Pain", id="walk-pain", tooltip="Rate your pain now"),
        Binding("r", "red_flag", "Red flag", id="walk-red-flag",
                tooltip="Report a red-flag symptom: the walk stops at once"),
        Binding("e", "end", "End", id="walk-end", tooltip="End the walk early (asks first)"),
        Binding("m", "app.toggle_mute", "Mute", id="walk-mute", tooltip="Sound off or on"),
        Binding("escape", "end", "End", show=False, id="walk-escape",
                tooltip="End the walk early (asks first)"),
        Binding("c", "app.phone", "Phone", id="walk-phone", show=False,
                tooltip="Follow the walk on your phone: address and QR code"),
    ]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver
        self.composed = False
        self.pain_message = ""
        self.last_cue: Cue | None = None
        self._shown: dict[Static, str] = {}
        self._percent = -1
        self._clocks: ClockPair
        self._small_remaining: LiveLine
        self._progress: ProgressLine
        self._next: LiveLine
        self._banner: Static
        self._status: Static
        self._belt: LiveLine

    def compose(self) -> ComposeResult:
        # The lines that change each second sit on the screen itself, few and flat, and the
        # two clocks are one widget: each widget on them is drawn again every second of the
        # walk (DESIGN §5). What does not change sits in blank boxes (_Box).
        engine = self.driver.engine
        with _Box(id="walk-top"):
            yield Static(
                f"[b]Walk[/b] · level {engine.target.week} · {engine.walk_seconds // 60} min",
                id="walk-title", classes="walk-row",
            )
        yield ClockPair("0:00", countdown(engine.walk_seconds), id="walk-clocks",
                        classes="walk-row")
        yield LiveLine(id="walk-small-remaining", classes="walk-row")
        yield ProgressLine(engine.walk_seconds, id="walk-progress", classes="walk-row")
        yield LiveLine(id="walk-next", classes="walk-row")
        yield LiveLine(id="walk-belt", classes="walk-row")
        # Below the lines that change, each in a box of its own: Textual draws again every
        # widget whose box (for one at the top, the whole screen) meets a change, so in these
        # boxes the cue, the status and the keys are not drawn each second, only their boxes
        # (the keys alone cost 0.09 ms a second).
        with _Box(id="walk-below"):
            yield Static("", id="cue-banner", classes="walk-row")
            yield Static("", id="walk-status", classes="walk-row")
        with _Box(id="walk-keys"):
            yield KeyBar()

    def on_mount(self) -> None:
        self._clocks = self.query_one("#walk-clocks", ClockPair)
        self._small_remaining = self.query_one("#walk-small-remaining", LiveLine)
        self._progress = self.query_one("#walk-progress", ProgressLine)
        self._next = self.query_one("#walk-next", LiveLine)
        self._banner = self.query_one("#cue-banner", Static)
        self._status = self.query_one("#walk-status", Static)
        self._belt = self.query_one("#walk-belt", LiveLine)
        self.composed = True
        self.refresh_view()
        self.call_after_refresh(_settle_heap)

    def session_events(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, PainChecked):
                self.pain_message = event.outcome.message
            elif isinstance(event, CueFired):
                self.pain_message = ""
                self.last_cue = event.cue
                if event.cue.kind is CueKind.PAIN_CHECK:
                    self.driver.pain_check_now()
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw what changed. This runs every second for the whole walk, so it touches only
        widgets whose text changed, and one-line widgets without a new layout (DESIGN §5: the
        walk screen must stay light on the CPU)."""
        if not self.composed:
            return  # events can arrive before the screen has been composed
        engine = self.driver.engine
        elapsed = engine.walk_elapsed
        remaining = countdown(engine.walk_remaining)
        self._clocks.show(duration(elapsed), remaining)
        self._small_remaining.show("", f"{remaining} to go")
        percent = int(100 * elapsed / max(1, engine.walk_seconds))
        if percent != self._percent:
            self._percent = percent
            self._progress.update(elapsed)
        cue = engine.next_cue
        if cue is None:
            self._next.show("No more cues — walk on to the end.")
        else:
            self._next.show(f"Next: [b]{cue.title}[/b]", f" in {countdown(cue.at - elapsed)}")
        last = self.last_cue
        if self.pain_message:
            banner = self.pain_message
        elif last is not None:
            banner = f"[b]{last.title}[/b]  {last.body}"
        else:
            banner = "Easy pace: you can talk, but not sing."
        self._show(self._banner, banner, may_wrap=True)
        _mark(self._banner, bool(self.pain_message or last), "visible")
        self._show_belt()
        if engine.pause_reason is PauseReason.BELT and not engine.belt_follow.linked:
            status = "[b]PAUSED[/b] — treadmill not connected: space to carry on."
        elif engine.pause_reason is PauseReason.BELT:
            status = ("[b]WAITING[/b] — start the treadmill to begin (or space)."
                      if elapsed == 0 else "[b]PAUSED[/b] — the belt stopped; it resumes with it.")
        elif engine.pause_reason is PauseReason.SUSPEND:
            status = "[b]PAUSED[/b] — the computer slept. Space to carry on."
        elif engine.paused:
            status = "[b]PAUSED[/b] — space to carry on."
        else:
            status = ""
        phone: Any = getattr(self.app, "phone", None)
        if not status and phone is not None and phone.pages:
            status = "[$success]● phone page connected[/]"
        self._show(self._status, status)
        _mark(self, engine.paused, "paused")

    def _show_belt(self) -> None:
        """The treadmill's line: speed, distance and incline, or how its link stands."""
        follow = self.driver.engine.belt_follow
        if not follow.expected:
            return
        units = self.driver.engine.profile.units
        reading = follow.latest
        if follow.linked and reading is not None:
            self._belt.show("[b]Treadmill[/b]  ", (
                f"{speed(reading.speed_kmh, units)} · "
                f"{distance(follow.distance_m, units)} · "
                f"incline {incline(reading.incline_percent)}"
            ))
        else:
            self._belt.show("[b]Treadmill[/b]  link down: timed by keys; reconnecting…")
        _mark(self._belt, not follow.linked, "lost")
        _mark(self._belt, True, "on")

    def _show(self, widget: Static, text: str, *, may_wrap: bool = False) -> None:
        """Show ``text`` if it is new. A ``may_wrap`` widget whose new text fills a different
        number of lines is laid out again; otherwise (the usual case) it is only repainted."""
        if self._shown.get(widget) == text:
            return
        self._shown[widget] = text
        layout = False
        if may_wrap:
            width = widget.content_region.width
            lines = len(Content.from_markup(text).wrap(width)) if width > 0 else -1
            layout = lines != widget.content_region.height
        widget.update(text, layout=layout)

    def action_pause(self) -> None:
        self.driver.toggle_pause()
        self.refresh_view()

    def phone_changed(self) -> None:
        """A phone page connected or left (the status line says so)."""
        self.refresh_view()

    def action_end(self) -> None:
        from stride_tui.ui.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.driver.end_early()

        self.app.push_screen(
            ConfirmScreen("End the walk now?", "What you walked is saved.", "End walk"), answer
        )

    def action_pain_check(self) -> None:
        self.driver.pain_check_now()

    def action_red_flag(self) -> None:
        self.driver.ask_red_flag()
