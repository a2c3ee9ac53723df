"""Test fakes: stand-ins for the parts Stride takes from outside (here, time)."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """A clock that only moves when a test calls ``advance``."""

    scale = 1.0

    def __init__(self, start: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._t = monotonic
        self._wall = start or datetime(2026, 3, 2, 8, 0).astimezone()

    def monotonic(self) -> float:
        return self._t

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a fake clock only moves forward")
        self._t += seconds
        self._wall += timedelta(seconds=seconds)

    def real_seconds(self, clock_seconds: float) -> float:
        return clock_seconds / self.scale

    def clock_seconds(self, real_seconds: float) -> float:
        return real_seconds * self.scale

    def set_date(self, when: datetime) -> None:
        """Move the wall clock (e.g. to another day) without touching monotonic time."""
        self._wall = when
