"""Only one Stride uses a data folder at a time; the second is told who has it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from stride_tui.store import Store, StoreLocked
from tests.store.conftest import folder_files, start_child
from tests.store.factories import daily_walk


def test_a_second_stride_is_refused_with_the_first_ones_pid_and_writes_nothing(
    data_dir: Path,
) -> None:
    holder = start_child("hold", str(data_dir))
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "ready"
        files_before = folder_files(data_dir)

        with pytest.raises(StoreLocked) as refused:
            Store.open(data_dir)

        message = str(refused.value)
        assert f"pid {holder.pid}" in message
        assert "`child.py hold" in message
        assert "since " in message
        assert "Close it first — nothing was written." in message
        assert "\n" not in message
        assert folder_files(data_dir) == files_before

        # Reading while the app runs is allowed (stride history --json).
        with Store.open(data_dir, readonly=True) as reader:
            assert reader.session_count() == 1
    finally:
        holder.kill()
        holder.communicate(timeout=10)


def test_the_lock_is_released_when_its_holder_is_killed(data_dir: Path) -> None:
    holder = start_child("hold", str(data_dir))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"
    with pytest.raises(StoreLocked):
        Store.open(data_dir)

    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=10)

    with Store.open(data_dir) as store:
        store.add_session(daily_walk(1))
        assert store.session_count() == 2


def test_closing_a_store_lets_the_next_one_in(data_dir: Path) -> None:
    first = Store.open(data_dir)
    with pytest.raises(StoreLocked, match=r"pid \d+"):
        Store.open(data_dir)
    first.close()
    with Store.open(data_dir) as second:
        assert second.notices == []
