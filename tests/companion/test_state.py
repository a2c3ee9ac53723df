"""What the phone page is sent about a routine step: moves counted as the computer counts them."""

from __future__ import annotations

from typing import Any

from stride_tui.companion.state import session_state
from stride_tui.core.events import Phase
from tests.core.test_engine import walking


class Session:
    """The page's view of a running session needs only its engine here."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine


def test_a_rest_between_sets_is_sent_as_a_rest_before_the_next_move() -> None:
    engine, _ = walking()
    engine.end_walk_early()
    engine.set_pain_after(2)
    assert engine.phase is Phase.STRENGTH
    step = session_state(Session(engine), "")["step"]
    assert (step["index"], step["total"], step["rest"]) == (1, 7, False)
    engine.skip()  # the first set of glute bridges: on to the rest after it
    step = session_state(Session(engine), "")["step"]
    assert (step["index"], step["total"], step["rest"]) == (2, 7, True)
    assert step["name"] == "Rest — after set 1 of 3"
