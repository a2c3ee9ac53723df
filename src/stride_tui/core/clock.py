"""The one seam through which time enters Stride.

The engine asks a ``Clock`` for monotonic seconds (to measure the walk) and for the wall-clock
time (to date the session). ``SystemClock`` is the real one, ``ScaledClock`` runs faster for a
rehearsal (``--time-scale``); the tests' fake clock is moved by hand.

The time scale lives here and only here: everything else asks the clock to turn session seconds
into real ones (a timer's wait) or back (how long a real gap is in session time).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for measuring, wall time for dating, and how fast time runs."""

    #: How many times faster than real time the session runs: 1 for a real walk; any other
    #: value is a rehearsal, saved as such and never counted as a walk.
    scale: float

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...

    def real_seconds(self, clock_seconds: float) -> float:
        """How long ``clock_seconds`` of session time take in real time."""
        ...

    def clock_seconds(self, real_seconds: float) -> float:
        """How much session time passes in ``real_seconds`` of real time."""
        ...


class SystemClock:
    """Real time: ``time.monotonic`` for measuring, local wall time for dating."""

    scale = 1.0

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def real_seconds(self, clock_seconds: float) -> float:
        """Session time is real time."""
        return clock_seconds

    def clock_seconds(self, real_seconds: float) -> float:
        """Session time is real time."""
        return real_seconds


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

    def clock_seconds(self, real_seconds: float) -> float:
        """How much session time passes in ``real_seconds`` of real time."""
        return real_seconds * self.scale

