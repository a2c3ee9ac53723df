"""Check-in: the red-flag questions, the weekly "is walking enough?" questions, pain now."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from stride_tui.core.records import Condition
from stride_tui.core.safety import EscalationSign, RedFlag
from stride_tui.ui.session import SessionDriver, SessionScreen
from stride_tui.ui.widgets.keybar import KeyBar
from stride_tui.ui.widgets.pain_scale import PainScale, forward_digit
from stride_tui.ui.widgets.yes_no import YesNo

REVIEW_QUESTIONS = {
    Condition.DISC_HERNIATION: "Is your disc herniation still recent (still being treated)?",
    Condition.MICRODISCECTOMY: "Are you still following your surgeon's after-surgery advice?",
}


class CheckInScreen(SessionScreen):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="checkin-yes", tooltip="Answer yes"),
        Binding("n", "answer(False)", "No", id="checkin-no", tooltip="Answer no"),
        Binding("enter", "submit", "Continue", id="checkin-continue",
                tooltip="Continue to the warm-up"),
        Binding("tab,down", "app.focus_next", "Next question", show=False, id="checkin-next",
                tooltip="Move to the next question"),
        Binding("shift+tab,up", "app.focus_previous", "Previous", show=False,
                id="checkin-previous", tooltip="Move to the previous question"),
        Binding("escape", "cancel", "Back home", id="checkin-cancel",
                tooltip="Back to Home without walking"),
    ]

    def __init__(self, driver: SessionDriver) -> None:
        super().__init__()
        self.driver = driver
        target = driver.engine.target
        self.ask_escalation = target.escalation_due
        self.review = target.review_due
        self.stopped = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="checkin-body"):
            recalled = self.driver.engine.target.recalled_flag
            if recalled:
                yield Static(f"[b]{recalled}[/b]", id="checkin-recalled")
            yield Static("[b]Before you walk[/b] — Y or N for each (or tap Yes / No)",
                         classes="section")
            for n, flag in enumerate(RedFlag, 1):
                yield YesNo(flag.value, flag.question, number=f"{n}.",
                            id=f"flag-{flag.value}")
            if self.ask_escalation:
                yield Static(
                    "[b]Weekly check[/b] — after 4 weeks of walking", classes="section"
                )
                for sign in EscalationSign:
                    yield YesNo(sign.value, sign.question, id=f"sign-{sign.value}")
            if self.review:
                yield Static("[b]Still the case?[/b] — your conditions change the plan",
                             classes="section")
                for condition in self.review:
                    yield YesNo(condition.value, REVIEW_QUESTIONS[condition],
                                id=f"review-{condition.value}")
            yield Static("[b]Pain now[/b] — 0 none … 10 worst (a number key, ←/→ or a tap)",
                         classes="section")
            yield PainScale(id="pain-before")
            yield Static("", id="checkin-message")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query(YesNo).first().focus()

    def action_answer(self, answer: bool) -> None:
        """Answer the question in focus if it is still open, else the first open one."""
        if self.stopped:
            return
        questions = list(self.query(YesNo))
        focused = self.focused if isinstance(self.focused, YesNo) else None
        target = focused if focused is not None and focused.answer is None else next(
            (q for q in questions if q.answer is None), focused
        )
        if target is None:
            return
        self._answer(target, answer)

    def on_yes_no_clicked(self, event: YesNo.Clicked) -> None:
        """A click or tap on Yes or No: that question's answer, as its key would give it."""
        if not self.stopped:
            self._answer(event.question, event.answer)

    def _answer(self, target: YesNo, answer: bool) -> None:
        questions = list(self.query(YesNo))
        target.action_answer(answer)
        # Here, not only on the Answered message: a key pressed next (Esc) must not overtake it.
        self._answered(target, answer)
        if self.stopped:
            return
        # Move on to the next open question (or the pain scale) so one hand can answer all.
        following = questions[questions.index(target) + 1 :]
        nxt = next((q for q in following if q.answer is None), None)
        self.set_focus(nxt if nxt is not None else self.query_one(PainScale))
        self.query_one("#checkin-message", Static).update("")

    def on_key(self, event: events.Key) -> None:
        forward_digit(self.query_one(PainScale), event)

    def on_yes_no_answered(self, event: YesNo.Answered) -> None:
        self._answered(event.question, event.answer)

    def _answered(self, question: YesNo, answer: bool) -> None:
        """A yes to a red flag or a warning sign counts the moment it is given: saved, and its
        advice shown, even if the walker then leaves (Esc, Ctrl+Q)."""
        if not answer or self.stopped:
            return
        qid = question.id or ""
        if qid.startswith("flag-"):
            self.stopped = True
            self.driver.check_in([RedFlag(question.key)], self.query_one(PainScale).value)
        elif qid.startswith("sign-"):
            self.stopped = True
            self._save_escalation(True)
            from stride_tui.ui.screens.redflag import StopScreen

            self.driver.close()
            self.app.switch_screen(StopScreen.for_escalation())

    def on_pain_scale_changed(self, event: PainScale.Changed) -> None:
        self.query_one("#checkin-message", Static).update(
            f"Pain {event.value}/10 — press Enter to continue."
        )

    def action_submit(self) -> None:
        if self.stopped:
            return
        questions = list(self.query(YesNo))
        unanswered = [q for q in questions if q.answer is None]
        message = self.query_one("#checkin-message", Static)
        flags = [
            RedFlag(q.key) for q in questions if q.id and q.id.startswith("flag-") and q.answer
        ]
        if flags:
            # A single yes is enough to stop: don't make someone in trouble answer the rest.
            self.stopped = True
            self.driver.check_in(flags, self.query_one(PainScale).value)
            return
        if unanswered:
            message.update("[b]Please answer every question[/b] (Y or N).")
            unanswered[0].focus()
            return
        pain = self.query_one(PainScale).value
        if pain is None:
            message.update("[b]Choose your pain now[/b], 0 to 10.")
            self.query_one(PainScale).focus()
            return
        self._save_review(questions)
        signs = [q for q in questions if q.id and q.id.startswith("sign-")]
        if self.ask_escalation:
            self._save_escalation(any(q.answer for q in signs))
            if any(q.answer for q in signs):
                from stride_tui.ui.screens.redflag import StopScreen

                self.driver.close()
                self.app.switch_screen(StopScreen.for_escalation())
                return
        self.driver.check_in([], pain)

    def _save_escalation(self, advised: bool) -> None:
        app: Any = self.app
        today = self.driver.engine.record.day
        profile = self.driver.engine.profile._replace(
            escalation_asked_on=today,
            evaluation_advised_on=today if advised else None,
        )
        app.profile = profile
        app.store_submit(lambda store: store.save_profile(profile))

    def _save_review(self, questions: list[YesNo]) -> None:
        """Conditions answered "no longer the case" leave the profile; all count as reviewed."""
        if not self.review:
            return
        app: Any = self.app
        gone = {Condition(q.key) for q in questions
                if q.id and q.id.startswith("review-") and q.answer is False}
        current = self.driver.engine.profile
        profile = current._replace(
            conditions=[c for c in current.conditions if c not in gone],
            surgery_date=None if Condition.MICRODISCECTOMY in gone else current.surgery_date,
            conditions_reviewed_on=self.driver.engine.record.day,
        )
        self.driver.engine.profile = profile
        app.profile = profile
        app.store_submit(lambda store: store.save_profile(profile))

    def action_cancel(self) -> None:
        self.driver.close()
        self.app.pop_screen()
