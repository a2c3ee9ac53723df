"""A second Stride is refused by the data-folder lock (read-only commands still work), and a
damaged data file is never overwritten: read-only commands refuse it, a writing one keeps it
aside and starts afresh."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from stride_tui.core.records import Profile
from stride_tui.store import Store

from .helpers import assert_usage_error, listing, run, seed, walk

TODAY = "2026-03-06"


@pytest.fixture
def held(data_dir: Path, tmp_path: Path) -> Iterator[Path]:
    """A data folder with a profile and a walk, held open for writing by this process."""
    seed(data_dir, Profile(start_date=date(2026, 3, 2)), [walk(date(2026, 3, 3), 10, 3, 2)])
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "stride-export", "schema_version": 1,
                                  "profile": None, "sessions": []}))
    with Store.open(data_dir):
        yield data_dir


@pytest.mark.parametrize("args", [
    ("log", "--minutes", "10"),
    ("profile", "--start-date", "2026-03-01"),
    ("import", "{tmp}/export.json"),
], ids=["log", "profile", "import"])
def test_a_second_stride_that_would_write_is_refused_naming_the_holder(
    held: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    before = listing(held)
    result = run(*(a.format(tmp=tmp_path) for a in args), today=TODAY)
    assert result.returncode != 0
    line = assert_usage_error(result, "already running", "nothing was written")
    assert f"pid {os.getpid()}" in line
    assert listing(held) == before


def test_read_only_commands_still_work_while_the_data_is_locked(held: Path,
                                                                tmp_path: Path) -> None:
    sessions = json.loads(run("history", "--json", today=TODAY).stdout)
    assert [s["day"] for s in sessions] == ["2026-03-03"]

    plan = run("plan", "--json", today=TODAY)
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["profile"]["start_date"] == "2026-03-02"

    progress = run("progress", "--json", "--week", "2026-W10", today=TODAY)
    assert progress.returncode == 0, progress.stderr
    assert json.loads(progress.stdout)["days_walked"] == 1

    exported = run("export", "--format", "json", today=TODAY)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["sessions"]) == 1

    out = tmp_path / "while-locked.json"
    to_file = run("export", "-o", str(out), today=TODAY)
    assert to_file.returncode == 0, to_file.stderr
    assert len(json.loads(out.read_text())["sessions"]) == 1


def test_once_the_first_stride_lets_go_a_log_goes_through(data_dir: Path) -> None:
    seed(data_dir, Profile(start_date=date(2026, 3, 2)))
    with Store.open(data_dir):
        assert run("log", "--minutes", "10", today=TODAY).returncode == 2
    assert run("log", "--minutes", "10", today=TODAY).returncode == 0
    assert len(json.loads(run("history", "--json").stdout)) == 1


# --- a damaged data file ------------------------------------------------------------------------

DAMAGE = {
    "cut-short": b'{"meta": {"1": {"schema_version": 1}}, "sessions": {"1": {"id": ',
    "not-text": b"\x00\xff\xfe garbage \x80",
    "wrong-shape": b'{"meta": {"1": {"schema_version": 1}}, "sessions": []}',
}


@pytest.fixture(params=list(DAMAGE))
def damaged(request: pytest.FixtureRequest, data_dir: Path) -> bytes:
    data_dir.mkdir(mode=0o700)
    content = DAMAGE[request.param]
    (data_dir / "stride.json").write_bytes(content)
    (data_dir / "stride.json").chmod(0o600)
    return content


@pytest.mark.parametrize("command", ["history", "plan", "progress", "export"])
def test_a_read_only_command_refuses_a_damaged_file_and_leaves_it_alone(
    damaged: bytes, data_dir: Path, command: str
) -> None:
    before = listing(data_dir)
    result = run(command, today=TODAY)
    assert_usage_error(result, str(data_dir / "stride.json"), "cannot be read")
    assert listing(data_dir) == before


def test_a_writing_command_keeps_a_damaged_file_aside_and_starts_afresh(
    damaged: bytes, data_dir: Path
) -> None:
    result = run("log", "--minutes", "10", today=TODAY)
    assert result.returncode == 0, result.stderr
    kept = [p for p in data_dir.iterdir() if p.name.startswith("stride.json.corrupt-")]
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged
    sessions = json.loads(run("history", "--json", today=TODAY).stdout)
    assert [s["day"] for s in sessions] == [TODAY]
    assert (data_dir / "stride.json").stat().st_mode & 0o777 == 0o600


def test_a_writing_command_says_where_the_damaged_file_was_kept(
    damaged: bytes, data_dir: Path
) -> None:
    result = run("log", "--minutes", "10", today=TODAY)
    assert result.returncode == 0, result.stderr
    (kept,) = (p for p in data_dir.iterdir() if p.name.startswith("stride.json.corrupt-"))
    assert str(kept) in result.stdout + result.stderr
