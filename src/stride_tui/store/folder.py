"""The data folder: its files' names, and making the folder and its subfolders (0700).

The layout (see the README, "Your data")::

    stride.json              the profile and the data version (TinyDB: meta, profile)
    index/2026.json          one digest per session of 2026 (TinyDB: digests)
    sessions/2026-12.json    the full sessions of December 2026 (TinyDB: sessions)
    checkpoint.json          the walk in progress
    stride.lock              held by the Stride that writes here
"""

from __future__ import annotations

import contextlib
import os
from datetime import date
from pathlib import Path

from stride_tui.store.errors import StoreError, unwritable
from stride_tui.store.files import make_private_dir, remove_stale_temps

DB_NAME = "stride.json"
CHECKPOINT_NAME = "checkpoint.json"
INDEX_DIR = "index"
SESSIONS_DIR = "sessions"
#: Where a migration builds the new folders before moving them into place.
STAGING_DIR = ".migrating"
#: The single data file of Stride before the index, kept by the migration that replaced it.
SINGLE_FILE_KEPT = "stride.json.single-file"

Month = tuple[int, int]


def month_of(day: date) -> Month:
    """The month whose sessions file holds a session of ``day``."""
    return (day.year, day.month)


def index_path(root: Path, year: int) -> Path:
    """The index file of ``year`` under ``root`` (the data folder, or a migration's staging)."""
    return root / INDEX_DIR / f"{year:04d}.json"


def month_path(root: Path, month: Month) -> Path:
    """The sessions file of ``month`` under ``root``."""
    return root / SESSIONS_DIR / f"{month[0]:04d}-{month[1]:02d}.json"


def index_years(data_dir: Path) -> list[int]:
    """The years that have an index file, oldest first."""
    years = []
    for path in (data_dir / INDEX_DIR).glob("*.json"):
        if path.stem.isdigit() and len(path.stem) == 4:
            years.append(int(path.stem))
    return sorted(years)


def has_index(data_dir: Path) -> bool:
    """Whether the folder is in the index layout (a migration has moved its folders in)."""
    return (data_dir / INDEX_DIR).is_dir()


def make_subfolder(path: Path) -> None:
    """Make ``index/`` or ``sessions/`` (0700) if missing; OSError if it cannot be made."""
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)


def tidy(data_dir: Path) -> None:
    """Remove what a killed writer left behind: temporary files and an unfinished migration's
    staging folder (the data file it was migrating is untouched until the migration ends).

    Only call this while holding the data-dir lock: then no live writer owns them.
    """
    remove_stale_temps(data_dir, (DB_NAME, CHECKPOINT_NAME, SINGLE_FILE_KEPT))
    for sub in (INDEX_DIR, SESSIONS_DIR):
        folder = data_dir / sub
        if folder.is_dir():
            remove_stale_temps(folder, ("*",))
    staging = data_dir / STAGING_DIR
    if staging.exists() or staging.is_symlink():
        import shutil  # only to tidy after a migration cut short (not at every start)

        shutil.rmtree(staging, ignore_errors=True)


def make_data_dir(data_dir: Path) -> list[str]:
    """Create the data folder and its missing parents (0700 whatever the umask), or make an
    existing one of Stride's private; warnings to pass on. StoreError saying what is in the
    way."""
    try:
        return make_private_dir(data_dir)
    except FileExistsError:
        # Name what is actually in the way: the folder itself, or one of its parents.
        blocker = next(
            (p for p in (data_dir, *data_dir.parents) if os.path.lexists(p) and not p.is_dir()),
            data_dir,
        )
        what = (
            "a symbolic link to nothing" if blocker.is_symlink() and not blocker.exists()
            else "a file, not a folder"
        )
        raise StoreError(
            f"Stride's data folder cannot be made: {blocker} is {what}; "
            "move it or choose another folder with --data-dir."
        ) from None
    except OSError as exc:
        raise unwritable(
            "Stride cannot create its data folder",
            data_dir,
            exc,
            "Choose a folder you can write to with --data-dir.",
        ) from exc
