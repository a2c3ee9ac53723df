"""The ``stride`` command: the app, and the plan, history, progress, export and import in text.

Bad input never gives a traceback: a one-line message that says what is wrong and what is
allowed, exit status 2, and nothing written.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

from stride_tui import __version__
from stride_tui.cli.commands import COMMANDS
from stride_tui.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    MAX_MINUTES,
    MAX_TIME_SCALE,
    SHELLS,
    Options,
    UsageError,
    one_line,
)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every parser of the command line (sub-parsers too) formats help with _Formatter.
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        # The parser of each command (set on the top-level parser by ``build_parser``).
        self.commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        # A sub-command's error points at its own help (`stride treadmill --help`).
        self.exit(EXIT_USAGE, f"stride: error: {one_line(message)} (see `{self.prog} --help`)\n")

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        # argparse reports words nobody took from the top-level parser, pointing at `stride
        # --help`; the command's own help is where its options are listed.
        namespace, extras = self.parse_known_args(*args, **kwargs)
        if extras:
            by = self.commands.get(getattr(namespace, "command", None) or "", self)
            by.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace


def _positive_minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_MINUTES or not (text.strip().isascii() and text.strip().isdigit()):
        raise argparse.ArgumentTypeError(
            f"minutes must be a whole number from 1 to {MAX_MINUTES}, got {text!r}"
        )
    return value


def _time_scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= MAX_TIME_SCALE:
        raise argparse.ArgumentTypeError(
            f"time scale must be a number above 0 and at most {MAX_TIME_SCALE:g}, got {text!r}"
        )
    return value


def _pain(text: str) -> int:
    from stride_tui.core.safety import PainScoreError, parse_pain_score

    try:
        return parse_pain_score(text)
    except PainScoreError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _day(text: str, first: date | None = None) -> date:
    from stride_tui.core.records import FIRST_DAY, LAST_DAY

    first = first or FIRST_DAY
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"date must be a real calendar date like 2026-03-02, got {text!r}"
        ) from exc
    if not first <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"date must be from {first} to {LAST_DAY}, got {text!r}")
    return day


def _surgery_day(text: str) -> date:
    return _day(text, date(1900, 1, 1))  # surgery may predate Stride's range by decades


class _Choice:
    """Parses one of an enum's values; ``values`` lists them for help and shell completion."""

    def __init__(self, enum_name: str) -> None:
        from stride_tui.core import records

        self.enum_name = enum_name
        self.enum = getattr(records, enum_name)
        self.values = tuple(e.value for e in self.enum)

    def __call__(self, text: str) -> Any:
        try:
            return self.enum(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(
                f"unknown {self.enum_name.lower()} {text!r}; allowed: {', '.join(self.values)}"
            ) from exc


def _choice(enum_name: str) -> _Choice:
    return _Choice(enum_name)


class _OnOff:
    values = ("on", "off")

    def __call__(self, text: str) -> bool:
        if text not in self.values:
            raise argparse.ArgumentTypeError(f"expected on or off, got {text!r}")
        return text == "on"


_on_off = _OnOff()

# What each condition is, in the words of the first-run form (``stride profile --help``).
_CONDITIONS_EPILOG = """\
conditions (--condition NAME, repeatable; each changes how the walk is done):
  spinal-stenosis     spinal stenosis
  disc-herniation     a recent disc herniation (still being treated)
  spondylolisthesis   an unstable spondylolisthesis
  microdiscectomy     after a microdiscectomy (give --surgery-date too)

DATE is a calendar date written YYYY-MM-DD, e.g. 2026-03-02."""


# Each command and its one line in `stride --help`, in the order listed there.
_HELP = {
    "walk": "go straight to today's check-in",
    "plan": "the plan's weeks and today's target",
    "history": "every session, newest first",
    "progress": "one week's progress",
    "export": "export every session",
    "import": "import a Stride JSON export",
    "doctor": "check that sound and notifications reach you",
    "profile": "show or change your profile",
    "log": "record a walk done without the app",
    "completion": "print a shell completion script (bash, zsh or fish)",
    "treadmill": "find, remember and watch a Bluetooth FTMS treadmill",
}
# The global options that take a value (the next word, or after "=").
_GLOBALS_WITH_VALUE = ("--data-dir", "--time-scale", "--config")


class _TryAgain(Exception):
    """A parser built for one command met something it was not built for."""


class _TryParser(_Parser):
    def error(self, message: str) -> NoReturn:
        raise _TryAgain(message)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the options of that command only ("" for none:
    the app), every other command listed by name and help. Building every command's options
    costs more than the rest of a quick command (argparse makes a formatter per option), so
    ``parse_args`` builds the one named and falls back to the whole parser when in doubt."""
    parser_class = _Parser if only is None else _TryParser

    # Global options work before or after the command: each sub-parser shares them, with
    # SUPPRESS so a sub-parser does not overwrite a value given before the command.
    def add_globals(p: argparse.ArgumentParser, default: Any) -> None:
        def d(value: Any) -> Any:
            return value if default is None else argparse.SUPPRESS

        p.add_argument("--data-dir", metavar="DIR", default=d(None),
                       help="where Stride keeps its data (default: your user data directory; "
                            "or set STRIDE_DATA_DIR)")
        p.add_argument("--mute", action="store_true", default=d(False),
                       help="start with sound off")
        p.add_argument("--no-notify", action="store_true", default=d(False),
                       help="no desktop notifications")
        p.add_argument("--time-scale", type=_time_scale, metavar="X", default=d(1.0),
                       help="run the session clock X times faster, a number above 0 and at "
                            f"most {MAX_TIME_SCALE:g} (a rehearsal or demo: it never counts "
                            "as progress)")
        p.add_argument("--config", metavar="FILE", default=d(None),
                       help="the settings file (default: settings.toml in your user config "
                            "directory; or set STRIDE_CONFIG)")

    parser = parser_class(
        prog="stride",
        description="Stride: a guided, progressive walking programme for lower back pain.",
        epilog="Run `stride` with no command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"stride {__version__}")
    add_globals(parser, None)
    _add_companion_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=parser_class)
    common: list[argparse.ArgumentParser] = []
    for name, text in _HELP.items():
        if only is not None and name != only:
            sub.add_parser(name, help=text, add_help=False)
            continue
        if not common and name != "completion":
            common.append(parser_class(add_help=False))
            add_globals(common[0], argparse.SUPPRESS)
        _COMMAND_OPTIONS[name](sub, name, text, [] if name == "completion" else common)
    parser.commands = dict(sub.choices)
    return parser


_Sub = Any  # argparse's sub-parsers action (its class is not public)


def _walk_options(sub: _Sub, name: str, text: str, parents: list[argparse.ArgumentParser]) -> None:
    walk = sub.add_parser(name, parents=parents, help=text)
    walk.add_argument("--minutes", type=_positive_minutes, metavar="N",
                      help=f"walk N minutes instead of today's target (1 to {MAX_MINUTES})")
    _add_companion_options(walk, argparse.SUPPRESS)


def _plan_options(sub: _Sub, name: str, text: str, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(name, parents=parents, help=text)
    p.add_argument("--json", action="store_true", help="print JSON")
    if name == "history":
        p.add_argument("--limit", type=_positive_int, metavar="N",
                       help="only the newest N sessions (a whole number, 1 or more)")


def _progress_options(sub: _Sub, name: str, text: str,
                      parents: list[argparse.ArgumentParser]) -> None:
    progress = sub.add_parser(name, parents=parents, help=text)
    progress.add_argument("--week", metavar="YYYY-Www", help="an ISO week, e.g. 2026-W09")
    progress.add_argument("--json", action="store_true", help="print JSON")


def _export_options(sub: _Sub, name: str, text: str,
                    parents: list[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(name, parents=parents, help=text)
    export.add_argument("--format", choices=("json", "csv"), default="json",
                        help="json (every detail; `stride import` reads it back) or csv "
                             "(one row a session, for a spreadsheet); default: json")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    export.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (never through a symbolic link)")


def _import_options(sub: _Sub, name: str, text: str,
                    parents: list[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(name, parents=parents, help=text)
    imp.add_argument("file", metavar="FILE",
                     help="a JSON file written by `stride export` (CSV cannot be imported)")


def _doctor_options(sub: _Sub, name: str, text: str,
                    parents: list[argparse.ArgumentParser]) -> None:
    doctor = sub.add_parser(name, parents=parents, help=text)
    doctor.add_argument("--test", action="store_true",
                        help="play a chime and a spoken cue and send a test notification")


def _profile_options(sub: _Sub, name: str, text: str,
                     parents: list[argparse.ArgumentParser]) -> None:
    profile = sub.add_parser(name, parents=parents, help=text,
                             description="Show your profile, or change the parts you name.",
                             epilog=_CONDITIONS_EPILOG, formatter_class=_RawFormatter)
    surfaces, conditions, sounds = _choice("Surface"), _choice("Condition"), _choice("SoundMode")
    profile.add_argument("--start-date", type=_day, metavar="DATE",
                         help="the day your programme started; its weeks count from it")
    profile.add_argument("--surface", type=surfaces, metavar="|".join(surfaces.values),
                         help="where you walk: " + ", ".join(surfaces.values))
    profile.add_argument("--condition", type=conditions, action="append", metavar="NAME",
                         help="a condition that changes how you walk (repeatable): "
                              + ", ".join(conditions.values) + "; replaces the list")
    profile.add_argument("--no-conditions", action="store_true", help="clear all conditions")
    profile.add_argument("--surgery-date", type=_surgery_day, metavar="DATE",
                         help="the day of your microdiscectomy (with --condition "
                              "microdiscectomy)")
    profile.add_argument("--sound", type=sounds, metavar="|".join(sounds.values),
                         help="voice (spoken cues and chimes), chime (chimes only) or off")
    profile.add_argument("--notifications", type=_on_off, metavar="on|off",
                         help="desktop notifications for cues: on or off")
    profile.add_argument("--evaluated", type=_day, metavar="DATE",
                         help="you were checked by a physical therapist or doctor on DATE: "
                              "lifts the pause for evaluation")
    # date.min (not a string, so argparse passes it through) stands for "today".
    profile.add_argument("--pause", type=_day, nargs="?", const=date.min, metavar="DATE",
                         help="ill or away from DATE (default today): progression is frozen, "
                              "missed weeks do not count")
    profile.add_argument("--resume", action="store_true", help="end the ill/away pause today")
    profile.add_argument("--json", action="store_true", help="print JSON")
    profile.add_argument("--units", type=_choice("Units"),
                         help="metric (km/h) or imperial (mph); a units line in the settings "
                              "file is changed to match")


def _log_options(sub: _Sub, name: str, text: str, parents: list[argparse.ArgumentParser]) -> None:
    log = sub.add_parser(name, parents=parents, help=text)
    log.add_argument("--minutes", type=_positive_minutes, required=True, metavar="N",
                     help=f"how long you walked, in whole minutes (1 to {MAX_MINUTES}; required)")
    log.add_argument("--date", type=_day, metavar="DATE",
                     help="the day you walked, YYYY-MM-DD (default: today)")
    log.add_argument("--pain-before", type=_pain, metavar="0-10",
                     help="your pain before the walk, 0 (none) to 10 (worst)")
    log.add_argument("--pain-after", type=_pain, metavar="0-10",
                     help="your pain after the walk, 0 (none) to 10 (worst)")


def _completion_options(sub: _Sub, name: str, text: str,
                        parents: list[argparse.ArgumentParser]) -> None:
    completion = sub.add_parser(
        name, parents=parents, help=text,
        description="Print the completion script for SHELL. bash: add "
                    '`eval "$(stride completion bash)"` to ~/.bashrc; zsh: add '
                    '`eval "$(stride completion zsh)"` to ~/.zshrc after compinit; fish: '
                    "`stride completion fish > ~/.config/fish/completions/stride.fish`.")
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL",
                            help="the shell to complete for: " + ", ".join(SHELLS))


def _treadmill_options(sub: _Sub, name: str, text: str,
                       parents: list[argparse.ArgumentParser]) -> None:
    treadmill = sub.add_parser(name, parents=parents, help=text)
    actions = treadmill.add_subparsers(dest="treadmill_action", metavar="ACTION",
                                       parser_class=type(treadmill), required=True)
    scan = actions.add_parser("scan", help="list FTMS treadmills nearby")
    scan.add_argument("--seconds", type=_scan_seconds, default=8.0, metavar="S",
                      help="how long to look (default 8)")
    use = actions.add_parser("use", help="remember the treadmill at ADDRESS for your walks")
    use.add_argument("address", metavar="ADDRESS")
    watch = actions.add_parser("watch", help="print live readings until Ctrl+C")
    watch.add_argument("address", metavar="ADDRESS", nargs="?",
                       help="default: the remembered treadmill")
    watch.add_argument("--seconds", type=_scan_seconds, metavar="S", help="stop after S seconds")
    actions.add_parser("forget", help="forget the remembered treadmill")


_COMMAND_OPTIONS = {
    "walk": _walk_options, "plan": _plan_options, "history": _plan_options,
    "progress": _progress_options, "export": _export_options, "import": _import_options,
    "doctor": _doctor_options, "profile": _profile_options, "log": _log_options,
    "completion": _completion_options, "treadmill": _treadmill_options,
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The command these words name ("" for none: the app), as far as a quick look can tell;
    None when unsure (the whole parser then decides)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "--":
            return None
        if word.startswith("-"):
            # An option that takes the next word as its value, or a prefix of one (argparse
            # accepts unambiguous prefixes: --data DIR).
            skip = "=" not in word and len(word) > 2 and any(
                option.startswith(word) for option in _GLOBALS_WITH_VALUE)
            continue
        return word if word in _HELP else None
    return ""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line's meaning. The parser is built for the command named when that is
    clear; anything it was not built for (an error, a different command) is parsed again by
    the whole parser, which gives the same answers and messages as always."""
    words = sys.argv[1:] if argv is None else list(argv)
    only = _command_in(words)
    if only is not None:
        try:
            args = build_parser(only).parse_args(words)
        except _TryAgain:
            pass
        else:
            if (args.command or "") == only:
                return args
    return build_parser().parse_args(words)


def _columns() -> int:
    # What shutil.get_terminal_size() answers for argparse's help (COLUMNS, then the terminal,
    # then 80), without importing shutil (and its compression modules) for a quick command.
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        stdout = sys.__stdout__
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         width if width is not None else _columns() - 2)


class _RawFormatter(argparse.RawDescriptionHelpFormatter, _Formatter):
    pass


def _scan_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"seconds must be above 0 and at most 600, got {text!r}")
    return value


def _add_companion_options(p: argparse.ArgumentParser, default: Any = None) -> None:
    p.add_argument("--companion", dest="companion", action="store_const", const="local",
                   default=default, help="serve the phone page on this computer (address and "
                                         "QR code shown)")
    p.add_argument("--companion-lan", dest="companion", action="store_const", const="lan",
                   default=default, help="serve the phone page on your local network, for a "
                                         "phone on the same Wi-Fi")
    p.add_argument("--phone-sound-only", action="store_true",
                   default=False if default is None else default,
                   help="the computer stays quiet while a phone page is connected")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or not text.strip().isascii():
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv`` when None) and return its exit status."""
    return _run(argv)[0]


#: The commands that, once they return, have printed and saved all they did (their store
#: closed, its files fsynced) and started no thread: ``run`` leaves the process at once after
#: them. Not the app, `walk`, `doctor` or `treadmill`, which run threads for sound,
#: notifications or Bluetooth.
_LEAVE_AT_ONCE = frozenset({
    "plan", "history", "progress", "export", "import", "profile", "log", "completion",
})


def run() -> NoReturn:
    """The `stride` command as the shell runs it (its console script, ``python -m
    stride_tui``): ``main``, then exit.

    After a command of ``_LEAVE_AT_ONCE`` with no other thread running, the process leaves
    with ``os._exit`` once standard output and error are flushed, instead of tearing down the
    interpreter: freeing every module and ten years of digests one by one, then a last
    collection over them, took 7-9 ms of each such command whatever the store's size (30
    interleaved runs: `plan --json` 80.8 -> 72.0 ms with 3,650 sessions kept, 49.1 -> 42.2 ms
    with none). Nothing is left to do by then: the store was closed by the command, and no exit
    handler has work left (the one a command can register, ``weakref.finalize``'s for `export`'s
    temporary folder, finds it removed at the end of its ``with`` block). Anything else, or an
    exception, exits the usual way.
    """
    code, command = _run(None)
    if command in _LEAVE_AT_ONCE and threading.active_count() == 1:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # None: started with that descriptor closed
                    stream.flush()
        except (OSError, ValueError):
            pass  # the usual exit then says what went wrong
        else:
            os._exit(code)
    raise SystemExit(code)


def _run(argv: Sequence[str] | None) -> tuple[int, str | None]:
    """The exit status, and the command that ran (None if the command line was not read)."""
    # A command is a short run: it makes tens of thousands of objects (modules, classes, ten
    # years of digests) that are freed by reference counting or live until the exit, and the
    # collector's scans of them find almost nothing (measured: 24-29 collections, 9 ms of a
    # 100 ms `plan --json` with ten years kept). They are paused for the run and restored on
    # return (the tests call this in-process). The app and `stride treadmill`, which run for
    # as long as a walk, turn them back on once started (``collector_paused`` below).
    collecting = gc.isenabled()
    gc.disable()
    ran: list[str] = []
    try:
        return _main(argv, collecting, ran), (ran[0] if ran else None)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, collecting: bool, ran: list[str]) -> int:
    args = parse_args(argv)
    if sys.stdout is None:
        # Started with standard output closed (`stride export >&-`): Python then has none, and
        # a command writing to it failed with a traceback. Said once; what it prints goes
        # nowhere, as print() does with none, and nothing stored is touched by that.
        print("stride: standard output is closed: what this command prints goes nowhere",
              file=sys.stderr)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (to the exit)
    if args.command == "completion":
        from stride_tui.cli.completion import script

        sys.stdout.write(script(args.shell, build_parser()))
        ran.append("completion")
        return EXIT_OK
    from stride_tui.core.records import RecordError
    from stride_tui.store import StoreError, resolve_data_dir

    try:
        opts = Options(
            data_dir=resolve_data_dir(args.data_dir),
            mute=args.mute,
            notify=not args.no_notify,
            time_scale=args.time_scale,
            config=args.config,
            collector_paused=collecting,
        )
        command = args.command or "app"
        ran.append(command)
        if command == "treadmill":
            from stride_tui.cli.treadmill import run_treadmill

            return run_treadmill(args, opts)
        return int(COMMANDS[command](args, opts))
    except (UsageError, StoreError, RecordError) as exc:
        print(f"stride: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        _quiet_broken_pipe()
        return EXIT_OK
    finally:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()


def _quiet_broken_pipe() -> None:
    # The reader went away (`stride plan | head`): send what is left nowhere, quietly.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
