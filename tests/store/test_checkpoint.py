"""The walk in progress is checkpointed so a crash or a closed terminal loses only seconds."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from stride_tui.store import Store, StoreError
from tests.store.conftest import start_child
from tests.store.factories import daily_walk


def test_a_checkpoint_comes_back_as_written_and_is_gone_once_cleared(data_dir: Path) -> None:
    walk = daily_walk(0)._replace(walked_seconds=754.25)
    with Store.open(data_dir) as store:
        assert store.read_checkpoint() is None
        store.write_checkpoint(walk)
        store.write_checkpoint(walk._replace(walked_seconds=760.5))
    with Store.open(data_dir) as store:
        recovered = store.read_checkpoint()
        assert recovered == walk._replace(walked_seconds=760.5)
        store.clear_checkpoint()
        store.clear_checkpoint()
        assert store.read_checkpoint() is None


def test_an_unfinished_walk_that_closes_today_is_not_discarded(data_dir: Path) -> None:
    from datetime import timedelta

    from stride_tui.core.records import SessionStatus
    from stride_tui.store import DeletionRefused

    walk = daily_walk(0)
    flag = walk._replace(status=SessionStatus.RED_FLAG, red_flags=["fever"])
    with Store.open(data_dir) as store:
        store.write_checkpoint(flag)
        with pytest.raises(DeletionRefused, match="get medical care today"):
            store.discard_checkpoint(today=flag.day)
        assert store.read_checkpoint() == flag
        store.discard_checkpoint(today=flag.day + timedelta(days=1))  # that day is over
        assert store.read_checkpoint() is None
        store.write_checkpoint(walk)  # an ordinary unfinished walk goes when asked
        store.discard_checkpoint(today=walk.day)
        assert store.read_checkpoint() is None
        store.discard_checkpoint(today=walk.day)  # nothing left: nothing to refuse


def test_the_checkpoint_never_goes_into_the_data_file(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(0))
        before = store.db_path.read_bytes()
        store.write_checkpoint(daily_walk(1))
        assert store.db_path.read_bytes() == before
        assert store.session_count() == 1


def test_a_checkpoint_left_by_a_killed_walk_is_recovered_with_its_walked_seconds(
    data_dir: Path,
) -> None:
    child = start_child("checkpoint", str(data_dir))
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    reported = [float(child.stdout.readline()) for _ in range(6)]
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=10)
    reported += [float(line) for line in rest.split()]
    assert child.returncode == -signal.SIGKILL

    with Store.open(data_dir) as store:
        recovered = store.read_checkpoint()
    assert recovered is not None
    # Killed after the last write it printed, or between a write and its print.
    assert recovered.walked_seconds in (reported[-1], reported[-1] + 0.5)
    assert recovered.cues == daily_walk(0).cues


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"format": "stride-checkpoint", "schema_version": 1, "session": {"id"', b"[1, 2]"],
    ids=["empty", "torn", "not-a-checkpoint"],
)
def test_a_damaged_checkpoint_is_kept_aside_with_a_notice(data_dir: Path, damage: bytes) -> None:
    with Store.open(data_dir) as store:
        store.checkpoint_path.write_bytes(damage)
        assert store.read_checkpoint() is None
        kept = [p for p in data_dir.iterdir() if p.name.startswith("checkpoint.json.corrupt-")]
        assert [p.read_bytes() for p in kept] == [damage]
        assert re.fullmatch(r"checkpoint\.json\.corrupt-\d{8}-\d{6}", kept[0].name)
        assert not store.checkpoint_path.exists()
        assert "could not be recovered" in store.notices[-1]
        assert kept[0].name in store.notices[-1]


def test_a_read_only_store_reports_a_damaged_checkpoint_and_moves_nothing(
    data_dir: Path,
) -> None:
    data_dir.mkdir()
    (data_dir / "checkpoint.json").write_bytes(b"{torn")
    with Store.open(data_dir, readonly=True) as store, pytest.raises(StoreError):
        store.read_checkpoint()
    assert sorted(p.name for p in data_dir.iterdir()) == ["checkpoint.json"]


def test_a_checkpoint_that_would_not_load_again_is_refused_and_the_last_good_one_kept(
    data_dir: Path,
) -> None:
    good = daily_walk(0)
    with Store.open(data_dir) as store:
        store.write_checkpoint(good)
        with pytest.raises(StoreError, match="not checkpointed: it is not valid"):
            store.write_checkpoint(good._replace(pain_after=11))
        assert store.read_checkpoint() == good
