"""Moving an earlier Stride's single data file into the index layout, atomically.

The single file stays the data until the very last step: the new folders are built in a
staging folder, moved into place, and only then is ``stride.json`` replaced (one atomic rename)
by the new small file that marks the folder as migrated. Killed at any step before that, the
next start finds the single file as it was and runs the migration again; killed after it, the
migration is done. The single file is kept as ``stride.json.single-file``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from stride_tui.store.datafiles import LAYOUT, Loaded
from stride_tui.store.errors import unwritable
from stride_tui.store.files import atomic_write, fsync_dir, set_aside
from stride_tui.store.folder import (
    DB_NAME,
    INDEX_DIR,
    SESSIONS_DIR,
    SINGLE_FILE_KEPT,
    STAGING_DIR,
)
from stride_tui.store.sessionfiles import layout_tables
from stride_tui.store.storage import Tables, encode_tables


def move_to_index(data_dir: Path, loaded: Loaded, *, keep_single_file: bool) -> Tables:
    """Write ``loaded`` (a checked single data file) in the index layout; return the tables of
    the new ``stride.json``. StoreUnwritable if the disk refuses; the single file is then
    untouched and still the data."""
    try:
        if keep_single_file:
            _keep(data_dir / DB_NAME, data_dir / SINGLE_FILE_KEPT)
        staging = data_dir / STAGING_DIR
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        for sub in (INDEX_DIR, SESSIONS_DIR):
            (staging / sub).mkdir(mode=0o700)
        for rel, content in layout_tables(loaded.sessions).items():
            atomic_write(staging / rel, encode_tables(content), durable=False)
        for sub in (INDEX_DIR, SESSIONS_DIR):
            _sync_folder(staging / sub)
        for sub in (INDEX_DIR, SESSIONS_DIR):
            target = data_dir / sub
            if target.exists():
                # Left by a migration killed after this step, or put here by hand: the single
                # file is still the data, so these are kept aside, not read and not deleted.
                set_aside(target, "before-migration")
            os.rename(staging / sub, target)
        fsync_dir(data_dir)
        staging.rmdir()
        meta = dict(next(iter(loaded.tables["meta"].values()), {}))
        meta["layout"] = LAYOUT
        tables: Tables = {"meta": {"1": meta}, "profile": loaded.tables["profile"]}
        atomic_write(data_dir / DB_NAME, encode_tables(tables))
    except OSError as exc:
        raise unwritable(
            "Stride could not move your data into its new layout in",
            data_dir,
            exc,
            "Your data file is unchanged.",
        ) from exc
    return tables


def _keep(source: Path, kept: Path) -> None:
    """Keep ``source`` as ``kept`` (a hard link: no copy of a large file), replacing an older
    ``kept`` left by an interrupted run."""
    temp = kept.with_name(f".{kept.name}.link.tmp")
    temp.unlink(missing_ok=True)
    try:
        os.link(source, temp)
    except OSError:
        shutil.copyfile(source, temp)
    os.replace(temp, kept)


def _sync_folder(folder: Path) -> None:
    # The files were written without fsync, one by one; one pass makes them all durable
    # before the folder is moved into place.
    for path in folder.iterdir():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fsync_dir(folder)
