"""Nothing a file can hold breaks Stride (issue #16), through the real ``stride`` command.

Every refusal is a one-line message and exit status 2 with the data folder byte-identical;
every damaged file is kept aside (mode 0600, bytes unchanged) and Stride starts afresh.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.resilience.doors import (
    GOOD_PROFILE,
    GOOD_SESSION,
    database,
    deep_nesting,
    export_doc,
    huge_integer,
    huge_key,
    run,
    seeded,
    snapshot,
    with_session,
    write_json,
)
from tests.resilience.terminal import STRIDE

# --- import: one schema at the door -----------------------------------------------------------

BAD_SESSIONS: list[tuple[str, dict[str, Any], str]] = [
    ("naive start", with_session(started_at="2026-03-02T08:00:00"), "UTC offset"),
    ("bare-date start", with_session(started_at="2026-03-02"), "UTC offset"),
    ("naive end", with_session(ended_at="2026-03-02T08:40:00"), "session.ended_at"),
    ("huge walked seconds", with_session(walked_seconds=1e308), "session.walked_seconds"),
    ("empty id", with_session(id=""), "session.id"),
    ("id with NUL", with_session(id="ab\x00cd"), "session.id"),
    ("id with newline", with_session(id="ab\ncd"), "session.id"),
    ("id with ANSI escape", with_session(id="\x1b[31mred"), "session.id"),
    ("id of 1 MB", with_session(id="a" * 1_000_000), "session.id"),
    ("negative target", with_session(target_minutes=-1), "session.target_minutes"),
    ("week 0", with_session(week=0), "session.week"),
    ("week -1", with_session(week=-1), "session.week"),
    ("end before start", with_session(ended_at="2026-03-02T07:00:00+01:00"), "before its start"),
    ("in-progress", with_session(status="in-progress"), "in-progress"),
    ("unknown red flag", with_session(red_flags=["dizzy"]), "session.red_flags"),
    ("day 0001-01-01", with_session(day="0001-01-01"), "session.day"),
    ("day 9999-12-31", with_session(day="9999-12-31"), "session.day"),
    ("start in year 1", with_session(started_at="0001-01-01T00:00:00+00:00",
                                     ended_at=None), "session.started_at"),
    ("pain 11", with_session(pain_after=11), "session.pain_after"),
    ("cue at 1e300", with_session(cues=[{"kind": "posture", "due": 1e300, "fired": 1.0}]),
     "cue.due"),
    ("note with escape", with_session(note="\x1b]0;owned\x07"), "session.note"),
]


@pytest.mark.parametrize(("session", "named"), [(s, n) for _, s, n in BAD_SESSIONS],
                         ids=[case for case, _, _ in BAD_SESSIONS])
def test_an_import_outside_the_schema_is_refused_and_changes_nothing(
    data_dir: Path, tmp_path: Path, session: dict[str, Any], named: str
) -> None:
    before = seeded(data_dir)
    done = run(data_dir, "import", str(write_json(tmp_path / "in.json", export_doc(session))))
    assert done.returncode == 2, done.stderr
    assert named in done.stderr and "Nothing was imported" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and len(done.stderr) < 600, done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "1999-12-31"])
def test_an_import_with_a_profile_start_out_of_range_is_refused(
    data_dir: Path, tmp_path: Path, start: str
) -> None:
    doc = export_doc(profile={**GOOD_PROFILE, "start_date": start})
    done = run(data_dir, "import", str(write_json(tmp_path / "in.json", doc)))
    assert done.returncode == 2
    assert "profile.start_date must be from 2000-01-01 to 2100-12-31" in done.stderr
    assert not data_dir.exists()  # refused before the folder was even made


UNREADABLE = {
    "deep nesting": deep_nesting(),
    "5,000-digit integer": huge_integer(),
    "5,000-digit key": huge_key(),
    "not text": b"\xff\xfe\x00{",
    "5,000-digit value in an export": (
        b'{"format": "stride-export", "schema_version": ' + b"7" * 5000 + b"}"
    ),
}


@pytest.mark.parametrize("raw", list(UNREADABLE.values()), ids=list(UNREADABLE))
def test_an_unreadable_import_file_exits_2_with_one_line(
    data_dir: Path, tmp_path: Path, raw: bytes
) -> None:
    before = seeded(data_dir)
    path = tmp_path / "in.json"
    path.write_bytes(raw)
    done = run(data_dir, "import", str(path))
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"stride: {path}")
    assert snapshot(data_dir) == before


def test_an_import_with_a_byte_order_mark_is_taken(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(export_doc(GOOD_SESSION)).encode())
    done = run(data_dir, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported 1 session" in done.stdout


# --- the data file and the checkpoint: kept aside, whatever they hold ------------------------

DAMAGED = {
    **{k: v for k, v in UNREADABLE.items() if "export" not in k},
    "naive start": database(with_session(started_at="2026-03-02T08:00:00")),
    "in-progress session": database(with_session(status="in-progress")),
    "walked 1e308": database(with_session(walked_seconds=1e308)),
    "profile from year 1": database(profile={**GOOD_PROFILE, "start_date": "0001-01-01"}),
}


@pytest.mark.parametrize("raw", list(DAMAGED.values()), ids=list(DAMAGED))
def test_a_data_file_stride_cannot_read_is_kept_aside_private_and_stride_starts_afresh(
    data_dir: Path, raw: bytes
) -> None:
    data_dir.mkdir(mode=0o700)
    damaged = data_dir / "stride.json"
    damaged.write_bytes(raw)
    damaged.chmod(0o644)

    # A read-only command says so and moves nothing.
    done = run(data_dir, "plan", "--json")
    assert done.returncode == 2, done.stderr
    assert "open Stride normally to keep it aside" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert damaged.read_bytes() == raw

    # A writing one keeps it aside and starts afresh.
    done = run(data_dir, "log", "--minutes", "10")
    assert done.returncode == 0, done.stderr
    assert "could not be read" in done.stderr and "kept as" in done.stderr
    (kept,) = data_dir.glob("stride.json.corrupt-*")
    assert kept.read_bytes() == raw
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    for command in (["plan", "--json"], ["progress", "--json"], ["history", "--json"]):
        done = run(data_dir, *command)
        assert done.returncode == 0, (command, done.stderr)
    assert len(json.loads(run(data_dir, "history", "--json").stdout)) == 1


def test_a_data_file_with_a_byte_order_mark_is_read_as_import_reads_it(data_dir: Path) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "stride.json").write_bytes(b"\xef\xbb\xbf" + database(GOOD_SESSION))
    done = run(data_dir, "history", "--json")
    assert done.returncode == 0, done.stderr
    assert [s["id"] for s in json.loads(done.stdout)] == [GOOD_SESSION["id"]]
    done = run(data_dir, "log", "--minutes", "10")
    assert done.returncode == 0 and "could not be read" not in done.stderr, done.stderr
    assert len(json.loads(run(data_dir, "history", "--json").stdout)) == 2
    assert not list(data_dir.glob("*.corrupt-*"))


# --- the lock holds on an open descriptor ---------------------------------------------------


def test_deleting_the_lock_file_does_not_let_a_second_stride_in(data_dir: Path) -> None:
    before = seeded(data_dir)
    # A Stride holding the folder (the app's own lock, in a plain child process).
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from stride_tui.store import Store\n"
         "s = Store.open(__import__('pathlib').Path(sys.argv[1]))\n"
         "print('held', flush=True); time.sleep(60)", str(data_dir)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        (data_dir / "stride.lock").unlink()
        done = run(data_dir, "log", "--minutes", "10")
        assert done.returncode == 2
        assert "Stride is already running" in done.stderr and "nothing was written" in done.stderr
        after = snapshot(data_dir)
        after.pop("stride.lock", None)
        before.pop("stride.lock", None)
        assert after == before
    finally:
        holder.kill()
        holder.wait(5)
    done = run(data_dir, "log", "--minutes", "10")
    assert done.returncode == 0, done.stderr


# --- stdin, export, permissions, the data folder ----------------------------------------------


def test_the_app_with_stdin_not_a_terminal_exits_2_at_once(data_dir: Path) -> None:
    started = time.monotonic()
    done = run(data_dir, stdin=subprocess.DEVNULL, timeout=20)
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and len(done.stderr.splitlines()) == 1
    assert time.monotonic() - started < 15
    assert not data_dir.exists()
    # Commands that need no terminal still work.
    assert run(data_dir, "plan", stdin=subprocess.DEVNULL).returncode == 0


def test_export_never_overwrites_without_force(data_dir: Path, tmp_path: Path) -> None:
    seeded(data_dir)
    target = tmp_path / "walks.json"
    target.write_text("mine")
    done = run(data_dir, "export", "-o", str(target))
    assert done.returncode == 2
    assert "already exists; add --force" in done.stderr
    assert target.read_text() == "mine"
    done = run(data_dir, "export", "-o", str(target), "--force")
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text())["format"] == "stride-export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_never_follows_a_symlink_or_writes_into_a_pipe_or_device(
    data_dir: Path, tmp_path: Path
) -> None:
    seeded(data_dir)
    real = tmp_path / "real.txt"
    real.write_text("keep me")
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, says in ((link, "symbolic link"), (dangling, "symbolic link"),
                         (fifo, "not a regular file"), (Path("/dev/null"), "not a regular file")):
        for force in ((), ("--force",)):
            done = run(data_dir, "export", "-o", str(target), *force, timeout=10)
            assert done.returncode == 2, (target, done.stderr)
            assert says in done.stderr and "Nothing was written" in done.stderr
    assert real.read_text() == "keep me" and stat.S_IMODE(real.stat().st_mode) == 0o644
    assert not (tmp_path / "nowhere").exists()


def test_folders_stride_makes_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data_dir = tmp_path / "a" / "b" / "stride"
    done = subprocess.run(
        ["sh", "-c", 'umask 000 && exec "$@"', "sh",
         *STRIDE, "--data-dir", str(data_dir), "log", "--minutes", "5"],
        capture_output=True, text=True, timeout=30, check=False,
        env={**os.environ, "STRIDE_TODAY": "2026-03-04"},
    )
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for found in data_dir.rglob("*"):
        mode = 0o700 if found.is_dir() else 0o600
        assert stat.S_IMODE(found.stat().st_mode) == mode, found


def test_an_existing_open_data_folder_is_made_private(data_dir: Path) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o755)
    done = run(data_dir, "log", "--minutes", "5")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_a_dangling_data_dir_symlink_is_called_what_it_is(tmp_path: Path) -> None:
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "unmounted" / "stride")
    for command in (["log", "--minutes", "5"], ["plan"]):
        done = run(link, *command)
        assert done.returncode == 2
        assert "symbolic link to nothing" in done.stderr, done.stderr
        assert "is a file" not in done.stderr
    assert not (tmp_path / "unmounted").exists()


def test_a_save_never_overwrites_a_data_file_changed_behind_its_back(data_dir: Path) -> None:
    seeded(data_dir)
    # A Stride with the folder open that saves a walk when told to (as the app does at the end).
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path\n"
         "from stride_tui.store import Store, StoreError\n"
         "from tests.resilience.doors import GOOD_SESSION\n"
         "from stride_tui.core.records import SessionRecord\n"
         "s = Store.open(Path(sys.argv[1]))\n"
         "print('open', flush=True); sys.stdin.readline()\n"
         "try:\n    s.add_session(SessionRecord.from_dict(GOOD_SESSION)); print('saved')\n"
         "except StoreError as e:\n    print(e)\n", str(data_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    # Another program (a sync tool, an editor) rewrites the data files meanwhile.
    theirs = {}
    for path in data_dir.rglob("*.json"):
        theirs[path] = path.read_bytes() + b" "
        path.write_bytes(theirs[path])
    said, _ = holder.communicate("go\n", timeout=30)
    assert "was changed by another program" in said and "nothing was overwritten" in said
    assert theirs
    assert {p: p.read_bytes() for p in theirs} == theirs


@pytest.mark.parametrize("args", [
    ["profile", "--start-date", "0001-01-01"],
    ["profile", "--start-date", "9999-12-31"],
    ["profile", "--surgery-date", "1800-01-01"],
    ["log", "--minutes", "10", "--date", "1999-12-31"],
], ids=["start year 1", "start 9999", "surgery 1800", "log 1999"])
def test_dates_out_of_range_on_the_command_line_are_refused(
    data_dir: Path, args: list[str]
) -> None:
    before = seeded(data_dir)
    done = run(data_dir, *args)
    assert done.returncode == 2
    assert "must be from" in done.stderr and len(done.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_a_shared_folder_used_as_data_dir_is_left_alone_with_a_warning(tmp_path: Path) -> None:
    shared = tmp_path / "Documents"
    shared.mkdir()
    (shared / "letter.txt").write_text("not Stride's")
    shared.chmod(0o755)
    done = run(shared, "log", "--minutes", "5")
    assert done.returncode == 0, done.stderr
    assert "is open to other users" in done.stderr and "chmod 700" in done.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
