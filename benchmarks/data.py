"""Data folders for the benchmarks: a fresh profile, and years of daily walks.

Every stored walk is what Stride itself saves after a real 30-minute walk: a ``SessionEngine``
(the core's own) is driven through one on a simulated clock — check-in, the warm-up, the walk
with its ~20 cues fired a few milliseconds late, the mid-walk pain check, pain after, strength
on alternate days, the cool-down — and the record it produces is the template. Each day's
walk is that record with its own id, day, times, scores and small variations, read back with
``SessionRecord.from_dict`` (the store's own check), and every walk carries its next-day answer,
as a walker who answers the check would. The sessions go in through the store's public API
(``Store.import_file``), so the folder has the layout the store writes (index and month files).
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stride_tui.core.records import Profile, SessionRecord

TEN_YEARS = 3650
A_YEAR = 365
WALK_MINUTES = 30


def profile(start: date, conditions: tuple[str, ...] = ()) -> Profile:
    from stride_tui.core.records import Condition, Profile, Surface

    return Profile(
        start_date=start,
        surface=Surface.TREADMILL,
        conditions=[Condition(c) for c in conditions],
    )


class _WalkClock:
    """A clock for driving the engine through a walk in no time (the core's clock seam)."""

    scale = 1.0

    def __init__(self, start: datetime) -> None:
        self._t = 1000.0
        self._wall = start

    def monotonic(self) -> float:
        return self._t

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._t += seconds
        self._wall += timedelta(seconds=seconds)

    def real_seconds(self, clock_seconds: float) -> float:
        return clock_seconds

    def clock_seconds(self, real_seconds: float) -> float:
        return real_seconds


def engine_walk(day: date, *, minutes: int = WALK_MINUTES, strength: bool = True,
                lateness: float = 0.003) -> SessionRecord:
    """The record Stride's engine produces for a whole walk on ``day``, ticked as the app
    ticks it (at each wake-up, ``lateness`` s late), with the pain check answered when its cue
    fires and every routine step run to its end."""
    from stride_tui.core.engine import SessionEngine
    from stride_tui.core.events import CueFired, Phase
    from stride_tui.core.programme import today_for

    walker = profile(day - timedelta(days=60))
    target = today_for(walker, [], day)._replace(week=6, strength_day=strength, cool_down=True)
    clock = _WalkClock(datetime.combine(day, time(7, 30)).astimezone())
    engine = SessionEngine(clock, walker, target, minutes=minutes, day=day)
    engine.check_in([], 2)
    answered = False
    for _ in range(100_000):
        if engine.phase is Phase.PAIN_AFTER:
            engine.set_pain_after(2)
            continue
        if engine.phase is Phase.DONE:
            break
        wait = engine.next_wakeup()
        if wait is None:
            raise RuntimeError(f"the simulated walk stopped in phase {engine.phase}")
        clock.advance(min(wait, 1.0) + lateness)
        for event in engine.tick():
            if isinstance(event, CueFired) and event.cue.kind.value == "pain-check":
                answered = True
                engine.pain_check(2)
    if engine.phase is not Phase.DONE or not answered:
        raise RuntimeError(f"the simulated walk ended in phase {engine.phase}")
    return engine.record


class Walks:
    """Daily walks made from the engine's own records (two templates: with strength moves and
    without), each day's varied a little."""

    def __init__(self, first_day: date) -> None:
        self._templates = [engine_walk(first_day, strength=s).to_dict() for s in (False, True)]

    def day(self, day: date, n: int) -> SessionRecord:
        from stride_tui.core.records import SessionRecord, new_session_id

        doc = copy.deepcopy(self._templates[n % 2])
        old = datetime.fromisoformat(doc["started_at"])
        start = datetime.combine(day, time(7, 0)).astimezone() + timedelta(minutes=n % 90)
        shift = start - old
        doc["id"] = new_session_id()
        doc["day"] = day.isoformat()
        doc["started_at"] = start.isoformat()
        doc["ended_at"] = (datetime.fromisoformat(doc["ended_at"]) + shift).isoformat()
        doc["week"] = min(10, n // 7 + 1)
        doc["surface"] = "treadmill" if n % 4 else "outdoor"
        doc["pain_before"] = 2 + n % 2
        doc["pain_after"] = 2 + (n % 3 == 0)
        for check in doc["pain_checks"]:  # answered a few seconds after the cue asked
            check["score"] = 2 + n % 2
            check["at"] = round(check["at"] + 3 + n % 5, 3)
        for k, cue in enumerate(doc["cues"]):
            cue["fired"] = round(cue["due"] + (n * 7 + k * 3) % 23 / 1000 + 0.001, 4)
        if n % 5 == 0:
            for step in doc["cool_down"]:
                step["status"] = "skipped"
        doc["note"] = "" if n % 3 else "Easy today; a little stiffness at the start."
        doc["day_after"] = {"asked_on": (day + timedelta(days=1)).isoformat(),
                            "back": ("same", "better")[n % 2], "pain_now": 2}
        return SessionRecord.from_dict(doc)


def daily_walk(day: date, n: int) -> SessionRecord:
    """One realistic daily walk (see ``Walks``)."""
    return Walks(day).day(day, n)


def walk_in_progress(day: date) -> SessionRecord:
    """A walk 20 minutes in: what a checkpoint holds."""
    from stride_tui.core.records import SessionStatus

    record = engine_walk(day, strength=False)
    record.status = SessionStatus.IN_PROGRESS
    record.ended_at = None
    record.pain_after = None
    record.walked_seconds = 1200.0
    record.cues = [c for c in record.cues if c.due <= 1200]
    record.cool_down = []
    return record


def finished_walk(day: date) -> SessionRecord:
    """Today's walk as the engine hands it to the end-of-walk save."""
    return engine_walk(day, strength=False)


def build_profile_dir(data_dir: Path, today: date, conditions: tuple[str, ...] = ()) -> Path:
    """A data folder holding only a profile that starts today, so Home shows today's target."""
    from stride_tui.store import Store

    with Store.open(data_dir) as store:
        store.save_profile(profile(today, conditions))
    return data_dir


def build_history_dir(data_dir: Path, today: date, count: int = TEN_YEARS) -> Path:
    """A data folder with a profile and ``count`` daily walks ending yesterday (each with its
    next-day answer), written through ``Store.import_file``."""
    from stride_tui.core.records import SCHEMA_VERSION
    from stride_tui.store import Store
    from stride_tui.store.exchange import export_document

    if count == 0:
        return build_profile_dir(data_dir, today)
    first = today - timedelta(days=count)
    walks = Walks(first)
    sessions = [walks.day(first + timedelta(days=n), n) for n in range(count)]
    doc = export_document(profile(first), sessions, SCHEMA_VERSION)
    with tempfile.TemporaryDirectory(prefix="stride-bench-export-") as tmp:
        export = Path(tmp) / "export.json"
        export.write_text(json.dumps(doc))
        with Store.open(data_dir) as store:
            result = store.import_file(export)
    if result.added != count:
        raise RuntimeError(f"built {result.added} sessions, wanted {count}")
    return data_dir


def session_bytes(record: SessionRecord) -> int:
    """How big a session is as stored (compact JSON)."""
    return len(json.dumps(record.to_dict(), separators=(",", ":")).encode())


def describe(record: SessionRecord) -> dict[str, Any]:
    """What a generated walk holds, for the results."""
    return {"bytes": session_bytes(record), "cues": len(record.cues),
            "pain_checks": len(record.pain_checks), "warm_up": len(record.warm_up),
            "strength": len(record.strength), "cool_down": len(record.cool_down)}


def fresh_copy(template: Path, scratch: Path, name: str) -> Path:
    """A private copy of a data folder (a walk leaves a checkpoint; one Stride per folder)."""
    target = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=scratch)) / "data"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("stride.lock"))
    return target
