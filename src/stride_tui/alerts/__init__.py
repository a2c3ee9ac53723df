"""Alerts: every cue heard (chimes and spoken prompts) and shown (desktop notifications).

The UI makes one ``Alerts`` at start-up and calls ``announce`` when the core says a cue is due.
``announce`` only queues: sound and notifications each run on their own thread, so nothing here
ever blocks the UI, and nothing here imports Textual (the UI passes a bell callback in).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from stride_tui.alerts.catalogue import ALL_CLIPS, clip_path, clips_for
from stride_tui.alerts.diagnosis import BackendStatus, Diagnosis
from stride_tui.alerts.notify import (
    DesktopNotifications,
    NotificationSender,
    NotifiedHook,
    Notifier,
    NotifyError,
)
from stride_tui.alerts.player import CuePlayer, PlayedHook
from stride_tui.alerts.sound import (
    BellBackend,
    Clip,
    CommandBackend,
    SimpleaudioBackend,
    SoundBackend,
    SoundError,
    default_sound_backends,
)
from stride_tui.alerts.terminal import terminal_notification
from stride_tui.core.records import SoundMode

__all__ = [
    "ALL_CLIPS",
    "AlertSettings",
    "Alerts",
    "BackendStatus",
    "BellBackend",
    "Clip",
    "CommandBackend",
    "Diagnosis",
    "Notifier",
    "NotifyError",
    "DesktopNotifications",
    "SimpleaudioBackend",
    "SoundBackend",
    "SoundError",
    "SoundMode",
    "clip_path",
    "clips_for",
    "default_sound_backends",
    "terminal_notification",
]


@dataclass(frozen=True)
class AlertSettings:
    sound: SoundMode = SoundMode.VOICE_AND_CHIME
    muted: bool = False
    notifications: bool = True


class Alerts:
    """Announces cues by sound and desktop notification, off the caller's thread.

    ``bell`` is the last-resort sound and is called on the sound thread: pass something
    thread-safe (for Textual, ``lambda: app.call_from_thread(app.bell)``). ``on_played`` and
    ``on_notified`` report when each sound actually started and each notification was accepted
    (``time.monotonic()``), for the latency benchmark and for tests.
    """

    def __init__(
        self,
        settings: AlertSettings,
        *,
        bell: Callable[[], None] | None = None,
        sound_backends: list[SoundBackend] | None = None,
        notifier: Notifier | None = None,
        on_played: PlayedHook | None = None,
        on_notified: NotifiedHook | None = None,
    ) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        backends = default_sound_backends(bell) if sound_backends is None else sound_backends
        self._player = CuePlayer(backends, on_played=on_played)
        self._notifier = notifier or DesktopNotifications()
        self._on_notified = on_notified
        self._sender: NotificationSender | None = None
        if settings.notifications:
            self._sender = NotificationSender(self._notifier, on_notified=on_notified)
        self.unknown_kinds: set[str] = set()

    @property
    def settings(self) -> AlertSettings:
        return self._settings

    @property
    def muted(self) -> bool:
        return self._settings.muted

    def announce(self, kind: str, title: str, body: str, *, notify: bool = True) -> None:
        """Queue the sound for ``kind`` (see ``clips_for``) and a notification; returns at once."""
        settings = self._settings
        if not settings.muted and settings.sound is not SoundMode.OFF:
            try:
                clips = clips_for(kind, settings.sound)
            except ValueError:
                # A kind with no sound of its own still deserves a chime, never a crash mid-walk.
                self.unknown_kinds.add(kind)
                clips = ("chime-change",)
            if clips:
                self._player.submit(kind, clips)
        sender = self._sender
        if notify and settings.notifications and sender is not None:
            sender.submit(kind, title, body)

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._settings = dataclasses.replace(self._settings, muted=muted)
        self._hush_if_quiet()

    def set_sound_mode(self, mode: SoundMode) -> None:
        with self._lock:
            self._settings = dataclasses.replace(self._settings, sound=mode)
        self._hush_if_quiet()

    def set_notifications(self, enabled: bool) -> None:
        with self._lock:
            if enabled and self._sender is None:
                self._sender = NotificationSender(self._notifier, on_notified=self._on_notified)
            self._settings = dataclasses.replace(self._settings, notifications=enabled)

    def _hush_if_quiet(self) -> None:
        settings = self._settings
        if settings.muted or settings.sound is SoundMode.OFF:
            self._player.silence()  # mute means now, not after the queue drains

    def status(self, wait: float = 1.0) -> list[BackendStatus]:
        """Every backend: which is in use and why the others are not.

        Waits up to ``wait`` seconds for the start-up probes (they run on the worker threads).
        """
        rows = self._player.status(wait)
        sender = self._sender
        if sender is not None and self._settings.notifications:
            rows.append(sender.status(wait))
        else:
            name = self._notifier.name
            rows.append(BackendStatus("notification", name, False, False, "off in settings"))
        return rows

    @property
    def last_error(self) -> str:
        """The latest unexpected failure inside a worker (a bug, not a missing device), or ""."""
        sender = self._sender
        return self._player.last_error or (sender.last_error if sender else "")

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every queued sound has played and notification has been sent."""
        deadline = time.monotonic() + timeout
        done = self._player.wait_idle(timeout)
        sender = self._sender
        if sender is not None:
            done = sender.wait_idle(max(0.0, deadline - time.monotonic())) and done
        return done

    def close(self, timeout: float = 1.0) -> None:
        """Stop the sound, drop what is queued, and stop the worker threads."""
        deadline = time.monotonic() + timeout
        self._player.close(timeout)
        sender = self._sender
        if sender is not None:
            sender.close(max(0.0, deadline - time.monotonic()))
