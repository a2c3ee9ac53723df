"""The in-memory index of sessions: where each is, in start order and by day."""

from __future__ import annotations

import bisect
import dataclasses
from datetime import UTC, date, datetime, timedelta

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
    return dataclasses.replace(
        r, pain_checks=list(r.pain_checks), cues=list(r.cues), warm_up=list(r.warm_up),
        strength=list(r.strength), cool_down=list(r.cool_down), red_flags=list(r.red_flags),
    )


class SessionIndex:
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
