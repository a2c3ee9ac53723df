"""How Stride was installed here, and the install commands that fit this machine.

`stride doctor`'s fixes name the command for the way Stride was installed (a virtual
environment, pipx, uv tool, uvx, an editable checkout, or the system Python) and the system
package for this machine's package manager (Debian/Ubuntu, Fedora, Arch, openSUSE, Homebrew on
macOS), or for all of them when the system is not one it knows. Everything is read when asked,
never at import.
"""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

DISTRIBUTION = "stride-tui"

InstallKind = Literal["pipx", "uv-tool", "uvx", "editable", "venv", "system"]

INSTALL_NAMES: dict[InstallKind, str] = {
    "pipx": "with pipx",
    "uv-tool": "with uv tool",
    "uvx": "run by uvx (a throwaway environment)",
    "editable": "from a source checkout (editable)",
    "venv": "in a virtual environment",
    "system": "into the system's Python",
}


@dataclass(frozen=True)
class Installation:
    """Where Stride's Python lives and what put it there."""

    kind: InstallKind
    prefix: Path
    python: Path
    source: Path | None = None  # the checkout of an editable install

    def describe(self) -> str:
        """E.g. "with pipx (/home/ann/.local/share/pipx/venvs/stride-tui)"."""
        where = self.source if self.kind == "editable" else self.prefix
        return f"{INSTALL_NAMES[self.kind]} ({where})"

    def add_extra(self, extra: str, package: str) -> str:
        """The command that adds ``stride-tui[extra]`` (whose module is ``package``) here."""
        requirement = shlex.quote(f"{DISTRIBUTION}[{extra}]")
        python = shlex.quote(str(self.python))
        if self.kind == "pipx":
            return f"pipx inject {shlex.quote(self.prefix.name)} {package}"
        if self.kind == "uv-tool":
            return f"uv tool install --reinstall {requirement}"
        if self.kind == "uvx":
            return f"uvx --from {requirement} stride"
        if self.kind == "editable" and self.source is not None:
            return f"{python} -m pip install -e {shlex.quote(f'{self.source}[{extra}]')}"
        if self.kind == "venv":
            return f"{python} -m pip install {requirement}"
        return f"{python} -m pip install --user {requirement}"


def detect_installation(
    prefix: Path | None = None,
    base_prefix: Path | None = None,
    python: Path | None = None,
) -> Installation:
    """How this Stride was installed, from the layout around ``sys.prefix``.

    pipx keeps each app's environment in ``.../pipx/venvs/NAME`` with ``pipx_metadata.json``;
    ``uv tool install`` in ``.../uv/tools/NAME`` with ``uv-receipt.toml``; uvx in uv's cache
    (``environments-v2`` or ``archive-v0``).
    """
    prefix = Path(sys.prefix) if prefix is None else prefix
    base_prefix = Path(sys.base_prefix) if base_prefix is None else base_prefix
    python = Path(sys.executable) if python is None else python
    parts = [p.lower() for p in prefix.parts]

    def under(*names: str) -> bool:
        return any(parts[i : i + len(names)] == list(names) for i in range(len(parts)))

    kind: InstallKind
    source = None
    if (prefix / "pipx_metadata.json").is_file() or under("pipx", "venvs"):
        kind = "pipx"
    elif (prefix / "uv-receipt.toml").is_file() or under("uv", "tools"):
        kind = "uv-tool"
    elif under("uv", "environments-v2") or under("uv", "archive-v0"):
        kind = "uvx"
    elif (source := _editable_source(prefix)) is not None:
        kind = "editable"
    elif prefix != base_prefix:
        kind = "venv"
    else:
        kind = "system"
    return Installation(kind, prefix, python, source)


def _editable_source(prefix: Path) -> Path | None:
    """The checkout Stride is installed from in editable mode, if it is, into ``prefix``."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
        found = dist.read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    site = Path(str(dist.locate_file(""))).resolve()
    if not found or not site.is_relative_to(prefix.resolve()):
        return None  # not installed into this environment (e.g. only on PYTHONPATH)
    try:
        direct = json.loads(found)
        editable = bool(direct.get("dir_info", {}).get("editable"))
        url = urlparse(str(direct["url"]))
    except (ValueError, KeyError, AttributeError):
        return None
    if not editable or url.scheme != "file":
        return None
    return Path(unquote(url.path))


# --- system packages ------------------------------------------------------------------------

Family = Literal["debian", "fedora", "arch", "opensuse", "macos"]

FAMILY_NAMES: dict[Family, str] = {
    "debian": "Debian/Ubuntu",
    "fedora": "Fedora",
    "arch": "Arch",
    "opensuse": "openSUSE",
    "macos": "macOS",
}
INSTALLERS: dict[Family, str] = {
    "debian": "sudo apt install",
    "fedora": "sudo dnf install",
    "arch": "sudo pacman -S",
    "opensuse": "sudo zypper install",
    "macos": "brew install",
}
# What provides each part Stride can use, per package manager (absent: not needed or not there).
SYSTEM_PACKAGES: dict[str, dict[Family, str]] = {
    "alsa-headers": {
        "debian": "libasound2-dev", "fedora": "alsa-lib-devel", "arch": "alsa-lib",
        "opensuse": "alsa-devel",
    },
    "pw-play": {
        "debian": "pipewire-bin", "fedora": "pipewire-utils", "arch": "pipewire",
        "opensuse": "pipewire-tools",
    },
    "paplay": {
        "debian": "pulseaudio-utils", "fedora": "pulseaudio-utils", "arch": "libpulse",
        "opensuse": "pulseaudio-utils",
    },
    "aplay": {
        "debian": "alsa-utils", "fedora": "alsa-utils", "arch": "alsa-utils",
        "opensuse": "alsa-utils",
    },
    "notification-daemon": {
        "debian": "dunst", "fedora": "dunst", "arch": "dunst", "opensuse": "dunst",
    },
}
_LIKE: dict[str, Family] = {
    "debian": "debian", "ubuntu": "debian",
    "fedora": "fedora", "rhel": "fedora", "centos": "fedora",
    "arch": "arch", "archlinux": "arch",
    "opensuse": "opensuse", "suse": "opensuse", "sles": "opensuse",
}


def system_family(
    os_release: Path = Path("/etc/os-release"), platform: str | None = None
) -> Family | None:
    """This machine's package-manager family, from /etc/os-release (ID, then ID_LIKE)."""
    platform = sys.platform if platform is None else platform
    if platform == "darwin":
        return "macos"
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip().strip("\"'").lower()
    for name in [fields.get("ID", ""), *fields.get("ID_LIKE", "").split()]:
        family = _LIKE.get(name) or _LIKE.get(name.split("-")[0])
        if family:
            return family
    return None


def install_command(part: str, family: Family | None) -> str:
    """How to install ``part`` here, e.g. "sudo dnf install pipewire-utils"; on a system this
    does not know, the command for each family that has it."""
    packages = SYSTEM_PACKAGES[part]
    if family is not None and family in packages:
        return f"{INSTALLERS[family]} {packages[family]}"
    return "; ".join(
        f"{FAMILY_NAMES[f]}: {INSTALLERS[f]} {package}" for f, package in packages.items()
    )


def this_system() -> Family | None:
    """This machine's family (read each time it is asked)."""
    return system_family()
