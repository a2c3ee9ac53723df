"""A small Textual app that announces cues the way Stride's walk screen does.

The tmux test runs it with no sound device and no session bus, and reads the terminal back:
nothing from ALSA, D-Bus or a traceback may appear over the app.

    python -m tests.alerts.tui_announcer
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from stride_tui.alerts import Alerts, AlertSettings
from tests.alerts.alerts_harness import UncheckedNotifier

CUES = ["warm-up", "move:march", "tick", "walk-start", "shoulders", "halfway", "red-flag"]


class Announcer(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Stride alerts: announcing", id="state")

    def on_mount(self) -> None:
        self.alerts = Alerts(
            AlertSettings(),
            bell=lambda: self.call_from_thread(self.bell),
            # Unchecked, so a send is really tried and really runs into the missing bus.
            notifier=UncheckedNotifier(),
        )
        for kind in CUES:
            self.alerts.announce(kind, kind.title(), f"The {kind} cue")
        self.run_worker(self._wait, thread=True)

    def _wait(self) -> None:
        idle = self.alerts.wait_idle(20)
        in_use = [row.name for row in self.alerts.status() if row.in_use]
        summary = f"FINISHED idle={idle} using={','.join(in_use) or 'nothing'}"
        self.call_from_thread(self.query_one("#state", Static).update, summary)

    def on_unmount(self) -> None:
        self.alerts.close()


if __name__ == "__main__":
    Announcer().run()
