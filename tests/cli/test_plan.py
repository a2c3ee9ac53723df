"""`stride profile` then `stride plan`: today's target and its reason, worked out by hand.

The programme starts on Monday 2026-03-02, so week 2 is 03-09..03-15 and week 3 starts 03-16.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from stride_tui.core.plan import CONDITION_CHANGES
from stride_tui.core.records import Condition, Profile, SessionRecord

from .helpers import run, seed, walk

START = date(2026, 3, 2)
WEEK_MINUTES = [10, 15, 20, 25, 30, 33, 36, 39, 42]  # 30 → +10 % a week, rounded down
WEEK_DAYS = [[3, 4], [4, 5], [5, 5], [5, 6], [5, 7], [5, 7], [5, 7], [5, 7], [5, 7]]


def plan_json(today: str) -> dict[str, Any]:
    result = run("plan", "--json", today=today)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_weeks(data: dict[str, Any], current: int, last: int) -> None:
    weeks = data["weeks"]
    assert [w["week"] for w in weeks] == list(range(1, last + 1))
    assert [w["minutes"] for w in weeks] == WEEK_MINUTES[:last]
    assert [w["days"] for w in weeks] == WEEK_DAYS[:last]
    assert [w["week"] for w in weeks if w["current"]] == [current]
    assert all(w["focus"] and w["tip"] for w in weeks)


def full_week_two(last_minutes: float = 15, before: int | None = None,
                  after: int | None = None) -> list[SessionRecord]:
    """Week 1 walked in full (3 days of 10 minutes), then four walking days in week 2 (its plan
    asks for 4–5); the last one on Sunday 03-15."""
    week_one = [walk(date(2026, 3, d), 10, 2, 2, week=1) for d in (2, 3, 4)]
    days = [date(2026, 3, 9), date(2026, 3, 10), date(2026, 3, 11)]
    walks = [*week_one, *(walk(d, 15, 2, 2, week=2) for d in days)]
    walks.append(walk(date(2026, 3, 15), last_minutes, before, after, week=2))
    return walks


def test_profile_creates_the_profile_and_plan_in_week_1_asks_for_10_minutes(
    data_dir: Path,
) -> None:
    made = run("profile", "--start-date", "2026-03-02", "--json", today="2026-03-04")
    assert made.returncode == 0, made.stderr
    profile = json.loads(made.stdout)
    assert profile["start_date"] == "2026-03-02"
    assert profile["surface"] == "treadmill" and profile["conditions"] == []
    assert (data_dir / "stride.json").stat().st_mode & 0o777 == 0o600
    assert data_dir.stat().st_mode & 0o777 == 0o700

    data = plan_json("2026-03-04")
    assert data["today"] == "2026-03-04"
    assert data["profile"] == profile
    assert data["week"] == 1
    assert (data["level"], data["calendar_week"]) == (1, 1)
    assert data["target"] == {
        "minutes": 10,
        "session_minutes": 10,
        "level": 1,
        "calendar_week": 1,
        "completed_level": 0,
        "weeks_walked": 0,
        "rule": "level",
        "reason": "Level 1 of the plan. 10 minutes, 3–4 days a week.",
        "walk_allowed": True,
        "blocked_reason": None,
        "scaled_back": False,
        "rest_advised": False,
        "strength_day": True,
        "cool_down": False,
        "escalation_due": False,
        "review_due": [],
        "recalled_flag": None,
        "condition_changes": [],
    }
    assert_weeks(data, current=1, last=5)


def test_plan_in_week_3_after_a_full_week_2_asks_for_20_minutes(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), full_week_two())
    data = plan_json("2026-03-16")
    assert data["week"] == 3
    assert data["target"]["minutes"] == 20
    assert data["target"]["session_minutes"] == 20
    assert data["target"]["reason"] == (
        "Level 3: you completed level 2 (4 days at 12+ minutes). 20 minutes, 5 days a week."
    )
    assert data["target"]["walk_allowed"] is True
    assert_weeks(data, current=3, last=5)


def test_plan_in_week_3_after_a_short_week_2_repeats_level_2(data_dir: Path) -> None:
    short = full_week_two()[:6]  # three days of week 2: fewer than its four
    seed(data_dir, Profile(start_date=START), short)
    target = plan_json("2026-03-16")["target"]
    assert target["minutes"] == 15
    assert (target["level"], target["calendar_week"]) == (2, 3)
    assert target["reason"].startswith("Level 2 again: last week had 3 of the 4 days needed")


def test_pain_rising_3_points_in_the_last_walk_scales_back_to_three_quarters_of_it(
    data_dir: Path,
) -> None:
    # The last walk: 16 minutes at level 2 (15), pain 2 → 5 (a rise of 3, more than 2): the
    # level is held at 2, and the day is scaled back from the level's 15: 15 × 3/4 = 11.
    seed(data_dir, Profile(start_date=START), full_week_two(16, before=2, after=5))
    target = plan_json("2026-03-16")["target"]
    assert target["level"] == 2
    assert target["minutes"] == 11
    assert target["session_minutes"] == 11
    assert target["rule"] == "scale-back"
    assert target["reason"].startswith("Scaled back to 11 minutes: pain rose from 2 to 5 "
                                       "yesterday.")


def test_pain_rising_exactly_2_points_is_not_scaled_back(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), full_week_two(16, before=2, after=4))
    target = plan_json("2026-03-16")["target"]
    assert target["minutes"] == 20
    assert target["reason"] == (
        "Level 3: you completed level 2 (4 days at 12+ minutes). 20 minutes, 5 days a week."
    )


def test_spinal_stenosis_keeps_the_session_to_a_10_minute_bout(data_dir: Path) -> None:
    made = run("profile", "--start-date", "2026-03-02", "--condition", "spinal-stenosis",
               today="2026-03-16")
    assert made.returncode == 0, made.stderr
    seed(data_dir, None, full_week_two())
    target = plan_json("2026-03-16")["target"]
    assert target["minutes"] == 20
    assert target["session_minutes"] == 10
    assert target["reason"] == (
        "Level 3: you completed level 2 (4 days at 12+ minutes). 20 minutes, 5 days a week. "
        "Spinal stenosis: this bout is 10 minutes; walk the rest in another bout."
    )
    assert target["condition_changes"] == [CONDITION_CHANGES[Condition.SPINAL_STENOSIS]]


def test_microdiscectomy_before_surgery_plus_14_days_does_not_allow_a_walk(
    data_dir: Path,
) -> None:
    made = run("profile", "--start-date", "2026-03-02", "--condition", "microdiscectomy",
               "--surgery-date", "2026-02-25", today="2026-03-10")
    assert made.returncode == 0, made.stderr
    data = plan_json("2026-03-10")  # surgery + 13 days
    blocked = ("After microdiscectomy, treadmill walking starts 2 weeks after surgery — "
               "from Wed 11 Mar 2026.")
    assert data["target"]["walk_allowed"] is False
    assert data["target"]["minutes"] == 0
    assert data["target"]["session_minutes"] == 0
    assert data["target"]["reason"] == blocked
    assert data["target"]["blocked_reason"] == blocked
    assert data["target"]["condition_changes"] == [CONDITION_CHANGES[Condition.MICRODISCECTOMY]]

    on_day_14 = plan_json("2026-03-11")["target"]
    assert on_day_14["walk_allowed"] is True
    assert on_day_14["blocked_reason"] is None
    assert on_day_14["minutes"] > 0


def test_plan_in_calendar_week_7_without_walks_is_still_level_1(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START))
    data = plan_json((START + timedelta(weeks=6)).isoformat())
    assert (data["week"], data["calendar_week"]) == (1, 7)
    assert_weeks(data, current=1, last=5)
    assert data["target"]["minutes"] == 10  # the calendar alone never raises the target
    assert data["target"]["cool_down"] is False


def test_plan_without_a_profile_starts_from_today_and_writes_nothing(data_dir: Path) -> None:
    data = plan_json("2026-03-04")
    assert data["profile"] is None
    assert data["week"] == 1
    assert_weeks(data, current=1, last=5)
    assert not data_dir.exists()


ROW = re.compile(r"^([▶ ]) +(\d+) +(\d+) +(\S+)  (.+) — (.+)$")


def test_plan_text_shows_the_weeks_table_with_the_current_week_marked(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=START), full_week_two())
    result = run("plan", today="2026-03-16")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Level 3 (calendar week 3) — today: 20 min"
    assert lines[1] == ("  Level 3: you completed level 2 (4 days at 12+ minutes). 20 minutes, "
                        "5 days a week.")
    header = next(i for i, line in enumerate(lines) if line.split() == ["week", "min/day",
                                                                       "days", "focus"])
    rows = [ROW.match(line) for line in lines[header + 1:]]
    assert all(rows), lines[header + 1:]
    table = [(m[1], int(m[2]), int(m[3]), m[4]) for m in rows if m]
    assert table == [
        (" ", 1, 10, "3–4"),
        (" ", 2, 15, "4–5"),
        ("▶", 3, 20, "5"),
        (" ", 4, 25, "5–6"),
        (" ", 5, 30, "5–7"),
    ]


def test_plan_text_without_a_profile_says_so(data_dir: Path) -> None:
    result = run("plan", today="2026-03-04")
    assert result.returncode == 0
    assert result.stdout.startswith("No profile yet")
    assert "Level 1 (calendar week 1) — today: 10 min" in result.stdout
