"""Every screen in a realistic state: used by the snapshot tests and scripts/screenshots.py.

Each shot seeds a real store, builds the app with a frozen fake clock and drives it to the
state to be pictured.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Input

from stride_tui.core.records import BackSince, Condition, DayAfter, SessionStatus
from stride_tui.ui.app import StrideApp
from tests.ui.scenarios import advance, check_in, make_app, run_phase, seed, settle, walk_record

# A Thursday in programme week 3, with walks on Monday to Wednesday.
SHOT_DAY = date(2026, 3, 19)
START = SHOT_DAY - timedelta(days=17)


def _history(*, answered: bool = True) -> list[Any]:
    """Weeks 1 and 2 walked in full (so level 3 this week), then Monday to Wednesday; with
    ``answered``, yesterday's walk has had its next-day check."""
    walks = []
    for back, (minutes, before, after) in enumerate(
        [(20, 4, 3), (20, 3, 3), (21, 4, 2)], start=1
    ):
        walks.append(walk_record(SHOT_DAY - timedelta(days=back), minutes, before, after,
                                 week=3, strength=back == 3))
    for back in range(7, 12):
        walks.append(walk_record(SHOT_DAY - timedelta(days=back), 15, 4, 3, week=2))
    for back in (13, 15, 16):
        walks.append(walk_record(SHOT_DAY - timedelta(days=back), 10, 4, 4, week=1))
    if answered:
        walks[0].day_after = DayAfter(SHOT_DAY, BackSince.SAME, 3)
    return walks


def seed_returning(data_dir: Path, **extra: Any) -> None:
    seed(data_dir, start=START, sessions=_history(), **extra)


def _day_after_due(data_dir: Path) -> None:
    seed(data_dir, start=START, sessions=_history(answered=False))


def _red_flag_today(data_dir: Path) -> None:
    stop = walk_record(SHOT_DAY, 0, None, None, week=3, hour=7)
    stop.status, stop.red_flags, stop.cues = SessionStatus.RED_FLAG, ["pain-below-knee"], []
    seed(data_dir, start=START, sessions=[*_history(), stop])


def _flares(data_dir: Path) -> None:
    """Two flares in the last fortnight: worse the day after, pain 2+ above the usual 3–4."""
    walks = _history()
    for w in walks:
        if (SHOT_DAY - w.day).days in (2, 9):
            w.day_after = DayAfter(w.day + timedelta(days=1), BackSince.WORSE, 6)
    seed(data_dir, start=START, sessions=walks)


Setup = Callable[[Any, StrideApp], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    prepare: Callable[[Path], None]
    drive: Setup
    walk_minutes: int | None = None
    theme: str | None = None


async def _no_blink(pilot: Any, app: StrideApp) -> None:
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _home(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)


async def _first_run(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await _no_blink(pilot, app)


async def _day_after(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await pilot.press("w", "5")
    await pilot.pause()


async def _check_in(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await pilot.press("enter", "n", "n")
    await pilot.pause()


async def _red_flag(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await pilot.press("enter", "y")  # a yes stops the check-in at once
    await settle(pilot, app)


async def _warm_up_timed(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    await advance(pilot, app, 12)


async def _warm_up_reps(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    await advance(pilot, app, 30 + 13)


async def _walk_with_cue(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    await run_phase(pilot, app)
    await advance(pilot, app, 5 * 60 + 12)


async def _walk_pain_check(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    await run_phase(pilot, app)
    await advance(pilot, app, 10 * 60 + 20)
    await pilot.press("3")
    await pilot.pause()


async def _after(pilot: Any, app: StrideApp) -> None:
    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    await run_phase(pilot, app)
    await run_phase(pilot, app)
    await pilot.pause()


async def _strength(pilot: Any, app: StrideApp) -> None:
    await _after(pilot, app)
    await pilot.press("2", "enter")
    await pilot.pause()
    await advance(pilot, app, 20)


async def _summary(pilot: Any, app: StrideApp) -> None:
    await _after(pilot, app)
    await pilot.press("2", "enter")
    await pilot.pause()
    await pilot.press("S")
    await settle(pilot, app)


async def _walk_on_treadmill(pilot: Any, app: StrideApp) -> None:
    """A walk following a treadmill: readings handed to the driver as the link would."""
    from stride_tui.core.belt import BeltReading

    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    assert app.driver is not None
    app.driver.belt(BeltReading(False, 0.0, 2300, 0.0))
    await run_phase(pilot, app)  # the warm-up; the walk then waits for the belt
    metres = 2300.0
    for second in range(0, 5 * 60 + 12, 4):
        kmh = 4.8 if second < 120 else 5.2
        metres += kmh / 3.6 * 4
        app.driver.belt(BeltReading(True, kmh, int(metres), 0.0))
        await advance(pilot, app, 4)
    app.clear_notifications()
    await pilot.pause()


async def _summary_on_treadmill(pilot: Any, app: StrideApp) -> None:
    """The summary of a 2-minute walk that followed a treadmill."""
    from stride_tui.core.belt import BeltReading

    await settle(pilot, app)
    await check_in(pilot, "nnnn", "4")
    assert app.driver is not None
    app.driver.belt(BeltReading(True, 4.6, 0, 0.0))
    await run_phase(pilot, app)  # the warm-up
    metres = 0.0
    while app.driver.engine.phase.value == "walk":
        metres += 4.8 / 3.6 * 4
        app.driver.belt(BeltReading(True, 4.8, int(metres), 0.5))
        await advance(pilot, app, 4)
    await pilot.pause()
    await pilot.press("2", "enter")
    await pilot.pause()
    await pilot.press("S")
    await settle(pilot, app)
    app.clear_notifications()
    await pilot.pause()


def _review(name: str) -> Setup:
    async def drive(pilot: Any, app: StrideApp) -> None:
        await settle(pilot, app)
        app.open_screen(name)
        for _ in range(3):
            await settle(pilot, app)
    return drive


async def _help_on_walk(pilot: Any, app: StrideApp) -> None:
    await _walk_with_cue(pilot, app)
    await pilot.press("f1")
async def _phone(pilot: Any, app: StrideApp) -> None:
    """The phone page's address and QR code; its token and port fixed for the picture (the
    real ones are random each run)."""
    await settle(pilot, app)
    await pilot.press("c")
    while app.phone is None or not app.phone.running:
        await pilot.pause()
    companion = app.phone.companion
    assert companion is not None
    companion.token, companion.port = "Sh0wnInTheScreenshot0A", 47211
    app.screen.phone_changed()  # type: ignore[attr-defined]
    await pilot.pause()


def _unfinished(data_dir: Path) -> None:
    cp = walk_record(SHOT_DAY, 12.5, 4, None, week=3)
    cp.status = SessionStatus.IN_PROGRESS
    cp.ended_at = None
    seed_returning(data_dir, checkpoint=cp)


SHOTS: tuple[Shot, ...] = (
    Shot("home-first-run", (80, 40), lambda d: None, _first_run),
    Shot("home", (80, 24), seed_returning, _home),
    Shot("home-conditions", (80, 24),
         lambda d: seed_returning(d, conditions=(Condition.SPINAL_STENOSIS,
                                                 Condition.SPONDYLOLISTHESIS)), _home),
    Shot("home-recovery", (80, 24), _unfinished, _home),
    Shot("check-in", (80, 24), seed_returning, _check_in),
    Shot("red-flag-stop", (80, 24), seed_returning, _red_flag),
    Shot("warm-up-timed", (80, 24), seed_returning, _warm_up_timed),
    Shot("warm-up-reps", (80, 24), seed_returning, _warm_up_reps),
    Shot("walk", (80, 24), seed_returning, _walk_with_cue),
    Shot("walk-pain-check", (80, 24), seed_returning, _walk_pain_check),
    Shot("walk-small", (40, 12), seed_returning, _walk_with_cue),
    Shot("after", (80, 24), seed_returning, _after, walk_minutes=2),
    Shot("strength", (80, 24), seed_returning, _strength, walk_minutes=2),
    Shot("summary", (80, 24), seed_returning, _summary, walk_minutes=2),
    Shot("walk-light", (80, 24), seed_returning, _walk_with_cue, theme="textual-light"),
    Shot("home-light", (80, 24), seed_returning, _home, theme="textual-light"),
    Shot("progress", (80, 40), seed_returning, _review("progress")),
    Shot("plan", (80, 30), seed_returning, _review("plan")),
    Shot("history", (80, 24), seed_returning, _review("history")),
    Shot("home-red-flag-day", (80, 24), _red_flag_today, _home),
    Shot("day-after", (80, 24), _day_after_due, _day_after),
    Shot("progress-flares", (80, 40), _flares, _review("progress")),
    Shot("first-run-80x24", (80, 24), lambda d: None, _first_run),
    Shot("help-walk", (80, 24), seed_returning, _help_on_walk),
    Shot("check-in-40", (40, 30), seed_returning, _check_in),
    # Phone width: the review screens and the form, stacked to fit 40 columns.
    Shot("first-run-40", (40, 40), lambda d: None, _first_run),
    Shot("progress-40", (40, 50), seed_returning, _review("progress")),
    Shot("plan-40", (40, 40), seed_returning, _review("plan")),
    Shot("history-40", (40, 24), seed_returning, _review("history")),
    Shot("walk-treadmill", (80, 24), seed_returning, _walk_on_treadmill),
    Shot("summary-treadmill", (80, 24), seed_returning, _summary_on_treadmill, walk_minutes=2),
    Shot("phone-address", (80, 30), seed_returning, _phone),
)


def build(shot: Shot, data_dir: Path) -> StrideApp:
    shot.prepare(data_dir)
    app, _, _ = make_app(data_dir, today=SHOT_DAY, walk_minutes=shot.walk_minutes)
    if shot.theme:
        app.theme = shot.theme
    return app
