"""Damaged files of the index layout: each is kept aside with a notice, and what can be saved
is saved — an index is rebuilt from its sessions, a profile file's loss costs no walk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stride_tui.store import Store, StoreError, database, datafiles
from tests.store.conftest import folder_files
from tests.store.factories import a_profile, daily_walk


def stored(data_dir: Path, n: int = 6) -> list[Any]:
    walks = [daily_walk(k * 50) for k in range(n)]  # 2016 and 2017, several months
    with Store.open(data_dir) as store:
        store.save_profile(a_profile())
        for w in walks:
            store.add_session(w)
    return walks


def test_a_damaged_index_file_is_kept_aside_and_rebuilt_from_its_sessions(
    data_dir: Path,
) -> None:
    walks = stored(data_dir)
    index = data_dir / "index" / "2016.json"
    index.write_bytes(b'{"digests": {"1": {"id": ')
    with Store.open(data_dir) as store:
        assert store.sessions() == walks
        assert [d.id for d in store.digests()] == [w.id for w in walks]
        (notice,) = store.notices
        assert "2016" in notice and "rebuilt" in notice
    (kept,) = (data_dir / "index").glob("2016.json.corrupt-*")
    assert kept.read_bytes() == b'{"digests": {"1": {"id": '
    with Store.open(data_dir) as store:
        assert store.notices == []
        assert store.sessions() == walks


@pytest.mark.parametrize("row", [
    [1, 2],  # too few fields
    ["id", "2016-13-40", "2016-01-01T08:00:00+00:00", "completed", 30, 1, 1800.0, 2, 2, True,
     [], None, False, None, 2],  # no such day
    ["id", "2016-01-01", "2016-01-01T08:00:00+00:00", "strolling", 30, 1, 1800.0, 2, 2, True,
     [], None, False, None, 2],  # no such status
    ["id", "2016-01-01", "2016-01-01T08:00:00+00:00", "completed", 30, 1, 1800.0, 2, 2, True,
     [], None, False, [5], 2],  # a next-day answer cut short
], ids=["short", "bad-day", "bad-status", "bad-answer"])
def test_a_damaged_index_row_is_damage_too(data_dir: Path, row: list[Any]) -> None:
    walks = stored(data_dir)
    index = data_dir / "index" / "2016.json"
    doc = json.loads(index.read_bytes())
    doc["digests"]["1"] = {"r": row}
    index.write_text(json.dumps(doc))
    with Store.open(data_dir) as store:
        assert [d.id for d in store.digests()] == [w.id for w in walks]
        (notice,) = store.notices
        assert "2016" in notice and "rebuilt" in notice


def test_a_read_only_open_of_a_damaged_index_raises_and_moves_nothing(data_dir: Path) -> None:
    stored(data_dir)
    (data_dir / "index" / "2017.json").write_bytes(b"not json")
    before = folder_files(data_dir)
    with pytest.raises(StoreError, match="cannot be read") as err:
        Store.open(data_dir, readonly=True)
    assert "\n" not in str(err.value)
    assert folder_files(data_dir) == before


def test_a_damaged_sessions_file_is_kept_aside_and_its_walks_unlisted(data_dir: Path) -> None:
    walks = stored(data_dir)
    month = data_dir / "sessions" / f"{walks[0].day:%Y-%m}.json"
    month.write_bytes(b"\xff\xfe garbage")
    with Store.open(data_dir) as store:
        assert store.digest_count() == len(walks)  # opening trusts the index
        assert store.sessions() == walks[1:]
        assert store.digest_count() == len(walks) - 1
        (notice,) = store.notices
        assert "kept as" in notice
    (kept,) = (data_dir / "sessions").glob("*.corrupt-*")
    assert kept.read_bytes() == b"\xff\xfe garbage"
    with Store.open(data_dir) as store:
        assert store.sessions() == walks[1:]


def test_a_damaged_profile_file_costs_the_profile_not_the_walks(data_dir: Path) -> None:
    walks = stored(data_dir)
    (data_dir / "stride.json").write_bytes(b"{torn")
    with Store.open(data_dir) as store:
        assert store.load_profile() is None
        assert store.sessions() == walks
        (notice,) = store.notices
        assert "walks are kept" in notice
    assert [p.read_bytes() for p in data_dir.glob("stride.json.corrupt-*")] == [b"{torn"]


def test_data_in_the_index_layout_from_an_older_stride_is_upgraded(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walks = stored(data_dir, 3)
    # Pretend the stored data is version 1, with walked time in minutes.
    for month in (data_dir / "sessions").iterdir():
        tables = json.loads(month.read_bytes())
        for doc in tables["sessions"].values():
            doc["walked_minutes"] = doc.pop("walked_seconds") / 60
        month.write_bytes(json.dumps(tables).encode())
    main = json.loads((data_dir / "stride.json").read_bytes())
    main["meta"]["1"]["schema_version"] = 1
    (data_dir / "stride.json").write_bytes(json.dumps(main).encode())

    def minutes_to_seconds(tables: dict[str, Any]) -> dict[str, Any]:
        for doc in tables["sessions"].values():
            doc["walked_seconds"] = doc.pop("walked_minutes") * 60
        return tables

    for module in (database, datafiles):
        monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(datafiles, "MIGRATIONS", {1: minutes_to_seconds})
    with Store.open(data_dir) as store:
        assert store.sessions() == walks
        assert store.load_profile() == a_profile()
    main = json.loads((data_dir / "stride.json").read_bytes())
    assert main["meta"]["1"] == {"schema_version": 2, "layout": "index"}
    # The older data is kept, in one file, for undoing the upgrade by hand.
    old = json.loads((data_dir / "stride.json.schema-1").read_bytes())
    assert len(old["sessions"]) == 3
    with Store.open(data_dir) as store:
        assert store.sessions() == walks
