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

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, Literal, ParamSpec, TypeVar

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import SCHEMA_VERSION, Profile, RecordError, SessionRecord
from stride_tui.store.datafiles import (
    CHECKPOINT_FORMAT,
    MIGRATIONS,
    Corrupt,
    check_import_file,
    checked,
    keep_aside,
    parse_checkpoint,
    read_export,
)
from stride_tui.store.errors import StoreError, StoreLocked, StoreUnwritable, unwritable
from stride_tui.store.files import atomic_write
from stride_tui.store.folder import (
    CHECKPOINT_NAME,
    DB_NAME,
    Month,
    make_data_dir,
    month_of,
)
from stride_tui.store.index import SessionIndex, fresh
from stride_tui.store.lock import DataDirLock
from stride_tui.store.sessionfiles import (
    DIGESTS,
    SESSIONS,
    DataFile,
    SessionFiles,
)

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

# How many sessions ``iter_sessions`` reads at a time (a month's worth or two).
_STREAM_CHUNK = 64


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
        files: SessionFiles,
        index: SessionIndex,
        notices: list[str],
    ) -> None:
        """Use ``Store.open``."""
        self.data_dir = data_dir
        self.readonly = readonly
        #: Things the person should be told (a damaged file kept aside, …), oldest first.
        self.notices = notices
        self._lock = lock
        self._main = main
        self._files = files
        self._index = index
        # Records already checked and built: history pages are read more than once.
        self._records: dict[str, SessionRecord] = {}
        self._mutex = threading.RLock()
        self._closed = False

    # --- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, readonly: bool = False) -> Store:
        """Open the store in ``data_dir``.

        A writable open creates the folder (0700) and takes its lock (``StoreLocked`` if another
        Stride has it, ``StoreUnwritable`` if the folder cannot be written), and migrates an
        earlier Stride's single data file. A damaged file is kept aside as
        ``<name>.corrupt-<time>`` with a notice in ``store.notices``: a damaged ``stride.json``
        of a single-file folder starts the store afresh; a damaged index file is rebuilt from
        its year's sessions. A read-only open never writes or locks, and raises ``StoreError``
        for a damaged file instead. Data from a newer Stride raises ``StoreError``; data from an
        older one is upgraded through ``MIGRATIONS``.
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
        from stride_tui.store.opening import load_folder

        opened = load_folder(data_dir, readonly=readonly)
        return cls(
            data_dir,
            readonly=readonly,
            lock=lock,
            main=opened.main,
            files=opened.files,
            index=opened.index,
            notices=opened.notices,
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
        """``stride.json``: the profile and the data version."""
        return self.data_dir / DB_NAME

    @property
    def checkpoint_path(self) -> Path:
        """The checkpoint of the walk in progress."""
        return self.data_dir / CHECKPOINT_NAME

    # --- profile -----------------------------------------------------------------------------

    @_serialised
    def load_profile(self) -> Profile | None:
        """The walker's profile, or None before the first set-up."""
        docs = self._main.table("profile").all()
        return Profile.from_dict(docs[0]) if docs else None

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
        new = digest(r)
        old = self._index.get(r.id)
        try:
            self._files.ready_folders()
            if not self.db_path.exists():
                self._main.storage.save()  # marks the folder as the index layout
        except OSError as exc:
            raise unwritable(
                "Stride could not save to", self.data_dir, exc,
                "Your data saved before this is intact; the last change was not saved.",
            ) from exc
        self._put_doc(month_of(r.day), doc)
        doc_id = self._put_digest(new, old)
        if old is not None and month_of(old.day) != month_of(r.day):
            self._drop_doc(month_of(old.day), r.id)
        self._records.pop(r.id, None)
        self._index.put(new, doc_id)

    @_serialised
    def get_session(self, session_id: str) -> SessionRecord | None:
        """The session with this id, or None."""
        found = self._read([session_id])
        return found[0] if found else None

    @_serialised
    def delete_session(self, session_id: str) -> bool:
        """Delete a session; False when there was none with this id."""
        self._require_writable()
        old = self._index.get(session_id)
        if old is None:
            return False
        # The index row first: cut short after it, the session is merely unlisted.
        self._files.index_file(old.day.year).table(DIGESTS).remove(
            doc_ids=[self._index.doc_ids[session_id]]
        )
        self._index.remove(session_id)
        self._records.pop(session_id, None)
        self._drop_doc(month_of(old.day), session_id)
        return True

    @_serialised
    def sessions(self) -> list[SessionRecord]:
        """Every session, oldest first (by ``started_at``)."""
        return self._read(self._index.oldest_first())

    @_serialised
    def sessions_between(self, first: date, last: date) -> list[SessionRecord]:
        """Sessions whose ``day`` is from ``first`` to ``last`` inclusive, oldest first."""
        return self._read(self._index.between(first, last))

    @_serialised
    def recent_sessions(self, n: int) -> list[SessionRecord]:
        """The ``n`` most recent sessions, newest first."""
        return self._read(self._index.newest_first(0, n))

    @_serialised
    def sessions_page(self, offset: int, limit: int) -> list[SessionRecord]:
        """Sessions newest first, skipping ``offset`` and returning at most ``limit``.

        Only the page's sessions are read, so paging through ten years stays quick.
        """
        return self._read(self._index.newest_first(offset, limit))

    def iter_sessions(self, limit: int | None = None) -> Iterator[SessionRecord]:
        """Sessions newest first (at most ``limit``), read a few months at a time as the caller
        goes, so a long history streams: memory and time grow with what is taken."""
        offset = 0
        while limit is None or offset < limit:
            size = _STREAM_CHUNK if limit is None else min(_STREAM_CHUNK, limit - offset)
            page = self.sessions_page(offset, size)
            yield from page
            if len(page) < size:
                return
            offset += size

    def _read(self, session_ids: list[str]) -> list[SessionRecord]:
        """The one read path of full sessions: each from its month's file, checked when first
        built, then cached."""
        out: list[SessionRecord] = []
        months: dict[Month, dict[str, dict[str, Any]]] = {}
        for sid in session_ids:
            record = self._records.get(sid)
            if record is None:
                d = self._index.get(sid)
                if d is None:
                    continue
                month = month_of(d.day)
                if month not in months:
                    months[month] = self._month_docs(month)
                doc = months[month].get(sid)
                if doc is None:
                    continue  # its file was damaged and kept aside just now
                try:
                    record = SessionRecord.from_dict(doc)
                except RecordError as exc:
                    raise StoreError(
                        f"Stride's sessions file {self._files.month_file(month).path} has a "
                        f"damaged session ({exc}); open Stride normally to keep it aside."
                    ) from None
                self._records[sid] = record
            out.append(fresh(record))
        return out

    def _month_docs(self, month: Month) -> dict[str, dict[str, Any]]:
        try:
            return self._files.month_docs(month)
        except Corrupt as exc:
            from stride_tui.store.opening import damaged_month

            damaged_month(self._files, self._index, month, str(exc), self.notices)
            return {}

    def _put_doc(self, month: Month, doc: dict[str, Any]) -> None:
        self._month_docs(month)  # a damaged file is kept aside before it is written over
        file = self._files.month_file(month)
        found = [d.doc_id for d in file.table(SESSIONS).all() if d.get("id") == doc["id"]]
        if found:
            file.replace(SESSIONS, found[0], doc)
        else:
            file.table(SESSIONS).insert(doc)

    def _drop_doc(self, month: Month, session_id: str) -> None:
        table = self._files.month_file(month).table(SESSIONS)
        found = [d.doc_id for d in table.all() if d.get("id") == session_id]
        if found:
            table.remove(doc_ids=found)

    def _put_digest(self, new: SessionDigest, old: SessionDigest | None) -> int:
        file = self._files.index_file(new.day.year)
        if old is not None and old.day.year == new.day.year:
            doc_id = self._index.doc_ids[new.id]
            file.replace(DIGESTS, doc_id, new.to_dict())
            return doc_id
        doc_id = file.table(DIGESTS).insert(new.to_dict())
        if old is not None:
            self._files.index_file(old.day.year).table(DIGESTS).remove(
                doc_ids=[self._index.doc_ids[new.id]]
            )
        return doc_id

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
            try:
                self._files.ready_folders()
            except OSError as exc:
                raise unwritable(
                    "Stride could not import into", self.data_dir, exc, "Nothing was imported."
                ) from exc
            if not self.db_path.exists() and not take_profile:
                self._main.storage.save()  # marks the folder as the index layout
            by_month: dict[Month, list[dict[str, Any]]] = {}
            for s in new:
                by_month.setdefault(month_of(s.day), []).append(s.to_dict())
            for month, docs in sorted(by_month.items()):
                self._month_docs(month)  # a damaged file is kept aside before it is written
                self._files.month_file(month).table(SESSIONS).insert_multiple(docs)
            by_year: dict[int, list[SessionDigest]] = {}
            for s in new:
                by_year.setdefault(s.day.year, []).append(digest(s))
            for year, ds in sorted(by_year.items()):
                table = self._files.index_file(year).table(DIGESTS)
                doc_ids = table.insert_multiple([d.to_dict() for d in ds])
                for d, doc_id in zip(ds, doc_ids, strict=True):
                    self._index.put(d, doc_id)
        if parsed.profile is not None and take_profile:
            self._main.table("profile").insert(parsed.profile.to_dict())
        return ImportResult(
            added=len(new), skipped=len(parsed.sessions) - len(new), profile_imported=take_profile
        )

    def _require_writable(self) -> None:
        if self.readonly:
            raise StoreError(
                "This Stride opened its data read-only (another one may be running); "
                "nothing was saved."
            )
