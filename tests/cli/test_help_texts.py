"""Every option says what it does and which values it takes, in `stride COMMAND --help`."""

from __future__ import annotations

import re

import pytest

from .helpers import run

COMMANDS = ("", "walk", "plan", "history", "progress", "export", "import", "doctor", "profile",
            "log", "completion")


def _options_without_help(text: str) -> list[str]:
    """Option rows of argparse's help with no words beside or under them."""
    rows = text.split("\noptions:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    bare = []
    for i, row in enumerate(rows):
        if not re.match(r"  -", row):
            continue
        beside = re.split(r"\S  +", row.strip(), maxsplit=1)
        under = rows[i + 1] if i + 1 < len(rows) else ""
        if len(beside) < 2 and not re.match(r" {10,}\S", under):
            bare.append(row.strip())
    return bare


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_has_a_help_text(command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    assert _options_without_help(result.stdout) == []


def test_profile_help_names_every_condition_surface_and_sound() -> None:
    text = " ".join(run("profile", "--help").stdout.split())
    for condition in ("spinal-stenosis", "disc-herniation", "spondylolisthesis",
                      "microdiscectomy"):
        assert f"{condition} " in text
    assert "--surface treadmill|outdoor|pool" in text
    assert "--sound voice|chime|off" in text
    assert "--notifications on|off" in text
    assert "YYYY-MM-DD" in text
    assert "DESIGN" not in text  # a document the user does not have


def test_the_ranges_of_numbers_are_in_the_help() -> None:
    log = " ".join(run("log", "--help").stdout.split())
    assert "1 to 120" in log and "0 (none) to 10 (worst)" in log
    assert "1 to 120" in " ".join(run("walk", "--help").stdout.split())
    assert "at most 3600" in " ".join(run("--help").stdout.split())
    export = " ".join(run("export", "--help").stdout.split())
    assert "json" in export and "csv" in export


def test_the_completion_help_says_how_to_install_each_script() -> None:
    text = " ".join(run("completion", "--help").stdout.split())
    assert "~/.bashrc" in text and "~/.zshrc" in text and "fish/completions" in text
