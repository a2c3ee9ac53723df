"""The cue player: one thread, one queue, one sound at a time, falling back backend by backend."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from stride_tui.alerts.catalogue import URGENT_KINDS
from stride_tui.alerts.diagnosis import BackendStatus, Diagnosis
from stride_tui.alerts.sound import Clip, SoundBackend, SoundError
from stride_tui.alerts.worker import SerialWorker

# on_played(kind, clip, t): called on the player thread when a clip's sound has started;
# t is time.monotonic() (comparable across processes on Linux, so benchmarks can use it).
PlayedHook = Callable[[str, str, float], None]


@dataclass(frozen=True)
class SoundJob:
    kind: str
    clips: tuple[str, ...]
    generation: int


class CuePlayer:
    """Plays announcements in the order they were made, never two at once."""

    def __init__(
        self,
        backends: Sequence[SoundBackend],
        *,
        on_played: PlayedHook | None = None,
        max_pending: int = 3,
    ) -> None:
        self._backends = list(backends)
        self._on_played = on_played
        self._found: dict[int, Diagnosis] = {}
        self._failed: dict[int, str] = {}
        self._usable: list[SoundBackend] = []
        self._clips: dict[str, Clip] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._playing: SoundBackend | None = None
        self._worker: SerialWorker[SoundJob] = SerialWorker(
            "stride-sound",
            self._play_job,
            setup=self._choose_backends,
            urgent=lambda job: job.kind in URGENT_KINDS,
            max_pending=max_pending,
        )

    @property
    def last_error(self) -> str:
        return self._worker.last_error

    def submit(self, kind: str, clips: tuple[str, ...]) -> None:
        self._worker.submit(SoundJob(kind, clips, self._generation))

    def silence(self) -> None:
        """Stop the sound now and forget what was waiting (mute, sound off, close)."""
        with self._lock:
            self._generation += 1
            playing = self._playing
        self._worker.clear()
        if playing is not None:
            playing.stop()

    def wait_idle(self, timeout: float) -> bool:
        return self._worker.wait_idle(timeout)

    def close(self, timeout: float) -> bool:
        self.silence()
        return self._worker.close(timeout)

    def status(self, wait: float) -> list[BackendStatus]:
        self._worker.wait_ready(wait)
        with self._lock:
            in_use = self._usable[0] if self._usable else None
            rows = []
            for index, backend in enumerate(self._backends):
                found = self._found.get(index)
                if index in self._failed:
                    reason, ok = f"failed while playing: {self._failed[index]}", False
                    fix = backend.failure_fix
                elif found is None:
                    reason, ok, fix = "not checked yet", False, ""
                else:
                    reason, ok, fix = found.reason, found.ok, found.fix
                rows.append(
                    BackendStatus("sound", backend.name, ok, backend is in_use, reason, fix)
                )
        return rows

    def _choose_backends(self) -> None:
        for index, backend in enumerate(self._backends):
            found = backend.diagnose()
            with self._lock:
                self._found[index] = found
                if found.ok:
                    self._usable.append(backend)

    def _play_job(self, job: SoundJob) -> None:
        for name in job.clips:
            if job.generation != self._generation:
                return  # muted or switched off since it was queued
            self._play_clip(job.kind, self._clip(name))

    def _clip(self, name: str) -> Clip:
        if name not in self._clips:
            self._clips[name] = Clip.load(name)
        return self._clips[name]

    def _play_clip(self, kind: str, clip: Clip) -> None:
        def started(t: float) -> None:
            if self._on_played is not None:
                self._on_played(kind, clip.name, t)

        while True:
            with self._lock:
                if not self._usable:
                    return  # nothing can sound here; status() says why
                backend = self._usable[0]
                self._playing = backend
            try:
                backend.play(clip, started)
                return
            except SoundError as exc:
                # Remember the failure and move on: the same clip goes to the next backend.
                with self._lock:
                    self._failed[self._backends.index(backend)] = str(exc)
                    self._usable.remove(backend)
            finally:
                with self._lock:
                    self._playing = None
