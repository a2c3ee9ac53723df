"""--version and --help, for the command and each subcommand, through the installed script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stride_tui import __version__

from .helpers import STRIDE, run

COMMANDS = ("walk", "plan", "history", "progress", "export", "import", "doctor", "profile", "log")
GLOBAL_OPTIONS = ("--data-dir", "--mute", "--no-notify", "--time-scale")
OWN_OPTIONS = {
    "walk": ("--minutes",),
    "plan": ("--json",),
    "history": ("--json", "--limit"),
    "progress": ("--week", "--json"),
    "export": ("--format", "--output"),
    "import": ("FILE",),
    "doctor": ("--test",),
    "profile": ("--start-date", "--surface", "--condition", "--no-conditions",
                "--surgery-date", "--sound", "--notifications", "--json"),
    "log": ("--minutes", "--date", "--pain-before", "--pain-after"),
}


def test_installed_script_is_the_venvs() -> None:
    assert STRIDE.is_file(), f"{STRIDE} is missing: install the package editable in the venv"


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"stride {__version__}\n"
    assert result.stderr == ""


def test_python_dash_m_stride_tui_prints_the_version_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stride_tui", "--version"],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"stride {__version__}\n"


def test_help_lists_every_command_and_global_option(data_dir: Path) -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: stride")
    for name in COMMANDS:
        assert f"\n    {name} " in result.stdout, f"{name} missing from --help"
    for option in (*GLOBAL_OPTIONS, "--version", "--help"):
        assert option in result.stdout
    assert result.stderr == ""
    assert not data_dir.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_each_subcommand_help_shows_its_usage_and_options(command: str, data_dir: Path) -> None:
    result = run(command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: stride {command}")
    for option in (*OWN_OPTIONS[command], *GLOBAL_OPTIONS):
        assert option in result.stdout, f"{option} missing from `stride {command} --help`"
    assert result.stderr == ""
    assert not data_dir.exists()
