"""`stride completion SHELL`: the scripts, run by the real shells, offer what `--help` lists."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from tests.conftest import need_commands

from .helpers import run

CONDITIONS = ["disc-herniation", "microdiscectomy", "spinal-stenosis", "spondylolisthesis"]


def _script(shell: str, tmp_path: Path) -> Path:
    result = run("completion", shell)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    path = tmp_path / f"stride.{shell}"
    path.write_text(result.stdout)
    return path


def _bash_complete(script: Path, *words: str) -> list[str]:
    """What bash offers after typing WORDS (the last one is the word being completed)."""
    line = " ".join(shlex.quote(w) for w in ("stride", *words))
    program = (
        f"source {shlex.quote(str(script))}\n"
        f"COMP_WORDS=({line}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()\n"
        '_stride; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True,
                          timeout=30, check=True)
    return [w for w in done.stdout.splitlines() if w]


def test_bash_registers_the_completion_when_the_script_is_sourced(tmp_path: Path) -> None:
    need_commands("bash")
    script = _script("bash", tmp_path)
    done = subprocess.run(
        ["bash", "--norc", "-c", f"source {shlex.quote(str(script))} && complete -p stride"],
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "complete -o filenames -F _stride stride"
    assert done.stderr == ""


def test_bash_offers_commands_options_and_the_allowed_values(tmp_path: Path) -> None:
    need_commands("bash")
    script = _script("bash", tmp_path)
    assert _bash_complete(script, "pro") == ["progress", "profile"]
    assert sorted(_bash_complete(script, "profile", "--condition", "")) == CONDITIONS
    assert _bash_complete(script, "profile", "--surface", "") == ["treadmill", "outdoor", "pool"]
    assert _bash_complete(script, "profile", "--sound", "") == ["voice", "chime", "off"]
    assert _bash_complete(script, "profile", "--notifications", "o") == ["on", "off"]
    # A global option's value before the command does not hide the command.
    assert _bash_complete(script, "--data-dir", "/tmp", "log", "--pain-b") == ["--pain-before"]
    assert _bash_complete(script, "log", "--minutes", "") == []  # a number: nothing to guess
    assert _bash_complete(script, "export", "--format", "") == ["json", "csv"]
    assert _bash_complete(script, "completion", "z") == ["zsh"]


def test_bash_completes_file_and_folder_arguments(tmp_path: Path) -> None:
    need_commands("bash")
    script = _script("bash", tmp_path)
    (tmp_path / "walks.json").write_text("{}")
    (tmp_path / "data").mkdir()
    prefix = str(tmp_path) + "/"
    assert _bash_complete(script, "import", prefix + "wa") == [prefix + "walks.json"]
    assert _bash_complete(script, "--data-dir", prefix + "d") == [prefix + "data"]
    assert _bash_complete(script, "export", "-o", prefix + "w") == [prefix + "walks.json"]


def test_zsh_script_is_valid_and_registers_with_compinit(tmp_path: Path) -> None:
    need_commands("zsh")
    script = _script("zsh", tmp_path)
    syntax = subprocess.run(["zsh", "-n", str(script)], capture_output=True, text=True,
                            timeout=30, check=False)
    assert (syntax.returncode, syntax.stderr) == (0, "")
    program = (
        f"autoload -Uz compinit && compinit -u -d {shlex.quote(str(tmp_path / 'zcompdump'))}; "
        f"source {shlex.quote(str(script))}; print -r -- $_comps[stride]"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}  # none of the developer's zsh
    done = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                          timeout=30, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "_stride"
    text = script.read_text()
    assert "--condition[" in text and "(spinal-stenosis disc-herniation" in text
    assert "'1:value:(bash zsh fish)'" in text


def test_fish_offers_the_condition_names_and_the_commands(tmp_path: Path) -> None:
    need_commands("fish")
    script = _script("fish", tmp_path)
    syntax = subprocess.run(["fish", "-n", str(script)], capture_output=True, text=True,
                            timeout=30, check=False)
    assert (syntax.returncode, syntax.stderr) == (0, "")

    def complete(line: str) -> list[str]:
        done = subprocess.run(
            ["fish", "--no-config", "-c",
             f"source {shlex.quote(str(script))}; complete -C {shlex.quote(line)}"],
            capture_output=True, text=True, timeout=30, check=True,
        )
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert sorted(complete("stride profile --condition ")) == CONDITIONS
    assert complete("stride pro") == ["profile", "progress"]
    assert sorted(complete("stride completion ")) == ["bash", "fish", "zsh"]
    assert "--pain-before" in complete("stride log --pain")


def test_an_unknown_shell_is_a_one_line_usage_error() -> None:
    result = run("completion", "tcsh")
    assert result.returncode == 2
    assert len(result.err_lines) == 1
    assert "bash, zsh, fish" in result.stderr or "'bash', 'zsh', 'fish'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_option_of_every_command_is_in_the_script(shell: str, tmp_path: Path) -> None:
    text = _script(shell, tmp_path).read_text()
    for option in ("--data-dir", "--time-scale", "--minutes", "--surface", "--condition",
                   "--surgery-date", "--sound", "--notifications", "--pain-after", "--limit",
                   "--week", "--format", "--output", "--evaluated", "--pause", "--resume"):
        name = option if shell != "fish" else f"-l {option[2:]}"
        assert name in text, f"{option} missing from the {shell} script"
    assert "stride" in text.splitlines()[0]
