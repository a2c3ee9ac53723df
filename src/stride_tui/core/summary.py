"""Weekly summaries: how a (Monday–Sunday) week went against the plan.

``week_summary`` needs only the sessions of that week and the week before (and, for the streak,
the days walked before it), so it stays fast with ten years of sessions: callers pass
``SessionsByDay`` built once.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from stride_tui.core.digest import SessionDigest
from stride_tui.core.limits import (
    ESCALATION_ADVICE,
    ESCALATION_AFTER_WEEKS_WALKED,
    ESCALATION_FROM_WEEK,
)
from stride_tui.core.plan import (
    DOSE_DAYS_TARGET,
    DailyTarget,
    WeekPlan,
    did_strength,
    pain_rose_too_much,
    programme_week,
    week_plan,
)
from stride_tui.core.records import Profile
from stride_tui.core.weeks import PastSession, WeekFigures, week_walks
from stride_tui.core.weeks import SessionsByDay as SessionsByDay
from stride_tui.core.weeks import monday_of as monday_of
from stride_tui.core.weeks import streak_until as streak_until


def parse_iso_week(text: str) -> date:
    """The Monday of an ISO week written ``YYYY-Www`` (e.g. 2026-W09); ValueError if impossible."""
    try:
        year_part, week_part = text.strip().upper().split("-W")
        year, week = int(year_part), int(week_part)
        return date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise ValueError(
            f"week must look like 2026-W09 (an ISO year and week 1–52/53), got {text!r}"
        ) from exc


def iso_week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


class Tone(StrEnum):
    """How a weekly message should read: good news, a caution, or advice to stop and get help."""

    GOOD = "good"
    CAUTION = "caution"
    STOP = "stop"


class WeekMessage(str):
    """A message about the week: plain text, with its ``tone`` so a screen can colour it."""

    tone: Tone

    def __new__(cls, text: str, tone: Tone) -> "WeekMessage":
        message = super().__new__(cls, text)
        message.tone = tone
        return message


class PainPair(NamedTuple):
    """Pain before and after one walk."""

    day: date
    before: int
    after: int


class WeekSummary(NamedTuple):
    """How one Monday–Sunday week went against the plan, with its messages."""

    monday: date
    label: str
    programme_week: int
    target_days: tuple[int, int]
    target_minutes_per_day: int
    days_walked: int
    minutes: float
    dose_days: int
    dose_days_target: int
    strength_days: int
    streak: int
    pain: tuple[PainPair, ...]
    minutes_change: float | None
    days_change: int | None
    walked_days: tuple[date, ...] = ()
    messages: tuple[WeekMessage, ...] = ()

    @property
    def target_minutes(self) -> int:
        """Minutes for the week at the plan's lower number of days."""
        return self.target_minutes_per_day * self.target_days[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "week": self.label,
            "monday": self.monday.isoformat(),
            "programme_week": self.programme_week,
            "days_walked": self.days_walked,
            "target_days": list(self.target_days),
            "minutes": round(self.minutes, 1),
            "target_minutes_per_day": self.target_minutes_per_day,
            "target_minutes": self.target_minutes,
            "dose_days": self.dose_days,
            "dose_days_target": self.dose_days_target,
            "strength_days": self.strength_days,
            "streak": self.streak,
            "pain": [
                {"day": p.day.isoformat(), "before": p.before, "after": p.after} for p in self.pain
            ],
            "minutes_change": (
                None if self.minutes_change is None else round(self.minutes_change, 1)
            ),
            "days_change": self.days_change,
            "messages": list(self.messages),
        }


def planned_week(profile: Profile | None, monday: date) -> WeekPlan:
    """The plan for the (Monday–Sunday) week of ``monday``: that of the programme week it
    overlaps (week 1 before the start, or with no profile)."""
    monday = monday_of(monday)
    start = profile.start_date if profile else monday
    return week_plan(programme_week(start, min(max(monday, start), monday + timedelta(days=6))))


def week_level(
    index: SessionsByDay, monday: date, profile: Profile | None, today: date,
    day: DailyTarget | None = None,
) -> WeekPlan:
    """The plan week a (Monday–Sunday) week was walked at: today's level for the current week,
    the level its walks were saved at for an earlier one, else the calendar's. Without today's
    programme day (``day``) it is the calendar's."""
    monday = monday_of(monday)
    if day is None:
        return planned_week(profile, monday)
    if monday == monday_of(today):
        return week_plan(day.week)
    recorded = [s.week for s in week_walks(index, monday) if s.week >= 1]
    return week_plan(max(recorded)) if recorded else planned_week(profile, monday)


def week_summary(
    index: SessionsByDay, monday: date, profile: Profile | None, today: date,
    day: DailyTarget | None = None,
) -> WeekSummary:
    """How the week starting ``monday`` went, compared with the plan and with the week before.

    ``day`` is today's programme day (``core.programme.today_for``): the current week is shown
    at the walker's level, and whether to walk is what the programme says, never a rule of
    its own here.
    """
    monday = monday_of(monday)
    sunday = monday + timedelta(days=6)
    current = day is not None and monday == monday_of(today)
    figures = WeekFigures(index, monday, today)
    plan = week_level(index, monday, profile, today, day)
    pweek = plan.week
    walks, per_day, minutes = figures.walks, figures.per_day, figures.minutes
    strength_days = len({s.day for s in index.between(monday, sunday) if did_strength(s)})
    pain = tuple(
        PainPair(s.day, s.pain_before, s.pain_after)
        for s in walks
        if s.pain_before is not None and s.pain_after is not None
    )
    prev = week_walks(index, monday - timedelta(days=7))
    has_history = bool(prev) or any(d < monday for d in index.walk_days)
    minutes_change = minutes - sum(s.walked_minutes for s in prev) if has_history else None
    days_change = len(per_day) - len({s.day for s in prev}) if has_history else None

    messages: list[WeekMessage] = []
    if walks and pain_rose_too_much(walks[-1]):
        messages.append(WeekMessage("Pain rose by more than 2 points after the last walk: the "
                                    "next one is scaled back.", Tone.CAUTION))
    since_flare = day.flares.days_since_last if day is not None and current else None
    if since_flare is not None and since_flare <= 7:
        ago = "yesterday" if since_flare == 1 else f"{since_flare} days ago"
        messages.append(WeekMessage(f"A flare {ago} (your back was worse the day after a walk): "
                                    "the plan holds, then builds back up slowly.", Tone.CAUTION))
    fell = sum(1 for p in pain if p.after < p.before)
    if pain and fell * 2 > len(pain):
        messages.append(
            WeekMessage("Pain fell during most walks this week — you are on track.", Tone.GOOD)
        )
    befores = [s.pain_before for s in walks if s.pain_before is not None]
    walked_enough = (
        day.weeks_walked >= ESCALATION_AFTER_WEEKS_WALKED if day is not None
        else pweek >= ESCALATION_FROM_WEEK
    )
    resting_pain_high = walked_enough and bool(befores) and sum(befores) / len(befores) > 4
    if current and day is not None and not day.walk_allowed:
        messages.append(WeekMessage(day.blocked_reason, Tone.STOP))
    elif (day is None or current) and profile is not None and (
        profile.evaluation_advised_on is not None
    ):
        messages.append(WeekMessage(
            "Warning signs reported after 4–6 weeks: " + " ".join(ESCALATION_ADVICE), Tone.STOP
        ))
    elif resting_pain_high:
        # Advice to ask, not a stop: whether to walk is the programme's answer (plan agrees).
        messages.append(WeekMessage(
            "After 4+ weeks of walking your pain before walks is still above 4/10: walking may "
            "not be enough on its own. Answer the weekly check honestly at your next check-in, "
            "and consider asking for a physical therapy referral.",
            Tone.CAUTION,
        ))
    if len(per_day) >= plan.min_days:
        messages.append(WeekMessage(
            f"{len(per_day)} walking days — the plan's {plan.days_label} reached.", Tone.GOOD
        ))
    return WeekSummary(
        monday=monday,
        label=iso_week_label(monday),
        programme_week=pweek,
        target_days=(plan.min_days, plan.max_days),
        target_minutes_per_day=plan.minutes,
        days_walked=len(per_day),
        minutes=minutes,
        dose_days=figures.dose_days,
        dose_days_target=DOSE_DAYS_TARGET,
        strength_days=strength_days,
        streak=figures.streak,
        pain=pain,
        minutes_change=minutes_change,
        days_change=days_change,
        walked_days=tuple(sorted(per_day)),
        messages=tuple(messages),
    )


def weekly_minutes(
    index: SessionsByDay, last_monday: date, weeks: int = 12
) -> list[tuple[date, float]]:
    """Minutes walked in each of the ``weeks`` weeks ending with the week of ``last_monday``."""
    last_monday = monday_of(last_monday)
    out: list[tuple[date, float]] = []
    for n in range(weeks - 1, -1, -1):
        monday = last_monday - timedelta(days=7 * n)
        out.append((monday, sum(s.walked_minutes for s in week_walks(index, monday))))
    return out


def recent_for_target(sessions: Sequence[PastSession], today: date) -> list[PastSession]:
    """The last 15 days' sessions (what the week screens list)."""
    first = today - timedelta(days=15)
    return [s for s in sessions if first <= s.day <= today]


def history_for_week(
    fetch: Callable[[date, date], Sequence[PastSession]],
    monday: date,
    today: date,
    weeks: int = 12,
    walk_days: Callable[[date, date], set[date]] | None = None,
) -> SessionsByDay:
    """Just the sessions a week's summary and its ``weeks``-week chart need.

    ``fetch(first, last)`` returns the sessions of those days (inclusive). Only the chart's
    weeks are read. When the streak reaches past them, ``walk_days(first, last)`` (the days
    walked, if the caller can tell them cheaply) supplies the rest of it; without it, earlier
    sessions are read a year at a time until the streak ends.
    """
    monday = monday_of(monday)
    last = monday + timedelta(days=6)
    first = monday - timedelta(days=7 * (weeks - 1))
    sessions = list(fetch(first, last))
    while True:
        index = SessionsByDay(sessions)
        end = min(last, today)
        if end < first or streak_until(index.walk_days, end) < (end - first).days:
            return index
        if walk_days is not None:
            index.walk_days |= walk_days(date.min, first - timedelta(days=1))
            return index
        earlier = fetch(first - timedelta(days=365), first - timedelta(days=1))
        if not earlier:
            return index
        sessions = [*earlier, *sessions]
        first -= timedelta(days=365)


def week_distance(index: SessionsByDay, monday: date) -> float | None:
    """Metres walked on a treadmill that reported them in the week starting ``monday``; None
    when no walk of the week has a distance (no treadmill linked)."""
    metres = [_distance(s) for s in week_walks(index, monday)]
    known = [m for m in metres if m is not None]
    return sum(known) if known else None


def _distance(session: PastSession) -> float | None:
    if isinstance(session, SessionDigest):
        return session.distance_m
    return session.belt.distance_m if session.belt and session.belt.distance_m else None
