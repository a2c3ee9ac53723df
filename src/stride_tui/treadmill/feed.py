"""Keeping the treadmill link up while Stride runs, and handing its readings to the session.

The link lives on its own thread with its own event loop, so a slow or hung Bluetooth stack
never holds up the screen. While readings come faster than ``FAST_COUNT`` in ``FAST_SECONDS``
that loop reads them in one batch a second (``batching``): one wake of the thread a second
instead of one a reading. Each reading goes to the UI's loop (``call_soon_threadsafe``) and
from there to the session driver's typed methods (``belt``, ``belt_lost``): the one way the
treadmill acts on a walk. A link that does not come up within ``CONNECT_SECONDS``, or drops,
is reported once (the walk is then timed by keys) and tried again every ``RETRY_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import deque
from typing import Protocol

from stride_tui.core.belt import BeltReading
from stride_tui.core.ftms import TreadmillState
from stride_tui.treadmill.batching import BatchingSelector
from stride_tui.treadmill.bluetooth import CONNECT_SECONDS, Connection, LinkError, Trouble

RETRY_SECONDS = 5.0
# The session hears at most one reading a second (a treadmill may send four): the walk screen
# shows whole seconds, and each reading redraws it. A change of the belt (running or not, its
# incline) goes on at once.
EVERY_SECONDS = 1.0
# Readings come fast when FAST_COUNT of them came within FAST_SECONDS (2 a second or more):
# the link's loop then reads them once every BATCH_SECONDS. At 1 a second it does not batch
# (it would wake twice a second, once for the batch's end and once for the reading).
FAST_COUNT = 4
FAST_SECONDS = 2.0
BATCH_SECONDS = EVERY_SECONDS
LOST = LinkError(Trouble.LOST, "The treadmill link was lost.")
KEYS = "The walk is timed by keys meanwhile; Stride keeps trying to connect."


class ReadingGate:
    """Which readings go on to the session: at once when the belt starts, stops or changes its
    incline; otherwise at most one every ``every`` seconds. The distance is a running total,
    so a reading left out loses nothing of it."""

    def __init__(self, every: float = EVERY_SECONDS) -> None:
        self.every = every
        self._last: BeltReading | None = None
        self._at = float("-inf")

    def admit(self, reading: BeltReading, now: float) -> bool:
        last = self._last
        if (last is None or reading.running != last.running
                or reading.incline_percent != last.incline_percent
                or now - self._at >= self.every):
            self._last, self._at = reading, now
            return True
        return False


class BeltDriver(Protocol):
    """What the feed needs of the session driver (``ui.session.SessionDriver``)."""

    def belt(self, reading: BeltReading) -> None: ...

    def belt_lost(self, reason: str) -> None: ...


class TreadmillFeed:
    """The link to one treadmill, for the app: ``follow(driver)`` when a session starts."""

    def __init__(self, address: str, *, connect_seconds: float = CONNECT_SECONDS,
                 retry_seconds: float = RETRY_SECONDS, every: float = EVERY_SECONDS) -> None:
        self.address = address
        self.connect_seconds = connect_seconds
        self.retry_seconds = retry_seconds
        self.connected = False
        self.last_error: LinkError | None = None
        self.readings = 0
        self._gate = ReadingGate(every)
        self._driver: BeltDriver | None = None
        self._ui_loop: asyncio.AbstractEventLoop | None = None
        self._last: BeltReading | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._closed = threading.Event()
        self._selector: BatchingSelector | None = None
        self._recent: deque[float] = deque(maxlen=FAST_COUNT)  # when the last readings came

    # --- on the UI thread --------------------------------------------------------------------

    def follow(self, driver: BeltDriver) -> None:
        """From now on, hand readings and link changes to ``driver`` (call on the UI loop)."""
        self._ui_loop = asyncio.get_running_loop()
        self._driver = driver
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="stride-treadmill",
                                            daemon=True)
            self._thread.start()
        elif self.connected and self._last is not None:
            driver.belt(self._last)
        elif self.last_error is not None:
            driver.belt_lost(f"{self.last_error} {KEYS}")

    def close(self, wait: float = 2.0) -> None:
        """Stop the link and disconnect (waits up to ``wait`` seconds)."""
        self._closed.set()
        self._driver = None
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._selector is not None:
            self._selector.hurry()  # a batch's wait ends now
        if self._thread is not None:
            self._thread.join(wait)

    def _deliver(self, reading: BeltReading) -> None:
        driver = self._driver
        if driver is not None:
            driver.belt(reading)

    def _deliver_lost(self, reason: str) -> None:
        driver = self._driver
        if driver is not None:
            driver.belt_lost(reason)

    # --- on the link's thread ------------------------------------------------------------------

    def _to_ui(self, fn: object, *args: object) -> None:
        loop = self._ui_loop
        if loop is not None and not self._closed.is_set():
            with contextlib.suppress(RuntimeError):  # the UI loop has closed
                loop.call_soon_threadsafe(fn, *args)  # type: ignore[arg-type]

    def _run(self) -> None:
        self._selector = selector = BatchingSelector()
        try:
            with contextlib.suppress(Exception), asyncio.Runner(
                    loop_factory=lambda: asyncio.SelectorEventLoop(selector)) as runner:
                runner.run(self._main())
        finally:
            selector.close()  # the loop closes it; this is for a loop that never started

    async def _main(self) -> None:
        self._loop = loop = asyncio.get_running_loop()
        # A stray error of the Bluetooth stack's own tasks is not for the terminal: the link
        # reports what matters through ``belt_lost``.
        loop.set_exception_handler(lambda _loop, _context: None)
        self._stop = stop = asyncio.Event()
        if self._closed.is_set():
            return
        while not stop.is_set():
            lost = asyncio.Event()
            connection = Connection(self.address, self._on_state, lost.set)
            try:
                await connection.open(self.connect_seconds)
            except LinkError as err:
                self._failed(err)
                await self._pause(stop, self.retry_seconds)
                continue
            self.connected = True
            self.last_error = None
            await _first(stop.wait(), lost.wait())
            self.connected = False
            self._batch(False)  # closing and connecting again take D-Bus calls: no waits
            await connection.close()
            if lost.is_set() and not stop.is_set():
                self._failed(LOST)
                await self._pause(stop, self.retry_seconds)

    def _failed(self, err: LinkError) -> None:
        self.connected = False
        self.last_error = err
        self._to_ui(self._deliver_lost, f"{err} {KEYS}")

    def _on_state(self, state: TreadmillState) -> None:
        reading = BeltReading.of(state)
        self._last = reading
        self.readings += 1
        now = time.monotonic()
        recent = self._recent
        recent.append(now)
        self._batch(len(recent) == FAST_COUNT and now - recent[0] <= FAST_SECONDS)
        if self._gate.admit(reading, now):
            self._to_ui(self._deliver, reading)

    def _batch(self, fast: bool) -> None:
        selector = self._selector
        if selector is not None and (selector.window > 0) != fast:
            selector.batch(BATCH_SECONDS if fast else 0.0)
            if not fast:
                self._recent.clear()

    @staticmethod
    async def _pause(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)


async def _first(*waits: object) -> None:
    """Wait until the first of ``waits`` (coroutines) is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]  # type: ignore[call-overload]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
