"""A TinyDB storage that saves atomically and keeps the parsed data in memory."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stride_tui.store.errors import StoreError, unwritable
from stride_tui.store.files import atomic_write

Tables = dict[str, dict[str, Any]]


def encode_tables(tables: Tables) -> bytes:
    """Serialise the database compactly; NaN and infinity are refused rather than written."""
    return json.dumps(tables, allow_nan=False, separators=(",", ":")).encode("utf-8")


def _encode(value: Any) -> bytes:
    return json.dumps(value, allow_nan=False, separators=(",", ":")).encode("utf-8")


class TableEncoder:
    """Encodes the tables exactly as ``encode_tables`` does, re-encoding only the documents
    that changed since the last save.

    Ten years of sessions are several megabytes of JSON, and encoding them in one
    ``json.dumps`` call holds the interpreter lock for a quarter of a second, freezing the
    screen even though the save runs on another thread. Here each document is encoded on its
    own, and kept: a document object that is still the one encoded last time reuses its bytes.
    TinyDB keeps a document's object across saves and puts new ones in new objects; a document
    changed in place must be reported with ``forget`` before it is saved.
    """

    def __init__(self) -> None:
        self._docs: dict[str, dict[str, tuple[object, bytes]]] = {}

    def forget(self, table: str, doc_id: int | str) -> None:
        """The document ``doc_id`` of ``table`` is about to change in place."""
        self._docs.get(table, {}).pop(str(doc_id), None)

    def clear(self) -> None:
        self._docs = {}

    def encode(self, tables: Tables) -> bytes:
        if not all(isinstance(name, str) and isinstance(docs, dict)
                   for name, docs in tables.items()):
            self._docs = {}
            return encode_tables(tables)
        parts: list[bytes] = []
        kept: dict[str, dict[str, tuple[object, bytes]]] = {}
        for name, docs in tables.items():
            known = self._docs.get(name, {})
            now: dict[str, tuple[object, bytes]] = {}
            items: list[bytes] = []
            for key, doc in docs.items():
                if not isinstance(key, str):  # json.dumps would write it differently
                    self._docs = {}
                    return encode_tables(tables)
                entry = known.get(key)
                if entry is None or entry[0] is not doc:
                    # One document at a time: other threads run between them.
                    entry = (doc, _encode(key) + b":" + _encode(doc))
                now[key] = entry
                items.append(entry[1])
            kept[name] = now
            parts.append(_encode(name) + b":{" + b",".join(items) + b"}")
        self._docs = kept
        return b"{" + b",".join(parts) + b"}"


FileIdentity = tuple[int, int, int, int] | None


def file_identity(path: Path) -> FileIdentity:
    """Which file is at ``path`` and in what state (device, inode, size, change time); None
    when there is none. Another writer's atomic replace or in-place edit changes it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return (-1, -1, -1, -1)  # unreadable now: never equal to what was read
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


class AtomicJSONStorage:
    """TinyDB storage over one JSON file, replaced atomically on every save.

    It has the three methods of TinyDB's ``Storage`` (read, write, close) and is registered as
    one (``Storage.register``) when the first TinyDB is made over it, in
    ``sessionfiles.DataFile.table``: reading imports no TinyDB at all, which a read-only command
    (``stride plan``, ``progress``, ``history``, ``export``) then never loads (about 4 ms of each,
    measured in 30 interleaved runs).

    TinyDB's own JSONStorage rewrites the file in place, so a crash mid-write leaves it
    truncated; here each save goes to a temporary file that is fsynced and renamed over the old
    one. The parsed tables stay in memory (the store holds the data-dir lock, so nobody else
    writes the file), which spares re-parsing a multi-megabyte file on every query.

    If a save fails, the in-memory tables are rolled back to the last saved state (TinyDB has
    already changed them in place by then) and ``StoreUnwritable`` is raised; the file on disk
    is untouched.
    """

    def __init__(self, path: Path, tables: Tables, saved: bytes | None, *, writable: bool) -> None:
        """Start from ``tables``; ``saved`` is their encoding as on disk (None: not saved yet)."""
        super().__init__()
        self.path = path
        self._tables = tables
        self._writable = writable
        # What a failed save returns to: the bytes last on disk (or, before the first save, the
        # starting tables). Parsing these cannot fail, even when the disk has gone away.
        if saved is not None and saved.startswith(b"\xef\xbb\xbf"):
            saved = None  # json.loads refuses the mark: a rollback must parse what it keeps
        self._last_good = saved if saved is not None else encode_tables(tables)
        self._in_batch = False
        self._pending = False
        self.encoder = TableEncoder()
        # The file as read: a save that finds another file there refuses to overwrite it.
        self._identity = file_identity(path)

    def read(self) -> Tables:
        """Return the current tables (TinyDB changes them in place and then calls ``write``)."""
        return self._tables

    def write(self, data: Tables) -> None:
        """Save ``data`` now, or at the end of the current batch."""
        self._tables = data
        if self._in_batch:
            self._pending = True
        else:
            self.save()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several table changes into one save; an exception inside undoes them all."""
        if self._in_batch:
            raise RuntimeError("batches do not nest")
        self._in_batch = True
        try:
            yield
        except BaseException:
            if self._pending:
                self._rollback()
            raise
        else:
            if self._pending:
                self.save()
        finally:
            self._in_batch = False
            self._pending = False

    def save(self) -> None:
        """Write the current tables to disk atomically, or roll them back and raise."""
        try:
            if not self._writable:
                raise StoreError("This Stride opened its data read-only and cannot save.")
            self.check_unchanged()
            payload = self.encoder.encode(self._tables)
            atomic_write(self.path, payload)
            self._identity = file_identity(self.path)
        except OSError as exc:
            self._rollback()
            raise unwritable(
                "Stride could not save to",
                self.path,
                exc,
                "Your data saved before this is intact; the last change was not saved.",
            ) from exc
        except BaseException:
            self._rollback()
            raise
        self._last_good = payload

    def check_unchanged(self) -> None:
        """StoreError if another program replaced or changed the file since it was read or
        last saved: saving over it would lose what that program wrote."""
        if file_identity(self.path) != self._identity:
            raise StoreError(
                f"Stride's data file {self.path} was changed by another program since "
                "Stride read it; nothing was overwritten. Close Stride and open it again."
            )

    def close(self) -> None:
        """Nothing to release: the file is open only while it is read or saved."""

    def _rollback(self) -> None:
        self._tables = json.loads(self._last_good)
        self.encoder.clear()
