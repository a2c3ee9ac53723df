"""Stride's data folder under stress, in a real terminal: a damaged file, a second Stride on the
same folder, and a disk that fills up or turns read-only while a walk runs."""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from stride_tui.core.records import SessionRecord, SessionStatus, new_session_id
from stride_tui.store import Store
from tests.conftest import need
from tests.resilience.terminal import (
    QUIET,
    Terminal,
    answer_pain_after,
    check_in,
    end_walk_early,
    finish_after_walk,
    flat,
    history,
    make_profile,
    offered_back,
    says,
    skip_warm_up,
    wait_until,
    wait_walked,
)

# A file cut short in the middle of a profile, with a stray byte that is not UTF-8.
GARBAGE = b'{"meta":{"1":{"schema_version":1}},"profile":{"1":{"start_date":"2026-0\xff\x00'


def _unfinished_walk(walked: float) -> SessionRecord:
    now = datetime.now().astimezone()
    return SessionRecord(
        id=new_session_id(), day=now.date(), started_at=now, status=SessionStatus.IN_PROGRESS,
        target_minutes=10, week=1, walked_seconds=walked, pain_before=2,
    )


def test_a_damaged_data_file_is_kept_aside_byte_for_byte_and_stride_starts_afresh(
    term: Terminal, data_dir: Path
) -> None:
    # A walk in progress was checkpointed (its own file), then the data file got damaged.
    with Store.open(data_dir) as store:
        store.write_checkpoint(_unfinished_walk(123.0))
    (data_dir / "stride.json").write_bytes(GARBAGE)

    term.start(*QUIET)
    term.wait_for("Welcome to Stride", timeout=15)  # a first run: the profile is asked again
    (kept,) = data_dir.glob("stride.json.corrupt-*")
    assert kept.read_bytes() == GARBAGE
    term.keys("C-s")  # keep the suggested profile (starts today)
    screen = term.wait_for(lambda s: offered_back(s) is not None, timeout=10)
    assert offered_back(screen) == 123  # the checkpoint, kept apart from the data, survived

    term.keys("k")
    term.wait_for("Saved the unfinished walk")
    assert [s["status"] for s in history(data_dir)] == ["recovered"]
    assert kept.read_bytes() == GARBAGE  # never overwritten by the fresh start
    assert sorted(p.name for p in data_dir.glob("stride.json*")) == ["stride.json", kept.name]
    assert term.status() == (False, None)


def _wait_for_the_lock_to_be_free(data_dir: Path, timeout: float = 10.0) -> None:
    """The closed Stride saves and exits (within a second or so): wait until it has."""
    import fcntl

    deadline = time.monotonic() + timeout
    with open(data_dir / "stride.lock", "a") as lock:
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                assert time.monotonic() < deadline, "the closed Stride never let go of its data"
                time.sleep(0.05)
            else:
                fcntl.flock(lock, fcntl.LOCK_UN)
                return


def test_a_damaged_data_file_is_explained_on_the_first_screen(
    terminal: Callable[..., Terminal], data_dir: Path
) -> None:
    for _ in range(2):
        data_dir.mkdir(mode=0o700, exist_ok=True)
        (data_dir / "stride.json").write_bytes(GARBAGE)
        term = terminal()
        term.start(*QUIET)
        screen = term.wait_for(
            lambda s: says(s, "Your data file could not be read") and says(s, "Welcome to Stride"),
            timeout=15,
        )
        assert says(screen, "it was kept as"), screen
        assert says(screen, "and Stride started a fresh one"), screen
        term.close()
        _wait_for_the_lock_to_be_free(data_dir)
        for extra in data_dir.glob("stride.json*"):
            extra.unlink()


def test_the_damaged_file_message_is_shown_once_not_on_every_return_home(
    term: Terminal, data_dir: Path
) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / "stride.json").write_bytes(GARBAGE)
    term.start(*QUIET)
    term.wait_for("Welcome to Stride", timeout=15)
    term.keys("C-s")  # save the first-run profile: Home
    term.wait_for("Press Enter to check in", timeout=10)
    term.keys("h")  # History, and back
    term.wait_for(lambda s: "Press Enter to check in" not in s, timeout=5)
    term.keys("Escape")
    term.wait_for("Press Enter to check in", timeout=10)
    # Once the next screen is up, the app has handled all that the return queued (a toast
    # from the return, if any, is up: toasts follow the screen).
    term.keys("p")
    screen = term.wait_for(lambda s: "Press Enter to check in" not in s, timeout=5)
    assert flat(screen).count("could not be read") <= 1, screen


def test_a_second_stride_on_the_same_data_names_the_first_and_leaves_its_walk_alone(
    terminal: Callable[..., Terminal], data_dir: Path
) -> None:
    make_profile(data_dir)
    first, second = terminal(), terminal()
    first.start("walk", *QUIET, "--minutes", "1", "--time-scale", "30")
    first.wait_for("Before you walk", timeout=15)
    data_before = (data_dir / "stride.json").read_bytes()
    lock_before = (data_dir / "stride.lock").read_bytes()

    second.start(*QUIET)
    status = second.wait_exit(timeout=15)
    text = flat(second.scrollback())  # printed on the way out, below the restored screen
    assert status is not None and status > 0, (status, text)
    assert "Stride is already running" in text, text
    assert f"pid {first.pid()}" in text, text
    assert "Traceback" not in text
    assert (data_dir / "stride.json").read_bytes() == data_before
    assert (data_dir / "stride.lock").read_bytes() == lock_before

    # The first one never noticed: its walk goes on and is saved.
    check_in(first)
    skip_warm_up(first)
    finish_after_walk(first)
    (walk,) = history(data_dir)
    assert walk["status"] == "completed"
    assert walk["walked_seconds"] == 60.0


# --- a disk that fills up or turns read-only ----------------------------------------------


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.fixture
def small_disk(data_dir: Path) -> Iterator[Path]:
    """The data folder on its own small tmpfs (root only), unmounted afterwards."""
    need(os.geteuid() == 0 and shutil.which("mount") is not None,
         "mounting a small filesystem needs root and mount(8)")
    data_dir.mkdir(mode=0o700)
    done = _run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(data_dir))
    need(done.returncode == 0, f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield data_dir
    finally:
        for _ in range(3):  # a read-only bind may still lie over the tmpfs
            if _run("umount", str(data_dir)).returncode != 0:
                _run("umount", "-l", str(data_dir))
            if not os.path.ismount(data_dir):
                break


def _break(how: str, directory: Path) -> None:
    """Fill the disk, or make it read-only under the running app (a read-only bind mount laid
    over it: remounting the tmpfs itself is refused while Stride holds its lock file open)."""
    if how == "full":
        with open(directory / "filler", "wb") as f:
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    else:
        done = _run("mount", "--bind", "-o", "ro", str(directory), str(directory))
        assert done.returncode == 0, done.stderr
    with pytest.raises(OSError):
        (directory / "probe").write_bytes(b"x" * 8192)


def _mend(how: str, directory: Path) -> None:
    if how == "full":
        (directory / "filler").unlink()
    else:
        done = _run("umount", str(directory))
        assert done.returncode == 0, done.stderr
    (directory / "probe").unlink(missing_ok=True)


REASONS = {"full": "the disk is full", "read-only": "the disk is read-only"}


def _walk_then_break(term: Terminal, disk: Path, how: str) -> int:
    """Start a 2-minute walk at 10×, break the disk 20 walk seconds in, end the walk early and
    answer the after-walk question; the walked seconds on the after screen."""
    term.start("walk", *QUIET, "--minutes", "2", "--time-scale", "10")
    check_in(term)
    skip_warm_up(term)
    wait_walked(term, 20, timeout=10)
    _break(how, disk)
    end_walk_early(term)
    screen = term.wait_for("Walk ended early")
    match = re.search(r"Walk ended early\.\s+(\d+):(\d\d) walked", screen)
    assert match, screen
    answer_pain_after(term)
    screen = term.wait_for(lambda s: "Session summary" in s or "move 1 of" in s)
    if "Session summary" not in screen:
        term.keys("S", pause=0)  # strength moves today: skip them
    return int(match[1]) * 60 + int(match[2])


@pytest.mark.parametrize("how", ["full", "read-only"])
def test_a_disk_that_fails_when_the_walk_is_saved_says_why_and_keeps_the_walk_on_screen(
    term: Terminal, small_disk: Path, how: str
) -> None:
    make_profile(small_disk)
    data_before = (small_disk / "stride.json").read_bytes()
    try:
        walked = _walk_then_break(term, small_disk, how)
        # The summary says it was not saved, and why in plain words (a toast says so too).
        screen = term.wait_for(
            lambda s: "Not saved:" in s and says(s, REASONS[how]), timeout=10
        )
        # The walk is not lost from the app: the summary still shows it, and the app goes on.
        assert f"Walked      {walked // 60}:{walked % 60:02d}" in screen, screen
        assert term.status() == (False, None)
        assert (small_disk / "stride.json").read_bytes() == data_before
    finally:
        _mend(how, small_disk)
    assert (small_disk / "stride.json").read_bytes() == data_before
    assert history(small_disk) == []


def test_a_walk_that_could_not_be_saved_is_not_lost_once_the_disk_has_room(
    term: Terminal, small_disk: Path
) -> None:
    make_profile(small_disk)
    walked = _walk_then_break(term, small_disk, "full")
    term.wait_for("Not saved:", timeout=10)
    _mend("full", small_disk)
    term.keys("Enter", pause=0)  # back Home
    term.wait_for("Press Enter to check in", timeout=10)

    def kept() -> bool:
        saved = [s["walked_seconds"] for s in history(small_disk)]
        offered = offered_back(term.screen())
        return any(w >= walked - 1 for w in saved) or (offered or 0) >= walked - 1

    wait_until(kept, 10, f"the {walked} s walk saved, or offered back with its time")


def test_a_disk_that_fills_during_a_walk_is_reported_while_walking(
    term: Terminal, small_disk: Path
) -> None:
    make_profile(small_disk)
    term.start("walk", *QUIET, "--minutes", "2", "--time-scale", "2")
    check_in(term)
    skip_warm_up(term)
    _break("full", small_disk)
    try:
        # The next checkpoint (5 s later) cannot be written: say so, as a crash would now lose
        # the walk, and carry on walking.
        screen = term.wait_for(lambda s: says(s, REASONS["full"]), timeout=8)
        assert "checkpoint" in flat(screen)
        assert term.status() == (False, None)
    finally:
        _mend("full", small_disk)
    # Room again: the next checkpoint is written, and Stride says that too.
    term.wait_for(lambda s: says(s, "being checkpointed again"), timeout=12)
    assert term.status() == (False, None)
