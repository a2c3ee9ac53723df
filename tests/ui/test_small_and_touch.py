"""The TUI on a tablet or a phone through textual-serve: taps (clicks) answer Yes/No and set
pain scores, the check-in fits 40 columns with every answer in view, and the walk's own keys
stay in the footer at 40 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from stride_tui.core.records import SessionStatus
from stride_tui.ui.screens.checkin import CheckInScreen
from stride_tui.ui.screens.redflag import RedFlagScreen
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.walk import WalkScreen
from stride_tui.ui.widgets.keybar import BarKey, KeyBar
from stride_tui.ui.widgets.pain_scale import PainScale
from stride_tui.ui.widgets.yes_no import YesNo
from tests.ui.scenarios import (
    TODAY,
    check_in,
    drawn_rows,
    make_app,
    run_phase,
    seed,
    settle,
    stored_sessions,
)

FLAGS = ("leg-numbness", "pain-below-knee", "bladder-bowel", "fever")


def visible(app, widget) -> bool:
    """The whole of ``widget`` is on the screen (not cut off at the right or the bottom)."""
    region = widget.region
    return (region.width > 0 and region.height > 0
            and app.screen.region.contains_region(region))


async def test_taps_answer_no_and_set_the_pain_and_the_walk_starts(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        for flag in FLAGS:
            await pilot.click(f"#flag-{flag} .yes-no--no")
        assert [q.answer for q in app.screen.query(YesNo)] == [False] * 4
        scale = app.screen.query_one(PainScale)
        # Each number is three columns: the fourth number (3) starts at column 9 of the
        # content, inside a one-column border.
        await pilot.click(scale, offset=(1 + 3 * 3 + 1, 1))
        assert scale.value == 3
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoutineScreen)
        assert app.driver is not None and app.driver.engine.record.pain_before == 3


async def test_a_tap_on_yes_to_a_warning_sign_stops_and_saves_as_a_key_would(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#flag-fever .yes-no--yes")
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)
    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    assert saved.status is SessionStatus.RED_FLAG and saved.red_flags == ["fever"]


async def test_a_tap_on_the_question_itself_only_focuses_it(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.click("#flag-fever .yes-no--question")
        assert app.screen.query_one("#flag-fever", YesNo).answer is None


async def test_at_40_columns_the_check_in_shows_every_answer_and_whole_questions(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        for question in app.screen.query(YesNo):
            for part in (".yes-no--yes", ".yes-no--no"):
                assert visible(app, question.query_one(part)), (question.id, part)
            text = question.query_one(".yes-no--question")
            # Wrapped, not cut: the question's lines hold every word of it.
            shown = " ".join(row.strip() for row in drawn_rows(text))
            assert " ".join(shown.split()) == question.question
        # The warning signs are numbered in a column of their own: a wrapped question lines
        # up under its first word, not under its number.
        for n, flag in enumerate(FLAGS, 1):
            question = app.screen.query_one(f"#flag-{flag}", YesNo)
            number = question.query_one(".yes-no--number")
            assert str(number.render()) == f"{n}."
            text = question.query_one(".yes-no--question")
            assert text.region.x == number.region.x + 3 and text.region.height > 1
        assert visible(app, app.screen.query_one(PainScale))


def drawn(widget: PainScale) -> str:
    """What the scale shows on its middle row, as drawn."""
    return drawn_rows(widget)[1]


@pytest.mark.parametrize("size", [(40, 30), (40, 12), (80, 24)], ids=str)
async def test_the_pain_scale_shows_all_eleven_numbers_and_a_tap_on_10_sets_10(
    _private_data_dir: Path, size: tuple[int, int]
) -> None:
    # At 40×12 the check-in scrolls, its scrollbar takes two columns, and 10 was cut off.
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        scale = app.screen.query_one(PainScale)
        scale.scroll_visible(animate=False)
        await pilot.pause()
        assert drawn(scale).split("│")[1].split() == [str(n) for n in range(11)]
        # A tap on the 10 (its last column) sets 10; one on the 9, 9.
        row = drawn(scale)
        ten = row.index(" 10") + 2  # the "0" of 10, in the widget's own columns
        await pilot.click(scale, offset=(ten, 1))
        assert scale.value == 10
        await pilot.click(scale, offset=(row.index(" 9 ") + 1, 1))
        assert scale.value == 9


async def test_at_40_columns_the_walk_footer_keeps_space_p_and_r(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert visible(app, bar)
        shown = {key.key for key in bar.shown}
        assert {"space", "p", "r"} <= shown, shown
        # What does not fit whole is left out, not cut: the palette's key first.
        assert all(key.end <= bar.size.width for key in bar.shown)
        assert "ctrl+p" not in shown


async def test_a_tap_on_a_number_answers_the_pain_check_during_the_walk(
    _private_data_dir: Path,
) -> None:
    from stride_tui.ui.screens.pain_prompt import PainPromptScreen

    seed(_private_data_dir)
    app, clock, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 20)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        clock.advance(30)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PainPromptScreen)
        scale = app.screen.query_one(PainScale)
        # At 40 columns the prompt's scale is narrow: two columns a number, 10 in view.
        assert drawn(scale).split("│")[1].split() == [str(n) for n in range(11)]
        await pilot.click(scale, offset=(drawn(scale).index(" 6 ") + 1, 1))
        assert scale.value == 6
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        assert app.driver is not None
        assert [c.score for c in app.driver.engine.record.pain_checks] == [6]


def _footer_keys(app) -> dict[str, BarKey]:
    """The keys Home's key bar offers, by action; the palette's key as "palette"."""
    return {"palette" if key.palette else key.action: key
            for key in app.screen.query_one(KeyBar).offered}


def _cut(app) -> list[str]:
    """What Home's key bar offers of its own but does not draw whole."""
    bar = app.screen.query_one(KeyBar)
    drawn = {(key.action, key.palette) for key in bar.shown if key.end <= bar.size.width}
    return [key.description for key in bar.offered
            if not key.palette and (key.action, key.palette) not in drawn]


def _palette_drawn(app) -> bool:
    return any(key.palette for key in app.screen.query_one(KeyBar).shown)


@pytest.mark.parametrize("shot_name", ["home", "home-recovery", "home-red-flag-day"])
async def test_at_80_columns_every_key_of_home_is_whole_in_the_footer(
    _private_data_dir: Path, shot_name: str,
) -> None:
    from stride_tui.ui.screens.home import HomeScreen
    from tests.ui.shots import SHOTS, build

    shot = next(s for s in SHOTS if s.name == shot_name)
    app = build(shot, _private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        keys = _footer_keys(app)
        palette = keys.pop("palette")
        # The palette's key is drawn only beside all of Home's own (ctrl+p still opens it).
        room = sum(key.width for key in keys.values()) + palette.width <= 80
        assert _palette_drawn(app) is room
        assert shot_name == "home-red-flag-day" or not room  # the full Home needs its room
        cut = _cut(app)
        assert keys and not cut, cut
        if shot_name == "home-recovery":
            # Settle the unfinished walk first: no walk, and no ill/away pause, before it.
            assert {"keep_recovered", "discard_recovered"} <= set(keys)
            assert "start" not in keys and "away" not in keys
            await pilot.press("a")
            await settle(pilot, app)
            assert app.screen.data.profile.paused_from is None
        else:
            # The pause, then its Resume key: still every key whole.
            await pilot.press("a")
            await settle(pilot, app)
            assert app.screen.data.profile.paused_from is not None
            keys = _footer_keys(app)
            keys.pop("palette")
            # A red-flag day stays one (no walk, no Resume) until it has passed.
            assert ("resume" in keys) is (shot_name == "home")
            assert "start" not in keys
            assert not _cut(app)
        await pilot.resize_terminal(100, 24)
        await settle(pilot, app)
        assert _palette_drawn(app) and not _cut(app)
