"""Pain rules (DESIGN §3.2), red flags (§3.3) and the escalation advice."""

from __future__ import annotations

import pytest

from stride_tui.core.safety import (
    ESCALATION_ADVICE,
    ESCALATION_FROM_WEEK,
    EscalationSign,
    PainAction,
    PainScoreError,
    PainTrend,
    RedFlag,
    after_walk_verdict,
    check_in_pain,
    mid_walk_check,
    parse_pain_score,
    red_flag_advice,
)

# --- pain scores ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "score"), [("0", 0), ("10", 10), (" 7 ", 7), ("03", 3), (5, 5), (0, 0)]
)
def test_a_pain_score_is_a_whole_number_from_0_to_10(typed: str | int, score: int) -> None:
    assert parse_pain_score(typed) == score


@pytest.mark.parametrize(
    "typed", ["11", "-1", "3.5", "", "   ", "abc", "--3", "²", "1e1", "3/10", "9" * 5000, 11, -1]
)
def test_a_pain_score_outside_0_to_10_or_not_whole_is_refused_saying_what_is_allowed(
    typed: str | int,
) -> None:
    with pytest.raises(PainScoreError) as caught:
        parse_pain_score(typed)
    assert "from 0 to 10" in str(caught.value)


@pytest.mark.parametrize("typed", ["3.5", "abc", ""])
def test_a_pain_score_that_is_not_a_number_is_asked_for_as_a_whole_number(typed: str) -> None:
    with pytest.raises(PainScoreError, match="whole number from 0 to 10"):
        parse_pain_score(typed)


def test_true_is_not_a_pain_score() -> None:
    with pytest.raises(PainScoreError):
        parse_pain_score(True)


# --- before and after a walk ---------------------------------------------------------------


def test_pain_rising_by_three_points_says_the_next_walk_will_be_shorter() -> None:
    verdict = after_walk_verdict(2, 5)
    assert verdict.trend is PainTrend.ROSE_SCALE_BACK
    assert "2 to 5" in verdict.message and "shorter" in verdict.message


def test_pain_rising_by_exactly_two_points_keeps_to_the_plan() -> None:
    verdict = after_walk_verdict(2, 4)
    assert verdict.trend is PainTrend.ROSE_A_LITTLE
    assert "shorter" not in verdict.message
    assert "keep to the plan" in verdict.message


def test_pain_that_fell_says_you_are_on_track() -> None:
    verdict = after_walk_verdict(5, 3)
    assert verdict.trend is PainTrend.FELL
    assert "5 to 3" in verdict.message and "on track" in verdict.message


def test_pain_that_held_steady_keeps_to_the_plan() -> None:
    verdict = after_walk_verdict(3, 3)
    assert verdict.trend is PainTrend.STEADY
    assert "on track" not in verdict.message


# --- the week-2 rule -------------------------------------------------------------------------


def test_week_two_check_in_allows_three_out_of_ten() -> None:
    assert check_in_pain(2, 3).action is PainAction.CONTINUE


def test_week_two_check_in_stops_at_four_out_of_ten() -> None:
    outcome = check_in_pain(2, 4)
    assert outcome.action is PainAction.STOP
    assert "4/10" in outcome.message and "3/10" in outcome.message


@pytest.mark.parametrize("week", [1, 3, 6])
def test_the_stop_above_three_rule_is_week_two_only(week: int) -> None:
    assert check_in_pain(week, 6).action is PainAction.CONTINUE
    assert mid_walk_check(week, 6, 6).action is PainAction.CONTINUE


def test_week_two_mid_walk_allows_three_and_stops_at_four() -> None:
    assert mid_walk_check(2, 1, 3).action is PainAction.CONTINUE
    stop = mid_walk_check(2, 3, 4)
    assert stop.action is PainAction.STOP
    assert "ends here" in stop.message


def test_mid_walk_pain_up_by_more_than_two_suggests_easing() -> None:
    outcome = mid_walk_check(3, 2, 5)
    assert outcome.action is PainAction.SUGGEST_EASING
    assert "2 to 5" in outcome.message
    assert mid_walk_check(3, 2, 4).action is PainAction.CONTINUE


def test_mid_walk_pain_falling_says_you_are_on_track() -> None:
    outcome = mid_walk_check(3, 4, 2)
    assert outcome.action is PainAction.CONTINUE
    assert "on track" in outcome.message


# --- red flags -----------------------------------------------------------------------------


def test_there_are_four_red_flags_each_asked_as_a_question() -> None:
    assert {f.value for f in RedFlag} == {
        "leg-numbness", "pain-below-knee", "bladder-bowel", "fever",
    }
    for flag in RedFlag:
        assert flag.question.endswith("?")
        assert flag.label
    assert "knee" in RedFlag.PAIN_BELOW_KNEE.question
    assert "numbness or weakness" in RedFlag.LEG_NUMBNESS.question
    assert "bladder or bowel" in RedFlag.BLADDER_BOWEL.question
    assert "fever" in RedFlag.FEVER.question.lower()


def test_only_loss_of_bladder_or_bowel_control_is_an_emergency() -> None:
    assert [f for f in RedFlag if f.is_emergency] == [RedFlag.BLADDER_BOWEL]


@pytest.mark.parametrize(
    "flag", [RedFlag.LEG_NUMBNESS, RedFlag.PAIN_BELOW_KNEE, RedFlag.FEVER]
)
def test_a_red_flag_advice_says_stop_and_get_same_day_care(flag: RedFlag) -> None:
    advice = red_flag_advice([flag])
    assert not advice.emergency
    assert advice.headline.startswith("Stop.")
    text = " ".join(advice.steps)
    assert "same-day" in text
    assert "today" in advice.headline
    assert flag.label in text


def test_bladder_or_bowel_advice_is_an_emergency() -> None:
    advice = red_flag_advice([RedFlag.FEVER, RedFlag.BLADDER_BOWEL])
    assert advice.emergency
    assert "emergency" in advice.headline
    assert any("emergency" in s and "now" in s for s in advice.steps)
    assert "Do not walk today." in advice.steps


def test_red_flag_advice_needs_a_red_flag() -> None:
    with pytest.raises(ValueError):
        red_flag_advice([])


# --- when walking is not enough ----------------------------------------------------------------


def test_the_three_escalation_signs_are_asked() -> None:
    assert EscalationSign.PAIN_AT_REST.question == "Is your pain above 4/10 when you are resting?"
    assert "night" in EscalationSign.NIGHT_PAIN.question
    assert "sleep" in EscalationSign.NIGHT_PAIN.question
    assert "down your legs" in EscalationSign.SPREADING.question


def test_the_escalation_advice_is_stop_walking_physical_therapy_and_a_doctor() -> None:
    assert len(ESCALATION_ADVICE) == 3
    stop, therapy, doctor = ESCALATION_ADVICE
    assert "Stop walking" in stop
    assert "physical therapy" in therapy
    assert "doctor" in doctor and "red flags" in doctor


def test_escalation_questions_start_after_four_weeks() -> None:
    assert ESCALATION_FROM_WEEK == 5


def test_emergency_advice_still_names_the_other_signs_reported() -> None:
    advice = red_flag_advice([RedFlag.BLADDER_BOWEL, RedFlag.FEVER])
    assert advice.emergency
    assert "fever with back pain" in " ".join(advice.steps)


def test_after_a_pain_stop_the_summary_never_says_a_small_rise_is_fine() -> None:
    verdict = after_walk_verdict(2, 4, stopped_for_pain=True)
    assert verdict.trend is PainTrend.ROSE_SCALE_BACK
    assert "small rise" not in verdict.message
    assert "No strength moves today" in verdict.message


def test_a_rise_to_eight_at_a_pain_check_is_not_a_small_rise_even_if_pain_settles() -> None:
    verdict = after_walk_verdict(2, 4, peak=8)
    assert verdict.trend is PainTrend.ROSE_SCALE_BACK
    assert "rose to 8" in verdict.message and "small rise" not in verdict.message


def test_a_rise_that_was_higher_at_a_pain_check_names_that_high_too() -> None:
    # The plan's reason for the next walk names the highest score; the summary must not
    # seem to disagree with it.
    verdict = after_walk_verdict(2, 6, peak=7)
    assert verdict.trend is PainTrend.ROSE_SCALE_BACK
    assert "from 2 to 6 (7 during the walk)" in verdict.message
    assert "during" not in after_walk_verdict(2, 6, peak=5).message


def test_a_rise_of_more_than_two_says_no_strength_today() -> None:
    assert "No strength moves today" in after_walk_verdict(2, 8).message


def test_the_weekly_questions_wait_for_four_weeks_of_walking() -> None:
    from datetime import date

    from stride_tui.core.safety import escalation_due

    today = date(2026, 4, 20)
    assert not escalation_due(3, None, today)
    assert escalation_due(4, None, today)
    assert not escalation_due(6, date(2026, 4, 15), today)
    assert escalation_due(6, date(2026, 4, 13), today)
