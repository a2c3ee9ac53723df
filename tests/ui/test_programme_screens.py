"""The programme's rules in the app (issue #10): a red-flag day on Home, a yes at check-in saved at
once, the red-flag chooser never overtaken by the pain check, the next-day check, the stenosis
cap on `walk --minutes`, and the ill/away pause."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from stride_tui.core.records import BackSince, Condition, SessionRecord, SessionStatus
from stride_tui.store import Store
from stride_tui.ui.app import StrideApp
from stride_tui.ui.screens.checkin import CheckInScreen
from stride_tui.ui.screens.dayafter import DayAfterScreen
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.redflag import RedFlagScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import (
    TODAY,
    advance,
    check_in,
    drawn_rows,
    footer_keys,
    make_app,
    run_phase,
    seed,
    seed_walked_yesterday,
    settle,
    stored_sessions,
    walk_record,
)


def text_of(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector).render())


def red_flag_today() -> SessionRecord:
    stop = walk_record(TODAY, 0, None, None, hour=7)
    stop.status, stop.red_flags, stop.cues = SessionStatus.RED_FLAG, ["fever"], []
    return stop


async def assert_no_walk_starts(pilot: Any, app: Any) -> None:
    """Every way to a walk from Home is refused: Enter, s, and the palette's command."""
    for key in ("enter", "s"):
        await pilot.press(key)
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen) and app.driver is None
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Start today")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot, app)
    assert isinstance(app.screen, HomeScreen) and app.driver is None


async def test_a_red_flag_day_home_says_why_and_no_way_leads_to_a_walk(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY, sessions=[red_flag_today()])
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        target = text_of(app.screen, "#home-target")
        assert "No walk today — get medical care today" in target
        assert "fever with back pain" in target
        assert "medical care today" in text_of(app.screen, "#home-hint")
        await assert_no_walk_starts(pilot, app)
    assert len(stored_sessions(_private_data_dir)) == 1


async def test_a_yes_at_check_in_is_saved_and_advised_at_once_even_after_escape(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("y", "escape")  # leaves at once: the yes still counts
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert "No walk today" in text_of(app.screen, "#home-target")
        # Esc then Enter, and every other way back to a walk, are refused the same day.
        await assert_no_walk_starts(pilot, app)
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.RED_FLAG
    assert saved.red_flags == ["leg-numbness"]
    assert saved.pain_before is None  # no pain given: unknown, not 0


async def test_a_yes_at_check_in_shows_the_advice_before_anything_else(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "n", "n", "n", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)
        assert "medical care today" in text_of(app.screen, "#stop-headline")
        await app.action_quit()  # Ctrl+Q: what was answered is already saved
    [saved] = stored_sessions(_private_data_dir)
    assert saved.red_flags == ["fever"]


async def test_the_next_days_check_in_recalls_yesterdays_red_flag(
    _private_data_dir: Path,
) -> None:
    yesterday = red_flag_today()
    yesterday.day = TODAY - timedelta(days=1)
    yesterday.started_at -= timedelta(days=1)
    assert yesterday.ended_at is not None
    yesterday.ended_at -= timedelta(days=1)  # left on today, it would be reported today
    seed(_private_data_dir, start=TODAY - timedelta(days=1), sessions=[yesterday])
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Yesterday you reported fever" in text_of(app.screen, "#home-notes")
        await pilot.press("enter")
        await pilot.pause()
        assert "Yesterday you reported fever" in text_of(app.screen, "#checkin-recalled")


async def test_the_pain_check_never_takes_the_digit_meant_for_the_red_flag_chooser(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)  # level 1: 10 minutes, the pain check at 5:20
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "2")
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        await advance(pilot, app, 5 * 60 + 19)
        await pilot.press("r")  # the chooser opens a second before the pain check is due
        await pilot.pause()
        await advance(pilot, app, 2)
        await pilot.press("1")
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)
    saved = stored_sessions(_private_data_dir)[-1]
    assert saved.red_flags == ["leg-numbness"]
    assert saved.pain_checks == []


async def test_the_next_day_check_keeps_the_answer_on_yesterdays_walk_and_a_flare_holds(
    _private_data_dir: Path,
) -> None:
    walked = seed_walked_yesterday(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DayAfterScreen)
        await pilot.press("enter")
        assert "better, same or worse" in text_of(app.screen, "#dayafter-message")
        await pilot.press("w", "6", "enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        # Worse, with pain 6 against a usual 2: a flare in week 1, so level 1 holds and today
        # is scaled back to three quarters of its 10 minutes.
        target = text_of(app.screen, "#home-target")
        assert "8 minute walk" in target and "flare" in target
        # The footer offers the walk the card offers (it kept the keys of the moment Home was
        # being read again, without Start, while Enter did start the walk).
        assert "start" in footer_keys(app.screen)
    with Store.open(_private_data_dir, readonly=True) as store:
        kept = store.get_session(walked.id)
    assert kept is not None and kept.day_after is not None
    assert (kept.day_after.back, kept.day_after.pain_now) == (BackSince.WORSE, 6)
    assert kept.day_after.asked_on == TODAY


def day_after_due(data_dir: Path) -> StrideApp:
    """Yesterday's first walk, so today opens on the next-day check."""
    seed(data_dir, start=TODAY - timedelta(days=1),
         sessions=[walk_record(TODAY - timedelta(days=1), 10)])
    app, _, _ = make_app(data_dir)
    return app


async def test_the_next_day_check_can_wait_and_is_not_asked_twice_in_a_run(
    _private_data_dir: Path,
) -> None:
    app = day_after_due(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DayAfterScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        app.open_screen("plan")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)


async def test_walk_minutes_is_capped_by_the_stenosis_bout_and_home_says_so(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY, conditions=(Condition.SPINAL_STENOSIS,))
    app, _, _ = make_app(_private_data_dir, walk_minutes=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        target = text_of(app.screen, "#home-target")
        assert "10 minute walk" in target
        assert "You asked for 60 minutes; this walk is 10" in target
        await check_in(pilot, "nnnn", "2")
        assert app.driver is not None and app.driver.engine.walk_seconds == 600


async def test_the_ill_or_away_key_pauses_the_programme_and_resumes_it(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    said: list[str] = []
    notify = app.notify

    def heard(message: str, **kwargs: Any) -> None:
        said.append(message)
        notify(message, **kwargs)

    app.notify = heard  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        await settle(pilot, app)
        assert "No walk today" in text_of(app.screen, "#home-target")
        assert "ill or away" in text_of(app.screen, "#home-target")
        # Enter does what Home says while paused: resumes the programme (no walk starts). The
        # card, the hint and the message all name that key (they named R, Enter and A).
        assert "Press Enter to resume" in text_of(app.screen, "#home-hint")
        assert "(Enter on Home, or `stride profile --resume`)" in text_of(app.screen,
                                                                        "#home-target")
        assert any("Enter resumes it" in message for message in said), said
        await pilot.press("enter")
        await settle(pilot, app)
        await settle(pilot, app)
        assert app.driver is None
        assert "minute walk" in text_of(app.screen, "#home-target")
    with Store.open(_private_data_dir, readonly=True) as store:
        profile = store.load_profile()
    assert profile is not None and profile.paused_from is None


async def test_a_recent_herniation_is_asked_about_again_and_no_takes_it_off(
    _private_data_dir: Path,
) -> None:
    from stride_tui.core.records import Surface

    seed(_private_data_dir, start=TODAY - timedelta(days=50),
         conditions=(Condition.DISC_HERNIATION,), surface=Surface.POOL)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert "still recent" in text_of(app.screen, "#review-disc-herniation .yes-no--question")
        await pilot.press(*"nnnn", "n", "2", "enter")
        await settle(pilot, app)
    with Store.open(_private_data_dir, readonly=True) as store:
        profile = store.load_profile()
    assert profile is not None
    assert profile.conditions == [] and profile.conditions_reviewed_on == TODAY


async def test_the_next_day_answers_are_tapped_as_well_as_typed(_private_data_dir: Path) -> None:
    app = day_after_due(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DayAfterScreen)
        assert "○ B Better" in text_of(app.screen, "#dayafter-better")
        await pilot.click("#dayafter-worse")
        assert app.screen.back is BackSince.WORSE
        assert text_of(app.screen, "#dayafter-worse").startswith("● W Worse")
        assert app.screen.query_one("#dayafter-worse").has_class("-chosen")
        await pilot.click("#dayafter-better")  # a second tap changes the answer
        assert app.screen.back is BackSince.BETTER
        assert text_of(app.screen, "#dayafter-worse").startswith("○")
        await pilot.press("1", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    with Store.open(_private_data_dir, readonly=True) as store:
        [kept] = store.sessions()
    assert kept.day_after is not None
    assert (kept.day_after.back, kept.day_after.pain_now) == (BackSince.BETTER, 1)


async def test_at_40_columns_the_next_day_answers_are_all_on_the_screen(
    _private_data_dir: Path,
) -> None:
    # Side by side they need 51 columns: at 40, "Worse" (the answer that finds a flare) was
    # off the screen.
    app = day_after_due(_private_data_dir)
    async with app.run_test(size=(40, 28)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, DayAfterScreen)
        for answer in ("better", "same", "worse"):
            cell = app.screen.query_one(f"#dayafter-{answer}")
            assert app.screen.region.contains_region(cell.region), answer
        await pilot.click("#dayafter-worse")
        assert app.screen.back is BackSince.WORSE


@pytest.mark.parametrize("width", [60, 80])
async def test_home_notes_wrap_under_their_own_first_word(tmp_path: Path, width: int) -> None:
    from tests.ui.shots import SHOTS, build

    (shot,) = [s for s in SHOTS if s.name == "home-conditions"]
    app = build(shot, tmp_path / "data")
    async with app.run_test(size=(width, 30)) as pilot:
        await shot.drive(pilot, app)
        notes = app.screen.query_one("#home-notes")
        drawn = [row.rstrip() for row in drawn_rows(notes)]
        assert drawn[0].startswith("• Spinal stenosis: lean forward")
        # A wrapped note goes on under its text, two columns in; a new note has its bullet.
        assert any(line.startswith("  ") and line.strip() for line in drawn)
        assert all(line.startswith(("• ", "  ")) for line in drawn if line)
        assert sum(line.startswith("• ") for line in drawn) == 3


@pytest.mark.parametrize("width", [40, 44, 80])
async def test_the_week_on_home_wraps_between_days_and_figures_never_inside_one(
        tmp_path: Path, width: int) -> None:
    # At 44 columns the strip read "Fri" at the end of a line and its mark on the next, and the
    # figures "3 at" above "20+ min".
    from tests.ui.shots import SHOTS, build

    (shot,) = [s for s in SHOTS if s.name == "home"]
    app = build(shot, tmp_path / "data")
    async with app.run_test(size=(width, 30)) as pilot:
        await shot.drive(pilot, app)
        week = app.screen.query_one("#home-week")
        # The rows inside the box's border.
        rows = [row.strip()[1:-1].strip() for row in drawn_rows(week)
                if row.strip().startswith("│")]
        names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        days = [item for row in rows for item in row.split("   ") if item[:3] in names]
        assert [d[:3] for d in days] == list(names)
        assert all(len(d) == 5 and d[4] in "●◐○·" for d in days), rows
        figures = [item for row in rows if row[:3] not in names for item in row.split(" · ")]
        assert [f.split()[-1] for f in figures[:3]] == ["days", "walked", "min"], rows
        assert figures[2].endswith("at 20+ min") and figures[3].startswith("streak "), rows
        assert len(rows) == (2 if width >= 60 else 4)


async def test_packed_wraps_an_item_wider_than_the_line_inside_itself() -> None:
    from textual.app import App, ComposeResult

    from stride_tui.ui.widgets.packed import Packed

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield Packed(id="p")

    app = One()
    async with app.run_test(size=(20, 8)) as pilot:
        packed = app.query_one(Packed)
        assert packed.show([(("one", "two", "a much longer item here"), " · ")])
        assert not packed.show([(("one", "two", "a much longer item here"), " · ")])
        await pilot.pause()
        rows = [row.rstrip() for row in drawn_rows(packed)]
        assert rows == ["one · two", "a much longer item", "here"]
