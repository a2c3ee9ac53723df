"""The guided session, driven through the real app with a fake clock and a real TinyDB file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from stride_tui.core.cues import cue_schedule
from stride_tui.core.records import Condition, SessionRecord, SessionStatus, StepStatus
from stride_tui.ui.screens.after import AfterScreen
from stride_tui.ui.screens.checkin import CheckInScreen
from stride_tui.ui.screens.dayafter import DayAfterScreen
from stride_tui.ui.screens.home import HomeScreen
from stride_tui.ui.screens.pain_prompt import PainPromptScreen
from stride_tui.ui.screens.profile import ProfileScreen
from stride_tui.ui.screens.redflag import RedFlagScreen, StopScreen
from stride_tui.ui.screens.routine import RoutineScreen
from stride_tui.ui.screens.summary import SummaryScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.ui.scenarios import (
    TODAY,
    advance,
    check_in,
    drawn_rows,
    last_week_walks,
    make_app,
    run_phase,
    seed,
    settle,
    stored_sessions,
    walk_record,
)


async def into_the_walk(pilot, app, pain: str = "2") -> None:
    """From Home: check in with no red flags, run the warm-up, and be on the walk screen."""
    await settle(pilot, app)
    await check_in(pilot, "nnnn", pain)
    await run_phase(pilot, app)
    assert isinstance(app.screen, WalkScreen)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_happy_path_from_home_to_a_saved_session_with_every_cue(
    _private_data_dir: Path,
) -> None:
    # Week 3 (started 14 days ago) after a full week 2: a 20-minute walk; Monday, so a
    # strength day too.
    seed(_private_data_dir, sessions=last_week_walks())
    app, clock, alerts = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        assert "20 minute walk" in text_of(app.screen, "#home-target")
        await check_in(pilot, "nnnn", "3")
        assert isinstance(app.screen, RoutineScreen)
        await run_phase(pilot, app)  # warm-up
        assert isinstance(app.screen, WalkScreen)
        engine = app.driver.engine
        assert engine.walk_seconds == 20 * 60
        await run_phase(pilot, app)  # the walk, pain-check prompt and all
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoutineScreen)  # strength moves on a strength day
        await run_phase(pilot, app)
        await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        assert "Saved" in text_of(app.screen, "#summary-saved")
        assert "Pain fell from 3 to 1" in text_of(app.screen, "#summary-verdict")

    [saved] = [s for s in stored_sessions(_private_data_dir) if s.day == TODAY]
    assert saved.status is SessionStatus.COMPLETED
    assert saved.walked_seconds == 1200
    assert (saved.pain_before, saved.pain_after) == (3, 1)
    expected = cue_schedule(1200)
    assert [(c.kind, c.due, c.fired) for c in saved.cues] == [
        (c.kind.value, float(c.at), float(c.at)) for c in expected
    ]
    assert [s.move for s in saved.warm_up] == [
        "march", "cat-camel", "ankle-circles", "ankle-circles", "glute-squeezes"
    ]
    assert all(s.status is StepStatus.DONE for s in saved.warm_up)
    assert {s.move for s in saved.strength} == {"glute-bridges", "bird-dog", "hamstring-stretch"}
    # Each cue was also sounded, in order, between the walk's start and end.
    kinds = alerts.kinds
    walk_part = kinds[kinds.index("walk-start") + 1 : kinds.index("walk-end")]
    assert walk_part == [c.kind.value for c in expected]
    assert not (_private_data_dir / "checkpoint.json").exists()


def week_one_walked() -> list[SessionRecord]:
    """Week 1 (started 7 days ago) walked in full: the walker is on level 2 (15 minutes)."""
    return [walk_record(TODAY - timedelta(days=7 - n), 10) for n in range(3)]


async def test_a_red_flag_at_check_in_stops_before_any_walking(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, alerts = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")  # Home: start
        await pilot.pause()
        await pilot.press("n", "y")  # the yes stops the check-in at once: no Enter needed
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)
        body = " ".join(str(s.render()) for s in app.screen.query(".stop-line"))
        assert "today" in body and "pain shooting below the knee" in body
        # Each line sits beside its bullet, so a wrapped line lines up under its own text.
        items = app.screen.query(".stop-item")
        assert len(items) == len(app.screen.query(".stop-line")) >= 3
        for item in items:
            bullet, line = item.query_one(".stop-bullet"), item.query_one(".stop-line")
            assert line.region.x == bullet.region.x + 2 and line.region.y == bullet.region.y
        assert any(line.region.height > 1 for line in app.screen.query(".stop-line"))
        assert "saved" in text_of(app.screen, "#stop-saved")
        # No key on this screen leads to the walk.
        assert {b.action for b in RedFlagScreen.BINDINGS} == {"home", "app.quit_key"}
        for key in "spewr ":
            await pilot.press(key)
        assert isinstance(app.screen, RedFlagScreen) and app.driver.engine.walk_watch is None
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.RED_FLAG
    assert saved.red_flags == ["pain-below-knee"]
    assert saved.walked_seconds == 0
    assert "red-flag" in alerts.kinds and "walk-start" not in alerts.kinds


async def test_bladder_or_bowel_loss_is_called_an_emergency(_private_data_dir: Path) -> None:
    seed(_private_data_dir)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n", "n", "y")
        await settle(pilot, app)
        assert "emergency" in text_of(app.screen, "#stop-headline")


async def test_pausing_does_not_count_paused_time(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)  # week 1: 10 minutes
    app, clock, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 200)
        await pilot.press("space")
        assert app.driver.engine.paused
        assert "PAUSED" in text_of(app.screen, "#walk-status")
        clock.advance(15 * 60)  # a long pause
        app.driver.tick_now()
        assert app.driver.engine.walk_elapsed == 200
        await pilot.press("space")
        await advance(pilot, app, 100)
        assert app.driver.engine.walk_elapsed == 300
        assert app.screen.query_one("#walk-clocks").walked == "5:00"
        await run_phase(pilot, app)
        assert isinstance(app.screen, AfterScreen)
    assert app.driver is not None  # the driver closes only from the summary
    record = app.driver.engine.record
    assert record.walked_seconds == 600
    assert all(c.fired == c.due for c in record.cues)


async def test_ending_early_asks_first_then_saves_the_time_walked(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 185)
        await pilot.press("e")
        await pilot.press("n")  # changed my mind
        await pilot.pause()
        assert isinstance(app.screen, WalkScreen)
        await pilot.press("e", "y")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoutineScreen)  # Monday: strength moves
        # Moves counted as the summary counts them: each set or side, never a rest.
        assert "Strength · move 1 of 7" in text_of(app.screen, "#routine-title")
        await pilot.press("n")
        await pilot.pause()
        assert "Strength · rest, then move 2 of 7" in text_of(app.screen, "#routine-title")
        assert "Rest — after set 1 of 3" in text_of(app.screen, "#move-name")
        await pilot.press("S")  # skip them all
        await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        lines = text_of(app.screen, "#summary-lines")
        assert "Strength    0 of 7 moves done" in lines
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.ENDED_EARLY
    assert saved.walked_seconds == 185


async def test_the_summary_wraps_each_value_under_its_own_column(_private_data_dir: Path) -> None:
    # At 40 columns a long value (a rehearsal's) wrapped back under the labels.
    seed(_private_data_dir, start=TODAY)
    app, clock, _ = make_app(_private_data_dir)
    clock.scale = 20.0  # a rehearsal (--time-scale 20)
    async with app.run_test(size=(40, 30)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 60)
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("S")  # the strength moves, skipped
        await settle(pilot, app)
        assert isinstance(app.screen, SummaryScreen)
        rows = drawn_rows(app.screen.query_one("#summary-lines"))
        at = next(n for n, row in enumerate(rows) if row.startswith("Rehearsal   a faster"))
        warm_up = next(n for n, row in enumerate(rows) if row.startswith("Warm-up     "))
        wrapped = rows[at + 1:warm_up]
        assert wrapped and all(row.startswith(" " * 12) and row.strip() for row in wrapped)


async def test_week_two_pain_above_three_at_the_pain_check_ends_the_walk(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY - timedelta(days=7),  # level 2: 15 minutes
         sessions=week_one_walked())
    app, _, alerts = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "2")
        await run_phase(pilot, app)
        # The pain check falls 20 s after halfway (7:30 + 0:20).
        await advance(pilot, app, 450 + 20)
        assert isinstance(app.screen, PainPromptScreen)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        assert "above 3/10" in text_of(app.screen, "#after-note")
        await settle(pilot, app)
        # Saved as soon as the walk stopped, before the pain-after question is answered.
        saved = stored_sessions(_private_data_dir)[-1]
        await pilot.press("4", "enter")
        await settle(pilot, app)
    assert saved.status is SessionStatus.STOPPED_FOR_PAIN
    assert saved.walked_seconds == 470
    assert [(p.score, p.outcome) for p in saved.pain_checks] == [(4, "stop")]
    assert "pain-stop" in alerts.kinds


async def test_week_two_pain_above_three_at_check_in_means_rest_today(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY - timedelta(days=7), sessions=week_one_walked())
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "5")
        await settle(pilot, app)
        assert isinstance(app.screen, StopScreen)
        assert "Rest today" in text_of(app.screen, "#stop-headline")
    saved = stored_sessions(_private_data_dir)[-1]
    assert saved.status is SessionStatus.STOPPED_FOR_PAIN and saved.walked_seconds == 0


async def test_a_red_flag_during_the_walk_stops_it_at_once(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 95)
        await pilot.press("r", "1")
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.RED_FLAG
    assert saved.red_flags == ["leg-numbness"]
    assert saved.walked_seconds == 95


async def test_at_40_columns_each_symptom_wraps_under_its_own_words(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 24)) as pilot:
        await into_the_walk(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        rows = [row.rstrip() for row in drawn_rows(app.screen.query_one("#report-symptoms"))]
        shooting = next(n for n, row in enumerate(rows) if row.startswith(" 2  pain shooting"))
        # The rest of the symptom goes on under "pain", four columns in, not under "2".
        assert rows[shooting + 1].startswith("    ") and rows[shooting + 1].strip()
        assert rows[shooting + 2].startswith(" 3  ")
        await pilot.press("2")
        await settle(pilot, app)
        assert isinstance(app.screen, RedFlagScreen)


async def test_at_40_columns_the_after_screen_wraps_between_phrases(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(40, 24)) as pilot:
        await into_the_walk(pilot, app)
        await run_phase(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, AfterScreen)
        title = [row.strip() for row in drawn_rows(app.screen.query_one("#after-title"))]
        assert title == ["Walk done — target reached.", "10:00 walked"]
        question = [row.strip() for row in drawn_rows(app.screen.query_one(".section"))]
        assert question == ["How is your back now?", "0 none … 10 worst"]


async def test_ctrl_c_during_a_walk_saves_it_as_ended_early(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 130)
        await pilot.press("ctrl+c")
        await pilot.pause()
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.ENDED_EARLY
    assert saved.walked_seconds == 130
    assert not (_private_data_dir / "checkpoint.json").exists()


async def test_an_unfinished_walk_is_offered_back_and_kept(_private_data_dir: Path) -> None:
    unfinished = walk_record(TODAY - timedelta(days=1), 7.5, 3, None)
    unfinished.status = SessionStatus.IN_PROGRESS
    unfinished.ended_at = None
    seed(_private_data_dir, checkpoint=unfinished)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        offer = text_of(app.screen, "#home-recovery")
        assert "Unfinished walk" in offer and "7:30 walked" in offer
        # No walk starts until this one is kept or discarded: Enter keeps it, as Home says.
        assert "Press Enter to keep" in text_of(app.screen, "#home-hint")
        await pilot.press("enter")
        await settle(pilot, app)
        # The kept walk was yesterday's: the next-day check asks about it (Esc: not now).
        assert isinstance(app.screen, DayAfterScreen)
        await pilot.press("escape")
        await settle(pilot, app)
        assert not app.screen.query_one("#home-recovery").display
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.RECOVERED
    assert saved.walked_seconds == 450
    assert not (_private_data_dir / "checkpoint.json").exists()


async def test_an_unfinished_walk_that_stopped_for_a_warning_sign_cannot_be_discarded(
    _private_data_dir: Path,
) -> None:
    # Stride closed after the red flag was checkpointed but before it was saved: discarded,
    # the warning sign would be lost and today open to a walk. Kept, it closes the day.
    stopped = walk_record(TODAY, 3, 3, None, hour=7)
    stopped.status, stopped.red_flags, stopped.cues = SessionStatus.RED_FLAG, ["fever"], []
    seed(_private_data_dir, checkpoint=stopped)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        assert any("warning sign reported today is kept" in str(n.message)
                   for n in app._notifications)
        assert (_private_data_dir / "checkpoint.json").exists()
        await pilot.press("enter")  # keep it
        await settle(pilot, app)
        await settle(pilot, app)
        assert "No walk today — get medical care today" in text_of(app.screen, "#home-target")
    [saved] = stored_sessions(_private_data_dir)
    assert saved.status is SessionStatus.RED_FLAG and saved.red_flags == ["fever"]


async def test_a_checkpoint_is_written_during_the_walk(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 61)
        await settle(pilot, app)
        checkpoint = await app.store_call(lambda store: store.read_checkpoint())
        assert checkpoint is not None
        assert checkpoint.status is SessionStatus.IN_PROGRESS
        assert 55 <= checkpoint.walked_seconds <= 61


async def test_first_run_profile_checks_every_field(_private_data_dir: Path) -> None:
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ProfileScreen)
        start = app.screen.query_one("#start-date")
        start.value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "real date" in text_of(app.screen, "#profile-message")
        start.value = (TODAY + timedelta(days=1)).isoformat()  # weeks would count from it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is in the future" in text_of(app.screen, "#profile-message")
        start.value = "2026-03-01"
        [box] = [c for c in app.screen.query("Checkbox") if c.name == "microdiscectomy"]
        box.value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "surgery date" in text_of(app.screen, "#profile-message")
        app.screen.query_one("#surgery-date").value = "2026-02-01"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, HomeScreen)
    profile = app.profile
    assert profile is not None and profile.conditions == [Condition.MICRODISCECTOMY]


async def test_walking_is_not_offered_before_two_weeks_after_microdiscectomy(
    _private_data_dir: Path,
) -> None:
    seed(_private_data_dir, conditions=(Condition.MICRODISCECTOMY,),
         surgery=TODAY - timedelta(days=5))
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "No walk today" in text_of(app.screen, "#home-target")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.driver is None


async def test_weekly_escalation_questions_from_week_five_pause_walking(
    _private_data_dir: Path,
) -> None:
    # Calendar week 6, four weeks of it walked in full: the weekly check is due.
    weeks = [walk_record(TODAY - timedelta(days=35 - 7 * w - d), (10, 15, 20, 25)[w], week=w + 1)
             for w in range(4) for d in range((3, 4, 5, 5)[w])]
    seed(_private_data_dir, start=TODAY - timedelta(days=35), sessions=weeks)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        assert len(app.screen.query("YesNo")) == 7
        await pilot.press(*"nnnn", "n", "y")  # the yes counts at once, saved and advised
        await settle(pilot, app)
        assert isinstance(app.screen, StopScreen)
        assert "physical therapy" in " ".join(
            str(s.render()) for s in app.screen.query(".stop-line")
        )
        await pilot.press("enter")
        await settle(pilot, app)
        card = text_of(app.screen, "#home-target")
        assert "No walk today" in card
        assert "O on Home" in card  # the app's own way to record the check, not only the CLI's
        # The hint says what to do; it no longer repeats the card's reason word for word.
        hint = text_of(app.screen, "#home-hint")
        assert "press O" in hint and "profile" in hint
        assert "reported warning signs" not in hint
    assert app.profile is not None and app.profile.evaluation_advised_on == TODAY


async def test_stride_walk_goes_straight_to_the_check_in(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir, start_walk=True, walk_minutes=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, CheckInScreen)
        assert app.driver.engine.walk_seconds == 180


async def test_a_suspend_pauses_the_walk_and_says_so(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, clock, alerts = make_app(_private_data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await into_the_walk(pilot, app)
        await advance(pilot, app, 100)
        fired_before = len(app.driver.engine.record.cues)
        clock.advance(40 * 60)  # the laptop slept
        app.driver.tick_now()
        await pilot.pause()
        engine = app.driver.engine
        assert engine.paused and engine.walk_elapsed == 100
        assert len(engine.record.cues) == fired_before
        assert "slept" in text_of(app.screen, "#walk-status")
        assert alerts.kinds[-1] == "paused"


async def test_the_cue_banner_grows_and_shrinks_with_its_text(_private_data_dir: Path) -> None:
    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    async with app.run_test(size=(60, 30)) as pilot:
        await into_the_walk(pilot, app)
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        banner = screen.query_one("#cue-banner")
        words = " ".join(f"word{n}" for n in range(40))  # several lines at 60 columns
        for message in (words, "Short again.", words):
            screen.pain_message = message
            screen.refresh_view()
            await pilot.pause()
            await pilot.pause()
            # Every word painted, inside the banner's border, with no blank line left over.
            rows = [banner.render_line(y).text.strip(" │┃╭╮╰╯─━┏┓┗┛") for y in
                    range(banner.size.height)]
            painted = [row for row in rows if row]
            assert " ".join(painted).split() == message.split()
            assert banner.content_region.height == len(painted)
        assert len(painted) > 2


async def test_a_second_of_the_walk_draws_only_the_lines_that_change(
    _private_data_dir: Path, monkeypatch
) -> None:
    """Textual draws again, after each second, every widget whose box meets what changed; the
    title, cue, status and keys sit in boxes of their own that draw only blank, so a second
    draws the clocks, the progress and the next-cue line, and nothing else with content."""
    from textual.widget import Widget

    seed(_private_data_dir, start=TODAY)
    app, _, _ = make_app(_private_data_dir)
    drawn: list[Widget] = []
    render_lines = Widget.render_lines

    def spy(self: Widget, crop):  # type: ignore[no-untyped-def]
        drawn.append(self)
        return render_lines(self, crop)

    async with app.run_test(size=(100, 30)) as pilot:
        await into_the_walk(pilot, app)
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        await advance(pilot, app, 75)  # past the opening notice
        await pilot.pause()
        await pilot.pause()
        monkeypatch.setattr(Widget, "render_lines", spy)
        for _ in range(3):
            drawn.clear()
            await advance(pilot, app, 1)
            # Textual draws on its own update timer: wait for the second's frame.
            for _ in range(100):
                await pilot.pause()
                if screen.query_one("#walk-clocks") in drawn:
                    break
                await pilot.pause(0.01)
            with_content = {w.id or type(w).__name__ for w in drawn if not w.BLANK}
            assert with_content <= {"walk-clocks", "ClockSlice", "walk-progress", "walk-next"}
            assert "walk-clocks" in with_content  # a second did draw
            assert screen in drawn  # behind it all, as a blank
