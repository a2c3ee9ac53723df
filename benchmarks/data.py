"""Data folders for the benchmarks: a fresh profile, and ten years of daily walks.

The sessions are built from Stride's own record classes, cue schedule and routines, so they
have the size and shape real ones have (a 30-minute walk with 15 cues, warm-up, strength and
cool-down steps, pain checks), and go in through ``Store.import_file`` (one write).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stride_tui.core.records import Profile, SessionRecord

TEN_YEARS = 3650


def profile(start: date, conditions: tuple[str, ...] = ()) -> Profile:
    from stride_tui.core.records import Condition, Profile, Surface

    return Profile(
        start_date=start,
        surface=Surface.TREADMILL,
        conditions=[Condition(c) for c in conditions],
    )


def daily_walk(day: date, n: int, *, minutes: int = 30, cues: int = 15) -> SessionRecord:
    """The walk of ``day``, as big as a real one."""
    from stride_tui.core.cues import cue_schedule
    from stride_tui.core.records import (
        CueEvent,
        PainCheck,
        SessionRecord,
        SessionStatus,
        StepRecord,
        StepStatus,
        Surface,
        new_session_id,
    )
    from stride_tui.core.routines import COOL_DOWN, STRENGTH, WARM_UP

    def steps(routine: Any, status: StepStatus) -> list[StepRecord]:
        return [StepRecord(s.move.id, status, float(s.seconds)) for s in routine.steps()
                if not s.rest]

    start = datetime.combine(day, time(7, 30)).astimezone() + timedelta(minutes=n % 90)
    walked = minutes * 60.0
    schedule = cue_schedule(minutes * 60)[:cues]
    return SessionRecord(
        id=new_session_id(),
        day=day,
        started_at=start,
        ended_at=start + timedelta(seconds=walked + 540),
        status=SessionStatus.COMPLETED,
        target_minutes=minutes,
        week=n // 7 + 1,
        surface=Surface.TREADMILL if n % 4 else Surface.OUTDOOR,
        walked_seconds=walked,
        pain_before=2 + n % 2,
        pain_after=2,
        pain_checks=[PainCheck(at=float(minutes * 30 + 20), score=2, outcome="continue")],
        cues=[CueEvent(c.kind.value, float(c.at), c.at + 0.001 + (n % 7) / 1000)
              for c in schedule],
        warm_up=steps(WARM_UP, StepStatus.DONE),
        strength=steps(STRENGTH, StepStatus.DONE) if n % 2 else [],
        cool_down=steps(COOL_DOWN, StepStatus.SKIPPED if n % 5 == 0 else StepStatus.DONE),
        note="" if n % 3 else "Easy today; a little stiffness at the start.",
    )


def walk_in_progress(day: date) -> SessionRecord:
    """A walk 20 minutes in (15 cues fired): what a checkpoint holds."""
    from stride_tui.core.records import SessionStatus

    record = daily_walk(day, 1)
    record.status = SessionStatus.IN_PROGRESS
    record.ended_at = None
    record.pain_after = None
    record.walked_seconds = 1200.0
    record.strength = []
    record.cool_down = []
    return record


def build_profile_dir(data_dir: Path, today: date, conditions: tuple[str, ...] = ()) -> Path:
    """A data folder holding only a profile that starts today, so Home shows today's target."""
    from stride_tui.store import Store

    with Store.open(data_dir) as store:
        store.save_profile(profile(today, conditions))
    return data_dir


def build_history_dir(data_dir: Path, today: date, count: int = TEN_YEARS) -> Path:
    """A data folder with a profile and ``count`` daily walks ending yesterday."""
    from stride_tui.core.records import SCHEMA_VERSION
    from stride_tui.store import Store
    from stride_tui.store.exchange import export_document

    first = today - timedelta(days=count)
    sessions = [daily_walk(first + timedelta(days=n), n) for n in range(count)]
    doc = export_document(profile(first), sessions, SCHEMA_VERSION)
    with tempfile.TemporaryDirectory(prefix="stride-bench-export-") as tmp:
        export = Path(tmp) / "export.json"
        export.write_text(json.dumps(doc))
        with Store.open(data_dir) as store:
            result = store.import_file(export)
    if result.added != count:
        raise RuntimeError(f"built {result.added} sessions, wanted {count}")
    return data_dir


def fresh_copy(template: Path, scratch: Path, name: str) -> Path:
    """A private copy of a data folder (a walk leaves a checkpoint; one Stride per folder)."""
    target = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=scratch)) / "data"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("stride.lock"))
    return target
