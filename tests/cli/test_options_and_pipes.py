"""Global options on either side of the command, a few cases in-process through
``stride_tui.cli.main``, and output into a pipe whose reader has gone."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from stride_tui.cli import build_parser, main, parse_args

from .helpers import STRIDE, run, seed, walk


@pytest.mark.parametrize("argv", [
    ["--mute", "--no-notify", "--time-scale", "60", "doctor"],
    ["doctor", "--mute", "--no-notify", "--time-scale", "60"],
    ["--mute", "doctor", "--no-notify", "--time-scale=60"],
], ids=["before", "after", "both-sides"])
def test_global_options_work_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.command, args.mute, args.no_notify, args.time_scale) == (
        "doctor", True, True, 60.0)


# Words a person might type: every command, options on either side, abbreviations, a value that
# is also a command's name, help, mistakes.
_ARGVS = [
    [], ["--mute"], ["--companion-lan", "--phone-sound-only"], ["walk", "--minutes", "12"],
    ["plan", "--json"], ["--data-dir", "plan", "history", "--json"], ["--data", "plan", "log",
    "--minutes", "5"], ["--data-dir=plan", "plan"],
    ["--data", "plan", "history"], ["--conf", "walk", "plan"], ["history", "--limit", "3"],
    ["progress", "--week", "2026-W09"], ["export", "--format", "csv", "-o", "x.csv"],
    ["import", "x.json"], ["doctor", "--test"], ["profile", "--surface", "treadmill",
    "--condition", "spinal-stenosis", "--units", "mi"], ["log", "--minutes", "20", "--pain-before",
    "3"], ["completion", "zsh"], ["treadmill", "watch", "--seconds", "5"], ["treadmill", "forget"],
    ["--time-scale", "30", "walk"], ["--", "plan"], ["plan", "--bogus"], ["nosuch"],
    ["log"], ["log", "--minutes", "0"], ["profile", "--surface", "mud"], ["treadmill"],
    ["history", "--limit", "zero"], ["--data-dir"], ["plan", "--help"], ["--help"],
]


@pytest.mark.parametrize("argv", _ARGVS, ids=[" ".join(a) or "(none)" for a in _ARGVS])
def test_the_parser_built_for_one_command_answers_as_the_whole_one(
    argv: list[str], capsys: pytest.CaptureFixture[str],
) -> None:
    # parse_args builds only the named command's options (what a quick command pays for):
    # its answers, errors and help are the whole parser's, word for word.
    def outcome(parse: object) -> tuple[object, str, str]:
        try:
            result: object = vars(parse(argv))  # type: ignore[operator]
        except SystemExit as exc:
            result = ("exit", exc.code)
        out, err = capsys.readouterr()
        return result, out, err

    assert outcome(parse_args) == outcome(build_parser().parse_args)


def test_the_parser_for_one_command_lists_every_command_but_builds_only_that_one() -> None:
    lazy = build_parser("plan")
    whole = build_parser()
    assert lazy.format_help() == whole.format_help()
    # The plan's own options are there; another command's are not.
    assert vars(lazy.parse_args(["plan", "--json"]))["json"] is True
    with pytest.raises(Exception, match="unrecognized arguments: --limit"):
        lazy.parse_args(["history", "--limit", "3"])


def test_global_options_default_when_not_given() -> None:
    args = build_parser().parse_args(["plan"])
    assert (args.data_dir, args.mute, args.no_notify, args.time_scale) == (None, False, False,
                                                                         1.0)


def test_data_dir_given_before_the_command_is_used(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIDE_TODAY", "2026-03-06")
    elsewhere = tmp_path / "elsewhere"
    assert main(["--data-dir", str(elsewhere), "log", "--minutes", "5"]) == 0
    assert capsys.readouterr().out == "Logged a 5-minute walk on 2026-03-06.\n"
    assert (elsewhere / "stride.json").is_file()
    assert not data_dir.exists()  # STRIDE_DATA_DIR was not used

    assert main(["history", "--json", "--data-dir", str(elsewhere)]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert only["walked_seconds"] == 300.0


def test_main_prints_the_plan_as_json(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIDE_TODAY", "2026-03-04")
    assert main(["plan", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["today"], data["week"], data["target"]["minutes"]) == ("2026-03-04", 1, 10)


def test_main_refuses_bad_minutes_with_exit_2_and_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["log", "--minutes", "0"])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("stride: error: argument --minutes:") and "1 to 120" in line
    assert line.endswith("(see `stride log --help`)")
    assert not data_dir.exists()


@pytest.mark.parametrize(("argv", "words", "helps"), [
    (["history", "--since", "2026-01-01"], "--since 2026-01-01", "stride history --help"),
    (["plan", "--json", "extra"], "extra", "stride plan --help"),
    (["--mute", "treadmill", "forget", "--now"], "--now", "stride treadmill --help"),
    (["--bogus"], "--bogus", "stride --help"),
], ids=["history", "plan", "treadmill", "no-command"])
def test_an_unknown_word_points_at_its_commands_help(
    argv: list[str], words: str, helps: str, capsys: pytest.CaptureFixture[str],
    data_dir: Path,
) -> None:
    # argparse finds words nobody took only after the command has been parsed, and reports
    # them from the top-level parser; the person needs the command's own list of options.
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"stride: error: unrecognized arguments: {words} (see `{helps}`)"
    assert not data_dir.exists()


def test_main_returns_2_for_a_store_error(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert main(["--data-dir", str(a_file), "log", "--minutes", "5"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("stride: ") and "not a folder" in line


@pytest.mark.parametrize("args", [("plan", "--json"), ("history",)], ids=["plan", "history"])
def test_output_into_a_closed_pipe_exits_quietly(args: tuple[str, ...]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before stride writes a byte, e.g. `stride plan | true`
    # As people run it: Python's stdout block-buffered (no PYTHONUNBUFFERED from the test runner).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    try:
        done = subprocess.run([str(STRIDE), *args], stdout=write_end, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, env=env, timeout=30, check=False)
    finally:
        os.close(write_end)
    assert done.stderr == b""
    assert done.returncode == 0


def _on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """What ``stride ARGS`` prints with a pseudo-terminal as its output, as a person sees it."""
    import pty

    main_fd, child_fd = pty.openpty()
    try:
        child = subprocess.Popen([str(STRIDE), *args], stdout=child_fd, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, env=env)
        os.close(child_fd)
        chunks = []
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the child closed the terminal (EIO on Linux)
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert child.wait(timeout=30) == 0
    finally:
        os.close(main_fd)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def test_json_is_indented_on_a_terminal_and_one_line_a_session_into_a_pipe(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "STRIDE_DATA_DIR": str(tmp_path / "data"), "STRIDE_TODAY": "2026-03-06"}
    seed(tmp_path / "data", None, [walk(date(2026, 3, d), 20) for d in (2, 3, 4)])
    piped = run("history", "--json", today="2026-03-06", data_dir=tmp_path / "data").stdout
    shown = _on_a_terminal("history", "--json", env=env)
    assert json.loads(piped) == json.loads(shown)
    assert len(json.loads(piped)) == 3
    # Into a pipe: the brackets, and each session whole on its own line (a program reading a
    # line at a time gets a session at a time).
    lines = piped.splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == 5
    assert [json.loads(line.rstrip(","))["day"] for line in lines[1:-1]] == [
        "2026-03-04", "2026-03-03", "2026-03-02"]
    # On a terminal: indented for reading.
    assert shown.startswith('[\n  {\n    "id": ')
    plan_piped = run("plan", "--json", today="2026-03-06", data_dir=tmp_path / "data").stdout
    plan_shown = _on_a_terminal("plan", "--json", env=env)
    assert json.loads(plan_piped) == json.loads(plan_shown)
    assert plan_piped.count("\n") == 1 and plan_shown.startswith('{\n  "today": "2026-03-06"')
