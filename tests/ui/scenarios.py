"""Shared set-ups for the UI tests, the snapshot tests and the screenshot script.

Each builds a real Stride app over a real TinyDB file, with a fake clock (time only moves when
we say) and alerts that record what they were asked to announce.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from stride_tui.core.records import (
    Condition,
    CueEvent,
    Profile,
    SessionRecord,
    SoundMode,
    Surface,
)
from stride_tui.store import Store
from stride_tui.ui.app import AppConfig, StrideApp
from tests.fakes import FakeClock
from tests.records import session_record

# A Monday, so "this week" starts today and weeks are easy to count by hand.
TODAY = date(2026, 3, 16)


@dataclass
class RecordingAlerts:
    """Stands in for the real alerts in UI tests: records every announcement, in order."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)
    muted: bool = False
    sound: SoundMode = SoundMode.VOICE_AND_CHIME
    closed: bool = False

    def announce(self, kind: str, title: str, body: str, *, notify: bool = True) -> None:
        self.calls.append((kind, title, body))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_sound_mode(self, mode: SoundMode) -> None:
        self.sound = mode

    def close(self, timeout: float = 1.0) -> None:
        self.closed = True

    @property
    def kinds(self) -> list[str]:
        return [k for k, _, _ in self.calls]


def seed(
    data_dir: Path,
    *,
    start: date | None = None,
    conditions: tuple[Condition, ...] = (),
    surface: Surface = Surface.TREADMILL,
    surgery: date | None = None,
    sessions: list[SessionRecord] | None = None,
    checkpoint: SessionRecord | None = None,
    profile: bool = True,
) -> None:
    """Write a profile (started ``start``, default 2 weeks ago) and sessions to a real store."""
    with Store.open(data_dir) as store:
        if profile:
            store.save_profile(Profile(
                start_date=start or TODAY - timedelta(days=14), surface=surface,
                conditions=list(conditions), surgery_date=surgery,
            ))
        for s in sessions or []:
            store.add_session(s)
        if checkpoint is not None:
            store.write_checkpoint(checkpoint)


def walk_record(
    day: date, minutes: float, before: int | None = 3, after: int | None = 2, *,
    week: int = 1, strength: bool = False, hour: int = 8,
) -> SessionRecord:
    """A finished walk, as a saved session looks."""
    from stride_tui.core.records import StepRecord, StepStatus

    return session_record(
        day, minutes, before=before, after=after, week=week, hour=hour, tz=None,
        session_id=f"walk-{day.isoformat()}-{hour}", target_minutes=int(minutes),
        cues=[CueEvent("halfway", minutes * 30, minutes * 30)],
        strength=[StepRecord("glute-bridges", StepStatus.DONE, 45.0)] if strength else [],
    )


def seed_walked_yesterday(data_dir: Path) -> SessionRecord:
    """A week-old programme: three 10-minute walks, then a 15-minute walk yesterday whose
    next-day check is due today. Returns yesterday's walk."""
    yesterday = TODAY - timedelta(days=1)
    walks = [walk_record(TODAY - timedelta(days=n), 10, 2, 2) for n in (7, 6, 5)]
    walks.append(walk_record(yesterday, 15, 2, 3, week=2))
    seed(data_dir, start=TODAY - timedelta(days=7), sessions=walks)
    return walks[-1]


def last_week_walks(minutes: float = 15, days: int = 5) -> list[SessionRecord]:
    """Week 1 walked in full (3 days of 10 minutes), then a week-2 week that met its days, so
    the walker is on level 3 (20 minutes) instead of repeating level 2."""
    week_one = [walk_record(TODAY - timedelta(days=14 - n), 10, week=1) for n in range(3)]
    return [*week_one,
            *(walk_record(TODAY - timedelta(days=7 - n), minutes, week=2) for n in range(days))]


def make_app(
    data_dir: Path, *, today: date = TODAY, walk_minutes: int | None = None,
    start_walk: bool = False,
) -> tuple[StrideApp, FakeClock, RecordingAlerts]:
    clock = FakeClock(datetime(today.year, today.month, today.day, 7, 30).astimezone())
    alerts = RecordingAlerts()
    config = AppConfig(
        data_dir=data_dir, clock=clock, alerts=alerts,  # type: ignore[arg-type]
        today=today, walk_minutes=walk_minutes, start_walk=start_walk,
    )
    return StrideApp(config), clock, alerts


async def settle(pilot: Any, app: StrideApp) -> None:
    """Let the UI and the store thread catch up (store work is real disk I/O)."""
    for _ in range(3):
        await pilot.pause()
        await app.store_call(lambda store: None)
    await pilot.pause()


async def advance(pilot: Any, app: StrideApp, seconds: float) -> None:
    """Move the fake clock on by ``seconds``, ticking exactly when the engine asks to."""
    clock: FakeClock = app.clock  # type: ignore[assignment]
    end = clock.monotonic() + seconds
    while app.driver is not None:
        engine = app.driver.engine
        phase = engine.phase
        wait = engine.next_wakeup()
        now = clock.monotonic()
        if wait is None or now + wait > end:
            clock.advance(max(0.0, end - now))
            app.driver.tick_now()
            break
        clock.advance(wait)
        app.driver.tick_now()
        if app.driver is None or app.driver.engine.phase is not phase:
            await pilot.pause()
    await pilot.pause()


async def run_phase(pilot: Any, app: StrideApp, limit: float = 4 * 3600) -> None:
    """Run the clock until the current phase ends (or nothing runs any more)."""
    clock: FakeClock = app.clock  # type: ignore[assignment]
    assert app.driver is not None
    engine = app.driver.engine
    phase = engine.phase
    end = clock.monotonic() + limit
    while engine.phase is phase and clock.monotonic() < end:
        wait = engine.next_wakeup()
        if wait is None:
            break
        clock.advance(wait)
        cues = len(engine.record.cues)
        app.driver.tick_now()
        if len(engine.record.cues) != cues:
            await pilot.pause()  # a cue may open a question: let the screen catch up
    await pilot.pause()
    await pilot.pause()


async def check_in(pilot: Any, answers: str = "nnnn", pain: str = "2") -> None:
    await pilot.press("enter")  # Home: start
    await pilot.pause()
    await pilot.press(*answers)
    await pilot.press(*pain)
    await pilot.press("enter")
    await pilot.pause()


def stored_sessions(data_dir: Path) -> list[SessionRecord]:
    with Store.open(data_dir, readonly=True) as store:
        return store.sessions()


def drawn_rows(widget: Any) -> list[str]:
    """Each row ``widget`` draws on the screen, as plain text (wrapped as it is drawn)."""
    return ["".join(segment.text for segment in strip)
            for strip in widget.render_lines(widget.region.reset_offset)]


def footer_keys(screen: Any) -> dict[str, str]:
    """The keys ``screen``'s key bar shows now: action → description."""
    from stride_tui.ui.widgets.keybar import KeyBar

    return {key.action: key.description for key in screen.query_one(KeyBar).shown}
