"""Progress: one week against the plan, pain before and after each walk, and 12 weeks of minutes.

The sessions are read once and indexed by day, so moving between weeks never goes back to the
store. The read comes in two parts so the screen shows at once even with years of walks: first
the weeks of the chart (and the week before them), then everything older, which only earlier
weeks and a streak longer than the chart need.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Static

from stride_tui.core.digest import SessionDigest
from stride_tui.core.plan import STRENGTH_DAYS_PER_WEEK, DailyTarget, FlareSummary
from stride_tui.core.programme import programme_day
from stride_tui.core.records import Profile, Units
from stride_tui.core.summary import (
    SessionsByDay,
    WeekSummary,
    monday_of,
    week_distance,
    week_level,
    week_summary,
    weekly_minutes,
)
from stride_tui.formats import distance, week_span
from stride_tui.ui.keys import KeysFollowState
from stride_tui.ui.widgets.charts import PainBar, PainChart, WeekBar, WeeklyMinutesChart
from stride_tui.ui.widgets.keybar import KeyBar

CHART_WEEKS = 12
# The chart's weeks and the week before the first of them (for its week-over-week change).
RECENT_WEEKS = CHART_WEEKS + 1
GAUGE_CELLS = 10
EARLIEST = date(1970, 1, 1)


def _load_recent(
    store: Any, first: date, last: date, today: date
) -> tuple[Profile | None, list[SessionDigest], SessionsByDay, DailyTarget]:
    """The chart's digests (and by day) and today's programme day (walk or not, flares, usual
    pain): on the store thread, as the rules read every session."""
    profile = store.load_profile()
    day = programme_day(profile, store.digests(), today)
    recent = store.digests(first, last)
    return profile, recent, SessionsByDay(recent), day


SPARK = "▁▂▃▄▅▆▇█"
# Below this many columns the week's figures and its pain chart go one above the other.
NARROW_BELOW = 64
# Columns of the screen the sparkline cannot use: the body's padding and its scrollbar.
SPARK_GUTTER = 4


def flares_text(flares: FlareSummary, points: int = CHART_WEEKS * 5) -> str:
    """The next-day check's flares and the usual (baseline) pain over time, in a few lines: the
    sparkline shows the last ``points`` values (a wrapped sparkline reads as two)."""
    if flares.days:
        since = flares.days_since_last
        ago = "today" if since == 0 else f"{since} day{'' if since == 1 else 's'} ago"
        # What a flare is goes on a line of its own (run on, it wrapped mid-date at 80 columns).
        head = (f"[b]Flares[/b]  {len(flares.days)} · last {flares.days[-1]:%a %d %b}, {ago}\n"
                "[$foreground-muted](a flare: the day after a walk, worse, with pain 2+ above "
                "usual)[/]")
    else:
        head = "[b]Flares[/b]  none — the next-day check has found no flare"
    over = flares.usual_pain_over_time[-max(1, points):]
    if not over:
        return head + "\n[$foreground-muted]Usual pain: give pain scores to see it.[/]"
    spark = "".join(SPARK[min(len(SPARK) - 1, int(v / 10 * (len(SPARK) - 1) + 0.5))]
                    for _, v in over)
    first, last = over[0], over[-1]
    # The line of figures, then the sparkline on a line of its own (side by side, they wrapped
    # mid-phrase at 80 columns).
    return (f"{head}\n[b]Usual pain[/b] {last[1]:g}/10 before walks  "
            f"[$foreground-muted](since {first[0]:%d %b}: {first[1]:g}/10)[/]\n"
            f"[$primary]{spark}[/]")


def gauge(value: float, target: float, cells: int, per_cell: float | None = None) -> str:
    """A small bar of ``cells`` marks, green once ``value`` reaches ``target``.

    Each mark stands for ``per_cell`` (one day, say); by default the bar is full at ``target``.
    """
    per_cell = per_cell or (target / cells if target > 0 else 1)
    filled = min(cells, round(value / per_cell))
    colour = "$success" if target > 0 and value >= target else "$accent"
    return f"[{colour}]{'▰' * filled}[/][$foreground-muted]{'▱' * (cells - filled)}[/]"


def _signed(value: float, unit: str) -> str:
    plural = "" if abs(value) == 1 or unit == "min" else "s"
    number = "±0" if round(value) == 0 else f"{value:+.0f}"
    return f"{number} {unit}{plural}"


def stats_text(summary: WeekSummary, *, streak_so_far: bool = False,
               distance: str | None = None) -> str:
    """The week's numbers against the plan, one line each, with small gauges.

    ``streak_so_far``: older sessions are still being read, so the streak may be longer.
    ``distance``: the week's treadmill distance, shown beside the minutes when known.
    """
    lo, hi = summary.target_days
    days_label = str(lo) if lo == hi else f"{lo}–{hi}"
    lines = [
        f"Days walked  [b]{summary.days_walked:>3}[/b] of {days_label:<5} "
        + gauge(summary.days_walked, lo, hi, per_cell=1),
        f"Minutes      [b]{summary.minutes:>3.0f}[/b] of {summary.target_minutes:<5} "
        + gauge(summary.minutes, summary.target_minutes, GAUGE_CELLS),
        *([f"Distance     [b]{distance}[/b] on the treadmill"] if distance else []),
        f"20-min days  [b]{summary.dose_days:>3}[/b] of {summary.dose_days_target:<5} "
        + gauge(summary.dose_days, summary.dose_days_target, summary.dose_days_target),
        f"Strength     [b]{summary.strength_days:>3}[/b] of {STRENGTH_DAYS_PER_WEEK:<5} "
        + gauge(summary.strength_days, STRENGTH_DAYS_PER_WEEK, STRENGTH_DAYS_PER_WEEK),
        f"Streak       [b]{summary.streak:>3,}{'+' if streak_so_far else ''}[/b] "
        f"day{'' if summary.streak == 1 else 's'}",
    ]
    if summary.minutes_change is None or summary.days_change is None:
        lines.append("[$foreground-muted]Last week    nothing to compare yet[/]")
    else:
        lines.append(
            f"vs last week [b]{_signed(summary.minutes_change, 'min')}[/b] · "
            f"{_signed(summary.days_change, 'day')}"
        )
    lines.append(f"[$foreground-muted]Plan: {summary.target_minutes_per_day} min a day, "
                 f"{days_label} days[/]")
    return "\n".join(lines)


class ProgressScreen(KeysFollowState):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    CHECKED = (("week", (-1,)), ("week", (1,)), ("this_week", ()))
    TITLE = "Progress"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="progress-back",
                tooltip="Back to the home screen"),
        # Priority, so the scrolling body does not take ← and → for sideways scrolling.
        Binding("left", "week(-1)", "Earlier", id="progress-earlier", priority=True,
                tooltip="Show the week before"),
        Binding("right", "week(1)", "Later", id="progress-later", priority=True,
                tooltip="Show the week after"),
        Binding("t", "this_week", "This week", id="progress-this-week",
                tooltip="Back to the current week"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profile: Profile | None = None
        self.index: SessionsByDay | None = None
        self.monday: date | None = None
        self.summary: WeekSummary | None = None
        self.day: DailyTarget | None = None
        self.app_today = date.min
        self.first_monday: date | None = None
        self.this_monday: date | None = None
        # The first day read so far; None once every session has been read.
        self.read_from: date | None = EARLIEST
        self._spark_points = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static("Loading your weeks…", id="progress-title")
            with Horizontal(id="progress-top"):
                yield Static("", id="progress-stats")
                with Vertical(id="progress-pain"):
                    yield Static(
                        "Pain [$primary]▆ before[/] · [$success]▆ after[/] each walk",
                        id="progress-pain-title",
                    )
                    yield PainChart(id="progress-pain-chart")
            yield Vertical(id="progress-messages")
            yield Static("", id="progress-flares")
            yield Static(
                f"Minutes a week ({CHART_WEEKS} weeks)  [$warning]╌╌[/] plan",
                id="progress-chart-title",
            )
            yield WeeklyMinutesChart(id="progress-chart")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load()

    def _show_flares(self) -> None:
        """The flares and usual pain, the sparkline as wide as the body has room for."""
        if self.day is None:
            return
        room = self.size.width - SPARK_GUTTER
        points = max(1, min(CHART_WEEKS * 5, room))
        if points != self._spark_points:
            self._spark_points = points
            self.query_one("#progress-flares", Static).update(
                flares_text(self.day.flares, points))

    def on_resize(self) -> None:
        self._show_flares()

    @work(exclusive=True, group="progress-load")
    async def load(self) -> None:
        app: Any = self.app
        today: date = app.today
        this_monday = monday_of(today)
        recent_from = this_monday - timedelta(weeks=RECENT_WEEKS)
        profile, recent, by_day, day = await app.store_call(
            lambda store: _load_recent(store, recent_from, this_monday + timedelta(days=6), today)
        )
        if self._no_longer_shown():
            return
        self.profile = profile
        self.day = day
        self.app_today = today
        self._spark_points = 0  # the flares are new: shown whatever the width
        self._show_flares()
        self.this_monday = this_monday
        self._index(by_day, recent[:1], read_from=recent_from)
        self.show_week(this_monday)

        def everything(store: Any) -> tuple[SessionsByDay, list[SessionDigest]]:
            # Grouped on the store thread: ten years of sessions take ~5-10 ms to group.
            older = store.digests(EARLIEST, recent_from - timedelta(days=1))
            return SessionsByDay(older + recent), (older or recent)[:1]

        index, first = await app.store_call(everything)
        if self._no_longer_shown():
            return
        self._index(index, first, read_from=None)
        # Redraw the week on show (the walker may have moved): its streak may be longer now.
        self.show_week(self.monday or this_monday)

    def _no_longer_shown(self) -> bool:
        """The screen was closed (or the app is closing) while the store was reading."""
        return not self.is_attached or self not in self.app.screen_stack

    def _index(self, index: SessionsByDay, earliest: list[SessionDigest],
               read_from: date | None) -> None:
        """Show the weeks of ``index``; ``earliest`` is its first session (none if empty)."""
        assert self.this_monday is not None
        self.index = index
        self.read_from = read_from
        starts = [monday_of(s.day) for s in earliest]
        if self.profile is not None:
            starts.append(monday_of(self.profile.start_date))
        first = min([*starts, self.this_monday])
        # Weeks not read yet cannot be shown yet.
        self.first_monday = first if read_from is None else max(first, read_from)

    def show_week(self, monday: date) -> None:
        """Draw the week starting ``monday`` from the sessions already loaded."""
        app: Any = self.app
        assert self.index is not None and self.this_monday is not None
        self.monday = monday
        summary = week_summary(self.index, monday, self.profile, app.today, self.day)
        self.summary = summary
        self.sub_title = summary.label
        earlier = "◀" if self.check_action("week", (-1,)) else " "
        later = "▶" if self.check_action("week", (1,)) else " "
        when = week_span(monday) + (" · this week" if monday == self.this_monday else "")
        self.query_one("#progress-title", Static).update(
            f"[$accent]{earlier}[/] [b]{summary.label}[/b] · level {summary.programme_week} "
            f"of the plan · {when} [$accent]{later}[/]"
        )
        streak_end = min(monday + timedelta(days=6), app.today)
        streak_so_far = (
            self.read_from is not None
            and summary.streak > 0
            and streak_end - timedelta(days=summary.streak) < self.read_from
        )
        metres = week_distance(self.index, monday)
        units = self.profile.units if self.profile is not None else Units.METRIC
        self.query_one("#progress-stats", Static).update(
            stats_text(summary, streak_so_far=streak_so_far,
                       distance=None if metres is None else distance(metres, units))
        )
        self.query_one(PainChart).walks = tuple(
            PainBar(f"{p.day:%a}", p.before, p.after) for p in summary.pain
        )
        self._show_messages(summary)
        self.query_one(WeeklyMinutesChart).weeks = tuple(
            WeekBar(f"W{m.isocalendar()[1]:02d}", minutes, self._week_target(m), m == monday,
                    self._in_programme(m))
            for m, minutes in weekly_minutes(self.index, monday, CHART_WEEKS)
        )
        self.keys_changed()

    def _in_programme(self, monday: date) -> bool:
        """The week ends on or after the programme's first day."""
        return self.profile is not None and monday + timedelta(days=6) >= self.profile.start_date

    def _week_target(self, monday: date) -> float:
        # No target for weeks before the programme began (or without a profile).
        if not self._in_programme(monday):
            return 0
        assert self.index is not None
        plan = week_level(self.index, monday, self.profile, self.app_today, self.day)
        return plan.minutes * plan.min_days

    def _show_messages(self, summary: WeekSummary) -> None:
        """The week's messages, in the lines already there where they can be: the screen
        shows its week twice on opening (a first read, then the whole), and a line removed
        stays on screen until Textual has pruned it, so removing and mounting them all each
        time could show a message twice in between."""
        box = self.query_one("#progress-messages", Vertical)
        shown = [line for line in box.query_children(Static) if line.has_class("week-message")]
        messages = list(summary.messages)
        for line, message in zip(shown, messages, strict=False):
            line.update(message)
            line.set_classes(f"week-message -{message.tone}")
        box.mount_all(Static(message, classes=f"week-message -{message.tone}", markup=False)
                      for message in messages[len(shown):])
        for line in shown[len(messages):]:
            line.set_classes("")  # no longer one of the week's messages, while it goes
            line.remove()
        box.display = bool(messages)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "week":
            if self.monday is None:
                return None
            step = parameters[0] if parameters else 0
            if step == -1:
                return None if self.monday <= (self.first_monday or self.monday) else True
            return None if self.monday >= (self.this_monday or self.monday) else True
        if action == "this_week":
            return None if self.monday is None or self.monday == self.this_monday else True
        return True

    def action_week(self, step: int) -> None:
        if self.monday is not None and self.check_action("week", (step,)):
            self.show_week(self.monday + timedelta(days=7 * step))

    def action_this_week(self) -> None:
        if self.this_monday is not None:
            self.show_week(self.this_monday)
