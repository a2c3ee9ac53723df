"""The records Stride keeps: the walker's profile and each session, as plain classes.

They convert to and from JSON-safe dicts (``to_dict`` / ``from_dict``) so the store, the export
file and the checkpoint all share one shape. ``from_dict`` is the one schema every door goes
through (opening the store, import, the checkpoint, the CLI): it raises ``RecordError`` with a
message a person can act on, and whatever it accepts can be shown and computed with:

- times carry their UTC offset (a bare date or a time without offset is refused: comparing
  it with the others would crash the plan), and ``ended_at`` is not before ``started_at``;
- dates and times fall in ``FIRST_DAY``..``LAST_DAY``; numbers are whole where they should be
  and within ``MAX_*``; ids are 1–64 letters, digits, ``.``, ``_`` or ``-``;
- enums (status, surface, red flags, …) hold known values, and a stored session is never
  ``in-progress`` (only the checkpoint of the running walk is);
- text holds no control characters (a note may hold line breaks and tabs) and has a length cap.

The checks are hand-written rather than a library's (msgspec, pydantic): they are the fast path
for reading ten years of sessions, need no new dependency, and each message names the field.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import re
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple, Self, TypeVar, cast

SCHEMA_VERSION = 2

#: The range of days and times a record may hold; anything outside is a damaged or made-up file.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
#: A session never lasts more than a day: walk seconds, cue and step times are within it.
MAX_SECONDS = 86_400.0
MAX_MINUTES = 24 * 60
#: The programme week of a day within FIRST_DAY..LAST_DAY.
MAX_WEEK = 5_300
MAX_NOTE = 2_000
MAX_TEXT = 200
MAX_ITEMS = 10_000
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: The red flags ``core.safety.RedFlag`` knows (not imported: safety imports this module).
RED_FLAGS = frozenset({"leg-numbness", "pain-below-knee", "bladder-bowel", "fever"})

_E = TypeVar("_E", bound=StrEnum)


class RecordError(ValueError):
    """A record (from disk, an import file or a checkpoint) is not in Stride's shape."""


class Surface(StrEnum):
    TREADMILL = "treadmill"
    OUTDOOR = "outdoor"
    POOL = "pool"


class Condition(StrEnum):
    """The conditions of DESIGN §3.4 that change how the walk is done."""

    SPINAL_STENOSIS = "spinal-stenosis"
    DISC_HERNIATION = "disc-herniation"
    SPONDYLOLISTHESIS = "spondylolisthesis"
    MICRODISCECTOMY = "microdiscectomy"


class SoundMode(StrEnum):
    VOICE_AND_CHIME = "voice"
    CHIME_ONLY = "chime"
    OFF = "off"


class SessionStatus(StrEnum):
    COMPLETED = "completed"
    ENDED_EARLY = "ended-early"
    STOPPED_FOR_PAIN = "stopped-pain"
    RED_FLAG = "red-flag"
    RECOVERED = "recovered"
    IN_PROGRESS = "in-progress"


class Units(StrEnum):
    """How speeds and distances are shown: km/h and km, or mph and miles."""

    METRIC = "metric"
    IMPERIAL = "imperial"


class LinkState(StrEnum):
    """How a walk's treadmill link fared: up throughout, dropped at some point, or never up
    (the walk was timed by hand)."""

    CONNECTED = "connected"
    DROPPED = "dropped"
    MANUAL = "manual"


#: A Bluetooth device address, as ``stride treadmill use`` takes it.
BLUETOOTH_ADDRESS = re.compile(r"[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")
#: Highest speed and incline a record may hold (km/h, %): beyond any treadmill.
MAX_SPEED_KMH = 40.0
MAX_INCLINE = 40.0
MAX_DISTANCE_M = 200_000.0


class StepStatus(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"


class BackSince(StrEnum):
    """How the back was over the 24 hours after a walk (the next-day check)."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


def new_session_id() -> str:
    import uuid  # only when a session is made: the commands that read start without it

    return uuid.uuid4().hex


def logged_walk_times(day: date, minutes: float, now: datetime) -> tuple[datetime, datetime]:
    """When a walk logged by hand (``stride log``) took place, in local time: it ended at
    ``now``'s time of day on ``day`` (a walk logged today ended now) and lasted ``minutes``.
    It always starts on ``day``: logged a little after midnight, it would have begun the day
    before, so it is put at the start of ``day`` instead."""
    ended = datetime.combine(day, now.time()).astimezone()
    started = ended - timedelta(minutes=minutes)
    midnight = datetime.combine(day, time()).astimezone()
    if started < midnight:
        started, ended = midnight, midnight + timedelta(minutes=minutes)
    return started, ended


class _Record:
    """What ``@dataclass`` would write for a mutable record, written out: equality and a repr
    over ``_FIELDS``, and ``_replace`` (a copy with some fields changed, as on a named tuple).

    Every command reads records, and importing ``dataclasses`` (which imports ``inspect``, and
    ``ast``, ``dis`` and ``tokenize`` with it) cost each one ~10 ms; making the two classes
    another ~1 ms (median of 30 runs; the note in core/digest.py says why the rest are named
    tuples).
    """

    __slots__ = ()
    _FIELDS: ClassVar[tuple[str, ...]] = ()
    # Compared by value and changed in place, so not hashable (as a dataclass with eq=True).
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        fields = self._FIELDS
        return tuple(getattr(self, f) for f in fields) == tuple(getattr(other, f) for f in fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    def _replace(self, **changes: Any) -> Self:
        values = {f: getattr(self, f) for f in self._FIELDS}
        values.update(changes)  # a name that is not a field is refused by __init__
        return type(self)(**values)


class Profile(_Record):
    """The walker: when the programme started, where they walk, their conditions, their sound."""

    __slots__ = _FIELDS = (
        "start_date", "surface", "conditions", "surgery_date", "sound", "notifications",
        "evaluation_advised_on", "escalation_asked_on", "evaluated_on", "paused_from", "pauses",
        "conditions_reviewed_on", "treadmill", "units",
    )

    def __init__(
        self,
        start_date: date,
        surface: Surface = Surface.TREADMILL,
        conditions: list[Condition] | None = None,
        surgery_date: date | None = None,
        sound: SoundMode = SoundMode.VOICE_AND_CHIME,
        notifications: bool = True,
        evaluation_advised_on: date | None = None,
        escalation_asked_on: date | None = None,
        evaluated_on: date | None = None,
        paused_from: date | None = None,
        pauses: "list[AwayPause] | None" = None,
        conditions_reviewed_on: date | None = None,
        treadmill: str | None = None,
        units: Units = Units.METRIC,
    ) -> None:
        self.start_date = start_date
        self.surface = surface
        self.conditions: list[Condition] = [] if conditions is None else conditions
        self.surgery_date = surgery_date
        self.sound = sound
        self.notifications = notifications
        # Set when the walker reports the "walking isn't enough" signs (DESIGN §3.2); cleared
        # when they confirm they have been evaluated.
        self.evaluation_advised_on = evaluation_advised_on
        # When the weekly "is walking enough?" questions were last asked (from week 5).
        self.escalation_asked_on = escalation_asked_on
        # When a physical therapist or doctor checked the walker after the pause above.
        self.evaluated_on = evaluated_on
        # An "I am ill / away" pause: progression is frozen from this day until it is lifted.
        self.paused_from = paused_from
        # Earlier ill/away pauses, so the days they covered never count as missed weeks.
        self.pauses: list[AwayPause] = [] if pauses is None else pauses
        # When the "recent" herniation / post-op questions were last answered.
        self.conditions_reviewed_on = conditions_reviewed_on
        # The Bluetooth address of the walker's FTMS treadmill (``stride treadmill use``).
        self.treadmill = treadmill
        self.units = units

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_date": self.start_date.isoformat(),
            "surface": self.surface.value,
            "conditions": [c.value for c in self.conditions],
            "surgery_date": self.surgery_date.isoformat() if self.surgery_date else None,
            "sound": self.sound.value,
            "notifications": self.notifications,
            "evaluation_advised_on": (
                self.evaluation_advised_on.isoformat() if self.evaluation_advised_on else None
            ),
            "escalation_asked_on": (
                self.escalation_asked_on.isoformat() if self.escalation_asked_on else None
            ),
            "evaluated_on": self.evaluated_on.isoformat() if self.evaluated_on else None,
            "paused_from": self.paused_from.isoformat() if self.paused_from else None,
            "pauses": [p.to_dict() for p in self.pauses],
            "conditions_reviewed_on": (
                self.conditions_reviewed_on.isoformat() if self.conditions_reviewed_on else None
            ),
            "treadmill": self.treadmill,
            "units": self.units.value,
        }

    @classmethod
    def from_dict(cls, data: Any) -> "Profile":
        d = _mapping(data, "profile")
        return cls(
            start_date=_date(d.get("start_date"), "profile.start_date"),
            surface=_enum(Surface, d.get("surface", "treadmill"), "profile.surface"),
            conditions=[
                _enum(Condition, c, "profile.conditions")
                for c in _list(d.get("conditions", []), "profile.conditions")
            ],
            surgery_date=_opt_date(d.get("surgery_date"), "profile.surgery_date", _SURGERY_FROM),
            sound=_enum(SoundMode, d.get("sound", "voice"), "profile.sound"),
            notifications=_bool(d.get("notifications", True), "profile.notifications"),
            evaluation_advised_on=_opt_date(
                d.get("evaluation_advised_on"), "profile.evaluation_advised_on"
            ),
            escalation_asked_on=_opt_date(
                d.get("escalation_asked_on"), "profile.escalation_asked_on"
            ),
            evaluated_on=_opt_date(d.get("evaluated_on"), "profile.evaluated_on"),
            paused_from=_opt_date(d.get("paused_from"), "profile.paused_from"),
            pauses=[AwayPause.from_dict(p) for p in _list(d.get("pauses", []), "profile.pauses")],
            conditions_reviewed_on=_opt_date(
                d.get("conditions_reviewed_on"), "profile.conditions_reviewed_on"
            ),
            treadmill=_opt_address(d.get("treadmill"), "profile.treadmill"),
            units=_enum(Units, d.get("units", "metric"), "profile.units"),
        )


class AwayPause(NamedTuple):
    """An ill/away pause that has ended: the days ``first`` to ``last`` (inclusive)."""

    first: date
    last: date

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}

    @classmethod
    def from_dict(cls, data: Any) -> "AwayPause":
        d = _mapping(data, "profile.pauses item")
        first = _date(d.get("from"), "profile.pauses.from")
        last = _date(d.get("to"), "profile.pauses.to")
        if last < first:
            raise RecordError(f"profile.pauses: a pause ends ({last}) before it starts ({first})")
        return cls(first, last)


class DayAfter(NamedTuple):
    """The next-day check of a walk: how the back was over the 24 hours after it, pain now."""

    asked_on: date
    back: BackSince
    pain_now: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "asked_on": self.asked_on.isoformat(), "back": self.back.value,
            "pain_now": self.pain_now,
        }

    @classmethod
    def from_dict(cls, data: Any) -> "DayAfter":
        d = _mapping(data, "session.day_after")
        return cls(
            asked_on=_date(d.get("asked_on"), "session.day_after.asked_on"),
            back=_enum(BackSince, d.get("back"), "session.day_after.back"),
            pain_now=_pain(d.get("pain_now"), "session.day_after.pain_now"),
        )


class CueEvent(NamedTuple):
    """A cue that fired during a walk: when it was due and when it actually fired (walk seconds)."""

    kind: str
    due: float
    fired: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "due": self.due, "fired": self.fired}

    @classmethod
    def from_dict(cls, data: Any) -> "CueEvent":
        d = _mapping(data, "cue")
        return cls(
            _text(d.get("kind"), "cue.kind"),
            _number(d.get("due"), "cue.due"),
            _number(d.get("fired"), "cue.fired"),
        )


class PainCheck(NamedTuple):
    """A pain score given during the walk, with the walk second it was given at."""

    at: float
    score: int
    outcome: str

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "score": self.score, "outcome": self.outcome}

    @classmethod
    def from_dict(cls, data: Any) -> "PainCheck":
        d = _mapping(data, "pain check")
        return cls(
            at=_number(d.get("at"), "pain_check.at"),
            score=_pain(d.get("score"), "pain_check.score"),
            outcome=_text(d.get("outcome"), "pain_check.outcome"),
        )


class StepRecord(NamedTuple):
    """One move of a routine (warm-up, strength or cool-down) and whether it was done or skipped."""

    move: str
    status: StepStatus
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"move": self.move, "status": self.status.value, "seconds": self.seconds}

    @classmethod
    def from_dict(cls, data: Any) -> "StepRecord":
        d = _mapping(data, "step")
        return cls(
            move=_text(d.get("move"), "step.move"),
            status=_enum(StepStatus, d.get("status"), "step.status"),
            seconds=_number(d.get("seconds", 0.0), "step.seconds"),
        )


class BeltSummary(NamedTuple):
    """The treadmill's figures for one walk (km/h, metres, %): None where it sent none."""

    link: LinkState
    belt_seconds: float = 0.0
    distance_m: float = 0.0
    average_kmh: float | None = None
    top_kmh: float | None = None
    incline_min: float | None = None
    incline_max: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "link": self.link.value, "belt_seconds": self.belt_seconds,
            "distance_m": self.distance_m, "average_kmh": self.average_kmh,
            "top_kmh": self.top_kmh, "incline_min": self.incline_min,
            "incline_max": self.incline_max,
        }

    @classmethod
    def from_dict(cls, data: Any) -> "BeltSummary":
        d = _mapping(data, "session.belt")
        return cls(
            link=_enum(LinkState, d.get("link"), "session.belt.link"),
            belt_seconds=_number(d.get("belt_seconds", 0.0), "session.belt.belt_seconds"),
            distance_m=_measure(d.get("distance_m", 0.0), "session.belt.distance_m",
                                0, MAX_DISTANCE_M),
            average_kmh=_opt_measure(d.get("average_kmh"), "session.belt.average_kmh",
                                     0, MAX_SPEED_KMH),
            top_kmh=_opt_measure(d.get("top_kmh"), "session.belt.top_kmh", 0, MAX_SPEED_KMH),
            incline_min=_opt_measure(d.get("incline_min"), "session.belt.incline_min",
                                     -MAX_INCLINE, MAX_INCLINE),
            incline_max=_opt_measure(d.get("incline_max"), "session.belt.incline_max",
                                     -MAX_INCLINE, MAX_INCLINE),
        )


class SessionRecord(_Record):
    """Everything about one session, from check-in to summary."""

    __slots__ = _FIELDS = (
        "id", "day", "started_at", "status", "target_minutes", "week", "surface", "ended_at",
        "walked_seconds", "pain_before", "pain_after", "pain_checks", "cues", "warm_up",
        "strength", "cool_down", "red_flags", "note", "rehearsal", "day_after", "belt",
    )

    def __init__(
        self,
        id: str,
        day: date,
        started_at: datetime,
        status: SessionStatus,
        target_minutes: int,
        week: int,
        surface: Surface = Surface.TREADMILL,
        ended_at: datetime | None = None,
        walked_seconds: float = 0.0,
        pain_before: int | None = None,
        pain_after: int | None = None,
        pain_checks: list[PainCheck] | None = None,
        cues: list[CueEvent] | None = None,
        warm_up: list[StepRecord] | None = None,
        strength: list[StepRecord] | None = None,
        cool_down: list[StepRecord] | None = None,
        red_flags: list[str] | None = None,
        note: str = "",
        rehearsal: bool = False,
        day_after: DayAfter | None = None,
        belt: BeltSummary | None = None,
    ) -> None:
        self.id = id
        self.day = day
        self.started_at = started_at
        self.status = status
        self.target_minutes = target_minutes
        self.week = week
        self.surface = surface
        self.ended_at = ended_at
        self.walked_seconds = walked_seconds
        self.pain_before = pain_before
        self.pain_after = pain_after
        self.pain_checks: list[PainCheck] = [] if pain_checks is None else pain_checks
        self.cues: list[CueEvent] = [] if cues is None else cues
        self.warm_up: list[StepRecord] = [] if warm_up is None else warm_up
        self.strength: list[StepRecord] = [] if strength is None else strength
        self.cool_down: list[StepRecord] = [] if cool_down is None else cool_down
        self.red_flags: list[str] = [] if red_flags is None else red_flags
        self.note = note
        # Run with --time-scale other than 1: a rehearsal, not a walk (never counts as progress).
        self.rehearsal = rehearsal
        # The next-day check's answer about this walk, once given.
        self.day_after = day_after
        # The treadmill's figures, when one was linked (or tried) during the walk.
        self.belt = belt

    @property
    def walked_minutes(self) -> float:
        return self.walked_seconds / 60.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "status": self.status.value,
            "target_minutes": self.target_minutes,
            "week": self.week,
            "surface": self.surface.value,
            "walked_seconds": self.walked_seconds,
            "pain_before": self.pain_before,
            "pain_after": self.pain_after,
            "pain_checks": [p.to_dict() for p in self.pain_checks],
            "cues": [c.to_dict() for c in self.cues],
            "warm_up": [s.to_dict() for s in self.warm_up],
            "strength": [s.to_dict() for s in self.strength],
            "cool_down": [s.to_dict() for s in self.cool_down],
            "red_flags": list(self.red_flags),
            "note": self.note,
            "rehearsal": self.rehearsal,
            "day_after": self.day_after.to_dict() if self.day_after else None,
            "belt": self.belt.to_dict() if self.belt else None,
        }

    @classmethod
    def from_dict(cls, data: Any, *, in_progress: bool = False) -> "SessionRecord":
        """Check and build a session; ``in_progress`` allows the status of a walk still running
        (only the checkpoint holds one)."""
        d = _mapping(data, "session")
        unknown = d.keys() - _SESSION_FIELDS
        if unknown:
            shown = ", ".join(
                k if k.isidentifier() and len(k) <= 40 else _shown(k) for k in sorted(unknown)[:5]
            )
            raise RecordError(f"session has unknown fields: {shown}")
        status = _enum(SessionStatus, d.get("status"), "session.status")
        if status is SessionStatus.IN_PROGRESS and not in_progress:
            raise RecordError(
                "session.status is in-progress, which only the walk running now may be"
            )
        started_at = _datetime(d.get("started_at"), "session.started_at")
        ended_at = _opt_datetime(d.get("ended_at"), "session.ended_at")
        if ended_at is not None and ended_at < started_at:
            raise RecordError(
                f"session.ended_at {ended_at.isoformat()} is before its start "
                f"{started_at.isoformat()}"
            )
        return cls(
            id=_session_id(d.get("id")),
            day=_date(d.get("day"), "session.day"),
            started_at=started_at,
            ended_at=ended_at,
            status=status,
            target_minutes=_bounded_int(
                d.get("target_minutes"), "session.target_minutes", 0, MAX_MINUTES
            ),
            week=_bounded_int(d.get("week"), "session.week", 1, MAX_WEEK),
            surface=_enum(Surface, d.get("surface", "treadmill"), "session.surface"),
            walked_seconds=_number(d.get("walked_seconds", 0.0), "session.walked_seconds"),
            pain_before=_opt_pain(d.get("pain_before"), "session.pain_before"),
            pain_after=_opt_pain(d.get("pain_after"), "session.pain_after"),
            pain_checks=[
                PainCheck.from_dict(p) for p in _list(d.get("pain_checks", []), "pain_checks")
            ],
            cues=[CueEvent.from_dict(c) for c in _list(d.get("cues", []), "session.cues")],
            warm_up=[StepRecord.from_dict(s) for s in _list(d.get("warm_up", []), "warm_up")],
            strength=[StepRecord.from_dict(s) for s in _list(d.get("strength", []), "strength")],
            cool_down=[
                StepRecord.from_dict(s) for s in _list(d.get("cool_down", []), "cool_down")
            ],
            red_flags=[
                _red_flag(f) for f in _list(d.get("red_flags", []), "session.red_flags")
            ],
            note=_text(d.get("note", ""), "session.note", MAX_NOTE, _NOTE_CONTROL),
            rehearsal=_bool(d.get("rehearsal", False), "session.rehearsal"),
            day_after=(
                None if d.get("day_after") is None else DayAfter.from_dict(d["day_after"])
            ),
            belt=None if d.get("belt") is None else BeltSummary.from_dict(d["belt"]),
        )


def check_session(record: SessionRecord, *, in_progress: bool = False) -> dict[str, Any]:
    """The session as it will be written, checked by the same door it will be read through:
    the one call the store makes per write. Raises ``RecordError``."""
    doc = record.to_dict()
    SessionRecord.from_dict(doc, in_progress=in_progress)
    return doc


def check_profile(profile: Profile) -> dict[str, Any]:
    """The profile as it will be written, checked as it will be read. Raises ``RecordError``."""
    doc = profile.to_dict()
    Profile.from_dict(doc)
    return doc


# --- validation helpers: each names the field it checks so errors say what is wrong ---------


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordError(f"{what} must be an object, got {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(f"{what} must be a list, got {type(value).__name__}")
    if len(value) > MAX_ITEMS:
        raise RecordError(f"{what} holds {len(value)} items; at most {MAX_ITEMS} are allowed")
    return value


def _shown(value: Any) -> str:
    """A value for an error message: short, and on one line whatever it holds."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise RecordError(f"{what} must be text, got {_shown(value)}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # Valid JSON ("\\udcff") but not text: it could never be exported again.
            raise RecordError(f"{what} holds characters that are not valid text") from None
    return value


# Control characters (escape sequences, NUL, line breaks) would garble a screen or a CLI line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A note is prose: it may hold line breaks and tabs.
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(
    value: Any, what: str, limit: int = MAX_TEXT, control: re.Pattern[str] = _CONTROL
) -> str:
    text = _str(value, what)
    if len(text) > limit:
        raise RecordError(f"{what} is {len(text)} characters long; at most {limit} are allowed")
    if control.search(text):
        raise RecordError(f"{what} holds control characters: {_shown(text)}")
    return text


def _session_id(value: Any) -> str:
    if not isinstance(value, str) or SESSION_ID.fullmatch(value) is None:
        raise RecordError(
            "session.id must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a "
            f"letter or digit), got {_shown(value)}"
        )
    return value


def _red_flag(value: Any) -> str:
    if not isinstance(value, str) or value not in RED_FLAGS:
        raise RecordError(
            f"session.red_flags must hold only {', '.join(sorted(RED_FLAGS))}; "
            f"got {_shown(value)}"
        )
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise RecordError(f"{what} must be true or false, got {_shown(value)}")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{what} must be a whole number, got {_shown(value)}")
    return value


def _bounded_int(value: Any, what: str, low: int, high: int) -> int:
    number = _int(value, what)
    if not low <= number <= high:
        raise RecordError(f"{what} must be from {low} to {high}, got {_shown(number)}")
    return number




def _number(value: Any, what: str) -> float:
    # Fast path first: this runs for every cue of every session when ten years are loaded.
    kind = type(value)
    if kind is float:
        if 0 <= value <= MAX_SECONDS:  # NaN fails both comparisons
            return value  # type: ignore[no-any-return]
    elif kind is int:
        if 0 <= value <= MAX_SECONDS:
            return float(value)
    elif kind is bool or not isinstance(value, int | float):
        raise RecordError(f"{what} must be a number, got {_shown(value)}")
    elif 0 <= value <= MAX_SECONDS:
        return float(value)
    raise RecordError(
        f"{what} must be a number of seconds from 0 to {MAX_SECONDS:.0f}, got {_shown(value)}"
    )


def _pain(value: Any, what: str) -> int:
    score = _int(value, what)
    if not 0 <= score <= 10:
        raise RecordError(f"{what} must be a pain score from 0 to 10, got {score}")
    return score


def _opt_pain(value: Any, what: str) -> int | None:
    return None if value is None else _pain(value, what)


def _measure(value: Any, what: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise RecordError(f"{what} must be a number from {low:g} to {high:g}, got {_shown(value)}")
    return float(value)


def _opt_measure(value: Any, what: str, low: float, high: float) -> float | None:
    return None if value is None else _measure(value, what, low, high)


def _opt_address(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or BLUETOOTH_ADDRESS.fullmatch(value) is None:
        raise RecordError(
            f"{what} must be a Bluetooth address like F7:00:00:00:18:26, got {_shown(value)}"
        )
    return value.upper()


# Surgery may well predate the programme's range.
_SURGERY_FROM = date(1900, 1, 1)


def _date(value: Any, what: str, first: date = FIRST_DAY) -> date:
    text = _str(value, what)
    try:
        if len(text) != 10:  # fromisoformat also takes 20260131 and 2026-W05-6
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"{what} must be a date like 2026-01-31, got {_shown(value)}") from None
    if not first <= day <= LAST_DAY:
        raise RecordError(f"{what} must be from {first} to {LAST_DAY}, got {day}")
    return day


def _opt_date(value: Any, what: str, first: date = FIRST_DAY) -> date | None:
    return None if value is None else _date(value, what, first)


def _datetime(value: Any, what: str) -> datetime:
    text = _str(value, what)
    try:
        if len(text) > 40:
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(
            f"{what} must be a date and time like 2026-01-31T08:00:00+01:00, got {_shown(value)}"
        ) from None
    # Naive times cannot be compared with the others (the plan would crash), and which zone
    # they meant is unknown: refused, not guessed.
    if moment.utcoffset() is None:
        raise RecordError(
            f"{what} must include its UTC offset (like 2026-01-31T08:00:00+01:00), "
            f"got {_shown(value)}"
        )
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise RecordError(f"{what} must be from {FIRST_DAY} to {LAST_DAY}, got {_shown(value)}")
    return moment


def _opt_datetime(value: Any, what: str) -> datetime | None:
    return None if value is None else _datetime(value, what)


def _enum(enum: type[_E], value: Any, what: str) -> _E:
    # Straight from the enum's own table of values: ``enum(value)`` is several times slower,
    # and ten years of sessions hold some fifty thousand of these.
    member = enum._value2member_map_.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(e.value for e in enum)
        raise RecordError(f"{what} must be one of {allowed}; got {_shown(value)}")
    return cast(_E, member)


_SESSION_FIELDS = frozenset(SessionRecord._FIELDS)
