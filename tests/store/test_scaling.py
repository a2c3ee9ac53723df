"""Ten years of daily walks: each query reads only what it needs, and a save encodes only
what changed (the time budgets themselves are measured in benchmarks/, not asserted here)."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import SessionRecord
from stride_tui.store import Store, storage
from tests.store.factories import FIRST_DAY, daily_walk
from tests.store.perf_report import TEN_YEARS, build_ten_years


@pytest.fixture(scope="module")
def ten_years_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ten-years")
    build_ten_years(root / "data", root)
    return root / "data"


@pytest.fixture
def rebuilt(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the sessions rebuilt from their stored documents, in order."""
    seen: list[str] = []
    original = SessionRecord.from_dict

    def counting(doc: Any) -> SessionRecord:
        record = original(doc)
        seen.append(record.id)
        return record

    monkeypatch.setattr(SessionRecord, "from_dict", staticmethod(counting))
    return seen


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every value the storage encodes on its own (table names, document ids, documents)."""
    seen: list[Any] = []
    original = storage._encode

    def counting(value: Any) -> bytes:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(storage, "_encode", counting)
    return seen


def test_a_week_out_of_ten_years_rebuilds_only_that_week(
    ten_years_dir: Path, rebuilt: list[str]
) -> None:
    first = FIRST_DAY + timedelta(days=3000)
    with Store.open(ten_years_dir, readonly=True) as store:
        week = store.sessions_between(first, first + timedelta(days=6))
        assert [s.day for s in week] == [first + timedelta(days=d) for d in range(7)]
        assert sorted(rebuilt) == sorted(s.id for s in week)
        rebuilt.clear()
        store.sessions_between(first, first + timedelta(days=6))
        assert rebuilt == []  # the second time straight from the cache


def test_a_history_page_rebuilds_only_its_own_sessions(
    ten_years_dir: Path, rebuilt: list[str]
) -> None:
    with Store.open(ten_years_dir, readonly=True) as store:
        page = store.sessions_page(TEN_YEARS - 50, 50)
        assert [s.day for s in page] == [FIRST_DAY + timedelta(days=d) for d in range(49, -1, -1)]
        assert sorted(rebuilt) == sorted(s.id for s in page)


def test_a_checkpoint_writes_its_own_small_file_and_leaves_ten_years_alone(
    ten_years_dir: Path, encoded: list[Any]
) -> None:
    db = ten_years_dir / "stride.json"
    with Store.open(ten_years_dir) as store:
        before = db.stat()
        walk = daily_walk(TEN_YEARS)
        for tick in range(5):
            store.write_checkpoint(walk._replace(walked_seconds=tick))
        after = db.stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
        assert encoded == []  # not one stored document encoded again
        kept = json.loads(store.checkpoint_path.read_bytes())
        assert store.read_checkpoint() == walk._replace(walked_seconds=4)
        assert len(json.dumps(kept)) < 10 * len(json.dumps(walk.to_dict()))
        store.clear_checkpoint()
        assert store.session_count() == TEN_YEARS


def test_saving_a_walk_encodes_that_walk_not_ten_years(
    ten_years_dir: Path, encoded: list[Any], tmp_path: Path
) -> None:
    data = shutil.copytree(ten_years_dir, tmp_path / "data")
    with Store.open(data) as store:
        first, second = daily_walk(TEN_YEARS + 1), daily_walk(TEN_YEARS + 2)
        store.add_session(first)  # the first save of this open encodes its month's file once
        month = [v for v in encoded if isinstance(v, dict) and "cues" in v]
        assert first.id in {d["id"] for d in month}
        assert {d["day"][:7] for d in month} == {first.day.isoformat()[:7]}
        encoded.clear()
        store.add_session(second)
        documents = [v for v in encoded if isinstance(v, dict) and "cues" in v]
        assert [d["id"] for d in documents] == [second.id]
        encoded.clear()
        changed = first._replace(note="felt easy")
        store.add_session(changed)  # replaced in place: encoded afresh, nothing else
        assert [d["id"] for d in encoded if isinstance(d, dict) and "cues" in d] == [first.id]
    with Store.open(data, readonly=True) as store:
        assert store.get_session(first.id) == changed
        assert store.get_session(second.id) == second
        assert store.session_count() == TEN_YEARS + 2
