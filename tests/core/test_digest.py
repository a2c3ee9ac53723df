"""The session digest: what the index keeps of a session, and its round trip."""

from __future__ import annotations

from datetime import date

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import SessionRecord, StepRecord, StepStatus
from tests.records import session_record


def _record(strength: list[StepRecord]) -> SessionRecord:
    return session_record(date(2026, 3, 2), 20, before=3, after=2, week=3, session_id="ab12",
                          ended=None, strength=strength)


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
