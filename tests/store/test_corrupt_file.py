"""A data file that cannot be read is kept aside, never overwritten, and Stride starts afresh."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stride_tui.store import Store, StoreError
from tests.store.conftest import folder_files, single_file
from tests.store.factories import a_profile, daily_walk


def saved_file(data_dir: Path) -> bytes:
    """A real data file (the single file of Stride before the index) with a profile and three
    walks."""
    return single_file(data_dir, [daily_walk(n) for n in range(3)], a_profile())


def edited(data_dir: Path, change: Callable[[dict[str, Any]], object]) -> bytes:
    tables = json.loads(saved_file(data_dir))
    change(tables)
    return json.dumps(tables).encode()


def second_session(tables: dict[str, Any]) -> dict[str, Any]:
    return list(tables["sessions"].values())[1]  # type: ignore[no-any-return]


DAMAGE: dict[str, Callable[[Path], bytes]] = {
    "not-json": lambda d: b"this is not JSON at all",
    "cut-short": lambda d: saved_file(d)[:-200],
    "not-text": lambda d: b"\xff\xfe\x00garbage",
    "a-list-not-tables": lambda d: b"[1, 2, 3]",
    "sessions-table-wrong-shape": lambda d: edited(d, lambda t: t.update(sessions=[1, 2])),
    "pain-score-out-of-range": lambda d: edited(
        d, lambda t: second_session(t).update(pain_after=14)
    ),
    "session-missing-its-day": lambda d: edited(d, lambda t: second_session(t).pop("day")),
    "profile-unreadable": lambda d: edited(
        d, lambda t: t["profile"]["1"].update(start_date="last spring")
    ),
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_data_file_is_kept_aside_with_a_notice_and_the_store_starts_afresh(
    data_dir: Path, damage: Callable[[Path], bytes]
) -> None:
    bad = damage(data_dir)
    data_dir.mkdir(exist_ok=True)
    (data_dir / "stride.json").write_bytes(bad)

    with Store.open(data_dir) as store:
        kept = [p for p in data_dir.iterdir() if p.name.startswith("stride.json.corrupt-")]
        assert len(kept) == 1
        assert re.fullmatch(r"stride\.json\.corrupt-\d{8}-\d{6}", kept[0].name)
        assert kept[0].read_bytes() == bad
        assert len(store.notices) == 1
        assert "could not be read" in store.notices[0]
        assert str(kept[0]) in store.notices[0]
        assert "started a fresh one" in store.notices[0]
        assert store.sessions() == []
        assert store.load_profile() is None

        walk = daily_walk(10)
        store.add_session(walk)
    with Store.open(data_dir) as store:
        assert store.sessions() == [walk]
        assert store.notices == []
    assert kept[0].read_bytes() == bad


def test_a_second_damaged_file_does_not_overwrite_the_first_one_kept(data_dir: Path) -> None:
    data_dir.mkdir()
    for damage in (b"first damage", b"second damage"):
        (data_dir / "stride.json").write_bytes(damage)
        Store.open(data_dir).close()
    kept = sorted(p.read_bytes() for p in data_dir.iterdir() if ".corrupt-" in p.name)
    assert kept == [b"first damage", b"second damage"]


def test_a_read_only_open_of_a_damaged_file_raises_and_moves_nothing(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "stride.json").write_bytes(b'{"sessions": ')
    with pytest.raises(StoreError, match="cannot be read") as err:
        Store.open(data_dir, readonly=True)
    assert "\n" not in str(err.value)
    assert [p.name for p in data_dir.iterdir()] == ["stride.json"]
    assert (data_dir / "stride.json").read_bytes() == b'{"sessions": '


def test_data_from_a_newer_stride_is_refused_and_left_alone(data_dir: Path) -> None:
    newer = edited(data_dir, lambda t: t["meta"]["1"].update(schema_version=99))
    data_dir.mkdir(exist_ok=True)
    (data_dir / "stride.json").write_bytes(newer)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="made by a newer Stride"):
            Store.open(data_dir, readonly=readonly)
    assert (data_dir / "stride.json").read_bytes() == newer
    assert not [p for p in data_dir.iterdir() if ".corrupt-" in p.name]


def test_an_empty_data_file_is_an_empty_store(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "stride.json").write_bytes(b"")
    with Store.open(data_dir) as store:
        assert store.sessions() == []
        assert store.notices == []


def test_a_read_only_open_checks_a_session_when_it_is_read_and_moves_nothing(
    data_dir: Path,
) -> None:
    # Read-only opens (the CLI's reports) check sessions as they are read, not all up front.
    with Store.open(data_dir) as store:
        for n in range(3):
            store.add_session(daily_walk(n))
    (month,) = (data_dir / "sessions").iterdir()
    tables = json.loads(month.read_bytes())
    list(tables["sessions"].values())[1].update(pain_after=14)
    month.write_bytes(json.dumps(tables).encode())
    before = folder_files(data_dir)
    with Store.open(data_dir, readonly=True) as store:
        assert store.session_count() == 3
        with pytest.raises(StoreError, match="damaged session") as err:
            store.sessions()
    assert "pain" in str(err.value) and "\n" not in str(err.value)
    assert folder_files(data_dir) == before


def test_a_read_only_open_of_a_single_file_with_a_damaged_session_raises_and_moves_nothing(
    data_dir: Path,
) -> None:
    # The single file of an earlier Stride is checked whole, as its migration will check it.
    damaged = DAMAGE["pain-score-out-of-range"](data_dir)
    (data_dir / "stride.json").write_bytes(damaged)
    with pytest.raises(StoreError, match="cannot be read") as err:
        Store.open(data_dir, readonly=True)
    assert "pain" in str(err.value) and "\n" not in str(err.value)
    assert (data_dir / "stride.json").read_bytes() == damaged
    assert sorted(p.name for p in data_dir.iterdir()) == ["stride.json"]
