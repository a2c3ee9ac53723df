"""A session in brief: what the plan, Home, streaks and weekly summaries read of it.

The store keeps one digest per session in a small index, so opening Stride reads the digests
only, and full ``SessionRecord``s are loaded only for the screens and commands that show them
(history detail, export). Every rule in ``core`` that looks back over past sessions reads
digests; ``digest(record)`` is the one place a full record becomes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from stride_tui.core.records import DayAfter, SessionRecord, SessionStatus, StepStatus


@dataclass(frozen=True, slots=True)
class SessionDigest:
    """The index entry of one session."""

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
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SessionDigest:
        """Read an index row written by ``to_dict`` (the store checked it when it wrote it)."""
        return cls(
            id=d["id"],
            day=date.fromisoformat(d["day"]),
            started_at=datetime.fromisoformat(d["started_at"]),
            status=SessionStatus(d["status"]),
            target_minutes=d["target_minutes"],
            week=d["week"],
            walked_seconds=d["walked_seconds"],
            pain_before=d["pain_before"],
            pain_after=d["pain_after"],
            strength_done=d["strength_done"],
            red_flags=tuple(d.get("red_flags", ())),
            distance_m=d.get("distance_m"),
            rehearsal=d.get("rehearsal", False),
            day_after=DayAfter.from_dict(d["day_after"]) if d.get("day_after") else None,
            pain_peak=d.get("pain_peak"),
        )


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
    )

