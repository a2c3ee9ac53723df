"""The programme's numeric limits and its escalation advice, as plain constants.

The safety rules, the plan and the weekly summaries share them; the plan and the summaries take
them from here, so that Home (which needs those two) starts without building the safety module's
classes.
"""

from __future__ import annotations

PAIN_MIN = 0
PAIN_MAX = 10
# A rise of more than this many points from before to after scales the next walk back.
PAIN_RISE_LIMIT = 2
# In week 2 the programme says to stop when pain goes above 3/10.
WEEK_TWO_PAIN_LIMIT = 3

ESCALATION_ADVICE = (
    "Stop walking for now, until you have been checked.",
    "Ask for a physical therapy referral: specific exercises help more than walking alone here.",
    "See a doctor to rule out red flags.",
)

# Escalation questions are asked once a week from this programme week on (after 4 weeks).
ESCALATION_FROM_WEEK = 5
# ... counted in weeks *of walking* (levels completed), not calendar weeks.
ESCALATION_AFTER_WEEKS_WALKED = 4


def median(values: list[float] | list[int]) -> float:
    """The middle value (the mean of the two middle ones for an even count), as
    ``statistics.median`` gives it: kept here so that the programme does not load the
    statistics module (and what it imports) at every start. ``values`` must not be empty."""
    return median_of_sorted(sorted(values))


def median_of_sorted(ordered: list[float] | list[int]) -> float:
    """``median`` of values already in order (a window kept sorted as it slides)."""
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2
