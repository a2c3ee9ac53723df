"""Stop screens: a red flag (same-day medical care), a week-2 pain stop, and the advice when
walking is not enough. None of them leads to the walk."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from stride_tui.core.safety import ESCALATION_ADVICE, RedFlag, red_flag_advice
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.keybar import KeyBar


class StopScreen(SessionScreen):
    BINDINGS = [
        Binding("enter,escape,h", "home", "Home", id="stop-home",
                tooltip="Back to Home"),
        # The app's own quit key, shown here: the same id, so the settings file's
        # `quit-key` moves it on this screen too.
        Binding("q", "app.quit_key", "Quit", id="quit-key",
                tooltip="Quit Stride"),
    ]

    def __init__(
        self, headline: str, lines: tuple[str, ...], *, driver: SessionDriver | None = None,
        urgent: bool = True,
    ) -> None:
        super().__init__(classes="urgent" if urgent else "calm")
        self.headline = headline
        self.lines = lines
        self.driver = driver
        self.composed = False

    @classmethod
    def for_pain(cls, driver: SessionDriver) -> StopScreen:
        return cls("Rest today", (driver.engine.record.note,
                                  "Your answers are saved. Check in again tomorrow."),
                   driver=driver, urgent=False)

    @classmethod
    def for_escalation(cls) -> StopScreen:
        return cls(
            "Walking alone may not be enough right now",
            (*ESCALATION_ADVICE,
             "When you have been checked, confirm it in your profile (O on Home) to walk again."),
            urgent=False,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="stop-body"):
            yield Static(self.headline, id="stop-headline")
            for line in self.lines:
                # The bullet beside the line, so that a wrapped line lines up under its text.
                with Horizontal(classes="stop-item"):
                    yield Static("•", classes="stop-bullet")
                    yield Static(line, classes="stop-line")
            yield Static("Saving…" if self.driver else "", id="stop-saved")
        yield KeyBar()

    def on_mount(self) -> None:
        self.composed = True
        # The save may have finished before this screen was composed.
        if self.driver is not None and self.driver.saved is not None and self.driver.saved.done():
            self.session_saved(self.driver.saved.exception())

    def session_saved(self, error: BaseException | None) -> None:
        if not self.composed:
            return  # on_mount shows it
        self.query_one("#stop-saved", Static).update(
            "This has been saved in your history." if error is None else f"Not saved: {error}"
        )

    def action_home(self) -> None:
        if self.driver is not None:
            self.driver.close()
        self.app.pop_screen()


class RedFlagScreen(StopScreen):
    def __init__(self, driver: SessionDriver) -> None:
        flags = [RedFlag(f) for f in driver.engine.record.red_flags]
        advice = red_flag_advice(flags)
        reported = "You reported: " + "; ".join(f.label for f in flags) + "."
        super().__init__(advice.headline, (reported, *advice.steps), driver=driver)


