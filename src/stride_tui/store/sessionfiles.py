"""The index and session files: the one path by which the store reads and writes them.

Each file is its own TinyDB database over an ``AtomicJSONStorage`` (replaced atomically on
every save, mode 0600), read the first time it is needed and then kept in memory: opening
Stride reads the index files only; a sessions file is read when a screen or command asks for
one of its sessions, and a save rewrites one sessions file and one index file. Every change goes
through TinyDB's tables; reading takes the documents from the storage TinyDB reads them from
(``DataFile.docs``), so that a command that only reads never imports TinyDB.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stride_tui.core.digest import SessionDigest
from stride_tui.core.records import SessionRecord
from stride_tui.store.datafiles import (
    Corrupt,
    digest_of,
    index_doc,
    is_compact,
    parse_digests,
    parse_sessions,
)
from stride_tui.store.errors import StoreError
from stride_tui.store.folder import (
    INDEX_DIR,
    SESSIONS_DIR,
    Month,
    index_path,
    make_subfolder,
    month_of,
    month_path,
)
from stride_tui.store.storage import AtomicJSONStorage, Tables

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Table

DIGESTS = "digests"
SESSIONS = "sessions"


class DataFile:
    """One TinyDB file of the data folder, its tables held in memory."""

    def __init__(self, path: Path, tables: Tables, saved: bytes | None, *, writable: bool) -> None:
        self.path = path
        if saved is not None and not saved.strip():
            saved = None  # an empty file: its tables were made up, not read
        self.storage = AtomicJSONStorage(path, tables, saved, writable=writable)
        self._db: TinyDB | None = None

    def table(self, name: str) -> Table:
        """A table of this file, through TinyDB (made at the first change: see ``docs``)."""
        if self._db is None:
            self._db = _tinydb(self.storage)
        return self._db.table(name)

    def docs(self, name: str) -> dict[str, dict[str, Any]]:
        """The documents of table ``name`` by document id, in the order TinyDB's
        ``table(name).all()`` lists them (its documents are these): for reading only."""
        return self.storage.read().get(name, {})

    def replace(self, name: str, doc_id: int, doc: dict[str, Any]) -> None:
        """Replace a stored document (in place, so the storage is told to encode it afresh)."""
        self.storage.encoder.forget(name, doc_id)
        self.table(name).update(_replace_with(doc), doc_ids=[doc_id])


def _tinydb(storage: AtomicJSONStorage) -> TinyDB:
    from tinydb import Storage, TinyDB

    Storage.register(AtomicJSONStorage)
    return TinyDB(storage=lambda: storage)


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return replace


def layout_tables(sessions: list[SessionRecord]) -> dict[Path, Tables]:
    """The index and sessions files holding ``sessions``, by path relative to the folder."""
    out: dict[Path, Tables] = {}
    for r in sorted(sessions, key=lambda r: (r.day, r.id)):
        index = out.setdefault(index_path(Path(), r.day.year), {DIGESTS: {}})[DIGESTS]
        month = out.setdefault(month_path(Path(), month_of(r.day)), {SESSIONS: {}})[SESSIONS]
        index[str(len(index) + 1)] = _digest_doc(r)
        month[str(len(month) + 1)] = r.to_dict()
    return out


def _digest_doc(r: SessionRecord) -> dict[str, Any]:
    from stride_tui.core.digest import digest

    return index_doc(digest(r))


class SessionFiles:
    """The index files (one a year) and sessions files (one a month) of a data folder."""

    def __init__(self, data_dir: Path, *, writable: bool) -> None:
        self.data_dir = data_dir
        self.writable = writable
        self._files: dict[Path, DataFile] = {}

    def preload(self, files: dict[Path, Tables]) -> None:
        """Hold these files' tables in memory instead of reading them (a read-only open of an
        earlier Stride's single data file, which must not be migrated by a reader)."""
        for rel, tables in files.items():
            path = self.data_dir / rel
            self._files[path] = DataFile(path, tables, None, writable=False)

    def index_years(self) -> list[int]:
        """The years with an index file (on disk, or preloaded), oldest first."""
        years = {int(p.stem) for p in self._files if p.parent.name == INDEX_DIR}
        for path in (self.data_dir / INDEX_DIR).glob("*.json"):
            if path.stem.isdigit() and len(path.stem) == 4:
                years.add(int(path.stem))
        return sorted(years)

    def months_of_year(self, year: int) -> list[Month]:
        """The months of ``year`` with a sessions file, oldest first."""
        found = set()
        for path in (self.data_dir / SESSIONS_DIR).glob(f"{year:04d}-*.json"):
            y, _, m = path.stem.partition("-")
            if y.isdigit() and m.isdigit():
                found.add((int(y), int(m)))
        return sorted(found)

    def read_digests(self, year: int) -> list[tuple[int, SessionDigest]]:
        """The rows of ``year``'s index file (Corrupt if it is damaged)."""
        path = index_path(self.data_dir, year)
        held = self._files.get(path)
        if held is not None:
            docs = held.storage.read().get(DIGESTS, {})
            return [(int(k), digest_of(v)) for k, v in docs.items()]
        raw = _read(path)
        tables, rows = parse_digests(raw) if raw is not None else ({DIGESTS: {}}, [])
        self._files[path] = DataFile(path, tables, raw, writable=self.writable)
        return rows

    def compact_index(self, year: int, rows: list[tuple[int, SessionDigest]]) -> None:
        """Rewrite ``year``'s index file in rows if an earlier build wrote named fields (once,
        in one atomic save; StoreError if it cannot be saved, the file as it was)."""
        storage = self.index_file(year).storage
        tables = storage.read()
        if is_compact(tables.get(DIGESTS, {})):
            return
        # The same documents under the same ids, each a row: written whole, through the
        # storage (TinyDB's update would rewrite the table once per document).
        tables[DIGESTS] = {str(doc_id): index_doc(d) for doc_id, d in rows}
        storage.encoder.clear()
        storage.write(tables)

    def index_file(self, year: int) -> DataFile:
        """The index file of ``year`` (read when first needed)."""
        path = index_path(self.data_dir, year)
        held = self._files.get(path)
        if held is None:
            self.read_digests(year)
            held = self._files[path]
        return held

    def month_file(self, month: Month) -> DataFile:
        """The sessions file of ``month`` (Corrupt if it is damaged)."""
        path = month_path(self.data_dir, month)
        held = self._files.get(path)
        if held is None:
            raw = _read(path)
            tables = parse_sessions(raw) if raw is not None else {SESSIONS: {}}
            held = DataFile(path, tables, raw, writable=self.writable)
            self._files[path] = held
        return held

    def month_path(self, month: Month) -> Path:
        """Where the sessions file of ``month`` is."""
        return month_path(self.data_dir, month)

    def holds_month(self, month: Month) -> bool:
        """Whether the sessions file of ``month`` is in memory."""
        return month_path(self.data_dir, month) in self._files

    def forget(self, path: Path) -> None:
        """Drop a file from memory (it was kept aside)."""
        self._files.pop(path, None)

    def month_docs(self, month: Month) -> dict[str, dict[str, Any]]:
        """The session documents of ``month`` by session id."""
        return {doc["id"]: doc for doc in self.month_file(month).docs(SESSIONS).values()
                if isinstance(doc.get("id"), str)}

    def ready_folders(self) -> None:
        """Make ``index/`` and ``sessions/`` before a first save into them (OSError if not)."""
        make_subfolder(self.data_dir / INDEX_DIR)
        make_subfolder(self.data_dir / SESSIONS_DIR)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc


__all__ = ["DIGESTS", "SESSIONS", "Corrupt", "DataFile", "SessionFiles", "layout_tables"]
