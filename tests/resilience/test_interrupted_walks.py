"""A walk survives Stride being killed, hung up on, terminated or frozen, in a real terminal.

Each test runs the installed ``stride`` in tmux, walks a real (sometimes sped-up) walk, does
something rude to the process, and then looks only at what a person would: the screen, the
offer on the next start, and ``stride history --json``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from tests.resilience.terminal import (
    QUIET,
    Terminal,
    check_in,
    checkpoint,
    clocks,
    end_walk_early,
    history,
    make_profile,
    offered_back,
    seconds_of,
    skip_warm_up,
    stride,
    wait_until,
    wait_walked,
    walked_on_screen,
)

# What the app promises (ui/session.py): a checkpoint every 5 s of real time while a walk runs.
CHECKPOINT_EVERY = 5.0


def _start_walk(term: Terminal, data_dir: Path, *args: str, shell: bool = False) -> None:
    make_profile(data_dir)
    term.start("walk", *QUIET, *args, shell=shell)
    check_in(term)
    skip_warm_up(term)


def _state(pid: int) -> str:
    """The process's state letter (R, S, T stopped, Z zombie), or "" once it is reaped."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return ""


def _gone(pid: int) -> bool:
    """The process has exited (a zombie waiting to be reaped counts as gone)."""
    return _state(pid) in ("", "Z")


def test_a_walk_killed_with_sigkill_is_offered_back_with_its_time(
    term: Terminal, data_dir: Path
) -> None:
    # Real time (scale 1), so "within 2 s" is 2 s of walking.
    _start_walk(term, data_dir, "--minutes", "1")
    # Wait for a checkpoint written by the clock (not the one at the walk's start), then kill
    # at once: the offer must carry the time that was on the screen.
    cp = wait_until(
        lambda: (c := checkpoint(data_dir)) and c["walked_seconds"] >= CHECKPOINT_EVERY - 1 and c,
        CHECKPOINT_EVERY + 5, "a checkpoint from the running walk",
    )
    on_screen = walked_on_screen(term.screen())
    os.kill(term.pid(), signal.SIGKILL)
    term.wait_exit()
    assert cp["status"] == "in-progress"

    term.start(*QUIET)
    screen = term.wait_for(lambda s: offered_back(s) is not None, timeout=15)
    offered = offered_back(screen)
    assert offered is not None
    assert abs(offered - on_screen) <= 2, (offered, on_screen, screen)

    term.keys("k")  # README: k/x (the offer shows K/X; both cases work, see test_terminal)
    term.wait_for("Saved the unfinished walk")
    term.wait_for(lambda s: offered_back(s) is None and "Press Enter to check in" in s)
    sessions = history(data_dir)
    assert [s["status"] for s in sessions] == ["recovered"]
    assert abs(sessions[0]["walked_seconds"] - on_screen) <= 2
    assert int(sessions[0]["walked_seconds"]) == offered
    assert not (data_dir / "checkpoint.json").exists()


def test_a_walk_killed_between_checkpoints_loses_at_most_one_checkpoint_interval(
    term: Terminal, data_dir: Path
) -> None:
    _start_walk(term, data_dir, "--minutes", "1")
    _, on_screen = wait_walked(term, 7, timeout=15)  # between the 5 s and the 10 s checkpoint
    os.kill(term.pid(), signal.SIGKILL)
    term.wait_exit()

    term.start(*QUIET)
    screen = term.wait_for(lambda s: offered_back(s) is not None, timeout=15)
    offered = offered_back(screen)
    assert offered is not None
    assert on_screen - CHECKPOINT_EVERY - 1 <= offered <= on_screen + 1, (offered, on_screen)

    # Discarding it is a choice too: nothing is saved and the offer does not come back.
    term.keys("x")
    term.wait_for("Discarded the unfinished walk")
    term.wait_for(lambda s: offered_back(s) is None and "Press Enter to check in" in s)
    assert history(data_dir) == []
    assert not (data_dir / "checkpoint.json").exists()


def _hang_up(term: Terminal, how: str) -> int:
    """Walk a minute's walk at 10× for a second or so, then hang up on Stride; its pid."""
    pid = term.pid()
    if how == "terminal closed":
        term.close()  # the pty goes away: the kernel hangs up on the app (SIGHUP, SIGCONT)
    else:
        os.kill(pid, getattr(signal, how))
    return pid


def _reap(pid: int) -> None:
    """Kill a Stride this test started if it is still there (a failed test must not leave it
    holding the data folder)."""
    if not _gone(pid):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "terminal closed"])
def test_a_walk_hung_up_on_or_terminated_is_saved_as_ended_early(
    term: Terminal, data_dir: Path, how: str
) -> None:
    _start_walk(term, data_dir, "--minutes", "1", "--time-scale", "10")
    _, on_screen = wait_walked(term, 8, timeout=10)
    pid = _hang_up(term, how)
    try:
        sessions = wait_until(lambda: history(data_dir), 15, "the walk in the history")
        assert [s["status"] for s in sessions] == ["ended-early"], sessions
        walked = sessions[0]["walked_seconds"]
        assert walked > 0
        # It kept walking while the signal was on its way: at 10×, a second is 10 walk seconds.
        assert on_screen - 1 <= walked <= 60
        wait_until(lambda: not (data_dir / "checkpoint.json").exists(), 5,
                   "the checkpoint to be cleared")
        if how != "terminal closed":
            wait_until(lambda: _gone(pid), 10, "Stride to exit")
        assert not list(data_dir.glob(".*.tmp"))
    finally:
        _reap(pid)


def test_stride_exits_and_frees_its_data_when_its_terminal_is_closed(
    term: Terminal, data_dir: Path
) -> None:
    _start_walk(term, data_dir, "--minutes", "1", "--time-scale", "10")
    wait_walked(term, 8, timeout=10)
    pid = _hang_up(term, "terminal closed")
    try:
        # The hang-up's SIGCONT once restarted Textual's writer on the dead terminal and the
        # exit blocked for ever, holding stride.lock. Two more make that race near-certain.
        for _ in range(2):
            time.sleep(0.05)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        wait_until(lambda: _gone(pid), 8, "Stride to exit")
        assert [s["status"] for s in history(data_dir)] == ["ended-early"]
        done = stride(data_dir, "profile", "--surface", "pool")  # needs the data-dir lock
        assert done.returncode == 0, done.stderr
    finally:
        _reap(pid)


def test_a_frozen_app_wakes_up_paused_without_a_burst_of_cues(
    term: Terminal, data_dir: Path
) -> None:
    # A 2-minute walk at 10×: cues are due at 30, 60 and 90 walk seconds (3, 6 and 9 s real).
    _start_walk(term, data_dir, "--minutes", "2", "--time-scale", "10", shell=True)
    _, before_stop = wait_walked(term, 10, timeout=10)
    pid = term.pid()
    os.kill(pid, signal.SIGSTOP)  # what a suspended laptop looks like to the app
    try:
        wait_until(lambda: _state(pid) == "T", 2, "Stride to be stopped")
        # Over the app's 5 s threshold: 60 walk seconds, in which two cues fall due.
        time.sleep(6)
    finally:
        os.kill(pid, signal.SIGCONT)

    screen = term.wait_for("slept", timeout=5)
    assert "PAUSED" in screen
    frozen = walked_on_screen(screen)
    assert frozen <= before_stop + 10  # it stopped where it was; the 70 s were not walked
    # A running walk at ten times would have moved its clock by the time the app answers a
    # key: wait for the answer (the mute toast), then look at the clock.
    term.keys("m")
    screen = term.wait_for("Sound on", timeout=5)
    assert walked_on_screen(screen) == frozen  # and stays paused

    term.keys("Space")
    term.wait_for(lambda s: clocks(s) and seconds_of(clocks(s)[0]) >= frozen + 15, timeout=10)
    end_walk_early(term)

    (session,) = history(data_dir)
    assert session["status"] == "ended-early"
    # Walked time is time walked, not time the process existed.
    assert frozen + 15 <= session["walked_seconds"] <= frozen + 50
    cues = session["cues"]
    assert cues, "the cue at 30 s should have fired after resuming"
    for cue in cues:
        # Fired on time in walk seconds; none were saved up and fired together on waking.
        assert 0 <= cue["fired"] - cue["due"] <= 2, cue
