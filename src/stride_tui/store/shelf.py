"""The sessions: the index in memory over the index and sessions files on disk.

``Shelf`` is the one path by which the store reads and writes sessions: full records are read
from their month's sessions file (checked as they are built, then cached); a save writes the
month's sessions file first and the year's index file second, so a save cut short between
the two leaves a session the index does not list (never listed, never shown), not an index
row without its session.
"""

from __future__ import annotations

from typing import Any

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import RecordError, SessionRecord
from stride_tui.store.datafiles import Corrupt, index_doc
from stride_tui.store.errors import StoreError
from stride_tui.store.folder import Month, month_of
from stride_tui.store.index import SessionIndex, fresh
from stride_tui.store.sessionfiles import DIGESTS, SESSIONS, SessionFiles


class Shelf:
    """Every session of a data folder: digests from the index, records from their files."""

    def __init__(self, files: SessionFiles, index: SessionIndex, notices: list[str]) -> None:
        self.files = files
        self.index = index
        self.notices = notices
        # Records already checked and built: history pages are read more than once.
        self._records: dict[str, SessionRecord] = {}
        # Month files read by a stream (``read(keep=False)``) that it has not let go yet.
        self._streamed: set[Month] = set()

    def read(self, session_ids: list[str], *, keep: bool = True) -> list[SessionRecord]:
        """The records of these sessions, in this order (fresh copies). With ``keep=False``
        (a stream through the history, newest first) nothing read is kept afterwards: the
        records are not cached, and the month files read for them are let go, all but the
        oldest (the next part of the stream may start in it) until ``end_stream``."""
        out: list[SessionRecord] = []
        months: dict[Month, dict[str, dict[str, Any]]] = {}
        if not keep:
            self._streamed |= {m for m in self._months_of(session_ids)
                               if not self.files.holds_month(m)}
        try:
            self._read_into(out, months, session_ids, keep)
        finally:
            if not keep:
                self._let_go(keep_month=min(months, default=None))
        return out

    def end_stream(self) -> None:
        """A stream is over: let go of the month files it still holds."""
        self._let_go(keep_month=None)

    def _let_go(self, keep_month: Month | None) -> None:
        for month in self._streamed - {keep_month}:
            self.files.forget(self.files.month_path(month))
        self._streamed &= {keep_month}

    def _months_of(self, session_ids: list[str]) -> set[Month]:
        return {month_of(d.day) for sid in session_ids
                if (d := self.index.get(sid)) is not None}

    def _read_into(self, out: list[SessionRecord], months: dict[Month, dict[str, dict[str, Any]]],
                   session_ids: list[str], keep: bool) -> None:
        for sid in session_ids:
            record = self._records.get(sid)
            if record is None:
                d = self.index.get(sid)
                if d is None:
                    continue
                month = month_of(d.day)
                if month not in months:
                    months[month] = self.month_docs(month)
                doc = months[month].get(sid)
                if doc is None:
                    continue  # its file was damaged and kept aside just now
                try:
                    record = SessionRecord.from_dict(doc)
                except RecordError as exc:
                    if self.files.writable:
                        # Kept aside like any damaged file, never a crash on every start.
                        from stride_tui.store.opening import damaged_month

                        damaged_month(self.files, self.index, month, str(exc), self.notices)
                        months[month] = {}
                        continue
                    raise StoreError(
                        f"Stride's sessions file {self.files.month_file(month).path} has a "
                        f"damaged session ({exc}); open Stride normally to keep it aside."
                    ) from None
                if not keep:
                    out.append(record)  # built for this caller alone: no copy needed
                    continue
                self._records[sid] = record
            out.append(fresh(record))

    def month_docs(self, month: Month) -> dict[str, dict[str, Any]]:
        """The session documents of ``month`` by id; a damaged file is kept aside (writable)
        or raises StoreError (read-only)."""
        try:
            return self.files.month_docs(month)
        except Corrupt as exc:
            from stride_tui.store.opening import damaged_month

            damaged_month(self.files, self.index, month, str(exc), self.notices)
            return {}

    def put(self, r: SessionRecord, doc: dict[str, Any]) -> None:
        """Save a checked record (``doc`` is its document), replacing one with its id."""
        new = digest(r)
        old = self.index.get(r.id)
        # Refuse before the first write, not between the sessions file and the index.
        self.files.index_file(new.day.year).storage.check_unchanged()
        self._put_doc(month_of(r.day), doc)
        doc_id = self._put_digest(new, old)
        if old is not None and month_of(old.day) != month_of(r.day):
            self._drop_doc(month_of(old.day), r.id)
        self._records.pop(r.id, None)
        self.index.put(new, doc_id)

    def delete(self, session_id: str) -> bool:
        """Delete a session; False when there was none with this id."""
        old = self.index.get(session_id)
        if old is None:
            return False
        # The index row first: cut short after it, the session is merely unlisted.
        self.files.index_file(old.day.year).table(DIGESTS).remove(
            doc_ids=[self.index.doc_ids[session_id]]
        )
        self.index.remove(session_id)
        self._records.pop(session_id, None)
        self._drop_doc(month_of(old.day), session_id)
        return True

    def add_new(self, records: list[SessionRecord]) -> None:
        """Add checked records whose ids are not stored (an import): one write per month
        file, then one per year's index file."""
        for year in sorted({r.day.year for r in records}):
            self.files.index_file(year).storage.check_unchanged()
        by_month: dict[Month, list[dict[str, Any]]] = {}
        for r in records:
            by_month.setdefault(month_of(r.day), []).append(r.to_dict())
        for month, docs in sorted(by_month.items()):
            self.month_docs(month)  # a damaged file is kept aside before it is written
            self.files.month_file(month).table(SESSIONS).insert_multiple(docs)
        by_year: dict[int, list[SessionDigest]] = {}
        for r in records:
            by_year.setdefault(r.day.year, []).append(digest(r))
        for year, ds in sorted(by_year.items()):
            table = self.files.index_file(year).table(DIGESTS)
            doc_ids = table.insert_multiple([index_doc(d) for d in ds])
            for d, doc_id in zip(ds, doc_ids, strict=True):
                self.index.put(d, doc_id)

    def _put_doc(self, month: Month, doc: dict[str, Any]) -> None:
        self.month_docs(month)  # a damaged file is kept aside before it is written over
        file = self.files.month_file(month)
        found = [d.doc_id for d in file.table(SESSIONS).all() if d.get("id") == doc["id"]]
        if found:
            file.replace(SESSIONS, found[0], doc)
        else:
            file.table(SESSIONS).insert(doc)

    def _drop_doc(self, month: Month, session_id: str) -> None:
        table = self.files.month_file(month).table(SESSIONS)
        found = [d.doc_id for d in table.all() if d.get("id") == session_id]
        if found:
            table.remove(doc_ids=found)

    def _put_digest(self, new: SessionDigest, old: SessionDigest | None) -> int:
        file = self.files.index_file(new.day.year)
        if old is not None and old.day.year == new.day.year:
            doc_id = self.index.doc_ids[new.id]
            file.replace(DIGESTS, doc_id, index_doc(new))
            return doc_id
        doc_id = file.table(DIGESTS).insert(index_doc(new))
        if old is not None:
            self.files.index_file(old.day.year).table(DIGESTS).remove(
                doc_ids=[self.index.doc_ids[new.id]]
            )
        return doc_id
