"""Opening a data folder: ``stride.json``, the migration of a single data file, the index.

Opening reads ``stride.json`` and every year's index file, and trusts them (each row was
checked when its session was written). What cannot be read is kept aside with a notice: a
damaged index file is rebuilt from its year's sessions files, a damaged sessions file loses its
sessions from the index (the file itself is kept, for recovery by hand).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import RecordError, SessionRecord
from stride_tui.store.datafiles import (
    Corrupt,
    Loaded,
    empty_tables,
    index_doc,
    keep_aside,
    parse_database,
    parse_sessions,
)
from stride_tui.store.errors import StoreError, unwritable
from stride_tui.store.files import atomic_write
from stride_tui.store.folder import DB_NAME, Month, has_index, month_of, month_path, tidy
from stride_tui.store.index import SessionIndex
from stride_tui.store.sessionfiles import (
    DIGESTS,
    SESSIONS,
    DataFile,
    SessionFiles,
    layout_tables,
)
from stride_tui.store.storage import encode_tables


class Opened:
    """A data folder, opened: ``stride.json``, the index and session files, the index."""

    __slots__ = ("main", "files", "index", "notices", "unread")

    def __init__(self, main: DataFile, files: SessionFiles, index: SessionIndex,
                 notices: list[str], unread: list[int] | None = None) -> None:
        self.main = main
        self.files = files
        self.index = index
        self.notices = notices
        # Index years not read yet (a read-only open for the newest sessions only), oldest
        # first.
        self.unread: list[int] = [] if unread is None else unread


def load_folder(data_dir: Path, *, readonly: bool, newest: int | None = None) -> Opened:
    """Open the folder's files (the caller holds the lock for a writable open). ``newest``
    (read-only): read only enough of the index for that many newest sessions."""
    path = data_dir / DB_NAME
    notices: list[str] = []
    if not readonly:
        tidy(data_dir)
    loaded = _read_main(path, readonly=readonly, notices=notices, indexed=has_index(data_dir))
    files = SessionFiles(data_dir, writable=not readonly)

    if loaded is not None and not loaded.single_file and loaded.outdated:
        # An older Stride's data in the index layout: put it back in one file (its upgrade
        # and the migration then run as for a single file, and can be cut short safely).
        loaded = _back_to_single_file(data_dir, loaded, readonly=readonly)

    if loaded is not None and loaded.single_file:
        if readonly:
            files.preload(layout_tables(loaded.sessions))
            main_tables = {"meta": loaded.tables["meta"], "profile": loaded.tables["profile"]}
            main = DataFile(path, main_tables, None, writable=False)
        else:
            from stride_tui.store.migration import move_to_index

            _keep_upgraded_original(path, loaded)
            main_tables = move_to_index(
                data_dir, loaded, keep_single_file=loaded.upgraded_from is None
            )
            main = DataFile(path, main_tables, encode_tables(main_tables), writable=True)
    elif loaded is not None:
        main = DataFile(path, loaded.tables, loaded.saved, writable=not readonly)
    else:
        main = DataFile(path, empty_tables(), None, writable=not readonly)

    with _collector_paused():
        index, unread = _read_index(files, notices, readonly=readonly,
                                    newest=newest if readonly else None)
    return Opened(main, files, index, notices, unread)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Reading the index makes tens of thousands of small objects that all live on: the
    # collections their allocation would trigger (several full ones over ten years) find
    # nothing to free. One pause here, instead of many scans.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_index(
    files: SessionFiles, notices: list[str], *, readonly: bool, newest: int | None = None,
) -> tuple[SessionIndex, list[int]]:
    """The index, and the years not read yet (oldest first). ``newest`` (read-only): read
    years from the newest back only until they hold that many sessions."""
    index = SessionIndex()
    years = files.index_years()
    if newest is None:
        read_years(index, files, years, notices, readonly=readonly)
        return index, []
    while years and len(index) < newest:
        read_years(index, files, [years.pop()], notices, readonly=readonly)
    return index, years


def read_years(index: SessionIndex, files: SessionFiles, years: list[int],
               notices: list[str], *, readonly: bool) -> None:
    """Add these years' index rows to ``index``. A session listed in two years (a move cut
    short) is kept once: in the newer year."""
    newest_read = max((d.day.year for d in index.digests.values()), default=None)
    for year in years:
        try:
            rows = files.read_digests(year)
        except Corrupt as exc:
            rows = _damaged_index(files, year, str(exc), notices, readonly=readonly)
        if not readonly:
            with contextlib.suppress(StoreError):  # kept as it was: it still reads
                files.compact_index(year, rows)
        older = newest_read is not None and year < newest_read
        for doc_id, d in rows:
            if d.id in index.digests:
                if older:
                    continue
                index.remove(d.id)  # cut short while moving it to another year: keep one
            index.add_unsorted(d, doc_id)
    index.sort()


def _read_main(path: Path, *, readonly: bool, notices: list[str], indexed: bool) -> Loaded | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc
    try:
        return parse_database(raw)
    except Corrupt as exc:
        if readonly:
            raise StoreError(
                f"Stride's data file {path} cannot be read ({exc}); "
                "open Stride normally to keep it aside and start afresh."
            ) from None
        kept = keep_aside(path)
        if indexed:
            notices.append(
                f"Your profile file could not be read ({exc}); it was kept as {kept}. "
                "Your walks are kept: set up your profile again."
            )
        else:
            notices.append(
                f"Your data file could not be read ({exc}); it was kept as {kept} "
                "and Stride started a fresh one."
            )
        return None


def _keep_upgraded_original(path: Path, loaded: Loaded) -> None:
    if loaded.upgraded_from is None:
        return
    # Keep the file as the older Stride wrote it, in case the upgrade needs undoing.
    backup = path.with_name(f"{DB_NAME}.schema-{loaded.upgraded_from}")
    if backup.exists():
        return
    try:
        atomic_write(backup, path.read_bytes())
    except OSError as exc:
        raise unwritable(
            "Stride could not keep a copy of your data before upgrading it, at",
            backup,
            exc,
            "Nothing was changed.",
        ) from exc


def _back_to_single_file(data_dir: Path, loaded: Loaded, *, readonly: bool) -> Loaded:
    sessions: dict[str, Any] = {}
    for path in sorted((data_dir / "sessions").glob("*.json")):
        for doc in parse_sessions(path.read_bytes())[SESSIONS].values():
            sessions[str(len(sessions) + 1)] = doc
    tables = {"meta": loaded.tables["meta"], "profile": loaded.tables["profile"],
              "sessions": sessions}
    raw = encode_tables(tables)
    if not readonly:
        try:
            atomic_write(data_dir / DB_NAME, raw)
        except OSError as exc:
            raise unwritable(
                "Stride could not upgrade your data in", data_dir, exc, "Nothing was changed."
            ) from exc
    again = parse_database(raw)
    assert again is not None
    return again


def _damaged_index(
    files: SessionFiles, year: int, reason: str, notices: list[str], *, readonly: bool
) -> list[tuple[int, SessionDigest]]:
    path = files.data_dir / "index" / f"{year:04d}.json"
    if readonly:
        raise StoreError(
            f"Stride's index file {path} cannot be read ({reason}); "
            "open Stride normally to keep it aside and rebuild it."
        )
    kept = keep_aside(path)
    files.forget(path)
    records: list[SessionRecord] = []
    for month in files.months_of_year(year):
        try:
            docs = files.month_docs(month)
        except Corrupt as exc:
            _keep_month_aside(files, month, str(exc), notices)
            continue
        for doc in docs.values():
            try:
                records.append(SessionRecord.from_dict(doc))
            except RecordError:
                continue
    table = files.index_file(year).table(DIGESTS)
    rows = []
    for r in sorted(records, key=lambda r: r.started_at.isoformat()):
        d = digest(r)
        rows.append((table.insert(index_doc(d)), d))
    notices.append(
        f"The index of your {year} walks could not be read ({reason}); it was kept as {kept} "
        f"and rebuilt from the sessions ({len(rows)} found)."
    )
    return rows


def damaged_month(
    files: SessionFiles, index: SessionIndex, month: Month, reason: str, notices: list[str]
) -> None:
    """A sessions file found damaged when read: keep it aside and unlist its sessions (or,
    read-only, raise StoreError)."""
    path = month_path(files.data_dir, month)
    if not files.writable:
        raise StoreError(
            f"Stride's sessions file {path} cannot be read ({reason}); "
            "open Stride normally to keep it aside."
        )
    lost = [sid for sid, d in index.digests.items() if month_of(d.day) == month]
    for sid in lost:
        d = index.digests[sid]
        files.index_file(d.day.year).table(DIGESTS).remove(doc_ids=[index.doc_ids[sid]])
        index.remove(sid)
    _keep_month_aside(files, month, reason, notices)


def _keep_month_aside(files: SessionFiles, month: Month, reason: str, notices: list[str]) -> None:
    path = month_path(files.data_dir, month)
    kept = keep_aside(path)
    files.forget(path)
    notices.append(
        f"Your sessions of {month[0]:04d}-{month[1]:02d} could not be read ({reason}); "
        f"the file was kept as {kept} and they are no longer listed."
    )


