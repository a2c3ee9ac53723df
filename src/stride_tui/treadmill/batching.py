"""The treadmill link's event loop wakes at most once a second while readings pour in.

A treadmill may send four readings a second, and on the link's thread each one costs a wake
of the thread from its wait on the D-Bus socket: about two thirds of the 340-405 µs of CPU a
notification costs (measured with py-spy against the fake BlueZ; the rest is bleak and
Stride's decoding). The session hears at most one reading a second anyway (``ReadingGate``),
so while readings come faster than that the link's loop reads them in one batch a second:
its selector, once it has woken for the sockets, waits out the rest of ``window`` before it
looks again, and whatever came meanwhile is read in that one wake. A timer of the loop that
falls due sooner (a timeout, a retry) still wakes it on time, and ``hurry()`` (from any
thread) ends the wait at once: closing the link does not wait for the batch.

The feed turns batching on only while readings come fast and off around connecting and
closing (many D-Bus calls, each of which would wait a window for its reply); at one reading
a second or less it changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import threading
import time


class BatchingSelector(selectors.DefaultSelector):
    """The platform's default selector that, while ``window`` > 0, wakes for its files at most
    once a ``window`` (seconds); timers and ``hurry()`` still wake it at once."""

    def __init__(self) -> None:
        super().__init__()
        self.window = 0.0
        self._next = 0.0  # no look at the files before this (time.monotonic)
        self._hurry_r, self._hurry_w = os.pipe()
        os.set_blocking(self._hurry_r, False)
        os.set_blocking(self._hurry_w, False)
        # hurry() may come from another thread as the loop closes: once the pipe is closed its
        # numbers may be another file's, which must never be written to.
        self._pipe_lock = threading.Lock()
        self._pipe_open = True

    def batch(self, seconds: float) -> None:
        """Read the files at most once every ``seconds`` from now on (0: as they come)."""
        self.window = seconds
        if seconds <= 0:
            self._next = 0.0

    def hurry(self) -> None:
        """End a batch's wait now (safe from any thread, also after ``close``)."""
        with self._pipe_lock:
            if self._pipe_open:
                with contextlib.suppress(OSError):  # full: a wake is already waiting
                    os.write(self._hurry_w, b"!")

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if self.window > 0 and (timeout is None or timeout > 0):
            wait = self._next - time.monotonic()
            if wait > 0:
                if timeout is not None:
                    wait = min(wait, timeout)
                began = time.monotonic()
                hurried, _, _ = select.select([self._hurry_r], [], [], wait)
                if hurried:
                    with contextlib.suppress(OSError):
                        os.read(self._hurry_r, 4096)
                    self._next = 0.0
                if timeout is not None:
                    timeout = max(0.0, timeout - (time.monotonic() - began))
        events = super().select(timeout)
        if events and self.window > 0:
            self._next = time.monotonic() + self.window
        return events

    def close(self) -> None:
        super().close()
        with self._pipe_lock:
            if self._pipe_open:
                self._pipe_open = False
                os.close(self._hurry_r)
                os.close(self._hurry_w)
