"""The review screens — progress, plan, history and a session's detail — over a real store.

Each test seeds a real TinyDB file in its own data folder, then drives the app headless with a
fake clock and a fixed "today", and checks what the screens show against numbers worked out by
hand from the seeded walks.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content

from stride_tui.core.cues import cue_schedule
from stride_tui.core.plan import CONDITION_CHANGES, programme_week
from stride_tui.core.records import (
    Condition,
    CueEvent,
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    StepRecord,
    StepStatus,
)
from stride_tui.core.routines import COOL_DOWN, STRENGTH, WARM_UP, Routine
from stride_tui.core.summary import monday_of
from stride_tui.store import Store
from stride_tui.store.exchange import export_document
from stride_tui.ui.app import AppConfig, StrideApp
from stride_tui.ui.screens.confirm import ConfirmScreen
from stride_tui.ui.screens.history import PAGE_SIZE, HistoryScreen
from stride_tui.ui.screens.history_detail import HistoryDetailScreen
from stride_tui.ui.screens.progress import SPARK, ProgressScreen
from stride_tui.ui.widgets.bullets import Bullets
from stride_tui.ui.widgets.charts import PainBar, PainChart, WeeklyMinutesChart
from tests.fakes import FakeClock
from tests.records import session_record
from tests.ui.scenarios import drawn_rows

# The programme began on Monday 2 February 2026 (ISO week 6); "today" is Thursday 19 March,
# in programme week 7 (ISO week 12).
START = date(2026, 2, 2)
TODAY = date(2026, 3, 19)
WALL = datetime(2026, 3, 19, 18, 0, tzinfo=UTC)


@dataclass
class QuietAlerts:
    """Stands in for sound and notifications: records what it was asked to announce."""

    calls: list[str] = field(default_factory=list)
    muted: bool = False

    def announce(self, kind: str, title: str, body: str, *, notify: bool = True) -> None:
        self.calls.append(kind)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_sound_mode(self, mode: object) -> None:
        pass

    def close(self, timeout: float = 1.0) -> None:
        pass


def data_dir() -> Path:
    return Path(os.environ["STRIDE_DATA_DIR"])


def make_app(today: date = TODAY) -> StrideApp:
    clock = FakeClock(datetime.combine(today, WALL.timetz()))
    app = StrideApp(AppConfig(data_dir=data_dir(), clock=clock, alerts=QuietAlerts(),
                              today=today))
    # These tests are about the review screens: yesterday's walk's next-day check (tested in
    # test_programme_screens) counts as already offered.
    app.day_after_asked = True
    return app


def seed(profile: Profile | None, sessions: Iterable[SessionRecord]) -> None:
    """Write the profile and sessions into the data folder in one save, as an import would."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    export = folder.parent / "seed.json"
    export.write_text(json.dumps(export_document(None, list(sessions), 1)))
    with Store.open(folder) as store:
        store.import_file(export)
        if profile is not None:
            store.save_profile(profile)


def walk(
    day: date,
    minutes: float,
    before: int | None,
    after: int | None,
    *,
    hour: int = 8,
    strength: bool = False,
    start: date = START,
    status: SessionStatus = SessionStatus.COMPLETED,
    target: int | None = None,
) -> SessionRecord:
    """A walk as the app saves one: its cues, warm-up, and strength or cool-down if due."""
    seconds = minutes * 60
    week = programme_week(start, day)
    cues = [CueEvent(c.kind.value, float(c.at), c.at + 0.004) for c in cue_schedule(int(seconds))]
    return session_record(
        day, minutes, before=before, after=after, status=status, week=week, hour=hour,
        target_minutes=target, ended=timedelta(seconds=seconds + 180), cues=cues,
        warm_up=steps(WARM_UP), strength=steps(STRENGTH) if strength else [],
        cool_down=steps(COOL_DOWN) if week >= 4 else [],
    )


def steps(routine: Routine, skipped: tuple[str, ...] = ()) -> list[StepRecord]:
    """A routine's steps as the engine records them: one per set or side, rests left out."""
    return [
        StepRecord(s.move.id, StepStatus.SKIPPED if s.move.id in skipped else StepStatus.DONE,
                   0.0 if s.move.id in skipped else s.seconds)
        for s in routine.steps()
        if not s.rest
    ]


def day_of(week: int, weekday: int) -> date:
    """Day ``weekday`` (0 = Monday) of programme week ``week``."""
    return START + timedelta(days=7 * (week - 1) + weekday)


# Six and a half weeks of the programme: (weekday, minutes, pain before, pain after, strength).
PROGRAMME: dict[int, list[tuple[int, float, int, int, bool]]] = {
    1: [(0, 10, 5, 5, True), (2, 10, 5, 4, False), (4, 10, 6, 5, True), (5, 10, 5, 4, False)],
    2: [(0, 15, 5, 4, True), (1, 15, 4, 4, False), (3, 15, 5, 4, True), (4, 15, 4, 3, False)],
    3: [(0, 20, 4, 3, True), (1, 20, 4, 3, False), (2, 20, 4, 4, True), (3, 20, 3, 3, False),
        (4, 20, 4, 3, True)],
    # Week 4 ends with a walk after which pain rose by three points.
    4: [(0, 25, 3, 3, True), (1, 25, 4, 3, False), (3, 25, 3, 2, True), (4, 25, 3, 3, False),
        (5, 25, 3, 6, True)],
    5: [(0, 19, 4, 3, False), (1, 30, 3, 3, True), (2, 30, 3, 2, False), (3, 30, 3, 2, True),
        (5, 30, 2, 2, True), (6, 30, 3, 2, False)],
    6: [(0, 33, 3, 2, True), (1, 33, 2, 2, False), (2, 33, 3, 2, True), (4, 33, 2, 1, True),
        (5, 33, 2, 2, False)],
}
# This week (programme week 7): Monday 36 minutes, Tuesday two 12-minute walks (morning and
# evening: 24 minutes, so the minimum dose), Wednesday 15 minutes, nothing yet today.
THIS_WEEK = [
    walk(day_of(7, 0), 36, 3, 2, strength=True),
    walk(day_of(7, 1), 12, 3, 2, hour=7),
    walk(day_of(7, 1), 12, 2, 2, hour=18),
    walk(day_of(7, 2), 15, 3, 1, strength=True),
]
# Wednesday's short walk: a pain check halfway, the ankle circles skipped, and a note.
THIS_WEEK[-1].pain_checks = [PainCheck(at=470.0, score=2, outcome="continue")]
THIS_WEEK[-1].warm_up = steps(WARM_UP, skipped=("ankle-circles",))
THIS_WEEK[-1].note = "Short on time: 15 minutes before work."


# Week 2 ends with a walk ended early, at 11 of its 15 minutes.
ENDED_EARLY = walk(day_of(2, 6), 11, 4, 3, strength=True, status=SessionStatus.ENDED_EARLY,
                   target=15)
# Friday of week 5: a check-in stopped by a red flag, so no walk that day.
RED_FLAG_CHECK_IN = walk(day_of(5, 4), 0, 4, None, hour=7, status=SessionStatus.RED_FLAG,
                         target=30)
RED_FLAG_CHECK_IN.warm_up, RED_FLAG_CHECK_IN.cool_down = [], []
RED_FLAG_CHECK_IN.red_flags = ["leg-numbness"]


def programme_walks() -> list[SessionRecord]:
    """Every session of the seeded programme (35, one of them a red-flag check-in)."""
    out = [
        walk(day_of(week, wd), minutes, before, after, strength=strength)
        for week, days in PROGRAMME.items()
        for wd, minutes, before, after, strength in days
    ]
    return [*out, ENDED_EARLY, RED_FLAG_CHECK_IN, *THIS_WEEK]


def seed_programme() -> None:
    seed(Profile(start_date=START), programme_walks())


async def settle(pilot: Any, until: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let workers and the store thread run until ``until()`` holds."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "the screen never got there"
        await pilot.pause(0.01)


async def open_screen(pilot: Any, name: str, ready: Callable[[], Awaitable[bool] | bool]) -> None:
    app: StrideApp = pilot.app
    await settle(pilot, lambda: type(app.screen).__name__ == "HomeScreen" and app.profile
                 is not None)
    app.open_screen(name)
    await settle(pilot, ready)  # type: ignore[arg-type]


def progress_read(app: StrideApp) -> Callable[[], bool]:
    """The progress screen has read every session it needs (its second read is done)."""
    return lambda: getattr(app.screen, "summary", None) is not None and getattr(
        app.screen, "read_from", 1) is None


def shown(widget: Any) -> str:
    """The plain text a Static shows, or a chart or a list of ``Bullets`` draws."""
    if isinstance(widget, Bullets):
        return str(widget.render())
    if hasattr(widget, "visual") and not hasattr(widget, "walks") and not hasattr(
        widget, "weeks"
    ):
        return str(widget.visual)
    return str(widget.render().plain)


def count_store_calls(app: StrideApp) -> list[int]:
    """Count the app's trips to the store thread from now on."""
    calls = [0]
    real = app.store_call

    async def counting(fn: Any) -> Any:
        calls[0] += 1
        return await real(fn)

    app.store_call = counting  # type: ignore[method-assign]
    return calls


# --- Progress ------------------------------------------------------------------------------


async def test_progress_shows_this_week_against_the_plan() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        assert "2026-W12 · level 6 of the plan · 16–22 Mar 2026 · this week" in shown(
            screen.query_one("#progress-title"))
        stats = shown(screen.query_one("#progress-stats")).splitlines()
        # Mon 36, Tue 12 + 12, Wed 15: three days, 75 minutes against level 6's 33 × 5; Monday and
        # Tuesday (two walks of 10+ minutes) reach the 20-minute dose; strength Mon and Wed;
        # the streak runs Mon–Wed; last week was five days of 33 minutes.
        assert stats[0].startswith("Days walked    3 of 5–7")
        assert stats[0].endswith(" ▰▰▰▱▱▱▱")  # a mark a day, up to the plan's 7
        assert stats[1].endswith(" ▰▰▰▰▰▱▱▱▱▱")  # 75 of 165 minutes
        assert stats[1].startswith("Minutes       75 of 165")
        assert stats[2].startswith("20-min days    2 of 5")
        assert stats[3].startswith("Strength       2 of 3")
        assert stats[4] == "Streak         3 days"
        assert stats[5] == "vs last week -90 min · -2 days"
        assert stats[6] == "Plan: 33 min a day, 5–7 days"

        messages = [shown(m) for m in screen.query(".week-message")]
        assert messages == ["Pain fell during most walks this week — you are on track."]
        assert screen.query_one(".week-message").has_class("-good")


async def test_progress_draws_pain_before_and_after_each_walk() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        chart = app.screen.query_one(PainChart)
        assert chart.walks == (PainBar("Mon", 3, 2), PainBar("Tue", 3, 2),
                               PainBar("Tue", 2, 2), PainBar("Wed", 3, 1))
        drawing = shown(chart).splitlines()
        assert drawing[1].startswith("10┤") and drawing[-2].startswith(" 0┤")
        assert drawing[-1].split() == ["Mon", "Tue", "Tue", "Wed"]
        # Pain 3 is 12 of the 40 eighths: one full block and a half one, the score above it.
        assert [c for c in drawing[3][3:5]] == ["3", " "]
        assert drawing[4][3:5] == "▄▄" and drawing[5][3:5] == "██"
        assert [chart.after_tone(w) for w in chart.walks] == ["better", "better", "same",
                                                              "better"]


async def test_progress_usual_pain_and_its_sparkline_fit_80_columns_unwrapped() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        flares = app.screen.query_one("#progress-flares")
        lines = shown(flares).splitlines()
        usual = next(i for i, line in enumerate(lines) if line.startswith("Usual pain "))
        assert "before walks  (since " in lines[usual]
        assert lines[usual + 1] and set(lines[usual + 1]) <= set(SPARK)
        # Each line is drawn on one row: nothing wrapped mid-phrase.
        assert flares.size.height == len(lines)


async def test_progress_flares_fit_80_columns_unwrapped(tmp_path: Path) -> None:
    from tests.ui.shots import SHOTS, build

    (shot,) = [s for s in SHOTS if s.name == "progress-flares"]
    app = build(shot, tmp_path / "data")
    async with app.run_test(size=(80, 40)) as pilot:
        await shot.drive(pilot, app)
        flares = app.screen.query_one("#progress-flares")
        lines = shown(flares).splitlines()
        assert lines[0].startswith("Flares  2 · last ") and lines[0].endswith(", 2 days ago")
        assert lines[1].startswith("(a flare: the day after a walk")
        assert flares.size.height == len(lines)


async def test_progress_twelve_week_chart_of_minutes_with_the_plan() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        chart = app.screen.query_one(WeeklyMinutesChart)
        weeks = chart.weeks
        assert [w.label for w in weeks] == [f"W{n:02d}" for n in range(1, 13)]
        # Programme weeks 1–6 fall in ISO weeks 6–11; week 2 ended with 11 of 15 minutes,
        # week 5 began with a scaled-back 19.
        assert [w.minutes for w in weeks] == [0, 0, 0, 0, 0, 40, 71, 100, 125, 169, 165, 75]
        # The plan's minutes a day × its fewest days, at the level each week was walked at
        # (this week: level 6, 33 × 5); nothing before the programme began.
        assert [w.target for w in weeks] == [0, 0, 0, 0, 0, 30, 60, 100, 125, 150, 165, 165]
        assert [w.current for w in weeks] == [False] * 11 + [True]
        assert [w.in_programme for w in weeks] == [False] * 5 + [True] * 7
        drawing = shown(chart).splitlines()
        assert drawing[-1].split() == [w.label for w in weeks]
        assert "╌" in "".join(drawing)
        # The weeks before the programme began have no "0" over them (not weeks missed); the
        # figures are the programme's weeks' minutes, left to right.
        # Over the bars, beside the axis (top 180, and 0): each programme week's minutes.
        figures = [x for line in drawing[:-1] for x in line[4:].split() if x.isdigit()]
        assert figures == ["169", "165", "125", "100", "75", "40", "71"]


async def test_progress_at_40_columns_stacks_its_charts_and_fits_the_width() -> None:
    # At 40 columns the pain chart was off to the right (a sideways scroll away), the
    # sparkline wrapped into what read as two, and the weeks' labels ran together ("W01W02").
    seed_programme()
    app = make_app()
    async with app.run_test(size=(40, 30)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen: Any = app.screen
        stats, pain = screen.query_one("#progress-stats"), screen.query_one("#progress-pain")
        assert pain.region.y >= stats.region.bottom
        assert pain.region.right <= 40 and pain.region.width >= 30
        assert screen.query_one("#progress-body").max_scroll_x == 0
        flares = screen.query_one("#progress-flares")
        lines = shown(flares).splitlines()
        spark, points = lines[-1], len(screen.day.flares.usual_pain_over_time)
        assert set(spark) <= set(SPARK) and len(spark) == min(40 - 4, points)
        assert drawn_rows(flares)[-1].rstrip() == spark  # on one row of its own
        chart = screen.query_one(WeeklyMinutesChart)
        labels = shown(chart).splitlines()[-1].split()
        # Every other week's label, a space apart, the week on show among them; figures over
        # the labelled weeks only, each on its own ("71100" was 71 and 100 side by side).
        assert labels == [w.label for w in chart.weeks][1::2]
        drawing = shown(chart).splitlines()
        figures = [x for line in drawing[:-1] for x in re.findall(r"\d+", line[4:])]
        labelled = [f"{w.minutes:.0f}" for w in chart.weeks[1::2] if w.in_programme]
        assert figures and sorted(figures) == sorted(labelled)
        assert chart.weeks[-1].current and labels[-1] == chart.weeks[-1].label

        # Wider again: side by side, and the sparkline its full 60 points.
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert pain.region.y == stats.region.y and pain.region.x >= stats.region.right
        assert len(shown(flares).splitlines()[-1]) == min(60, points)
        assert shown(chart).splitlines()[-1].split() == [w.label for w in chart.weeks]


def test_the_usual_pain_sparkline_shows_the_latest_points_that_fit() -> None:
    from stride_tui.core.plan import FlareSummary
    from stride_tui.ui.screens.progress import flares_text

    start = date(2026, 1, 1)
    over = tuple((start + timedelta(days=n), 2.0 + (n % 7) / 2) for n in range(80))
    flares = FlareSummary(days=(), days_since_last=None, usual_pain=over[-1][1],
                          usual_pain_over_time=over)
    wide, narrow = flares_text(flares).splitlines(), flares_text(flares, 36).splitlines()
    assert len(Content.from_markup(wide[-1]).plain) == 60
    assert len(Content.from_markup(narrow[-1]).plain) == 36
    # "since" names the first day the sparkline shows.
    assert f"(since {over[-60][0]:%d %b}: " in wide[-2]
    assert f"(since {over[-36][0]:%d %b}: " in narrow[-2]


async def test_left_and_right_move_between_weeks_without_reading_the_store_again() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen: Any = app.screen
        calls = count_store_calls(app)

        await pilot.press("right")  # already this week: nothing later to show
        assert screen.summary.label == "2026-W12"
        await pilot.press("left", "left", "left")
        assert screen.summary.label == "2026-W09"
        stats = shown(screen.query_one("#progress-stats")).splitlines()
        # Programme week 4: five 25-minute walks, Sat ending 3 → 6.
        assert stats[0].startswith("Days walked    5 of 5–6")
        assert stats[1].startswith("Minutes      125 of 125")
        assert stats[3].startswith("Strength       3 of 3")
        assert stats[4] == "Streak         3 days"
        assert stats[5] == "vs last week +25 min · ±0 days"
        tones = {shown(m): [c for c in ("-good", "-caution", "-stop") if m.has_class(c)]
                 for m in screen.query(".week-message")}
        assert tones == {
            "Pain rose by more than 2 points after the last walk: the next one is scaled "
            "back.": ["-caution"],
            "5 walking days — the plan's 5–6 reached.": ["-good"],
        }
        assert "2026-W09 · level 4 of the plan · 23 Feb – 01 Mar 2026" in shown(
            screen.query_one("#progress-title"))

        await pilot.press("right")
        assert screen.summary.label == "2026-W10"
        await pilot.press("t")
        assert screen.summary.label == "2026-W12"
        assert calls[0] == 0


async def test_progress_goes_back_no_further_than_the_programme_start() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen: Any = app.screen
        for _ in range(10):
            await pilot.press("left")
        assert screen.summary.label == "2026-W06"
        assert screen.summary.programme_week == 1
        assert screen.check_action("week", (-1,)) is None


def seed_walking_not_enough() -> StrideApp:
    """Five weeks walked in full, with pain above 4/10 before every walk of week 6; the app,
    three days into week 6."""
    walks = [walk(day_of(w, d), (10, 15, 20, 25, 30)[w - 1], 6, 5)
             for w in range(1, 6) for d in range(5)]
    walks += [walk(day_of(6, d), 30, 6, 5) for d in range(3)]
    seed(Profile(start_date=START), walks)
    return make_app(day_of(6, 3))


async def test_progress_shows_the_walking_is_not_enough_advice() -> None:
    app = seed_walking_not_enough()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        # Advice to take to the weekly check, not a stop: plan and progress agree on walking.
        cautions = [m for m in app.screen.query(".week-message") if m.has_class("-caution")]
        assert not [m for m in app.screen.query(".week-message") if m.has_class("-stop")]
        assert len(cautions) == 1
        assert "walking may not be enough on its own" in shown(cautions[0])
        assert "physical therapy" in shown(cautions[0])


async def test_the_week_messages_are_never_shown_twice() -> None:
    """The screen shows its week twice on opening (a first read, then the whole). Each time,
    every message is on screen once: none left over from the time before while it goes."""
    app = seed_walking_not_enough()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen: Any = app.screen
        want = [str(m) for m in screen.summary.messages]
        assert want
        none = screen.summary._replace(messages=())
        for summary in (screen.summary, none, screen.summary, screen.summary):
            screen._show_messages(summary)  # as each read does, with no pause between
            lines = list(screen.query(".week-message"))
            assert [shown(line) for line in lines] == [str(m) for m in summary.messages]
        await pilot.pause()
        assert [shown(line) for line in screen.query(".week-message")] == want


async def test_progress_with_no_sessions_yet() -> None:
    seed(Profile(start_date=TODAY), [])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "progress", progress_read(app))
        screen: Any = app.screen
        assert shown(screen.query_one("#progress-stats")).splitlines()[0].startswith(
            "Days walked    0 of 3–4")
        assert "No pain scores this week." in shown(screen.query_one("#progress-pain-chart"))
        assert screen.check_action("week", (-1,)) is None
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


# --- Plan ----------------------------------------------------------------------------------


def plan_rows(screen: Any) -> list[list[str]]:
    return [[shown(cell) for cell in row.query(".plan-cell")] for row in screen.query(".plan-row")]


async def test_plan_marks_this_week_and_shows_today_for() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "plan", lambda: getattr(app.screen, "target", None))
        screen: Any = app.screen
        rows = plan_rows(screen)
        assert [r[:3] for r in rows] == [
            ["Week", "Min/day", "Days"],
            ["  1", "10", "3–4"], ["  2", "15", "4–5"], ["  3", "20", "5"], ["  4", "25", "5–6"],
            ["▶ 5+", "30–45", "5–7"],
        ]
        assert rows[2][3:] == ["Gentle arm swing", "Stop if pain goes above 3/10."]
        current = [r for r in screen.query(".plan-row") if r.has_class("-current")]
        assert len(current) == 1 and shown(current[0].query(".plan-cell").first()) == "▶ 5+"
        # Level 6 (33 minutes), still building back up after week 4's pain rise: 30 today.
        # Monday and Wednesday had strength, so Thursday is a third day.
        today = shown(screen.query_one("#plan-today")).splitlines()
        assert today[0] == "Today: 30 minutes + strength moves and cool-down"
        assert today[1].startswith("Building back up: 30 minutes after pain rose from 3 to 6")
        growth = shown(screen.query_one("#plan-growth"))
        assert "30 → 33 → 36 → 39 → 42 → 45 minutes" in growth
        assert "You are on level 6: 33 minutes a day." in growth
        assert "No conditions" in shown(screen.query_one("#plan-conditions"))
        facts = " ".join(shown(f) for f in screen.query(".plan-fact"))
        for fact in ("20 minutes", "two walks of at least 10 minutes", "5 to 7 days",
                     "not sing", "50–70 %"):
            assert fact in facts


async def test_plan_at_40_columns_puts_each_weeks_focus_and_tip_under_its_numbers() -> None:
    # At 40 columns the focus was cut at the screen's edge and the tip had no room at all.
    seed_programme()
    app = make_app()
    async with app.run_test(size=(40, 30)) as pilot:
        await open_screen(pilot, "plan", lambda: getattr(app.screen, "target", None))
        screen: Any = app.screen
        await pilot.pause()  # the scrollbar's width, taken from the body's on the next layout
        body = screen.query_one("#plan-body")
        assert body.max_scroll_x == 0
        for row in list(screen.query(".plan-row"))[1:]:
            week, focus, tip = (row.query_one(f".plan-col-{n}") for n in (0, 3, 4))
            assert focus.region.y == week.region.bottom and tip.region.y >= focus.region.bottom
            assert tip.region.right <= body.region.right
            assert focus.region.width >= 30 and tip.region.height >= 1
        assert [shown(c) for c in list(screen.query(".plan-row"))[2].query(".plan-cell")] == [
            "  2", "15", "4–5", "Gentle arm swing", "Stop if pain goes above 3/10."]
        heading = screen.query_one(".plan-row.-heading .plan-what")
        assert not heading.display
        # Wider, side by side again.
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        row = list(screen.query(".plan-row"))[2]
        week, focus, tip = (row.query_one(f".plan-col-{n}") for n in (0, 3, 4))
        assert week.region.y == focus.region.y == tip.region.y
        assert tip.region.x >= focus.region.right


async def test_plan_in_week_two_with_stenosis_after_a_painful_walk() -> None:

    # Week 2 (15 minutes); yesterday's walk took pain from 2 to 6.
    today = day_of(2, 2)
    profile = Profile(start_date=START, conditions=[Condition.SPINAL_STENOSIS])
    walks = [walk(day_of(1, d), 10, 2, 2) for d in (0, 2, 4, 5)]
    walks.append(walk(day_of(2, 1), 12, 2, 6))
    seed(profile, walks)
    app = make_app(today)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "plan", lambda: getattr(app.screen, "target", None))
        screen: Any = app.screen
        current = [r for r in screen.query(".plan-row") if r.has_class("-current")]
        assert shown(current[0].query(".plan-cell").first()) == "▶ 2"
        today_text = shown(screen.query_one("#plan-today"))
        # Scaled back to three quarters of the 12 minutes walked: 9, a single stenosis bout.
        assert today_text.startswith("Today: 9 minutes")
        assert "pain rose from 2 to 6" in today_text
        conditions = shown(screen.query_one("#plan-conditions"))
        assert CONDITION_CHANGES[Condition.SPINAL_STENOSIS] in conditions
        assert "This is week" not in shown(screen.query_one("#plan-growth"))


async def test_plan_says_why_there_is_no_walk_today() -> None:
    # A recent disc herniation means pool walking only; this profile says treadmill.
    seed(Profile(start_date=START, conditions=[Condition.DISC_HERNIATION]), [])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "plan", lambda: getattr(app.screen, "target", None))
        today = app.screen.query_one("#plan-today")
        assert today.has_class("-blocked")
        first, reason = shown(today).splitlines()
        assert first == "No walk today"
        assert "pool walking only" in reason
        assert CONDITION_CHANGES[Condition.DISC_HERNIATION] in shown(
            app.screen.query_one("#plan-conditions"))


# --- History -------------------------------------------------------------------------------


def table_rows(screen: Any) -> list[list[str]]:
    table = screen.query_one("#history-table")
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_history_lists_every_session_newest_first() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        screen: Any = app.screen
        rows = table_rows(screen)
        assert len(rows) == len(programme_walks()) == 35
        assert screen.sub_title == "35 sessions"
        assert rows[0] == ["Wed 18 Mar 2026  08:00", "15:00", "15 min", "3 → 1", "12",
                           "completed"]
        assert rows[1][:4] == ["Tue 17 Mar 2026  18:00", "12:00", "12 min", "2 → 2"]
        assert rows[2][0] == "Tue 17 Mar 2026  07:00"
        assert rows[-1][:4] == ["Mon 02 Feb 2026  08:00", "10:00", "10 min", "5 → 5"]
        assert rows[11] == ["Fri 06 Mar 2026  07:00", "0:00", "30 min", "4 → –", "0",
                            "red flag"]
        assert next(r for r in rows if r[-1] == "ended early")[:4] == [
            "Sun 15 Feb 2026  08:00", "11:00", "15 min", "4 → 3"]
        # The walk that raised pain by three points stands out, as does the red flag.
        painful = next(n for n, r in enumerate(rows) if r[3] == "3 → 6")
        assert rows[painful][0] == "Sat 28 Feb 2026  08:00"
        table = screen.query_one("#history-table")
        assert table.get_row_at(painful)[3].tone == "stop"
        assert table.get_row_at(11)[5].tone == "stop"


async def test_history_at_40_columns_shows_pain_and_status_without_a_sideways_scroll() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(40, 20)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        screen: Any = app.screen
        table = screen.query_one("#history-table")
        rows = table_rows(screen)
        assert rows[0] == ["18 Mar 26", "15:00", "3→1", "completed"]
        assert rows[11] == ["06 Mar 26", "0:00", "4→–", "red flag"]
        assert table.get_row_at(11)[3].tone == "stop"
        painful = next(n for n, r in enumerate(rows) if r[2] == "3→6")
        assert table.get_row_at(painful)[2].tone == "stop"
        assert table.max_scroll_x == 0  # every column in view
        # Wider, every column again, the cursor still on the session it was on.
        await pilot.press("down", "down")
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert table_rows(screen)[0] == ["Wed 18 Mar 2026  08:00", "15:00", "15 min", "3 → 1",
                                         "12", "completed"]
        assert table.cursor_row == 2 and len(table.columns) == 6
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert table.cursor_row == 2 and table_rows(screen)[2][0] == rows[2][0]


def test_a_stop_for_pain_fits_the_narrow_status_column() -> None:
    from stride_tui.ui.screens.history import NARROW_COLUMNS, SessionTable

    stop = session_record(TODAY, 5, status=SessionStatus.STOPPED_FOR_PAIN)
    status = SessionTable().row_for(stop, narrow=True)[-1]
    assert str(status) == "stop: pain" and status.tone == "caution"
    assert len(str(status)) <= dict(NARROW_COLUMNS)["Status"]


async def test_history_with_no_sessions_yet() -> None:
    seed(Profile(start_date=TODAY), [])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: app.screen.sub_title == "0 sessions")
        screen: Any = app.screen
        assert screen.query_one("#history-empty").display
        assert not screen.query_one("#history-table").display
        assert screen.check_action("delete", ()) is None
        await pilot.press("d")
        assert app.screen is screen


async def test_a_session_in_full() -> None:

    record = walk(day_of(7, 2), 15, 4, 6, strength=True)
    record.status = SessionStatus.STOPPED_FOR_PAIN
    record.walked_seconds = 8 * 60 + 30
    record.pain_checks = [PainCheck(at=460.0, score=6, outcome="stop")]
    record.warm_up = steps(WARM_UP, skipped=("cat-camel",))
    record.strength = steps(STRENGTH)[:2] + [
        StepRecord("glute-bridges", StepStatus.SKIPPED, 0.0)] + steps(STRENGTH)[3:]
    record.red_flags = ["pain-below-knee"]
    record.note = "Pain went above 5/10 — stopped for today."
    seed(Profile(start_date=START), [record])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HistoryDetailScreen))
        screen: Any = app.screen
        overview = shown(screen.query_one("#detail-overview")).splitlines()
        assert overview[0] == "Status   stopped: pain"
        assert overview[1] == "Walked   8:30 of 15 min"
        assert overview[2].startswith("Pain     4 → 6")
        assert overview[3].split() == ["check", "6", "at", "7:40", "·", "stopped"]
        warm_up, strength, cool_down = (shown(s) for s in screen.query(".detail-steps"))
        assert "– Standing cat-camel skipped" in warm_up
        assert "✓ March in place" in warm_up
        assert "◐ Glute bridges 2 of 3" in strength
        assert "✓ Bird-dog" in strength
        assert "✓ Slow walk" in cool_down
        assert "pain shooting below the knee" in shown(screen.query_one("#detail-flags"))
        assert shown(screen.query_one("#detail-note")) == record.note
        cues = shown(screen.query_one("#detail-cues")).splitlines()
        assert cues[0].startswith(f"Cues · {len(record.cues)} called")
        assert cues[1].split() == ["2:00", "Stride", "check", "2:00", "+4", "ms"]
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HistoryScreen"


async def test_a_session_at_40_columns_shows_its_figures_then_its_cues() -> None:
    # Side by side, the cues' column left the session's figures no room at all at 40 columns.
    seed_programme()
    app = make_app()
    async with app.run_test(size=(40, 30)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HistoryDetailScreen))
        await pilot.pause()
        screen: Any = app.screen
        overview, cues = screen.query_one("#detail-overview"), screen.query_one("#detail-cues")
        assert overview.region.width >= 30 and cues.region.y > overview.region.bottom
        assert shown(overview).splitlines()[0] == "Status   completed"
        rows = drawn_rows(cues)
        assert rows[0].startswith("Cues · ") and "due, lateness" in rows[0]
        assert rows[1].split()[:3] == ["2:00", "Stride", "check"]
        assert all(len(row.rstrip()) <= cues.region.width for row in rows)
        assert screen.query_one("#detail-body").max_scroll_x == 0


def stored_ids() -> set[str]:
    from stride_tui.store import Store

    # What is on disk now: a read-only open reads the files afresh (and needs no lock).
    with Store.open(data_dir(), readonly=True) as store:
        return {d.id for d in store.digests()}


async def test_delete_asks_first_then_removes_the_session_from_the_store() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        screen: Any = app.screen
        await pilot.press("down")
        doomed = screen.highlighted()
        assert doomed.started_at.hour == 18 and doomed.id in stored_ids()

        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is screen)
        assert doomed.id in stored_ids() and screen.total == 35

        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot, lambda: screen.total == 34)
        assert doomed.id not in stored_ids()
        assert len(stored_ids()) == 34
        rows = table_rows(screen)
        assert len(rows) == 34 and rows[1][0] == "Tue 17 Mar 2026  07:00"
        assert screen.sub_title == "34 sessions"


async def test_delete_from_a_sessions_detail() -> None:

    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        screen: Any = app.screen
        newest = screen.highlighted()
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, HistoryDetailScreen))
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(pilot, lambda: screen.total == 34)
        assert app.screen is screen
        assert newest.id not in stored_ids()
        assert table_rows(screen)[0][0] == "Tue 17 Mar 2026  18:00"


async def test_todays_warning_sign_is_kept_and_home_still_refuses_a_walk() -> None:
    # Deleting it from History opened the day to a walk: a warning sign walked through.
    flag = session_record(TODAY, 0, before=3, status=SessionStatus.RED_FLAG, hour=7)._replace(
        red_flags=["fever"], cues=[])
    seed(Profile(start_date=START), [*programme_walks(), flag])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "history", lambda: getattr(app.screen, "total", 0) > 0)
        screen: Any = app.screen
        assert screen.highlighted().id == flag.id
        await pilot.press("d")
        await settle(pilot, lambda: any("is kept until tomorrow" in str(n.message)
                                        for n in app._notifications))
        assert app.screen is screen  # not even asked
        assert flag.id in stored_ids() and screen.total == 36
        await pilot.press("enter")  # from its details: the same
        await settle(pilot, lambda: isinstance(app.screen, HistoryDetailScreen))
        await pilot.press("d")
        await settle(pilot, lambda: app.screen is screen)
        assert flag.id in stored_ids()
        await pilot.press("escape")
        await settle(pilot, lambda: type(app.screen).__name__ == "HomeScreen"
                     and getattr(app.screen, "target", None) is not None)
        assert not app.screen.target.walk_allowed  # type: ignore[attr-defined]


# Ten years of daily walks.
TEN_YEARS = 3650


TEN_YEARS_AGO = TODAY - timedelta(days=TEN_YEARS - 1)
_ten_years_file: list[dict[Path, bytes]] = []


def seed_ten_years() -> None:
    """A walk every day for ten years, up to today (seeded once, then copied)."""
    if not _ten_years_file:
        walks = [
            walk(TEN_YEARS_AGO + timedelta(days=n), 30, 3, 2, start=TEN_YEARS_AGO,
                 strength=n % 2 == 0)
            for n in range(TEN_YEARS)
        ]
        seed(Profile(start_date=TEN_YEARS_AGO), walks)
        folder = data_dir()
        _ten_years_file.append({
            p.relative_to(folder): p.read_bytes()
            for p in folder.rglob("*.json") if p.is_file()
        })
    else:
        for rel, content in _ten_years_file[0].items():
            (data_dir() / rel).parent.mkdir(parents=True, exist_ok=True)
            (data_dir() / rel).write_bytes(content)


def time_first_call(monkeypatch: pytest.MonkeyPatch, cls: type, name: str) -> list[float]:
    """Record when ``cls.name`` is first called: the moment a screen has its data to show
    (timing the test's own polling instead would count a busy machine's scheduling)."""
    calls: list[float] = []
    real = getattr(cls, name)

    def spy(self: Any, *args: Any) -> Any:
        calls.append(time.monotonic())
        return real(self, *args)

    monkeypatch.setattr(cls, name, spy)
    return calls


async def test_history_of_ten_years_reads_a_page_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_ten_years()
    app = make_app()
    rows_added = time_first_call(monkeypatch, HistoryScreen, "_add_rows")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.profile is not None, timeout=20)
        app.open_screen("history")
        await settle(pilot, lambda: getattr(app.screen, "total", 0) > 0)
        assert rows_added, "the first page was drawn"
        screen: Any = app.screen
        table = screen.query_one("#history-table")
        assert screen.total == TEN_YEARS
        assert screen.sub_title == "3,650 sessions"
        assert table.row_count == PAGE_SIZE
        assert table_rows(screen)[0][0] == f"{TODAY:%a %d %b %Y}  08:00"

        # The cursor coming near the last row loaded reads the next page.
        await pilot.press("ctrl+end")
        await settle(pilot, lambda: table.row_count == 2 * PAGE_SIZE)
        older = TODAY - timedelta(days=PAGE_SIZE)
        assert str(table.get_row_at(PAGE_SIZE)[0]) == f"{older:%a %d %b %Y}  08:00"

        # So does scrolling (mouse wheel or scrollbar) without moving the cursor.
        table.scroll_end(animate=False)
        await settle(pilot, lambda: table.row_count == 3 * PAGE_SIZE)
        assert table.row_count < TEN_YEARS


# --- Snapshots (accept changes with --snapshot-update, after looking at them) -------------


def snapshot_of(name: str, *keys: str) -> Callable[[Any], Awaitable[None]]:
    """Open the review screen ``name`` on the seeded programme, then press ``keys``."""
    ready: dict[str, Callable[[Any], bool]] = {
        "progress": lambda screen: getattr(screen, "read_from", 1) is None,
        "plan": lambda screen: getattr(screen, "target", None) is not None,
        "history": lambda screen: getattr(screen, "total", 0) > 0,
    }

    async def run_before(pilot: Any) -> None:
        await open_screen(pilot, name, lambda: ready[name](pilot.app.screen))
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before


def test_progress_snapshot(snap_compare: Any) -> None:
    seed_programme()
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=snapshot_of("progress"))


def test_progress_of_an_earlier_week_snapshot(snap_compare: Any) -> None:
    seed_programme()
    assert snap_compare(make_app(), terminal_size=(80, 24),
                        run_before=snapshot_of("progress", "left", "left", "left"))


def test_plan_snapshot(snap_compare: Any) -> None:
    seed_programme()
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=snapshot_of("plan"))


def test_history_snapshot(snap_compare: Any) -> None:
    seed_programme()
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=snapshot_of("history"))


def test_history_detail_snapshot(snap_compare: Any) -> None:
    seed_programme()
    assert snap_compare(make_app(), terminal_size=(80, 24),
                        run_before=snapshot_of("history", "enter"))


async def test_progress_of_ten_years_shows_at_once_then_reads_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed_ten_years()
    app = make_app()
    shows = time_first_call(monkeypatch, ProgressScreen, "show_week")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.profile is not None, timeout=20)
        app.open_screen("progress")
        await settle(pilot, progress_read(app), timeout=10)
        assert shows, "the first week was drawn"
        screen: Any = app.screen
        stats = shown(screen.query_one("#progress-stats")).splitlines()
        assert stats[0].startswith("Days walked    4 of 5–7")  # Monday to today, Thursday
        assert stats[4] == "Streak       3,650 days"
        # Weeks older than the first read are there too, without another read.
        calls = count_store_calls(app)
        for _ in range(14):
            await pilot.press("left")
        monday = screen.summary.monday
        assert monday == monday_of(TODAY) - timedelta(weeks=14)
        assert screen.summary.streak == (monday + timedelta(days=6) - TEN_YEARS_AGO).days + 1
        assert calls[0] == 0


async def test_leaving_progress_while_it_reads_older_weeks() -> None:
    seed_programme()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.profile is not None)
        # Hold the progress screen's second read until the walker has left the screen.
        release = asyncio.Event()
        real = app.store_call
        reads: list[int] = []

        async def held_second_read(fn: Any) -> Any:
            reads.append(len(reads) + 1)
            if len(reads) == 2:
                await release.wait()
            return await real(fn)

        app.store_call = held_second_read  # type: ignore[method-assign]
        app.open_screen("progress")
        await settle(pilot, lambda: len(reads) == 2)
        screen: Any = app.screen
        assert screen.summary is not None and screen.read_from is not None
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.read_from is not None  # the late read left the closed screen alone
        assert type(app.screen).__name__ == "HomeScreen"
