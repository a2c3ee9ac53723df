"""Export to JSON or CSV, and import a JSON export back: checked in full, then written once."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stride_tui.core.records import (
    SCHEMA_VERSION,
    BackSince,
    DayAfter,
    PainCheck,
    Profile,
    SessionRecord,
    StepStatus,
)
from stride_tui.store import Store, StoreError, StoreUnwritable
from tests.store.factories import a_profile, daily_walk, profiles, session_records


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sessions=st.lists(session_records, unique_by=lambda r: r.id, max_size=12),
    profile=st.none() | profiles,
)
def test_any_sessions_exported_and_imported_into_a_fresh_store_come_back_equal(
    sessions: list[SessionRecord], profile: Profile | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with Store.open(root / "old") as old:
            if profile is not None:
                old.save_profile(profile)
            for s in sessions:
                old.add_session(s)
            assert old.write_export(root / "export.json", "json") == len(sessions)

        with Store.open(root / "new") as new:
            result = new.import_file(root / "export.json")
            assert (result.added, result.skipped) == (len(sessions), 0)
            assert result.profile_imported == (profile is not None)
            assert {s.id: s for s in new.sessions()} == {s.id: s for s in sessions}
            assert new.load_profile() == profile

            again = new.import_file(root / "export.json")
            assert (again.added, again.skipped) == (0, len(sessions))
            assert new.session_count() == len(sessions)

        with Store.open(root / "new") as reopened:
            assert {s.id: s for s in reopened.sessions()} == {s.id: s for s in sessions}


def test_the_json_export_holds_format_version_time_profile_and_sessions_oldest_first(
    data_dir: Path,
) -> None:
    walks = [daily_walk(n) for n in range(3)]
    with Store.open(data_dir) as store:
        store.save_profile(a_profile())
        for w in reversed(walks):
            store.add_session(w)
        doc = store.export_json()
    assert doc["format"] == "stride-export"
    assert doc["schema_version"] == SCHEMA_VERSION
    assert isinstance(doc["exported_at"], str)
    assert doc["profile"] == a_profile().to_dict()
    assert doc["sessions"] == [w.to_dict() for w in walks]


def test_the_json_export_without_a_profile_says_null(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        assert store.export_json()["profile"] is None


def test_the_csv_export_has_one_readable_row_per_session(data_dir: Path, tmp_path: Path) -> None:
    walk = daily_walk(0)._replace(
        walked_seconds=1234.5,
        pain_checks=[PainCheck(at=750.0, score=4, outcome="continue"), PainCheck(900, 5, "slow")],
        red_flags=["fever", "leg-numbness"],
        note='Windy, "cold"; hands, feet',
        rehearsal=True,
        day_after=DayAfter(asked_on=daily_walk(0).day + timedelta(days=1),
                           back=BackSince.WORSE, pain_now=6),
    )
    with Store.open(data_dir) as store:
        store.add_session(walk)
        store.add_session(daily_walk(1))
        assert store.write_export(tmp_path / "walks.csv", "csv") == 2

    rows = list(csv.DictReader(io.StringIO((tmp_path / "walks.csv").read_text())))
    assert len(rows) == 2
    first = rows[0]
    assert first["id"] == walk.id
    assert first["day"] == "2016-03-07"
    assert first["started_at"] == walk.started_at.isoformat()
    assert first["status"] == "completed"
    assert first["walked_minutes"] == "20.57"
    assert first["pain_before"] == "3"
    assert first["pain_checks"] == "12:30=4;15:00=5"
    assert first["cues"] == "15"
    assert first["red_flags"] == "fever;leg-numbness"
    assert first["warm_up_done"] == "5"
    assert first["strength_done"] == "4"
    assert first["note"] == 'Windy, "cold"; hands, feet'
    # A rehearsal is marked, and the next-day answer and the cool-down are there too.
    assert (first["rehearsal"], rows[1]["rehearsal"]) == ("yes", "")
    assert (first["next_day_back"], first["next_day_pain"]) == ("worse", "6")
    assert (rows[1]["next_day_back"], rows[1]["next_day_pain"]) == ("", "")
    assert first["cool_down_done"] == str(
        sum(1 for c in walk.cool_down if c.status is StepStatus.DONE))


def test_the_profile_is_imported_only_into_a_store_without_one(
    data_dir: Path, tmp_path: Path
) -> None:
    export = tmp_path / "export.json"
    with Store.open(tmp_path / "elsewhere") as other:
        other.save_profile(a_profile(notifications=False))
        other.add_session(daily_walk(0))
        other.write_export(export, "json")
    with Store.open(data_dir) as store:
        store.save_profile(a_profile())
        result = store.import_file(export)
        assert (result.added, result.profile_imported) == (1, False)
        assert store.load_profile() == a_profile()


# --- files that are not a good export ------------------------------------------------------


def good_export() -> dict[str, Any]:
    return {
        "format": "stride-export",
        "schema_version": SCHEMA_VERSION,
        "exported_at": "2026-01-31T09:12:00+00:00",
        "profile": a_profile().to_dict(),
        "sessions": [daily_walk(n).to_dict() for n in range(5)],
    }


def with_changes(**changes: Any) -> bytes:
    doc = good_export()
    doc.update(changes)
    return json.dumps(doc, indent=1).encode()


def with_bad_third_session() -> bytes:
    doc = good_export()
    doc["sessions"][2]["pain_before"] = "moderate"
    return json.dumps(doc, indent=1).encode()


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "truncated": (
        json.dumps(good_export(), indent=1).encode()[:-300],
        r"is not valid JSON \(line \d+\): it ends too early, so it was probably cut short",
    ),
    "garbled": (b'{"format": "stride-export",, }', r"is not valid JSON \(line 1"),
    "a-csv-file": (
        b"id,day,started_at\nabc,2026-01-01,2026-01-01T09:00:00\n",
        r"looks like a CSV file; import takes a Stride JSON export "
        r"\(stride export --format json\)",
    ),
    "a-list": (b"[1, 2, 3]", r"is not a Stride export: it holds a JSON list"),
    "wrong-format-marker": (
        with_changes(format="fitbit-export"),
        r"is not a Stride export: it has 'fitbit-export' as its \"format\"",
    ),
    "no-format-marker": (
        json.dumps({"sessions": []}).encode(),
        r"is not a Stride export: it has no \"format\"",
    ),
    "sessions-not-a-list": (with_changes(sessions={"a": 1}), r'"sessions" as a JSON object'),
    "profile-not-an-object": (with_changes(profile=[1]), r'"profile" that is a JSON list'),
    "newer-schema": (
        with_changes(schema_version=SCHEMA_VERSION + 1),
        r"was made by a newer Stride .* Update Stride to import it",
    ),
    "unknown-schema": (with_changes(schema_version="one"), r"unknown schema_version 'one'"),
    "bad-session-in-the-middle": (
        with_bad_third_session(),
        r"sessions\[2\] \(id '[0-9a-f]{32}'\): session\.pain_before must be a whole number",
    ),
    "stride-data-file": (
        json.dumps({"meta": {}, "sessions": {}, "profile": {}}).encode(),
        r"looks like Stride's own data file, not an export",
    ),
}


@pytest.mark.parametrize("content, expected", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_import_file_is_refused_with_a_clear_message_and_the_store_is_unchanged(
    data_dir: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    bad = tmp_path / "import-me.json"
    bad.write_bytes(content)
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(100))
        before = store.db_path.read_bytes()
        with pytest.raises(StoreError, match=expected) as err:
            store.import_file(bad)
        message = str(err.value)
        assert message.startswith(str(bad))
        assert message.endswith("Nothing was imported.")
        assert "\n" not in message
        assert store.db_path.read_bytes() == before
        assert store.session_count() == 1
        assert store.load_profile() is None


def test_importing_a_file_that_does_not_exist_says_so(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store, pytest.raises(StoreError, match="does not exist"):
        store.import_file(tmp_path / "nowhere.json")


def test_an_export_that_repeats_a_session_adds_it_once(data_dir: Path, tmp_path: Path) -> None:
    doc = good_export()
    doc["sessions"].append(doc["sessions"][0])
    (tmp_path / "export.json").write_text(json.dumps(doc))
    with Store.open(data_dir) as store:
        result = store.import_file(tmp_path / "export.json")
        assert (result.added, result.skipped) == (5, 1)


def test_an_export_into_a_device_or_pipe_is_refused(data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with Store.open(data_dir) as store:
        store.add_session(daily_walk(0))
        for target in (Path("/dev/null"), fifo):
            with pytest.raises(StoreError, match="not a regular file"):
                store.write_export(target, "csv", replace=True)
    assert Path("/dev/null").is_char_device()


def test_an_export_never_writes_through_a_symlink(data_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    with Store.open(data_dir) as store:
        for replace in (False, True):
            with pytest.raises(StoreError, match="symbolic link"):
                store.write_export(link, "json", replace=replace)
    assert link.is_symlink()
    assert real.read_text() == "old"


def test_an_export_replaces_a_file_only_when_asked(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "walks.json"
    target.write_text("old")
    with Store.open(data_dir) as store:
        with pytest.raises(StoreError, match="already exists; add --force"):
            store.write_export(target, "json")
        assert target.read_text() == "old"
        store.write_export(target, "json", replace=True)
    assert json.loads(target.read_text())["format"] == "stride-export"


def test_an_export_into_a_missing_folder_names_it(data_dir: Path, tmp_path: Path) -> None:
    with Store.open(data_dir) as store, pytest.raises(StoreUnwritable) as err:
        store.write_export(tmp_path / "no-such-folder" / "walks.json", "json")
    assert str(tmp_path / "no-such-folder" / "walks.json") in str(err.value)
