"""A session in brief: what the plan, Home, streaks and weekly summaries read of it.

The store keeps one digest per session in a small index, so opening Stride reads the digests
only, and full ``SessionRecord``s are loaded only for the screens and commands that show them
(history detail, export). Every rule in ``core`` that looks back over past sessions reads
digests; ``digest(record)`` is the one place a full record becomes one.
"""

# Value classes on the start-up and command paths are named tuples, not frozen dataclasses:
# building a frozen dataclass compiles its methods from source at import (0.5-1 ms a class, 13
# ms in all), a named tuple's costs about 0.1 ms. And their modules do not use
# ``from __future__ import annotations``: a named tuple compiles each annotation given as a
# string (0.4 ms a class), so forward references are quoted instead. The two mutable records
# (``Profile``, ``SessionRecord``) are plain classes (``records._Record``), so that no command
# imports ``dataclasses`` at all.

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from stride_tui.core.records import BackSince, DayAfter, SessionRecord, SessionStatus, StepStatus


class SessionDigest(NamedTuple):
    """The index entry of one session. Immutable (the index hands the same ones to every
    reader). A named tuple rather than a frozen dataclass: ten years of them are built at every
    start, and a tuple is built in under a third of the time (measured here: 2.0 against
    6.7 ms for 3,650)."""

    id: str
    day: date
    started_at: datetime
    status: SessionStatus
    target_minutes: int
    week: int
    walked_seconds: float
    pain_before: int | None
    pain_after: int | None
    strength_done: bool
    red_flags: tuple[str, ...] = ()
    # Metres walked on the belt, when a treadmill reported it.
    distance_m: float | None = None
    # A --time-scale rehearsal: shown in history, never counted as progress.
    rehearsal: bool = False
    # The next-day check's answer about this walk (None until given).
    day_after: DayAfter | None = None
    # The highest pain given during the walk (its pain checks), for the pain-rise rule.
    pain_peak: int | None = None
    # The day the session ended, when it ended on a later day than ``day`` (a walk past
    # midnight): a warning sign reported after midnight closes that day too. None otherwise.
    ended_day: date | None = None

    @property
    def walked_minutes(self) -> float:
        return self.walked_seconds / 60.0

    def to_dict(self) -> dict[str, Any]:
        """The digest as JSON-ready values (the store's index row)."""
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "started_at": self.started_at.isoformat(),
            "status": self.status.value,
            "target_minutes": self.target_minutes,
            "week": self.week,
            "walked_seconds": self.walked_seconds,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "strength_done": self.strength_done,
            "red_flags": list(self.red_flags),
            "distance_m": self.distance_m,
            "rehearsal": self.rehearsal,
            "day_after": self.day_after.to_dict() if self.day_after else None,
            "pain_peak": self.pain_peak,
            "ended_day": self.ended_day.isoformat() if self.ended_day else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SessionDigest":
        """Read an index row written by ``to_dict``. The store checked the row when it wrote it,
        so this only converts (positionally, enums by table: opening ten years of index rows is
        the largest cost of a start, and this halves it)."""
        after = d.get("day_after")
        flags = d.get("red_flags")
        ended = d.get("ended_day")
        return cls(
            d["id"],
            _date(d["day"]),
            _datetime(d["started_at"]),
            _STATUS[d["status"]],
            d["target_minutes"],
            d["week"],
            d["walked_seconds"],
            d["pain_before"],
            d["pain_after"],
            d["strength_done"],
            tuple(flags) if flags else (),
            d.get("distance_m"),
            d.get("rehearsal", False),
            DayAfter(_date(after["asked_on"]), _BACK[after["back"]], after["pain_now"])
            if after else None,
            d.get("pain_peak"),
            _date(ended) if ended else None,
        )

    def to_row(self) -> list[Any]:
        """The digest as one JSON list, its fields in order (the index file's compact row:
        half the bytes of ``to_dict`` and read in half the time, ten years at every start)."""
        after = self.day_after
        return [
            self.id, self.day.isoformat(), self.started_at.isoformat(), self.status.value,
            self.target_minutes, self.week, self.walked_seconds, self.pain_before,
            self.pain_after, self.strength_done, list(self.red_flags), self.distance_m,
            self.rehearsal,
            [after.asked_on.isoformat(), after.back.value, after.pain_now] if after else None,
            self.pain_peak,
            self.ended_day.isoformat() if self.ended_day else None,
        ]

    @classmethod
    def from_row(cls, row: list[Any]) -> "SessionDigest":
        """Read a row written by ``to_row`` (ValueError if it is not one). A row of earlier
        builds, without ``ended_day``, reads with none."""
        if not isinstance(row, list) or len(row) not in (ROW_FIELDS, ROW_FIELDS - 1):
            raise ValueError(f"a digest row has {ROW_FIELDS} fields")
        (id_, day, started_at, status, target_minutes, week, walked_seconds, pain_before,
         pain_after, strength_done, flags, distance_m, rehearsal, after, pain_peak,
         ended) = row if len(row) == ROW_FIELDS else [*row, None]
        return cls(
            id_, _date(day), _datetime(started_at), _STATUS[status], target_minutes, week,
            walked_seconds, pain_before, pain_after, strength_done,
            tuple(flags) if flags else (), distance_m, rehearsal,
            DayAfter(_date(after[0]), _BACK[after[1]], after[2]) if after else None,
            pain_peak,
            _date(ended) if ended else None,
        )


ROW_FIELDS = len(SessionDigest._fields)


_date = date.fromisoformat
_datetime = datetime.fromisoformat
_STATUS = {status.value: status for status in SessionStatus}
_BACK = {back.value: back for back in BackSince}


def digest(record: SessionRecord) -> SessionDigest:
    """The digest of a full session record."""
    return SessionDigest(
        id=record.id,
        day=record.day,
        started_at=record.started_at,
        status=record.status,
        target_minutes=record.target_minutes,
        week=record.week,
        walked_seconds=record.walked_seconds,
        pain_before=record.pain_before,
        pain_after=record.pain_after,
        strength_done=any(step.status is StepStatus.DONE for step in record.strength),
        red_flags=tuple(record.red_flags),
        rehearsal=record.rehearsal,
        day_after=record.day_after,
        pain_peak=max((c.score for c in record.pain_checks), default=None),
        distance_m=record.belt.distance_m if record.belt and record.belt.distance_m else None,
        ended_day=ended_day(record),
    )


def ended_day(record: SessionRecord) -> date | None:
    """The day ``record`` ended on, when later than its ``day`` (a walk past midnight); None
    otherwise. Counted in midnights crossed from its start, so a day pinned for a demo
    (``STRIDE_TODAY``) moves the same way."""
    if record.ended_at is None:
        return None
    crossed = (record.ended_at.date() - record.started_at.date()).days
    return record.day + timedelta(days=crossed) if crossed > 0 else None
