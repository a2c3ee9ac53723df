"""Plan: the weeks of the programme with this one marked, today's target and why, the changes
for the walker's conditions, and how much and how hard walking helps."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from stride_tui.core.plan import (
    DOSE_DAYS_TARGET,
    MAX_DAILY_MINUTES,
    MINIMUM_DOSE_MINUTES,
    SPLIT_WALK_MINUTES,
    DailyTarget,
    WeekPlan,
    week_plan,
)
from stride_tui.core.programme import programme_day
from stride_tui.core.records import Profile
from stride_tui.ui.widgets.keybar import KeyBar

# Weeks 1–4 have a row each; from week 5 the plan is one routine that grows to 45 minutes.
ROUTINE_FROM_WEEK = 5
# Below this many columns (a phone-sized terminal) each week's tip goes under its focus.
NARROW_BELOW = 64

DOSE_TEXT = (
    f"[b]What counts[/b]  {MINIMUM_DOSE_MINUTES} minutes of walking a day — in one go, or as two "
    f"walks of at least {SPLIT_WALK_MINUTES} minutes on the same day — on {DOSE_DAYS_TARGET} to 7 "
    "days a week. Walking most days matters more than any one long walk."
)
INTENSITY_TEXT = (
    "[b]How hard[/b]  Brisk enough that you could hold a conversation, but not sing a song: "
    "about 50–70 % of your maximum heart rate. Breathless means slow down."
)


def _load(store: Any, today: date) -> tuple[Profile | None, DailyTarget]:
    """The profile and today's programme day, on the store thread (the rules read every
    session: the UI thread does not wait on them)."""
    profile = store.load_profile()
    return profile, programme_day(profile, store.digests(), today)


def growth_weeks() -> list[WeekPlan]:
    """The routine weeks from week 5 until the daily walk reaches its longest."""
    weeks = [week_plan(ROUTINE_FROM_WEEK)]
    while weeks[-1].minutes < MAX_DAILY_MINUTES:
        weeks.append(week_plan(weeks[-1].week + 1))
    return weeks


def target_text(target: DailyTarget) -> str:
    if not target.walk_allowed:
        return f"[b]No walk today[/b]\n{target.blocked_reason}"
    extras = [name for name, due in (("strength moves", target.strength_day),
                                     ("cool-down", target.cool_down)) if due]
    extra = f" [$foreground-muted]+ {' and '.join(extras)}[/]" if extras else ""
    minutes = f"[b]Today: {target.session_minutes} minutes[/b]"
    if target.session_minutes != target.day_minutes:
        minutes += f" [$foreground-muted](of {target.day_minutes} for the day)[/]"
    return f"{minutes}{extra}\n{target.reason}"


class PlanRow(Horizontal):
    """One row of the plan table."""

    def __init__(self, cells: tuple[str, str, str, str, str], *, classes: str = "") -> None:
        super().__init__(classes=f"plan-row {classes}".strip())
        self.cells = cells

    def compose(self) -> ComposeResult:
        for n, text in enumerate(self.cells[:3]):
            yield Static(text, classes=f"plan-cell plan-col-{n}")
        # The focus and the tip side by side; at phone width the tip goes under the focus.
        with Horizontal(classes="plan-what"):
            for n, text in enumerate(self.cells[3:], start=3):
                yield Static(text, classes=f"plan-cell plan-col-{n}")


class PlanScreen(Screen[None]):
    TITLE = "Plan"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="plan-back",
                tooltip="Back to the home screen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.target: DailyTarget | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="plan-body"):
            yield Static("Loading your plan…", id="plan-today")
            yield Vertical(id="plan-table")
            yield Static("", id="plan-growth")
            yield Static("", id="plan-conditions")
            yield Static(DOSE_TEXT, classes="plan-fact")
            yield Static(INTENSITY_TEXT, classes="plan-fact")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="plan-load")
    async def load(self) -> None:
        app: Any = self.app
        today: date = app.today
        profile, target = await app.store_call(lambda store: _load(store, today))
        if not self._no_longer_shown():
            self.show(profile, target)

    def _no_longer_shown(self) -> bool:
        """The screen was closed (or the app is closing) while the store was reading."""
        return not self.is_attached or self not in self.app.screen_stack

    def show(self, profile: Profile | None, target: DailyTarget) -> None:
        self.target = target
        self.sub_title = f"level {target.week} · calendar week {target.calendar_week}"
        today_box = self.query_one("#plan-today", Static)
        today_box.update(target_text(target))
        today_box.set_class(not target.walk_allowed, "-blocked")

        table = self.query_one("#plan-table", Vertical)
        table.remove_children()
        rows = [PlanRow(("Week", "Min/day", "Days", "Focus", "Tip"), classes="-heading")]
        for n in range(1, ROUTINE_FROM_WEEK):
            rows.append(self._row(week_plan(n), str(n), str(week_plan(n).minutes), target.week))
        growth = growth_weeks()
        routine = growth[0]
        rows.append(self._row(routine, f"{ROUTINE_FROM_WEEK}+",
                              f"{routine.minutes}–{MAX_DAILY_MINUTES}", target.week))
        table.mount_all(rows)

        steps = " → ".join(str(w.minutes) for w in growth)
        growth_text = (
            f"From week {ROUTINE_FROM_WEEK} the daily walk grows about 10 % a week, "
            f"{steps} minutes, and stays at {MAX_DAILY_MINUTES} from week {growth[-1].week}."
        )
        if target.week >= ROUTINE_FROM_WEEK:
            growth_text += (
                f" You are on level {target.week}: [b]{week_plan(target.week).minutes} "
                "minutes[/b] a day."
            )
        growth_text += (" A level moves up when you walked it: its days at 80 % of its minutes "
                        "or more. The calendar alone never raises it.")
        self.query_one("#plan-growth", Static).update(growth_text)

        notes = target.condition_notes
        conditions = self.query_one("#plan-conditions", Static)
        if notes:
            conditions.update("[b]Changes for your conditions[/b]\n"
                              + "\n".join(f"• {note}" for note in notes))
        else:
            conditions.update("[$foreground-muted]No conditions that change the walk. "
                              "Add any in your profile.[/]")
        if profile is None:
            today_box.update(target_text(target) + "\n[$warning]No profile yet: this plan "
                             "starts today. Set one up from the home screen.[/]")

    def _row(self, plan: WeekPlan, week: str, minutes: str, current: int) -> PlanRow:
        is_current = current == plan.week or (
            plan.week == ROUTINE_FROM_WEEK and current >= ROUTINE_FROM_WEEK
        )
        marker = "▶ " if is_current else "  "
        return PlanRow(
            (f"{marker}{week}", minutes, plan.days_label, plan.focus, plan.tip),
            classes="-current" if is_current else "",
        )
