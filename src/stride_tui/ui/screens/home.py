"""Home: today's target and why, this week so far, and the key to start."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from datetime import date, timedelta
from typing import Any

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from stride_tui.core.home import HomeData, load_home
from stride_tui.core.plan import DailyTarget, dose_met, is_walk
from stride_tui.core.programme import (
    ProfileError,
    pause_programme,
    resume_programme,
    session_minutes_for,
)
from stride_tui.core.records import SessionStatus
from stride_tui.core.weeks import SessionsByDay, WeekFigures, monday_of
from stride_tui.formats import duration
from stride_tui.ui.keys import KeysFollowState
from stride_tui.ui.widgets.bullets import Bullets
from stride_tui.ui.widgets.keybar import KeyBar
from stride_tui.ui.widgets.packed import Packed

# How long Home's first paint waits for its data (asked for as Stride starts), so that the
# first frame shows today's walk rather than "Loading your plan…"; a slower store gets the
# loading line first.
FIRST_PAINT_WAIT = 0.3

# The colour of the first line of the Today box (today's target).
ACCENT = "$text-accent"

# What Home's hint says when the day is blocked (``DailyTarget.rule``); the card says why.
_BLOCKED_HINTS = {
    "evaluation-pause": ("[b]No walk until you have been checked.[/b] Then press [b]O[/b] and "
                         "tick it in your profile to walk again."),
    "pain-stop-day": "[b]Rest today[/b] and check in again tomorrow.",
}


def _week_strip(index: SessionsByDay, today: date) -> list[str]:
    """Monday to Sunday: a full dot for a day at the 20-minute dose, a half for a shorter walk
    (each day with its mark, one item of ``Packed``'s line)."""
    monday = monday_of(today)
    cells = []
    for n in range(7):
        day = monday + timedelta(days=n)
        minutes = [s.walked_minutes for s in index.on(day) if is_walk(s)]
        if dose_met(minutes):
            mark = "[$success]●[/]"
        elif minutes:
            mark = "[$warning]◐[/]"
        elif day == today:
            mark = "[b]○[/b]"
        else:
            mark = "[dim]·[/dim]"
        label = f"[b]{day:%a}[/b]" if day == today else f"{day:%a}"
        cells.append(f"{label} {mark}")
    return cells


class HomeScreen(KeysFollowState):
    # Home's keys, every one of every state, fit in 80 columns (the usual terminal) in the key
    # bar; the palette's key joins them where there is room (ctrl+p opens it anyway).
    CHECKED = (("keep_recovered", ()), ("discard_recovered", ()), ("start", ()), ("resume", ()),
               ("away", ()))
    BINDINGS = [
        Binding("enter,s", "start", "Start walk", id="start", tooltip="Check in and start"),
        Binding("p", "open('progress')", "Progress", id="progress",
                tooltip="This week against the plan"),
        Binding("l", "open('plan')", "Plan", id="plan",
                tooltip="The plan's weeks and today's target"),
        Binding("h", "open('history')", "History", id="history",
                tooltip="Every session, newest first"),
        Binding("o", "open('profile')", "Profile", id="profile",
                tooltip="Start date, surface, conditions, sound"),
        Binding("a,r", "away", "Ill / away", id="home-away",
                tooltip="Pause the programme while you are ill or away (again to resume)"),
        # Enter does what the box says: start, keep the unfinished walk, or resume the
        # programme (one of the three is enabled at a time: check_action).
        Binding("enter,k,K", "keep_recovered", "Keep walk", id="keep",
                tooltip="Save the unfinished walk with the time walked"),
        Binding("enter", "resume", "Resume", id="home-resume",
                tooltip="Resume the programme after an ill/away pause"),
        Binding("x,X", "discard_recovered", "Discard it", id="discard",
                tooltip="Throw the unfinished walk away"),
        Binding("c", "app.phone", "Phone", id="home-phone", show=False,
                tooltip="Follow the walk on your phone: address and QR code"),
        # The app's own quit key, shown here: the same id, so the settings file's
        # `quit-key` moves it on this screen too.
        Binding("q", "app.quit_key", "Quit", id="quit-key",
                tooltip="Quit Stride"),
    ]

    def __init__(self, first_load: Future[HomeData] | None = None) -> None:
        super().__init__()
        self.data: HomeData | None = None
        self.target: DailyTarget | None = None
        self._first_load = first_load
        self._resumed = False
        self._reading = False  # Home is being read again: no walk starts until it is
        self._shown: dict[Static, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        # Each box is one Static holding two lines (the target and why; the strip and the week's
        # figures), not a container of two: every widget costs start-up time.
        today = Static(f"[{ACCENT}]Loading your plan…[/]\n", id="home-target")
        today.border_title = "Today"
        yield today
        # Two lines of items that wrap between items: a day and its mark stay together.
        week = Packed(id="home-week")
        week.show([(("",), ""), (("",), "")])
        week.border_title = "This week"
        yield week
        yield Bullets(id="home-notes")
        yield Static("", id="home-recovery")
        yield Static("", id="home-hint")
        yield KeyBar()

    async def on_mount(self) -> None:
        first, self._first_load = self._first_load, None
        if first is None:
            self.reload()
            return
        # Home is not painted while this waits: the data usually comes first.
        pending = asyncio.ensure_future(asyncio.wrap_future(first))
        done, _ = await asyncio.wait([pending], timeout=FIRST_PAINT_WAIT)
        if done:
            self._apply(pending)
        else:
            self.reload(pending)

    def on_screen_resume(self) -> None:
        # The first resume is Home being shown at start-up: on_mount has its data in hand.
        if self._resumed:
            # Until the store is read again, today's answer is unknown: a session that just
            # ended (a red flag) may have changed it, so no walk starts from the old one.
            # The old answer stays for the keys shown meanwhile: if it changes, the key bar
            # follows (keys_changed); clearing it here left a key bar without Start once the
            # same answer came back (after the next-day check).
            self._reading = True
            self.reload()
        self._resumed = True

    @work(exclusive=True, group="home-load")
    async def reload(self, pending: asyncio.Future[HomeData] | None = None) -> None:
        """Read Home's data again (back from another screen), or finish waiting for the first."""
        app: Any = self.app
        if pending is None:
            pending = asyncio.ensure_future(
                app.store_call(lambda store: load_home(store, app.today))
            )
        await asyncio.wait([pending])
        self._apply(pending)

    def _apply(self, loaded: asyncio.Future[HomeData]) -> None:
        from stride_tui.store import StoreError

        app: Any = self.app
        try:
            data = loaded.result()
        except StoreError as exc:
            app.store_failed(exc)
            return
        self.data = data
        app.profile = data.profile
        # The store thread waits for this before it reads the store (a preload's data).
        self.call_after_refresh(app.first_home_shown)
        # The store's messages (a damaged file kept aside…) are shown once, not on every
        # return to Home.
        fresh = [n for n in data.notices if n not in app.store_notices]
        app.store_notices.extend(fresh)
        if data.profile is None:
            from stride_tui.ui.screens.profile import ProfileScreen

            # On the set-up screen itself: a toast raised just before it opens can be lost.
            self.app.push_screen(ProfileScreen(first_run=True, notices=fresh))
            return
        for notice in fresh:
            self.notify(notice, severity="warning", timeout=20)
        target = data.target
        assert target is not None  # load_home works it out whenever there is a profile
        self.target = target
        self._reading = False
        self._render_home()
        if target.day_after_session is not None and not app.day_after_asked:
            from stride_tui.ui.screens.dayafter import DayAfterScreen

            app.day_after_asked = True
            # Coming back from it is a return to Home (read again), not the start-up resume.
            self._resumed = True
            self.app.push_screen(DayAfterScreen(target))
            return
        if app.config.start_walk and data.checkpoint is None:
            app.config.start_walk = False
            self.action_start()

    def _render_home(self) -> None:
        data, target = self.data, self.target
        assert data is not None and data.profile is not None and target is not None
        app: Any = self.app
        plan = target.plan
        today = self.query_one("#home-target", Static)
        today.border_title = (
            f"Today · {app.today:%a %d %b} · level {target.week}: {plan.focus.lower()}"
        )
        reason = target.reason
        if target.walk_allowed:
            minutes, capped = session_minutes_for(target, app.config.walk_minutes)
            extras = [x for x, on in (("strength moves", target.strength_day),
                                      ("cool-down", target.cool_down)) if on]
            extra = f"  [dim]+ {', '.join(extras)}[/dim]" if extras else ""
            headline = f"[b]{minutes} minute walk[/b]{extra}"
            if capped:
                reason += f" {capped}"
        elif target.rule == "red-flag-day":
            headline = "[b]No walk today — get medical care today[/b]"
        else:
            headline = "[b]No walk today[/b]"
        today.set_class(target.rule in ("red-flag-day", "pain-stop-day"), "-red-flag")
        colour = "$error" if target.rule == "red-flag-day" else ACCENT
        self._put(today, f"[{colour}]{headline}[/]\n{escape(reason)}")
        index = SessionsByDay(data.recent)
        index.walk_days |= data.walk_days
        week_so_far = WeekFigures(index, monday_of(app.today), app.today)
        self.query_one("#home-week", Packed).show([
            (_week_strip(index, app.today), "   "),
            ((f"[b]{week_so_far.days_walked}[/b] of {plan.days_label} days",
              f"[b]{week_so_far.minutes:.0f}[/b] min walked",
              f"[b]{week_so_far.dose_days}[/b] at 20+ min",
              f"streak [b]{week_so_far.streak:,}[/b]"), " · "),
        ])
        notes = [("[$error]![/] ", f"[$error]{escape(target.recalled_flag)}[/]")] \
            if target.recalled_flag else []
        notes += [("• ", escape(n)) for n in target.condition_notes]
        notes.append(("• ", escape(plan.tip)))
        self.query_one("#home-notes", Bullets).show(notes)
        recovery = self.query_one("#home-recovery", Static)
        if data.checkpoint is not None:
            cp = data.checkpoint
            self._put(recovery, (
                f"[b]Unfinished walk[/b] from {cp.started_at:%a %d %b %H:%M}: "
                f"{duration(cp.walked_seconds)} walked. [b]K[/b] keep it · [b]X[/b] discard"
            ))
            recovery.display = True
        else:
            recovery.display = False
        if data.checkpoint is not None:
            hint = ("Press [b]Enter[/b] to keep the unfinished walk ([b]X[/b] discards it); "
                    "then Enter checks in for today's.")
        elif target.walk_allowed and target.extra_walk:
            hint = ("Today's walking is done. Press [b]Enter[/b] only if you want an easy "
                    "extra walk.")
        elif target.walk_allowed and target.rest_advised:
            hint = ("[b]A rest day is advised today.[/b] If you do walk, keep it easy: "
                    "press [b]Enter[/b] to check in.")
        elif target.walk_allowed:
            hint = "Press [b]Enter[/b] to check in and start."
        elif target.rule == "red-flag-day":
            hint = ("[b]Do not walk today.[/b] Get medical care today; if you lose bladder "
                    "or bowel control, call your local emergency number.")
        elif target.rule == "away":
            hint = ("[b]The programme is paused[/b] while you are ill or away. Press "
                    "[b]Enter[/b] to resume it.")
        else:
            # The card above says why; the hint says what to do (it repeated the reason).
            hint = _BLOCKED_HINTS.get(
                target.rule, "[b]No walk today[/b] (why is above). Press [b]O[/b] if your "
                "profile needs changing.")
        self._put(self.query_one("#home-hint", Static), hint)
        self.keys_changed()

    def _put(self, widget: Static, text: str) -> None:
        """Show ``text`` unless it is shown already: back on an unchanged Home, nothing is
        laid out again (each new text lays the whole screen out, ~5 ms)."""
        if self._shown.get(widget) != text:
            self._shown[widget] = text
            widget.update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        has_cp = self.data is not None and self.data.checkpoint is not None
        if action in ("keep_recovered", "discard_recovered"):
            return has_cp
        if action == "start":
            return self.target is not None and self.target.walk_allowed and not has_cp
        if action == "resume":
            return self.target is not None and self.target.rule == "away" and not has_cp
        if action == "away":
            # An unfinished walk is kept or discarded first (core.programme.pause_programme).
            return not has_cp
        return True

    def action_start(self) -> None:
        app: Any = self.app
        if self.data is None or self.data.profile is None or self.target is None \
                or self._reading:
            return
        if self.data.checkpoint is not None:
            self.notify("Keep or discard the unfinished walk first (K / X).", severity="warning")
            return
        if not self.target.walk_allowed:
            self.notify(self.target.blocked_reason, severity="warning", timeout=8)
            return
        minutes, _ = session_minutes_for(self.target, app.config.walk_minutes)
        app.start_session(self.data.profile, self.target, minutes)

    @work(exclusive=True, group="home-away")
    async def action_away(self) -> None:
        """Start or end an ill/away pause (the same rule as `stride profile --pause/--resume`)."""
        app: Any = self.app
        if self.data is None or self.data.profile is None:
            return
        current = self.data.profile
        try:
            if current.paused_from is None:
                changed = pause_programme(current, app.today, app.today,
                                          unfinished_walk=self.data.checkpoint is not None)
                message = ("Paused: your level is kept while you are ill or away. Enter "
                           "resumes it.")
            else:
                changed = resume_programme(current, app.today)
                message = "Welcome back: the programme carries on from your level."
        except ProfileError as exc:
            self.notify(str(exc), severity="warning")
            return
        await app.store_call(lambda store: store.save_profile(changed))
        self.notify(message)
        self.reload()

    def action_resume(self) -> None:
        """Enter while the programme is paused (ill or away): resume it."""
        if self.data is not None and self.data.profile is not None \
                and self.data.profile.paused_from is not None:
            self.action_away()

    def action_open(self, name: str) -> None:
        app: Any = self.app
        app.open_screen(name)

    @work(exclusive=True, group="home-recover")
    async def action_keep_recovered(self) -> None:
        app: Any = self.app
        if self.data is None or self.data.checkpoint is None:
            return
        record = self.data.checkpoint
        if record.status is SessionStatus.IN_PROGRESS:
            # A walk cut off mid-way; a finished one kept here because it could not be saved
            # at the time keeps its own status.
            record.status = SessionStatus.RECOVERED
            record.note = "Recovered after Stride closed unexpectedly during the walk."
        record.ended_at = record.ended_at or record.started_at + timedelta(
            seconds=record.walked_seconds
        )

        def keep(store: Any) -> None:
            store.add_session(record)
            store.clear_checkpoint()

        await app.store_call(keep)
        self.notify(f"Saved the unfinished walk ({duration(record.walked_seconds)} walked).")
        self.reload()

    @work(exclusive=True, group="home-recover")
    async def action_discard_recovered(self) -> None:
        from stride_tui.store.errors import DeletionRefused

        app: Any = self.app
        try:
            await app.store_call(lambda store: store.discard_checkpoint(today=app.today))
        except DeletionRefused as exc:
            self.notify(f"{exc} Press Enter to keep it.", title="Kept", severity="warning",
                        timeout=10)
            return
        self.notify("Discarded the unfinished walk.")
        self.reload()
