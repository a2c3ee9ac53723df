"""The session digest: what the index keeps of a session, and its round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import SessionRecord, SessionStatus, StepRecord, StepStatus


def _record(strength: list[StepRecord]) -> SessionRecord:
    return SessionRecord(
        id="ab12",
        day=date(2026, 3, 2),
        started_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        status=SessionStatus.COMPLETED,
        target_minutes=20,
        week=3,
        walked_seconds=1200.0,
        pain_before=3,
        pain_after=2,
        strength=strength,
        red_flags=[],
    )


def test_a_digest_keeps_what_the_plan_reads_and_survives_a_round_trip() -> None:
    d = digest(_record([]))
    assert (d.day, d.walked_minutes, d.pain_before, d.pain_after) == (date(2026, 3, 2), 20, 3, 2)
    assert d.strength_done is False
    assert SessionDigest.from_dict(d.to_dict()) == d


def test_strength_counts_as_done_only_when_a_move_was_done() -> None:
    done = StepRecord(move="glute-bridge", status=StepStatus.DONE)
    skipped = StepRecord(move="bird-dog", status=StepStatus.SKIPPED)
    assert digest(_record([skipped])).strength_done is False
    assert digest(_record([skipped, done])).strength_done is True
    assert done.status is StepStatus.DONE
