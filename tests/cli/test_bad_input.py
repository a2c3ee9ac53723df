"""Bad input: exit status 2, exactly one line on stderr starting "stride:" that names what is
wrong and what is allowed, nothing on stdout, and nothing written.

Every case runs twice — against a data folder that does not exist yet (it must not be created)
and against one holding a profile and a walk (every file in it must keep its bytes). The runs
are independent, so they all go at once in a module fixture and each test checks its results.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import Profile

from .helpers import Result, assert_usage_error, listing, run, seed, walk

TODAY = "2026-03-06"
STATES = ("fresh", "seeded")
FRESH = ("fresh",)  # refused before any data could be touched: one run is enough


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    says: tuple[str, ...]  # fragments the error line must hold: what is wrong, what is allowed
    today: str = TODAY
    states: tuple[str, ...] = STATES
    marks: Sequence[Any] = field(default=())


def pain(id_: str, flag: str, value: str, *says: str) -> Case:
    return Case(id_, ("log", "--minutes", "10", flag, value), (flag, "0 to 10", *says))


PAIN = [
    pain("pain-11", "--pain-before", "11", "11"),
    pain("pain-minus-1", "--pain-before", "-1", "-1"),
    pain("pain-3.5", "--pain-before", "3.5", "whole number", "'3.5'"),
    pain("pain-abc", "--pain-before", "abc", "whole number", "'abc'"),
    pain("pain-after-11", "--pain-after", "11", "11"),
    pain("pain-after-empty", "--pain-after", "", "whole number", "''"),
]

DATES = [
    Case("start-date-feb-30", ("profile", "--start-date", "2026-02-30"),
         ("--start-date", "'2026-02-30'", "real calendar date like 2026-03-02")),
    Case("log-date-month-13", ("log", "--minutes", "10", "--date", "2026-13-01"),
         ("--date", "'2026-13-01'", "real calendar date like 2026-03-02")),
    Case("surgery-date-feb-29-2026",
         ("profile", "--start-date", "2026-03-02", "--surgery-date", "2026-02-29"),
         ("--surgery-date", "'2026-02-29'", "real calendar date")),
    Case("log-date-in-words", ("log", "--minutes", "10", "--date", "yesterday"),
         ("--date", "'yesterday'", "real calendar date")),
]

CHOICES = [
    Case("unknown-condition", ("profile", "--start-date", "2026-03-02", "--condition",
                               "back-ache"),
         ("--condition", "'back-ache'", "spinal-stenosis, disc-herniation, spondylolisthesis, "
          "microdiscectomy")),
    Case("unknown-surface", ("profile", "--start-date", "2026-03-02", "--surface", "sand"),
         ("--surface", "'sand'", "treadmill, outdoor, pool")),
    Case("notifications-maybe", ("profile", "--start-date", "2026-03-02", "--notifications",
                                 "maybe"),
         ("--notifications", "'maybe'", "on or off")),
    Case("export-format-xml", ("export", "--format", "xml"), ("--format", "'xml'", "json", "csv"),
         states=FRESH),
    Case("conditions-and-no-conditions",
         ("profile", "--start-date", "2026-03-02", "--condition", "spinal-stenosis",
          "--no-conditions"),
         ("--condition", "--no-conditions")),
]

MINUTES = [
    Case(f"{cmd}-minutes-{value}", (cmd, "--minutes", value),
         ("--minutes", "1 to 120", f"'{value}'"), states=FRESH if cmd == "walk" else STATES)
    for cmd, value in (("walk", "0"), ("walk", "-5"), ("walk", "abc"), ("walk", "121"),
                       ("walk", "2.5"), ("log", "0"), ("log", "-5"))
] + [Case("log-without-minutes", ("log",), ("--minutes", "required"), states=FRESH)]

TIME_SCALES = [
    Case(f"time-scale-{value}-{where}",
         ("--time-scale", value, "plan") if where == "before" else ("walk", "--time-scale", value),
         ("--time-scale", "above 0", "at most 3600", f"'{value}'"), states=FRESH)
    for value, where in (("0", "before"), ("-1", "before"), ("abc", "before"),
                         ("nan", "before"), ("inf", "before"), ("3601", "before"),
                         ("0", "after"), ("nan", "after"))
] + [
    # "-inf" alone reads as an option to argparse; written with "=" it is a value.
    Case("time-scale=-inf", ("--time-scale=-inf", "plan"),
         ("--time-scale", "above 0", "'-inf'"), states=FRESH),
]

OTHER = [
    Case("log-future-date", ("log", "--minutes", "10", "--date", "2026-03-07"),
         ("--date 2026-03-07", "future", "walks you have done")),
    Case("unknown-command", ("frobnicate",),
         ("'frobnicate'", "walk", "plan", "history", "progress", "export", "import", "doctor",
          "profile", "log"), states=FRESH),
    Case("bad-STRIDE_TODAY", ("plan",), ("STRIDE_TODAY", "'next tuesday'", "2026-03-02"),
         today="next tuesday", states=FRESH),
    Case("history-limit-0", ("history", "--limit", "0"), ("--limit", "at least 1", "'0'"),
         states=FRESH),
    Case("history-limit-abc", ("history", "--limit", "abc"), ("--limit", "at least 1", "'abc'"),
         states=FRESH),
    Case("history-limit-superscript-2", ("history", "--limit", "²"),
         ("--limit", "at least 1", "'²'"), states=FRESH),
    Case("new-profile-without-start-date", ("profile", "--surface", "pool"),
         ("--start-date",), states=FRESH),
]

ALL = PAIN + DATES + CHOICES + MINUTES + TIME_SCALES + OTHER


@dataclass(frozen=True)
class Outcome:
    result: Result
    data_dir: Path
    before: dict[str, bytes] | None


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    base = tmp_path_factory.mktemp("bad-input")
    todo: list[tuple[Case, str, Path, dict[str, bytes] | None]] = []
    for case in ALL:
        for state in case.states:
            data_dir = base / f"{case.id}-{state}" / "stride-data"
            data_dir.parent.mkdir()
            before = None
            if state == "seeded":
                seed(data_dir, Profile(start_date=date(2026, 3, 2)),
                     [walk(date(2026, 3, 3), 10, 3, 2)])
                before = listing(data_dir)
            todo.append((case, state, data_dir, before))
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(run, *c.args, today=c.today, data_dir=d) for c, _, d, _ in todo]
        return {
            (case.id, state): Outcome(future.result(), data_dir, before)
            for (case, state, data_dir, before), future in zip(todo, futures, strict=True)
        }


def params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(case, state, id=f"{case.id}-{state}", marks=case.marks)
        for case in cases
        for state in case.states
    ]


def check(outcomes: dict[tuple[str, str], Outcome], case: Case, state: str) -> None:
    outcome = outcomes[(case.id, state)]
    assert_usage_error(outcome.result, *case.says)
    if outcome.before is None:
        assert not outcome.data_dir.exists(), sorted(p.name for p in outcome.data_dir.iterdir())
    else:
        assert listing(outcome.data_dir) == outcome.before


@pytest.mark.parametrize(("case", "state"), params(PAIN))
def test_pain_score_outside_0_to_10_or_not_whole_is_refused(outcomes: Any, case: Case,
                                                            state: str) -> None:
    check(outcomes, case, state)


@pytest.mark.parametrize(("case", "state"), params(DATES))
def test_impossible_date_is_refused(outcomes: Any, case: Case, state: str) -> None:
    check(outcomes, case, state)


@pytest.mark.parametrize(("case", "state"), params(CHOICES))
def test_unknown_choice_is_refused_listing_the_allowed_ones(outcomes: Any, case: Case,
                                                             state: str) -> None:
    check(outcomes, case, state)


@pytest.mark.parametrize(("case", "state"), params(MINUTES))
def test_minutes_not_a_whole_number_from_1_to_120_are_refused(outcomes: Any, case: Case,
                                                              state: str) -> None:
    check(outcomes, case, state)


@pytest.mark.parametrize(("case", "state"), params(TIME_SCALES))
def test_non_positive_or_absurd_time_scale_is_refused(outcomes: Any, case: Case,
                                                      state: str) -> None:
    check(outcomes, case, state)


@pytest.mark.parametrize(("case", "state"), params(OTHER))
def test_other_bad_input_is_refused(outcomes: Any, case: Case, state: str) -> None:
    check(outcomes, case, state)


# --- a data folder that cannot be one -----------------------------------------------------------


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "not-a-folder"
    path.write_bytes(b"someone else's file\n")
    return path


@pytest.mark.parametrize("where", ["before", "after"])
def test_data_dir_that_is_a_regular_file_is_refused(a_file: Path, where: str) -> None:
    option = ("--data-dir", str(a_file))
    args = (*option, "log", "--minutes", "10") if where == "before" else (
        "log", "--minutes", "10", *option)
    result = run(*args, today=TODAY)
    assert_usage_error(result, str(a_file), "is a file, not a folder", "--data-dir")
    assert a_file.read_bytes() == b"someone else's file\n"


def test_data_dir_under_a_regular_file_is_refused(a_file: Path, tmp_path: Path) -> None:
    result = run("--data-dir", str(a_file / "stride"), "log", "--minutes", "10", today=TODAY)
    assert_usage_error(result, str(a_file), "--data-dir")
    assert a_file.read_bytes() == b"someone else's file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_data_dir_under_a_regular_file_names_the_file_in_the_way(a_file: Path) -> None:
    data_dir = a_file / "stride"
    result = run("--data-dir", str(data_dir), "log", "--minutes", "10", today=TODAY)
    line = assert_usage_error(result)
    assert f"{data_dir} is a file" not in line
    assert f"{a_file} is a file" in line


@pytest.mark.parametrize("command", ["history", "plan", "progress"])
def test_read_only_command_with_a_data_dir_that_is_a_file_is_refused(
    a_file: Path, command: str
) -> None:
    result = run("--data-dir", str(a_file), command, today=TODAY)
    assert_usage_error(result, str(a_file), "not a folder")
