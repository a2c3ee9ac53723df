"""The walking plan (DESIGN §3.1) and today's target, with the reason for it.

Weeks 1–4 follow the seed's table. From week 5 the daily walk starts at 30 minutes and grows
10 % a week over the week before (the seed allows 5–10 %), rounded down to whole minutes, up to
45 minutes: 30, 33, 36, 39, 42, 45. A week whose previous week fell short of its planned days
holds at the previous week's minutes instead of growing. After a walk whose pain rose by more
than 2 points, the next walk is scaled back to three quarters of that walk.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from stride_tui.core.digest import SessionDigest
from stride_tui.core.limits import PAIN_RISE_LIMIT
from stride_tui.core.records import (
    Condition,
    Profile,
    SessionRecord,
    SessionStatus,
    StepStatus,
    Surface,
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


@dataclass(frozen=True)
class WeekPlan:
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


def week_plan(week: int) -> WeekPlan:
    """The plan for programme week ``week`` (1-based), growing past week 5 up to 45 minutes."""
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
    """A session counts as a walk when some walking was done (a red-flag stop is not a walk)."""
    return session.walked_seconds > 0 and session.status is not SessionStatus.IN_PROGRESS


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
    return (
        session.pain_before is not None
        and session.pain_after is not None
        and session.pain_after - session.pain_before > PAIN_RISE_LIMIT
    )


@dataclass(frozen=True)
class DailyTarget:
    """What today asks for: minutes for the day and for this walk, why, and what changes it."""

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
    notes: tuple[str, ...] = field(default=())


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
    return tuple(CONDITION_CHANGES[c] for c in profile.conditions)


def todays_target(
    profile: Profile, today: date, sessions: Sequence[SessionRecord | SessionDigest]
) -> DailyTarget:
    """Today's target: the plan's minutes, adjusted by the pain and condition rules, with why.

    ``sessions`` may be all sessions or only the recent ones (the last two programme weeks are
    enough); order does not matter.
    """
    week = programme_week(profile.start_date, today)
    plan = week_plan(week)
    notes = condition_changes(profile)
    walks = sorted((s for s in sessions if is_walk(s)), key=lambda s: s.started_at)
    walked_today = sum(s.walked_minutes for s in walks if s.day == today)
    strength_day = _strength_due(sessions, today)
    common = {
        "week": week,
        "plan": plan,
        "walked_today_minutes": walked_today,
        "condition_notes": notes,
        "strength_day": strength_day,
        "cool_down": week >= COOL_DOWN_FROM_WEEK,
    }

    blocked = _blocked_reason(profile, today)
    if blocked:
        return DailyTarget(
            day_minutes=0, session_minutes=0, reason=blocked, walk_allowed=False,
            blocked_reason=blocked, **common,  # type: ignore[arg-type]
        )

    minutes = plan.minutes
    reason = f"Week {week} of the plan: {plan.minutes} minutes, {plan.days_label} days this week."
    if week >= 2:
        held = _held_minutes(profile, week, walks)
        if held is not None and held < minutes:
            minutes = held
            reason = (
                f"Holding at {held} minutes: last week had fewer walking days than planned, "
                "so this week repeats it before growing."
            )
    scaled_back = False
    last = walks[-1] if walks else None
    if last is not None and pain_rose_too_much(last):
        # Rounded half up: 10 minutes scale back to 8, 30 to 23.
        scaled = max(
            SHORTEST_WALK_MINUTES, math.floor(last.walked_minutes * SCALE_BACK_FACTOR + 0.5)
        )
        if scaled < minutes:
            scaled_back = True
            reason = (
                f"Scaled back to {scaled} minutes (plan: {minutes}): pain rose from "
                f"{last.pain_before} to {last.pain_after} after your last walk."
            )
            minutes = scaled

    remaining = max(0.0, minutes - walked_today)
    extra = remaining < 1
    session = minutes if extra else max(1, math.ceil(remaining - 1e-9))
    counted_today = [s.walked_minutes for s in walks if s.day == today]
    if (
        not extra
        and session < SPLIT_WALK_MINUTES
        and minutes >= MINIMUM_DOSE_MINUTES
        and any(m >= SPLIT_WALK_MINUTES for m in counted_today)
    ):
        # A second walk under 10 minutes would not count toward the 20-minute dose.
        session = SPLIT_WALK_MINUTES
        reason += (
            f" {walked_today:.0f} done today; this walk is 10 minutes so both count "
            "toward the 20-minute dose."
        )
    elif walked_today > 0 and not extra:
        reason += f" {walked_today:.0f} done today, {session} to go."
    elif extra and scaled_back:
        reason += " Today's walking is done: rest your back until the next walk."
    elif extra:
        reason += " Today's walking is done — any more is an easy extra."
    if Condition.SPINAL_STENOSIS in profile.conditions and session > STENOSIS_BOUT_MINUTES:
        session = STENOSIS_BOUT_MINUTES
        reason += " Spinal stenosis: this bout is 10 minutes; walk the rest in another bout."
    return DailyTarget(
        day_minutes=minutes, session_minutes=session, reason=reason, scaled_back=scaled_back,
        extra_walk=extra, **common,  # type: ignore[arg-type]
    )


def _blocked_reason(profile: Profile, today: date) -> str:
    if profile.evaluation_advised_on is not None:
        return (
            "Walking is paused until you have been checked by a physical therapist or doctor "
            f"(you reported warning signs on {profile.evaluation_advised_on:%d %b %Y})."
        )
    if Condition.MICRODISCECTOMY in profile.conditions:
        if profile.surgery_date is None:
            return "After microdiscectomy: add your surgery date to the profile first."
        first_day = profile.surgery_date + timedelta(days=SURGERY_WAIT_DAYS)
        if today < first_day:
            return (
                "After microdiscectomy, treadmill walking starts 2 weeks after surgery — "
                f"from {first_day:%a %d %b %Y}."
            )
        if profile.surface is not Surface.TREADMILL:
            return "After microdiscectomy, walk on a treadmill: set your surface to treadmill."
    if Condition.DISC_HERNIATION in profile.conditions and profile.surface is not Surface.POOL:
        return "With a recent disc herniation the plan is pool walking only: set surface to pool."
    return ""


def _held_minutes(
    profile: Profile, week: int, walks: Sequence[SessionRecord | SessionDigest]
) -> int | None:
    prev_first, prev_last = week_bounds(profile.start_date, week - 1)
    prev_days = {s.day for s in walks if prev_first <= s.day <= prev_last}
    if len(prev_days) < week_plan(week - 1).min_days:
        return week_plan(week - 1).minutes
    return None


def _strength_due(sessions: Sequence[SessionRecord | SessionDigest], today: date) -> bool:
    """Strength moves 3 times a week (ISO week), on days that don't already have them."""
    monday = today - timedelta(days=today.weekday())
    done_days = {s.day for s in sessions if did_strength(s) and monday <= s.day <= today}
    return today not in done_days and len(done_days) < STRENGTH_DAYS_PER_WEEK
