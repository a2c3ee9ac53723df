"""Report a red-flag symptom during a session: one key per symptom, and the session stops."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stride_tui.core.safety import RedFlag
from stride_tui.ui.session import SessionDriver
from stride_tui.ui.widgets.bullets import Bullets

_FLAGS = list(RedFlag)


class ReportFlagScreen(ModalScreen[None]):
    BINDINGS = [
        *[Binding(str(n), f"report({n})", flag.label, id=f"report-{flag.value}",
                  tooltip=f"Report {flag.label}: the session stops at once")
          for n, flag in enumerate(_FLAGS, 1)],
        Binding("escape", "dismiss", "Cancel", id="report-cancel",
                tooltip="Close without reporting"),
    ]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver

    def compose(self) -> ComposeResult:
        with Vertical(id="report-box"):
            yield Static("[b]Which symptom?[/b] The session stops at once.")
            # Each symptom's words wrap under themselves, not under its key (a narrow terminal).
            symptoms = Bullets(id="report-symptoms")
            symptoms.show([(f" [b]{n}[/b]  ", flag.label) for n, flag in enumerate(_FLAGS, 1)])
            yield symptoms
            yield Static(" [b]Esc[/b] cancel")

    def action_report(self, n: int) -> None:
        self.dismiss()
        self.driver.report_red_flag(_FLAGS[n - 1])
