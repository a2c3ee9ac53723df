"""A one-line Textual app for tests/ui/test_input_driver.py, run in a real terminal (tmux).

    python tests/ui/input_child.py quiet|stock|fallback REPORT

It shows the keys it has had and a count of its own quarter-second timer, and writes REPORT
(JSON: its pid and the native id of Textual's input thread) once that thread runs. ``quiet``
runs it on Stride's driver (``stride_tui.ui.driver.QuietInputDriver``), ``stock`` on
Textual's ``LinuxDriver``; ``fallback`` on Stride's driver with Textual's key parser made
unusable, as a Textual that makes it otherwise would (the driver then runs Textual's own loop);
``q`` quits.
"""

from __future__ import annotations

import json
import os
import sys
import threading

from textual.app import App, ComposeResult
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Key
from textual.widgets import Static

from stride_tui.ui.driver import QuietInputDriver


class Echo(App[None]):
    def __init__(self, quiet: bool, report: str) -> None:
        super().__init__(driver_class=QuietInputDriver if quiet else LinuxDriver)
        self.report = report
        self.reported = False
        self.ticks = 0
        self.seen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("starting", id="line", markup=False)

    def on_mount(self) -> None:
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        self.ticks += 1
        if not self.reported:
            threads = [t for t in threading.enumerate() if t.name == "textual-input"]
            if threads:
                tmp = f"{self.report}.tmp"
                with open(tmp, "w", encoding="utf-8") as f:
                    json.dump({"pid": os.getpid(), "input_thread": threads[0].native_id}, f)
                os.replace(tmp, self.report)
                self.reported = True
        self.show()

    def on_key(self, event: Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key == "q":
            self.exit()
            return
        self.seen.append(event.key)
        self.show()

    def show(self) -> None:
        self.query_one("#line", Static).update(
            f"ticks {self.ticks} keys ({' '.join(self.seen)})", layout=False)


def _unusable_parser(*_args: object, **_kwargs: object) -> None:
    raise TypeError("XTermParser() takes other arguments in this Textual")


if __name__ == "__main__":
    if sys.argv[1] == "fallback":
        import stride_tui.ui.driver

        stride_tui.ui.driver.XTermParser = _unusable_parser  # type: ignore[assignment,misc]
    Echo(sys.argv[1] != "stock", sys.argv[2]).run()
