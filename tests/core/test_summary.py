"""Weekly summaries (DESIGN §1.6) against weeks worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from stride_tui.core.records import Profile, SessionRecord, SessionStatus, StepStatus
from stride_tui.core.safety import ESCALATION_ADVICE
from stride_tui.core.summary import (
    PainPair,
    SessionsByDay,
    Tone,
    WeekSummary,
    iso_week_label,
    monday_of,
    parse_iso_week,
    recent_for_target,
    week_summary,
    weekly_minutes,
)

from .builders import START, walk

PROFILE = Profile(start_date=START)  # Monday 2 March 2026: programme week n = ISO week 9 + n
D = date


def history() -> list[SessionRecord]:
    """Three weeks worked by hand (see the tests for the sums)."""
    return [
        # 2026-W10, programme week 1 (10 min, 3–4 days): 3 days, 30 minutes.
        walk(D(2026, 3, 2), 10), walk(D(2026, 3, 4), 10), walk(D(2026, 3, 6), 10),
        # 2026-W11, programme week 2 (15 min, 4–5 days).
        walk(D(2026, 3, 9), 15, before=3, after=2),
        walk(D(2026, 3, 10), 10, before=3, after=3, hour=7),  # a split day: 10 + 10
        walk(D(2026, 3, 10), 10, before=2, after=2, hour=18,
             strength=(StepStatus.SKIPPED,) * 7),  # strength all skipped: not a strength day
        walk(D(2026, 3, 11), 9, hour=7), walk(D(2026, 3, 11), 11, hour=18),  # 9 + 11: no dose
        walk(D(2026, 3, 13), 25, before=2, after=5, status=SessionStatus.ENDED_EARLY),
        walk(D(2026, 3, 14), 0, before=6, status=SessionStatus.RED_FLAG),  # not a walk
        walk(D(2026, 3, 15), 20, before=4, after=2, strength=(StepStatus.DONE,) * 7),
        # 2026-W12, programme week 3: Monday and Tuesday, Tuesday's pain up 2 → 6.
        walk(D(2026, 3, 16), 20), walk(D(2026, 3, 17), 20, before=2, after=6),
    ]


def summary(monday: date, today: date, sessions: list[SessionRecord] | None = None,
            profile: Profile | None = PROFILE) -> WeekSummary:
    return week_summary(SessionsByDay(history() if sessions is None else sessions), monday,
                        profile, today)


def test_a_week_with_split_walks_and_a_red_flag_day_adds_up_as_worked_by_hand() -> None:
    week = summary(D(2026, 3, 9), today=D(2026, 3, 20))
    assert week.label == "2026-W11"
    assert week.programme_week == 2
    assert (week.target_days, week.target_minutes_per_day, week.target_minutes) == ((4, 5), 15, 60)
    # Mon, Tue, Wed, Fri, Sun — Saturday's red-flag stop walked nothing.
    assert week.walked_days == (D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 11), D(2026, 3, 13),
                                D(2026, 3, 15))
    assert week.days_walked == 5
    assert week.minutes == 15 + 20 + 20 + 25 + 20
    # Dose: Tue 10 + 10 yes, Wed 9 + 11 no, Fri 25 yes, Sun 20 yes; Mon 15 no.
    assert (week.dose_days, week.dose_days_target) == (3, 5)
    assert week.strength_days == 1
    assert week.pain == (
        PainPair(D(2026, 3, 9), 3, 2), PainPair(D(2026, 3, 10), 3, 3),
        PainPair(D(2026, 3, 10), 2, 2), PainPair(D(2026, 3, 13), 2, 5),
        PainPair(D(2026, 3, 15), 4, 2),
    )
    assert week.minutes_change == 100 - 30
    assert week.days_change == 5 - 3
    assert week.streak == 1  # Sunday only: Saturday was not walked
    # Two of five walks ended with less pain — not most; the last walk did not rise.
    assert week.messages == ("5 walking days — the plan's 4–5 reached.",)


def test_the_streak_runs_across_the_week_boundary() -> None:
    week = summary(D(2026, 3, 16), today=D(2026, 3, 17))
    assert week.streak == 3  # Tue 17, Mon 16, Sun 15
    assert (week.days_walked, week.minutes) == (2, 40)
    assert (week.minutes_change, week.days_change) == (40 - 100, 2 - 5)


def test_a_streak_still_counts_on_a_day_not_yet_walked() -> None:
    assert summary(D(2026, 3, 16), today=D(2026, 3, 18)).streak == 3
    assert summary(D(2026, 3, 16), today=D(2026, 3, 19)).streak == 0


def test_pain_rising_after_the_last_walk_of_the_week_says_the_next_is_scaled_back() -> None:
    week = summary(D(2026, 3, 16), today=D(2026, 3, 22))
    assert week.messages == (
        "Pain rose by more than 2 points after the last walk: the next one is scaled back.",
    )


def test_a_week_with_no_walks() -> None:
    week = summary(D(2026, 3, 23), today=D(2026, 3, 30))
    assert (week.days_walked, week.minutes, week.dose_days, week.strength_days) == (0, 0, 0, 0)
    assert week.streak == 0
    assert week.pain == ()
    assert week.walked_days == ()
    assert week.minutes_change == -40
    assert week.days_change == -2
    assert week.messages == ()


def test_the_first_week_has_nothing_to_compare_with() -> None:
    week = summary(D(2026, 3, 2), today=D(2026, 3, 8))
    assert (week.days_walked, week.minutes) == (3, 30)
    assert week.minutes_change is None and week.days_change is None
    assert week.messages == ("3 walking days — the plan's 3–4 reached.",)


def test_any_day_of_a_week_gives_that_weeks_summary() -> None:
    assert summary(D(2026, 3, 12), D(2026, 3, 20)) == summary(D(2026, 3, 9), D(2026, 3, 20))


def test_pain_falling_in_most_walks_says_you_are_on_track() -> None:
    sessions = [
        walk(D(2026, 3, 9), 15, before=4, after=2),
        walk(D(2026, 3, 10), 15, before=3, after=2),
        walk(D(2026, 3, 11), 15, before=3, after=3),
    ]
    week = summary(D(2026, 3, 9), D(2026, 3, 15), sessions)
    assert "Pain fell during most walks this week — you are on track." in week.messages


def escalation_week(befores: list[int], profile: Profile = PROFILE) -> tuple[str, ...]:
    # 2026-W14 is programme week 5: the first week the escalation signs are looked for.
    sessions = [walk(D(2026, 3, 30 + n), 30, before=b, after=b) for n, b in enumerate(befores)]
    week = summary(D(2026, 3, 30), D(2026, 4, 5), sessions, profile)
    assert week.programme_week == 5
    return week.messages


def test_pain_above_four_after_four_weeks_advises_the_weekly_check_without_saying_stop() -> None:
    # Whether to walk is the programme's answer (plan and progress agree): here a caution.
    (message,) = escalation_week([5, 5])
    assert "still above 4/10" in message
    assert "weekly check" in message
    assert "Stop walking" not in message
    assert message.tone is Tone.CAUTION


def test_pain_before_walks_of_four_does_not_escalate() -> None:
    assert escalation_week([4, 4]) == ()


def test_high_pain_in_week_four_does_not_escalate_yet() -> None:
    sessions = [walk(D(2026, 3, 23), 25, before=7, after=7)]
    assert summary(D(2026, 3, 23), D(2026, 3, 29), sessions).messages == ()


def test_reported_warning_signs_are_repeated_in_the_summary() -> None:
    profile = Profile(start_date=START, evaluation_advised_on=D(2026, 4, 1))
    (message,) = escalation_week([2], profile)
    assert message.startswith("Warning signs reported after 4–6 weeks:")
    assert ESCALATION_ADVICE[0] in message


# --- ISO weeks ---------------------------------------------------------------------------------


def test_2026_has_a_week_53() -> None:
    assert date.fromisocalendar(2026, 53, 1) == D(2026, 12, 28)
    assert parse_iso_week("2026-W53") == D(2026, 12, 28)
    assert iso_week_label(D(2027, 1, 1)) == "2026-W53"  # a Friday: still 2026's last week
    assert parse_iso_week("2027-W01") == D(2027, 1, 4)


def year_end() -> list[SessionRecord]:
    return [walk(D(2026, 12, 31), 20), walk(D(2027, 1, 1), 20), walk(D(2027, 1, 2), 20),
            walk(D(2027, 1, 3), 20), walk(D(2027, 1, 4), 20), walk(D(2027, 1, 5), 20)]


def test_the_summary_of_week_53_spans_the_new_year() -> None:
    profile = Profile(start_date=D(2026, 12, 28))
    week = summary(D(2026, 12, 28), D(2027, 1, 10), year_end(), profile)
    assert week.label == "2026-W53"
    assert week.programme_week == 1
    assert week.walked_days == (D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3))
    assert (week.minutes, week.dose_days, week.streak) == (80, 4, 4)
    nxt = summary(D(2027, 1, 4), D(2027, 1, 5), year_end(), profile)
    assert nxt.label == "2027-W01"
    assert nxt.programme_week == 2
    assert nxt.streak == 6  # 31 Dec to 5 Jan
    assert nxt.minutes_change == 40 - 80


@pytest.mark.parametrize(
    ("text", "monday"),
    [("2026-W09", D(2026, 2, 23)), ("2026-w09", D(2026, 2, 23)), (" 2026-W01 ", D(2025, 12, 29)),
     ("2020-W53", D(2020, 12, 28))],
)
def test_an_iso_week_names_its_monday(text: str, monday: date) -> None:
    assert parse_iso_week(text) == monday


@pytest.mark.parametrize(
    "text", ["2025-W53", "2026-W54", "2026-W00", "2026W09", "2026-09", "", "next week",
             "2026-Wxx", "0-W01", "2026-W09-W10"],
)
def test_an_impossible_iso_week_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(ValueError, match="2026-W09") as caught:
        parse_iso_week(text)
    assert repr(text) in str(caught.value)


def test_monday_of_any_day() -> None:
    assert monday_of(D(2026, 3, 8)) == D(2026, 3, 2)  # a Sunday
    assert monday_of(D(2026, 3, 2)) == D(2026, 3, 2)


# --- lists for the progress screen and the plan -----------------------------------------------


def test_weekly_minutes_for_the_chart() -> None:
    index = SessionsByDay(history())
    assert weekly_minutes(index, D(2026, 3, 25), weeks=4) == [
        (D(2026, 3, 2), 30), (D(2026, 3, 9), 100), (D(2026, 3, 16), 40), (D(2026, 3, 23), 0),
    ]


def test_the_target_needs_only_the_last_fifteen_days() -> None:
    recent = recent_for_target(history(), D(2026, 3, 20))
    assert min(s.day for s in recent) == D(2026, 3, 6)
    assert len(recent) == 1 + 8 + 2  # Fri 6 March, all of W11 (8), W12 (2)


def test_a_summary_as_plain_data() -> None:
    data = summary(D(2026, 3, 9), today=D(2026, 3, 20)).to_dict()
    assert data["week"] == "2026-W11"
    assert data["monday"] == "2026-03-09"
    assert (data["minutes"], data["minutes_change"], data["days_change"]) == (100.0, 70.0, 2)
    assert (data["target_days"], data["target_minutes"]) == ([4, 5], 60)
    assert data["pain"][0] == {"day": "2026-03-09", "before": 3, "after": 2}
    assert data["strength_days"] == 1


def test_a_weeks_history_reads_only_the_chart_weeks_when_the_streak_is_short() -> None:
    from stride_tui.core.summary import history_for_week

    asked: list[tuple[date, date]] = []
    walks = [walk(date(2024, 1, 1) + timedelta(days=n), 20) for n in range(0, 800, 2)]

    def fetch(first: date, last: date) -> list[SessionRecord]:
        asked.append((first, last))
        return [s for s in walks if first <= s.day <= last]

    monday = date(2025, 3, 3)
    index = history_for_week(fetch, monday, date(2025, 3, 9))
    assert asked == [(monday - timedelta(weeks=11), monday + timedelta(days=6))]
    assert min(index.walk_days) >= monday - timedelta(weeks=11)


def test_a_streak_longer_than_the_chart_reads_further_back_until_it_ends() -> None:
    from stride_tui.core.summary import history_for_week, streak_until

    # Every day from 2024-01-01 to 2025-03-09: a 434-day streak.
    walks = [walk(date(2024, 1, 1) + timedelta(days=n), 20) for n in range(434)]

    def fetch(first: date, last: date) -> list[SessionRecord]:
        return [s for s in walks if first <= s.day <= last]

    index = history_for_week(fetch, date(2025, 3, 3), date(2025, 3, 9))
    assert streak_until(index.walk_days, date(2025, 3, 9)) == 434


def test_a_long_streak_can_be_counted_from_the_days_walked_alone() -> None:
    from stride_tui.core.summary import history_for_week, streak_until

    walks = [walk(date(2024, 1, 1) + timedelta(days=n), 20) for n in range(434)]
    read: list[tuple[date, date]] = []

    def fetch(first: date, last: date) -> list[SessionRecord]:
        read.append((first, last))
        return [s for s in walks if first <= s.day <= last]

    def walk_days(first: date, last: date) -> set[date]:
        return {s.day for s in walks if first <= s.day <= last}

    index = history_for_week(fetch, date(2025, 3, 3), date(2025, 3, 9), walk_days=walk_days)
    assert streak_until(index.walk_days, date(2025, 3, 9)) == 434
    assert len(read) == 1  # only the chart's twelve weeks were read as sessions


def test_a_streak_counts_the_days_without_a_gap_whatever_its_length() -> None:
    """Against counting back a day at a time: runs shorter and longer than the point where
    the count switches to halving (a long streak is found in the sorted days)."""
    import random

    from stride_tui.core.weeks import streak_until

    def counted(walk_days: set[date], end: date) -> int:
        day = end if end in walk_days else end - timedelta(days=1)
        n = 0
        while day in walk_days:
            n += 1
            day -= timedelta(days=1)
        return n

    end = date(2026, 12, 6)
    rnd = random.Random(7)
    lengths = set()
    for _ in range(2000):
        days: set[date] = set()
        for _ in range(rnd.randint(0, 6)):
            start = rnd.randint(-10, 400)
            days |= {end - timedelta(days=k) for k in range(start, start + rnd.randint(0, 200))}
        day = end - timedelta(days=rnd.randint(-12, 30))
        expected = counted(days, day)
        lengths.add(expected)
        assert streak_until(days, day) == expected, (sorted(days), day)
    assert 0 in lengths and max(lengths) > 64 * 2
    ten_years = {end - timedelta(days=n) for n in range(3650)}
    assert streak_until(ten_years, end) == 3650
    assert streak_until(ten_years, end + timedelta(days=1)) == 3650  # today not walked yet
    assert streak_until(ten_years - {end - timedelta(days=100)}, end) == 100
