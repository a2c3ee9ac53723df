"""The session index in memory: every session's digest, in start order and by day.

It is built from the index files when the store opens (the only files an open reads) and kept
in step with every save, so a page of history, a week or a streak is found without reading a
single full session.
"""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime, timedelta

from stride_tui.core.digest import SessionDigest
from stride_tui.core.records import SessionRecord

_EPOCH_NAIVE = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def _instant(started_at: datetime) -> timedelta:
    # Sorts aware and naive times together without comparing them (which raises): naive ones
    # are taken as UTC, which only matters if one file mixes both.
    if started_at.utcoffset() is None:
        return started_at - _EPOCH_NAIVE
    return started_at - _EPOCH_UTC


_Key = tuple[timedelta, str]


def fresh(r: SessionRecord) -> SessionRecord:
    """A copy a caller may change (its lists are its own) without touching the cache."""
    return r._replace(
        pain_checks=list(r.pain_checks), cues=list(r.cues), warm_up=list(r.warm_up),
        strength=list(r.strength), cool_down=list(r.cool_down), red_flags=list(r.red_flags),
    )


class SessionIndex:
    """Each session's digest and its row in its year's index file, in start order and by day."""

    def __init__(self) -> None:
        self.digests: dict[str, SessionDigest] = {}
        #: The document id of each session's row in its year's index table.
        self.doc_ids: dict[str, int] = {}
        self._keys: dict[str, _Key] = {}
        self._order: list[_Key] = []
        self._days: list[date] = []
        self._by_day: dict[date, list[str]] = {}

    def __len__(self) -> int:
        return len(self.digests)

    def get(self, session_id: str) -> SessionDigest | None:
        """The digest of this session, or None."""
        return self.digests.get(session_id)

    def add_unsorted(self, d: SessionDigest, doc_id: int) -> None:
        """Add while loading; call ``sort`` once after the last one."""
        key = (_instant(d.started_at), d.id)
        self.digests[d.id] = d
        self.doc_ids[d.id] = doc_id
        self._keys[d.id] = key
        self._order.append(key)
        self._by_day.setdefault(d.day, []).append(d.id)

    def sort(self) -> None:
        """Order what ``add_unsorted`` added."""
        self._order.sort()
        self._days = sorted(self._by_day)

    def put(self, d: SessionDigest, doc_id: int) -> None:
        """Add a session, or move one that was replaced."""
        self.remove(d.id)
        key = (_instant(d.started_at), d.id)
        self.digests[d.id] = d
        self.doc_ids[d.id] = doc_id
        self._keys[d.id] = key
        bisect.insort(self._order, key)
        if d.day not in self._by_day:
            bisect.insort(self._days, d.day)
            self._by_day[d.day] = []
        self._by_day[d.day].append(d.id)

    def remove(self, session_id: str) -> None:
        """Forget a session (nothing if it is not listed)."""
        d = self.digests.pop(session_id, None)
        if d is None:
            return
        del self.doc_ids[session_id]
        key = self._keys.pop(session_id)
        del self._order[bisect.bisect_left(self._order, key)]
        on_day = self._by_day[d.day]
        on_day.remove(session_id)
        if not on_day:
            del self._by_day[d.day]
            del self._days[bisect.bisect_left(self._days, d.day)]

    def oldest_first(self) -> list[str]:
        """Every session id, by start time."""
        return [sid for _, sid in self._order]

    def newest_first(self, offset: int, limit: int) -> list[str]:
        """A page of session ids, newest first."""
        if offset < 0 or limit < 0:
            raise ValueError("offset and limit must not be negative")
        end = len(self._order) - offset
        start = max(0, end - limit)
        return [sid for _, sid in reversed(self._order[start:end])] if end > 0 else []

    def between(self, first: date, last: date) -> list[str]:
        """The ids of sessions whose day is from ``first`` to ``last``, by start time."""
        lo = bisect.bisect_left(self._days, first)
        hi = bisect.bisect_right(self._days, last)
        found = [sid for day in self._days[lo:hi] for sid in self._by_day[day]]
        return sorted(found, key=self._keys.__getitem__)
