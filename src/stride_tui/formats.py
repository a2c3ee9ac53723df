"""How Stride writes its figures, the same on every screen and in the CLI: durations (m:ss),
date spans, pain before → after, and the session statuses' labels.

Plain text only (screens add their own colour from the ``Tone``); no Textual, so ``stride plan``
and the other commands load none of it.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from stride_tui.core.records import BeltSummary, LinkState, SessionStatus, Units
from stride_tui.core.safety import PAIN_RISE_LIMIT

NO_VALUE = "–"


class Tone(StrEnum):
    """How a figure reads: good news, a caution, a stop, or nothing to remark on."""

    GOOD = "good"
    CAUTION = "caution"
    STOP = "stop"
    MUTED = "muted"
    PLAIN = "plain"


STATUS_LABELS: dict[SessionStatus, tuple[str, Tone]] = {
    SessionStatus.COMPLETED: ("completed", Tone.GOOD),
    SessionStatus.ENDED_EARLY: ("ended early", Tone.MUTED),
    SessionStatus.STOPPED_FOR_PAIN: ("stopped: pain", Tone.CAUTION),
    SessionStatus.RED_FLAG: ("red flag", Tone.STOP),
    SessionStatus.RECOVERED: ("recovered", Tone.MUTED),
    SessionStatus.IN_PROGRESS: ("in progress", Tone.MUTED),
}


def duration(seconds: float) -> str:
    """Time walked, in whole minutes and seconds, e.g. 36:00 (a second shows once it is done)."""
    whole = max(0, int(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def countdown(seconds: float) -> str:
    """Time left, e.g. 0:01 until the last second is gone (a count down rounds up)."""
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


def value_or_dash(value: int | None) -> str:
    """A score, or a dash where there is none."""
    return NO_VALUE if value is None else str(value)


def pain_pair(before: int | None, after: int | None, *, arrow: str = " → ") -> str:
    """Pain before and after, e.g. ``3 → 2`` (a dash for a score not given)."""
    return f"{value_or_dash(before)}{arrow}{value_or_dash(after)}"


def pain_tone(before: int | None, after: int | None) -> Tone:
    """Less pain is good; a rise beyond the programme's limit is a stop; any rise a caution."""
    if before is None or after is None:
        return Tone.MUTED
    if after < before:
        return Tone.GOOD
    if after - before > PAIN_RISE_LIMIT:
        return Tone.STOP
    return Tone.PLAIN if after == before else Tone.CAUTION


def status_label(status: SessionStatus) -> tuple[str, Tone]:
    """A session status in words, with its tone."""
    return STATUS_LABELS.get(status, (status.value, Tone.PLAIN))


def week_span(monday: date) -> str:
    """The days of the week starting ``monday``, e.g. 02–08 Mar 2026."""
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return f"{monday:%d}–{sunday:%d %b %Y}"
    if monday.year == sunday.year:
        return f"{monday:%d %b} – {sunday:%d %b %Y}"
    return f"{monday:%d %b %Y} – {sunday:%d %b %Y}"


# --- the treadmill's figures (km/h and km, or mph and miles, as the profile says) ----------

KM_PER_MILE = 1.609344

# The settings file's names for the units (``units = "km"`` or ``"mi"``).
UNIT_NAMES: dict[str, Units] = {"km": Units.METRIC, "mi": Units.IMPERIAL}


def units_named(name: str | None) -> Units | None:
    """The units the settings file names (``"km"``, ``"mi"``), or None when it names none."""
    return UNIT_NAMES.get(name) if name else None


def unit_name(units: Units) -> str:
    """The settings file's name for ``units``: ``"km"`` or ``"mi"``."""
    return next(name for name, value in UNIT_NAMES.items() if value is units)


def speed(kmh: float | None, units: Units) -> str:
    """A speed, e.g. ``5.2 km/h`` or ``3.2 mph``."""
    if kmh is None:
        return NO_VALUE
    if units is Units.IMPERIAL:
        return f"{kmh / KM_PER_MILE:.1f} mph"
    return f"{kmh:.1f} km/h"


def distance(metres: float | None, units: Units) -> str:
    """A distance, e.g. ``1.23 km`` or ``0.76 mi``."""
    if metres is None:
        return NO_VALUE
    if units is Units.IMPERIAL:
        return f"{metres / 1000 / KM_PER_MILE:.2f} mi"
    return f"{metres / 1000:.2f} km"


def incline(percent: float | None) -> str:
    """An incline, e.g. ``0 %`` or ``2.5 %``."""
    if percent is None:
        return NO_VALUE
    return f"{percent:g} %"


def incline_range(low: float | None, high: float | None) -> str:
    """The incline over a walk: ``0 %`` when flat throughout, else ``0 – 2.5 %``."""
    if low is None or high is None:
        return NO_VALUE
    return incline(low) if low == high else f"{low:g} – {high:g} %"


LINK_LABELS: dict[LinkState, str] = {
    LinkState.CONNECTED: "connected throughout",
    LinkState.DROPPED: "dropped during the walk",
    LinkState.MANUAL: "not connected: timed by hand",
}


def belt_lines(belt: BeltSummary | None, units: Units) -> list[tuple[str, str]]:
    """The treadmill's figures of a walk as (label, value) rows; none without a treadmill."""
    if belt is None:
        return []
    rows = [("treadmill", LINK_LABELS[belt.link])]
    if belt.link is not LinkState.MANUAL:
        rows += [
            ("belt time", duration(belt.belt_seconds)),
            ("distance", distance(belt.distance_m, units)),
            ("speed", f"{speed(belt.average_kmh, units)} average, "
                      f"{speed(belt.top_kmh, units)} top"),
            ("incline", incline_range(belt.incline_min, belt.incline_max)),
        ]
    return rows
