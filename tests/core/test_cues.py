"""The cue schedule: what Stride calls out during a walk, and at which second (DESIGN §3.5)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stride_tui.core.cues import CUE_TEXT, MIN_GAP, Cue, CueKind, cue_schedule
from stride_tui.core.records import Condition

K = CueKind

# Worked by hand from the rules in cues.py for a 45-minute walk (T = 2700 s):
# anchors halfway 1350, pain check 1370, last minute 2640; shoulders every 300 s; rolls wanted at
# 675, 1350 (taken by halfway → 1370, taken by the pain check → 1390) and 2025; stride 120 + 600k;
# hands 240 + 600k (2040 is 15 s after the roll at 2025 → 2045; 2640 is the last-minute call →
# 2660, after it → dropped); talk test 420 + 600k.
FORTY_FIVE_MINUTES = [
    (120, K.STRIDE), (240, K.HANDS), (300, K.SHOULDERS), (420, K.TALK_TEST),
    (600, K.SHOULDERS), (675, K.SHOULDER_ROLL), (720, K.STRIDE), (840, K.HANDS),
    (900, K.SHOULDERS), (1020, K.TALK_TEST), (1200, K.SHOULDERS), (1320, K.STRIDE),
    (1350, K.HALFWAY), (1370, K.PAIN_CHECK), (1390, K.SHOULDER_ROLL), (1440, K.HANDS),
    (1500, K.SHOULDERS), (1620, K.TALK_TEST), (1800, K.SHOULDERS), (1920, K.STRIDE),
    (2025, K.SHOULDER_ROLL), (2045, K.HANDS), (2100, K.SHOULDERS), (2220, K.TALK_TEST),
    (2400, K.SHOULDERS), (2520, K.STRIDE), (2640, K.LAST_MINUTE),
]

# A 10-minute walk (T = 600): halfway 300, pain check 320, last minute 540; the 5-minute
# shoulders cue meets halfway and the pain check → 340; the halfway roll → 360.
TEN_MINUTES = [
    (120, K.STRIDE), (150, K.SHOULDER_ROLL), (240, K.HANDS), (300, K.HALFWAY),
    (320, K.PAIN_CHECK), (340, K.SHOULDERS), (360, K.SHOULDER_ROLL), (420, K.TALK_TEST),
    (450, K.SHOULDER_ROLL), (540, K.LAST_MINUTE),
]


def timeline(cues: tuple[Cue, ...]) -> list[tuple[int, CueKind]]:
    return [(c.at, c.kind) for c in cues]


def test_a_45_minute_walk_has_this_schedule() -> None:
    assert timeline(cue_schedule(45 * 60)) == FORTY_FIVE_MINUTES


def test_a_10_minute_walk_has_this_schedule() -> None:
    assert timeline(cue_schedule(600)) == TEN_MINUTES


def test_the_schedule_is_the_same_every_time() -> None:
    assert cue_schedule(2700) == cue_schedule(2700)
    both = [Condition.SPINAL_STENOSIS, Condition.SPONDYLOLISTHESIS]
    assert cue_schedule(1200, both) == cue_schedule(1200, tuple(reversed(both)))


def test_shoulders_every_five_minutes() -> None:
    shoulders = [c.at for c in cue_schedule(2700) if c.kind is K.SHOULDERS]
    assert shoulders == list(range(300, 2401, 300))


def test_a_shoulders_cue_that_meets_halfway_waits_for_the_pain_check_to_pass() -> None:
    # 20 minutes: halfway 600 and pain check 620 take the 10-minute mark, so shoulders say 640.
    shoulders = [c.at for c in cue_schedule(1200) if c.kind is K.SHOULDERS]
    assert shoulders == [300, 640, 900]


@pytest.mark.parametrize("minutes", [2, 6, 10, 20, 25, 30, 45, 60])
def test_three_shoulder_rolls_during_a_walk(minutes: int) -> None:
    rolls = [c.at for c in cue_schedule(minutes * 60) if c.kind is K.SHOULDER_ROLL]
    assert len(rolls) == 3


def test_the_shoulder_rolls_fall_at_a_quarter_half_and_three_quarters() -> None:
    rolls = [c.at for c in cue_schedule(2700) if c.kind is K.SHOULDER_ROLL]
    assert rolls == [675, 1390, 2025]  # the half-way roll gives way to halfway and pain check


@pytest.mark.parametrize(
    ("minutes", "conditions"),
    [(3, ()), (4, ()), (5, ()), (2, (Condition.SPINAL_STENOSIS,))],
)
def test_three_shoulder_rolls_even_on_a_very_short_walk(
    minutes: int, conditions: tuple[Condition, ...]
) -> None:
    rolls = [c for c in cue_schedule(minutes * 60, conditions) if c.kind is K.SHOULDER_ROLL]
    assert len(rolls) == 3


def test_no_shoulder_rolls_on_a_one_minute_walk() -> None:
    assert [c.kind for c in cue_schedule(60)] == [K.HALFWAY]


def test_a_two_minute_walk_has_halfway_and_three_rolls() -> None:
    # Short walk: rolls wanted at T/8, T/4, 3T/8 (15, 30, 45 s), each kept 20 s from the last.
    assert timeline(cue_schedule(120)) == [
        (15, K.SHOULDER_ROLL), (35, K.SHOULDER_ROLL), (60, K.HALFWAY), (80, K.SHOULDER_ROLL),
    ]


@pytest.mark.parametrize("conditions", [(), tuple(Condition)])
def test_a_one_minute_walk_has_only_halfway(conditions: tuple[Condition, ...]) -> None:
    assert timeline(cue_schedule(60, conditions)) == [(30, K.HALFWAY)]


@pytest.mark.parametrize("minutes", [1, 3, 4, 10, 33, 45])
def test_halfway_is_exactly_half_the_walk(minutes: int) -> None:
    halfway = [c.at for c in cue_schedule(minutes * 60) if c.kind is K.HALFWAY]
    assert halfway == [minutes * 30]


@pytest.mark.parametrize("minutes", [3, 4, 10, 45])
def test_the_last_minute_call_is_sixty_seconds_before_the_end(minutes: int) -> None:
    last = [c.at for c in cue_schedule(minutes * 60) if c.kind is K.LAST_MINUTE]
    assert last == [minutes * 60 - 60]


def test_walks_under_three_minutes_have_no_last_minute_call() -> None:
    assert all(c.kind is not K.LAST_MINUTE for c in cue_schedule(120))


@pytest.mark.parametrize("minutes", [4, 10, 45])
def test_the_pain_check_comes_twenty_seconds_after_halfway(minutes: int) -> None:
    cues = cue_schedule(minutes * 60)
    (pain,) = [c.at for c in cues if c.kind is K.PAIN_CHECK]
    assert pain == minutes * 30 + 20


def test_walks_under_four_minutes_have_no_pain_check() -> None:
    assert all(c.kind is not K.PAIN_CHECK for c in cue_schedule(180))


@pytest.mark.parametrize("minutes", [3, 4, 5, 6, 10, 20, 45, 60])
def test_nothing_is_called_after_the_last_minute_call(minutes: int) -> None:
    cues = cue_schedule(minutes * 60)
    assert cues[-1].kind is K.LAST_MINUTE
    assert cues[-1].at == minutes * 60 - 60


def test_spinal_stenosis_adds_lean_forward_cues_every_five_minutes() -> None:
    cues = cue_schedule(600, [Condition.SPINAL_STENOSIS])
    # 0:30 and 5:30; 5:30 is crowded by halfway 300, pain check 320, shoulders 340, roll 360.
    assert [c.at for c in cues if c.kind is K.LEAN_FORWARD] == [30, 380]
    assert timeline(tuple(c for c in cues if c.kind is not K.LEAN_FORWARD)) == TEN_MINUTES


def test_spondylolisthesis_adds_a_poles_reminder_at_fifteen_seconds() -> None:
    cues = cue_schedule(600, (Condition.SPONDYLOLISTHESIS,))
    assert timeline(cues) == [(15, K.POLES), *TEN_MINUTES]
    assert "poles" in K.POLES.body.lower()
    assert "flat" in K.POLES.body.lower()


@pytest.mark.parametrize("condition", [Condition.DISC_HERNIATION, Condition.MICRODISCECTOMY])
def test_other_conditions_do_not_change_the_cues(condition: Condition) -> None:
    assert cue_schedule(2700, [condition]) == cue_schedule(2700)


def test_every_cue_has_a_heading_and_words() -> None:
    assert set(CUE_TEXT) == set(CueKind)
    for kind in CueKind:
        assert kind.heading and kind.body
    assert "pockets" in K.SHOULDERS.body
    assert "talk" in K.TALK_TEST.body and "sing" in K.TALK_TEST.body
    assert "under your hip" in K.STRIDE.body


def test_no_walk_no_cues() -> None:
    assert cue_schedule(0) == ()
    assert cue_schedule(-60) == ()


def check_schedule(seconds: int, conditions: tuple[Condition, ...]) -> None:
    cues = cue_schedule(seconds, conditions)
    times = [c.at for c in cues]
    assert times == sorted(times)
    assert all(b - a >= MIN_GAP for a, b in itertools.pairwise(times))
    assert all(0 <= t < seconds for t in times)
    kinds = [c.kind for c in cues]
    if seconds >= 60:
        assert Cue(seconds // 2, K.HALFWAY) in cues
    if seconds >= 180:
        assert cues[-1] == Cue(seconds - 60, K.LAST_MINUTE)
    else:
        assert all(t < seconds - 15 for t in times)
    if seconds >= 240:
        assert Cue(seconds // 2 + 20, K.PAIN_CHECK) in cues
    else:
        assert K.PAIN_CHECK not in kinds
    if seconds >= 360:
        assert kinds.count(K.SHOULDER_ROLL) == 3
    limit = seconds - 60 if seconds >= 180 else seconds - 15
    shoulders = [c.at for c in cues if c.kind is K.SHOULDERS]
    for mark in range(300, seconds, 300):
        if mark + 60 < limit:  # room for the cue even if it has to wait for others
            assert any(mark <= t < mark + 60 for t in shoulders), (seconds, mark, shoulders)


conditions_sets = st.sets(st.sampled_from(list(Condition))).map(
    lambda s: tuple(sorted(s, key=lambda c: c.value))
)


@given(minutes=st.integers(min_value=1, max_value=60), conditions=conditions_sets)
def test_any_walk_of_1_to_60_minutes_has_a_sorted_spaced_schedule_within_the_walk(
    minutes: int, conditions: tuple[Condition, ...]
) -> None:
    check_schedule(minutes * 60, conditions)


def test_every_whole_minute_walk_and_condition_set_has_a_sound_schedule() -> None:
    for minutes in range(1, 61):
        for n in range(len(Condition) + 1):
            for conditions in itertools.combinations(Condition, n):
                check_schedule(minutes * 60, conditions)
