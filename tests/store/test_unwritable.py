"""A read-only folder or a full disk: a clear error, the file intact, nothing in memory lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from stride_tui.store import Store, StoreUnwritable
from tests.records import AFTER_ALL
from tests.store.conftest import fill_up, read_only
from tests.store.factories import a_profile, daily_walk


def test_a_data_folder_that_cannot_be_created_is_reported_with_its_path(tmp_path: Path) -> None:
    parent = tmp_path / "locked-away"
    parent.mkdir()
    with read_only(parent), pytest.raises(StoreUnwritable) as err:
        Store.open(parent / "stride")
    assert str(parent / "stride") in str(err.value)
    assert err.value.reason in str(err.value)
    assert not (parent / "stride").exists()


def test_an_existing_store_on_a_read_only_folder_cannot_be_written_but_can_be_read(
    data_dir: Path,
) -> None:
    walks = [daily_walk(n) for n in range(3)]
    with Store.open(data_dir) as store:
        for w in walks:
            store.add_session(w)
        before = store.db_path.read_bytes()

    with read_only(data_dir):
        with pytest.raises(StoreUnwritable) as err, Store.open(data_dir) as store:
            store.add_session(daily_walk(3))
        assert str(data_dir) in str(err.value)
        with Store.open(data_dir, readonly=True) as reader:
            assert reader.sessions() == walks
    assert (data_dir / "stride.json").read_bytes() == before


def test_a_folder_turning_read_only_while_walking_keeps_everything_in_memory(
    data_dir: Path,
) -> None:
    walks = [daily_walk(n) for n in range(3)]
    store = Store.open(data_dir)
    for w in walks:
        store.add_session(w)
    store.save_profile(a_profile())
    before = store.db_path.read_bytes()

    with read_only(data_dir):
        with pytest.raises(StoreUnwritable) as err:
            store.add_session(daily_walk(3))
        message = str(err.value)
        assert str(data_dir) in message  # the file it could not write: the walk's month file
        assert "\n" not in message
        with pytest.raises(StoreUnwritable):
            store.delete_session(walks[0].id, today=AFTER_ALL)
        with pytest.raises(StoreUnwritable):
            store.save_profile(a_profile(notifications=False))
        with pytest.raises(StoreUnwritable):
            store.write_checkpoint(walks[2])

        assert store.sessions() == walks
        assert store.load_profile() == a_profile()
        assert store.db_path.read_bytes() == before

    # Once the folder can be written again, saving simply works.
    late = daily_walk(3)
    store.add_session(late)
    store.close()
    with Store.open(data_dir) as store:
        assert store.sessions() == [*walks, late]


def test_a_full_disk_is_reported_and_the_saved_walks_survive_in_file_and_memory(
    small_disk: Path,
) -> None:
    data_dir = small_disk / "stride"
    walks = [daily_walk(n) for n in range(3)]
    store = Store.open(data_dir)
    for w in walks:
        store.add_session(w)
    before = store.db_path.read_bytes()
    filler = fill_up(small_disk)

    unsaved = daily_walk(3)
    with pytest.raises(StoreUnwritable) as err:
        store.add_session(unsaved)
    assert "the disk is full" in str(err.value)
    assert str(data_dir) in str(err.value)
    with pytest.raises(StoreUnwritable, match="the disk is full"):
        store.write_checkpoint(unsaved)

    assert store.db_path.read_bytes() == before
    assert store.sessions() == walks
    assert store.get_session(unsaved.id) is None
    assert not [p for p in data_dir.rglob("*") if p.name.endswith(".tmp")]

    filler.unlink()
    store.add_session(unsaved)
    store.close()
    with Store.open(data_dir) as store:
        assert store.sessions() == [*walks, unsaved]
