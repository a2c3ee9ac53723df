"""One background thread per kind of alert, working through its jobs strictly in order."""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable
from typing import Generic, TypeVar

Job = TypeVar("Job")


class SerialWorker(Generic[Job]):
    """Runs ``handle(job)`` for each submitted job, in order, on its own daemon thread.

    ``submit`` only appends to a queue, so it is safe and cheap on the UI thread. When more than
    ``max_pending`` jobs wait, the oldest that may go are dropped: never the newest and never an
    ``urgent`` one, because a cue that is minutes late is worse than no cue.
    """

    def __init__(
        self,
        name: str,
        handle: Callable[[Job], None],
        *,
        setup: Callable[[], None] | None = None,
        urgent: Callable[[Job], bool] | None = None,
        max_pending: int = 3,
    ) -> None:
        self._handle = handle
        self._setup = setup
        self._urgent = urgent or (lambda job: False)
        self._max_pending = max_pending
        self._cond = threading.Condition()
        self._pending: deque[Job] = deque()
        self._ready = setup is None
        self._busy = False
        self._closing = False
        self.last_error = ""
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        with self._cond:
            if self._closing:
                return
            self._pending.append(job)
            self._drop_stale()
            self._cond.notify_all()

    def clear(self) -> int:
        """Forget every job not yet started; returns how many there were."""
        with self._cond:
            count = len(self._pending)
            self._pending.clear()
            self._cond.notify_all()
            return count

    def wait_ready(self, timeout: float) -> bool:
        """Wait for ``setup`` (the backend probes) to finish."""
        with self._cond:
            return self._cond.wait_for(lambda: self._ready, timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every submitted job has been handled."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self._ready and not self._pending and not self._busy, timeout
            )

    def close(self, timeout: float) -> bool:
        """Drop what is waiting, let the current job finish, and stop the thread."""
        with self._cond:
            self._closing = True
            self._pending.clear()
            self._cond.notify_all()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _drop_stale(self) -> None:
        while len(self._pending) > self._max_pending:
            for index in range(len(self._pending) - 1):
                if not self._urgent(self._pending[index]):
                    del self._pending[index]
                    break
            else:
                return

    def _run(self) -> None:
        if self._setup is not None:
            try:
                self._guarded(self._setup)
            finally:
                with self._cond:
                    self._ready = True
                    self._cond.notify_all()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closing)
                if self._closing:
                    return
                job = self._pending.popleft()
                self._busy = True
            try:
                self._guarded(functools.partial(self._handle, job))
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _guarded(self, work: Callable[[], None]) -> None:
        # A failing backend must never kill the thread (every later cue would be lost) nor
        # print a traceback over the screen: keep the reason for status() instead.
        try:
            work()
        except Exception as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
