"""What a person sees in a real terminal at awkward moments: a window squeezed small mid-walk,
the question before ending a walk, and the offer of an unfinished walk."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from stride_tui.core.records import SessionRecord, SessionStatus, new_session_id
from stride_tui.store import Store
from tests.resilience.terminal import (
    QUIET,
    Terminal,
    check_in,
    clocks,
    flat,
    history,
    make_profile,
    offered_back,
    seconds_of,
    skip_warm_up,
)


def _walked(screen: str) -> int | None:
    found = clocks(screen)
    return seconds_of(found[0]) if found else None


def test_the_walk_clock_stays_visible_and_running_when_the_terminal_shrinks_and_grows(
    term: Terminal, data_dir: Path
) -> None:
    make_profile(data_dir)
    term.start("walk", *QUIET, "--minutes", "2", "--time-scale", "5")
    check_in(term)
    skip_warm_up(term)

    term.resize(40, 12)
    small = term.wait_for(
        lambda s: max(map(len, s.splitlines()), default=0) <= 40 and _walked(s) is not None,
        timeout=5,
    )
    first = _walked(small)
    assert first is not None
    # It keeps time while small (5× faster: a walk second every 0.2 s).
    term.wait_for(lambda s: (w := _walked(s)) is not None and w >= first + 3, timeout=5)
    assert term.status() == (False, None)

    term.resize(100, 30)
    big = term.wait_for(
        lambda s: max(map(len, s.splitlines()), default=0) > 40 and _walked(s) is not None,
        timeout=5,
    )
    assert (_walked(big) or 0) >= first + 3
    assert "to go" in big
    assert term.status() == (False, None)


def test_the_questions_asked_during_a_walk_can_be_read(term: Terminal, data_dir: Path) -> None:
    make_profile(data_dir)
    term.start("walk", *QUIET, "--minutes", "2")
    check_in(term)
    skip_warm_up(term)
    for key, question, choices, leave in (
        ("e", "End the walk now?", "What you walked is saved.", "n"),
        ("r", "Which symptom?", "Esc cancel", "Escape"),  # a red flag: stop at once
    ):
        term.keys(key)
        screen = term.wait_for(question, timeout=3)
        assert choices in flat(screen)
        term.keys(leave)
        term.wait_for(lambda s, q=question: q not in flat(s), timeout=3)


def test_the_unfinished_walk_offer_answers_to_the_keys_it_shows(
    term: Terminal, data_dir: Path
) -> None:
    make_profile(data_dir)
    now = datetime.now().astimezone()
    with Store.open(data_dir) as store:
        store.write_checkpoint(SessionRecord(
            id=new_session_id(), day=now.date(), started_at=now,
            status=SessionStatus.IN_PROGRESS, target_minutes=10, week=1, walked_seconds=65.0,
        ))
    term.start(*QUIET)
    screen = term.wait_for(lambda s: offered_back(s) is not None, timeout=15)
    assert offered_back(screen) == 65
    assert "K keep it · X discard" in flat(screen)
    term.keys("K")
    term.wait_for("Saved the unfinished walk", timeout=3)
    assert [s["status"] for s in history(data_dir)] == ["recovered"]
