"""File operations the store relies on: atomic replacement and keeping damaged files aside."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path

# Temporary files are hidden and named after their target so a later run can recognise and
# remove the ones a killed process left behind.
TEMP_SUFFIX = ".tmp"


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: a reader sees the old bytes or the new, never a mix.

    The temporary file sits beside the target (same filesystem, so the rename is atomic) and is
    created with mode 0600. With ``durable`` the bytes and the rename are fsynced, so they also
    survive a power cut; without it they survive the process being killed, which is much
    cheaper. Raises ``OSError``; the target is then left as it was and no temporary file stays.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable, where the filesystem allows it.

    Best effort: the rename has already happened, so failing here would misreport a save that
    did take place (some filesystems refuse to fsync a directory).
    """
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def set_aside(path: Path, label: str, now: datetime | None = None) -> Path:
    """Rename ``path`` to ``<name>.<label>-YYYYmmdd-HHMMSS`` (plus ``-2``… if taken) and return it.

    Never overwrites: the new name is claimed with a hard link, which fails if it exists.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{path.name}.{label}-{stamp}"
    for n in range(1, 1000):
        target = path.with_name(base if n == 1 else f"{base}-{n}")
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:
            # Filesystems without hard links: check, then rename (we hold the data-dir lock).
            if target.exists():
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target
    raise FileExistsError(f"too many set-aside copies of {path}")


def remove_stale_temps(directory: Path, target_names: tuple[str, ...]) -> None:
    """Remove temporary files a killed writer left for any of ``target_names``.

    Only call this while holding the data-dir lock: then no live writer owns them.
    """
    for name in target_names:
        for leftover in directory.glob(f".{name}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                leftover.unlink()
