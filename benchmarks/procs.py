"""Running the benchmarks' child processes and timing them from outside."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "benchmarks" / "children.py"
PY = sys.executable
_counter = itertools.count(1)
AUTOGROUP = Path("/proc/self/autogroup")


def autogroup_nice() -> int | None:
    """This process's autogroup nice value (Linux), or None where there is none.

    With autogroups on (``/proc/sys/kernel/sched_autogroup_enabled``), the scheduler first
    shares CPU fairly between sessions, then by nice value within one: a busy machine's other
    sessions each take an equal share whatever our nice value says."""
    try:
        return int(AUTOGROUP.read_text().split("nice")[1])
    except (OSError, IndexError, ValueError):
        return None


def set_autogroup_nice(value: int) -> None:
    """Give this session (the runner and every child, which stay in it) ``value`` as its
    autogroup nice; raises OSError where that is not possible."""
    AUTOGROUP.write_text(f"{value}\n")


def child_env(**extra: str) -> dict[str, str]:
    """The environment every child gets: ours, minus the desktop's session bus."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    env.pop("TEXTUAL", None)
    env.update(extra)
    return env


@dataclass
class Finished:
    """A child that has exited: its report, and when it was started and reaped."""

    report: dict[str, Any]
    spawned: float
    exited: float
    returncode: int
    log: str = ""

    @property
    def wall(self) -> float:
        return self.exited - self.spawned


@dataclass
class Running:
    argv: list[str]
    scratch: Path
    name: str
    env: dict[str, str] | None = None
    out: Path | None = None
    proc: subprocess.Popen[bytes] = field(init=False)
    spawned: float = field(init=False)

    def __post_init__(self) -> None:
        n = next(_counter)
        self.log_path = self.scratch / f"{n:03d}-{self.name}.log"
        with open(self.log_path, "wb") as log:
            self.spawned = time.monotonic()
            self.proc = subprocess.Popen(
                self.argv, cwd=ROOT, env=self.env or child_env(), stdin=subprocess.DEVNULL,
                # Its own process group (to kill it whole), but the runner's session, so it
                # shares the runner's autogroup and priority.
                stdout=log, stderr=subprocess.STDOUT, process_group=0,
            )

    def wait(self, timeout: float) -> Finished:
        """Reap the child; kill its process group after ``timeout``."""
        timer = threading.Timer(timeout, self.kill)
        timer.start()
        try:
            _, status = os.waitpid(self.proc.pid, 0)
        finally:
            timer.cancel()
        exited = time.monotonic()
        self.proc.returncode = code = os.waitstatus_to_exitcode(status)
        log = self.log_path.read_text(errors="replace")
        report: dict[str, Any] = {}
        if self.out is not None and self.out.exists():
            report = json.loads(self.out.read_text())
        if code != 0 or (self.out is not None and not report):
            raise ChildFailed(f"{shlex.join(self.argv)} exited {code}:\n{log[-3000:]}")
        return Finished(report, self.spawned, exited, code, log)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)


class ChildFailed(RuntimeError):
    pass


def spawn_child(mode: str, scratch: Path, env: dict[str, str] | None = None,
                **opts: object) -> Running:
    """Start ``benchmarks/children.py MODE`` with its report going to a file in ``scratch``."""
    out = scratch / f"{next(_counter):03d}-{mode}.json"
    argv = [PY, str(CHILD), mode, f"out={out}", *(f"{k}={v}" for k, v in opts.items())]
    return Running(argv, scratch, mode, env=env, out=out)


def run_child(mode: str, scratch: Path, timeout: float = 60, **opts: object) -> Finished:
    return spawn_child(mode, scratch, **opts).wait(timeout)


def run_command(argv: list[str], scratch: Path, name: str, timeout: float = 60,
                env: dict[str, str] | None = None) -> Finished:
    return Running(argv, scratch, name, env=env).wait(timeout)


# --- a real terminal: tmux ----------------------------------------------------------------------


class Control:
    """A tmux control-mode client (``tmux -C``) of a pane's server: commands and their output
    over one connection.

    Polling the screen every 5 ms by starting a ``tmux`` process each time (two, with the check
    that the command still runs) took about 94 % of a core (measured: the tmux clients 73 %, the
    poller 15 %, the server 6 %), against 6 % over one connection. On a 2-core machine that was
    taken from the app being timed, most of all from one that uses a second core (Stride's
    start-up reads Home's data in a child process). A person's terminal does not poll; what is
    read is the same (``capture-pane``: what the terminal shows).
    """

    def __init__(self, tmux: list[str], env: dict[str, str]) -> None:
        # no-output: no copy of the pane's output to this client; ignore-size: the pane keeps
        # its size.
        self.proc = subprocess.Popen([*tmux, "-C", "attach", "-f", "no-output,ignore-size",
                                      "-t", "x"], env=env, text=True, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     bufsize=1)

    def run(self, command: str) -> str:
        """``command``'s output (RuntimeError if tmux reports an error or the client ended)."""
        stdin, stdout = self.proc.stdin, self.proc.stdout
        assert stdin is not None and stdout is not None
        stdin.write(command + "\n")
        stdin.flush()
        lines: list[str] | None = None
        ours = False
        while True:
            line = stdout.readline()
            if not line:
                raise RuntimeError(f"the tmux control client ended before {command!r} answered")
            line = line.rstrip("\n")
            if lines is None:
                if line.startswith("%begin "):
                    # The last field is 1 for a command this client sent (0: the attach's own).
                    lines, ours = [], line.split()[-1] == "1"
                continue
            if line.startswith(("%end ", "%error ")):
                if not ours:
                    lines = None
                    continue
                if line.startswith("%error "):
                    raise RuntimeError(f"tmux {command!r}: {' '.join(lines)}")
                return "\n".join(lines)
            lines.append(line)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()  # the client detaches when its input ends
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class Pane:
    """A command in a fresh 100×30 pane of a private tmux server (``-L``, no config).

    The command is exec'd by the pane's shell, so ``pid`` is the command's own process (for
    its memory and CPU); ``server_pid`` is the tmux server's (it draws what capture-pane reads).
    ``record(path)`` copies everything the command writes to its terminal into ``path``
    (``pipe-pane``). ``close()`` kills the server, which hangs up on the command, and reports
    whether the command outlived its terminal."""

    def __init__(self, command: list[str], env: dict[str, str], *, width: int = 100,
                 height: int = 30, record: Path | None = None) -> None:
        self.sock = f"stride-bench-{os.getpid()}-{next(_counter)}"
        self.env = env
        self.tmux = ["tmux", "-L", self.sock, "-f", "/dev/null"]
        self.t("new-session", "-d", "-s", "x", "-x", str(width), "-y", str(height), "sleep 600")
        self.pid: int | None = None
        self.lingered = self.needed_kill = False
        try:
            self.t("set-option", "-t", "x", "remain-on-exit", "on")
            self.server_pid = int(self.t("display", "-p", "#{pid}").strip())
            nice = autogroup_nice()
            if nice:  # tmux's server and each pane are sessions of their own: give them the
                # runner's autogroup priority too
                with contextlib.suppress(OSError, ValueError):
                    Path(f"/proc/{self.server_pid}/autogroup").write_text(f"{nice}\n")
                command = ["sh", "-c", f'echo {nice} > /proc/self/autogroup; exec "$@"', "sh",
                           *command]
            if record is not None:
                self.t("pipe-pane", "-t", "x", "-o", f"cat >> {shlex.quote(str(record))}")
            self.started = time.monotonic()
            self.t("respawn-pane", "-k", "-t", "x", "-c", str(ROOT),
                   "exec " + shlex.join(command))
            self.pid = int(self.t("display", "-p", "-t", "x", "#{pane_pid}").strip() or 0) or None
        except BaseException:
            self.close()
            raise

    def t(self, *args: str, check: bool = True) -> str:
        done = subprocess.run([*self.tmux, *args], env=self.env, capture_output=True, text=True,
                              check=False, timeout=10)
        if check and done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def screen(self) -> str:
        return self.t("capture-pane", "-p", "-t", "x")

    def dead(self) -> bool:
        return self.t("display", "-p", "-t", "x", "#{pane_dead}", check=False).strip() == "1"

    def wait_for(self, needles: tuple[str, ...], *, timeout: float = 30,
                 poll: float = 0.005) -> float:
        """Seconds from starting the command until ``capture-pane`` shows one of ``needles``
        (polled every ``poll`` s, over one control-mode connection: ``Control``)."""
        control = Control(self.tmux, self.env)
        try:
            next_poll = self.started
            while True:
                screen = control.run("capture-pane -p -t x")
                now = time.monotonic()
                if any(n in screen for n in needles):
                    return now - self.started
                dead = control.run("display -p -t x '#{pane_dead}'").strip() == "1"
                if now - self.started > timeout or dead:
                    raise RuntimeError(f"none of {needles} appeared in {now - self.started:.1f} "
                                       f"s; the pane shows:\n{screen.rstrip()[-1500:]}")
                next_poll += poll
                time.sleep(max(0.0, next_poll - time.monotonic()))
        finally:
            control.close()

    def vm_hwm_kb(self) -> int:
        """The command's peak resident set so far (``VmHWM``)."""
        return proc_status_kb(self.pid, "VmHWM") if self.pid else 0

    def close(self) -> None:
        self.t("kill-server", check=False)
        pid = self.pid
        if pid is not None and not _gone(pid, 3):
            self.lingered = True
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            if not _gone(pid, 2):
                self.needed_kill = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                _gone(pid, 5)

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def proc_status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat, clock ticks)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _gone(pid: int, timeout: float) -> bool:
    """Whether ``pid`` has exited (and been reaped) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not os.path.exists(f"/proc/{pid}"):
            return True
        time.sleep(0.01)
    return False
