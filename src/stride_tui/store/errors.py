"""The errors the store raises. Each message is one line a person can act on."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Stride's data could not be read or saved; ``str(error)`` says why and what to do."""


class DeletionRefused(StoreError):
    """A session that must stay (it closes today to walking); ``str(error)`` says why."""


class StoreLocked(StoreError):
    """Another Stride is using the same data folder."""


class StoreUnwritable(StoreError):
    """The data folder or a file in it cannot be created or written (read-only, permission, full).

    ``path`` is the file or folder that could not be written and ``reason`` the operating
    system's reason in plain words.
    """

    def __init__(self, message: str, *, path: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def os_reason(exc: OSError) -> str:
    """Say in plain words why the operating system refused, e.g. "the disk is full"."""
    system = exc.strerror or str(exc)
    plain = _PLAIN_REASONS.get(exc.errno or 0)
    if plain is None or plain.lower() == system.lower():
        return plain or system
    return f"{plain} ({system})"


def unwritable(action: str, path: Path, exc: OSError, advice: str) -> StoreUnwritable:
    """Build the error for a failed write: what failed, where, why, and what to do."""
    reason = os_reason(exc)
    return StoreUnwritable(f"{action} {path}: {reason}. {advice}", path=path, reason=reason)
