"""Desktop notifications through desktop-notifier, on their own thread, expiring, and never on
the screen."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stride_tui.alerts.catalogue import URGENT_KINDS
from stride_tui.alerts.diagnosis import BackendStatus, Diagnosis
from stride_tui.alerts.worker import SerialWorker

EXPIRE_SECONDS = 5
# notify-send waits for the server's reply; a wedged server must not stall the queue for long.
SEND_TIMEOUT = 5.0
# A few failures in a row mean the path is gone (server stopped): stop trying, say why.
GIVE_UP_AFTER = 3

NOTIFICATIONS = "org.freedesktop.Notifications"
# How long the doctor waits for a running notification server to answer.
SERVER_ANSWER_TIMEOUT = 2.0
BUS_FIX = (
    "run Stride inside your desktop session, where DBUS_SESSION_BUS_ADDRESS is set "
    "(over SSH or in a container there is no session bus)"
)


def server_fix() -> str:
    """Start a notification server: the desktop's own, or dunst (this system's package)."""
    from stride_tui.alerts.install import install_command, this_system

    dunst = install_command("notification-daemon", this_system())
    return f"start your desktop's notification daemon (or install dunst: {dunst}; and run it)"


# on_notified(kind, t): called on the notification thread once the server accepted it.
NotifiedHook = Callable[[str, float], None]


class NotifyError(RuntimeError):
    """A notification could not be sent."""


class Notifier(ABC):
    """One way of putting a notification on the desktop. ``send`` blocks; it runs on a worker."""

    name: str = "notifications"

    @abstractmethod
    def diagnose(self) -> Diagnosis:
        """Can a notification reach the person here? If not, why, and the fix."""

    @abstractmethod
    def send(self, title: str, body: str) -> None:
        """Show one notification; raise ``NotifyError`` when it cannot be shown."""

    def available(self) -> tuple[bool, str]:
        found = self.diagnose()
        return found.ok, found.reason


class DesktopNotifications(Notifier):
    """Notifications through desktop-notifier (D-Bus via dbus-fast on Linux), each expiring.

    desktop-notifier is asyncio: the notification thread keeps one event loop and runs each send
    on it to the end. It reports a failed send by logging, not raising: its log is kept here
    (never printed onto the screen) and a send the server did not accept raises
    ``NotifyError`` with what it logged.
    """

    name = "desktop notifications"

    def __init__(self, *, expire_seconds: int = EXPIRE_SECONDS, app_name: str = "Stride") -> None:
        self.expire_seconds = expire_seconds
        self.app_name = app_name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._notifier: Any = None
        self._log = _KeptLog()

    def diagnose(self) -> Diagnosis:
        if not sys.platform.startswith("linux"):
            return Diagnosis(True, f"desktop-notifier on {sys.platform}")
        return notification_server()

    def send(self, title: str, body: str) -> None:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._notifier = _desktop_notifier(self.app_name, self._log)
        dispatched = threading.Event()
        self._log.last = ""
        try:
            self._loop.run_until_complete(asyncio.wait_for(
                self._notifier.send(title=title, message=body, timeout=self.expire_seconds,
                                    on_dispatched=dispatched.set),
                SEND_TIMEOUT,
            ))
        except TimeoutError as exc:
            raise NotifyError(f"the notification server did not answer in {SEND_TIMEOUT:g} s") \
                from exc
        if not dispatched.is_set():
            raise NotifyError(self._log.last or "the notification server did not take it")


class _KeptLog(logging.Handler):
    """desktop-notifier's log, kept for ``NotifyError`` instead of reaching the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.last = ""

    def emit(self, record: logging.LogRecord) -> None:
        error = record.exc_info[1] if record.exc_info else None
        self.last = f"{type(error).__name__}: {error}" if error else record.getMessage()


def _desktop_notifier(app_name: str, log: logging.Handler) -> Any:
    # Imported on first use: it loads dbus-fast, kept off start-up.
    from desktop_notifier import DesktopNotifier

    logger = logging.getLogger("desktop_notifier")
    logger.addHandler(log)
    logger.propagate = False  # Python's last-resort handler would write onto the screen
    return DesktopNotifier(app_name=app_name, app_icon=None)


def session_bus_address(env: Mapping[str, str] | None = None) -> str | None:
    """Where the session bus is, as libdbus and GIO find it; None when there is none."""
    env = os.environ if env is None else env
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return env["DBUS_SESSION_BUS_ADDRESS"]
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime, "bus").exists():
        return f"unix:path={runtime}/bus"
    return None


def notification_server(timeout: float = 1.0) -> Diagnosis:
    """Is a notification server on the session bus (running, or startable on demand)?"""
    address = session_bus_address()
    if address is None:
        return Diagnosis(False, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)", BUS_FIX)
    owned = _ask_bus(address, "NameHasOwner", timeout)
    if isinstance(owned, Diagnosis):
        return owned
    if owned is None:
        return Diagnosis(True, "session bus found; server not checked (no dbus-send or gdbus)")
    # dbus-send ends its reply with "boolean true", gdbus prints "(true,)".
    if owned.split() and "true" in owned.split()[-1]:
        # Owning the name is not answering: a hung server would swallow every cue.
        answer = _ask_bus(address, "GetServerInformation", SERVER_ANSWER_TIMEOUT)
        if isinstance(answer, Diagnosis):
            return Diagnosis(
                False,
                "a notification server is on the session bus but did not answer within "
                f"{SERVER_ANSWER_TIMEOUT:.0f} s",
                server_fix(),
            )
        return Diagnosis(True, "a notification server is running on the session bus")
    startable = _ask_bus(address, "ListActivatableNames", timeout)
    if isinstance(startable, str) and f"{NOTIFICATIONS}'" in startable.replace('"', "'"):
        return Diagnosis(True, "the session bus starts a notification server on demand")
    return Diagnosis(
        False,
        f"no notification server on the session bus (nothing owns {NOTIFICATIONS})",
        server_fix(),
    )


def _ask_bus(address: str, method: str, timeout: float) -> str | Diagnosis | None:
    """Call an org.freedesktop.DBus method with dbus-send or gdbus (no Python D-Bus library is
    a dependency): its printed reply, a Diagnosis when the bus fails, None with neither tool."""
    # GetServerInformation goes to the notification server itself; the others to the bus.
    dest, path = (
        (NOTIFICATIONS, "/org/freedesktop/Notifications")
        if method == "GetServerInformation"
        else ("org.freedesktop.DBus", "/org/freedesktop/DBus")
    )
    call = f"{dest}.{method}"
    owner = [NOTIFICATIONS] if method == "NameHasOwner" else []
    if shutil.which("dbus-send"):
        argv = ["dbus-send", "--session", "--print-reply", f"--reply-timeout={int(timeout * 1000)}"]
        argv += [f"--dest={dest}", path, call]
        argv += [f"string:{name}" for name in owner]
    elif shutil.which("gdbus"):
        argv = ["gdbus", "call", "--session", "--timeout", str(max(1, round(timeout)))]
        argv += ["--dest", dest, "--object-path", path]
        argv += ["--method", call, *owner]
    else:
        return None
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    try:
        done = subprocess.run(
            argv,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout + 1,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Diagnosis(False, f"the D-Bus session bus did not answer: {exc}", BUS_FIX)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        detail = lines[-1] if lines else f"exit {done.returncode}"
        return Diagnosis(False, f"the D-Bus session bus is unreachable: {detail}", BUS_FIX)
    return done.stdout


@dataclass(frozen=True)
class NoteJob:
    kind: str
    title: str
    body: str


class NotificationSender:
    """Sends notifications in order on its own thread; degrades silently, remembering why."""

    def __init__(
        self, notifier: Notifier, *, on_notified: NotifiedHook | None = None, max_pending: int = 3
    ) -> None:
        self.notifier = notifier
        self._on_notified = on_notified
        self._lock = threading.Lock()
        self._found: Diagnosis | None = None
        self._failures = 0
        self._gave_up = ""
        self._worker: SerialWorker[NoteJob] = SerialWorker(
            "stride-notify",
            self._send,
            setup=self._probe,
            urgent=lambda job: job.kind in URGENT_KINDS,
            max_pending=max_pending,
        )

    def submit(self, kind: str, title: str, body: str) -> None:
        self._worker.submit(NoteJob(kind, title, body))

    def wait_idle(self, timeout: float) -> bool:
        return self._worker.wait_idle(timeout)

    def close(self, timeout: float) -> bool:
        return self._worker.close(timeout)

    @property
    def last_error(self) -> str:
        return self._worker.last_error

    @property
    def working(self) -> bool:
        return self._found is not None and self._found.ok and not self._gave_up

    def status(self, wait: float) -> BackendStatus:
        self._worker.wait_ready(wait)
        name = self.notifier.name
        with self._lock:
            found, gave_up = self._found, self._gave_up
        if found is None:
            return BackendStatus("notification", name, False, False, "not checked yet")
        if gave_up:
            return BackendStatus("notification", name, False, False, gave_up, found.fix)
        return BackendStatus("notification", name, found.ok, found.ok, found.reason, found.fix)

    def _probe(self) -> None:
        found = self.notifier.diagnose()
        with self._lock:
            self._found = found

    def _send(self, job: NoteJob) -> None:
        if not self.working:
            return
        try:
            self.notifier.send(job.title, job.body)
        except NotifyError as exc:
            self._failures += 1
            if self._failures >= GIVE_UP_AFTER:
                with self._lock:
                    self._gave_up = f"stopped after {self._failures} failures: {exc}"
            return
        self._failures = 0
        if self._on_notified is not None:
            self._on_notified(job.kind, time.monotonic())
