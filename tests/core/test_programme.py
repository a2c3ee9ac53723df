"""The programme model (core.programme): each rule of issue #10 as its own test."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from stride_tui.core.digest import digest
from stride_tui.core.plan import week_plan
from stride_tui.core.programme import (
    ProfileError,
    deletion_refused,
    offer_strength,
    pause_programme,
    session_minutes_for,
    today_for,
    week_two_log_stop,
)
from stride_tui.core.records import (
    AwayPause,
    BackSince,
    Condition,
    DayAfter,
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    Surface,
)

from .builders import START, walk, week_day


def profile(**kw: object) -> Profile:
    return Profile(start_date=START, **kw)  # type: ignore[arg-type]


def walked_weeks(weeks: int, minutes_for: dict[int, int] | None = None) -> list[SessionRecord]:
    """Weeks 1..``weeks`` walked in full: each level's minimum days at its minutes."""
    out = []
    for w in range(1, weeks + 1):
        plan = week_plan(w)
        mins = (minutes_for or {}).get(w, plan.minutes)
        out += [walk(week_day(w, d), mins) for d in range(plan.min_days)]
    return out


# --- 1. the ladder: progress by what was walked --------------------------------------------------


def test_calendar_time_alone_never_raises_the_target() -> None:
    target = today_for(profile(), [], week_day(5, 2))
    assert (target.week, target.calendar_week, target.day_minutes) == (1, 5, 10)


def test_three_short_walks_fourteen_weeks_ago_do_not_give_45_minutes() -> None:
    history = [walk(week_day(1, d), 10) for d in range(3)]
    target = today_for(profile(), history, week_day(15, 0))
    assert target.day_minutes == 10
    assert target.calendar_week == 15
    assert target.week == 1


def test_a_completed_level_moves_up_one_level() -> None:
    target = today_for(profile(), walked_weeks(1), week_day(2, 0))
    assert (target.week, target.day_minutes, target.completed_level) == (2, 15, 1)
    assert "completed level 1" in target.reason


def test_four_one_minute_walks_do_not_complete_week_one() -> None:
    history = [walk(week_day(1, d), 1) for d in range(4)]
    target = today_for(profile(), history, week_day(2, 0))
    assert target.week == 1
    assert "1 of the 3 days" not in target.reason  # none counted: 1 minute is not 80 % of 10
    assert "0 of the 3 days needed at 8+ minutes" in target.reason


def test_a_level_needs_its_minimum_days_at_eighty_percent_of_its_minutes() -> None:
    history = [walk(week_day(1, d), 8) for d in range(3)]
    assert today_for(profile(), history, week_day(2, 0)).week == 2
    history = [walk(week_day(1, d), 7) for d in range(3)]
    assert today_for(profile(), history, week_day(2, 0)).week == 1


def test_the_target_never_goes_above_45_minutes() -> None:
    history = walked_weeks(20)
    target = today_for(profile(), history, week_day(21, 0))
    assert target.day_minutes == 45


def test_past_week_five_never_more_than_ten_percent_over_the_longest_recent_walk() -> None:
    # Level 5 completed at 24 minutes a day (80 % of 30): level 6 would be 33.
    history = walked_weeks(5, {4: 20, 5: 24})
    target = today_for(profile(), history, week_day(6, 0))
    assert target.week == 6
    assert target.day_minutes == 26  # 24 + 10 %, rounded down
    assert target.rule == "longest-walk"


def test_plan_json_fields_name_the_rule_and_both_weeks() -> None:
    target = today_for(profile(), walked_weeks(2), week_day(9, 0))
    assert target.calendar_week == 9
    assert target.rule == "level"
    assert target.reason.startswith("Level")


# --- 2. lapses and returns -----------------------------------------------------------------------


def test_one_week_off_repeats_the_level() -> None:
    target = today_for(profile(), walked_weeks(3), week_day(5, 0))
    assert target.week == 4  # week 4 missed: level 4 again, not 5
    assert "a week without walks repeats the level" in target.reason


def test_three_weeks_off_steps_back_a_level() -> None:
    target = today_for(profile(), walked_weeks(4), week_day(8, 0))
    assert target.week == 4
    assert target.day_minutes == 25  # not 36: no more than the last walk
    assert "stepped back from 5" in target.reason


def test_one_level_back_per_missed_fortnight_never_below_one() -> None:
    # Weeks 5 to 9 missed: two fortnights, two levels back from 5.
    five_weeks_off = today_for(profile(), walked_weeks(4), week_day(10, 0))
    assert five_weeks_off.week == 3
    # Said from the level the gap began on and for the whole gap (it said "Level 3 (stepped
    # back from 4): 4 weeks without walks" here: the last step, and the count of a week ago).
    assert "Level 3 (stepped back from 5): 5 weeks without walks" in five_weeks_off.reason
    four_weeks_off = today_for(profile(), walked_weeks(4), week_day(9, 0))
    assert "Level 3 (stepped back from 5): 4 weeks without walks" in four_weeks_off.reason
    assert today_for(profile(), walked_weeks(1), week_day(40, 0)).week == 1


def test_never_walked_five_weeks_in_is_still_ten_minutes() -> None:
    assert today_for(profile(), [], week_day(6, 0)).day_minutes == 10


def test_an_ill_or_away_pause_freezes_progression_without_penalty() -> None:
    away = AwayPause(week_day(5, 0), week_day(9, 6))
    target = today_for(profile(pauses=[away]), walked_weeks(4), week_day(10, 0))
    assert target.week == 5  # four weeks away did not step back


def test_no_pause_starts_while_an_unfinished_walk_waits_to_be_kept_or_discarded() -> None:
    day = week_day(5, 0)
    with pytest.raises(ProfileError, match="unfinished walk"):
        pause_programme(profile(), day, day, unfinished_walk=True)
    assert pause_programme(profile(), day, day).paused_from == day


def test_a_pause_is_not_dated_back_over_walks() -> None:
    # Ill since the 1st, but walks logged on the 3rd: the pause would say they were not walked.
    walked = week_day(5, 2)
    with pytest.raises(ProfileError, match="you walked on .*a pause starts on that day or later"):
        pause_programme(profile(), week_day(5, 0), week_day(5, 4), last_walk=walked)
    for first in (walked, week_day(5, 4)):  # the day of the last walk, or later
        assert pause_programme(profile(), first, week_day(5, 4), last_walk=walked).paused_from \
            == first


def test_an_open_pause_blocks_walking_and_says_how_to_resume() -> None:
    target = today_for(profile(paused_from=week_day(5, 0)), walked_weeks(4), week_day(6, 0))
    assert not target.walk_allowed
    assert target.rule == "away"
    assert "--resume" in target.reason


# --- 3. graded recovery after pain ---------------------------------------------------------------


def _level_three_with(rises: list[SessionRecord]) -> list[SessionRecord]:
    return [*walked_weeks(2), *rises]


def test_a_pain_rise_scales_back_the_days_minutes() -> None:
    rise = walk(week_day(3, 0), 20, before=2, after=5)
    target = today_for(profile(), _level_three_with([rise]), week_day(3, 1))
    assert target.day_minutes == 15
    assert target.scaled_back and target.rule == "scale-back"
    assert "pain rose from 2 to 5" in target.reason


def test_a_rise_higher_at_a_pain_check_than_after_is_named_as_during_the_walk() -> None:
    rise = walk(week_day(3, 0), 20, before=2, after=6)._replace(
        pain_checks=[PainCheck(180.0, 7, "suggest-easing")])
    target = today_for(profile(), _level_three_with([rise]), week_day(3, 1))
    assert target.scaled_back
    assert "pain rose from 2 to 7 during the walk" in target.reason


def test_one_walk_without_a_rise_does_not_jump_back_to_the_full_plan() -> None:
    rise = walk(week_day(3, 0), 20, before=2, after=5)
    clean = walk(week_day(3, 1), 15, before=2, after=2)
    target = today_for(profile(), _level_three_with([rise, clean]), week_day(3, 2))
    assert target.day_minutes < 20
    assert target.day_minutes <= 15 * 1.1


def test_recovery_grows_at_most_ten_percent_a_walk_and_one_level_a_week() -> None:
    rise = walk(week_day(3, 0), 20, before=2, after=5)
    cleans = [walk(week_day(3, 0) + timedelta(days=n), 15, before=2, after=2)
              for n in range(1, 12)]
    history = _level_three_with([rise, *cleans])
    seen = []
    for n in range(1, 13):
        seen.append(today_for(profile(), history[: 9 + 1 + n - 1], week_day(3, 0)
                              + timedelta(days=n)).day_minutes)
    for a, b in zip(seen, seen[1:], strict=False):
        # 10 % of the unrounded minutes: in whole minutes at most the next minute up.
        assert b <= math.ceil(a * 1.1)
    assert seen[:7] == [15] * 7  # the first week after a rise holds
    assert seen[0] == 15
    assert seen[-1] <= 20


def test_with_stenosis_a_rise_on_one_bout_scales_the_day_not_the_bout() -> None:
    p = profile(conditions=[Condition.SPINAL_STENOSIS])
    history = walked_weeks(6)
    day = week_day(7, 0)
    target = today_for(p, history, day)
    assert target.day_minutes == 36 and target.session_minutes == 10
    bouts = [walk(day, 10, hour=8), walk(day, 10, hour=10),
             walk(day, 10, hour=12, before=2, after=5), walk(day, 6, hour=14)]
    after = today_for(p, [*history, *bouts], day + timedelta(days=1))
    assert after.day_minutes == 27  # three quarters of the 36 walked that day, not of one bout
    assert after.session_minutes == 10


def test_two_rises_within_seven_days_hold_the_target_and_advise_a_rest_day() -> None:
    rises = [walk(week_day(3, 0), 20, before=2, after=5),
             walk(week_day(3, 2), 15, before=2, after=6)]
    target = today_for(profile(), _level_three_with(rises), week_day(3, 3))
    assert target.rule == "hold"
    assert target.rest_advised
    assert "rest day" in target.reason


def test_no_strength_moves_on_the_day_of_a_pain_rise() -> None:
    day = week_day(3, 0)
    rise = walk(day, 20, before=2, after=8)
    target = today_for(profile(), _level_three_with([rise]), day)
    assert not target.strength_day
    fresh = today_for(profile(), walked_weeks(2), day)
    assert fresh.strength_day
    assert not offer_strength(fresh, 2, 8)
    assert not offer_strength(fresh, 2, 2, status=SessionStatus.STOPPED_FOR_PAIN)
    assert not offer_strength(fresh, 2, 3, peak=8)
    assert offer_strength(fresh, 2, 4)


def test_progression_holds_in_a_week_with_a_pain_rise() -> None:
    history = walked_weeks(2)
    history[-1] = walk(week_day(2, 3), 15, before=1, after=6)
    target = today_for(profile(), history, week_day(3, 0))
    assert target.week == 2


# --- 4. the red-flag day -------------------------------------------------------------------------


def _red_flag(day: date, pain: int | None = None) -> SessionRecord:
    return walk(day, 0, before=pain, status=SessionStatus.RED_FLAG)._replace(
        red_flags=["leg-numbness"])


def test_a_red_flag_ends_walking_for_the_day() -> None:
    day = week_day(3, 0)
    target = today_for(profile(), [*walked_weeks(2), _red_flag(day)], day)
    assert not target.walk_allowed
    assert target.day_minutes == 0 and target.session_minutes == 0
    assert target.rule == "red-flag-day"
    assert "medical care today" in target.reason
    assert "same-day" in target.reason


def test_a_session_that_closes_today_stays_until_tomorrow() -> None:
    # Deleted from History, today's warning sign would have opened the day to a walk.
    day = week_day(3, 0)
    flag, pain_stop = _red_flag(day), walk(day, 5, status=SessionStatus.STOPPED_FOR_PAIN)
    rehearsal_flag = _red_flag(day)._replace(rehearsal=True)
    for kept in (flag, digest(flag), pain_stop, rehearsal_flag):
        assert deletion_refused(kept, day), kept
        assert not today_for(profile(), [kept], day).walk_allowed
        assert today_for(profile(), [], day).walk_allowed  # what deleting it would do
        assert deletion_refused(kept, day + timedelta(days=1)) == ""
    assert "medical care today" in deletion_refused(flag, day)
    assert "rest today" in deletion_refused(pain_stop, day)
    # Any other session goes whenever asked, today's too.
    assert deletion_refused(walk(day, 20), day) == ""
    assert deletion_refused(pain_stop._replace(rehearsal=True), day) == ""


def test_the_next_days_check_in_recalls_the_red_flag() -> None:
    day = week_day(3, 0)
    target = today_for(profile(), [*walked_weeks(2), _red_flag(day)], day + timedelta(days=1))
    assert target.walk_allowed
    assert "Yesterday you reported new leg numbness" in target.recalled_flag


def _past_midnight(record: SessionRecord) -> SessionRecord:
    """``record`` started at 23:50 on its day and ended (the sign reported) 15 minutes later."""
    start = record.started_at.replace(hour=23, minute=50)
    return record._replace(started_at=start, ended_at=start + timedelta(minutes=15))


def test_a_warning_sign_reported_after_midnight_closes_the_new_day() -> None:
    # A walk begun at 23:50 on Monday, a warning sign at 00:05 on Tuesday: Tuesday is the day
    # it was reported, so Tuesday is closed (before, only Monday was, and a walk could start
    # at 00:06).
    monday = week_day(3, 0)
    tuesday = monday + timedelta(days=1)
    flag = _past_midnight(_red_flag(monday))
    assert digest(flag).ended_day == tuesday
    for history in ([*walked_weeks(2), flag], [*walked_weeks(2), digest(flag)]):
        target = today_for(profile(), history, tuesday)
        assert not target.walk_allowed and target.rule == "red-flag-day"
        assert "You reported new leg numbness or weakness today" in target.reason
        # Wednesday is open again, and its check-in recalls the sign of the day before.
        wednesday = today_for(profile(), history, tuesday + timedelta(days=1))
        assert wednesday.walk_allowed
        assert "Yesterday you reported new leg numbness" in wednesday.recalled_flag
    # It is kept until the day it closes is over.
    assert deletion_refused(flag, tuesday) and deletion_refused(digest(flag), tuesday)
    assert deletion_refused(flag, tuesday + timedelta(days=1)) == ""
    # A week-2 stop for pain past midnight closes the new day the same way.
    stop = _past_midnight(walk(week_day(2, 0), 3, before=6, week=2,
                               status=SessionStatus.STOPPED_FOR_PAIN))
    later = today_for(profile(), [*walked_weeks(1), stop], week_day(2, 1))
    assert not later.walk_allowed and later.rule == "pain-stop-day"
    # A walk past midnight that closes nothing leaves the new day open.
    plain = _past_midnight(walk(monday, 15))
    assert today_for(profile(), [*walked_weeks(2), plain], tuesday).walk_allowed


def test_a_warning_sign_the_clock_now_calls_tomorrow_closes_today() -> None:
    # Reported at 01:00 on Tuesday (UTC+2); the laptop then moves to UTC-5, where it is
    # Monday 18:00. The sign is minutes old: Monday is closed too.
    monday = week_day(3, 0)
    tuesday = monday + timedelta(days=1)
    flag = _red_flag(tuesday)
    for history in ([*walked_weeks(2), flag], [*walked_weeks(2), digest(flag)]):
        target = today_for(profile(), history, monday)
        assert not target.walk_allowed and target.rule == "red-flag-day"
        assert "You reported new leg numbness or weakness today" in target.reason
    assert deletion_refused(flag, monday)
    # A stop for pain the same way.
    stop = walk(week_day(2, 1), 3, before=6, week=2, status=SessionStatus.STOPPED_FOR_PAIN)
    earlier = today_for(profile(), [*walked_weeks(1), stop], week_day(2, 0))
    assert not earlier.walk_allowed and earlier.rule == "pain-stop-day"
    # Further ahead than any time zone can move the date, and a walk that closes nothing,
    # leave today as it is.
    assert today_for(profile(), [*walked_weeks(2), _red_flag(tuesday + timedelta(days=1))],
                     monday).walk_allowed
    assert today_for(profile(), [*walked_weeks(2), walk(tuesday, 15)], monday).walk_allowed


def test_a_week_two_pain_stop_ends_walking_for_the_day() -> None:
    day = week_day(2, 0)
    stop = walk(day, 0, before=6, status=SessionStatus.STOPPED_FOR_PAIN, week=2)
    target = today_for(profile(), [*walked_weeks(1), stop], day)
    assert not target.walk_allowed
    assert target.rule == "pain-stop-day"


def test_a_log_in_week_two_with_high_pain_is_the_week_two_stop() -> None:
    assert week_two_log_stop(2, 2, 10)
    assert week_two_log_stop(2, 5, None)
    assert not week_two_log_stop(2, 2, 3)
    assert not week_two_log_stop(3, 2, 10)


# --- 5. the next-day check -----------------------------------------------------------------------


def test_the_day_after_a_walk_the_next_day_check_is_due_once() -> None:
    day = week_day(1, 0)
    w = walk(day, 10, before=2, after=2)
    target = today_for(profile(), [w], day + timedelta(days=1))
    assert target.day_after_session == w.id
    answered = w._replace(day_after=DayAfter(day + timedelta(days=1), BackSince.SAME, 2))
    assert today_for(profile(), [answered], day + timedelta(days=1)).day_after_session is None
    assert today_for(profile(), [w], day + timedelta(days=2)).day_after_session is None


def test_worse_the_day_after_with_pain_two_above_usual_is_a_flare_that_holds() -> None:
    history = walked_weeks(2)
    history = [h._replace(pain_before=2, pain_after=2) for h in history]
    day = week_day(3, 0)
    w = walk(day, 20, before=2, after=3)._replace(
        day_after=DayAfter(day + timedelta(days=1), BackSince.WORSE, 4))
    target = today_for(profile(), [*history, w], day + timedelta(days=1))
    assert target.flares.days == (day,)
    assert target.flares.days_since_last == 1
    assert target.flares.usual_pain == 2
    assert target.scaled_back and target.day_minutes == 15
    assert "flare" in target.reason


def test_worse_but_near_the_usual_pain_is_not_a_flare() -> None:
    day = week_day(1, 0)
    w = walk(day, 10, before=3, after=3)._replace(
        day_after=DayAfter(day + timedelta(days=1), BackSince.WORSE, 4))
    assert today_for(profile(), [w], day + timedelta(days=1)).flares.days == ()


# --- 6. every path: the overrides ----------------------------------------------------------------


def test_walk_minutes_is_capped_by_the_stenosis_bout_and_says_so() -> None:
    target = today_for(profile(conditions=[Condition.SPINAL_STENOSIS]), [], START)
    minutes, note = session_minutes_for(target, 60)
    assert minutes == 10
    assert "stenosis" in note


def test_walk_minutes_is_capped_by_a_scale_back() -> None:
    rise = walk(week_day(3, 0), 20, before=2, after=5)
    target = today_for(profile(), _level_three_with([rise]), week_day(3, 1))
    assert session_minutes_for(target, 30) == (15, "You asked for 30 minutes; this walk is 15: "
                                                    "the plan is scaled back after pain rose.")
    assert session_minutes_for(target, 12) == (12, "")


def test_walk_minutes_above_the_plan_are_walked_and_said() -> None:
    target = today_for(profile(), [], START)  # level 1: 10 minutes
    assert session_minutes_for(target, 30) == (30, "You asked for 30 minutes; today's plan is "
                                                    "10. Keep the pace easy, and end the walk "
                                                    "early if pain rises.")
    assert session_minutes_for(target, 10) == (10, "")
    assert session_minutes_for(target, 8) == (8, "")


# --- 7. conditions over time ---------------------------------------------------------------------


def _after_surgery(**kw: object) -> Profile:
    return profile(conditions=[Condition.DISC_HERNIATION, Condition.MICRODISCECTOMY],
                   surgery_date=date(2026, 3, 1), surface=Surface.TREADMILL, **kw)


def test_microdiscectomy_supersedes_the_herniation_it_treated() -> None:
    target = today_for(_after_surgery(), [], date(2026, 3, 16))
    assert target.walk_allowed
    assert not any("pool" in n for n in target.condition_notes)


def test_post_op_starts_at_level_one_on_surgery_plus_fourteen_days() -> None:
    target = today_for(_after_surgery(), [], date(2026, 3, 15))
    assert (target.week, target.calendar_week, target.day_minutes) == (1, 1, 10)
    assert not today_for(_after_surgery(), [], date(2026, 3, 14)).walk_allowed


def test_recent_herniation_and_post_op_status_are_asked_again_after_six_weeks() -> None:
    p = _after_surgery()
    assert today_for(p, [], date(2026, 4, 1)).review_due == ()
    assert Condition.MICRODISCECTOMY in today_for(p, [], date(2026, 4, 14)).review_due
    reviewed = p._replace(conditions_reviewed_on=date(2026, 4, 12))
    assert today_for(reviewed, [], date(2026, 4, 20)).review_due == ()


# --- 8. escalation after weeks of walking --------------------------------------------------------


def test_escalation_is_asked_after_four_weeks_of_walking_not_of_calendar() -> None:
    assert not today_for(profile(), [], week_day(6, 0)).escalation_due
    assert not today_for(profile(), walked_weeks(3), week_day(6, 0)).escalation_due
    assert today_for(profile(), walked_weeks(4), week_day(5, 0)).escalation_due
    asked = profile(escalation_asked_on=week_day(5, 0))
    assert not today_for(asked, walked_weeks(4), week_day(5, 3)).escalation_due


# --- 9. rehearsals -------------------------------------------------------------------------------


def test_a_rehearsal_is_not_a_walk() -> None:
    history = [walk(week_day(1, d), 10)._replace(rehearsal=True) for d in range(4)]
    assert today_for(profile(), history, week_day(2, 0)).week == 1
    assert digest(history[0]).rehearsal
