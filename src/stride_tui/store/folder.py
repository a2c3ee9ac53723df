"""The data folder: its files' names, and making the folder (0700)."""

from __future__ import annotations

from pathlib import Path

from stride_tui.store.errors import StoreError, unwritable

DB_NAME = "stride.json"
CHECKPOINT_NAME = "checkpoint.json"


def make_data_dir(data_dir: Path) -> None:
    try:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        data_dir.mkdir(mode=0o700)
    except FileExistsError:
        if not data_dir.is_dir():
            # Name the file actually in the way: the folder itself, or one of its parents.
            blocker = next(
                (p for p in (data_dir, *data_dir.parents) if p.exists() and not p.is_dir()),
                data_dir,
            )
            raise StoreError(
                f"Stride's data folder cannot be made: {blocker} is a file, not a folder; "
                "move it or choose another folder with --data-dir."
            ) from None
    except OSError as exc:
        raise unwritable(
            "Stride cannot create its data folder",
            data_dir,
            exc,
            "Choose a folder you can write to with --data-dir.",
        ) from exc
