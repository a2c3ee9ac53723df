"""``stride`` leaves at once (``os._exit``) after a quick command, so nothing may be left
undone by then: what it printed is all there, what it saved is on disk and the folder's lock is
free. With another thread running, or after a command that runs threads, it exits the usual
way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from stride_tui import cli
from stride_tui.core.records import Profile
from stride_tui.store import Store
from tests.cli.helpers import STRIDE, run, seed, walk

TODAY = date(2026, 3, 20)


def test_a_logged_walk_is_saved_and_the_folder_free_when_stride_has_left(
    data_dir: Path,
) -> None:
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=14)), [])
    done = run("log", "--minutes", "20", "--pain-before", "2", "--pain-after", "2",
               today=TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    assert "20" in done.stdout  # it said what it saved
    # A writable open takes the lock at once: the one `log` held went with it.
    with Store.open(data_dir) as store:
        saved = store.digests()
    assert [(d.day, d.walked_minutes, d.pain_before) for d in saved] == [(TODAY, 20.0, 2)]
    leftovers = [p.name for p in data_dir.rglob("*") if ".tmp" in p.name or p.name.startswith(".")]
    assert leftovers == []


def test_everything_printed_reaches_a_pipe_before_stride_leaves(data_dir: Path) -> None:
    # Far more than a pipe holds (64 KB): the output is read while it is written.
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=400)),
         [walk(TODAY - timedelta(days=n), 20, 2, 2) for n in range(1, 401)])
    done = run("history", "--json", today=TODAY.isoformat())
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 64 * 1024
    sessions = json.loads(done.stdout)  # the whole array, closed
    assert len(sessions) == 400
    assert sessions[-1]["day"] == (TODAY - timedelta(days=400)).isoformat()


def test_a_refused_command_line_keeps_its_status_and_message(data_dir: Path) -> None:
    done = run("log", "--minutes", "20", "--pain-before", "11", today=TODAY.isoformat())
    assert done.returncode == 2
    assert "pain" in done.stderr


class _Left(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


@pytest.fixture
def leaving(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> list[int]:
    """Calls of os._exit, recorded instead of made (the test's own process must go on)."""
    calls: list[int] = []

    def record(code: int) -> None:
        calls.append(code)
        raise _Left(code)

    monkeypatch.setattr(os, "_exit", record)
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=14)), [])
    monkeypatch.setenv("STRIDE_TODAY", TODAY.isoformat())
    return calls


def test_run_leaves_at_once_after_a_quick_command(
    leaving: list[int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["stride", "plan", "--json"])
    with pytest.raises(_Left):
        cli.run()
    assert leaving == [0]
    assert json.loads(capsys.readouterr().out)["today"] == TODAY.isoformat()


def test_run_exits_the_usual_way_while_another_thread_runs(
    leaving: list[int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        monkeypatch.setattr(sys, "argv", ["stride", "plan", "--json"])
        with pytest.raises(SystemExit) as exited:
            cli.run()
    finally:
        stop.set()
        other.join()
    assert exited.value.code == 0
    assert leaving == []
    assert json.loads(capsys.readouterr().out)["today"] == TODAY.isoformat()


def test_run_exits_the_usual_way_after_a_refused_command_line(
    leaving: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["stride", "plan", "--no-such-option"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 2
    assert leaving == []


@pytest.mark.parametrize("command", [
    ["plan"], ["export", "--format", "csv"], ["completion", "bash"],
    ["log", "--minutes", "20", "--pain-before", "2", "--pain-after", "2"],
])
def test_a_closed_standard_output_is_said_not_a_traceback(
    command: list[str], data_dir: Path, tmp_path: Path
) -> None:
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=14)), [])
    err = tmp_path / "err.txt"
    done = subprocess.run(
        # `stride … >&-`: the child starts with descriptor 1 closed.
        ["sh", "-c", f'exec "$0" "$@" >&- 2>"{err}"', str(STRIDE), *command],
        env={**os.environ, "STRIDE_TODAY": TODAY.isoformat()}, stdin=subprocess.DEVNULL,
        timeout=60, check=False,
    )
    said = err.read_text()
    assert done.returncode == 0, said
    assert "Traceback" not in said
    assert said == "stride: standard output is closed: what this command prints goes nowhere\n"
    if command[0] == "log":  # and what it was asked to save is saved
        with Store.open(data_dir, readonly=True) as store:
            assert [d.walked_minutes for d in store.digests()] == [20.0]


def test_a_closed_standard_error_changes_no_status(data_dir: Path, tmp_path: Path) -> None:
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=14)), [])
    out = tmp_path / "out.txt"

    def stride_without_stderr(*command: str) -> int:
        return subprocess.run(
            ["sh", "-c", f'exec "$0" "$@" 2>&- >"{out}"', str(STRIDE), *command],
            env={**os.environ, "STRIDE_TODAY": TODAY.isoformat()}, stdin=subprocess.DEVNULL,
            timeout=60, check=False,
        ).returncode

    assert stride_without_stderr("plan", "--json") == 0
    assert json.loads(out.read_text())["today"] == TODAY.isoformat()
    assert stride_without_stderr("plan", "--no-such-option") == 2
