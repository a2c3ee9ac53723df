"""The export file (JSON and CSV) and reading a JSON export back for import."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from stride_tui.core.records import (
    SESSION_ID,
    BeltSummary,
    Profile,
    RecordError,
    SessionRecord,
    StepRecord,
    StepStatus,
)
from stride_tui.store.errors import StoreError

EXPORT_FORMAT = "stride-export"

CSV_COLUMNS = (
    "id",
    "day",
    "started_at",
    "ended_at",
    "status",
    "week",
    "surface",
    "target_minutes",
    "walked_minutes",
    "pain_before",
    "pain_after",
    "pain_checks",
    "cues",
    "red_flags",
    "warm_up_done",
    "strength_done",
    "note",
    # the treadmill's figures (km/h, metres, %), empty without a treadmill
    "treadmill_link",
    "belt_minutes",
    "distance_m",
    "average_kmh",
    "top_kmh",
    "incline_min",
    "incline_max",
    # added after the columns above, which keep their places
    "cool_down_done",
    "rehearsal",  # "yes" for a --time-scale rehearsal: never counted as a walk
    "next_day_back",  # the next-day check: better, same or worse over the 24 hours after
    "next_day_pain",
)

# Upgrades a database-shaped dict from its schema version to the current one.
Migrate = Callable[[dict[str, Any], int], dict[str, Any]]


def export_document(
    profile: Profile | None, sessions: Iterable[SessionRecord], schema_version: int
) -> dict[str, Any]:
    """Build the JSON export: format marker, schema version, time, profile, sessions."""
    return {
        "format": EXPORT_FORMAT,
        "schema_version": schema_version,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "profile": profile.to_dict() if profile else None,
        "sessions": [s.to_dict() for s in sessions],
    }


def sessions_csv(sessions: Iterable[SessionRecord]) -> str:
    """One row a session, for a spreadsheet (import reads only the JSON export)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        writer.writerow(
            [
                s.id,
                s.day.isoformat(),
                s.started_at.isoformat(),
                s.ended_at.isoformat() if s.ended_at else "",
                s.status.value,
                s.week,
                s.surface.value,
                s.target_minutes,
                f"{s.walked_minutes:.2f}",
                "" if s.pain_before is None else s.pain_before,
                "" if s.pain_after is None else s.pain_after,
                ";".join(f"{_clock(p.at)}={p.score}" for p in s.pain_checks),
                len(s.cues),
                ";".join(s.red_flags),
                _done(s.warm_up),
                _done(s.strength),
                s.note,
                *_belt_cells(s.belt),
                _done(s.cool_down),
                "yes" if s.rehearsal else "",
                s.day_after.back.value if s.day_after else "",
                s.day_after.pain_now if s.day_after else "",
            ]
        )
    return out.getvalue()


def _belt_cells(belt: BeltSummary | None) -> list[object]:
    if belt is None:
        return [""] * 7
    return [
        belt.link.value, f"{belt.belt_seconds / 60:.2f}", f"{belt.distance_m:g}",
        *("" if v is None else f"{v:g}" for v in (
            belt.average_kmh, belt.top_kmh, belt.incline_min, belt.incline_max)),
    ]


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _done(steps: list[StepRecord]) -> int:
    return sum(1 for step in steps if step.status is StepStatus.DONE)


class ParsedExport(NamedTuple):
    """A Stride export that passed every check."""

    profile: Profile | None
    sessions: list[SessionRecord]


def parse_export(raw: bytes, path: Path, schema_version: int, migrate: Migrate) -> ParsedExport:
    """Check a whole export file and return its records, or raise ``StoreError`` saying what is
    wrong (and that nothing was imported)."""

    def fail(problem: str) -> StoreError:
        return StoreError(f"{path} {problem} Nothing was imported.")

    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("is not a Stride export: it is not a text file.") from None
    if _looks_like_csv(text):
        raise fail(
            "looks like a CSV file; import takes a Stride JSON export "
            "(stride export --format json)."
        )
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        # Cut short: the error is at the very end, or a string runs on to the end.
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise fail(
                f"is not valid JSON (line {exc.lineno}): it ends too early, "
                "so it was probably cut short."
            ) from None
        raise fail(f"is not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except RecursionError:
        raise fail("is not a Stride export: it is nested too deeply.") from None
    except (ValueError, MemoryError) as exc:  # e.g. an integer of more than 4,300 digits
        raise fail(f"holds a value Stride cannot read ({exc}).") from None

    if not isinstance(doc, dict):
        raise fail(
            f"is not a Stride export: it holds a JSON {_json_kind(doc)}, not an object with "
            f'"format": "{EXPORT_FORMAT}".'
        )
    marker = doc.get("format")
    if marker != EXPORT_FORMAT:
        # stride.json (meta), an index file (digests), a sessions file (sessions by doc id).
        if "meta" in doc or "digests" in doc or isinstance(doc.get("sessions"), dict):
            raise fail(
                "looks like Stride's own data file, not an export; "
                "make one with stride export --format json."
            )
        found = "has no" if marker is None else f"has {marker!r} as its"
        raise fail(f'is not a Stride export: it {found} "format" (expected "{EXPORT_FORMAT}").')

    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise fail(f"has an unknown schema_version {version!r}; it was not made by Stride.")
    if version > schema_version:
        raise fail(
            f"was made by a newer Stride (data version {version}; this one reads up to "
            f"{schema_version}). Update Stride to import it."
        )

    profile_doc = doc.get("profile")
    sessions_doc = doc.get("sessions")
    if profile_doc is not None and not isinstance(profile_doc, dict):
        raise fail(f'has a "profile" that is a JSON {_json_kind(profile_doc)}, not an object.')
    if not isinstance(sessions_doc, list):
        raise fail(f'has "sessions" as a JSON {_json_kind(sessions_doc)}, not a list.')

    if version < schema_version:
        profile_doc, sessions_doc = _upgrade(profile_doc, sessions_doc, version, migrate)

    try:
        profile = Profile.from_dict(profile_doc) if profile_doc is not None else None
    except RecordError as exc:
        raise fail(f"has a profile that is not valid: {exc}.") from None
    sessions = []
    for i, item in enumerate(sessions_doc):
        try:
            sessions.append(SessionRecord.from_dict(item))
        except RecordError as exc:
            sid = item.get("id") if isinstance(item, dict) else None
            named = f" (id {sid!r})" if isinstance(sid, str) and SESSION_ID.fullmatch(sid) else ""
            raise fail(f"has a session that is not valid: sessions[{i}]{named}: {exc}.") from None
    return ParsedExport(profile, sessions)


def _upgrade(
    profile: dict[str, Any] | None, sessions: list[Any], version: int, migrate: Migrate
) -> tuple[dict[str, Any] | None, list[Any]]:
    # Migrations work on the database's shape; lend the export that shape for the trip.
    tables = migrate(
        {
            "meta": {"1": {"schema_version": version}},
            "profile": {"1": profile} if profile is not None else {},
            "sessions": {str(i + 1): s for i, s in enumerate(sessions)},
        },
        version,
    )
    upgraded_profiles = list(tables.get("profile", {}).values())
    ordered = sorted(tables.get("sessions", {}).items(), key=lambda kv: int(kv[0]))
    return (upgraded_profiles[0] if upgraded_profiles else None), [s for _, s in ordered]


def _looks_like_csv(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped or stripped[0] in '{["':
        return False
    first_line = stripped.splitlines()[0]
    return "," in first_line or ";" in first_line or "\t" in first_line


def _json_kind(value: Any) -> str:
    return {
        dict: "object",
        list: "list",
        str: "string",
        bool: "true/false",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
