"""A real terminal for Stride: tmux driving the installed ``stride`` command, read back as text.

Everything here works on what a person would see (the screen, the exit status) or what Stride
leaves on disk (``stride history --json``, the checkpoint file), never on the app's insides.
The one borrowing: the walk clock's block font comes from the app's own widget, so the screen
reader keeps up when the clock is redrawn differently.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
# The installed command, as a person runs it (falls back to the module in an odd venv).
STRIDE: list[str] = (
    [str(BIN / "stride")] if (BIN / "stride").exists() else [sys.executable, "-m", "stride_tui"]
)
# Keep sound and notifications out of the way: these tests are about time and data.
QUIET = ("--mute", "--no-notify")


class Timeout(AssertionError):
    """What was waited for never showed; the message carries the last screen."""


def wait_until(
    check: Callable[[], Any], timeout: float, what: str, *, every: float = 0.05
) -> Any:
    """Poll ``check`` until it returns something truthy; return that, or fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise Timeout(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(every)


# --- clocks, read back from the screen --------------------------------------------------------
#
# The walk screen draws its clocks large: in Stride's own block digits (at one or two cells a
# pixel), in Textual's 3×3 Digits, or as plain text when the terminal is too small for either.
# Each font is (glyphs, gap between glyphs); a clock is found by its colon, then read outward.

Glyphs = dict[str, tuple[str, ...]]


def _textual_digits() -> Glyphs:
    from textual.renderables.digits import DIGITS, DIGITS3X3

    return {
        char: tuple(DIGITS3X3[n * 3 + i].ljust(3) for i in range(3))
        for n, char in enumerate(DIGITS) if char in "0123456789:"
    }


def _fonts() -> list[tuple[Glyphs, int]]:
    fonts = [(_textual_digits(), 0)]
    try:
        from stride_tui.ui.widgets.big_clock import big_text
    except ImportError:  # the app draws its clock some other way now
        return fonts
    for scale in (1, 2):
        glyphs = {char: tuple(big_text(char, scale)) for char in "0123456789:"}
        fonts.append((glyphs, 1))
    return fonts


_FONTS = _fonts()
_PLAIN = re.compile(r"^[\s│┃|]*(\d{1,3}:\d\d)[\s│┃|]*$")


def _read_font(lines: list[str], glyphs: Glyphs, gap: int) -> list[tuple[int, int, str]]:
    colon = glyphs[":"]
    height = len(colon)
    digit_width = len(glyphs["0"][0])
    by_rows = {rows: char for char, rows in glyphs.items() if char != ":"}
    found: list[tuple[int, int, str]] = []
    for top in range(len(lines) - height + 1):
        rows = [line.ljust(400) for line in lines[top : top + height]]
        key = colon[1]
        for match in re.finditer(re.escape(key), rows[1]):
            start = match.start()
            if tuple(r[start : start + len(colon[0])] for r in rows) != colon:
                continue

            def digit(col: int, rows: list[str] = rows) -> str | None:
                if col < 0:
                    return None
                return by_rows.get(tuple(r[col : col + digit_width] for r in rows))

            minutes = ""
            col = start - gap - digit_width
            while (char := digit(col)) is not None:
                minutes = char + minutes
                col -= gap + digit_width
            right = start + len(colon[0]) + gap
            seconds = "".join(
                digit(right + i * (gap + digit_width)) or "?" for i in range(2)
            )
            if minutes and seconds.isdigit():
                found.append((top, start, f"{int(minutes)}:{seconds}"))
    return found


def clocks(screen: str) -> list[str]:
    """Every large ``m:ss`` clock on the screen, top to bottom then left to right.

    A clock drawn as plain text (a cramped terminal) counts when it stands alone on its line.
    """
    lines = screen.splitlines()
    found: list[tuple[int, int, str]] = []
    for glyphs, gap in _FONTS:
        found.extend(_read_font(lines, glyphs, gap))
    if not found:
        for n, line in enumerate(lines):
            for part in re.split(r"[│┃]{1,2}", line):
                if match := _PLAIN.match(part):
                    found.append((n, line.index(match[1]), match[1]))
    return [clock for _, _, clock in sorted(found)]


def seconds_of(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)


_FRAMES = str.maketrans({c: " " for c in "▌▐│┃╭╮╰╯─━"})


def flat(screen: str) -> str:
    """The screen's words on one line: toasts and wrapped messages can be searched as text."""
    return " ".join(screen.translate(_FRAMES).split())


def says(screen: str, phrase: str) -> bool:
    """The screen shows ``phrase``'s words in order, even where a toast shares its lines with
    the screen beneath it (the words of the two interleave, line by line)."""
    words = phrase.split()
    pattern = ".{1,160}?".join(re.escape(w) for w in words)
    return re.search(pattern, flat(screen)) is not None


# --- tmux ----------------------------------------------------------------------------------


def pane_status(socket: str, pane: str = "app") -> tuple[bool, int | None]:
    """(dead, exit status) of the process in tmux ``pane`` on server ``socket``; a signal that
    ended it is given as minus its number, and a status not known yet as None."""
    out = subprocess.run(
        ["tmux", "-L", socket, "display", "-p", "-t", pane,
         "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"],
        capture_output=True, text=True, check=False,
    ).stdout
    fields = out.strip().split(":")
    if len(fields) != 4:
        return (True, None)
    dead, status, signal, pid = fields
    if dead != "1":
        return (False, None)
    if status.isdigit():
        return (True, int(status))
    if signal.isdigit():
        return (True, -int(signal))
    return (True, _zombie_status(pid))


def _zombie_status(pid: str) -> int | None:
    """A dead pane process's status read from /proc while it awaits reaping.

    Now and then tmux 3.3 marks the pane dead (its terminal closed) and then leaves the process
    a zombie for good, never learning its status; the kernel still has it.
    """
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] != "Z":
        return None
    wait_status = int(fields[-1])  # exit_code, as waitpid(2) reports it
    if os.WIFEXITED(wait_status):
        return os.WEXITSTATUS(wait_status)
    return -os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None


class Terminal:
    """One tmux server (its own socket) with one pane running Stride."""

    def __init__(self, data_dir: Path, *, width: int = 100, height: int = 30) -> None:
        self.socket = f"stride-res-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.data_dir = data_dir
        self.width = width
        self.height = height
        self.started = False
        self.shell = False

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start(self, *args: str, env: dict[str, str] | None = None, shell: bool = False) -> None:
        """Run ``stride --data-dir DIR ARGS`` in the pane (again, if it ran before).

        With ``shell`` a shell runs Stride as its child, the way a person starts it from their
        own shell. tmux sends SIGCONT to a pane's own process as soon as it stops, so a test
        that freezes Stride (SIGSTOP) needs Stride one step away from tmux.
        """
        self.run([*STRIDE, "--data-dir", str(self.data_dir), *args],
                 env={"STRIDE_DATA_DIR": str(self.data_dir), **(env or {})}, shell=shell)

    def run(self, argv: list[str], *, env: dict[str, str] | None = None,
            unset: tuple[str, ...] = (), shell: bool = False) -> None:
        """Run any command in the pane, with ``env`` set and ``unset`` removed."""
        # No COLUMNS/LINES from the test run: the app must take its size from the terminal.
        removed = [arg for name in ("COLUMNS", "LINES", *unset) for arg in ("-u", name)]
        command = " ".join(
            ["env", *removed, *(shlex.quote(f"{k}={v}") for k, v in (env or {}).items()),
             *map(shlex.quote, argv)]
        )
        # "; exit $?" keeps the shell from replacing itself with its last command.
        command = f"{command}; exit $?" if shell else f"exec {command}"
        self.shell = shell
        if not self.started:
            self.tmux("new-session", "-d", "-s", "app", "-x", str(self.width),
                      "-y", str(self.height), ";", "set-option", "-t", "app",
                      "remain-on-exit", "on", ";", "respawn-pane", "-k", "-t", "app", command)
            self.started = True
        else:
            self.tmux("respawn-pane", "-k", "-t", "app", command)

    def keys(self, *keys: str, pause: float = 0.15) -> None:
        """Press keys one at a time, as a person would (a burst can outrun focus changes)."""
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            time.sleep(pause)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "app", "-p", check=False)

    def wait_for(self, text: str | Callable[[str], Any], timeout: float = 10.0) -> str:
        """Wait until the screen shows ``text`` (or ``text(screen)`` is truthy); the screen."""
        found: list[str] = []

        def check() -> bool:
            screen = self.screen()
            found[:] = [screen]
            ok = text(screen) if callable(text) else text in flat(screen)
            return bool(ok)

        try:
            wait_until(check, timeout, repr(text))
        except Timeout as exc:
            status = self.status()
            raise Timeout(f"{exc}; pane dead={status}; screen:\n{found[0] if found else ''}"
                          ) from None
        return found[0]

    def scrollback(self) -> str:
        """The screen and the lines that scrolled off it (a message printed on the way out)."""
        return self.tmux("capture-pane", "-t", "app", "-p", "-S", "-", check=False)

    def status(self) -> tuple[bool, int | None]:
        """(dead, exit status) of the pane's process; a signal that ended it as minus its number."""
        return pane_status(self.socket)

    def wait_exit(self, timeout: float = 10.0) -> int | None:
        """Wait for the app to exit; its exit status.

        tmux marks the pane dead as soon as its terminal closes, which can be a moment before
        it has collected the process's status: wait for that too.
        """
        try:
            wait_until(lambda: self.status()[0], timeout, "the app to exit")
        except Timeout as exc:
            # What the app shows instead of having gone (a key it did not take, a question).
            raise Timeout(f"{exc}; screen:\n{self.screen()}") from None
        try:
            wait_until(lambda: self.status()[1] is not None, 5, "the app's exit status")
        except Timeout:
            return None
        return self.status()[1]

    def pid(self) -> int:
        """The Stride process (under ``shell``, the pane's shell's child)."""
        pane = int(self.tmux("display", "-p", "-t", "app", "#{pane_pid}").strip())
        if not self.shell:
            return pane

        def child() -> int | None:
            with open(f"/proc/{pane}/task/{pane}/children") as f:
                pids = f.read().split()
            return int(pids[0]) if pids else None

        found: int = wait_until(child, 5, "Stride under the pane's shell")
        return found

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "app", "-x", str(width), "-y", str(height))

    def close(self) -> None:
        self.tmux("kill-server", check=False)


# --- the stride command, as a person would run it ------------------------------------------


def stride(data_dir: Path, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STRIDE, "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=timeout, check=False,
    )


def history(data_dir: Path) -> list[dict[str, Any]]:
    done = stride(data_dir, "history", "--json")
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def make_profile(data_dir: Path) -> None:
    """A profile that starts today: week 1 of the plan, no conditions."""
    from datetime import date

    done = stride(data_dir, "profile", "--start-date", date.today().isoformat())
    assert done.returncode == 0, done.stderr


def checkpoint(data_dir: Path) -> dict[str, Any] | None:
    """The walk checkpoint's session, or None when there is none (or it is being replaced)."""
    try:
        doc = json.loads((data_dir / "checkpoint.json").read_bytes())
    except (FileNotFoundError, ValueError):
        return None
    session: dict[str, Any] = doc["session"]
    return session


# --- a session, key by key -------------------------------------------------------------------

_UNANSWERED = re.compile(r"No\s+\?\s*$", re.MULTILINE)


def check_in(term: Terminal, pain: str = "2") -> None:
    """Answer "no" to each red-flag question and give pain now, then continue."""
    screen = term.wait_for("Before you walk", timeout=15)
    for _ in range(2 * len(_UNANSWERED.findall(screen))):
        left = len(_UNANSWERED.findall(term.screen()))
        if not left:
            break
        # Focus moves on to the next question just after the answer is drawn: a key pressed in
        # between would answer the same question again, so type at a person's pace.
        term.keys("n", pause=0.1)
        if not _UNANSWERED.findall(term.screen()):
            break
        if len(_UNANSWERED.findall(term.screen())) == left:
            term.keys("Enter", pause=0.2)  # moves the focus to the first unanswered question
    term.wait_for(lambda s: not _UNANSWERED.findall(s), timeout=5)
    term.keys(pain, pause=0)
    term.wait_for(f"Pain {pain}/10", timeout=5)
    term.keys("Enter", pause=0)
    # On to the warm-up (which a high --time-scale may already have run through).
    term.wait_for(lambda s: "Before you walk" not in s, timeout=5)


def skip_warm_up(term: Terminal) -> str:
    """Skip the whole warm-up; the first screen of the walk."""
    term.keys("S", pause=0)
    return term.wait_for(lambda s: "to go" in s and clocks(s), timeout=5)


def walked_on_screen(screen: str) -> int:
    """The walk screen's elapsed clock (the first clock on it), in seconds."""
    found = clocks(screen)
    assert found, f"no clock on the screen:\n{screen}"
    return seconds_of(found[0])


def wait_walked(term: Terminal, at_least: int, timeout: float) -> tuple[str, int]:
    """Wait until the walk clock shows ``at_least`` seconds; the screen and its clock."""
    screen = term.wait_for(
        lambda s: clocks(s) and seconds_of(clocks(s)[0]) >= at_least, timeout=timeout
    )
    return screen, walked_on_screen(screen)


def end_walk_early(term: Terminal) -> None:
    """End the walk with ``e`` and confirm with ``y``; wait for the after-walk question."""
    term.keys("e", pause=0.5)  # the confirmation's text is not checked here (see test_screens)
    term.keys("y", pause=0)
    term.wait_for("How is your back now?")


def offered_back(screen: str) -> int | None:
    """The walked time of the unfinished walk Home offers back, in seconds.

    Read from "Unfinished walk from Sat 28 Nov 13:21: 2:03 walked": a toast may cover the end
    of that line, so only what comes before the walked time is relied on.
    """
    match = re.search(r"Unfinished walk from [^:\n]*\d:\d\d: (\d+):(\d\d)", screen)
    return int(match[1]) * 60 + int(match[2]) if match else None


def answer_pain_after(term: Terminal, pain: str = "1", *, timeout: float = 15) -> None:
    """Give the after-walk pain score and continue (again if the key came before the focus)."""
    term.wait_for("How is your back now?", timeout=timeout)
    for _ in range(3):
        term.keys(pain, "Enter", pause=0.3)
        if "How is your back now?" not in term.screen():
            return
    raise AssertionError(f"the after-walk pain score was not taken:\n{term.screen()}")


def finish_after_walk(term: Terminal, pain: str = "1", *, timeout: float = 15) -> None:
    """After the walk (``timeout`` for it to end): pain now, skip strength if today has it,
    then the summary back Home."""
    answer_pain_after(term, pain, timeout=timeout)
    screen = term.wait_for(lambda s: "Session summary" in s or " of " in _title(s), timeout=10)
    while "Session summary" not in screen:
        title = _title(screen)  # strength (and from week 4 a cool-down): skip them all
        term.keys("S", pause=0)
        screen = term.wait_for(
            lambda s, title=title: "Session summary" in s or _title(s) not in ("", title),
            timeout=10,
        )
    term.wait_for("Saved to your history", timeout=10)
    term.keys("Enter", pause=0)
    term.wait_for("Press Enter to check in and start", timeout=10)


def _title(screen: str) -> str:
    match = re.search(r"^.*· move \d+ of \d+.*$", screen, re.MULTILINE)
    return match[0].strip() if match else ""
