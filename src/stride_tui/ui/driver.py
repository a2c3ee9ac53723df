"""Stride's terminal driver: Textual's Linux driver with an input thread that sleeps until a key.

Textual's input thread (``LinuxDriver.run_input_thread``) waits for a key with a 0.1 s
timeout, so it wakes ten times a second for as long as the app runs, to see whether a lone
Escape has waited long enough to be a key of its own. A walk runs for half an hour with nobody
at the keyboard. Here the thread waits with Textual's timeout only while an escape sequence
may be pending, that is for ``ESCAPE_DELAY`` (and a little more) after input arrived;
otherwise it sleeps until input arrives or the driver stops (setting ``exit_event`` wakes it
through a pipe), as Textual's own writer thread sleeps until there is something to write.

Measured in a real terminal (tmux 100×30, benchmarks/treadmill_load.py, alternating runs):
the walk screen went from 0.488 and 0.552 % of a core to 0.357 and 0.354 %, and with a
treadmill sending at 4 Hz from 0.583 and 0.629 % to 0.465 and 0.451 % (#12, #15: ≤ 0.5 %); a
bare Textual app ticking once a second uses 0.417 % on Textual's driver and 0.242 % on this.

That gain needs Textual's key parser, ``XTermParser``, which lives in a private module
(``textual._xterm_parser``): the one way to decode keys exactly as Textual does. The loop is
Textual's own otherwise; the real-terminal tests (tests/ui/test_input_driver.py, tmux) type
letters, a lone Escape after a quiet spell, arrow and function keys through both drivers.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import threading
import time
from codecs import getincrementaldecoder
from typing import Any

from textual import constants
from textual._xterm_parser import XTermParser  # see the module's docstring
from textual.drivers.linux_driver import LinuxDriver

# How long after input the thread keeps waking with Textual's timeout: a pending Escape is
# reported ESCAPE_DELAY after it arrived, by the first wake after that.
POLL_SECONDS = 0.1
AFTER_INPUT_SECONDS = constants.ESCAPE_DELAY + 2 * POLL_SECONDS


class _WakingEvent(threading.Event):
    """``exit_event``: setting it also wakes the input thread from its wait."""

    def __init__(self, wake_fd: int) -> None:
        super().__init__()
        self._wake_fd = wake_fd

    def set(self) -> None:
        super().set()
        if self._wake_fd >= 0:
            with contextlib.suppress(OSError):  # the pipe is full: the thread is woken already
                os.write(self._wake_fd, b"x")

    def detach(self) -> None:
        """No more wakes (the pipe is about to close)."""
        self._wake_fd = -1


class QuietInputDriver(LinuxDriver):
    """``LinuxDriver`` whose input thread sleeps while no key is pending (module docstring)."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self.exit_event: _WakingEvent = _WakingEvent(self._wake_write)

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, with the wait above)."""
        try:
            parser = XTermParser(self._debug)
        except TypeError:  # a Textual whose parser is made otherwise: its own loop, as before
            super().run_input_thread()
            return
        fileno, wake = self.fileno, self._wake_read
        selector = selectors.SelectSelector()
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake, selectors.EVENT_READ)
        decode = getincrementaldecoder("utf-8")().decode
        busy_until = 0.0

        def process(selected: list[tuple[selectors.SelectorKey, int]]) -> None:
            nonlocal busy_until
            for key, mask in selected:
                if not mask & selectors.EVENT_READ:
                    continue
                if key.fd == wake:
                    with contextlib.suppress(OSError):
                        os.read(wake, 64)
                    continue
                data = decode(os.read(fileno, 1024 * 4))
                if data:
                    busy_until = time.monotonic() + AFTER_INPUT_SECONDS
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                waiting = time.monotonic() < busy_until
                process(selector.select(POLL_SECONDS if waiting else None))
            process([])  # an Escape that was still pending
        finally:
            selector.close()
            with contextlib.suppress(Exception):  # the parser has already seen the end
                for _event in parser.feed(""):
                    pass

    def close(self) -> None:
        super().close()
        self.exit_event.detach()
        for fd in (self._wake_read, self._wake_write):
            with contextlib.suppress(OSError):
                os.close(fd)
