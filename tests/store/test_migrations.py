"""Data from an older Stride is upgraded through MIGRATIONS, in order, before it is read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stride_tui.store import Store, StoreError, database, datafiles
from tests.store.conftest import single_file
from tests.store.factories import daily_walk


def version_1_file_with_minutes(data_dir: Path) -> bytes:
    """A data file as an imagined version 1 wrote it: walked time in minutes, not seconds."""
    single_file(data_dir, [daily_walk(n, minutes=25.0) for n in range(3)])
    tables = json.loads((data_dir / "stride.json").read_bytes())
    for doc in tables["sessions"].values():
        doc["walked_minutes"] = doc.pop("walked_seconds") / 60
    tables["meta"]["1"]["schema_version"] = 1
    raw = json.dumps(tables).encode()
    (data_dir / "stride.json").write_bytes(raw)
    return raw


def pretend_version(monkeypatch: pytest.MonkeyPatch, version: int) -> None:
    """Pretend this Stride writes data version ``version``."""
    for module in (database, datafiles):
        monkeypatch.setattr(module, "SCHEMA_VERSION", version)


def minutes_to_seconds(tables: dict[str, Any]) -> dict[str, Any]:
    for doc in tables["sessions"].values():
        doc["walked_seconds"] = doc.pop("walked_minutes") * 60
    return tables


@pytest.fixture
def version_2(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Pretend this Stride writes version 2, with one upgrade from 1; returns its calls."""
    calls: list[dict[str, Any]] = []

    def upgrade(tables: dict[str, Any]) -> dict[str, Any]:
        calls.append(tables)
        return minutes_to_seconds(tables)

    pretend_version(monkeypatch, 2)
    monkeypatch.setattr(datafiles, "MIGRATIONS", {1: upgrade})
    return calls


def test_an_older_data_file_is_upgraded_once_and_its_original_kept(
    data_dir: Path, version_2: list[dict[str, Any]]
) -> None:
    original = version_1_file_with_minutes(data_dir)

    with Store.open(data_dir) as store:
        assert [s.walked_seconds for s in store.sessions()] == [1500.0] * 3
        assert store.notices == []
    assert len(version_2) == 1
    on_disk = json.loads((data_dir / "stride.json").read_bytes())
    assert on_disk["meta"]["1"]["schema_version"] == 2
    assert (data_dir / "stride.json.schema-1").read_bytes() == original

    with Store.open(data_dir) as store:
        assert store.session_count() == 3
    assert len(version_2) == 1


def test_a_read_only_open_upgrades_in_memory_and_writes_nothing(
    data_dir: Path, version_2: list[dict[str, Any]]
) -> None:
    original = version_1_file_with_minutes(data_dir)
    with Store.open(data_dir, readonly=True) as store:
        assert [s.walked_seconds for s in store.sessions()] == [1500.0] * 3
    assert (data_dir / "stride.json").read_bytes() == original
    assert not (data_dir / "stride.json.schema-1").exists()


def test_upgrades_run_in_order_from_the_stored_version(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version_1_file_with_minutes(data_dir)
    order: list[int] = []

    def one_to_two(tables: dict[str, Any]) -> dict[str, Any]:
        order.append(1)
        return minutes_to_seconds(tables)

    def two_to_three(tables: dict[str, Any]) -> dict[str, Any]:
        order.append(2)
        for doc in tables["sessions"].values():
            doc["note"] = doc["note"].upper()
        return tables

    pretend_version(monkeypatch, 3)
    monkeypatch.setattr(datafiles, "MIGRATIONS", {1: one_to_two, 2: two_to_three})
    with Store.open(data_dir) as store:
        assert {s.note for s in store.sessions()} == {
            "EASY TODAY; A LITTLE STIFFNESS AT THE START."
        }
    assert order == [1, 2]


def test_a_missing_or_failing_upgrade_stops_the_open_and_changes_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = version_1_file_with_minutes(data_dir)
    pretend_version(monkeypatch, 2)

    monkeypatch.setattr(datafiles, "MIGRATIONS", {})
    with pytest.raises(StoreError, match="no upgrade for data version 1"):
        Store.open(data_dir)

    def broken(tables: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("walked_minutes")

    monkeypatch.setattr(datafiles, "MIGRATIONS", {1: broken})
    with pytest.raises(StoreError, match="from version 1 to 2 failed"):
        Store.open(data_dir)
    assert (data_dir / "stride.json").read_bytes() == original
    assert sorted(p.name for p in data_dir.iterdir()) == ["stride.json", "stride.lock"]


def test_an_export_from_an_older_stride_is_upgraded_on_import(
    data_dir: Path, tmp_path: Path, version_2: list[dict[str, Any]]
) -> None:
    walk = daily_walk(0, minutes=20.0).to_dict()
    walk["walked_minutes"] = walk.pop("walked_seconds") / 60
    export = tmp_path / "old-export.json"
    export.write_text(
        json.dumps(
            {
                "format": "stride-export",
                "schema_version": 1,
                "exported_at": "2025-01-01T10:00:00",
                "profile": None,
                "sessions": [walk],
            }
        )
    )
    with Store.open(data_dir) as store:
        assert store.import_file(export).added == 1
        assert [s.walked_seconds for s in store.sessions()] == [1200.0]


def test_a_checkpoint_from_an_older_stride_is_upgraded(
    data_dir: Path, version_2: list[dict[str, Any]]
) -> None:
    walk = daily_walk(0, minutes=10.0).to_dict()
    walk["walked_minutes"] = walk.pop("walked_seconds") / 60
    data_dir.mkdir()
    (data_dir / "checkpoint.json").write_text(
        json.dumps({"format": "stride-checkpoint", "schema_version": 1, "session": walk})
    )
    with Store.open(data_dir) as store:
        recovered = store.read_checkpoint()
    assert recovered is not None and recovered.walked_seconds == 600.0
