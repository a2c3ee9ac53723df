"""The programme's own median agrees with the standard library's, for every shape of input."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from stride_tui.core.limits import median


@given(st.lists(st.integers(0, 10), min_size=1, max_size=12))
def test_median_of_pain_scores_is_the_standard_one(values: list[int]) -> None:
    assert median(values) == statistics.median(values)


@given(st.lists(st.floats(0.5, 12, allow_nan=False), min_size=1, max_size=30))
def test_median_of_speeds_is_the_standard_one(values: list[float]) -> None:
    assert median(values) == statistics.median(values)


def test_median_does_not_change_its_input() -> None:
    values = [3, 1, 2]
    assert median(values) == 2.0
    assert values == [3, 1, 2]
