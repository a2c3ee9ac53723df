"""The summary: what was walked, the cues, pain before → after and what the plan says next."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from stride_tui.core.digest import digest
from stride_tui.core.plan import DailyTarget
from stride_tui.core.programme import today_for
from stride_tui.core.records import SessionStatus, StepStatus
from stride_tui.core.safety import after_walk_verdict
from stride_tui.formats import belt_lines, duration
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.bullets import Bullets
from stride_tui.ui.widgets.keybar import KeyBar


class SummaryScreen(SessionScreen):
    BINDINGS = [Binding("enter,escape,h", "home", "Home", id="summary-home",
                tooltip="Back to Home")]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver
        self.composed = False

    def compose(self) -> ComposeResult:
        engine = self.driver.engine
        record = engine.record
        walked = int(record.walked_seconds)
        rows = [("Walked", f"{duration(walked)} of {record.target_minutes} min"),
                ("Cues", f"{len(record.cues)} called out")]
        if record.rehearsal:
            rows.append(("Rehearsal", "a faster clock: saved, but not counted as a walk"))
        done = sum(1 for s in record.warm_up if s.status is StepStatus.DONE)
        rows.append(("Warm-up", f"{done} of {len(record.warm_up)} moves done"))
        if record.strength:
            sdone = sum(1 for s in record.strength if s.status is StepStatus.DONE)
            rows.append(("Strength", f"{sdone} of {len(record.strength)} moves done"))
        if record.cool_down:
            cdone = sum(1 for s in record.cool_down if s.status is StepStatus.DONE)
            rows.append(("Cool-down", f"{cdone} of {len(record.cool_down)} moves done"))
        verdict = ""
        if record.pain_before is not None and record.pain_after is not None:
            rows.append(("Pain", f"{record.pain_before} → {record.pain_after}"))
            verdict = after_walk_verdict(
                record.pain_before, record.pain_after,
                peak=max((c.score for c in record.pain_checks), default=None),
                stopped_for_pain=record.status is SessionStatus.STOPPED_FOR_PAIN,
            ).message
        for check in record.pain_checks:
            rows.append(("Pain check", f"{check.score} at {duration(int(check.at))}"))
        rows += [(label.capitalize(), value)
                 for label, value in belt_lines(record.belt, engine.profile.units)]
        # Each value wraps under its own column, not under the labels (a narrow terminal).
        lines = Bullets(id="summary-lines")
        lines.show([(f"[b]{label}[/b]{' ' * max(1, 12 - len(label))}", value)
                    for label, value in rows])
        with VerticalScroll(id="summary-body"):
            yield Static("[b]Session summary[/b]", id="summary-title")
            yield lines
            if verdict:
                yield Static(verdict, id="summary-verdict")
            yield Static("", id="summary-next")
            yield Static("Saving…", id="summary-saved")
        yield KeyBar()

    def on_mount(self) -> None:
        self.composed = True
        if self.driver.saved is not None and self.driver.saved.done():
            self.session_saved(self.driver.saved.exception())
        self.show_next_time()

    @work(exclusive=True, group="summary-next")
    async def show_next_time(self) -> None:
        """What the plan says for tomorrow, from the recent sessions plus this one."""
        app: Any = self.app
        engine = self.driver.engine
        tomorrow = app.today + timedelta(days=1)
        this = digest(engine.record)

        def next_time(store: Any) -> DailyTarget:
            # On the store thread: the rules read every session (the UI does not wait on them).
            sessions = [*(d for d in store.digests() if d.id != this.id), this]
            return today_for(engine.profile, sessions, tomorrow)

        nxt = await app.store_call(next_time)
        self.query_one("#summary-next", Static).update(
            f"[b]Next time:[/b] {nxt.session_minutes} min. {nxt.reason}"
            if nxt.walk_allowed else f"[b]Next time:[/b] {nxt.blocked_reason}"
        )

    def session_saved(self, error: BaseException | None) -> None:
        if not self.composed:
            return  # on_mount shows it
        self.query_one("#summary-saved", Static).update(
            "✓ Saved to your history." if error is None else f"Not saved: {error}"
        )

    def action_home(self) -> None:
        self.driver.close()
        self.app.pop_screen()
