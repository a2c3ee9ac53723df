"""Profile and session records: JSON-safe round trips, and clear errors for bad shapes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from stride_tui.core.records import (
    Condition,
    CueEvent,
    PainCheck,
    Profile,
    RecordError,
    SessionRecord,
    SessionStatus,
    SoundMode,
    StepRecord,
    StepStatus,
    Surface,
    logged_walk_times,
)


def full_session() -> SessionRecord:
    return SessionRecord(
        id="abc123",
        day=date(2026, 3, 2),
        started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        ended_at=datetime(2026, 3, 2, 8, 50, 30, tzinfo=UTC),
        status=SessionStatus.ENDED_EARLY,
        target_minutes=45,
        week=11,
        surface=Surface.OUTDOOR,
        walked_seconds=1234.5,
        pain_before=3,
        pain_after=2,
        pain_checks=[PainCheck(1370.0, 2, "continue")],
        cues=[CueEvent("stride", 120.0, 120.0), CueEvent("hands", 240.0, 241.25)],
        warm_up=[StepRecord("march", StepStatus.DONE, 30.0),
                 StepRecord("cat-camel", StepStatus.SKIPPED, 4.5)],
        strength=[StepRecord("glute-bridges", StepStatus.DONE, 45.0)],
        cool_down=[StepRecord("slow-walk", StepStatus.DONE, 60.0)],
        red_flags=["fever"],
        note="Ended when Stride was closed during the walk.",
    )


def test_a_session_survives_a_trip_through_json() -> None:
    record = full_session()
    data = json.loads(json.dumps(record.to_dict()))
    assert SessionRecord.from_dict(data) == record
    assert data["status"] == "ended-early"
    assert data["started_at"] == "2026-03-02T08:00:00+00:00"
    assert data["cues"][1] == {"kind": "hands", "due": 240.0, "fired": 241.25}


def test_a_bare_session_survives_a_round_trip_too() -> None:
    record = SessionRecord(
        id="x", day=date(2026, 3, 2), started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        status=SessionStatus.IN_PROGRESS, target_minutes=10, week=1,
    )
    # Only the checkpoint of the walk running now may hold an in-progress session.
    assert SessionRecord.from_dict(record.to_dict(), in_progress=True) == record
    with pytest.raises(RecordError, match="in-progress"):
        SessionRecord.from_dict(record.to_dict())


def test_walked_minutes_are_walked_seconds_over_sixty() -> None:
    assert full_session().walked_minutes == 1234.5 / 60


def test_a_profile_survives_a_trip_through_json() -> None:
    profile = Profile(
        start_date=date(2026, 3, 2), surface=Surface.TREADMILL,
        conditions=[Condition.MICRODISCECTOMY, Condition.SPINAL_STENOSIS],
        surgery_date=date(2026, 2, 1), sound=SoundMode.CHIME_ONLY, notifications=False,
        evaluation_advised_on=date(2026, 4, 1),
    )
    data = json.loads(json.dumps(profile.to_dict()))
    assert Profile.from_dict(data) == profile
    assert data["conditions"] == ["microdiscectomy", "spinal-stenosis"]


def test_a_profile_needs_only_its_start_date() -> None:
    assert Profile.from_dict({"start_date": "2026-03-02"}) == Profile(start_date=date(2026, 3, 2))


def with_field(**changes: Any) -> dict[str, Any]:
    data = full_session().to_dict()
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ([], "session must be an object"),
        (with_field(id=None), "session.id"),
        (with_field(day="2026-13-01"), "session.day"),
        (with_field(started_at="yesterday"), "session.started_at"),
        (with_field(ended_at=5), "session.ended_at"),
        (with_field(status="finished"), "session.status"),
        (with_field(target_minutes="45"), "session.target_minutes"),
        (with_field(week=True), "session.week"),
        (with_field(surface="beach"), "session.surface"),
        (with_field(walked_seconds=-1), "session.walked_seconds"),
        (with_field(walked_seconds=float("nan")), "session.walked_seconds"),
        (with_field(pain_before=11), "session.pain_before"),
        (with_field(pain_after=2.5), "session.pain_after"),
        (with_field(pain_checks={}), "pain_checks"),
        (with_field(pain_checks=[{"at": 1.0, "score": 12, "outcome": "stop"}]), "pain_check.score"),
        (with_field(cues="stride"), "session.cues"),
        (with_field(cues=[{"kind": "stride", "due": 120.0, "fired": "late"}]), "cue.fired"),
        (with_field(cues=[["stride", 120, 120]]), "cue must be an object"),
        (with_field(warm_up=[{"move": "march", "status": "half"}]), "step.status"),
        (with_field(strength=[{"status": "done"}]), "step.move"),
        (with_field(cool_down=None), "cool_down"),
        (with_field(red_flags="fever"), "session.red_flags"),
        (with_field(red_flags=[1]), "session.red_flags"),
        (with_field(note=None), "session.note"),
        (with_field(colour="blue"), "unknown fields: colour"),
    ],
)
def test_a_session_in_the_wrong_shape_is_refused_naming_the_field(data: Any, names: str) -> None:
    with pytest.raises(RecordError) as caught:
        SessionRecord.from_dict(data)
    assert names in str(caught.value)


def test_a_bad_status_lists_the_statuses_allowed() -> None:
    with pytest.raises(RecordError, match="completed, ended-early, stopped-pain, red-flag"):
        SessionRecord.from_dict(with_field(status="finished"))


@pytest.mark.parametrize(
    ("data", "names"),
    [
        ("2026-03-02", "profile must be an object"),
        ({}, "profile.start_date"),
        ({"start_date": "2026-03-02", "surface": "track"}, "profile.surface"),
        ({"start_date": "2026-03-02", "conditions": "stenosis"}, "profile.conditions"),
        ({"start_date": "2026-03-02", "conditions": ["sciatica"]}, "profile.conditions"),
        ({"start_date": "2026-03-02", "surgery_date": "soon"}, "profile.surgery_date"),
        ({"start_date": "2026-03-02", "sound": "loud"}, "profile.sound"),
        ({"start_date": "2026-03-02", "notifications": "yes"}, "profile.notifications"),
        ({"start_date": "2026-03-02", "evaluation_advised_on": 3}, "profile.evaluation_advised_on"),
    ],
)
def test_a_profile_in_the_wrong_shape_is_refused_naming_the_field(data: Any, names: str) -> None:
    with pytest.raises(RecordError) as caught:
        Profile.from_dict(data)
    assert names in str(caught.value)


def test_a_record_error_is_a_value_error() -> None:
    assert issubclass(RecordError, ValueError)


@pytest.mark.parametrize(
    ("now", "minutes", "start", "end"),
    [
        ((14, 30), 20, (14, 10), (14, 30)),  # ended at this time of day
        ((0, 20), 20, (0, 0), (0, 20)),  # began on the stroke of midnight: kept
        ((0, 5), 20, (0, 0), (0, 20)),  # would have begun the day before: moved to midnight
        ((1, 0), 120, (0, 0), (2, 0)),
        ((23, 59), 120, (21, 59), (23, 59)),
    ],
)
def test_a_logged_walk_ends_at_the_time_logged_and_always_starts_on_its_day(
    now: tuple[int, int], minutes: int, start: tuple[int, int], end: tuple[int, int],
) -> None:
    day = date(2026, 3, 5)
    started, ended = logged_walk_times(day, minutes, datetime(2026, 3, 9, *now, 41))
    assert started.tzinfo is not None and ended.tzinfo is not None  # local, with its offset
    assert (started.date(), started.hour, started.minute) == (day, *start)
    assert ended - started == timedelta(minutes=minutes)
    assert (ended.hour, ended.minute) == end


# --- the records as values (what @dataclass wrote, now written out in records._Record) --------


def test_records_are_equal_by_value_and_any_field_tells_them_apart() -> None:
    a, b = full_session(), full_session()
    assert a == b and a is not b
    for name, other in [("note", "changed"), ("pain_after", 9), ("cues", []), ("week", 12),
                        ("surface", Surface.TREADMILL), ("red_flags", []), ("rehearsal", True)]:
        changed = a._replace(**{name: other})
        assert changed != a, name
        assert getattr(changed, name) == other
    assert a == b  # _replace made copies; the originals are as they were
    assert Profile(start_date=date(2026, 3, 2)) != a
    assert Profile(start_date=date(2026, 3, 2)) == Profile(start_date=date(2026, 3, 2))


def test_replace_refuses_a_name_that_is_not_a_field() -> None:
    with pytest.raises(TypeError, match="nickname"):
        Profile(start_date=date(2026, 3, 2))._replace(nickname="x")  # type: ignore[call-arg]


def test_records_are_not_hashable_and_take_no_stray_attributes() -> None:
    # Changed in place (the walk's record), so compared by value and never a dict key; a typo
    # in a field's name fails instead of keeping a value nobody reads.
    p = Profile(start_date=date(2026, 3, 2))
    with pytest.raises(TypeError):
        hash(p)
    with pytest.raises(AttributeError):
        p.surfce = Surface.OUTDOOR  # type: ignore[attr-defined]


def test_each_record_gets_lists_of_its_own() -> None:
    a = Profile(start_date=date(2026, 3, 2))
    b = Profile(start_date=date(2026, 3, 2))
    a.conditions.append(Condition.SPINAL_STENOSIS)
    assert b.conditions == []
    s = full_session()
    t = SessionRecord(id="x", day=s.day, started_at=s.started_at, status=s.status,
                      target_minutes=10, week=1)
    u = SessionRecord(id="y", day=s.day, started_at=s.started_at, status=s.status,
                      target_minutes=10, week=1)
    t.cues.append(CueEvent("shoulders", 300.0, 300.5))
    assert u.cues == [] and t.red_flags is not u.red_flags


def test_repr_names_every_field() -> None:
    shown = repr(Profile(start_date=date(2026, 3, 2), treadmill="F7:00:00:00:18:26"))
    assert shown.startswith("Profile(start_date=datetime.date(2026, 3, 2), ")
    assert "treadmill='F7:00:00:00:18:26'" in shown and shown.endswith(")")
