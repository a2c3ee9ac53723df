"""Stride's store: the walker's profile and sessions in a TinyDB file, plus the walk checkpoint.

One running Stride owns a data folder at a time (``stride.lock``); read-only opens never lock and
never write, so ``stride history --json`` works while the app runs. Every save replaces the file
atomically, and a file that cannot be read is kept aside under a timestamped name, never
overwritten or deleted.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from stride_tui.core.records import SCHEMA_VERSION, Profile, RecordError, SessionRecord
from stride_tui.store.datafiles import (
    CHECKPOINT_FORMAT,
    MIGRATIONS,
    Corrupt,
    Loaded,
    check_import_file,
    checked,
    empty_tables,
    keep_aside,
    parse_checkpoint,
    parse_database,
    read_export,
    replace_with,
)
from stride_tui.store.errors import StoreError, StoreLocked, StoreUnwritable, unwritable
from stride_tui.store.files import atomic_write, remove_stale_temps
from stride_tui.store.folder import CHECKPOINT_NAME, DB_NAME, make_data_dir
from stride_tui.store.index import SessionIndex, fresh
from stride_tui.store.lock import DataDirLock
from stride_tui.store.storage import AtomicJSONStorage

if TYPE_CHECKING:  # the export code is imported when an export or import runs
    pass

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ImportResult",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnwritable",
    "check_import_file",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: sessions added, sessions skipped because their id was already
    stored, and whether the profile was taken (only when the store had none)."""

    added: int
    skipped: int
    profile_imported: bool = False


def _serialised(
    method: Callable[Concatenate[Store, _P], _R],
) -> Callable[Concatenate[Store, _P], _R]:
    # The end-of-walk save runs on a worker thread while the screen keeps reading.
    def run(self: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._mutex:
            if self._closed:
                raise StoreError("Stride's data store was closed; open it again.")
            return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run


class Store:
    """The walker's profile and sessions, and the checkpoint of the walk in progress.

    Open with ``Store.open`` (a context manager). Records handed out are fresh objects:
    changing one changes nothing stored until it is saved again.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        readonly: bool,
        lock: DataDirLock | None,
        storage: AtomicJSONStorage,
        index: SessionIndex,
        profile_doc_id: int | None,
        notices: list[str],
    ) -> None:
        """Use ``Store.open``."""
        self.data_dir = data_dir
        self.readonly = readonly
        #: Things the person should be told (a damaged file kept aside, …), oldest first.
        self.notices = notices
        self._lock = lock
        self._storage = storage
        self._db = TinyDB(storage=lambda: storage)
        self._profiles: Table = self._db.table("profile")
        self._sessions: Table = self._db.table("sessions")
        self._index = index
        self._profile_doc_id = profile_doc_id
        self._mutex = threading.RLock()
        self._closed = False

    # --- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, readonly: bool = False) -> Store:
        """Open the store in ``data_dir``.

        A writable open creates the folder (0700) and takes its lock (``StoreLocked`` if another
        Stride has it, ``StoreUnwritable`` if the folder cannot be written). A damaged data file
        is kept aside as ``stride.json.corrupt-<time>`` and the store starts empty, with a
        notice in ``store.notices``. A read-only open never writes or locks, and raises
        ``StoreError`` for a damaged file instead. Data from a newer Stride raises
        ``StoreError``; data from an older one is upgraded through ``MIGRATIONS``.
        """
        data_dir = Path(data_dir)
        lock = None
        if not readonly:
            make_data_dir(data_dir)
            lock = DataDirLock.acquire(data_dir)
        try:
            return cls._load(data_dir, readonly=readonly, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _load(cls, data_dir: Path, *, readonly: bool, lock: DataDirLock | None) -> Store:
        path = data_dir / DB_NAME
        notices: list[str] = []
        if not readonly:
            remove_stale_temps(data_dir, (DB_NAME, CHECKPOINT_NAME))
        try:
            raw: bytes | None = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc

        loaded: Loaded | None = None
        if raw is not None:
            try:
                # A read-only open (the CLI's history, plan, progress, export) checks each
                # session when it is first read instead: rebuilding ten years up front costs
                # most of a second. A writable open checks everything, to keep a damaged file
                # aside before anything is written.
                loaded = parse_database(raw, check_sessions=not readonly)
            except Corrupt as exc:
                if readonly:
                    raise StoreError(
                        f"Stride's data file {path} cannot be read ({exc}); "
                        "open Stride normally to keep it aside and start afresh."
                    ) from None
                kept = keep_aside(path)
                notices.append(
                    f"Your data file could not be read ({exc}); it was kept as {kept} "
                    "and Stride started a fresh one."
                )
        if loaded is None:
            loaded = Loaded(empty_tables(), None, SessionIndex(), None)

        storage = AtomicJSONStorage(path, loaded.tables, loaded.saved, writable=not readonly)
        if loaded.upgraded_from is not None and not readonly and raw is not None:
            # Keep the file as the older Stride wrote it, in case the upgrade needs undoing.
            backup = path.with_name(f"{DB_NAME}.schema-{loaded.upgraded_from}")
            if not backup.exists():
                try:
                    atomic_write(backup, raw)
                except OSError as exc:
                    raise unwritable(
                        "Stride could not keep a copy of your data before upgrading it, at",
                        backup,
                        exc,
                        "Nothing was changed.",
                    ) from exc
            storage.save()
        return cls(
            data_dir,
            readonly=readonly,
            lock=lock,
            storage=storage,
            index=loaded.index,
            profile_doc_id=loaded.profile_doc_id,
            notices=notices,
        )

    def close(self) -> None:
        """Release the data folder for another Stride. Safe to call twice."""
        with self._mutex:
            self._closed = True
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def db_path(self) -> Path:
        """The TinyDB file."""
        return self.data_dir / DB_NAME

    @property
    def checkpoint_path(self) -> Path:
        """The checkpoint of the walk in progress."""
        return self.data_dir / CHECKPOINT_NAME

    # --- profile -----------------------------------------------------------------------------

    @_serialised
    def load_profile(self) -> Profile | None:
        """The walker's profile, or None before the first set-up."""
        if self._profile_doc_id is None:
            return None
        return Profile.from_dict(self._profiles.get(doc_id=self._profile_doc_id))

    @_serialised
    def save_profile(self, p: Profile) -> None:
        """Save the profile, replacing the one stored."""
        self._require_writable()
        doc = checked(p.to_dict(), Profile.from_dict, "The profile")
        if self._profile_doc_id is None:
            self._profile_doc_id = self._profiles.insert(doc)
        else:
            self._replace(self._profiles, self._profile_doc_id, doc)

    # --- sessions ----------------------------------------------------------------------------

    @_serialised
    def add_session(self, r: SessionRecord) -> None:
        """Save a session; one already stored with the same id is replaced."""
        self._require_writable()
        doc = checked(r.to_dict(), SessionRecord.from_dict, f"Session {r.id}")
        doc_id = self._index.doc_id(r.id)
        if doc_id is None:
            doc_id = self._sessions.insert(doc)
        else:
            self._replace(self._sessions, doc_id, doc)
        self._index.put(r.id, doc_id, r.started_at, r.day)

    @_serialised
    def get_session(self, session_id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        doc_id = self._index.doc_id(session_id)
        return None if doc_id is None else self._record(doc_id)

    @_serialised
    def delete_session(self, session_id: str) -> bool:
        """Delete a session; False when there was none with this id."""
        self._require_writable()
        doc_id = self._index.doc_id(session_id)
        if doc_id is None:
            return False
        self._sessions.remove(doc_ids=[doc_id])
        self._index.remove(session_id)
        return True

    @_serialised
    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first (by ``started_at``)."""
        return self._records(self._index.oldest_first())

    @_serialised
    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        """Sessions whose ``day`` is from ``first`` to ``last`` inclusive, oldest first."""
        return self._records(self._index.between(first, last))

    @_serialised
    def walk_days(self, first: date, last: date) -> set[date]:
        """The days from ``first`` to ``last`` with some walking done (for streaks), read
        without rebuilding the sessions."""
        table = self._storage.read()["sessions"]
        days: set[date] = set()
        for sid in self._index.between(first, last):
            doc = table[str(self._index.doc_ids[sid])]
            walked = doc.get("walked_seconds", 0)
            if isinstance(walked, int | float) and walked > 0 and doc.get("status") != (
                "in-progress"
            ):
                days.add(self._index.day_of(sid))
        return days

    @_serialised
    def session_count(self) -> int:
        """How many sessions are stored."""
        return len(self._index)

    @_serialised
    def recent_sessions(self, n: int) -> list[SessionRecord]:
        """The ``n`` most recent sessions, newest first."""
        return self._records(self._index.newest_first(0, n))

    @_serialised
    def sessions_page(self, offset: int, limit: int) -> list[SessionRecord]:
        """Sessions newest first, skipping ``offset`` and returning at most ``limit``.

        Only the page's sessions are read, so paging through ten years stays quick.
        """
        return self._records(self._index.newest_first(offset, limit))

    def _record(self, doc_id: int) -> SessionRecord:
        return SessionRecord.from_dict(self._sessions.get(doc_id=doc_id))

    def _records(self, session_ids: list[str]) -> list[SessionRecord]:
        table = self._storage.read()["sessions"]
        cache = self._index.records
        out = []
        for i in session_ids:
            record = cache.get(i)
            if record is None:
                # Straight from the cached table: Table.get would copy each document first.
                try:
                    record = SessionRecord.from_dict(table[str(self._index.doc_ids[i])])
                except RecordError as exc:
                    raise StoreError(
                        f"Stride's data file {self.db_path} has a damaged session ({exc}); "
                        "open Stride normally to keep it aside and start afresh."
                    ) from None
                cache[i] = record
            out.append(fresh(record))
        return out

    # --- checkpoint of the walk in progress --------------------------------------------------

    @_serialised
    def write_checkpoint(self, r: SessionRecord) -> None:
        """Save the walk in progress to its own small file, atomically (mode 0600).

        Not fsynced: it guards against Stride or its terminal dying, when written data survives
        in the page cache anyway, and an fsync would cost far more than the 1 ms budget. A
        checkpoint torn by a power cut is kept aside by ``read_checkpoint``.
        """
        self._require_writable()
        session = r.to_dict()
        doc = {"format": CHECKPOINT_FORMAT, "schema_version": SCHEMA_VERSION, "session": session}
        path = self.checkpoint_path
        try:
            # A checkpoint that would not load again is no recovery at all: refuse it now.
            SessionRecord.from_dict(session)
            payload = json.dumps(doc, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except ValueError as exc:
            raise StoreError(
                f"The walk in progress was not checkpointed: it is not valid ({exc})."
            ) from exc
        try:
            atomic_write(path, payload, durable=False)
        except OSError as exc:
            raise unwritable(
                "Stride could not checkpoint the walk to",
                path,
                exc,
                "The walk goes on; it will be saved when it ends if the disk allows.",
            ) from exc

    @_serialised
    def read_checkpoint(self) -> SessionRecord | None:
        """The walk a previous run left unfinished, or None.

        A damaged checkpoint is kept aside (``checkpoint.json.corrupt-<time>``) with a notice,
        and None is returned; in a read-only store it raises ``StoreError`` instead.
        """
        path = self.checkpoint_path
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc
        try:
            return parse_checkpoint(raw)
        except Corrupt as exc:
            if self.readonly:
                raise StoreError(f"The walk checkpoint {path} cannot be read ({exc}).") from None
            kept = keep_aside(path)
            self.notices.append(
                f"The unfinished walk could not be recovered ({exc}); "
                f"its checkpoint was kept as {kept}."
            )
            return None

    @_serialised
    def clear_checkpoint(self) -> None:
        """Forget the walk in progress (it ended and was saved, or was discarded)."""
        self._require_writable()
        path = self.checkpoint_path
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise unwritable(
                "Stride could not remove", path, exc, "Delete it by hand if it stays."
            ) from exc

    # --- export and import -------------------------------------------------------------------

    @_serialised
    def export_json(self) -> dict[str, Any]:
        """Everything stored, as a Stride export (sessions oldest first)."""
        from stride_tui.store.exchange import export_document

        return export_document(self.load_profile(), self.sessions(), SCHEMA_VERSION)

    @_serialised
    def write_export(self, path: Path, fmt: Literal["json", "csv"]) -> int:
        """Write an export file (mode 0600, atomically) and return how many sessions it holds.

        ``json`` is the full export that ``import_file`` reads back; ``csv`` is one row a
        session, for a spreadsheet.
        """
        from stride_tui.store.exchange import export_document, sessions_csv

        sessions = self.sessions()
        if fmt == "json":
            doc = export_document(self.load_profile(), sessions, SCHEMA_VERSION)
            text = json.dumps(doc, indent=1, allow_nan=False) + "\n"
        elif fmt == "csv":
            text = sessions_csv(sessions)
        else:
            raise ValueError(f"unknown export format {fmt!r}; use json or csv")
        path = Path(path)
        try:
            if path.exists() and not path.is_file():
                # A pipe or device such as /dev/stdout: replacing it would be wrong (as root,
                # it would even succeed), so write into it.
                with open(path, "wb") as stream:
                    stream.write(text.encode("utf-8"))
            else:
                # Through a symlink to the real file, so the link stays a link.
                atomic_write(path.resolve(), text.encode("utf-8"))
        except OSError as exc:
            raise unwritable(
                "Stride could not write the export to",
                path,
                exc,
                "Choose another place for the export.",
            ) from exc
        return len(sessions)

    @_serialised
    def import_file(self, path: Path) -> ImportResult:
        """Import a Stride JSON export: every session whose id is new, and the profile if none
        is stored yet.

        The whole file is checked before anything is written, and then written in one save: any
        problem raises ``StoreError`` saying what is wrong, with the store unchanged. Importing
        the same file twice adds nothing the second time.
        """
        self._require_writable()
        parsed = read_export(Path(path))

        seen: set[str] = set()
        new: list[SessionRecord] = []
        for s in parsed.sessions:
            if s.id not in seen and self._index.doc_id(s.id) is None:
                new.append(s)
            seen.add(s.id)
        take_profile = parsed.profile is not None and self._profile_doc_id is None
        profile_doc_id = None
        doc_ids: list[int] = []
        if new or take_profile:
            with self._storage.batch():
                doc_ids = self._sessions.insert_multiple([s.to_dict() for s in new])
                if parsed.profile is not None and take_profile:
                    profile_doc_id = self._profiles.insert(parsed.profile.to_dict())
        for s, doc_id in zip(new, doc_ids, strict=True):
            self._index.put(s.id, doc_id, s.started_at, s.day)
        if profile_doc_id is not None:
            self._profile_doc_id = profile_doc_id
        return ImportResult(
            added=len(new), skipped=len(parsed.sessions) - len(new), profile_imported=take_profile
        )

    def _replace(self, table: Table, doc_id: int, doc: dict[str, Any]) -> None:
        """Replace a stored document (in place, so the storage is told to encode it afresh)."""
        self._storage.encoder.forget(table.name, doc_id)
        table.update(replace_with(doc), doc_ids=[doc_id])

    def _require_writable(self) -> None:
        if self.readonly:
            raise StoreError(
                "This Stride opened its data read-only (another one may be running); "
                "nothing was saved."
            )


