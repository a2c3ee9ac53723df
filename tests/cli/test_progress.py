"""`stride progress --json --week …` against weeks worked out by hand.

Start Monday 2026-03-02, so ISO week 2026-W12 (Mon 03-16 … Sun 03-22) is calendar week 3. Week
1 had one walk of its three days, so it repeated level 1; week 2's three walks of 15 minutes
completed level 1, so W12 is at level 2: 15 minutes a day, 4–5 days. Today is Thursday 03-19,
and its red-flag stop ends walking for today (the same answer as `stride plan`).

  W10  Tue 03-03  10 min
  W11  Fri 03-13, Sat 03-14, Sun 03-15  15 min each                 45 min, 3 days
  W12  Mon 03-16  10 min (pain 3→2) and 10 min (pain 2→2)           a split-walk dose day
       Tue 03-17  20 min (pain 4→3), strength done                  a dose day
       Wed 03-18  9 min and 11 min                                  20 min, but 9 < 10: no dose
       Thu 03-19  a red-flag stop, no walking                       not a walk
                                                                    60 min, 3 days, 2 dose days
  Streak to Thu: Wed back to Fri 03-13 = 6 days, across the W11/W12 boundary.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import Profile, SessionStatus

from .helpers import assert_usage_error, run, seed, walk

TODAY = "2026-03-19"


@pytest.fixture
def weeks(data_dir: Path) -> Path:
    d = date
    seed(data_dir, Profile(start_date=d(2026, 3, 2)), [
        walk(d(2026, 3, 3), 10),
        walk(d(2026, 3, 13), 15, week=2),
        walk(d(2026, 3, 14), 15, week=2),
        walk(d(2026, 3, 15), 15, week=2),
        walk(d(2026, 3, 16), 10, 3, 2, hour=7, week=3),
        walk(d(2026, 3, 16), 10, 2, 2, hour=18, week=3),
        walk(d(2026, 3, 17), 20, 4, 3, week=3, strength=True),
        walk(d(2026, 3, 18), 9, hour=7, week=3),
        walk(d(2026, 3, 18), 11, hour=18, week=3),
        walk(d(2026, 3, 19), 0, 5, week=3, status=SessionStatus.RED_FLAG),
    ])
    return data_dir


def progress(*args: str, today: str = TODAY) -> dict[str, Any]:
    result = run("progress", "--json", *args, today=today)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_progress_of_2026_w12_matches_the_week_worked_by_hand(weeks: Path) -> None:
    data = progress("--week", "2026-W12")
    trend = data.pop("weekly_minutes")
    today = data.pop("today")
    assert data.pop("walk_allowed") is False is today["walk_allowed"]
    assert data.pop("distance_m") is None  # no treadmill in these walks
    assert today["rule"] == "red-flag-day"
    assert data.pop("flares") == {
        "days": [], "count": 0, "days_since_last": None, "usual_pain": 3.0,
        "usual_pain_over_time": [
            {"day": "2026-03-16", "usual_pain": 2.5},
            {"day": "2026-03-17", "usual_pain": 3.0},
            {"day": "2026-03-18", "usual_pain": 3.0},
        ],
    }
    assert data == {
        "week": "2026-W12",
        "monday": "2026-03-16",
        "programme_week": 2,
        "days_walked": 3,
        "target_days": [4, 5],
        "minutes": 60.0,
        "target_minutes_per_day": 15,
        "target_minutes": 60,
        "dose_days": 2,
        "dose_days_target": 5,
        "strength_days": 1,
        "streak": 6,
        "pain": [
            {"day": "2026-03-16", "before": 3, "after": 2},
            {"day": "2026-03-16", "before": 2, "after": 2},
            {"day": "2026-03-17", "before": 4, "after": 3},
        ],
        "minutes_change": 15.0,
        "days_change": 0,
        "messages": [
            "Pain fell during most walks this week — you are on track.",
            "You reported a warning sign today: do not walk; get medical care today.",
        ],
    }
    assert trend == [
        {"week": f"2026-W{n:02d}", "minutes": {10: 10.0, 11: 45.0, 12: 60.0}.get(n, 0.0),
         "distance_m": None}
        for n in range(1, 13)
    ]


def test_progress_without_week_is_this_weeks(weeks: Path) -> None:
    assert progress() == progress("--week", "2026-W12")


def test_progress_of_the_week_before_ends_its_streak_on_its_sunday(weeks: Path) -> None:
    data = progress("--week", "2026-W11")
    assert data["programme_week"] == 2
    assert data["target_days"] == [4, 5]
    assert (data["days_walked"], data["minutes"], data["dose_days"]) == (3, 45.0, 0)
    assert data["streak"] == 3  # Fri, Sat, Sun: the streak is counted up to the week's end
    assert (data["minutes_change"], data["days_change"]) == (35.0, 2)
    assert len(data["weekly_minutes"]) == 12
    assert data["weekly_minutes"][-1] == {"week": "2026-W11", "minutes": 45.0,
                                          "distance_m": None}


def test_progress_text_shows_the_same_week(weeks: Path) -> None:
    result = run("progress", "--week", "2026-W12", today=TODAY)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["2026-W12", "(programme", "week", "2)"]
    assert ["days", "walked", "3", "of", "4–5"] in lines
    assert ["minutes", "60", "(plan", "15/day)"] in lines
    assert ["20-min", "days", "2", "of", "5"] in lines
    assert ["streak", "6", "days"] in lines
    assert ["vs", "last", "week", "+15", "min"] in lines


def test_progress_of_iso_week_2026_w53_is_accepted(data_dir: Path) -> None:
    data = progress("--week", "2026-W53", today="2027-01-05")
    assert data["week"] == "2026-W53"
    assert data["monday"] == "2026-12-28"
    assert data["days_walked"] == 0 and data["minutes"] == 0
    labels = [w["week"] for w in data["weekly_minutes"]]
    assert labels == [f"2026-W{n}" for n in range(42, 54)]
    assert not data_dir.exists()


@pytest.mark.parametrize("week", ["2026-W54", "2025-W53", "2026-W00", "2026-12", "W12", "soon"])
def test_progress_of_an_impossible_week_is_refused(week: str, data_dir: Path) -> None:
    result = run("progress", "--week", week, "--json", today=TODAY)
    assert_usage_error(result, repr(week), "2026-W09")
    assert not data_dir.exists()
