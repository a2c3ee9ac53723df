"""Safety rules: the red flags (DESIGN §3.3), the pain rules (§3.2) and the escalation advice.

Stride informs; it does not diagnose. Every message says what the programme says, calmly, and
for a red flag says plainly to stop and get medical care the same day.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

from datetime import date
from enum import StrEnum
from typing import NamedTuple

# The limits and the escalation advice live in core.limits (the plan and the summaries take them
# from there without building this module's classes); they are this module's too.
from stride_tui.core.limits import ESCALATION_ADVICE as ESCALATION_ADVICE
from stride_tui.core.limits import ESCALATION_AFTER_WEEKS_WALKED as ESCALATION_AFTER_WEEKS_WALKED
from stride_tui.core.limits import ESCALATION_FROM_WEEK as ESCALATION_FROM_WEEK
from stride_tui.core.limits import PAIN_MAX as PAIN_MAX
from stride_tui.core.limits import PAIN_MIN as PAIN_MIN
from stride_tui.core.limits import PAIN_RISE_LIMIT as PAIN_RISE_LIMIT
from stride_tui.core.limits import WEEK_TWO_PAIN_LIMIT as WEEK_TWO_PAIN_LIMIT


class PainScoreError(ValueError):
    """A pain score that is not a whole number from 0 to 10."""


def parse_pain_score(text: str | int) -> int:
    """Read a pain score typed by a person; raise ``PainScoreError`` saying what is allowed."""
    if isinstance(text, bool):
        raise PainScoreError(f"pain score must be a whole number from 0 to 10, got {text!r}")
    if isinstance(text, int):
        value = text
    else:
        cleaned = text.strip()
        # ASCII digits with at most one leading minus: "--3" or "²" pass isdigit() but not int().
        digits = cleaned.removeprefix("-")
        if not (digits.isascii() and digits.isdigit() and len(digits) <= 3):
            raise PainScoreError(
                f"pain score must be a whole number from 0 to 10, got {text.strip()!r}"
            )
        value = int(cleaned)
    if not PAIN_MIN <= value <= PAIN_MAX:
        raise PainScoreError(f"pain score must be from 0 to 10, got {value}")
    return value


class RedFlag(StrEnum):
    """Signs that mean: do not walk; get medical care today."""

    LEG_NUMBNESS = "leg-numbness"
    PAIN_BELOW_KNEE = "pain-below-knee"
    BLADDER_BOWEL = "bladder-bowel"
    FEVER = "fever"

    @property
    def question(self) -> str:
        return _RED_FLAG_QUESTIONS[self]

    @property
    def label(self) -> str:
        return _RED_FLAG_LABELS[self]

    @property
    def is_emergency(self) -> bool:
        return self is RedFlag.BLADDER_BOWEL


_RED_FLAG_QUESTIONS = {
    RedFlag.LEG_NUMBNESS: "Any new numbness or weakness in a leg (calf or foot)?",
    RedFlag.PAIN_BELOW_KNEE: "Pain shooting below the knee that gets worse when you walk?",
    RedFlag.BLADDER_BOWEL: "Any loss of bladder or bowel control?",
    RedFlag.FEVER: "A fever along with your back pain?",
}
_RED_FLAG_LABELS = {
    RedFlag.LEG_NUMBNESS: "new leg numbness or weakness",
    RedFlag.PAIN_BELOW_KNEE: "pain shooting below the knee, worse with walking",
    RedFlag.BLADDER_BOWEL: "loss of bladder or bowel control",
    RedFlag.FEVER: "fever with back pain",
}


class RedFlagAdvice(NamedTuple):
    headline: str
    steps: tuple[str, ...]
    emergency: bool


def red_flag_advice(flags: list[RedFlag] | tuple[RedFlag, ...]) -> RedFlagAdvice:
    """What to do when any red flag is reported: stop, and same-day care (emergency for one)."""
    if not flags:
        raise ValueError("red_flag_advice needs at least one red flag")
    emergency = any(f.is_emergency for f in flags)
    if emergency:
        headline = "Stop. Loss of bladder or bowel control is an emergency."
        steps = (
            "Do not walk today.",
            "Call your local emergency number or go to an emergency department now.",
            "Tell them you have back pain with loss of bladder or bowel control"
            + "".join(f"; {f.label}" for f in flags if not f.is_emergency)
            + ".",
        )
    else:
        headline = "Stop. Do not walk today — get medical care today."
        steps = (
            "Do not walk through this sign.",
            "Contact a doctor or urgent care today for a same-day check.",
            "Tell them what you noticed: " + "; ".join(f.label for f in flags) + ".",
        )
    return RedFlagAdvice(headline=headline, steps=steps, emergency=emergency)


class PainTrend(StrEnum):
    FELL = "fell"
    STEADY = "steady"
    ROSE_A_LITTLE = "rose-a-little"
    ROSE_SCALE_BACK = "rose-scale-back"


class PainVerdict(NamedTuple):
    trend: PainTrend
    message: str


def after_walk_verdict(
    before: int, after: int, *, peak: int | None = None, stopped_for_pain: bool = False
) -> PainVerdict:
    """Compare pain before and after a walk, as the programme reads it.

    A pain stop, or a rise of more than 2 points at any pain check during the walk, is never
    "a small rise": it scales back the next walk and there are no strength moves today.
    """
    change = after - before
    if stopped_for_pain:
        return PainVerdict(
            PainTrend.ROSE_SCALE_BACK,
            f"The walk stopped for pain (now {after}/10). No strength moves today: rest your "
            "back, and your next walk will be shorter.",
        )
    if peak is not None and peak - before > PAIN_RISE_LIMIT and change <= PAIN_RISE_LIMIT:
        return PainVerdict(
            PainTrend.ROSE_SCALE_BACK,
            f"Pain rose to {peak} during the walk (from {before}); it is {after} now. No "
            "strength moves today, and your next walk will be shorter.",
        )
    if change > PAIN_RISE_LIMIT:
        # A higher pain check is named too: the plan's reason for the next walk names it.
        during = f" ({peak} during the walk)" if peak is not None and peak > after else ""
        return PainVerdict(
            PainTrend.ROSE_SCALE_BACK,
            f"Pain rose from {before} to {after}{during}. No strength moves today, and your "
            "next walk will be shorter, as the plan says after a rise of more than 2 points.",
        )
    if change < 0:
        return PainVerdict(
            PainTrend.FELL,
            f"Pain fell from {before} to {after} — that is the sign you are on track.",
        )
    if change == 0:
        return PainVerdict(PainTrend.STEADY, f"Pain held steady at {after}. Keep to the plan.")
    return PainVerdict(
        PainTrend.ROSE_A_LITTLE,
        f"Pain went from {before} to {after}. A small rise is fine; keep to the plan "
        "and watch it next time.",
    )


class PainAction(StrEnum):
    CONTINUE = "continue"
    SUGGEST_EASING = "suggest-easing"
    STOP = "stop"


class PainCheckOutcome(NamedTuple):
    action: PainAction
    message: str


def check_in_pain(week: int, pain_now: int) -> PainCheckOutcome:
    """Pain given at check-in: in week 2, above 3/10 means no walk today."""
    if week == 2 and pain_now > WEEK_TWO_PAIN_LIMIT:
        return PainCheckOutcome(
            PainAction.STOP,
            f"Your pain is {pain_now}/10. In week 2 the plan says to stop when pain is above "
            "3/10, so rest today and check in again tomorrow.",
        )
    return PainCheckOutcome(PainAction.CONTINUE, "")


def mid_walk_check(week: int, before: int | None, now: int) -> PainCheckOutcome:
    """A pain score given during the walk, and what it means for this walk."""
    if week == 2 and now > WEEK_TWO_PAIN_LIMIT:
        return PainCheckOutcome(
            PainAction.STOP,
            f"Pain is {now}/10. In week 2 the plan says to stop above 3/10 — "
            "this walk ends here. Slow down and step off carefully.",
        )
    if before is not None and now - before > PAIN_RISE_LIMIT:
        return PainCheckOutcome(
            PainAction.SUGGEST_EASING,
            f"Pain has risen from {before} to {now}. Ease your pace; it is fine to end "
            "the walk early (E). If it stays up, your next walk will be shorter.",
        )
    if before is not None and now < before:
        return PainCheckOutcome(
            PainAction.CONTINUE,
            f"Pain is down from {before} to {now} while walking — you are on track.",
        )
    return PainCheckOutcome(
        PainAction.CONTINUE, f"Pain {now}/10. Carry on at a pace where you can talk."
    )


class EscalationSign(StrEnum):
    """The signs that, after 4–6 weeks of consistent walking, mean walking is not enough."""

    PAIN_AT_REST = "pain-at-rest"
    NIGHT_PAIN = "night-pain"
    SPREADING = "spreading"

    @property
    def question(self) -> str:
        return _ESCALATION_QUESTIONS[self]


_ESCALATION_QUESTIONS = {
    EscalationSign.PAIN_AT_REST: "Is your pain above 4/10 when you are resting?",
    EscalationSign.NIGHT_PAIN: "Does back pain wake you or stop you sleeping at night?",
    EscalationSign.SPREADING: "Are your symptoms spreading down your legs?",
}


def escalation_due(weeks_walked: int, last_asked: date | None, today: date) -> bool:
    """The "is walking enough?" questions: after 4 weeks *of walking*, at most once a week."""
    if weeks_walked < ESCALATION_AFTER_WEEKS_WALKED:
        return False
    return last_asked is None or (today - last_asked).days >= 7
