"""Where Stride keeps its data. Nothing here touches the disk."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "STRIDE_DATA_DIR"


def resolve_data_dir(cli_value: str | None = None) -> Path:
    """The data folder: ``--data-dir`` if given, else ``$STRIDE_DATA_DIR``, else the platform's
    per-user data folder (``~/.local/share/stride`` on Linux)."""
    chosen = cli_value or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().absolute()
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux (XDG_DATA_HOME if absolute, else ~/.local/share),
        # without loading it: every command resolves this folder.
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local/share") \
            / "stride"
    import platformdirs

    return Path(platformdirs.user_data_dir("stride", appauthor=False))
