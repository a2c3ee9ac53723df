"""The index file's rows: every digest survives the trip through JSON, and an index written
by earlier builds (named fields) reads the same."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from stride_tui.core.digest import SessionDigest, digest
from stride_tui.core.records import BackSince, DayAfter, SessionRecord
from stride_tui.store.datafiles import digest_of, index_doc
from tests.store.factories import session_records

_answers = st.none() | st.builds(
    DayAfter, asked_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    back=st.sampled_from(BackSince), pain_now=st.integers(min_value=0, max_value=10))
_metres = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(session_records, _answers, st.booleans(), _metres)
def test_every_digest_reads_back_from_its_row_and_from_its_named_fields(
    r: SessionRecord, answer: DayAfter | None, rehearsal: bool, metres: float | None,
) -> None:
    d = digest(r)._replace(day_after=answer, rehearsal=rehearsal, distance_m=metres)
    through_json = json.loads(json.dumps(index_doc(d)))
    assert set(through_json) == {"r"}
    assert digest_of(through_json) == d
    assert digest_of(json.loads(json.dumps(d.to_dict()))) == d  # as earlier builds wrote it


def test_a_row_is_about_half_the_bytes_of_named_fields() -> None:
    from tests.store.factories import daily_walk

    d = digest(daily_walk(3))._replace(
        day_after=DayAfter(date(2016, 3, 11), BackSince.BETTER, 2))
    row = len(json.dumps(index_doc(d), separators=(",", ":")))
    named = len(json.dumps(d.to_dict(), separators=(",", ":")))
    assert row < 0.6 * named
    assert SessionDigest.from_row(index_doc(d)["r"]) == d


def test_a_row_of_an_earlier_build_without_the_day_it_ended_reads_with_none() -> None:
    from datetime import timedelta

    from tests.store.factories import daily_walk

    r = daily_walk(3)
    start = r.started_at.replace(hour=23, minute=50)
    late = digest(SessionRecord.from_dict({**r.to_dict(), "started_at": start.isoformat(),
                                           "ended_at": (start + timedelta(hours=1)).isoformat()}))
    assert late.ended_day == late.day + timedelta(days=1)
    row = index_doc(late)["r"]
    assert SessionDigest.from_row(row) == late
    assert SessionDigest.from_row(row[:-1]) == late._replace(ended_day=None)
