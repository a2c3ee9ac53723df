"""The one seam through which time enters Stride.

The engine asks a ``Clock`` for monotonic seconds (to measure the walk) and for the wall-clock
time (to date the session). ``SystemClock`` is the real one, ``ScaledClock`` runs faster for a
rehearsal (``--time-scale``), ``FakeClock`` is moved by hand in tests.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for measuring, wall time for dating, and how fast time runs."""

    scale: float

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    """Real time: ``time.monotonic`` for measuring, local wall time for dating."""

    scale = 1.0

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class ScaledClock:
    """Session time that runs ``scale`` times faster than real time (a rehearsal or demo)."""

    def __init__(self, scale: float) -> None:
        if not scale > 0:
            raise ValueError(f"time scale must be above 0, got {scale}")
        self.scale = scale
        self._real_anchor = time.monotonic()
        self._wall_anchor = datetime.now().astimezone()

    def monotonic(self) -> float:
        return self._real_anchor + (time.monotonic() - self._real_anchor) * self.scale

    def now(self) -> datetime:
        return self._wall_anchor + timedelta(seconds=self.monotonic() - self._real_anchor)

    def real_seconds(self, clock_seconds: float) -> float:
        """How long ``clock_seconds`` of session time take in real time."""
        return clock_seconds / self.scale


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

    def set_date(self, when: datetime) -> None:
        """Move the wall clock (e.g. to another day) without touching monotonic time."""
        self._wall = when
