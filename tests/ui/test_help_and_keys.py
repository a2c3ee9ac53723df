"""Help where people look (F1, ?, the palette) and keys that behave the same everywhere: q asks
before quitting mid-session and quits elsewhere, Esc goes back (or asks) on every screen, and
Home's call to action is what Enter does, in every state the programme model reports."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual import events

from stride_tui.core.records import SessionStatus
from stride_tui.store import Store
from stride_tui.ui.screens.after import AfterScreen
from stride_tui.ui.screens.checkin import CheckInScreen
from stride_tui.ui.screens.confirm import ConfirmScreen
from stride_tui.ui.screens.help import HelpScreen
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.summary import SummaryScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import (
    TODAY,
    check_in,
    last_week_walks,
    make_app,
    run_phase,
    seed,
    settle,
    stored_sessions,
    walk_record,
)


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def help_text(app) -> str:
    assert isinstance(app.screen, HelpScreen)
    screen = app.screen
    return "\n".join([screen.title_text, screen.purpose,
                      *(f"{k} {what}" for k, what in screen.keys)])


# --- help ------------------------------------------------------------------------------------


async def test_f1_and_question_mark_open_help_for_the_screen_and_close_it(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        said = help_text(app)
        assert "Home" in said and "Enter / s Check in and start" in said
        assert "q Quit Stride" in said
        await pilot.press("question_mark")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_every_screen_of_a_session_has_its_own_help(_private_data_dir: Path) -> None:
    seed(_private_data_dir, sessions=last_week_walks())
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        seen = []
        for expected, words in ((CheckInScreen, "y Answer yes"),
                                (RoutineScreen, "Space Pause or resume"),
                                (WalkScreen, "p Rate your pain now")):
            assert isinstance(app.screen, expected)
            await pilot.press("f1")
            said = help_text(app)
            assert words in said, said
            seen.append(app.screen.title_text)
            await pilot.press("f1")
            assert isinstance(app.screen, expected)
            if expected is CheckInScreen:
                await pilot.press(*"nnnn2", "enter")
                await pilot.pause()
            else:
                await run_phase(pilot, app)
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("f1")
        assert "0–10" in help_text(app)
        seen.append(app.screen.title_text)
        assert seen == ["Check-in", "Warm-up, strength and cool-down", "The walk",
                        "After the walk"]


async def test_the_palette_lists_help(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p", *"help")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Home" in help_text(app)


async def test_a_question_mark_typed_into_a_form_stays_in_the_form(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await pilot.pause()
        await pilot.click("#start-date")
        await pilot.press("end", "question_mark")
        assert not isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#start-date").value.endswith("?")


# --- q and Esc -------------------------------------------------------------------------------


async def test_q_quits_at_once_from_home(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_key_pressed_just_after_q_opens_nothing_as_the_app_closes(
    _private_data_dir: Path,
) -> None:
    # "s" (start) straight after "q" opened the check-in as the app closed: its on_mount
    # found none of its questions and the terminal showed a traceback.
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        # In one read from the terminal, as typed: each key queued before any is handled.
        for key in "qsph":
            app.post_message(events.Key(key, key))
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0 and app.driver is None
    assert not [s for s in app.screen_stack if type(s).__name__ != "HomeScreen"]


async def test_q_asks_mid_walk_and_quitting_saves_the_walk(_private_data_dir: Path) -> None:
    seed(_private_data_dir, sessions=last_week_walks())
    app, clock, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, WalkScreen) and app.is_running
        clock.advance(90)
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.pause()
    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    assert saved.status is SessionStatus.ENDED_EARLY


async def test_esc_on_the_warm_up_asks_then_goes_home_with_the_session_saved(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        assert isinstance(app.screen, RoutineScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # Esc on the question: no, keep going
        assert isinstance(app.screen, RoutineScreen)
        await pilot.press("escape", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert app.driver is None
    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    assert saved.status is SessionStatus.ENDED_EARLY
    assert saved.pain_before == 2


async def test_esc_on_the_walk_asks_to_end_it_and_esc_after_it_goes_home(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    app, clock, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        clock.advance(60)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("escape", "y")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    assert saved.status is SessionStatus.ENDED_EARLY
    assert saved.walked_seconds >= 60


async def test_esc_on_the_summary_goes_home(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir, walk_minutes=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot)
        await run_phase(pilot, app)
        await run_phase(pilot, app)
        await pilot.press("2", "enter")
        await pilot.pause()
        while not isinstance(app.screen, SummaryScreen):
            await run_phase(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)


# --- Home: what it says Enter does is what Enter does ----------------------------------------


async def test_with_an_unfinished_walk_enter_keeps_it_as_the_home_says(
    _private_data_dir: Path,
) -> None:
    unfinished = walk_record(TODAY, 7.5, 3, None, hour=6)
    unfinished.status, unfinished.ended_at = SessionStatus.IN_PROGRESS, None
    seed(_private_data_dir, checkpoint=unfinished)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Press Enter to keep the unfinished walk" in text(app.screen, "#home-hint")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert "Press Enter to check in and start" in text(app.screen, "#home-hint")
    assert [s.status for s in stored_sessions(_private_data_dir)] == [SessionStatus.RECOVERED]


async def test_on_a_red_flag_day_home_does_not_offer_enter_and_enter_starts_nothing(
    _private_data_dir: Path,
) -> None:
    stop = walk_record(TODAY, 0, None, None, hour=7)
    stop.status, stop.red_flags, stop.cues = SessionStatus.RED_FLAG, ["pain-below-knee"], []
    seed(_private_data_dir, sessions=[stop])
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        hint = text(app.screen, "#home-hint")
        assert "Do not walk today" in hint and "Enter" not in hint
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen) and app.driver is None


async def test_while_paused_home_says_enter_resumes_and_enter_resumes(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir)
    with Store.open(_private_data_dir) as store:
        profile = store.load_profile()
        store.save_profile(profile._replace(paused_from=TODAY - timedelta(days=2)))
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Press Enter to resume it" in text(app.screen, "#home-hint")
        await pilot.press("enter")
        await settle(pilot, app)
        assert "Press Enter to check in and start" in text(app.screen, "#home-hint")
        assert app.driver is None
    with Store.open(_private_data_dir, readonly=True) as store:
        assert store.load_profile().paused_from is None


async def test_when_todays_walking_is_done_home_says_enter_is_an_extra_walk(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, sessions=[*last_week_walks(), walk_record(TODAY, 20, hour=7)])
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Today's walking is done" in text(app.screen, "#home-hint")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
