"""One Stride per data folder: an flock on the folder itself, and ``stride.lock`` naming the holder.

The lock is held on an open descriptor of the data folder, so deleting ``stride.lock`` (or
anything else in the folder) cannot let a second Stride in: a second ``stride log`` while the
app runs is refused, and the app's save cannot overwrite a walk logged meanwhile. ``stride.lock``
is also flocked, for older Strides that only know it, and says who holds the folder.

Where there is no ``fcntl`` (Windows) the lock degrades instead of failing at import: with
``msvcrt`` it locks a byte of ``stride.lock`` (dropped by the system when the process dies, like
flock); with neither, a folder counts as held while ``stride.lock`` names a process that is
still running. ``LOCKING`` says which is in use.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import contextlib
import errno
import importlib
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from stride_tui.store.errors import StoreError, StoreLocked, unwritable

LOCK_NAME = "stride.lock"


def _optional_module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


_FCNTL = _optional_module("fcntl")  # POSIX
_MSVCRT = None if _FCNTL else _optional_module("msvcrt")  # Windows
LOCKING = "flock" if _FCNTL else "msvcrt" if _MSVCRT else "pid"
# Flags some systems lack (Windows): without them the open still works, a little less strictly.
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
# msvcrt locks a byte range: one byte past anything the holder's description can fill.
_MSVCRT_LOCK_OFFSET = 1 << 20
_READ_LIMIT = 4096


class LockHolder(NamedTuple):
    """The process holding the lock, as it described itself in the lock file."""

    pid: int
    since: datetime
    command: str
    tty: str | None = None

    @classmethod
    def this_process(cls) -> "LockHolder":
        """Describe the running process."""
        return cls(os.getpid(), datetime.now().astimezone(), _command_line(), _tty())

    def to_json(self) -> str:
        """Encode for the lock file."""
        return json.dumps(
            {
                "pid": self.pid,
                "since": self.since.isoformat(),
                "command": self.command,
                "tty": self.tty,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "LockHolder | None":
        """Decode a lock file; None when it is empty or not ours (the holder may be mid-write)."""
        try:
            d = json.loads(text)
            return cls(
                pid=int(d["pid"]),
                since=datetime.fromisoformat(d["since"]),
                command=str(d["command"]),
                tty=str(d["tty"]) if d.get("tty") else None,
            )
        except (ValueError, KeyError, TypeError):
            return None

    def describe(self, now: datetime | None = None) -> str:
        """E.g. "pid 4242, `stride walk`, since 09:12, on /dev/pts/3"."""
        now = now or datetime.now().astimezone()
        since = self.since.astimezone(now.tzinfo) if self.since.tzinfo else self.since
        when = since.strftime("%H:%M" if since.date() == now.date() else "%Y-%m-%d %H:%M")
        parts = [f"pid {self.pid}", f"`{self.command}`", f"since {when}"]
        if self.tty:
            parts.append(f"on {self.tty}")
        return ", ".join(parts)


def _command_line() -> str:
    import shlex  # only here, once a lock is taken: not at import

    argv = list(sys.argv) or ["stride"]
    name = Path(argv[0]).name
    # `python -m stride_tui` shows up as .../__main__.py; name it the way it was typed.
    first = "python -m stride_tui" if name == "__main__.py" else name
    command = " ".join([first, shlex.join(argv[1:])]).strip()
    return command if len(command) <= 80 else command[:79] + "…"


def _tty() -> str | None:
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.isatty(fd):
                return os.ttyname(fd)
    return None


class DataDirLock:
    """An exclusive lock on a data folder, held until ``release`` or the process ends.

    flock locks belong to the open file, so the kernel drops this one when the process dies,
    however it dies: there is never a stale lock to clean up.
    """

    def __init__(self, path: Path, fd: int, dir_fd: int | None = None) -> None:
        self.path = path
        self._fd: int | None = fd
        self._dir_fd = dir_fd

    @classmethod
    def acquire(cls, data_dir: Path) -> "DataDirLock":
        """Take the lock or raise ``StoreLocked`` naming the holder (``StoreUnwritable`` if the
        lock file cannot be created)."""
        path = data_dir / LOCK_NAME
        dir_fd = _lock_folder(data_dir, path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _O_CLOEXEC | _O_NOFOLLOW, 0o600)
        except OSError as exc:
            _close(dir_fd)
            raise unwritable(
                "Stride cannot use its data folder: could not open",
                path,
                exc,
                "Choose a folder you can write to with --data-dir.",
            ) from exc
        try:
            locked = _lock_file(fd)
        except OSError as exc:
            os.close(fd)
            _close(dir_fd)
            raise StoreError(
                f"Stride could not lock its data folder ({path}: {exc.strerror}); "
                "use a folder on a local disk with --data-dir."
            ) from exc
        if not locked:
            holder = LockHolder.from_json(_read_all(fd))
            os.close(fd)
            _close(dir_fd)
            raise StoreLocked(_locked_message(holder, path))
        lock = cls(path, fd, dir_fd)
        try:
            os.ftruncate(fd, 0)
            _write_at_start(fd, LockHolder.this_process().to_json().encode("utf-8"))
        except OSError as exc:
            lock.release()
            raise unwritable(
                "Stride cannot use its data folder: could not write",
                path,
                exc,
                "Free some space or choose another folder with --data-dir.",
            ) from exc
        return lock

    def release(self) -> None:
        """Let another Stride use the folder. Safe to call twice."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Clear our description first, so nobody reads it as a current holder later.
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)
        dir_fd, self._dir_fd = self._dir_fd, None
        _close(dir_fd)


def _lock_folder(data_dir: Path, lock_path: Path) -> int | None:
    """flock the folder itself; StoreLocked if another Stride holds it. None where folders
    cannot be locked (some network filesystems): the lock file alone then guards it."""
    if _FCNTL is None:
        return None  # only flock can lock a folder
    try:
        dir_fd = os.open(data_dir, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except OSError:
        return None
    try:
        _FCNTL.flock(dir_fd, _FCNTL.LOCK_EX | _FCNTL.LOCK_NB)
    except BlockingIOError:
        os.close(dir_fd)
        holder = None
        with contextlib.suppress(OSError):
            # Only read it: creating it again would be a write to a folder someone else holds.
            fd = os.open(lock_path, os.O_RDONLY | _O_CLOEXEC | _O_NOFOLLOW)
            try:
                holder = LockHolder.from_json(_read_all(fd))
            finally:
                os.close(fd)
        raise StoreLocked(_locked_message(holder, lock_path)) from None
    except OSError:
        os.close(dir_fd)
        return None
    return dir_fd


def _close(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _lock_file(fd: int) -> bool:
    """Lock the open ``stride.lock``: True if this process now holds it, False if another
    Stride does; OSError when the filesystem cannot lock."""
    if _FCNTL is not None:
        try:
            _FCNTL.flock(fd, _FCNTL.LOCK_EX | _FCNTL.LOCK_NB)
        except BlockingIOError:
            return False
        return True
    if _MSVCRT is not None:
        os.lseek(fd, _MSVCRT_LOCK_OFFSET, os.SEEK_SET)
        try:
            _MSVCRT.locking(fd, _MSVCRT.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True
    # No lock call at all: the folder is held while the named holder still runs. A holder
    # that died leaves only its description, which the next Stride overwrites.
    holder = LockHolder.from_json(_read_all(fd))
    return holder is None or holder.pid == os.getpid() or not _running(holder.pid)


def _running(pid: int) -> bool:
    if os.name != "posix":
        return False  # no safe way to ask: never lock a walker out for good
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it runs, as someone else
    except OSError:
        return False
    return True


def _read_all(fd: int) -> str:
    with contextlib.suppress(OSError):
        if hasattr(os, "pread"):
            return os.pread(fd, _READ_LIMIT, 0).decode("utf-8", "replace")
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, _READ_LIMIT).decode("utf-8", "replace")
    return ""


def _write_at_start(fd: int, data: bytes) -> None:
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, 0)
        return
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


def _locked_message(holder: LockHolder | None, path: Path) -> str:
    who = f" ({holder.describe()})" if holder else f" (it holds the data folder {path.parent})"
    return f"Stride is already running{who}. Close it first — nothing was written."
