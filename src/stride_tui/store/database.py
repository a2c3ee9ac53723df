"""Stride's store: the walker's profile and sessions, plus the walk checkpoint.

The data folder holds small TinyDB files (see ``store.folder`` and the README, "Your data"):
``stride.json`` (the profile), one index file a year (one ``SessionDigest`` a session) and one
sessions file a month (the full records). Opening reads ``stride.json`` and the index files
only, and trusts them: every session was checked when it was written. Full sessions are read
when asked for (history detail, export, ``history --json``), through ``SessionFiles``, the
one path by which sessions are read. A save rewrites the session's month file and its year's
index file, each atomically (temporary file, fsync, rename; mode 0600): the month first, so a
save cut short leaves at most a session the index does not know, never an index row without
its session. An earlier Stride's single ``stride.json`` is migrated on the first writable open
(``store.migration``).

One running Stride owns a data folder at a time (``stride.lock``); read-only opens never lock and
never write, so ``stride history --json`` works while the app runs. A file that cannot be read
is kept aside under a timestamped name, never overwritten or deleted.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import functools
import importlib
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, Literal, NamedTuple, ParamSpec, TypeVar

from stride_tui.core.digest import SessionDigest
from stride_tui.core.records import SCHEMA_VERSION, DayAfter, Profile, SessionRecord, Units
from stride_tui.store.datafiles import (
    MIGRATIONS,
    Corrupt,
    check_import_file,
    checked,
    encode_checkpoint,
    keep_aside,
    read_checkpoint_file,
    read_export,
)
from stride_tui.store.errors import (
    DeletionRefused,
    StoreError,
    StoreLocked,
    StoreUnwritable,
    unwritable,
)
from stride_tui.store.files import atomic_write, write_new_file
from stride_tui.store.folder import (
    CHECKPOINT_NAME,
    DB_NAME,
    make_data_dir,
)
from stride_tui.store.index import SessionIndex
from stride_tui.store.lock import DataDirLock
from stride_tui.store.sessionfiles import (
    DataFile,
)
from stride_tui.store.shelf import Shelf

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

# How many sessions ``iter_sessions`` reads at a time: a few first, so the first is out at
# once, then a month's worth or two.
_FIRST_CHUNK = 8
_STREAM_CHUNK = 64


class ImportResult(NamedTuple):
    """What an import did: sessions added, sessions skipped because their id was already
    stored, and whether the profile was taken (only when the store had none)."""

    added: int
    skipped: int
    profile_imported: bool = False


def _serialised(
    method: "Callable[Concatenate[Store, _P], _R]",
) -> "Callable[Concatenate[Store, _P], _R]":
    # The end-of-walk save runs on a worker thread while the screen keeps reading.
    def run(self: "Store", /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._mutex:
            if self._closed:
                raise StoreError("Stride's data store was closed; open it again.")
            return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run


class Store:
    """The walker's profile and sessions, and the checkpoint of the walk in progress.

    Open with ``Store.open`` (a context manager). Records handed out are fresh objects:
    changing one changes nothing stored until it is saved again. What the rest of Stride reads
    of past sessions is their digests (``digests``, ``digest_count``); full records are read
    only by the calls that return ``SessionRecord``s.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        readonly: bool,
        lock: DataDirLock | None,
        main: DataFile,
        shelf: Shelf,
        notices: list[str],
        units: Units | None = None,
    ) -> None:
        """Use ``Store.open``."""
        #: The units the settings file asks for (None: the profile's own): ``load_profile``
        #: hands the profile out with them, so every screen and command shows one choice.
        self.units = units
        self.data_dir = data_dir
        self.readonly = readonly
        #: Things the person should be told (a damaged file kept aside, …), oldest first.
        self.notices = notices
        self._lock = lock
        self._main = main
        self._shelf = shelf
        self._whole_index = shelf.index
        #: Index years not read yet (``open(newest=…)``): read as soon as anything needs them.
        self._unread: list[int] = []
        self._mutex = threading.RLock()
        self._closed = False

    # --- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: Path, *, readonly: bool = False, units: Units | None = None,
        newest: int | None = None, on_locked: Callable[[], object] | None = None,
    ) -> "Store":
        """Open the store in ``data_dir``.

        A writable open creates the folder (0700) and takes its lock (``StoreLocked`` if another
        Stride has it, ``StoreUnwritable`` if the folder cannot be written), and migrates an
        earlier Stride's single data file. A damaged file is kept aside as
        ``<name>.corrupt-<time>`` with a notice in ``store.notices``: a damaged ``stride.json``
        of a single-file folder starts the store afresh; a damaged index file is rebuilt from
        its year's sessions. A read-only open never writes or locks, and raises ``StoreError``
        for a damaged file instead. Data from a newer Stride raises ``StoreError``; data from an
        older one is upgraded through ``MIGRATIONS``. ``units`` (the settings file's) is how
        ``load_profile`` hands out the profile's units. ``newest`` (read-only opens): read the
        index only as far back as that many newest sessions, the rest when something asks
        (``stride history --limit`` then costs what it prints, not the years kept).
        ``on_locked`` (writable opens) is called once the lock is held, before anything is
        read: the app checks there that what its start-up preload read is still the folder's.
        """
        data_dir = Path(data_dir)
        lock = None
        warnings: list[str] = []
        if not readonly:
            warnings = make_data_dir(data_dir)
            lock = DataDirLock.acquire(data_dir)
        try:
            if on_locked is not None and lock is not None:
                on_locked()
            store = cls._load(data_dir, readonly=readonly, lock=lock, newest=newest)
            if not readonly:
                # Opened to change things, which go through TinyDB's tables: imported with the
                # opening (in the app, on the store thread; after Home's first data when the
                # start-up preload gave it), so that the first save does not wait for it. A
                # read-only open never needs it (``sessionfiles.DataFile.docs``).
                importlib.import_module("tinydb")
            store.notices[:0] = warnings
            store.units = units
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _load(cls, data_dir: Path, *, readonly: bool, lock: DataDirLock | None,
              newest: int | None = None) -> "Store":
        from stride_tui.store.opening import load_folder

        opened = load_folder(data_dir, readonly=readonly, newest=newest)
        store = cls(
            data_dir,
            readonly=readonly,
            lock=lock,
            main=opened.main,
            shelf=Shelf(opened.files, opened.index, opened.notices),
            notices=opened.notices,
        )
        store._unread = opened.unread
        return store

    def close(self) -> None:
        """Release the data folder for another Stride. Safe to call twice."""
        with self._mutex:
            self._closed = True
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
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
        """``stride.json``: the profile and the data version."""
        return self.data_dir / DB_NAME

    @property
    def checkpoint_path(self) -> Path:
        """The checkpoint of the walk in progress."""
        return self.data_dir / CHECKPOINT_NAME

    # --- profile -----------------------------------------------------------------------------

    @_serialised
    def load_profile(self) -> Profile | None:
        """The walker's profile, or None before the first set-up; with the settings file's
        units when it names them (``units``)."""
        profile = self._stored_profile()
        if profile is not None and self.units is not None and profile.units is not self.units:
            profile = profile._replace(units=self.units)
        return profile

    def _stored_profile(self) -> Profile | None:
        doc = next(iter(self._main.docs("profile").values()), None)
        return None if doc is None else Profile.from_dict(doc)

    @_serialised
    def save_profile(self, p: Profile) -> None:
        """Save the profile, replacing the one stored."""
        self._require_writable()
        doc = checked(p.to_dict(), Profile.from_dict, "The profile")
        docs = self._main.table("profile").all()
        if docs:
            self._main.replace("profile", docs[0].doc_id, doc)
        else:
            self._main.table("profile").insert(doc)

    # --- sessions: digests -------------------------------------------------------------------

    @_serialised
    def digests(self, first: date | None = None, last: date | None = None) -> list[SessionDigest]:
        """The digests of the sessions whose ``day`` is from ``first`` to ``last`` inclusive
        (either end open when None), oldest first (by ``started_at``). Reads no session file."""
        if first is None and last is None:
            ids = self._index.oldest_first()
        else:
            ids = self._index.between(first or date.min, last or date.max)
        return [self._index.digests[i] for i in ids]

    @_serialised
    def digest_count(self) -> int:
        """How many sessions are stored (the same as ``session_count``)."""
        return len(self._index)

    @_serialised
    def session_count(self) -> int:
        """How many sessions are stored."""
        return len(self._index)

    @_serialised
    def walk_days(self, first: date, last: date) -> set[date]:
        """The days from ``first`` to ``last`` with some walking done (for streaks), from the
        index."""
        from stride_tui.core.plan import is_walk

        digests = self._index.digests
        return {digests[i].day for i in self._index.between(first, last) if is_walk(digests[i])}


    # --- sessions: full records --------------------------------------------------------------

    @_serialised
    def add_session(self, r: SessionRecord) -> None:
        """Save a session; one already stored with the same id is replaced.

        Checks the record (once, here), then rewrites its month's sessions file and then its
        year's index file.
        """
        self._require_writable()
        doc = checked(r.to_dict(), SessionRecord.from_dict, f"Session {r.id}")
        self._ready_folders("Stride could not save to", "Your data saved before this is intact; "
                            "the last change was not saved.")
        self._shelf.put(r, doc)

    @_serialised
    def get_session(self, session_id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        found = self._shelf.read([session_id])
        return found[0] if found else None

    @_serialised
    def record_day_after(self, session_id: str, answer: DayAfter) -> None:
        """Keep the next-day check's answer on the walk it is about (and in its digest);
        StoreError if there is no such session."""
        self._require_writable()
        found = self._shelf.read([session_id])
        if not found:
            raise StoreError(f"No session {session_id} to keep the next-day answer on.")
        record = found[0]._replace(day_after=answer)
        doc = checked(record.to_dict(), SessionRecord.from_dict, f"Session {session_id}")
        self._ready_folders("Stride could not save to", "Your data saved before this is intact; "
                            "the next-day answer was not saved.")
        self._shelf.put(record, doc)

    @_serialised
    def delete_session(self, session_id: str, *, today: date) -> bool:
        """Delete a session; False when there was none with this id. A session that closes
        ``today`` to walking (a warning sign, a stop for pain) stays until the day is over:
        ``DeletionRefused`` says why (``core.programme.deletion_refused``)."""
        from stride_tui.core.programme import deletion_refused

        self._require_writable()
        found = self._index.get(session_id)
        if found is None:
            return False
        refused = deletion_refused(found, today)
        if refused:
            raise DeletionRefused(refused)
        return self._shelf.delete(session_id)

    @_serialised
    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first (by ``started_at``)."""
        return self._shelf.read(self._index.oldest_first())

    @_serialised
    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        """Sessions whose ``day`` is from ``first`` to ``last`` inclusive, oldest first."""
        return self._shelf.read(self._index.between(first, last))

    @_serialised
    def recent_sessions(self, n: int) -> list[SessionRecord]:
        """The ``n`` most recent sessions, newest first."""
        return self._shelf.read(self._index.newest_first(0, n))

    @_serialised
    def sessions_page(self, offset: int, limit: int) -> list[SessionRecord]:
        """Sessions newest first, skipping ``offset`` and returning at most ``limit``.

        Only the page's sessions are read, so paging through ten years stays quick.
        """
        return self._shelf.read(self._index.newest_first(offset, limit))

    @property
    def _index(self) -> SessionIndex:
        """The whole index (the years an ``open(newest=…)`` left unread are read first)."""
        if self._unread:
            self._read_older(len(self._unread))
        return self._whole_index

    def _read_older(self, years: int) -> None:
        from stride_tui.store.opening import read_years

        take, self._unread = self._unread[-years:], self._unread[:-years]
        read_years(self._whole_index, self._shelf.files, take[::-1], self.notices,
                   readonly=self.readonly)

    def _newest_index(self, count: int) -> SessionIndex:
        """An index that holds at least the ``count`` newest sessions (reading older years
        only as far as needed)."""
        while self._unread and len(self._whole_index) < count:
            self._read_older(1)
        return self._whole_index

    @_serialised
    def _stream_page(self, offset: int, limit: int) -> list[SessionRecord]:
        ids = self._newest_index(offset + limit).newest_first(offset, limit)
        return self._shelf.read(ids, keep=False)

    def iter_sessions(self, limit: int | None = None) -> Iterator[SessionRecord]:
        """Sessions newest first (at most ``limit``), read a few months at a time as the caller
        goes, so a long history streams: time grows with what is taken, and nothing read is
        kept once it has been handed out (memory stays flat)."""
        offset, chunk = 0, _FIRST_CHUNK
        try:
            while limit is None or offset < limit:
                size = chunk if limit is None else min(chunk, limit - offset)
                page = self._stream_page(offset, size)
                yield from page
                if len(page) < size:
                    return
                offset += size
                chunk = _STREAM_CHUNK
        finally:
            with self._mutex:
                self._shelf.end_stream()

    # --- checkpoint of the walk in progress --------------------------------------------------

    @_serialised
    def write_checkpoint(self, r: SessionRecord) -> None:
        """Save the walk in progress to its own small file, atomically (mode 0600).

        Not fsynced: it guards against Stride or its terminal dying, when written data survives
        in the page cache anyway, and an fsync would cost far more than the 1 ms budget. A
        checkpoint torn by a power cut is kept aside by ``read_checkpoint``.
        """
        self._require_writable()
        path = self.checkpoint_path
        payload = encode_checkpoint(r)
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
            return read_checkpoint_file(path)
        except Corrupt as exc:
            if self.readonly:
                raise StoreError(
                    f"The walk checkpoint {path} cannot be read ({exc})."
                ) from None
            kept = keep_aside(path)
            self.notices.append(
                f"The unfinished walk could not be recovered ({exc}); "
                f"its checkpoint was kept as {kept}."
            )
            return None

    @_serialised
    def discard_checkpoint(self, *, today: date) -> None:
        """Discard the unfinished walk without keeping it. Refused (``DeletionRefused``) when
        it closes ``today`` to walking (a warning sign or a stop for pain that a crash kept
        from being saved): only keeping it records it (``core.programme.deletion_refused``)."""
        from stride_tui.core.programme import deletion_refused

        record = self.read_checkpoint()
        refused = deletion_refused(record, today) if record is not None else ""
        if refused:
            raise DeletionRefused(refused)
        self.clear_checkpoint()

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
    def write_export(
        self, path: Path, fmt: Literal["json", "csv"], *, replace: bool = False
    ) -> int:
        """Write an export file (mode 0600, atomically) and return how many sessions it holds.

        ``json`` is the full export that ``import_file`` reads back; ``csv`` is one row a
        session, for a spreadsheet. An existing file is replaced only with ``replace``; a
        symbolic link, pipe or device at ``path`` is refused (``StoreError``).
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
            write_new_file(path, text.encode("utf-8"), replace=replace)
        except FileExistsError:
            raise StoreError(
                f"{path} already exists; add --force to replace it. Nothing was written."
            ) from None
        except (IsADirectoryError, PermissionError) as exc:
            if exc.errno is None:  # refused by Stride, not by the system: say why
                raise StoreError(f"{exc}; choose another file. Nothing was written.") from None
            raise unwritable(
                "Stride could not write the export to", path, exc,
                "Choose another place for the export.",
            ) from exc
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

        The whole file is checked before anything is written; any problem raises
        ``StoreError`` saying what is wrong, with the store unchanged. The new sessions are
        written a month file at a time and then each year's index file, so an import cut
        short adds only what its index files took. Importing the same file twice adds nothing
        the second time.
        """
        self._require_writable()
        parsed = read_export(Path(path))

        seen: set[str] = set()
        new: list[SessionRecord] = []
        for s in parsed.sessions:
            if s.id not in seen and self._index.get(s.id) is None:
                new.append(s)
            seen.add(s.id)
        take_profile = parsed.profile is not None and not self._main.table("profile").all()
        if new:
            self._ready_folders("Stride could not import into", "Nothing was imported.")
            self._shelf.add_new(new)
        if parsed.profile is not None and take_profile:
            self._main.table("profile").insert(parsed.profile.to_dict())
        return ImportResult(
            added=len(new), skipped=len(parsed.sessions) - len(new), profile_imported=take_profile
        )

    def _ready_folders(self, action: str, advice: str) -> None:
        """Make the sessions' folders, and ``stride.json`` (the mark of the index layout),
        before the first session is written."""
        try:
            self._shelf.files.ready_folders()
            if not self.db_path.exists():
                self._main.storage.save()
        except OSError as exc:
            raise unwritable(action, self.data_dir, exc, advice) from exc

    def _require_writable(self) -> None:
        if self.readonly:
            raise StoreError(
                "This Stride opened its data read-only (another one may be running); "
                "nothing was saved."
            )
