"""Home's data read on another core while Textual starts (#15: start-up flat with history).

Stride's start-up has two halves that do not need each other: Textual building the first
screen (the UI thread) and reading the store for Home (ten years of digests, and the programme's
rules over them). On one interpreter they take turns at its lock, so ten years of history added
their whole cost to the start-up. So ``stride`` (the app's command, not the tests' apps) forks
a child before importing Textual: it opens the store read-only, works out Home's data with the
same ``load_home`` the app uses, and sends it back through a pipe, while the parent starts
Textual on the other core.

Nothing the child read is trusted unless it is still what the folder holds once the app has the
folder's lock: the child notes every file's identity (inode, size, modification time) before
it reads, and the app compares that with the folder after taking the lock and before reading
anything (``Store.open``'s ``on_locked``). A write in between — another command, a repair, a
migration — and the child's answer is dropped and Home's data is read as without a preload.
So the answer Home shows is always the folder as the app holds it: a warning sign logged a
moment before starting is never shown as a walk day.

The child never writes to the terminal (its standard streams are /dev/null), never writes to
the folder (read-only open, no lock), and leaves with ``os._exit`` whatever happens; the parent
gives up on it after ``WAIT_SECONDS`` and reads Home's data itself. Linux only (where ``fork``
before any thread is safe); elsewhere, and whenever a thread already runs, there is no preload.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from datetime import date
from pathlib import Path
from typing import Any

# How long the app waits for the child's answer before reading Home's data itself.
WAIT_SECONDS = 5.0
# The pipe's room for the answer (Linux's default limit for a pipe, /proc/sys/fs/pipe-max-size).
# Ten years of walks make an answer of about 130 KB (every day walked, for the streak; the usual
# pain over time) against a pipe's default 64 KB: the child then waited, with ten years of
# heap, for the app to read it, and the app read it, waited for the child's exit and reaped it
# on the way to Home's first paint (4-7 ms at ten years, against 2 ms to unpickle it). With
# room for all of it, the child writes and leaves while Textual is still starting.
PIPE_BYTES = 1 << 20
# The lock file changes whenever any Stride opens the folder: not part of its data.
_NOT_DATA = frozenset({"stride.lock"})

Fingerprint = tuple[tuple[str, int, int, int], ...]


def fingerprint(data_dir: Path) -> Fingerprint:
    """Every data file under ``data_dir``: (relative path, inode, size, modification time in
    ns), sorted. Stride writes files whole and renames them into place, so any write changes
    the file's inode."""
    found: list[tuple[str, int, int, int]] = []
    root = str(data_dir)

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, name + "/")
                elif name not in _NOT_DATA:
                    st = entry.stat(follow_symlinks=False)
                    found.append((name, st.st_ino, st.st_size, st.st_mtime_ns))

    walk(root, "")
    found.sort()
    return tuple(found)


class HomePreload:
    """A child process reading Home's data; ``wait`` for it, ``current`` once the lock is held."""

    def __init__(self, pid: int, fd: int, data_dir: Path, today: date, units: Any) -> None:
        self.pid = pid
        self.data_dir = data_dir
        self.today = today
        self.units = units
        self._fd: int | None = fd
        self._answer: tuple[Fingerprint, Any] | None = None
        #: Why the child's answer was not used ("" while it may be): for tests and doctors.
        self.dropped = ""

    @classmethod
    def start(cls, data_dir: Path, today: date, units: Any, *,
              allow_threads: bool = False) -> HomePreload | None:
        """Fork the child, or None where there is nothing to read yet or forking is unsafe.
        ``allow_threads``: for tests, whose process has idle threads of earlier apps."""
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        threading = sys.modules.get("threading")
        if threading is not None and threading.active_count() != 1 and not allow_threads:
            return None  # forking a process with threads can leave the child's locks held
        if not (data_dir / "stride.json").is_file():
            return None  # the first start: Home asks for the set-up, there is nothing to read
        read_end, write_end = os.pipe()
        _widen(write_end)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                stream.flush()  # nothing buffered may be written twice
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns of fork() with threads; only allow_threads gets here so.
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: never returns
            _child(read_end, write_end, data_dir, today, units)
        os.close(write_end)
        return cls(pid, read_end, data_dir, today, units)

    def wait(self, timeout: float = WAIT_SECONDS) -> bool:
        """Read the child's answer (blocks: not on the UI thread); True if there is one."""
        fd, self._fd = self._fd, None
        if fd is None:
            return self._answer is not None
        import pickle
        import select
        import time

        chunks: list[bytes] = []
        deadline = time.monotonic() + timeout
        finished = False
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    break
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    finished = True
                    break
                chunks.append(chunk)
        finally:
            os.close(fd)
            self._reap(kill=not finished)
        if not finished:
            self.dropped = f"no answer in {timeout:g} s"
            return False
        try:
            answer = pickle.loads(b"".join(chunks))
        except Exception as exc:  # an empty or cut-off answer: the child failed
            self.dropped = f"no answer ({type(exc).__name__})"
            return False
        if answer is None:
            self.dropped = "the child could not read the folder as it is"
            return False
        self._answer = answer
        return True

    def current(self) -> Any:
        """The child's Home data if the folder still holds exactly what it read, else None.
        Call it with the folder's lock held (nothing can change it after)."""
        if not self.wait():
            return None
        assert self._answer is not None
        seen, data = self._answer
        try:
            now = fingerprint(self.data_dir)
        except OSError as exc:
            self.dropped = f"the folder could not be listed ({exc.strerror})"
            return None
        if now != seen:
            self.dropped = "the folder changed after the child read it"
            return None
        return data

    def _reap(self, *, kill: bool) -> None:
        import signal

        try:
            if kill:
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass


def _widen(fd: int) -> None:
    """Give the pipe room for a whole answer where Linux allows it (else it stays 64 KB, and
    the child waits for the app to read, as before)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


def _child(read_end: int, write_end: int, data_dir: Path, today: date, units: Any) -> None:
    """Read Home's data and send it, pickled, through ``write_end``; then leave at once."""
    try:
        import signal

        os.close(read_end)
        # Ctrl+C at start-up ends it quietly, and nothing it says reaches the terminal.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - until os._exit
        payload = _read(data_dir, today, units)
        import pickle

        data = memoryview(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(write_end, data):]
    except BaseException:  # noqa: BLE001 - whatever it is, the app reads Home's data itself
        pass
    finally:
        os._exit(0)


def _read(data_dir: Path, today: date, units: Any) -> tuple[Fingerprint, Any] | None:
    """(the folder's fingerprint, Home's data), or None if the read-only open had anything to
    say (a damaged file, an older layout to move): the app's own open deals with those."""
    from stride_tui.core.home import load_home
    from stride_tui.store import Store

    seen = fingerprint(data_dir)
    store = Store.open(data_dir, readonly=True, units=units)
    try:
        if store.notices:
            return None
        return seen, load_home(store, today)
    finally:
        store.close()
