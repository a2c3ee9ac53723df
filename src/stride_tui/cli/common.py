"""What the ``stride`` command's parts share: exit statuses, bad input, today, the options."""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
MAX_MINUTES = 120
MAX_TIME_SCALE = 3600.0
# The shells `stride completion` writes for (the parser lists them without loading the writer).
SHELLS = ("bash", "zsh", "fish")


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


class Options(NamedTuple):
    data_dir: Path
    mute: bool
    notify: bool
    time_scale: float
    config: str | None = None  # --config: the settings file (stride_tui.settings)
    # The collector was on before `main` paused it for the command: what runs for long (the
    # app, `stride treadmill`) turns it back on once started.
    collector_paused: bool = False


def resume_collector(opts: Options) -> None:
    """Turn the collector back on for a long run, if `main` paused it. (Not frozen first, as
    the app does: a command may run inside another program, the tests', whose garbage
    would then never be collected.)"""
    import gc

    if opts.collector_paused:
        gc.enable()


def settings_units(opts: Options) -> Any:
    """The units the settings file names (``stride_tui.core.records.Units``), or None. A file
    that cannot be used is said once on standard error; the command goes on with defaults."""
    from stride_tui.formats import units_named
    from stride_tui.settings import load_settings, settings_path

    settings, problem = load_settings(settings_path(opts.config))
    if problem:
        print(f"stride: {one_line(problem)}", file=sys.stderr)
    return units_named(settings.units)


def remember_units(opts: Options, units: Any) -> None:
    """``stride profile --units`` chose ``units``: when the settings file names units (it then
    wins over the profile), it is changed too, so the last choice made is the one shown."""
    from stride_tui.formats import unit_name
    from stride_tui.settings import SettingsError, load_settings, save_setting, settings_path

    path = settings_path(opts.config)
    settings, problem = load_settings(path)
    if problem or settings.units in (None, unit_name(units)):
        return
    try:
        save_setting(path, "units", unit_name(units))
    except (OSError, SettingsError) as exc:
        raise UsageError(f"the profile is saved, but the settings file {path} still says "
                         f"units = {settings.units!r}, which wins: {exc}") from exc


def store_exists(opts: Options) -> bool:
    """Whether there is data to read; a data dir that is not a folder is an error, not "none"."""
    if opts.data_dir.is_symlink() and not opts.data_dir.exists():
        raise UsageError(f"the data folder {opts.data_dir} is a symbolic link to nothing")
    if opts.data_dir.exists() and not opts.data_dir.is_dir():
        raise UsageError(f"the data folder {opts.data_dir} is a file, not a folder")
    return (opts.data_dir / "stride.json").exists()


def open_store(opts: Options, *, readonly: bool, newest: int | None = None) -> Any:
    """The store in ``opts.data_dir`` (a context manager), its notices said on standard error,
    the profile read with the settings file's units. ``newest``: see ``Store.open``."""
    from stride_tui.store import Store

    store = Store.open(opts.data_dir, readonly=readonly, units=settings_units(opts),
                       newest=newest)
    for notice in store.notices:
        print(f"stride: {notice}", file=sys.stderr)
    return store
