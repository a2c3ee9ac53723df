"""The walking plan (DESIGN §3.1): its weeks, the conditions' changes and the shared helpers.

Weeks 1–4 follow the seed's table. From week 5 the daily walk starts at 30 minutes and grows
10 % a week over the week before (the seed allows 5–10 %), rounded down to whole minutes, up to
45 minutes: 30, 33, 36, 39, 42, 45. Which of these weeks a person is on today (their *level*) is
decided by what they walked, in ``core.programme``.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import functools
import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from stride_tui.core.digest import SessionDigest
from stride_tui.core.limits import PAIN_RISE_LIMIT
from stride_tui.core.records import (
    Condition,
    Profile,
    SessionRecord,
    SessionStatus,
    StepStatus,
)

MINIMUM_DOSE_MINUTES = 20
SPLIT_WALK_MINUTES = 10
DOSE_DAYS_TARGET = 5
MAX_DAILY_MINUTES = 45
WEEKLY_GROWTH = 0.10
SCALE_BACK_FACTOR = 0.75
SHORTEST_WALK_MINUTES = 5
STENOSIS_BOUT_MINUTES = 10
SURGERY_WAIT_DAYS = 14
STRENGTH_DAYS_PER_WEEK = 3
COOL_DOWN_FROM_WEEK = 4


class WeekPlan(NamedTuple):
    """One programme week: daily minutes, days to walk, its focus and its tip."""

    week: int
    minutes: int
    min_days: int
    max_days: int
    focus: str
    tip: str

    @property
    def days_label(self) -> str:
        if self.min_days == self.max_days:
            return str(self.min_days)
        return f"{self.min_days}–{self.max_days}"


_TABLE = (
    WeekPlan(1, 10, 3, 4, "Flat indoor surface", "Supportive shoes — no flip-flops."),
    WeekPlan(2, 15, 4, 5, "Gentle arm swing", "Stop if pain goes above 3/10."),
    WeekPlan(3, 20, 5, 5, "Upright posture", "Check your shoulders every 5 minutes."),
    WeekPlan(4, 25, 5, 6, "Natural stride length", "Add a short cool-down after walking."),
)
_ROUTINE_FOCUS = "Consistent routine"
_ROUTINE_TIP = "Split into a morning and an evening walk if that suits you."


@functools.lru_cache(maxsize=128)
def week_plan(week: int) -> WeekPlan:
    """The plan for programme week ``week`` (1-based), growing past week 5 up to 45 minutes.
    Kept once per level (a frozen value): the ladder asks for it every day of the history."""
    if week < 1:
        raise ValueError(f"programme weeks start at 1, got {week}")
    if week <= len(_TABLE):
        return _TABLE[week - 1]
    # Grow from the previous week's rounded minutes, so no single week grows by more than 10 %.
    minutes = 30
    for _ in range(week - 5):
        if minutes >= MAX_DAILY_MINUTES:
            break
        minutes = min(MAX_DAILY_MINUTES, math.floor(minutes * (1 + WEEKLY_GROWTH) + 1e-9))
    return WeekPlan(week, minutes, 5, 7, _ROUTINE_FOCUS, _ROUTINE_TIP)


def programme_week(start: date, today: date) -> int:
    """Which programme week ``today`` falls in; days before the start count as week 1."""
    if today < start:
        return 1
    return (today - start).days // 7 + 1


def week_bounds(start: date, week: int) -> tuple[date, date]:
    """First and last day of programme week ``week``."""
    first = start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)


def is_walk(session: SessionRecord | SessionDigest) -> bool:
    """A session counts as a walk when some walking was done and it was not a rehearsal."""
    return (
        session.walked_seconds > 0
        and session.status is not SessionStatus.IN_PROGRESS
        and not session.rehearsal
    )


def dose_met(walk_minutes: Iterable[float]) -> bool:
    """The minimum effective dose: 20 minutes in one walk, or walks of 10+ minutes adding to 20."""
    long_enough = [m for m in walk_minutes if m >= SPLIT_WALK_MINUTES - 1e-9]
    return any(m >= MINIMUM_DOSE_MINUTES - 1e-9 for m in long_enough) or (
        len(long_enough) >= 2 and sum(long_enough) >= MINIMUM_DOSE_MINUTES - 1e-9
    )


def did_strength(session: SessionRecord | SessionDigest) -> bool:
    """The session's strength moves were done, not all skipped."""
    if isinstance(session, SessionDigest):
        return session.strength_done
    return any(step.status is StepStatus.DONE for step in session.strength)


def pain_rose_too_much(session: SessionRecord | SessionDigest) -> bool:
    """Pain after the walk (or its highest during it) is more than 2 points above before."""
    before = session.pain_before
    if before is None:
        return False
    if isinstance(session, SessionDigest):  # the usual case: every past session, every start
        peak = session.pain_peak
    else:
        peak = max((c.score for c in session.pain_checks), default=None)
    after = session.pain_after
    highest = peak if after is None else after if peak is None else max(after, peak)
    return highest is not None and highest - before > PAIN_RISE_LIMIT


class FlareSummary(NamedTuple):
    """The next-day check's flares: when they were, and the walker's usual pain over time."""

    days: tuple[date, ...] = ()
    days_since_last: int | None = None
    usual_pain: float | None = None
    # (walk day, usual pain before walks up to that day), oldest first.
    usual_pain_over_time: tuple[tuple[date, float], ...] = ()


class DailyTarget(NamedTuple):
    """What today asks for: minutes for the day and for this walk, why, and what changes it.

    ``week`` is the *level*: the plan week whose minutes the walker is on, moved by what was
    walked (``core.programme``); ``calendar_week`` is only how long ago the programme started.
    """

    week: int
    plan: WeekPlan
    day_minutes: int
    session_minutes: int
    reason: str
    walked_today_minutes: float = 0.0
    walk_allowed: bool = True
    blocked_reason: str = ""
    condition_notes: tuple[str, ...] = ()
    scaled_back: bool = False
    strength_day: bool = False
    cool_down: bool = False
    extra_walk: bool = False
    notes: tuple[str, ...] = ()
    calendar_week: int = 1
    # The rule that set today's minutes (or blocked walking), as a short name; ``reason`` says it.
    rule: str = "level"
    # The longest bout of one walk (spinal stenosis: 10 minutes), None when there is none.
    bout_minutes: int | None = None
    # Two pain rises within 7 days: hold the target and take a rest day.
    rest_advised: bool = False
    # Weeks of walking done in full (levels completed, counting repeats), and the highest level
    # completed so far: today's level is never above it + 1.
    weeks_walked: int = 0
    completed_level: int = 0
    escalation_due: bool = False
    # A red flag reported yesterday, recalled at today's check-in.
    recalled_flag: str = ""
    # The walk whose next-day check is due (its session id), and the day it was walked.
    day_after_session: str | None = None
    day_after_walk_day: date | None = None
    flares: FlareSummary = FlareSummary()
    # Conditions whose status should be asked again ("is it still recent?").
    review_due: tuple[Condition, ...] = ()


CONDITION_CHANGES = {
    Condition.SPINAL_STENOSIS: (
        "Spinal stenosis: lean forward a little (treadmill rails or a cart); "
        "walk in bouts of at most 10 minutes."
    ),
    Condition.DISC_HERNIATION: "Recent disc herniation: pool walking only.",
    Condition.SPONDYLOLISTHESIS: (
        "Unstable spondylolisthesis: use walking poles; no hills or stairs (no treadmill incline)."
    ),
    Condition.MICRODISCECTOMY: (
        "After microdiscectomy: treadmill walking, starting 2–4 weeks after surgery."
    ),
}


def condition_changes(profile: Profile) -> tuple[str, ...]:
    """What each of the walker's conditions changes about the walk, in words."""
    conditions = effective_conditions(profile)
    return tuple(CONDITION_CHANGES[c] for c in conditions)


def effective_conditions(profile: Profile) -> list[Condition]:
    """The conditions the plan follows: a microdiscectomy supersedes the herniation it treated
    (its treadmill rule replaces the pool-only rule, so the two never block each other)."""
    if Condition.MICRODISCECTOMY in profile.conditions:
        return [c for c in profile.conditions if c is not Condition.DISC_HERNIATION]
    return list(profile.conditions)


def strength_due(sessions: Sequence[SessionRecord | SessionDigest], today: date) -> bool:
    """Strength moves 3 times a week (ISO week), on days that don't already have them."""
    monday = today - timedelta(days=today.weekday())
    done_days = {s.day for s in sessions if did_strength(s) and monday <= s.day <= today}
    return today not in done_days and len(done_days) < STRENGTH_DAYS_PER_WEEK
