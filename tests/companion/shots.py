"""Pictures of the phone page (scripts/screenshots.py calls ``shoot_pages``): the walk at a
phone's and a tablet's size, the warm-up, and the pain check, in Debian's Chromium."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.companion.browser import CHROMIUM, PHONE, TABLET, launch
from tests.companion.helpers import phone_app, serve
from tests.ui.scenarios import advance, check_in, run_phase, settle


async def shoot_pages(out: Path) -> list[Path]:
    """Write companion-*.png into ``out``; nothing (and a note) without Chromium."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        print("playwright not installed: phone page screenshots not made")
        return []
    if not CHROMIUM.exists():
        print("chromium not installed (apt install chromium): phone page screenshots not made")
        return []
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        app, _, _ = phone_app(Path(tmp) / "data", walk_minutes=20)
        async with app.run_test(size=(80, 24)) as pilot, async_playwright() as playwright:
            companion = await serve(pilot, app)
            browser = await launch(playwright)
            phone = await _open(browser, companion.url, PHONE)
            tablet = await _open(browser, companion.url, TABLET)
            await settle(pilot, app)
            await check_in(pilot, "nnnn", "3")
            await advance(pilot, app, 33)
            made.append(await _shot(phone, out / "companion-phone-warm-up.png"))
            await run_phase(pilot, app)
            await phone.tap("#sound-start")
            await tablet.tap("#sound-start")
            await advance(pilot, app, 5 * 60 + 12)
            made.append(await _shot(phone, out / "companion-phone.png"))
            made.append(await _shot(tablet, out / "companion-tablet.png"))
            await phone.tap("#act-pain")
            made.append(await _shot(phone, out / "companion-phone-pain.png"))
            await browser.close()
    return made


async def _open(browser: Any, url: str, device: dict[str, Any]) -> Any:
    context = await browser.new_context(**device)
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function("() => window.stride.connected && window.stride.state")
    return page


async def _shot(page: Any, path: Path) -> Path:
    # Let the last state arrive and the progress bar's transition end.
    await page.wait_for_timeout(400)
    await page.screenshot(path=str(path))
    return path
