"""The one builder of session records for the tests: a session as Stride saves one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from stride_tui.core.records import (
    CueEvent,
    SessionRecord,
    SessionStatus,
    StepRecord,
    Surface,
    new_session_id,
)

# A "today" after every session a test stores, for deletions that are not about the rule that
# keeps a session closing today (core.programme.deletion_refused).
AFTER_ALL = date.max

# ``ended`` left out: the session ended when its walk did.
WHEN_WALKED = timedelta(-1)


def session_record(
    day: date,
    minutes: float,
    *,
    before: int | None = None,
    after: int | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
    week: int = 1,
    hour: int = 8,
    tz: tzinfo | None = UTC,
    session_id: str | None = None,
    target_minutes: int | None = None,
    ended: timedelta | None = WHEN_WALKED,
    surface: Surface | None = None,
    cues: Iterable[CueEvent] = (),
    warm_up: Iterable[StepRecord] = (),
    strength: Iterable[StepRecord] = (),
    cool_down: Iterable[StepRecord] = (),
) -> SessionRecord:
    """A session of ``minutes`` walked on ``day``, started at ``hour`` o'clock in ``tz`` (None:
    the local time zone); ``ended`` is how long after the start it ended (None: not recorded)."""
    started = datetime(day.year, day.month, day.day, hour, 0, tzinfo=tz)
    if tz is None:
        started = started.astimezone()
    if ended is WHEN_WALKED:
        ended = timedelta(minutes=minutes)
    record = SessionRecord(
        id=session_id or new_session_id(),
        day=day,
        started_at=started,
        ended_at=None if ended is None else started + ended,
        status=status,
        target_minutes=round(minutes) if target_minutes is None else target_minutes,
        week=week,
        walked_seconds=minutes * 60,
        pain_before=before,
        pain_after=after,
        cues=list(cues),
        warm_up=list(warm_up),
        strength=list(strength),
        cool_down=list(cool_down),
    )
    if surface is not None:
        record.surface = surface
    return record
