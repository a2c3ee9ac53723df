"""The next-day check: how the back was over the 24 hours after yesterday's walk, and pain now.

Asked the first time Stride opens the day after a walk (an idea from the WalkBack trial). Worse,
with pain 2 or more points above the walker's usual, is a flare: the programme holds, as after
a pain rise (``core.programme``).
"""

from __future__ import annotations

from typing import Any

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from stride_tui.core.plan import DailyTarget
from stride_tui.core.programme import is_flare
from stride_tui.core.records import BackSince, DayAfter
from stride_tui.ui.widgets.keybar import KeyBar
from stride_tui.ui.widgets.pain_scale import PainScale, forward_digit

_WORDS = {BackSince.BETTER: "Better", BackSince.SAME: "About the same",
          BackSince.WORSE: "Worse"}
_KEYS = ((BackSince.BETTER, "B"), (BackSince.SAME, "S"), (BackSince.WORSE, "W"))


# Below this many columns the three answers go one under another: side by side they need 51,
# and at 40 "Worse" was off the screen.
NARROW_BELOW = 56


class DayAfterScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("b", "back('better')", "Better", id="dayafter-better",
                tooltip="My back was better after the walk"),
        Binding("s", "back('same')", "Same", id="dayafter-same",
                tooltip="About the same as before the walk"),
        Binding("w", "back('worse')", "Worse", id="dayafter-worse",
                tooltip="My back was worse over the day after the walk"),
        Binding("enter", "submit", "Save", id="dayafter-save",
                tooltip="Save the answer"),
        Binding("escape", "later", "Not now", id="dayafter-later",
                tooltip="Ask me next time Stride opens"),
    ]

    def __init__(self, target: DailyTarget) -> None:
        super().__init__()
        self.target = target
        self.back: BackSince | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        walk_day = self.target.day_after_walk_day
        when = f"{walk_day:%A}" if walk_day is not None else "yesterday"
        with Vertical(id="dayafter-body"):
            yield Static(f"[b]How was your back over the 24 hours after {when}'s walk?[/b]",
                         id="dayafter-question")
            yield Static("[$foreground-muted]Kept with that walk: worse for a day, with pain "
                         "2 or more above your usual, is a flare, and the plan holds for a "
                         "while.[/]", id="dayafter-why")
            with Horizontal(id="dayafter-choices"):
                for back, key in _KEYS:
                    yield Static(self._choice(back, key), id=f"dayafter-{back.value}",
                                 classes="dayafter-choice", name=back.value)
            yield Static("[b]Pain now[/b] — 0 none … 10 worst (number keys or ←/→)",
                         classes="section")
            yield PainScale(id="dayafter-pain")
            yield Static("", id="dayafter-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(PainScale).focus()

    def _choice(self, back: BackSince, key: str) -> str:
        """One answer: ● when chosen, ○ when not (readable without colour), and its key."""
        return f"{'●' if back is self.back else '○'} [b]{key}[/b] {_WORDS[back]}"

    def _show_choices(self) -> None:
        for back, key in _KEYS:
            cell = self.query_one(f"#dayafter-{back.value}", Static)
            cell.update(self._choice(back, key))
            cell.set_class(back is self.back, "-chosen")

    def on_click(self, event: events.Click) -> None:
        """A click or a tap on an answer chooses it, as its key does."""
        clicked = event.widget
        if clicked is not None and clicked.has_class("dayafter-choice") and clicked.name:
            event.stop()
            self.action_back(clicked.name)

    def on_key(self, event: events.Key) -> None:
        forward_digit(self.query_one(PainScale), event)

    def action_back(self, value: str) -> None:
        self.back = BackSince(value)
        self._show_choices()
        self.query_one("#dayafter-message", Static).update("")

    def action_submit(self) -> None:
        pain = self.query_one(PainScale).value
        message = self.query_one("#dayafter-message", Static)
        if self.back is None:
            message.update("[b]Choose better, same or worse[/b] (B, S or W).")
            return
        if pain is None:
            message.update("[b]Choose your pain now[/b], 0 to 10.")
            return
        self._save(self.back, pain)

    @work(exclusive=True, group="dayafter-save")
    async def _save(self, back: BackSince, pain: int) -> None:
        app: Any = self.app
        session_id = self.target.day_after_session
        if session_id is None:
            self.app.pop_screen()
            return
        answer = DayAfter(asked_on=app.today, back=back, pain_now=pain)
        await app.store_call(lambda store: store.record_day_after(session_id, answer))
        if is_flare(back, pain, self.target.flares.usual_pain):
            self.notify("That counts as a flare: the plan holds and today's walk is shorter. "
                        "If pain keeps rising, rest and see your doctor or physio.",
                        title="Flare noted", severity="warning", timeout=12)
        else:
            self.notify("Thank you — saved with yesterday's walk.")
        self.app.pop_screen()

    def action_later(self) -> None:
        self.app.pop_screen()
