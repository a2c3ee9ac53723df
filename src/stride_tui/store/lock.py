"""One Stride per data folder: an flock on the folder itself, and ``stride.lock`` naming the holder.

The lock is held on an open descriptor of the data folder, so deleting ``stride.lock`` (or
anything else in the folder) cannot let a second Stride in: a second ``stride log`` while the
app runs is refused, and the app's save cannot overwrite a walk logged meanwhile. ``stride.lock``
is also flocked, for older Strides that only know it, and says who holds the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stride_tui.store.errors import StoreError, StoreLocked, unwritable

LOCK_NAME = "stride.lock"


@dataclass(frozen=True)
class LockHolder:
    """The process holding the lock, as it described itself in the lock file."""

    pid: int
    since: datetime
    command: str
    tty: str | None = None

    @classmethod
    def this_process(cls) -> LockHolder:
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
    def from_json(cls, text: str) -> LockHolder | None:
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
    def acquire(cls, data_dir: Path) -> DataDirLock:
        """Take the lock or raise ``StoreLocked`` naming the holder (``StoreUnwritable`` if the
        lock file cannot be created)."""
        path = data_dir / LOCK_NAME
        dir_fd = _lock_folder(data_dir, path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            _close(dir_fd)
            raise unwritable(
                "Stride cannot use its data folder: could not open",
                path,
                exc,
                "Choose a folder you can write to with --data-dir.",
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = LockHolder.from_json(_read_all(fd))
            os.close(fd)
            _close(dir_fd)
            raise StoreLocked(_locked_message(holder, path)) from None
        except OSError as exc:
            os.close(fd)
            _close(dir_fd)
            raise StoreError(
                f"Stride could not lock its data folder ({path}: {exc.strerror}); "
                "use a folder on a local disk with --data-dir."
            ) from exc
        lock = cls(path, fd, dir_fd)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, LockHolder.this_process().to_json().encode("utf-8"), 0)
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
    try:
        dir_fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(dir_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(dir_fd)
        holder = None
        with contextlib.suppress(OSError):
            # Only read it: creating it again would be a write to a folder someone else holds.
            fd = os.open(lock_path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
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


def _read_all(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 4096, 0).decode("utf-8", "replace")
    return ""


def _locked_message(holder: LockHolder | None, path: Path) -> str:
    who = f" ({holder.describe()})" if holder else f" (it holds the data folder {path.parent})"
    return f"Stride is already running{who}. Close it first — nothing was written."
