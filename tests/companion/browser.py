"""Debian's Chromium, driven by Playwright, as a phone and as a tablet (TESTING.md: never
`playwright install`; launched as root with the sandbox and Chromium's own traffic off)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import need

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
                         "has_touch": True, "device_scale_factor": 1}
TABLET: dict[str, Any] = {"viewport": {"width": 820, "height": 1180}, "is_mobile": True,
                          "has_touch": True, "device_scale_factor": 1}


def need_browser() -> None:
    """Skip on a laptop without Chromium or Playwright; fail in CI (STRIDE_REQUIRE_SYSTEM=1)."""
    need(CHROMIUM.exists(), "Chromium is not installed (apt-get install chromium)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        need(False, "Playwright for Python is not installed (the test extra)")


async def launch(playwright: Any) -> Any:
    return await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
