"""Small builders shared by the core tests: sessions on given days, and a clock-driven engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from stride_tui.core.engine import Event, SessionEngine
from stride_tui.core.records import (
    SessionRecord,
    SessionStatus,
    StepRecord,
    StepStatus,
)
from tests.fakes import FakeClock
from tests.records import session_record

# A Monday, so programme week n runs from START + 7(n - 1) days, Monday to Sunday, and lines up
# with ISO week 10 + (n - 1) of 2026.
START = date(2026, 3, 2)
# The fake wall clock's start: 08:00 UTC on START.
WALL = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def week_day(week: int, weekday: int = 0) -> date:
    """Day ``weekday`` (0 = Monday) of programme week ``week`` of a programme started on START."""
    return START + timedelta(days=7 * (week - 1) + weekday)


def walk(
    day: date,
    minutes: float,
    *,
    before: int | None = None,
    after: int | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
    hour: int = 8,
    strength: tuple[StepStatus, ...] = (),
    week: int = 1,
) -> SessionRecord:
    """A saved session that walked ``minutes`` minutes on ``day``, started at ``hour``:00 UTC."""
    return session_record(
        day, minutes, before=before, after=after, status=status, week=week, hour=hour,
        strength=[StepRecord("glute-bridges", s, 45.0) for s in strength],
    )


def walks_on(days: list[date], minutes: float) -> list[SessionRecord]:
    return [walk(d, minutes) for d in days]


class Drive:
    """Moves a fake clock and ticks an engine, logging each event with the clock offset.

    Offsets are seconds of clock time since the Drive was made (``mark`` resets the zero).
    """

    def __init__(self, engine: SessionEngine, clock: FakeClock) -> None:
        self.engine = engine
        self.clock = clock
        self.zero = clock.monotonic()
        self.log: list[tuple[float, Event]] = []

    @property
    def now(self) -> float:
        return self.clock.monotonic() - self.zero

    def mark(self) -> None:
        self.zero = self.clock.monotonic()

    def record(self, events: list[Event]) -> list[Event]:
        self.log.extend((self.now, e) for e in events)
        return events

    def step(self, seconds: float | None = None) -> list[Event]:
        """Advance by ``seconds`` (or by the engine's next wake-up) and tick once."""
        wait = self.engine.next_wakeup() if seconds is None else seconds
        assert wait is not None, "nothing is running"
        self.clock.advance(wait)
        return self.record(self.engine.tick())

    def until(
        self, done: Callable[[], bool], seconds: float | None = None, limit: int = 100_000
    ) -> None:
        """Step until ``done()``; fails rather than loop for ever."""
        for _ in range(limit):
            if done():
                return
            self.step(seconds)
        raise AssertionError("the engine never got there")

    def of(self, kind: type) -> list[tuple[float, Event]]:
        return [(t, e) for t, e in self.log if isinstance(e, kind)]


def walked_in_full(start: date, until: date) -> list[SessionRecord]:
    """Each programme week from ``start`` until before ``until`` walked in full (its level's
    minimum days at its minutes), so the ladder has climbed one level a week."""
    from stride_tui.core.plan import week_plan
    from stride_tui.core.programme import TOP_LEVEL

    out: list[SessionRecord] = []
    level, first = 1, start
    while first + timedelta(days=7) <= until:
        plan = week_plan(level)
        out += [walk(first + timedelta(days=d), plan.minutes, week=level)
                for d in range(plan.min_days)]
        level, first = min(TOP_LEVEL, level + 1), first + timedelta(days=7)
    return out
