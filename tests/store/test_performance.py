"""Ten years of daily walks stay quick where the screens need them to be."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest

from stride_tui.store import Store
from tests.store.factories import FIRST_DAY, daily_walk
from tests.store.perf_report import TEN_YEARS, build_ten_years, timed


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    root = tmp_path_factory.mktemp("ten-years")
    build_ten_years(root / "data", root)
    with Store.open(root / "data") as store:
        yield store


def test_a_week_out_of_ten_years_is_found_in_under_10_ms(ten_years: Store) -> None:
    first = FIRST_DAY + timedelta(days=3000)
    week = ten_years.sessions_between(first, first + timedelta(days=6))
    assert [s.day for s in week] == [first + timedelta(days=d) for d in range(7)]
    assert (
        min(timed(lambda: ten_years.sessions_between(first, first + timedelta(days=6)), 5)) < 0.010
    )


def test_a_history_page_reads_only_its_own_sessions(ten_years: Store) -> None:
    page = ten_years.sessions_page(TEN_YEARS - 50, 50)
    assert [s.day for s in page] == [FIRST_DAY + timedelta(days=d) for d in range(49, -1, -1)]
    assert min(timed(lambda: ten_years.sessions_page(1800, 50), 5)) < 0.030


def test_a_checkpoint_takes_under_a_millisecond(ten_years: Store) -> None:
    walk = daily_walk(TEN_YEARS)
    ticks = iter(range(1000))
    times = timed(lambda: ten_years.write_checkpoint(replace(walk, walked_seconds=next(ticks))), 5)
    # CPU time, user and system: other tests running beside this one cannot inflate it.
    start = time.process_time()
    for _ in range(100):
        ten_years.write_checkpoint(replace(walk, walked_seconds=next(ticks)))
    assert (time.process_time() - start) / 100 < 0.001
    assert min(times) < 0.001
    assert ten_years.session_count() == TEN_YEARS
