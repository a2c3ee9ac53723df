"""Stride's settings file: a small TOML file in the user's config folder.

It holds how Stride looks and sounds, not the programme (that is the profile, in the data
folder). Read with the standard library (``tomllib``); written by a small writer that changes
one line and keeps the rest of the file (comments included) as the person left it. Plain Python:
no Textual, and nothing happens at import time.

The file is found, in this order: ``--config PATH``, the ``STRIDE_CONFIG`` environment variable,
then ``settings.toml`` in the user config folder (platformdirs: ``~/.config/stride/`` on Linux).

    theme = "nord"            # any Textual theme (the palette's "Change theme" saves it here)
    units = "km"              # km or mi: speeds and distances on every screen and command
    sound = true              # false: start with cue sounds off (as --mute)
    notifications = true      # false: no desktop notifications (as --no-notify)
    phone_sound_only = false  # true: quiet computer while a phone page is connected (as
                              # --phone-sound-only; `s` on the phone screen saves it here)

    [keys]                    # key bindings, by name: one key or several, comma-separated
    walk-pause = "space,k"
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

import contextlib
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

SETTINGS_ENV = "STRIDE_CONFIG"
SETTINGS_FILE = "settings.toml"
DEFAULT_THEME = "textual-dark"
UNITS = ("km", "mi")

# The keys people most often move, by the name of their binding; each can be given one key or
# several (comma-separated, in Textual's names: "space", "ctrl+p", "f2", "k").
KEY_NAMES: Mapping[str, str] = {
    "start": "Home: check in and start today's walk (enter,s)",
    "help": "Help for the screen in front of you (f1,question_mark)",
    "quit-key": "Quit, asking first during a session (q)",
    "walk-pause": "Walk: pause or resume (space)",
    "walk-end": "Walk: end early (e)",
    "walk-pain": "Walk: pain check now (p)",
    "walk-red-flag": "Walk: report a red-flag symptom (r)",
    "walk-mute": "Walk: sound off or on (m)",
    "routine-pause": "Warm-up and strength: pause or resume (space)",
    "routine-skip": "Warm-up and strength: skip this move (n,right)",
    "routine-back": "Warm-up and strength: back a move (b,left)",
    "checkin-yes": "Check-in: answer yes (y)",
    "checkin-no": "Check-in: answer no (n)",
}

_KEY_TEXT = re.compile(r"^[A-Za-z0-9_+\-]+(,[A-Za-z0-9_+\-]+)*$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


class Settings(NamedTuple):
    """What the settings file says (the defaults where it says nothing)."""

    theme: str = DEFAULT_THEME
    # "km" or "mi"; None when the file does not say. When it says, it is the units every screen
    # and command shows (the profile is read with them), and Stride's own ways of changing the
    # units (the profile screen, ``stride profile --units``) write the choice back here, so the
    # one the person made last is the one shown.
    units: str | None = None
    sound: bool = True
    notifications: bool = True
    phone_sound_only: bool = False
    keys: Mapping[str, str] = MappingProxyType({})


class SettingsError(ValueError):
    """The settings file cannot be used: the message names the file and the line."""


def settings_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the settings file is: ``--config``, else ``STRIDE_CONFIG``, else the user config
    folder. Nothing is created."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(SETTINGS_ENV)
    if env:
        return Path(env).expanduser()
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux (XDG_CONFIG_HOME if absolute, else ~/.config), without
        # loading it: every command reads this path.
        xdg = os.environ.get("XDG_CONFIG_HOME", "").strip()
        base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".config"
        return base / "stride" / SETTINGS_FILE
    import platformdirs

    return Path(platformdirs.user_config_dir("stride", appauthor=False)) / SETTINGS_FILE


def load_settings(path: Path) -> tuple[Settings, str]:
    """The settings in ``path`` and "" — or, for a file that cannot be used, the defaults and
    a message that says why (naming the line). A missing file is the defaults, quietly."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), ""
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), f"Could not read the settings file {path} ({_reason(exc)}); " \
            "Stride starts with the default settings."
    try:
        return parse_settings(text, str(path)), ""
    except SettingsError as exc:
        return Settings(), f"{exc}. Stride starts with the default settings."


def parse_settings(text: str, where: str = "settings") -> Settings:
    """Read the settings from TOML ``text``; ``SettingsError`` names ``where`` and the line."""
    import tomllib  # only when there is a file: start-up without one reads nothing more

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"The settings file {where} is not valid TOML: {exc}") from exc
    values: dict[str, Any] = {}

    def wrong(key: str, message: str, table: str | None = None) -> SettingsError:
        line = _line_of(text, key, table)
        at = f", line {line}" if line else ""
        return SettingsError(f"The settings file {where}{at}: {message}")

    for key, value in data.items():
        if key in ("theme", "units"):
            if not isinstance(value, str) or not value.strip():
                raise wrong(key, f"{key} must be a name in quotes, like {key} = "
                                 f"\"{'nord' if key == 'theme' else 'km'}\"")
            if key == "units" and value not in UNITS:
                raise wrong(key, f"units must be \"km\" or \"mi\", not {value!r}")
            values[key] = value.strip()
        elif key in ("sound", "notifications", "phone_sound_only"):
            if not isinstance(value, bool):
                raise wrong(key, f"{key} must be true or false, not {value!r}")
            values[key] = value
        elif key == "keys":
            if not isinstance(value, dict):
                raise wrong(key, "keys must be a table: [keys] then lines like "
                                 "walk-pause = \"space,k\"")
            values["keys"] = _keys(value, wrong)
        else:
            raise wrong(key, f"{key!r} is not a setting Stride knows (it knows theme, units, "
                             "sound, notifications, phone_sound_only and [keys])")
    return Settings(**values)


def _keys(table: dict[str, Any], wrong: Any) -> dict[str, str]:
    keys: dict[str, str] = {}
    for name, value in table.items():
        if name not in KEY_NAMES:
            raise wrong(name, f"{name!r} is not a key Stride lets you change (these are: "
                              f"{', '.join(KEY_NAMES)})", "keys")
        if not isinstance(value, str) or not _KEY_TEXT.match(value.replace(" ", "")):
            raise wrong(name, f"{name} must be keys in quotes, one or several comma-separated, "
                              "like \"space,k\"", "keys")
        keys[name] = value.replace(" ", "")
    return keys


def _line_of(text: str, key: str, table: str | None) -> int | None:
    """The line where ``key`` is set (inside ``[table]`` if given)."""
    current: str | None = None
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    for number, line in enumerate(text.splitlines(), 1):
        found = header.match(line)
        if found:
            current = found.group(1).strip("\"'")
            if table is None and current == key:
                return number
            continue
        if current == table and pattern.match(line):
            return number
    return None


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def toml_value(value: str | bool) -> str:
    """A string or a boolean written as TOML (JSON's ASCII strings are valid TOML strings)."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=True)


def with_setting(text: str, key: str, value: str | bool) -> str:
    """``text`` with the top-level ``key`` set to ``value``: its line replaced if it is there,
    else a new line before the first table. Every other line (comments too) is kept."""
    if not _BARE_KEY.match(key):
        raise ValueError(f"not a plain settings key: {key!r}")
    line = f"{key} = {toml_value(value)}"
    lines = text.splitlines()
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for n, existing in enumerate(lines):
        if existing.lstrip().startswith("["):
            lines.insert(n, line)
            break
        if pattern.match(existing):
            lines[n] = line
            break
    else:
        lines.append(line)
    return "\n".join(lines) + "\n"


def save_setting(path: Path, key: str, value: str | bool) -> None:
    """Set one top-level setting in the file at ``path`` (created with its folder if need
    be), atomically: a temporary file beside it, then a rename."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = "# Stride's settings (see README: Settings)\n"
    new = with_setting(text, key, value)
    parse_settings(new, str(path))  # never write a file Stride could not read back
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(new)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
