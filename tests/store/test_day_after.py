"""Store.record_day_after: the next-day check's answer kept on the walk it is about."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stride_tui.core.records import BackSince, DayAfter
from stride_tui.store import Store, StoreError
from tests.ui.scenarios import walk_record

DAY = date(2026, 3, 16)
ANSWER = DayAfter(date(2026, 3, 17), BackSince.WORSE, 6)


def test_the_answer_is_kept_on_the_walk_and_in_its_digest_across_a_reopen(tmp_path: Path) -> None:
    walk = walk_record(DAY, 20)
    with Store.open(tmp_path / "data") as store:
        store.add_session(walk)
        assert store.digests()[0].day_after is None  # read once, so the index keeps it
        store.record_day_after(walk.id, ANSWER)
        assert store.digests()[0].day_after == ANSWER
    with Store.open(tmp_path / "data", readonly=True) as store:
        kept = store.get_session(walk.id)
        assert kept is not None and kept.day_after == ANSWER
        assert kept.walked_seconds == walk.walked_seconds


def test_an_answer_for_no_such_walk_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store, pytest.raises(StoreError, match="No session"):
        store.record_day_after("nope", ANSWER)


def test_a_read_only_store_keeps_no_answer(tmp_path: Path) -> None:
    walk = walk_record(DAY, 20)
    with Store.open(tmp_path / "data") as store:
        store.add_session(walk)
    with Store.open(tmp_path / "data", readonly=True) as store, pytest.raises(StoreError):
        store.record_day_after(walk.id, ANSWER)


def test_digests_read_from_the_stored_documents_match_the_records(tmp_path: Path) -> None:
    from stride_tui.core.digest import digest
    from stride_tui.core.records import PainCheck, StepRecord, StepStatus

    walk = walk_record(DAY, 20, strength=True)
    walk.pain_checks = [PainCheck(300.0, 6, "suggest-easing")]
    walk.red_flags, walk.rehearsal, walk.day_after = ["fever"], True, ANSWER
    walk.strength.append(StepRecord("bird-dog", StepStatus.SKIPPED))
    with Store.open(tmp_path / "data") as store:
        store.add_session(walk)
        store.add_session(walk_record(DAY, 10, hour=18))
        records = store.sessions()
        assert store.digests() == [digest(r) for r in records]
