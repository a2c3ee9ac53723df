"""What the ``stride`` command's parts share: exit statuses, bad input, today, the options."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
MAX_MINUTES = 120
MAX_TIME_SCALE = 3600.0


class UsageError(Exception):
    """Bad input from the person: reported in one line with exit status 2."""


def one_line(message: str) -> str:
    """Errors are one line: show line breaks typed into an argument as \\n."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def today() -> date:
    """Today's date; ``STRIDE_TODAY`` (YYYY-MM-DD) pins it for demos and tests."""
    pinned = os.environ.get("STRIDE_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError as exc:
            raise UsageError(
                f"STRIDE_TODAY must be a date like 2026-03-02, got {pinned!r}"
            ) from exc
    return date.today()


@dataclass(frozen=True)
class Options:
    data_dir: Path
    mute: bool
    notify: bool
    time_scale: float
    config: str | None = None  # --config: the settings file (stride_tui.settings)
