"""Sessions and profiles for the store tests: realistic walks, and Hypothesis strategies."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import strategies as st

from stride_tui.core.records import (
    MAX_SECONDS,
    RED_FLAGS,
    Condition,
    CueEvent,
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    SoundMode,
    StepRecord,
    StepStatus,
    Surface,
    new_session_id,
)

FIRST_DAY = date(2016, 3, 7)


def daily_walk(n: int, *, session_id: str | None = None, minutes: float = 30.0) -> SessionRecord:
    """The walk of day ``n`` of the programme, the size a real one is (15 cues, pain checks,
    warm-up, strength and cool-down)."""
    day = FIRST_DAY + timedelta(days=n)
    start = datetime.combine(day, time(9, 0), tzinfo=UTC) + timedelta(minutes=n % 50)
    walked = minutes * 60.0
    return SessionRecord(
        id=session_id or new_session_id(),
        day=day,
        started_at=start,
        ended_at=start + timedelta(seconds=walked + 600),
        status=SessionStatus.COMPLETED,
        target_minutes=int(minutes),
        week=n // 7 + 1,
        surface=Surface.OUTDOOR if n % 3 else Surface.TREADMILL,
        walked_seconds=walked,
        pain_before=3,
        pain_after=2,
        pain_checks=[PainCheck(at=300.0 * k, score=3, outcome="continue") for k in range(1, 6)],
        cues=[CueEvent(kind="posture", due=120.0 * k, fired=120.0 * k + 0.012) for k in range(15)],
        warm_up=[StepRecord(f"warm-up-{k}", StepStatus.DONE, 30.0) for k in range(5)],
        strength=[StepRecord(f"strength-{k}", StepStatus.DONE, 45.0) for k in range(4)],
        cool_down=[StepRecord(f"cool-down-{k}", StepStatus.SKIPPED) for k in range(3)],
        note="Easy today; a little stiffness at the start.",
    )


def a_profile(**changes: object) -> Profile:
    """A walker nine weeks in, with a disc herniation, who walks outdoors."""
    base = Profile(
        start_date=FIRST_DAY,
        surface=Surface.OUTDOOR,
        conditions=[Condition.DISC_HERNIATION],
        sound=SoundMode.CHIME_ONLY,
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


# --- Hypothesis: any record the records module accepts ---------------------------------------

# What the records' door lets in (core/records.py): no control characters, a day's seconds.
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20)
_seconds = st.floats(min_value=0, max_value=MAX_SECONDS, allow_nan=False, allow_infinity=False)
_pain = st.integers(min_value=0, max_value=10)
_offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
_moments = st.datetimes(
    min_value=datetime(2000, 1, 2),
    max_value=datetime(2100, 12, 30),
    timezones=st.just(UTC) | _offsets,
)
_steps = st.lists(
    st.builds(StepRecord, move=_text, status=st.sampled_from(StepStatus), seconds=_seconds),
    max_size=4,
)

session_ids = st.uuids().map(lambda u: u.hex)

session_records = st.builds(
    SessionRecord,
    id=session_ids,
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    started_at=_moments,
    status=st.sampled_from([s for s in SessionStatus if s is not SessionStatus.IN_PROGRESS]),
    target_minutes=st.integers(min_value=0, max_value=600),
    week=st.integers(min_value=1, max_value=600),
    surface=st.sampled_from(Surface),
    ended_at=st.none(),
    walked_seconds=_seconds,
    pain_before=st.none() | _pain,
    pain_after=st.none() | _pain,
    pain_checks=st.lists(st.builds(PainCheck, at=_seconds, score=_pain, outcome=_text), max_size=4),
    cues=st.lists(st.builds(CueEvent, kind=_text, due=_seconds, fired=_seconds), max_size=6),
    warm_up=_steps,
    strength=_steps,
    cool_down=_steps,
    red_flags=st.lists(st.sampled_from(sorted(RED_FLAGS)), max_size=3),
    note=_text,
).flatmap(
    # An end, when there is one, is not before the start.
    lambda r: st.one_of(st.none(), _seconds).map(
        lambda gap: r if gap is None else r._replace(ended_at=r.started_at + timedelta(seconds=gap)
        )
    )
)

_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))

profiles = st.builds(
    Profile,
    start_date=_days,
    surface=st.sampled_from(Surface),
    conditions=st.lists(st.sampled_from(Condition), unique=True),
    surgery_date=st.none() | _days,
    sound=st.sampled_from(SoundMode),
    notifications=st.booleans(),
    evaluation_advised_on=st.none() | _days,
)


def start_order(r: SessionRecord) -> tuple[timedelta, str]:
    """The order the store lists sessions in: by start time (naive times read as UTC), then id."""
    moment = r.started_at
    if moment.utcoffset() is None:
        return moment - datetime(1970, 1, 1), r.id
    return moment - datetime(1970, 1, 1, tzinfo=UTC), r.id
