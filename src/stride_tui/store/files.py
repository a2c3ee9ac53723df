"""File operations the store relies on: atomic replacement, keeping damaged files aside, reading
JSON that may be anything, private folders, and writing a file the person named."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

#: Folders Stride makes or uses hold health data: only their owner may enter them.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
#: Files that mark a folder as a Stride data folder (which Stride may then make private).
STRIDE_MARKERS = ("stride.json", "stride.lock")

# Temporary files are hidden and named after their target so a later run can recognise and
# remove the ones a killed process left behind.
TEMP_SUFFIX = ".tmp"


class UnreadableFile(ValueError):
    """A file's bytes are not the JSON Stride wrote; the message says how, in plain words."""


def decode_json(raw: bytes) -> Any:
    """Parse ``raw`` as UTF-8 JSON (a leading byte-order mark is allowed, as editors add one).

    Any failure of decoding, whatever the bytes hold (deep nesting, numbers of thousands of
    digits, stray bytes), raises ``UnreadableFile`` and nothing else.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("it is not text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"it is not valid JSON at line {exc.lineno}") from None
    except RecursionError:
        raise UnreadableFile("it is nested too deeply to be Stride's") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise UnreadableFile(f"it holds a value Stride cannot read ({exc})") from None
    except MemoryError:
        raise UnreadableFile("it is too large to read") from None


def make_private_dir(path: Path) -> list[str]:
    """Make ``path`` and any missing parents with mode 0700 whatever the umask; tighten an
    existing ``path`` to 0700. Returns warnings for a folder that could not be tightened.

    Raises ``FileExistsError`` when something that is not a folder is in the way, ``OSError``
    when a folder cannot be made.
    """
    missing = [p for p in (path, *path.parents) if not os.path.lexists(p)]
    for folder in reversed(missing):
        try:
            os.mkdir(folder, PRIVATE_DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        except NotADirectoryError:  # a file where a parent folder should be
            raise FileExistsError(str(folder)) from None
        # mkdir's mode is filtered by the umask; chmod is not (a umask of 077 is fine, but a
        # strange one like 0o500 would leave a folder Stride itself cannot enter).
        os.chmod(folder, PRIVATE_DIR_MODE)
    if not path.is_dir():
        raise FileExistsError(str(path))
    info = os.stat(path)
    if not info.st_mode & 0o077:
        return []
    # Only a folder that is Stride's own is changed: a --data-dir pointed at a shared folder
    # (the home folder, Documents) is left as it is, with a warning.
    own = info.st_uid == os.geteuid() and (
        not any(os.scandir(path)) or any(os.path.lexists(path / n) for n in STRIDE_MARKERS)
    )
    if own:
        try:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
            return []
        except OSError as exc:
            return [f"could not make the data folder {path} private ({exc.strerror}); "
                    "others may read it"]
    return [
        f"the data folder {path} is open to other users (mode {stat.S_IMODE(info.st_mode):o}); "
        f"run `chmod 700 {path}` to keep your health data to yourself"
    ]


def write_new_file(path: Path, data: bytes, *, replace: bool) -> None:
    """Write a file the person named (an export): atomically, mode 0600, never through a
    symbolic link at the last component, never into a pipe or device, and never over an
    existing file unless ``replace``.

    Raises ``FileExistsError`` (a file is there and ``replace`` is false), ``IsADirectoryError``
    and ``PermissionError`` with a message saying what is in the way, or another ``OSError``.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise PermissionError(f"{path} is a symbolic link; Stride does not write through one")
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(f"{path} is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise PermissionError(f"{path} is not a regular file (a pipe, socket or device)")
        if not replace:
            raise FileExistsError(f"{path} already exists")
    if replace:
        atomic_write(path, data)  # rename replaces the entry itself, never a link's target
        return
    import tempfile  # writes only: the commands that read start without it (and shutil)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        # link fails if anything (even a dangling link) took the name since the check above.
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT): claim the name, then move the file over
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
            os.replace(tmp, path)
    except FileExistsError:
        raise FileExistsError(f"{path} already exists") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: a reader sees the old bytes or the new, never a mix.

    The temporary file sits beside the target (same filesystem, so the rename is atomic) and is
    created with mode 0600. With ``durable`` the bytes and the rename are fsynced, so they also
    survive a power cut; without it they survive the process being killed, which is much
    cheaper. Raises ``OSError``; the target is then left as it was and no temporary file stays.
    """
    import tempfile  # writes only: the commands that read start without it (and shutil)

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

    Never overwrites: the new name is claimed with a hard link, which fails if it exists. The
    kept file is made private (0600) first: it may hold health data whatever its old mode.
    """
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_FILE_MODE)
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
