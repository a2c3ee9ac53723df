"""Killing Stride in the middle of a save never costs a session it had already saved."""

from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

import pytest

from stride_tui.store import Store
from tests.store.conftest import folder_files, start_child
from tests.store.factories import daily_walk

HISTORY = 400


@pytest.fixture
def a_year_of_walks(data_dir: Path, tmp_path: Path) -> Path:
    """A store with a year's walks, so each save takes long enough to be hit mid-write."""
    export = tmp_path / "history.json"
    export.write_text(
        json.dumps(
            {
                "format": "stride-export",
                "schema_version": 1,
                "exported_at": "2026-01-01T00:00:00",
                "profile": None,
                "sessions": [daily_walk(n).to_dict() for n in range(HISTORY)],
            }
        )
    )
    with Store.open(data_dir) as store:
        store.import_file(export)
    return data_dir


def stored_ids_after_a_crash(data_dir: Path) -> set[str]:
    with Store.open(data_dir) as store:
        assert store.notices == []
        stored = {s.id for s in store.sessions()}
    # Whatever a killed save left half-written was cleaned away by the open.
    assert not leftovers(data_dir)
    return stored


def leftovers(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.rglob("*") if p.name.endswith(".tmp")]


def test_sigkill_at_random_moments_while_saving_leaves_every_reported_session(
    a_year_of_walks: Path,
) -> None:
    data_dir = a_year_of_walks
    rng = random.Random(20260131)
    saved: set[str] = set()
    next_day = HISTORY
    for _ in range(8):
        child = start_child("add", str(data_dir), str(next_day))
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        # Wait for one reported save, so every round kills a child that is saving, however
        # slow the machine; then kill at a random moment of the saves that follow.
        first = child.stdout.readline().strip()
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        rest, errors = child.communicate(timeout=10)
        assert child.returncode == -signal.SIGKILL, errors
        saved.update([first, *rest.split()])

        stored = stored_ids_after_a_crash(data_dir)
        assert saved <= stored
        next_day = len(stored)
    assert len(saved) >= 8


def test_sigkill_between_writing_the_new_file_and_renaming_it_keeps_the_old_one(
    a_year_of_walks: Path,
) -> None:
    data_dir = a_year_of_walks
    # Each save renames two files into place (its month's sessions, its year's index).
    child = start_child("add", str(data_dir), str(HISTORY), "4")
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    reported = [child.stdout.readline().strip() for _ in range(2)]
    assert child.stdout.readline().strip() == "renaming"
    before = {k: v for k, v in folder_files(data_dir).items() if not k.endswith(".tmp")}
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=10)

    assert len(leftovers(data_dir)) == 1  # the new file, written in full but never renamed
    after = {k: v for k, v in folder_files(data_dir).items() if not k.endswith(".tmp")}
    assert after == before
    stored = stored_ids_after_a_crash(data_dir)
    assert set(reported) <= stored
    assert len(stored) == HISTORY + 2
