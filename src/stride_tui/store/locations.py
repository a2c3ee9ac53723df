"""Where Stride keeps its data. Nothing here touches the disk."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "STRIDE_DATA_DIR"


def resolve_data_dir(cli_value: str | None = None) -> Path:
    """The data folder: ``--data-dir`` if given, else ``$STRIDE_DATA_DIR``, else the platform's
    per-user data folder (``~/.local/share/stride`` on Linux)."""
    chosen = cli_value or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().absolute()
    return Path(platformdirs.user_data_dir("stride", appauthor=False))
