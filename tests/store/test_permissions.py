"""The walker's data is private: folder 0700, every file Stride writes 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from stride_tui.store import Store
from tests.records import AFTER_ALL
from tests.store.factories import a_profile, daily_walk


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    # With umask 0 nothing is private by accident: the store has to ask for it.
    old = os.umask(0)
    yield
    os.umask(old)


def test_the_data_folder_and_every_file_in_it_are_private(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        store.save_profile(a_profile())
        store.add_session(daily_walk(0))
        store.write_checkpoint(daily_walk(1))
        assert mode(data_dir) == 0o700
        assert mode(data_dir / "stride.json") == 0o600
        assert mode(data_dir / "checkpoint.json") == 0o600
        assert mode(data_dir / "stride.lock") == 0o600


def test_the_data_file_stays_private_after_many_saves(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        for n in range(3):
            store.add_session(daily_walk(n))
            store.delete_session(store.sessions()[0].id, today=AFTER_ALL)
        assert mode(data_dir / "stride.json") == 0o600


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_are_private(data_dir: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"walks.{fmt}"
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(0))
        assert store.write_export(target, fmt) == 1  # type: ignore[arg-type]
    assert mode(target) == 0o600
