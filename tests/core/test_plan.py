"""The walking plan of DESIGN §3.1 and today's target (§3.2 pain rule, §3.4 conditions)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from stride_tui.core.plan import (
    dose_met,
    programme_week,
    week_bounds,
    week_plan,
)
from stride_tui.core.programme import today_for
from stride_tui.core.records import (
    Condition,
    Profile,
    SessionRecord,
    SessionStatus,
    StepStatus,
    Surface,
)

from .builders import START, walk, walked_in_full, week_day

DONE = (StepStatus.DONE,)
SKIPPED = (StepStatus.SKIPPED,) * 3


def profile(**kw: object) -> Profile:
    return Profile(start_date=START, **kw)  # type: ignore[arg-type]


def climbed(week: int) -> list[SessionRecord]:
    """Every week before programme week ``week`` walked in full: the walker is on level ``week``."""
    return walked_in_full(START, week_day(week, 0))


def full_week(week: int, days: int, minutes: float = 15) -> list[SessionRecord]:
    """``days`` walks of programme week ``week``, Monday onwards."""
    return [walk(week_day(week, d), minutes) for d in range(days)]


# --- the five-week table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "minutes", "min_days", "max_days"),
    [(1, 10, 3, 4), (2, 15, 4, 5), (3, 20, 5, 5), (4, 25, 5, 6), (5, 30, 5, 7)],
)
def test_the_five_week_table_sets_minutes_and_days(
    week: int, minutes: int, min_days: int, max_days: int
) -> None:
    plan = week_plan(week)
    assert (plan.week, plan.minutes, plan.min_days, plan.max_days) == (
        week, minutes, min_days, max_days,
    )


def test_week_two_focus_carries_the_stop_above_three_rule() -> None:
    assert "3/10" in week_plan(2).tip
    assert "5 minutes" in week_plan(3).tip
    assert "cool-down" in week_plan(4).tip


def test_programme_weeks_count_seven_days_from_the_profiles_start_date() -> None:
    wednesday = date(2026, 3, 4)
    assert programme_week(wednesday, wednesday) == 1
    assert programme_week(wednesday, date(2026, 3, 10)) == 1  # the following Tuesday
    assert programme_week(wednesday, date(2026, 3, 11)) == 2
    assert programme_week(wednesday, date(2026, 3, 31)) == 4
    assert programme_week(wednesday, date(2026, 4, 1)) == 5
    assert programme_week(wednesday, date(2026, 2, 1)) == 1  # before the start: week 1
    assert week_bounds(wednesday, 2) == (date(2026, 3, 11), date(2026, 3, 17))


def test_weeks_start_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        week_plan(0)


@pytest.mark.parametrize(
    ("week", "minutes", "reason"),
    [
        (1, 10, "Level 1 of the plan. 10 minutes, 3–4 days a week."),
        (2, 15, "Level 2: you completed level 1 (3 days at 8+ minutes). 15 minutes, 4–5 days "
                "a week."),
        (3, 20, "Level 3: you completed level 2 (4 days at 12+ minutes). 20 minutes, 5 days "
                "a week."),
        (4, 25, "Level 4: you completed level 3 (5 days at 16+ minutes). 25 minutes, 5–6 days "
                "a week."),
        (5, 30, "Level 5: you completed level 4 (5 days at 20+ minutes). 30 minutes, 5–7 days "
                "a week."),
    ],
)
def test_a_walker_who_walks_each_week_in_full_follows_the_table(
    week: int, minutes: int, reason: str
) -> None:
    target = today_for(profile(), climbed(week), week_day(week, 2))
    assert target.week == week
    assert target.day_minutes == minutes
    assert target.session_minutes == minutes
    assert target.reason == reason
    assert target.walk_allowed
    assert not target.scaled_back


# --- past week 5 -------------------------------------------------------------------------------


def test_past_week_five_the_walk_grows_ten_percent_a_week_rounded_down_to_45() -> None:
    # 30 → 33 → 36.3 ↓ 36 → 39.6 ↓ 39 → 42.9 ↓ 42 → 46.2 capped at 45.
    assert [week_plan(w).minutes for w in range(5, 13)] == [30, 33, 36, 39, 42, 45, 45, 45]
    assert (week_plan(6).min_days, week_plan(6).max_days) == (5, 7)


def test_no_week_grows_by_more_than_ten_or_less_than_five_percent_until_the_cap() -> None:
    for week in range(6, 80):
        before, now = week_plan(week - 1).minutes, week_plan(week).minutes
        assert now <= 45
        if before == 45:
            assert now == 45
        else:
            assert before * 1.05 <= now <= before * 1.10, (week, before, now)


def test_level_six_is_33_minutes_after_level_five_walked_in_full() -> None:
    target = today_for(profile(), climbed(6), week_day(6))
    assert (target.week, target.session_minutes) == (6, 33)


def test_ten_years_in_the_plan_still_asks_for_45_minutes() -> None:
    assert week_plan(520).minutes == 45


# --- holding -----------------------------------------------------------------------------------


def test_a_short_week_one_repeats_level_one() -> None:
    history = [walk(week_day(1, 0), 10), walk(week_day(1, 2), 10)]  # 2 days, plan asks 3–4
    target = today_for(profile(), history, week_day(2))
    assert (target.week, target.calendar_week) == (1, 2)
    assert target.session_minutes == 10
    assert target.reason.startswith("Level 1 again: last week had 2 of the 3 days needed")


def test_three_days_in_week_one_are_enough_to_grow_to_fifteen() -> None:
    target = today_for(profile(), full_week(1, 3, 10), week_day(2))
    assert target.session_minutes == 15


def test_two_walks_on_one_day_count_as_one_walking_day_for_holding() -> None:
    history = [
        walk(week_day(1, 0), 10, hour=7),
        walk(week_day(1, 0), 10, hour=18),
        walk(week_day(1, 3), 10),
    ]
    assert today_for(profile(), history, week_day(2)).session_minutes == 10


def test_a_red_flag_stop_at_check_in_is_not_a_walking_day() -> None:
    red = walk(week_day(1, 4), 0, status=SessionStatus.RED_FLAG)
    history = [walk(week_day(1, 0), 10), walk(week_day(1, 2), 10), red]
    assert today_for(profile(), history, week_day(2)).session_minutes == 10


def test_four_days_at_level_five_repeat_it_at_thirty() -> None:
    target = today_for(profile(), [*climbed(5), *full_week(5, 4, 30)], week_day(6, 1))
    assert target.session_minutes == 30
    assert target.reason.startswith("Level 5 again")


# --- today's target and its reason ----------------------------------------------------------


def test_a_walk_already_done_today_leaves_the_rest_of_the_days_minutes() -> None:
    history = [*climbed(3), walk(week_day(3, 0), 6)]
    target = today_for(profile(), history, week_day(3, 0))
    assert target.day_minutes == 20
    assert target.walked_today_minutes == 6
    assert target.session_minutes == 14
    assert target.reason.endswith("20 minutes, 5 days a week. 6 done today, 14 to go.")
    assert not target.extra_walk


def test_the_minutes_done_and_to_go_add_up_to_the_days_target() -> None:
    # 6:37 of a 10-minute day: the 3:23 left is a 4-minute walk, so 6 are counted as done.
    history = [walk(week_day(1, 0), 6 + 37 / 60)]
    target = today_for(profile(), history, week_day(1, 0))
    assert target.session_minutes == 4
    assert target.reason.endswith(" 6 done today, 4 to go.")


def test_a_second_walk_is_at_least_ten_minutes_so_the_split_counts_toward_the_dose() -> None:
    # 12 minutes done: 8 more would not count (each split walk must be 10 minutes or more).
    history = [*climbed(3), walk(week_day(3, 0), 12)]
    target = today_for(profile(), history, week_day(3, 0))
    assert target.session_minutes == 10
    assert "both count toward the 20-minute dose" in target.reason


def test_once_the_days_minutes_are_walked_another_walk_is_an_easy_extra() -> None:
    history = [*climbed(3), walk(week_day(3, 0), 20)]
    target = today_for(profile(), history, week_day(3, 0))
    assert target.extra_walk
    assert target.session_minutes == 20
    assert target.reason.endswith("Today's walking is done — any more is an easy extra.")


def test_an_unfinished_session_does_not_count_as_walked_today() -> None:
    running = walk(week_day(3, 0), 12, status=SessionStatus.IN_PROGRESS)
    target = today_for(profile(), [*climbed(3), running], week_day(3, 0))
    assert target.walked_today_minutes == 0
    assert target.session_minutes == 20


# --- minimum effective dose -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("walks", "met"),
    [
        ([20], True),
        ([45], True),
        ([19.5], False),
        ([10, 10], True),
        ([9, 11], False),
        ([12, 8], False),
        ([10, 9, 10], True),
        ([15, 4, 4], False),
        ([5, 5, 5, 5], False),
        ([], False),
    ],
)
def test_the_minimum_dose_is_20_minutes_or_two_walks_of_10(walks: list[float], met: bool) -> None:
    assert dose_met(walks) is met


# --- pain rise scales back the next walk -------------------------------------------------------


def week_three_after(last: SessionRecord) -> list[SessionRecord]:
    """Level 3 reached, and then ``last`` on the Monday of week 3."""
    return [*climbed(3), last]


def test_pain_rising_by_three_points_scales_back_the_next_walk() -> None:
    history = week_three_after(walk(week_day(3, 0), 20, before=2, after=5))
    target = today_for(profile(), history, week_day(3, 1))
    assert target.scaled_back
    assert target.session_minutes == 15  # three quarters of the 20-minute walk
    assert target.reason == (
        "Scaled back to 15 minutes: pain rose from 2 to 5 yesterday. Each walk without "
        "a rise steps back up a little."
    )
    # The same walk named by its day when it is older, and as today's on its own day.
    later = today_for(profile(), history, week_day(3, 3)).reason
    assert "pain rose from 2 to 5 on Mon 16 Mar" in later
    same_day = today_for(profile(), history, week_day(3, 0)).reason
    assert "pain rose from 2 to 5 today" in same_day


def test_pain_rising_by_exactly_two_points_keeps_the_plan() -> None:
    history = week_three_after(walk(week_day(3, 0), 20, before=2, after=4))
    target = today_for(profile(), history, week_day(3, 1))
    assert not target.scaled_back
    assert target.session_minutes == 20


def test_a_rise_on_any_walk_of_the_day_scales_the_next_day_back_whatever_the_order() -> None:
    monday = week_day(3, 0)
    later_fine = walk(monday, 10, before=3, after=3, hour=18)
    earlier_rise = walk(monday, 10, before=1, after=6, hour=8)
    history = [later_fine, *climbed(3), earlier_rise]
    assert today_for(profile(), history, week_day(3, 1)).session_minutes == 15


def test_a_scale_back_after_a_very_short_walk_still_asks_for_five_minutes() -> None:
    short = walk(week_day(3, 0), 4, before=1, after=5, status=SessionStatus.ENDED_EARLY)
    target = today_for(profile(), week_three_after(short), week_day(3, 1))
    assert target.scaled_back
    assert target.session_minutes == 5


def test_a_rise_after_walking_more_than_the_level_scales_back_from_the_level() -> None:
    # Level 1 asks for 10; a 20-minute walk with a rise scales back from the 10, to 8.
    day_one = walk(START, 20, before=2, after=6)
    target = today_for(profile(), [day_one], START + timedelta(days=1))
    assert target.scaled_back
    assert target.session_minutes == 8


# --- conditions --------------------------------------------------------------------------------


def test_spinal_stenosis_keeps_each_bout_to_ten_minutes() -> None:
    p = profile(conditions=[Condition.SPINAL_STENOSIS])
    target = today_for(p, climbed(3), week_day(3))
    assert target.day_minutes == 20
    assert target.session_minutes == 10
    assert "this bout is 10 minutes" in target.reason
    assert any("10 minutes" in n and "lean forward" in n for n in target.condition_notes)
    # After one bout the second is ten minutes again.
    bout = walk(week_day(3), 10)
    assert today_for(p, [*climbed(3), bout], week_day(3)).session_minutes == 10


def test_spinal_stenosis_leaves_a_ten_minute_week_one_alone() -> None:
    target = today_for(profile(conditions=[Condition.SPINAL_STENOSIS]), [], START)
    assert target.session_minutes == 10
    assert "bout" not in target.reason


@pytest.mark.parametrize("surface", [Surface.OUTDOOR, Surface.TREADMILL])
def test_a_recent_disc_herniation_blocks_walking_off_the_pool(surface: Surface) -> None:
    target = today_for(
        profile(conditions=[Condition.DISC_HERNIATION], surface=surface), [], START)
    assert not target.walk_allowed
    assert target.session_minutes == 0
    assert "pool" in target.blocked_reason
    assert target.reason == target.blocked_reason


def test_a_recent_disc_herniation_allows_pool_walking() -> None:
    target = today_for(
        profile(conditions=[Condition.DISC_HERNIATION], surface=Surface.POOL), [], START)
    assert target.walk_allowed
    assert target.session_minutes == 10


def test_spondylolisthesis_walks_with_poles_and_no_incline() -> None:
    target = today_for(profile(conditions=[Condition.SPONDYLOLISTHESIS]), [], START)
    assert target.walk_allowed
    (note,) = target.condition_notes
    assert "poles" in note and "incline" in note


SURGERY = date(2026, 3, 1)


def after_surgery(surface: Surface = Surface.TREADMILL, surgery: date | None = SURGERY) -> Profile:
    return profile(conditions=[Condition.MICRODISCECTOMY], surface=surface, surgery_date=surgery)


def test_after_microdiscectomy_walking_waits_two_weeks_from_surgery() -> None:
    target = today_for(after_surgery(), [], date(2026, 3, 14))  # surgery + 13 days
    assert not target.walk_allowed
    assert "Sun 15 Mar 2026" in target.blocked_reason


def test_after_microdiscectomy_treadmill_walking_starts_on_day_fourteen() -> None:
    target = today_for(after_surgery(), [], date(2026, 3, 15))
    assert target.walk_allowed
    assert (target.week, target.calendar_week) == (1, 1)  # level 1 on surgery + 14 days
    assert target.session_minutes == 10


@pytest.mark.parametrize("surface", [Surface.OUTDOOR, Surface.POOL])
def test_after_microdiscectomy_only_the_treadmill_is_allowed(surface: Surface) -> None:
    target = today_for(after_surgery(surface), [], date(2026, 3, 20))
    assert not target.walk_allowed
    assert "treadmill" in target.blocked_reason


def test_after_microdiscectomy_the_surgery_date_is_needed() -> None:
    target = today_for(after_surgery(surgery=None), [], date(2026, 3, 20))
    assert not target.walk_allowed
    assert "surgery date" in target.blocked_reason


def test_warning_signs_after_weeks_of_walking_pause_the_plan_until_evaluated() -> None:
    p = profile(evaluation_advised_on=date(2026, 4, 10))
    target = today_for(p, full_week(6, 5, 30), date(2026, 4, 11))
    assert not target.walk_allowed
    assert "physical therapist or doctor" in target.blocked_reason
    assert "10 Apr 2026" in target.blocked_reason
    assert not today_for(p, full_week(6, 5, 30), date(2026, 4, 10)).walk_allowed
    # The day before the signs were reported was not inside the pause (a walk logged for it).
    assert today_for(p, full_week(6, 5, 30), date(2026, 4, 9)).walk_allowed


# --- strength and cool-down ------------------------------------------------------------------


def test_strength_is_due_three_times_a_week() -> None:
    monday = week_day(3, 0)
    assert today_for(profile(), [], monday).strength_day
    mon_tue = [walk(monday, 20, strength=DONE), walk(week_day(3, 1), 20, strength=DONE)]
    assert today_for(profile(), mon_tue, week_day(3, 2)).strength_day
    three = [*mon_tue, walk(week_day(3, 2), 20, strength=DONE)]
    assert not today_for(profile(), three, week_day(3, 3)).strength_day
    assert not today_for(profile(), three, week_day(3, 6)).strength_day


def test_strength_is_not_due_twice_on_one_day() -> None:
    today = [walk(week_day(3, 0), 20, strength=DONE)]
    assert not today_for(profile(), today, week_day(3, 0)).strength_day


def test_strength_days_count_afresh_each_monday() -> None:
    last_week = [walk(week_day(2, d), 15, strength=DONE) for d in (4, 5, 6)]
    assert today_for(profile(), last_week, week_day(3, 0)).strength_day


def test_strength_moves_all_skipped_do_not_make_a_strength_day() -> None:
    skipped = [walk(week_day(3, d), 20, strength=SKIPPED) for d in (0, 1, 2)]
    assert today_for(profile(), skipped, week_day(3, 3)).strength_day


@pytest.mark.parametrize(("week", "cool_down"), [(1, False), (3, False), (4, True), (9, True)])
def test_the_cool_down_is_added_from_level_four(week: int, cool_down: bool) -> None:
    assert today_for(profile(), climbed(week), week_day(week)).cool_down is cool_down


def test_scaling_back_rounds_half_minutes_up() -> None:
    # 30 minutes × 3/4 = 22.5 → 23; the plan's 33 (level 6) is higher, so 23 applies.
    history = [*climbed(6), walk(week_day(6, 0), 30, before=2, after=6)]
    target = today_for(profile(), history, week_day(6, 1))
    assert target.scaled_back
    assert target.session_minutes == 23


def test_after_a_pain_rise_today_no_extra_walk_is_suggested() -> None:
    history = [*climbed(3), walk(week_day(3, 0), 20, before=2, after=6)]
    target = today_for(profile(), history, week_day(3, 0))
    assert target.scaled_back and target.extra_walk
    assert "easy extra" not in target.reason
    assert "rest your back" in target.reason
