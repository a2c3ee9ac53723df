"""The walk follows the treadmill's belt: the rules, and what is kept of the belt's data.

The treadmill link (``stride_tui.treadmill``) turns FTMS packets into ``BeltReading``s and hands
them to the session driver, which passes them to the engine; the engine asks ``BeltFollow``
what they mean. Stride only reads the treadmill; it never sends it a command.

The rules:

- the walk starts with the belt: a walk that begins while the belt stands still is held at
  0:00 until the belt moves;
- the belt stopped (or the machine paused) for ``STOP_GRACE`` seconds pauses the walk; the belt
  running again resumes it (only a pause the belt caused: a pause by key stays until a key);
- with unstable spondylolisthesis (DESIGN §3.4: no hills), any incline gets a cue to flatten
  the treadmill at once, repeated every ``FLATTEN_EVERY`` seconds while it stays inclined;
- a speed more than ``FAST_OVER`` above the walker's usual (their recent walks) for
  ``FAST_FOR`` seconds gets a gentle talk-test reminder, at most every ``FAST_EVERY`` seconds.

Times are the session clock's seconds (``Clock.monotonic``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stride_tui.core.cues import CueKind
from stride_tui.core.digest import SessionDigest
from stride_tui.core.ftms import TreadmillState
from stride_tui.core.limits import median
from stride_tui.core.records import BeltSummary, Condition, LinkState, SessionStatus

STOP_GRACE = 4.0
FLATTEN_EVERY = 30.0
# An incline reading at or under this is flat (treadmills report 0.0, some jitter by 0.1).
FLAT_PERCENT = 0.1
FAST_OVER = 1.2
FAST_FOR = 10.0
FAST_EVERY = 300.0
# The recent walks the usual speed is taken from.
USUAL_FROM = 5


@dataclass(frozen=True)
class BeltReading:
    """The treadmill at one moment, as the session needs it."""

    running: bool
    speed_kmh: float | None = None
    distance_m: int | None = None
    incline_percent: float | None = None

    @classmethod
    def of(cls, state: TreadmillState) -> BeltReading:
        data = state.data
        return cls(state.belt_running, data.speed_kmh, data.distance_m, data.incline_percent)


def usual_speed_kmh(digests: Iterable[SessionDigest], last: int = USUAL_FROM) -> float | None:
    """The walker's usual treadmill speed: the median average speed of their last ``last``
    walks that have belt distance (rehearsals aside); None if there are none."""
    speeds: list[tuple[object, float]] = []
    for d in digests:
        if (d.distance_m and d.walked_seconds >= 60 and not d.rehearsal
                and d.status is not SessionStatus.RED_FLAG):
            speeds.append((d.started_at, d.distance_m / d.walked_seconds * 3.6))
    if not speeds:
        return None
    recent = sorted(speeds, key=lambda s: s[0])[-last:]  # type: ignore[arg-type,return-value]
    return round(median([v for _, v in recent]), 2)


class BeltFollow:
    """What the engine knows of the belt during one session, and the rules applied to it."""

    def __init__(self, conditions: Sequence[Condition], usual_kmh: float | None = None) -> None:
        self.no_incline = Condition.SPONDYLOLISTHESIS in conditions
        self.usual_kmh = usual_kmh
        self.linked = False
        self.ever_linked = False
        self.dropped = False
        self.expected = False  # a treadmill is remembered: its link was tried this session
        self.latest: BeltReading | None = None
        # When the belt stopped, while that may still pause the walk (None: running, or the
        # stop has been dealt with).
        self.stopped_since: float | None = None
        self._inclined_since: float | None = None
        self._next_flatten: float | None = None
        self._fast_since: float | None = None
        self._next_fast = 0.0
        # The walk's figures.
        self._last_at: float | None = None
        self._last_distance: int | None = None
        self.belt_seconds = 0.0
        self._speed_seconds = 0.0  # km/h × seconds: the average is weighted by time
        self.distance_m = 0.0
        self.top_kmh: float | None = None
        self.incline_min: float | None = None
        self.incline_max: float | None = None

    @property
    def running(self) -> bool:
        return self.linked and self.latest is not None and self.latest.running

    # --- what arrives ----------------------------------------------------------------------

    def reading(self, now: float, reading: BeltReading, *, walking: bool) -> None:
        """A reading at ``now``; ``walking`` while the walk phase is on (its figures count)."""
        was_running, was_linked = self.running, self.linked
        self.linked = self.ever_linked = self.expected = True
        if walking:
            self._count(now, reading, was_running)
        # Belt time counts from a reading during the walk to the next (not from the warm-up's).
        self._last_at = now if walking else None
        if reading.distance_m is not None:
            self._last_distance = reading.distance_m
        self.latest = reading
        if reading.running:
            self.stopped_since = None
        elif was_running or not was_linked:
            # It stopped, or the link came up with the belt standing: the grace starts now.
            self.stopped_since = now
        # Any slope, up or down, is not flat.
        inclined = (self.no_incline and reading.incline_percent is not None
                    and abs(reading.incline_percent) > FLAT_PERCENT)
        if not inclined:
            self._inclined_since = self._next_flatten = None
        elif self._inclined_since is None:
            self._inclined_since = self._next_flatten = now
        usual = self.usual_kmh
        fast = (usual is not None and reading.running and reading.speed_kmh is not None
                and reading.speed_kmh > usual * FAST_OVER)
        if not fast:
            self._fast_since = None
        elif self._fast_since is None:
            self._fast_since = now

    def _count(self, now: float, reading: BeltReading, was_running: bool) -> None:
        if was_running and self._last_at is not None:
            # Each reading's speed holds until the next one.
            seconds = max(0.0, now - self._last_at)
            self.belt_seconds += seconds
            previous = self.latest.speed_kmh if self.latest is not None else None
            self._speed_seconds += (previous or 0.0) * seconds
        distance = reading.distance_m
        if distance is not None and self._last_distance is not None:
            # A treadmill's distance only grows; a smaller one means it was reset.
            self.distance_m += distance - self._last_distance if distance >= self._last_distance \
                else distance
        speed = reading.speed_kmh
        if speed is not None and reading.running:
            self.top_kmh = speed if self.top_kmh is None else max(self.top_kmh, speed)
        incline = reading.incline_percent
        if incline is not None:
            self.incline_min = incline if self.incline_min is None else min(
                self.incline_min, incline)
            self.incline_max = incline if self.incline_max is None else max(
                self.incline_max, incline)

    def lost(self) -> bool:
        """The link is down (or never came up); True if that is news worth saying."""
        news = self.linked or not self.expected
        if self.linked:
            self.dropped = True
        self.linked = False
        self.expected = True
        self.stopped_since = None
        self._inclined_since = self._next_flatten = self._fast_since = None
        self._last_at = None
        return news

    def hold_off(self) -> None:
        """A key resumed the walk while the belt stands: only a new stop pauses it again."""
        self.stopped_since = None

    # --- what is due -----------------------------------------------------------------------

    def pause_due(self, now: float) -> bool:
        return self.stopped_since is not None and now - self.stopped_since >= STOP_GRACE

    def cues_due(self, now: float) -> list[CueKind]:
        """The safety cues due at ``now`` (each due time moves on once it is returned)."""
        due: list[CueKind] = []
        if self._next_flatten is not None and now >= self._next_flatten:
            due.append(CueKind.FLATTEN)
            self._next_flatten = now + FLATTEN_EVERY
        if (self._fast_since is not None and now - self._fast_since >= FAST_FOR
                and now >= self._next_fast):
            due.append(CueKind.EASE_PACE)
            self._next_fast = now + FAST_EVERY
        return due

    def next_due(self, now: float) -> float | None:
        """Seconds until something above falls due, or None."""
        times: list[float] = []
        if self.stopped_since is not None:
            times.append(self.stopped_since + STOP_GRACE)
        if self._next_flatten is not None:
            times.append(self._next_flatten)
        if self._fast_since is not None:
            times.append(max(self._fast_since + FAST_FOR, self._next_fast))
        return max(0.0, min(times) - now) if times else None

    # --- what is kept ----------------------------------------------------------------------

    def summary(self) -> BeltSummary | None:
        """The belt's figures for the session record; None if no treadmill was involved."""
        if not self.expected:
            return None
        if self.dropped:
            link = LinkState.DROPPED
        elif self.ever_linked:
            link = LinkState.CONNECTED
        else:
            link = LinkState.MANUAL
        average = None
        if self.belt_seconds >= 1 and self._speed_seconds > 0:
            average = round(self._speed_seconds / self.belt_seconds, 2)
        return BeltSummary(
            link=link,
            belt_seconds=round(self.belt_seconds, 3),
            distance_m=round(self.distance_m, 1),
            average_kmh=average,
            top_kmh=self.top_kmh,
            incline_min=self.incline_min,
            incline_max=self.incline_max,
        )
