"""Stride's store: the walker's profile and sessions in a TinyDB file, plus the walk checkpoint.

One running Stride owns a data folder at a time (``stride.lock``); read-only opens never lock and
never write, so ``stride history --json`` works while the app runs. Every save replaces the file
atomically, and a file that cannot be read is kept aside under a timestamped name, never
overwritten or deleted.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import threading
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from stride_tui.core.digest import SessionDigest, digest_of_document
from stride_tui.core.records import (
    SCHEMA_VERSION,
    DayAfter,
    Profile,
    RecordError,
    SessionRecord,
)
from stride_tui.store.errors import StoreError, StoreLocked, StoreUnwritable, unwritable
from stride_tui.store.files import atomic_write, remove_stale_temps, set_aside
from stride_tui.store.lock import DataDirLock
from stride_tui.store.storage import AtomicJSONStorage, Tables, encode_tables

if TYPE_CHECKING:  # the export code is imported when an export or import runs
    from stride_tui.store.exchange import ParsedExport

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ImportResult",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnwritable",
]

DB_NAME = "stride.json"
CHECKPOINT_NAME = "checkpoint.json"
CHECKPOINT_FORMAT = "stride-checkpoint"

#: Upgrades of the database's dict, keyed by the version they upgrade *from*: ``MIGRATIONS[1]``
#: turns a version-1 dict into a version-2 one. Run in order up to ``SCHEMA_VERSION``, before
#: the records are checked, on the data file, on imported exports and on a checkpoint.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

_P = ParamSpec("_P")
_R = TypeVar("_R")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: sessions added, sessions skipped because their id was already
    stored, and whether the profile was taken (only when the store had none)."""

    added: int
    skipped: int
    profile_imported: bool = False


class _Corrupt(Exception):
    """The data file is damaged; the message says how, for the notice."""


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
        index: _SessionIndex,
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
            _make_data_dir(data_dir)
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

        loaded: _Loaded | None = None
        if raw is not None:
            try:
                # A read-only open (the CLI's history, plan, progress, export) checks each
                # session when it is first read instead: rebuilding ten years up front costs
                # most of a second. A writable open checks everything, to keep a damaged file
                # aside before anything is written.
                loaded = _parse_database(raw, check_sessions=not readonly)
            except _Corrupt as exc:
                if readonly:
                    raise StoreError(
                        f"Stride's data file {path} cannot be read ({exc}); "
                        "open Stride normally to keep it aside and start afresh."
                    ) from None
                kept = _keep_aside(path)
                notices.append(
                    f"Your data file could not be read ({exc}); it was kept as {kept} "
                    "and Stride started a fresh one."
                )
        if loaded is None:
            loaded = _Loaded(_empty_tables(), None, _SessionIndex(), None)

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
        doc = _checked(p.to_dict(), Profile.from_dict, "The profile")
        if self._profile_doc_id is None:
            self._profile_doc_id = self._profiles.insert(doc)
        else:
            self._replace(self._profiles, self._profile_doc_id, doc)

    # --- sessions ----------------------------------------------------------------------------

    @_serialised
    def add_session(self, r: SessionRecord) -> None:
        """Save a session; one already stored with the same id is replaced."""
        self._require_writable()
        doc = _checked(r.to_dict(), SessionRecord.from_dict, f"Session {r.id}")
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
            ) and not doc.get("rehearsal"):
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

    # --- the programme's reads and its next-day answer (issue #10) ---------------------------

    @_serialised
    def digests(self) -> list[SessionDigest]:
        """Every session's digest, oldest first: what the programme rules read (straight from
        the stored documents, without building full records)."""
        table = self._storage.read()["sessions"]
        try:
            return [digest_of_document(table[str(self._index.doc_ids[i])])
                    for i in self._index.oldest_first()]
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                f"Stride's data file {self.db_path} has a damaged session ({exc}); "
                "open Stride normally to keep it aside and start afresh."
            ) from None

    @_serialised
    def record_day_after(self, session_id: str, answer: DayAfter) -> None:
        """Keep the next-day check's answer on the walk it is about; StoreError if none."""
        self._require_writable()
        doc_id = self._index.doc_id(session_id)
        if doc_id is None:
            raise StoreError(f"No session {session_id} to keep the next-day answer on.")
        record = dataclasses.replace(self._record(doc_id), day_after=answer)
        doc = _checked(record.to_dict(), SessionRecord.from_dict, f"Session {session_id}")
        self._replace(self._sessions, doc_id, doc)
        # As add_session does: the index forgets the record it kept, so reads see the answer.
        self._index.put(record.id, doc_id, record.started_at, record.day)

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
            out.append(_fresh(record))
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
            return _parse_checkpoint(raw)
        except _Corrupt as exc:
            if self.readonly:
                raise StoreError(f"The walk checkpoint {path} cannot be read ({exc}).") from None
            kept = _keep_aside(path)
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
        parsed = _read_export(Path(path))

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
        table.update(_replace_with(doc), doc_ids=[doc_id])

    def _require_writable(self) -> None:
        if self.readonly:
            raise StoreError(
                "This Stride opened its data read-only (another one may be running); "
                "nothing was saved."
            )


# --- loading -------------------------------------------------------------------------------


@dataclass
class _Loaded:
    """A data file, parsed: its tables, its session index and where its profile is."""

    tables: Tables
    saved: bytes | None  # the file's bytes when they match ``tables``
    index: _SessionIndex
    profile_doc_id: int | None
    upgraded_from: int | None = None


def _empty_tables() -> Tables:
    return {"meta": {"1": {"schema_version": SCHEMA_VERSION}}, "profile": {}, "sessions": {}}


def _parse_database(raw: bytes, *, check_sessions: bool = True) -> _Loaded | None:
    """Check the whole data file; None when it is empty. Raises _Corrupt or StoreError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Corrupt("it is not text") from None
    if not text.strip():
        return None
    try:
        tables = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Corrupt(f"it is not valid JSON at line {exc.lineno}") from None
    if not isinstance(tables, dict):
        raise _Corrupt("it does not hold Stride's tables")
    for name in ("meta", "profile", "sessions"):
        _check_table(tables, name)

    version = _stored_version(tables)
    upgraded_from = None
    if version != SCHEMA_VERSION:
        tables = _migrate(tables, version)
        upgraded_from = version
        for name in ("meta", "profile", "sessions"):
            _check_table(tables, name)
    tables.setdefault("profile", {})
    tables.setdefault("sessions", {})

    profiles = tables["profile"]
    if len(profiles) > 1:
        raise _Corrupt("it holds more than one profile")
    profile_doc_id = None
    for key, doc in profiles.items():
        try:
            Profile.from_dict(doc)
        except RecordError as exc:
            raise _Corrupt(f"the profile is not valid: {exc}") from None
        profile_doc_id = int(key)

    index = _SessionIndex()
    for n, (key, doc) in enumerate(tables["sessions"].items()):
        try:
            if check_sessions:
                r = SessionRecord.from_dict(doc)
                sid, started_at, day, record = r.id, r.started_at, r.day, r
            else:
                sid, started_at, day = _index_fields(doc)
                record = None
        except RecordError as exc:
            raise _Corrupt(f"session {n + 1} is not valid: {exc}") from None
        if index.doc_id(sid) is not None:
            raise _Corrupt(f"session {sid} is stored twice")
        index.add_unsorted(sid, int(key), started_at, day, record)
    index.sort()
    saved = raw if upgraded_from is None else None
    return _Loaded(tables, saved, index, profile_doc_id, upgraded_from)


def _index_fields(doc: Any) -> tuple[str, datetime, date]:
    """Just what the index needs from a session document, checked: id, start, day."""
    if not isinstance(doc, dict):
        raise RecordError("a session must be an object")
    sid, started, day = doc.get("id"), doc.get("started_at"), doc.get("day")
    if not isinstance(sid, str) or not isinstance(started, str) or not isinstance(day, str):
        raise RecordError("a session needs an id, a start time and a day")
    try:
        return sid, datetime.fromisoformat(started), date.fromisoformat(day)
    except ValueError as exc:
        raise RecordError(f"a session's start time or day is not a date: {exc}") from None


def _check_table(tables: dict[str, Any], name: str) -> None:
    table = tables.get(name, {})
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and k.isdigit() and isinstance(v, dict) for k, v in table.items()
    ):
        raise _Corrupt(f"its {name} table is not in Stride's shape")


def _stored_version(tables: dict[str, Any]) -> int:
    metas = list(tables.get("meta", {}).values())
    if not metas:
        return 1  # Files from before the meta table was written: the first format.
    version = metas[0].get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Corrupt(f"its schema version {version!r} is not one Stride knows")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Your data was made by a newer Stride (data version {version}; this one reads up "
            f"to {SCHEMA_VERSION}). Update Stride to open it — nothing was changed."
        )
    return version


def check_import_file(path: Path) -> None:
    """Check an import file as ``Store.import_file`` would, without any store: StoreError if
    it is not a Stride JSON export this version can read."""
    _read_export(Path(path))


def _read_export(path: Path) -> ParsedExport:
    """Read and check a Stride JSON export (StoreError saying what is wrong)."""
    from stride_tui.store.exchange import parse_export

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist. Nothing was imported.") from None
    except OSError as exc:
        raise StoreError(f"Stride cannot read {path}: {exc.strerror}.") from exc
    return parse_export(raw, path, SCHEMA_VERSION, _migrate)


def _migrate(tables: dict[str, Any], version: int) -> dict[str, Any]:
    """Upgrade a database-shaped dict from ``version`` to ``SCHEMA_VERSION``."""
    for v in range(version, SCHEMA_VERSION):
        step = MIGRATIONS.get(v)
        if step is None:
            raise StoreError(
                f"Stride has no upgrade for data version {v}; please report this. "
                "Nothing was changed."
            )
        try:
            tables = step(tables)
        except Exception as exc:
            raise StoreError(
                f"Upgrading your data from version {v} to {v + 1} failed ({exc}); "
                "please report this. Nothing was changed."
            ) from exc
    tables["meta"] = {"1": {"schema_version": SCHEMA_VERSION}}
    return tables


def _parse_checkpoint(raw: bytes) -> SessionRecord:
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _Corrupt("it is not valid JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != CHECKPOINT_FORMAT:
        raise _Corrupt("it is not a Stride checkpoint")
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _Corrupt(f"its schema version {version!r} is not one Stride knows")
    if version > SCHEMA_VERSION:
        raise _Corrupt("a newer Stride wrote it")
    session = doc.get("session")
    if version < SCHEMA_VERSION:
        try:
            tables = _migrate({"sessions": {"1": session}}, version)
        except StoreError as exc:
            raise _Corrupt(str(exc)) from None
        session = tables.get("sessions", {}).get("1")
    try:
        return SessionRecord.from_dict(session)
    except RecordError as exc:
        raise _Corrupt(str(exc)) from None


def _keep_aside(path: Path) -> Path:
    try:
        return set_aside(path, "corrupt")
    except OSError as exc:
        raise unwritable(
            "Stride found a damaged file it could not move aside:",
            path,
            exc,
            "Move it away by hand; nothing was changed.",
        ) from exc


def _make_data_dir(data_dir: Path) -> None:
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        data_dir.mkdir(mode=0o700)
    except FileExistsError:
        if not data_dir.is_dir():
            # Name the file actually in the way: the folder itself, or one of its parents.
            blocker = next(
                (p for p in (data_dir, *data_dir.parents) if p.exists() and not p.is_dir()),
                data_dir,
            )
            raise StoreError(
                f"Stride's data folder cannot be made: {blocker} is a file, not a folder; "
                "move it or choose another folder with --data-dir."
            ) from None
    except OSError as exc:
        raise unwritable(
            "Stride cannot create its data folder",
            data_dir,
            exc,
            "Choose a folder you can write to with --data-dir.",
        ) from exc


def _checked(doc: dict[str, Any], parse: Callable[[Any], object], what: str) -> dict[str, Any]:
    # Whatever is saved must load again: one bad record would make the whole file unreadable.
    try:
        parse(json.loads(encode_tables({"": doc}))[""])
    except (RecordError, ValueError) as exc:
        raise StoreError(f"{what} was not saved: it is not valid ({exc}).") from exc
    return doc


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    def replace(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return replace


# --- the in-memory index of sessions ----------------------------------------------------------

_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def _instant(started_at: datetime) -> timedelta:
    # Sorts aware and naive times together without comparing them (which raises): naive ones
    # are taken as UTC, which only matters if one file mixes both.
    if started_at.utcoffset() is None:
        return started_at - _EPOCH_NAIVE
    return started_at - _EPOCH_UTC


_Key = tuple[timedelta, str]


def _fresh(r: SessionRecord) -> SessionRecord:
    """A copy a caller may change (its lists are its own) without touching the cache."""
    return dataclasses.replace(
        r, pain_checks=list(r.pain_checks), cues=list(r.cues), warm_up=list(r.warm_up),
        strength=list(r.strength), cool_down=list(r.cool_down), red_flags=list(r.red_flags),
    )


class _SessionIndex:
    """Where each session is in the table, in start order and by day, so that a page or a week
    is found without reading every session."""

    def __init__(self) -> None:
        self.doc_ids: dict[str, int] = {}
        # Records already checked and built (at open, or on first read): rebuilding ten years
        # of sessions from their documents on every read costs hundreds of milliseconds.
        self.records: dict[str, SessionRecord] = {}
        self._keys: dict[str, _Key] = {}
        self._days_of: dict[str, date] = {}
        self._order: list[_Key] = []
        self._days: list[date] = []
        self._by_day: dict[date, list[str]] = {}

    def __len__(self) -> int:
        return len(self.doc_ids)

    def doc_id(self, session_id: str) -> int | None:
        return self.doc_ids.get(session_id)

    def add_unsorted(
        self, session_id: str, doc_id: int, started_at: datetime, day: date,
        record: SessionRecord | None = None,
    ) -> None:
        """Add while loading; call ``sort`` once after the last one."""
        if record is not None:
            self.records[session_id] = record
        key = (_instant(started_at), session_id)
        self.doc_ids[session_id] = doc_id
        self._keys[session_id] = key
        self._days_of[session_id] = day
        self._order.append(key)
        self._by_day.setdefault(day, []).append(session_id)

    def sort(self) -> None:
        self._order.sort()
        self._days = sorted(self._by_day)

    def put(self, session_id: str, doc_id: int, started_at: datetime, day: date) -> None:
        """Add a session, or move one that was replaced."""
        self.remove(session_id)
        key = (_instant(started_at), session_id)
        self.doc_ids[session_id] = doc_id
        self._keys[session_id] = key
        self._days_of[session_id] = day
        bisect.insort(self._order, key)
        if day not in self._by_day:
            bisect.insort(self._days, day)
            self._by_day[day] = []
        self._by_day[day].append(session_id)

    def remove(self, session_id: str) -> None:
        self.records.pop(session_id, None)
        if session_id not in self.doc_ids:
            return
        del self.doc_ids[session_id]
        key = self._keys.pop(session_id)
        del self._order[bisect.bisect_left(self._order, key)]
        day = self._days_of.pop(session_id)
        on_day = self._by_day[day]
        on_day.remove(session_id)
        if not on_day:
            del self._by_day[day]
            del self._days[bisect.bisect_left(self._days, day)]

    def oldest_first(self) -> list[str]:
        return [sid for _, sid in self._order]

    def newest_first(self, offset: int, limit: int) -> list[str]:
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must not be negative")
        end = len(self._order) - offset
        start = max(0, end - limit)
        return [sid for _, sid in reversed(self._order[start:end])] if end > 0 else []

    def day_of(self, session_id: str) -> date:
        return self._days_of[session_id]

    def between(self, first: date, last: date) -> list[str]:
        lo = bisect.bisect_left(self._days, first)
        hi = bisect.bisect_right(self._days, last)
        found = [sid for day in self._days[lo:hi] for sid in self._by_day[day]]
        return sorted(found, key=self._keys.__getitem__)
