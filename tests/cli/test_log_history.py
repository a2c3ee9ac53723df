"""`stride log` then `stride history`: newest first, every field, --limit."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from stride_tui.core.records import SessionStatus

from .helpers import run, seed, walk

TODAY = "2026-03-06"
FIELDS = {
    "id", "day", "started_at", "ended_at", "status", "target_minutes", "week", "surface",
    "walked_seconds", "pain_before", "pain_after", "pain_checks", "cues", "warm_up",
    "strength", "cool_down", "red_flags", "note", "rehearsal", "day_after", "belt",
}


def log(*args: str) -> None:
    result = run("log", *args, today=TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Logged a ")


def history(*args: str) -> list[dict[str, Any]]:
    result = run("history", "--json", *args, today=TODAY)
    assert result.returncode == 0, result.stderr
    data: list[dict[str, Any]] = json.loads(result.stdout)
    return data


def test_log_says_what_it_logged(data_dir: Path) -> None:
    result = run("log", "--minutes", "12", "--date", "2026-03-04", today=TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Logged a 12-minute walk on 2026-03-04.\n"
    assert (data_dir / "stride.json").stat().st_mode & 0o777 == 0o600


def test_log_says_what_the_two_pain_scores_mean_as_the_app_does(data_dir: Path) -> None:
    rose = run("log", "--minutes", "20", "--pain-before", "2", "--pain-after", "6",
               "--date", "2026-03-04", today=TODAY)
    assert rose.returncode == 0, rose.stderr
    assert rose.stdout.splitlines()[1].startswith("Pain rose from 2 to 6.")
    assert "next walk will be shorter" in rose.stdout
    fell = run("log", "--minutes", "20", "--pain-before", "3", "--pain-after", "1", today=TODAY)
    assert fell.stdout.splitlines()[1].startswith("Pain fell from 3 to 1")
    one = run("log", "--minutes", "20", "--pain-before", "3", today=TODAY)
    assert len(one.stdout.splitlines()) == 1  # one score: nothing to compare


def test_logged_walks_come_back_newest_first_with_exact_fields(data_dir: Path) -> None:
    made = run("profile", "--start-date", "2026-02-23", "--surface", "outdoor", today=TODAY)
    assert made.returncode == 0, made.stderr
    log("--minutes", "10", "--date", "2026-03-03", "--pain-before", "3", "--pain-after", "2")
    log("--minutes", "15", "--date", "2026-03-05")
    log("--minutes", "12", "--date", "2026-02-27", "--pain-before", "0", "--pain-after", "10")

    sessions = history()
    assert [s["day"] for s in sessions] == ["2026-03-05", "2026-03-03", "2026-02-27"]
    for s in sessions:
        assert set(s) == FIELDS
        assert re.fullmatch(r"[0-9a-f]{32}", s["id"])
        started = datetime.fromisoformat(s["started_at"])
        ended = datetime.fromisoformat(s["ended_at"])
        assert started.date() == date.fromisoformat(s["day"])
        assert started.utcoffset() is not None
        assert ended - started == timedelta(seconds=s["walked_seconds"])
        assert s["status"] == "completed"
        assert s["surface"] == "outdoor"
        assert s["note"] == "Logged from the command line."
        for key in ("pain_checks", "cues", "warm_up", "strength", "cool_down", "red_flags"):
            assert s[key] == []
    assert len({s["id"] for s in sessions}) == 3

    newest, middle, oldest = sessions
    assert (newest["target_minutes"], newest["walked_seconds"]) == (15, 900.0)
    assert (newest["pain_before"], newest["pain_after"]) == (None, None)
    assert (middle["target_minutes"], middle["walked_seconds"]) == (10, 600.0)
    assert (middle["pain_before"], middle["pain_after"]) == (3, 2)
    assert (oldest["target_minutes"], oldest["walked_seconds"]) == (12, 720.0)
    assert (oldest["pain_before"], oldest["pain_after"]) == (0, 10)
    # The level each walk was logged at: calendar week 2 does not raise it, and week 1 had
    # fewer than its 3 days walked, so all three are level 1.
    assert [s["week"] for s in sessions] == [1, 1, 1]


def test_history_limit_keeps_the_newest(data_dir: Path) -> None:
    for day in ("2026-03-01", "2026-03-02", "2026-03-03"):
        log("--minutes", "10", "--date", day)
    every = history()
    assert [s["day"] for s in history("--limit", "2")] == ["2026-03-03", "2026-03-02"]
    assert history("--limit", "1") == every[:1]
    assert history("--limit", "50") == every


def test_log_without_a_profile_counts_as_week_1_on_a_treadmill(data_dir: Path) -> None:
    log("--minutes", "20")
    (only,) = history()
    assert only["day"] == TODAY
    assert only["week"] == 1
    assert only["surface"] == "treadmill"


def test_history_text_lists_each_session(data_dir: Path) -> None:
    log("--minutes", "10", "--date", "2026-03-03", "--pain-before", "3", "--pain-after", "2")
    log("--minutes", "15", "--date", "2026-03-05")
    result = run("history", today=TODAY)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["day", "walked", "target", "pain", "status"]
    assert lines[1].split() == ["2026-03-05", "15:00", "15m", "–→–", "completed"]
    assert lines[2].split() == ["2026-03-03", "10:00", "10m", "3→2", "completed"]
    assert len(lines) == 3


def test_history_text_says_each_status_in_the_apps_words(data_dir: Path) -> None:
    seed(data_dir, None, [
        walk(date(2026, 3, 3), 4, 2, 3, status=SessionStatus.ENDED_EARLY),
        walk(date(2026, 3, 4), 6, 2, 5, week=2, status=SessionStatus.STOPPED_FOR_PAIN),
        walk(date(2026, 3, 5), 0, status=SessionStatus.RED_FLAG),
    ])
    lines = run("history", today=TODAY).stdout.splitlines()
    # The words History shows in the app (it printed ended-early, stopped-for-pain).
    assert [line.split("  ")[-1] for line in lines[1:]] == [
        "red flag", "stopped: pain", "ended early"]


def test_history_of_an_empty_data_folder_writes_nothing(data_dir: Path) -> None:
    assert history() == []
    result = run("history")
    assert result.stdout == "No sessions yet.\n"
    assert not data_dir.exists()


def test_every_logged_walk_is_kept_as_the_data_file_grows(data_dir: Path) -> None:
    days = [f"2026-02-{n:02d}" for n in range(20, 29)]
    for day in days:
        log("--minutes", "10", "--date", day, "--pain-before", "2", "--pain-after", "1")
    assert [s["day"] for s in history()] == days[::-1]
