"""The index layout at scale, judged by what is read and written (never by timings): opening
reads the index only, a save writes one sessions file and one index file, the single data
file of an earlier Stride is migrated safely even when killed at any step, and Home's streak
is true over ten years."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import SessionRecord
from stride_tui.store import Store, files, sessionfiles
from tests.records import AFTER_ALL
from tests.store.conftest import CHILD, folder_files, single_file
from tests.store.factories import FIRST_DAY, a_profile, daily_walk
from tests.store.perf_report import TEN_YEARS, build_ten_years


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("index-ten-years")
    build_ten_years(root / "data", root)
    return root / "data"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the store reads, by path relative to nothing (absolute)."""
    seen: list[Path] = []
    original = Path.read_bytes

    def counting(self: Path) -> bytes:
        seen.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return seen


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the store replaces (through its one atomic write)."""
    seen: list[Path] = []
    original = files.atomic_write

    def counting(path: Path, data: bytes, *, durable: bool = True) -> None:
        seen.append(path)
        original(path, data, durable=durable)

    monkeypatch.setattr(files, "atomic_write", counting)
    from stride_tui.store import database, migration, opening, storage

    for module in (storage, database, migration, opening):
        monkeypatch.setattr(module, "atomic_write", counting)
    return seen


def test_opening_ten_years_reads_the_index_only(ten_years: Path, reads: list[Path]) -> None:
    parsed: list[Any] = []
    monkeypatch_target = sessionfiles.parse_sessions

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sessionfiles, "parse_sessions",
                   lambda raw: parsed.append(raw) or monkeypatch_target(raw))
        with Store.open(ten_years) as store:
            today = FIRST_DAY + timedelta(days=TEN_YEARS - 1)
            assert store.digest_count() == TEN_YEARS
            assert len(store.digests(today - timedelta(days=20), today)) == 21
            assert store.load_profile() is None
            opened = [p.relative_to(ten_years) for p in reads]
    assert parsed == []  # not one sessions file read
    assert {p.parts[0] for p in opened} <= {"stride.json", "index", "checkpoint.json"}
    assert len([p for p in opened if p.parts[0] == "index"]) == 11  # one per year, once


def test_a_save_writes_its_month_and_its_year_index_and_nothing_else(
    ten_years: Path, tmp_path: Path, writes: list[Path]
) -> None:
    data = shutil.copytree(ten_years, tmp_path / "data")
    walk = daily_walk(TEN_YEARS)
    with Store.open(data) as store:
        writes.clear()
        store.add_session(walk)
        month = f"{walk.day:%Y-%m}"
        assert [p.relative_to(data).as_posix() for p in writes] == [
            f"sessions/{month}.json",
            f"index/{walk.day.year}.json",
        ]
        writes.clear()
        store.delete_session(walk.id, today=AFTER_ALL)
        assert sorted(p.relative_to(data).as_posix() for p in writes) == [
            f"index/{walk.day.year}.json",
            f"sessions/{month}.json",
        ]


def test_home_shows_the_streak_of_ten_years_of_daily_walks(ten_years: Path) -> None:
    from stride_tui.core.home import load_home
    from stride_tui.core.weeks import SessionsByDay, WeekFigures, monday_of

    today = FIRST_DAY + timedelta(days=TEN_YEARS - 1)
    with Store.open(ten_years, readonly=True) as store:
        data = load_home(store, today)
    index = SessionsByDay(data.recent)
    index.walk_days |= data.walk_days
    figures = WeekFigures(index, monday_of(today), today)
    assert figures.streak == TEN_YEARS
    assert figures.days_walked == today.weekday() + 1  # every day of this week so far


def _history(n: int) -> list[SessionRecord]:
    # Across two years and several months, so the migration writes several files.
    return [daily_walk(k * 40) for k in range(n)]


def test_the_single_data_file_is_migrated_to_the_index_and_kept(data_dir: Path) -> None:
    walks = _history(12)
    original = single_file(data_dir, walks, a_profile())
    with Store.open(data_dir) as store:
        assert store.sessions() == walks
        assert store.load_profile() == a_profile()
        assert store.notices == []
    assert (data_dir / "stride.json.single-file").read_bytes() == original
    main = json.loads((data_dir / "stride.json").read_bytes())
    assert set(main) == {"meta", "profile"}
    assert main["meta"]["1"]["layout"] == "index"
    assert sorted(p.name for p in (data_dir / "index").iterdir()) == ["2016.json", "2017.json"]
    with Store.open(data_dir) as store:  # a second open migrates nothing
        assert store.sessions() == walks
    assert (data_dir / "stride.json.single-file").read_bytes() == original


def test_an_index_of_named_fields_is_read_alike_and_rewritten_as_rows_once(
    data_dir: Path, writes: list[Path],
) -> None:
    from stride_tui.core.digest import SessionDigest

    walks = _history(12)
    with Store.open(data_dir) as store:
        for w in walks:
            store.add_session(w)
        expected = store.digests()
    # As earlier builds wrote the index: each digest by its named fields.
    ids = {}
    for path in sorted((data_dir / "index").glob("*.json")):
        doc = json.loads(path.read_bytes())
        assert all(set(row) == {"r"} for row in doc["digests"].values())
        doc["digests"] = {k: SessionDigest.from_row(row["r"]).to_dict()
                          for k, row in doc["digests"].items()}
        path.write_text(json.dumps(doc))
        ids[path.name] = list(doc["digests"])
    before = folder_files(data_dir)
    with Store.open(data_dir, readonly=True) as store:
        assert store.digests() == expected
    assert folder_files(data_dir) == before  # a reader changes nothing
    writes.clear()
    with Store.open(data_dir) as store:
        assert store.digests() == expected
        assert store.sessions() == walks
    # Each year's index rewritten once, the same documents under the same ids, as rows.
    assert sorted(p.name for p in writes) == ["2016.json", "2017.json"]
    for path in sorted((data_dir / "index").glob("*.json")):
        rows = json.loads(path.read_bytes())["digests"]
        assert list(rows) == ids[path.name]
        assert all(set(row) == {"r"} for row in rows.values())
    writes.clear()
    with Store.open(data_dir) as store:
        assert store.digests() == expected
    assert writes == []


def test_a_read_only_open_of_the_single_file_migrates_nothing(data_dir: Path) -> None:
    walks = _history(5)
    single_file(data_dir, walks, a_profile())
    before = folder_files(data_dir)
    with Store.open(data_dir, readonly=True) as store:
        assert store.sessions() == walks
        assert [d.id for d in store.digests()] == [w.id for w in walks]
    assert folder_files(data_dir) == before


def test_a_migration_killed_at_any_step_leaves_the_data_intact(tmp_path: Path) -> None:
    walks = _history(6)
    step = 0
    while True:
        step += 1
        assert step < 200, "the migration never finished"
        data = tmp_path / f"step-{step}"
        single_file(data, walks, a_profile())
        child = subprocess.run(
            [sys.executable, str(CHILD), "migrate", str(data), str(step)],
            capture_output=True, text=True, timeout=60, check=False,
        )
        finished = child.stdout.strip() == "done"
        if not finished:
            assert child.returncode == -signal.SIGKILL, child.stderr
        with Store.open(data) as store:  # the restart
            assert store.sessions() == walks, f"killed at step {step}"
            assert store.load_profile() == a_profile()
        assert json.loads((data / "stride.json").read_bytes())["meta"]["1"]["layout"] == "index"
        assert not (data / ".migrating").exists()
        if finished:
            break
    assert step > 10  # every rename, link and fsync of a migration was a kill point


def test_export_then_import_round_trips_across_the_migration(
    data_dir: Path, tmp_path: Path
) -> None:
    walks = _history(8)
    single_file(data_dir, walks, a_profile())
    export = tmp_path / "export.json"
    with Store.open(data_dir) as store:  # migrates
        assert store.write_export(export, "json") == len(walks)
    other = tmp_path / "other"
    with Store.open(other) as store:
        result = store.import_file(export)
        assert (result.added, result.profile_imported) == (len(walks), True)
    with Store.open(other, readonly=True) as store:
        assert store.sessions() == walks
        assert store.load_profile() == a_profile()
        assert [d.day for d in store.digests(date(2016, 1, 1), date(2016, 12, 31))] == [
            w.day for w in walks if w.day.year == 2016
        ]


def test_streaming_the_history_reads_only_the_months_it_gives_out(ten_years: Path) -> None:
    parsed: list[bytes] = []
    original = sessionfiles.parse_sessions
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sessionfiles, "parse_sessions",
                   lambda raw: parsed.append(raw) or original(raw))
        with Store.open(ten_years, readonly=True) as store:
            stream = store.iter_sessions()
            newest = next(stream)
            assert newest.day == FIRST_DAY + timedelta(days=TEN_YEARS - 1)
            assert len(parsed) <= 2  # the newest month (or two) only
            taken = [newest, *(next(stream) for _ in range(199))]
            assert len(parsed) <= 10  # 200 days: seven or eight months
            assert [s.day for s in taken] == sorted((s.day for s in taken), reverse=True)
        assert len({s.id for s in taken}) == 200


def test_the_index_and_sessions_folders_are_private(data_dir: Path) -> None:
    single_file(data_dir, _history(3), a_profile())
    with Store.open(data_dir) as store:  # migrated: the folders made by the migration
        store.add_session(daily_walk(2000))  # and a new year's files made by a save
    for sub in ("index", "sessions"):
        assert (data_dir / sub).stat().st_mode & 0o777 == 0o700
        for path in (data_dir / sub).iterdir():
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_streaming_all_ten_years_keeps_nothing_it_has_given_out(ten_years: Path) -> None:
    import gc
    import pathlib
    import tracemalloc

    with Store.open(ten_years, readonly=True) as store:
        gc.collect()
        tracemalloc.start()
        try:
            before, _ = tracemalloc.get_traced_memory()
            count = 0
            for session in store.iter_sessions():
                count += 1
                del session
            gc.collect()
            _, peak = tracemalloc.get_traced_memory()
            # What is still allocated of what the stream allocated, less pathlib's: a month
            # file's path is interned, and the interpreter's table of interned strings, which
            # it keeps, may grow (by about 2 MB) during the stream, depending on what ran before.
            kept = sum(t.size for t in tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, pathlib.__file__)]).traces)
        finally:
            tracemalloc.stop()
        # Kept after the stream: the sessions were let go, and so were their month files.
        assert count == TEN_YEARS
        assert kept < 1_000_000, f"{kept / 1e6:.1f} MB kept"
        # While streaming, a chunk of sessions and its months at a time, never ten years.
        assert peak - before < 8_000_000, f"{(peak - before) / 1e6:.1f} MB at the peak"
        # What the screens read is still cached as before.
        assert store.sessions_page(0, 3) == store.sessions_page(0, 3)


@pytest.mark.parametrize("newest", [1, 20, 400, 5000])
def test_a_history_page_reads_only_the_years_it_needs_and_the_rest_on_demand(
    ten_years: Path, reads: list[Path], newest: int,
) -> None:
    with Store.open(ten_years, readonly=True) as store:
        whole = store.digests()
        expected = [s.id for s in store.iter_sessions(newest)]
    reads.clear()
    with Store.open(ten_years, readonly=True, newest=newest) as store:
        index_reads = [p for p in reads if p.parent.name == "index"]
        # The newest years, from the last back, only until they hold `newest` sessions.
        years = sorted({d.day.year for d in whole}, reverse=True)
        needed, held = 0, 0
        for year in years:
            needed += 1
            held += sum(1 for d in whole if d.day.year == year)
            if held >= newest:
                break
        assert sorted(int(p.stem) for p in index_reads) == sorted(years[:needed])
        assert [s.id for s in store.iter_sessions(newest)] == expected
        # Anything that needs the whole history still gets it, in the same order.
        assert store.digests() == whole
        assert len([p for p in reads if p.parent.name == "index"]) == len(years)


def test_the_whole_history_streams_from_the_newest_years_index_back(
    ten_years: Path, reads: list[Path],
) -> None:
    with Store.open(ten_years, readonly=True) as store:
        expected = [s.id for s in store.iter_sessions()]
    reads.clear()
    with Store.open(ten_years, readonly=True, newest=1) as store:  # as `stride history` opens
        stream = store.iter_sessions()
        first = next(stream)
        # The first session is out after one year's index: as soon with ten years as with one.
        assert len([p for p in reads if p.parent.name == "index"]) == 1
        got = [first.id, *(s.id for s in stream)]
    assert got == expected
    assert len([p for p in reads if p.parent.name == "index"]) == 11
