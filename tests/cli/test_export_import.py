"""`stride export` and `stride import`: private files, the document's shape, CSV, round trips,
importing twice, and bad import files refused with the data file untouched."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import (
    SCHEMA_VERSION,
    Condition,
    CueEvent,
    PainCheck,
    Profile,
    SessionRecord,
    SessionStatus,
    StepRecord,
    StepStatus,
    Surface,
)
from stride_tui.store.exchange import CSV_COLUMNS

from .helpers import Result, assert_usage_error, listing, run, seed, walk

PROFILE = Profile(start_date=date(2026, 3, 2), surface=Surface.OUTDOOR,
                  conditions=[Condition.SPONDYLOLISTHESIS])


def sessions() -> list[SessionRecord]:
    """Oldest first: a plain walk, a full session with cues and checks, a red-flag stop."""
    full = walk(date(2026, 3, 4), 20, 4, 3, week=1, strength=True)._replace(
        pain_checks=[PainCheck(at=600.0, score=3, outcome="on-track")],
        cues=[CueEvent("shoulders", 300.0, 300.02), CueEvent("halfway", 600.0, 600.01)],
        warm_up=[StepRecord("march", StepStatus.DONE, 30.0),
                 StepRecord("cat-camel", StepStatus.SKIPPED, 0.0)],
        note="felt good",
    )
    stop = walk(date(2026, 3, 5), 0, 2, week=1, status=SessionStatus.RED_FLAG)._replace(
        red_flags=["fever"], ended_at=None)
    return [walk(date(2026, 3, 3), 10, week=1), full, stop]


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    seed(data_dir, PROFILE, sessions())
    return data_dir


def ok(result: Result) -> Result:
    assert result.returncode == 0, result.stderr
    return result


def history(data_dir: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(run("history", "--json",
                                                   data_dir=data_dir)).stdout)
    return data


def test_export_json_to_a_file_is_private_and_holds_profile_and_sessions(
    seeded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    out.write_text("an older file\n")
    out.chmod(0o644)
    before = listing(seeded)

    result = ok(run("export", "--format", "json", "-o", str(out), "--force"))
    assert result.stdout == ""
    assert result.stderr == f"Exported 3 sessions to {out}.\n"
    assert out.stat().st_mode & 0o777 == 0o600
    doc = json.loads(out.read_text())
    assert set(doc) == {"format", "schema_version", "exported_at", "profile", "sessions"}
    assert doc["format"] == "stride-export"
    assert doc["schema_version"] == SCHEMA_VERSION
    assert datetime.fromisoformat(doc["exported_at"]).utcoffset() is not None
    assert doc["profile"] == PROFILE.to_dict()
    assert doc["sessions"] == [s.to_dict() for s in sessions()]
    assert listing(seeded) == before  # exporting reads only


def test_export_json_to_stdout_is_the_same_document(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    ok(run("export", "-o", str(out)))
    printed = json.loads(ok(run("export", "--format", "json")).stdout)
    written = json.loads(out.read_text())
    printed.pop("exported_at")
    written.pop("exported_at")
    assert printed == written


def test_export_csv_to_stdout_has_a_header_and_one_row_per_session(seeded: Path) -> None:
    result = ok(run("export", "--format", "csv"))
    assert result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert [r["day"] for r in rows] == ["2026-03-03", "2026-03-04", "2026-03-05"]
    plain, full, stop = rows
    assert plain["walked_minutes"] == "10.00"
    assert (plain["pain_before"], plain["pain_after"], plain["cues"]) == ("", "", "0")
    assert full["status"] == "completed" and full["surface"] == "treadmill"
    assert (full["pain_before"], full["pain_after"]) == ("4", "3")
    assert full["pain_checks"] == "10:00=3"
    assert full["cues"] == "2"
    assert (full["warm_up_done"], full["strength_done"]) == ("1", "1")
    assert full["note"] == "felt good"
    assert (stop["status"], stop["red_flags"], stop["walked_minutes"]) == (
        "red-flag", "fever", "0.00")
    assert stop["ended_at"] == ""


def test_export_csv_to_a_file_is_private(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "sessions.csv"
    ok(run("export", "--format", "csv", "-o", str(out)))
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text() == ok(run("export", "--format", "csv")).stdout


def test_export_with_no_data_is_refused(data_dir: Path) -> None:
    assert_usage_error(run("export"), "no Stride data", str(data_dir))
    assert not data_dir.exists()


def test_export_to_a_folder_that_does_not_exist_is_refused(seeded: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "export.json"
    assert_usage_error(run("export", "-o", str(target)), str(target))
    assert not target.parent.exists()


def test_export_then_import_into_a_fresh_data_dir_gives_the_same_history(
    seeded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    ok(run("export", "-o", str(out)))
    fresh = tmp_path / "elsewhere"
    result = ok(run("import", str(out), data_dir=fresh))
    assert result.stdout == "Imported 3 sessions (0 already there).\n"
    assert history(fresh) == history(seeded)
    assert len(history(fresh)) == 3
    profile = json.loads(ok(run("profile", "--json", data_dir=fresh)).stdout)
    assert profile == PROFILE.to_dict()
    assert (fresh / "stride.json").stat().st_mode & 0o777 == 0o600
    assert fresh.stat().st_mode & 0o777 == 0o700


def test_importing_the_same_export_twice_adds_nothing(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    ok(run("export", "-o", str(out)))
    fresh = tmp_path / "elsewhere"
    ok(run("import", str(out), data_dir=fresh))
    first = (fresh / "stride.json").read_bytes()

    again = ok(run("import", str(out), data_dir=fresh))
    assert again.stdout == "Imported 0 sessions (3 already there).\n"
    assert (fresh / "stride.json").read_bytes() == first
    assert history(fresh) == history(seeded)


def test_importing_an_export_into_its_own_data_adds_nothing(seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    ok(run("export", "-o", str(out)))
    before = (seeded / "stride.json").read_bytes()
    assert ok(run("import", str(out))).stdout == "Imported 0 sessions (3 already there).\n"
    assert (seeded / "stride.json").read_bytes() == before


def _export_doc() -> dict[str, Any]:
    return {"format": "stride-export", "schema_version": SCHEMA_VERSION,
            "exported_at": "2026-03-06T10:00:00+00:00", "profile": PROFILE.to_dict(),
            "sessions": [s.to_dict() for s in sessions()]}


def _bad_session() -> bytes:
    doc = _export_doc()
    doc["sessions"][1]["pain_after"] = 11
    return json.dumps(doc).encode()


def _sessions_not_a_list() -> bytes:
    doc = _export_doc()
    doc["sessions"] = {"1": doc["sessions"][0]}
    return json.dumps(doc).encode()


BAD_FILES: dict[str, tuple[bytes | str, tuple[str, ...]]] = {
    # name: (contents, or "csv"/"cut"/"data-file" to make it from the seeded data; fragments)
    "not-json": (b"{this is not json}\n", ("is not valid JSON",)),
    "cut-short": ("cut", ("cut short",)),
    "csv-export": ("csv", ("CSV", "stride export --format json")),
    "json-list": (b"[]\n", ("JSON list", '"format": "stride-export"')),
    "no-format": (b'{"sessions": []}\n', ('has no "format"', "stride-export")),
    "sessions-not-a-list": (_sessions_not_a_list(), ('"sessions"', "not a list")),
    "bad-session": (_bad_session(), ("sessions[1]", "pain_after", "0 to 10")),
    "stride-data-file": ("data-file", ("Stride's own data file", "stride export")),
    "binary": (bytes(range(256)), ("not a text file",)),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_import_file_is_refused_and_the_data_file_is_untouched(
    kind: str, seeded: Path, tmp_path: Path
) -> None:
    contents, says = BAD_FILES[kind]
    path = tmp_path / f"{kind}.import"
    if contents == "csv":
        ok(run("export", "--format", "csv", "-o", str(path)))
    elif contents == "cut":
        ok(run("export", "-o", str(path)))
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif contents == "data-file":
        path.write_bytes((seeded / "stride.json").read_bytes())
    else:
        assert isinstance(contents, bytes)
        path.write_bytes(contents)
    before = listing(seeded)

    result = run("import", str(path))
    assert_usage_error(result, str(path), "Nothing was imported", *says)
    assert listing(seeded) == before


def test_importing_a_file_that_does_not_exist_is_refused(seeded: Path, tmp_path: Path) -> None:
    before = listing(seeded)
    missing = tmp_path / "missing.json"
    assert_usage_error(run("import", str(missing)), str(missing), "no such file")
    assert listing(seeded) == before


def test_a_bad_import_into_a_fresh_data_dir_creates_nothing(data_dir: Path,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[]\n")
    assert_usage_error(run("import", str(path)), str(path))
    assert not data_dir.exists()
