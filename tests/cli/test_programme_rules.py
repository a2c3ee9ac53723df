"""The cases of issue #10, each through the real `stride` command with STRIDE_TODAY pinned.

Each failed on the calendar-driven plan: these are the programme following the person.
The programme starts Monday 2026-03-02 (calendar week n starts on 03-02 + 7(n - 1) days).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stride_tui.core.plan import week_plan
from stride_tui.core.records import Condition, Profile, SessionRecord, SessionStatus, Surface
from stride_tui.store import Store

from .helpers import assert_usage_error, run, seed, walk

START = date(2026, 3, 2)


def day_of(week: int, weekday: int = 0) -> date:
    return START + timedelta(days=7 * (week - 1) + weekday)


def walked_in_full(weeks: int) -> list[SessionRecord]:
    """Calendar weeks 1..``weeks`` each walked at its level: the minimum days, full minutes."""
    out = []
    for w in range(1, weeks + 1):
        plan = week_plan(w)
        out += [walk(day_of(w, d), plan.minutes, 2, 2, week=w) for d in range(plan.min_days)]
    return out


def target(today: date) -> dict[str, Any]:
    result = run("plan", "--json", today=today.isoformat())
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)["target"]
    return data


def red_flag_today(day: date, pain: int | None = None) -> SessionRecord:
    return walk(day, 0, pain, hour=7, status=SessionStatus.RED_FLAG)._replace(
        red_flags=["leg-numbness"])


def sessions(data_dir: Path) -> list[SessionRecord]:
    with Store.open(data_dir, readonly=True) as store:
        return store.sessions()


# --- the ladder ------------------------------------------------------------------------------


def test_three_short_walks_fourteen_weeks_ago_are_not_told_45_minutes(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), [walk(day_of(1, d), 10) for d in range(3)])
    t = target(day_of(15, 2))
    assert t["minutes"] == 10
    assert (t["level"], t["calendar_week"]) == (1, 15)


def test_never_walked_five_weeks_in_is_still_ten_minutes(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START))
    assert target(day_of(5, 1))["minutes"] == 10


def test_three_weeks_off_after_four_full_weeks_returns_at_the_last_walk_not_above(
    data_dir: Path,
) -> None:
    seed(data_dir, Profile(start_date=START), walked_in_full(4))
    t = target(day_of(8, 0))
    assert t["minutes"] == 25  # the last walks were 25 minutes; main said 36
    assert "stepped back from 5" in t["reason"]


def test_four_one_minute_walks_do_not_unlock_week_two(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), [walk(day_of(1, d), 1) for d in range(4)])
    t = target(day_of(2, 0))
    assert (t["level"], t["minutes"]) == (1, 10)


# --- graded recovery -------------------------------------------------------------------------


def test_one_walk_without_a_rise_after_three_rises_does_not_jump_back_to_full(
    data_dir: Path,
) -> None:
    history = [*walked_in_full(2)]
    minutes = 20.0
    for n in range(3):  # 2 → 5 on three walks in a row, each walking what the plan said
        day = day_of(3, n)
        seed(data_dir, Profile(start_date=START), [*history])
        minutes = float(target(day)["minutes"])
        history.append(walk(day, minutes, 2, 5, week=3))
    history.append(walk(day_of(3, 3), minutes, 2, 2, week=3))
    seed(data_dir, None, history)
    t = target(day_of(3, 4))
    assert t["minutes"] < 20
    assert t["minutes"] <= minutes * 1.1 + 1
    assert t["rule"] in ("hold", "recovery")


def test_with_stenosis_a_rise_on_one_bout_scales_the_day_not_down_to_the_bout(
    data_dir: Path,
) -> None:
    profile = Profile(start_date=START, conditions=[Condition.SPINAL_STENOSIS])
    day = day_of(7, 0)
    bouts = [walk(day, 10, 2, 2, hour=8), walk(day, 10, 2, 2, hour=10),
             walk(day, 10, 2, 5, hour=12), walk(day, 3, 2, 2, hour=14)]
    seed(data_dir, profile, [*walked_in_full(6), *bouts])
    t = target(day + timedelta(days=1))
    assert t["minutes"] == 25  # three quarters of the 33 walked that day; main said 8
    assert t["session_minutes"] == 10


# --- the red-flag day ------------------------------------------------------------------------


def test_after_a_red_flag_at_check_in_plan_walk_and_log_all_refuse_today(data_dir: Path) -> None:
    day = day_of(3, 1)
    seed(data_dir, Profile(start_date=START), [*walked_in_full(2), red_flag_today(day)])
    t = target(day)
    assert t["walk_allowed"] is False
    assert t["rule"] == "red-flag-day"
    assert "medical care today" in t["reason"]
    before = sessions(data_dir)
    walked = run("walk", today=day.isoformat())
    assert_usage_error(walked, "no walk today", "leg numbness", "medical care today")
    logged = run("log", "--minutes", "20", today=day.isoformat())
    assert_usage_error(logged, "not logged", "leg numbness")
    assert sessions(data_dir) == before
    # The next day walking is allowed again, and the flag is recalled.
    tomorrow = target(day + timedelta(days=1))
    assert tomorrow["walk_allowed"] is True
    assert "Yesterday you reported new leg numbness" in tomorrow["recalled_flag"]


def test_without_a_profile_a_red_flag_still_closes_the_day_to_log(data_dir: Path) -> None:
    # Sessions can come before a profile (an import into a new folder); the day is still closed.
    day = day_of(3, 1)
    seed(data_dir, None, [red_flag_today(day)])
    before = sessions(data_dir)
    logged = run("log", "--minutes", "20", today=day.isoformat())
    assert_usage_error(logged, "not logged", "leg numbness")
    assert sessions(data_dir) == before
    # Another day is not closed by it.
    other = run("log", "--minutes", "20", today=(day + timedelta(days=1)).isoformat())
    assert other.returncode == 0, other.stderr


def test_a_red_flag_reported_after_midnight_closes_that_day_to_walk_and_log(
    data_dir: Path,
) -> None:
    # Begun at 23:50 on Monday, the sign reported at 00:05 on Tuesday.
    monday = day_of(3, 0)
    flag = red_flag_today(monday)
    start = flag.started_at.replace(hour=23, minute=50)
    late = flag._replace(started_at=start, ended_at=start + timedelta(minutes=15))
    seed(data_dir, Profile(start_date=START), [*walked_in_full(2), late])
    tuesday = (monday + timedelta(days=1)).isoformat()
    assert_usage_error(run("walk", today=tuesday), "no walk today", "leg numbness")
    assert_usage_error(run("log", "--minutes", "20", today=tuesday), "not logged")
    assert target(monday + timedelta(days=2))["walk_allowed"] is True


def test_a_red_flag_the_clock_now_calls_tomorrow_closes_today_to_walk_and_log(
    data_dir: Path,
) -> None:
    # Reported early on Tuesday; the clock has since moved back to Monday (a time zone west).
    monday = day_of(3, 0)
    seed(data_dir, Profile(start_date=START),
         [*walked_in_full(2), red_flag_today(monday + timedelta(days=1))])
    assert_usage_error(run("walk", today=monday.isoformat()), "no walk today", "leg numbness")
    assert_usage_error(run("log", "--minutes", "20", today=monday.isoformat()), "not logged")


def test_a_red_flag_left_unsaved_in_the_checkpoint_still_closes_the_day_to_log(
    data_dir: Path,
) -> None:
    # The save failed (a full disk, say), so the warning sign waits in the checkpoint for the
    # app to keep it: until then `stride log` must not open the day either.
    day = day_of(3, 1)
    seed(data_dir, Profile(start_date=START), walked_in_full(2))
    with Store.open(data_dir) as store:
        store.write_checkpoint(red_flag_today(day))
    before = sessions(data_dir)
    assert_usage_error(run("log", "--minutes", "20", today=day.isoformat()),
                       "not logged", "leg numbness")
    assert sessions(data_dir) == before
    other = run("log", "--minutes", "20", today=(day + timedelta(days=1)).isoformat())
    assert other.returncode == 0, other.stderr


def test_a_red_flag_with_no_pain_is_stored_as_unknown(data_dir: Path) -> None:
    day = day_of(1, 0)
    seed(data_dir, Profile(start_date=START), [red_flag_today(day)])
    (saved,) = sessions(data_dir)
    assert saved.pain_before is None


def test_after_a_week_two_pain_stop_walk_and_log_refuse_today(data_dir: Path) -> None:
    day = day_of(2, 2)
    stop = walk(day, 0, 6, hour=7, week=2, status=SessionStatus.STOPPED_FOR_PAIN)
    seed(data_dir, Profile(start_date=START), [*walked_in_full(1), stop])
    assert target(day)["walk_allowed"] is False
    assert_usage_error(run("walk", today=day.isoformat()), "no walk today", "stopped for pain")
    assert_usage_error(run("log", "--minutes", "15", today=day.isoformat()), "not logged")


# --- `stride log` respects every block ---------------------------------------------------------


def test_log_is_refused_while_walking_is_paused_for_evaluation(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START, evaluation_advised_on=day_of(6, 0)))
    result = run("log", "--minutes", "20", today=day_of(6, 2).isoformat())
    assert_usage_error(result, "not logged", "physical therapist or doctor")
    assert sessions(data_dir) == []


def test_a_walk_done_before_the_warning_signs_can_still_be_logged(data_dir: Path) -> None:
    # The signs were reported on Monday; Sunday's walk, done before them, is kept.
    seed(data_dir, Profile(start_date=START, evaluation_advised_on=day_of(6, 0)))
    sunday = day_of(5, 6).isoformat()
    result = run("log", "--minutes", "20", "--date", sunday, today=day_of(6, 2).isoformat())
    assert result.returncode == 0, result.stderr
    assert [s.day.isoformat() for s in sessions(data_dir)] == [sunday]
    monday = day_of(6, 0).isoformat()
    result = run("log", "--minutes", "20", "--date", monday, today=day_of(6, 2).isoformat())
    assert_usage_error(result, "not logged", "physical therapist or doctor")


def test_log_is_refused_before_the_post_op_wait_is_over(data_dir: Path) -> None:
    profile = Profile(start_date=START, conditions=[Condition.MICRODISCECTOMY],
                      surgery_date=START)
    seed(data_dir, profile)
    result = run("log", "--minutes", "10", today=day_of(2, 5).isoformat())  # surgery + 12
    assert_usage_error(result, "not logged", "2 weeks after surgery")


def test_log_is_refused_on_the_wrong_surface_for_a_herniation(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START, conditions=[Condition.DISC_HERNIATION],
                           surface=Surface.OUTDOOR))
    assert_usage_error(run("log", "--minutes", "10", today=START.isoformat()), "pool")


def test_log_in_week_two_with_pain_ten_is_saved_as_a_pain_stop(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), walked_in_full(1))
    day = day_of(2, 1).isoformat()
    result = run("log", "--minutes", "15", "--pain-before", "2", "--pain-after", "10", today=day)
    assert result.returncode == 0, result.stderr
    assert "stop above 3/10" in result.stdout
    logged = [s for s in sessions(data_dir) if s.day == day_of(2, 1)]
    assert [s.status for s in logged] == [SessionStatus.STOPPED_FOR_PAIN]
    assert target(day_of(2, 1))["walk_allowed"] is False


# --- `stride profile` --------------------------------------------------------------------------


def test_profile_refuses_a_surgery_date_next_month(data_dir: Path) -> None:
    result = run("profile", "--start-date", "2026-03-02", "--condition", "microdiscectomy",
                 "--surgery-date", "2026-04-10", today="2026-03-05")
    assert_usage_error(result, "2026-04-10", "future")
    assert not (data_dir / "stride.json").exists() or sessions(data_dir) == []


def test_profile_refuses_a_start_date_in_the_future(data_dir: Path) -> None:
    # The plan counted "calendar week 1" for a programme that started weeks later.
    result = run("profile", "--start-date", "2026-04-10", today="2026-03-05")
    assert_usage_error(result, "2026-04-10", "future")
    assert not (data_dir / "stride.json").exists()
    seed(data_dir, Profile(start_date=START))
    result = run("profile", "--start-date", "2026-04-10", today="2026-03-05")
    assert_usage_error(result, "2026-04-10", "future")
    assert run("profile", "--start-date", "2026-03-05", today="2026-03-05").returncode == 0


def test_profile_refuses_a_surgery_date_without_microdiscectomy(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START))
    result = run("profile", "--surgery-date", "2026-02-01", today="2026-03-05")
    assert_usage_error(result, "microdiscectomy")


def test_profile_evaluated_lifts_the_pause_and_records_when(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START, evaluation_advised_on=day_of(6, 0)))
    today = day_of(6, 4)
    assert target(today)["walk_allowed"] is False
    early = run("profile", "--evaluated", day_of(5, 0).isoformat(), today=today.isoformat())
    assert_usage_error(early, "on or after")
    done = run("profile", "--evaluated", day_of(6, 3).isoformat(), "--json",
               today=today.isoformat())
    assert done.returncode == 0, done.stderr
    saved = json.loads(done.stdout)
    assert saved["evaluation_advised_on"] is None
    assert saved["evaluated_on"] == day_of(6, 3).isoformat()
    assert target(today)["walk_allowed"] is True


def test_profile_pause_and_resume_freeze_progression_without_penalty(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), walked_in_full(4))
    paused = run("profile", "--pause", day_of(5, 0).isoformat(), today=day_of(5, 2).isoformat())
    assert paused.returncode == 0, paused.stderr
    assert target(day_of(7, 0))["rule"] == "away"
    again = run("profile", "--pause", today=day_of(7, 0).isoformat())
    assert_usage_error(again, "already paused")
    resumed = run("profile", "--resume", today=day_of(9, 0).isoformat())
    assert resumed.returncode == 0, resumed.stderr
    t = target(day_of(9, 0))
    assert t["walk_allowed"] is True
    assert t["level"] == 5  # four weeks away did not step back
    assert_usage_error(run("profile", "--resume", today=day_of(9, 0).isoformat()), "not paused")


def test_profile_pause_waits_for_an_unfinished_walk_to_be_kept_or_discarded(
    data_dir: Path,
) -> None:
    seed(data_dir, Profile(start_date=START), walked_in_full(2))
    left = walk(day_of(3, 0), 12)._replace(status=SessionStatus.IN_PROGRESS, ended_at=None)
    with Store.open(data_dir) as store:
        store.write_checkpoint(left)
    refused = run("profile", "--pause", today=day_of(3, 1).isoformat())
    assert_usage_error(refused, "unfinished walk")
    with Store.open(data_dir, readonly=True) as store:
        profile = store.load_profile()
    assert profile is not None and profile.paused_from is None  # nothing was changed
    with Store.open(data_dir) as store:
        store.clear_checkpoint()
    assert run("profile", "--pause", today=day_of(3, 1).isoformat()).returncode == 0


# --- conditions over time ------------------------------------------------------------------------


def test_herniation_with_microdiscectomy_is_not_a_deadlock(data_dir: Path) -> None:
    profile = Profile(start_date=START, surface=Surface.TREADMILL, surgery_date=START,
                      conditions=[Condition.DISC_HERNIATION, Condition.MICRODISCECTOMY])
    seed(data_dir, profile)
    t = target(day_of(3, 0))
    assert t["walk_allowed"] is True
    assert not any("pool" in c for c in t["condition_changes"])


def test_post_op_starts_at_level_one_on_surgery_plus_fourteen(data_dir: Path) -> None:
    profile = Profile(start_date=START, surface=Surface.TREADMILL, surgery_date=START,
                      conditions=[Condition.MICRODISCECTOMY])
    seed(data_dir, profile)
    t = target(day_of(3, 0))
    assert (t["level"], t["calendar_week"], t["minutes"]) == (1, 1, 10)


# --- escalation, and plan and progress agree -----------------------------------------------------


def test_escalation_is_not_asked_in_week_five_with_no_walks_and_plan_and_progress_agree(
    data_dir: Path,
) -> None:
    seed(data_dir, Profile(start_date=START), [walk(day_of(5, 0), 10, 6, 6)])
    day = day_of(5, 2).isoformat()
    plan = target(day_of(5, 2))
    assert plan["escalation_due"] is False
    progress = json.loads(run("progress", "--json", today=day).stdout)
    assert progress["walk_allowed"] is plan["walk_allowed"] is True
    assert not any(m.startswith("Stop walking") for m in progress["messages"])


# --- rehearsals ----------------------------------------------------------------------------------


def test_a_rehearsal_is_shown_as_such_and_does_not_count(data_dir: Path) -> None:
    rehearsals = [walk(day_of(1, d), 10)._replace(rehearsal=True) for d in range(4)]
    seed(data_dir, Profile(start_date=START), rehearsals)
    assert target(day_of(2, 0))["level"] == 1
    shown = run("history", today=day_of(2, 0).isoformat())
    assert shown.stdout.count("(rehearsal)") == 4
    progress = json.loads(run("progress", "--json", "--week", "2026-W10",
                              today=day_of(2, 0).isoformat()).stdout)
    assert progress["days_walked"] == 0
    assert progress["streak"] == 0
