"""Sessions by day, and the figures of one Monday–Sunday week that Home shows.

The weekly summaries (``core.summary``) build on these; Home needs only these, so it starts
without building the summaries' classes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from stride_tui.core.digest import SessionDigest
from stride_tui.core.plan import dose_met, is_walk
from stride_tui.core.records import SessionRecord

# What the week's figures read of a session: its digest (or the full record, which has the same
# fields).
PastSession = SessionRecord | SessionDigest


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class SessionsByDay:
    """Sessions grouped by day, built once, so a week is seven dictionary look-ups."""

    def __init__(self, sessions: Iterable[PastSession]) -> None:
        self.by_day: dict[date, list[PastSession]] = defaultdict(list)
        for s in sessions:
            self.by_day[s.day].append(s)
        self.walk_days = {d for d, ss in self.by_day.items() if any(is_walk(s) for s in ss)}

    def on(self, day: date) -> list[PastSession]:
        return self.by_day.get(day, [])

    def between(self, first: date, last: date) -> list[PastSession]:
        out: list[PastSession] = []
        day = first
        while day <= last:
            out.extend(self.on(day))
            day += timedelta(days=1)
        return sorted(out, key=lambda s: s.started_at)


# A streak is counted back a day at a time this far; a longer one by halving (below).
_STEP_BY_STEP = 64


def streak_until(walk_days: set[date], end: date) -> int:
    """Consecutive walking days up to ``end`` (or to the day before, if ``end`` has no walk)."""
    latest = end if end in walk_days else end - timedelta(days=1)
    day = latest
    for count in range(_STEP_BY_STEP):
        if day not in walk_days:
            return count
        day -= timedelta(days=1)
    # A long streak (ten years of daily walks: 3,650 steps, 1.6 ms on Home's thread each time
    # it is shown): the days in order, and the first day of the run found by halving. In the
    # sorted days, the run from index j to index i has no gap exactly when its first and last
    # days are i - j days apart.
    days = sorted(walk_days)
    last = bisect_right(days, latest) - 1  # where the streak's latest day is
    low, high = 0, last
    while low < high:
        middle = (low + high) // 2
        if (latest - days[middle]).days == last - middle:
            high = middle
        else:
            low = middle + 1
    return last - low + 1


def week_walks(index: SessionsByDay, monday: date) -> list[PastSession]:
    """The walks of the week starting ``monday``, oldest first."""
    return [s for s in index.between(monday, monday + timedelta(days=6)) if is_walk(s)]


class WeekFigures:
    """The week's walks, the minutes of each day's walks, and the counts made from them."""

    __slots__ = ("walks", "per_day", "minutes", "dose_days", "streak")

    def __init__(self, index: SessionsByDay, monday: date, today: date) -> None:
        monday = monday_of(monday)
        self.walks = week_walks(index, monday)
        self.per_day: dict[date, list[float]] = defaultdict(list)
        for s in self.walks:
            self.per_day[s.day].append(s.walked_minutes)
        self.minutes: float = sum(s.walked_minutes for s in self.walks)
        self.dose_days = sum(1 for mins in self.per_day.values() if dose_met(mins))
        self.streak = streak_until(index.walk_days, min(monday + timedelta(days=6), today))

    @property
    def days_walked(self) -> int:
        return len(self.per_day)
