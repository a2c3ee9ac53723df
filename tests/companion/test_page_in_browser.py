"""The companion page in a real browser (Debian's Chromium through Playwright), at a phone's and
a tablet's size, following a real Stride app driven by a fake clock: every phase reaches the
page, and every tap on the page goes through the session driver like a key press."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from stride_tui.alerts.catalogue import clips_for
from stride_tui.core.cues import CueKind
from stride_tui.core.events import Phase
from stride_tui.core.records import SessionStatus, SoundMode
from stride_tui.ui.screens.pain_prompt import PainPromptScreen
from stride_tui.ui.screens.redflag import RedFlagScreen
from stride_tui.ui.screens.walk import WalkScreen
from tests.companion.browser import PHONE, TABLET, launch, need_browser
from tests.companion.helpers import into_the_walk, phone_app, serve
from tests.ui.scenarios import advance, check_in, run_phase, settle, stored_sessions

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 5000  # ms: generous for a shared CI machine; each wait ends as soon as the page has it


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Any]:
    """One Chromium for the whole module (each test opens its own context)."""
    need_browser()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await launch(playwright)
        yield chromium
        await chromium.close()


async def open_page(browser: Any, url: str, device: dict[str, Any]) -> tuple[Any, list[str]]:
    """Open ``url`` in a fresh context; return the page and the sound files it fetched."""
    context = await browser.new_context(**device)
    page = await context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url)
            if "/sound/" in request.url else None)
    await page.goto(url)
    await until(page, "window.stride.connected && window.stride.state")
    return page, fetched


async def until(page: Any, condition: str) -> None:
    await page.wait_for_function(f"() => {condition}", timeout=WAIT)


async def page_state(page: Any) -> dict[str, Any]:
    state: dict[str, Any] = await page.evaluate("() => window.stride.state")
    return state


async def shown(page: Any, selector: str) -> str:
    text: str = await page.locator(selector).inner_text()
    return text


def sound_urls(url: str, kind: str) -> list[str]:
    return [f"{url}sound/{clip}.wav" for clip in clips_for(kind, SoundMode.VOICE_AND_CHIME)]


async def test_a_phone_follows_a_whole_walk_and_its_taps_act_on_the_session(
        browser: Any, data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir, walk_minutes=4)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        url = companion.url
        page, fetched = await open_page(browser, url, PHONE)
        assert await shown(page, "#phase") == "Waiting"
        assert app.phone is not None and app.phone.pages == 1

        # Check-in, then the warm-up: the page shows each, with the move and its countdown.
        await pilot.press("enter")
        await until(page, "window.stride.state.phase === 'check-in'")
        assert "check-in on the computer" in await shown(page, "#message")
        await pilot.press("n", "n", "n", "n", "2", "enter")
        await until(page, "window.stride.state.phase === 'warm-up'")
        assert await shown(page, "#phase") == "Warm-up"
        assert "March in place" in await shown(page, "#step-name")
        assert await shown(page, "#step-routine") == "Warm-up · move 1 of 5"
        await advance(pilot, app, 5)
        await until(page, "document.getElementById('step-counter').textContent === '0:25'")

        # Nothing plays before the start tap: announced, never fetched nor played.
        assert await page.evaluate("window.stride.audio.announced.length") >= 1
        assert await page.evaluate("window.stride.audio.requested") == []
        assert await page.evaluate("window.stride.audio.played") == []
        assert fetched == []
        await page.tap("#sound-start")
        await until(page, "window.stride.audio.enabled")
        assert await page.locator("#sound-start").is_hidden()

        # The walk: big clocks, progress, the next cue and the latest one.
        await run_phase(pilot, app)
        await until(page, "window.stride.state.phase === 'walk'")
        assert await shown(page, "#elapsed") == "0:00"
        assert await shown(page, "#remaining") == "4:00"
        await advance(pilot, app, 31)
        await until(page, "document.getElementById('elapsed').textContent === '0:31'")
        assert await shown(page, "#last-title") == "Shoulder roll"
        assert "Next: Shoulder roll in 0:29" in await shown(page, "#next")
        assert await shown(page, "#remaining") == "3:29"
        await until(page, "window.stride.audio.played.length >= 2")
        requested = await page.evaluate("window.stride.audio.requested")
        assert requested[-1] == {"key": "shoulder-roll",
                                 "urls": sound_urls(url, "shoulder-roll")}
        assert {"key": "walk-start", "urls": sound_urls(url, "walk-start")} in requested
        assert set(sound_urls(url, "shoulder-roll")) <= set(fetched)

        # Pause on the phone: the TUI's walk pauses; resume from the phone too.
        await page.tap("#act-pause")
        await until(page, "window.stride.state.paused")
        assert app.driver is not None and app.driver.engine.paused
        assert isinstance(app.screen, WalkScreen)
        await pilot.pause()
        assert "PAUSED" in str(app.screen.query_one("#walk-status").render())
        assert await shown(page, "#act-pause") == "Resume"
        await until(page, "window.stride.wakeLock === 'off'")  # paused: the screen may sleep
        await page.tap("#act-pause")
        await until(page, "!window.stride.state.paused")
        assert not app.driver.engine.paused
        await until(page, "window.stride.wakeLock === 'on'")

        # The screen is kept awake during the walk (where the browser allows it), and each cue
        # buzzes where the phone can.
        assert await page.evaluate("window.stride.vibrations") >= 1

        # The walk screen says a page is connected.
        assert "phone page connected" in str(app.screen.query_one("#walk-status").render())

        # A pain score from the phone is saved in the session.
        await page.tap("#act-pain")
        await page.tap("#pain-grid [data-score='3']")
        await until(page, "window.stride.state.note")
        assert [c.score for c in app.driver.engine.record.pain_checks] == [3]

        # The halfway cue and the pain-check cue: the TUI asks; an answer on the phone
        # answers it there too.
        await advance(pilot, app, 120 - 31 + 21)
        await until(page, "window.stride.state.walk.last.title === 'Pain check'")
        assert isinstance(app.screen, PainPromptScreen)
        halfway = {"key": "halfway", "urls": sound_urls(url, "halfway")}
        assert halfway in await page.evaluate("window.stride.audio.requested")
        assert await page.locator("#sheet-pain").is_visible()  # the phone asks too
        await page.tap("#pain-grid [data-score='2']")
        await until(page, "window.stride.state.note")
        await pilot.pause()
        assert [c.score for c in app.driver.engine.record.pain_checks] == [3, 2]
        assert isinstance(app.screen, WalkScreen)

        # The server drops the connection: the page says so, reconnects, and is current.
        await companion.drop_pages()
        await until(page, "!window.stride.connected")
        assert "reconnecting" in await shown(page, "#link")
        await advance(pilot, app, 10)
        await until(page, "window.stride.connected && window.stride.reconnects === 1")
        await until(page, "document.getElementById('elapsed').textContent === '2:31'")

        # To the end of the walk; then the pain after, tapped on the phone.
        await run_phase(pilot, app)
        await until(page, "window.stride.state.phase === 'pain-after'")
        assert await page.locator("#sheet-pain").is_visible()
        await page.tap("#pain-grid [data-score='2']")
        await until(page, "window.stride.state.phase !== 'pain-after'")
        assert app.driver is not None and app.driver.engine.record.pain_after == 2
        assert app.driver.engine.record.status is SessionStatus.COMPLETED
        # Strength moves (a Monday in week 3 is a strength day), then done: the page follows.
        assert app.driver.engine.phase is Phase.STRENGTH
        await until(page, "window.stride.state.phase === 'strength'")
        assert await shown(page, "#phase") == "Strength"
        assert "Glute bridge" in await shown(page, "#step-name")
        await pilot.press("S")
        await until(page, "window.stride.state.phase === 'done'")
        assert await shown(page, "#phase") == "Done"
        assert "saved" in await shown(page, "#message")
        await until(page, "window.stride.wakeLock === 'off'")
        # Every cue of the walk, in order, asked for its own clips (chime, then the words).
        fired = [c.kind for c in app.driver.engine.record.cues]
        assert fired == ["shoulder-roll"] * 3 + ["halfway", "pain-check", "stride", "last-minute"]
        requested = await page.evaluate("window.stride.audio.requested")
        cue_sounds = [r for r in requested if r["key"] in {k.value for k in CueKind}]
        assert cue_sounds == [{"key": k, "urls": sound_urls(url, k)} for k in fired]
        await until(page, "window.stride.audio.played.length === "
                          "window.stride.audio.requested.reduce((n, r) => n + r.urls.length, 0)")
        assert await page.evaluate("window.stride.errors") == []
        await page.context.close()


async def test_a_red_flag_tapped_on_the_phone_stops_the_walk_and_is_saved(
        browser: Any, data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir, walk_minutes=4)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        await into_the_walk(pilot, app)
        page, _ = await open_page(browser, companion.url, PHONE)
        await advance(pilot, app, 40)
        await page.tap("#act-red-flag")
        labels = await page.locator("#flag-list button").all_inner_texts()
        assert labels == ["New leg numbness or weakness",
                          "Pain shooting below the knee, worse with walking",
                          "Loss of bladder or bowel control", "Fever with back pain"]
        await page.tap("#flag-list [data-flag='pain-below-knee']")
        await until(page, "window.stride.state.phase === 'red-flag-stop'")
        assert "medical care today" in await shown(page, "#advice-headline")
        await pilot.pause()
        assert isinstance(app.screen, RedFlagScreen)
        assert app.driver is not None and app.driver.engine.phase is Phase.RED_FLAG_STOP
        await settle(pilot, app)
        saved = stored_sessions(data_dir)
        assert [(s.status, s.red_flags) for s in saved] == [
            (SessionStatus.RED_FLAG, ["pain-below-knee"])]
        assert 39 <= saved[0].walked_seconds <= 41
        # No more taps are offered: the stop stands.
        assert await page.locator("#actions button:visible").count() == 0
        await page.context.close()


async def test_a_tablet_opened_mid_walk_shows_the_walk_at_once_and_ends_it_early(
        browser: Any, data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir, walk_minutes=4)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        await settle(pilot, app)
        await check_in(pilot, "nnnn", "2")
        await run_phase(pilot, app)
        await advance(pilot, app, 95)
        page, _ = await open_page(browser, companion.url, TABLET)
        state = await page_state(page)
        assert state["phase"] == "walk"
        assert await shown(page, "#elapsed") == "1:35"
        assert await shown(page, "#last-title") == "Shoulder roll"
        assert "Halfway" in await shown(page, "#next")
        await page.tap("#act-end")
        await page.tap("#end-yes")
        await until(page, "window.stride.state.phase === 'pain-after'")
        assert app.driver is not None
        assert app.driver.engine.record.status is SessionStatus.ENDED_EARLY
        assert app.driver.engine.record.walked_seconds == 95
        await page.context.close()
