"""Saving and finding the walker's profile and sessions."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest

from stride_tui.store import Store, StoreError
from tests.records import AFTER_ALL
from tests.store.conftest import folder_files
from tests.store.factories import FIRST_DAY, a_profile, daily_walk


def test_a_new_store_is_empty_and_creates_no_data_file_until_something_is_saved(
    data_dir: Path,
) -> None:
    with Store.open(data_dir) as store:
        assert store.load_profile() is None
        assert store.sessions() == []
        assert store.session_count() == 0
        assert store.notices == []
    assert not (data_dir / "stride.json").exists()


def test_the_profile_comes_back_as_it_was_saved_after_reopening(data_dir: Path) -> None:
    profile = a_profile(surgery_date=date(2015, 11, 2))
    with Store.open(data_dir) as store:
        store.save_profile(profile)
    with Store.open(data_dir) as store:
        assert store.load_profile() == profile


def test_saving_the_profile_again_replaces_it(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save_profile(a_profile())
        store.save_profile(a_profile(notifications=False))
    with Store.open(data_dir) as store:
        loaded = store.load_profile()
        assert loaded is not None and loaded.notifications is False


def test_a_walk_comes_back_with_every_cue_pain_score_and_step_after_reopening(
    data_dir: Path,
) -> None:
    walk = daily_walk(3)
    with Store.open(data_dir) as store:
        store.add_session(walk)
    with Store.open(data_dir) as store:
        assert store.get_session(walk.id) == walk
        assert store.sessions() == [walk]
        assert len(walk.cues) == 15


def test_saving_a_walk_with_the_same_id_replaces_it(data_dir: Path) -> None:
    first = daily_walk(0)
    ended_early = first._replace(walked_seconds=600.0, note="Stopped: knee")
    with Store.open(data_dir) as store:
        store.add_session(first)
        store.add_session(ended_early)
        assert store.session_count() == 1
        assert store.get_session(first.id) == ended_early
    with Store.open(data_dir) as store:
        assert store.sessions() == [ended_early]


def test_a_replaced_walk_moves_to_its_new_day_and_start_time(data_dir: Path) -> None:
    walks = [daily_walk(n) for n in range(3)]
    moved = walks[0]._replace(
        day=walks[2].day + timedelta(days=1),
        started_at=walks[2].started_at + timedelta(days=1),
        ended_at=walks[2].ended_at + timedelta(days=1),
    )
    with Store.open(data_dir) as store:
        for w in walks:
            store.add_session(w)
        store.add_session(moved)
        assert [s.id for s in store.sessions()] == [walks[1].id, walks[2].id, moved.id]
        assert store.sessions_between(walks[0].day, walks[0].day) == []
        assert store.sessions_between(moved.day, moved.day) == [moved]


def test_a_deleted_walk_is_gone_after_reopening(data_dir: Path) -> None:
    keep, drop = daily_walk(0), daily_walk(1)
    with Store.open(data_dir) as store:
        store.add_session(keep)
        store.add_session(drop)
        assert store.delete_session(drop.id, today=AFTER_ALL) is True
        assert store.delete_session(drop.id, today=AFTER_ALL) is False
        assert store.get_session(drop.id) is None
    with Store.open(data_dir) as store:
        assert store.sessions() == [keep]


def test_todays_warning_sign_cannot_be_deleted_until_tomorrow(data_dir: Path) -> None:
    from stride_tui.core.records import SessionStatus
    from stride_tui.store import DeletionRefused

    flag = daily_walk(0)._replace(status=SessionStatus.RED_FLAG, red_flags=["fever"])
    with Store.open(data_dir) as store:
        store.add_session(flag)
        with pytest.raises(DeletionRefused, match="medical care today"):
            store.delete_session(flag.id, today=flag.day)
        assert store.get_session(flag.id) == flag
        assert store.delete_session(flag.id, today=flag.day + timedelta(days=1)) is True


def test_sessions_are_listed_oldest_first_whatever_order_they_were_saved_in(
    data_dir: Path,
) -> None:
    walks = [daily_walk(n) for n in range(6)]
    with Store.open(data_dir) as store:
        for w in [walks[3], walks[0], walks[5], walks[1], walks[4], walks[2]]:
            store.add_session(w)
        assert store.sessions() == walks


def test_a_week_of_sessions_is_found_by_day_inclusive_at_both_ends(data_dir: Path) -> None:
    walks = [daily_walk(n) for n in range(21)]
    second_walk_on_day_9 = daily_walk(9)._replace(
        started_at=walks[9].started_at + timedelta(hours=8),
        ended_at=walks[9].ended_at + timedelta(hours=8),
    )
    with Store.open(data_dir) as store:
        for w in [*walks, second_walk_on_day_9]:
            store.add_session(w)
        week = store.sessions_between(FIRST_DAY + timedelta(days=7), FIRST_DAY + timedelta(days=13))
    assert week == [*walks[7:10], second_walk_on_day_9, *walks[10:14]]


def test_a_range_with_no_walks_or_backwards_finds_nothing(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(0))
        assert store.sessions_between(date(2030, 1, 1), date(2030, 1, 7)) == []
        assert store.sessions_between(FIRST_DAY, FIRST_DAY - timedelta(days=1)) == []


def test_history_pages_newest_first(data_dir: Path) -> None:
    walks = [daily_walk(n) for n in range(25)]
    newest_first = walks[::-1]
    with Store.open(data_dir) as store:
        for w in walks:
            store.add_session(w)
        assert store.sessions_page(0, 10) == newest_first[:10]
        assert store.sessions_page(10, 10) == newest_first[10:20]
        assert store.sessions_page(20, 10) == newest_first[20:]
        assert store.sessions_page(25, 10) == []
        assert store.sessions_page(0, 0) == []
        assert store.recent_sessions(3) == newest_first[:3]
        with pytest.raises(ValueError):
            store.sessions_page(-1, 10)


def test_records_handed_out_are_copies_so_changing_one_changes_nothing_stored(
    data_dir: Path,
) -> None:
    walk = daily_walk(0)
    with Store.open(data_dir) as store:
        store.add_session(walk)
        got = store.get_session(walk.id)
        assert got is not None
        got.cues.clear()
        got.note = "changed"
        assert store.get_session(walk.id) == walk
        walk.note = "changed after saving"
        assert store.sessions()[0].note == "Easy today; a little stiffness at the start."


@pytest.mark.parametrize(
    "broken",
    [
        {"pain_after": 12},
        {"walked_seconds": math.nan},
        {"walked_seconds": -5.0},
    ],
    ids=["pain-out-of-range", "nan-seconds", "negative-seconds"],
)
def test_an_invalid_walk_is_refused_and_the_file_is_left_as_it_was(
    data_dir: Path, broken: dict[str, object]
) -> None:
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(0))
        before = store.db_path.read_bytes()
        bad = daily_walk(1)._replace(**broken)
        with pytest.raises(StoreError, match="was not saved"):
            store.add_session(bad)
        assert store.db_path.read_bytes() == before
        assert store.session_count() == 1
        assert store.get_session(bad.id) is None


def test_a_read_only_store_reads_but_refuses_every_change_and_writes_nothing(
    data_dir: Path,
) -> None:
    walk = daily_walk(0)
    with Store.open(data_dir) as store:
        store.add_session(walk)
    files_before = folder_files(data_dir)
    with Store.open(data_dir, readonly=True) as store:
        assert store.sessions() == [walk]
        for change in (
            lambda: store.add_session(daily_walk(1)),
            lambda: store.delete_session(walk.id, today=AFTER_ALL),
            lambda: store.save_profile(a_profile()),
            lambda: store.write_checkpoint(walk),
            lambda: store.clear_checkpoint(),
        ):
            with pytest.raises(StoreError, match="read-only"):
                change()
    assert folder_files(data_dir) == files_before


def test_a_read_only_open_of_a_folder_that_does_not_exist_creates_nothing(
    data_dir: Path,
) -> None:
    with Store.open(data_dir, readonly=True) as store:
        assert store.sessions() == []
        assert store.read_checkpoint() is None
    assert not data_dir.exists()


def test_a_closed_store_says_so(data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.sessions()


def test_walk_days_are_the_days_with_walking_done_read_without_rebuilding(
    tmp_path: Path,
) -> None:
    from datetime import date, timedelta

    from stride_tui.core.records import SessionStatus
    from stride_tui.store import Store
    from tests.store.factories import daily_walk

    with Store.open(tmp_path / "d") as store:
        walks = [daily_walk(n) for n in range(4)]
        walks[1].status = SessionStatus.RED_FLAG
        walks[1].walked_seconds = 0.0
        for w in walks:
            store.add_session(w)
        first, last = walks[0].day, walks[-1].day
        assert store.walk_days(first, last) == {walks[0].day, walks[2].day, walks[3].day}
        assert store.walk_days(last + timedelta(days=1), date.max) == set()
