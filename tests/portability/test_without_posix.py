"""Where Textual runs but POSIX does not (Windows), what can work does: every module imports, the
data-folder lock degrades to "held while its holder runs", and the app starts without SIGHUP.

Each check runs in a child process that hides ``fcntl`` and the POSIX-only signal names before
Stride loads (tests/portability/without_posix.py).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import stride_tui
from stride_tui.store.lock import LOCKING

ROOT = Path(__file__).resolve().parents[2]
CHILD = [sys.executable, "-m", "tests.portability.without_posix"]


def child(*args: str) -> dict[str, Any]:
    done = subprocess.run([*CHILD, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.splitlines()[-1]))


def test_every_module_imports_without_fcntl_and_posix_signals() -> None:
    report = child("imports")
    assert report["failed"] == {}
    assert not report["fcntl_loaded"]
    assert {"SIGHUP", "SIGTSTP", "SIGWINCH", "SIGKILL"} <= set(report["signals_removed"])
    # Every module, not just the packages: the store and the app's screens among them.
    on_disk = {
        ".".join(p.relative_to(Path(stride_tui.__file__).parent.parent).with_suffix("").parts)
        for p in Path(stride_tui.__file__).parent.rglob("*.py")
    }
    on_disk = {n.removesuffix(".__init__") for n in on_disk} - {"stride_tui", "stride_tui.__main__"}
    assert on_disk <= set(report["modules"])


def test_this_machine_uses_flock() -> None:
    assert LOCKING == "flock"  # the degraded modes are only for systems without fcntl


def test_without_fcntl_the_lock_still_takes_writes_its_holder_and_frees(tmp_path: Path) -> None:
    report = child("take", str(tmp_path))
    assert report["locking"] == "pid"
    assert report["taken"]
    assert report["holder"]["pid"] > 0 and "take" in report["holder"]["command"]
    assert (tmp_path / "stride.lock").read_text() == ""  # released: no holder named


def test_without_fcntl_a_second_stride_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    first = subprocess.Popen([*CHILD, "hold", str(tmp_path)], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert first.stdout is not None and first.stdin is not None
        assert json.loads(first.stdout.readline()) == {"ready": True, "locking": "pid"}
        second = child("take", str(tmp_path))
        assert not second["taken"]
        assert "already running" in second["message"] and f"pid {first.pid}" in second["message"]
        first.stdin.close()  # the first Stride ends and lets go
        assert first.wait(30) == 0
        assert child("take", str(tmp_path))["taken"]
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(30)


def test_without_fcntl_a_crashed_holder_does_not_lock_the_walker_out(tmp_path: Path) -> None:
    first = subprocess.Popen([*CHILD, "hold", str(tmp_path)], cwd=ROOT, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.stdout is not None
    assert json.loads(first.stdout.readline())["ready"]
    os.kill(first.pid, signal.SIGKILL)  # dies holding it: its description stays in the file
    first.wait(30)
    assert json.loads((tmp_path / "stride.lock").read_text())["pid"] == first.pid
    assert child("take", str(tmp_path))["taken"]


def test_the_app_starts_without_sighup(tmp_path: Path) -> None:
    # A fresh data folder opens on the first-run profile form; SIGHUP is skipped, not fatal.
    assert child("app", str(tmp_path / "data"))["screens"] == ["ProfileScreen"]
