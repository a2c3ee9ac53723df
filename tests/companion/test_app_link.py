"""The app's side of the phone page: `stride --companion` shows where it listens and its QR
code; the page stops with Stride; "sound on the phone only" quiets the computer while a page
is connected; the local network only when asked."""

from __future__ import annotations

import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from stride_tui.cli import build_parser
from stride_tui.companion import Companion
from stride_tui.ui.phone import PhoneScreen, qr_text, say
from tests.companion.helpers import phone_app, serve, until_serving
from tests.conftest import need_commands
from tests.resilience.terminal import Terminal, stride
from tests.ui.scenarios import settle

URL = re.compile(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{22}/")


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Terminal]:
    need_commands("tmux")
    term = Terminal(data_dir, width=100, height=40)
    try:
        yield term
    finally:
        term.close()


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_stride_companion_shows_the_address_and_stops_with_stride(
        terminal: Terminal, data_dir: Path) -> None:
    assert stride(data_dir, "profile", "--start-date", "2026-03-02").returncode == 0
    terminal.start("--mute", "--no-notify", "--companion")
    # The address on one line of its own (beside the code it was broken in two).
    screen = terminal.wait_for(lambda s: URL.search(s), timeout=20)
    assert "this computer only" in screen
    assert "▀" in screen or "▄" in screen  # the QR code, in half blocks
    match = URL.search(screen)
    assert match is not None
    url = match.group(0)
    assert _get(url) == 200
    assert _get(url.rsplit("/", 2)[0] + "/") == 403
    terminal.keys("Escape", pause=0.1)
    terminal.wait_for(lambda s: "Today" in s and "Phone page" not in s, timeout=10)
    terminal.keys("q", pause=0.1)
    terminal.wait_exit(10)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_the_command_line_asks_for_the_page_on_this_computer_or_the_network() -> None:
    parse = build_parser().parse_args
    assert parse([]).companion is None
    assert parse(["--companion"]).companion == "local"
    assert parse(["--companion-lan"]).companion == "lan"
    assert parse(["walk", "--companion-lan"]).companion == "lan"
    assert parse(["--companion", "walk"]).companion == "local"
    assert parse(["--phone-sound-only"]).phone_sound_only is True
    assert parse(["walk", "--phone-sound-only"]).phone_sound_only is True
    assert parse(["walk"]).phone_sound_only is False


async def test_the_phone_key_on_home_shows_the_address_qr_code_and_where_it_listens(
        data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await until_serving(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, PhoneScreen)
        assert app.phone is not None and app.phone.companion is not None
        url = app.phone.companion.url
        assert URL.fullmatch(url)
        assert url in str(app.screen.query_one("#phone-url").render())
        assert str(app.screen.query_one("#phone-qr").render()).strip() == qr_text(url).strip()
        assert "this computer only" in str(app.screen.query_one("#phone-where").render())
        # Turned off from the same screen: the address no longer answers.
        await pilot.press("t")
        for _ in range(20):
            await pilot.pause()
            if not app.phone.running:
                break
        assert not app.phone.running
        assert "is off" in str(app.screen.query_one("#phone-url").render())
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.ClientConnectionError):
                await http.get(url)


@pytest.mark.parametrize("size", [(80, 24), (60, 40), (100, 40)])
async def test_the_phone_screen_shows_its_words_whole_and_in_view(
        data_dir: Path, size: tuple[int, int]) -> None:
    # At 80×24 where it listens and the keys were below the code, out of view (nothing
    # scrolled them in); below 84 columns their lines were cut off at the box's edge.
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await until_serving(pilot, app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PhoneScreen)
        box = screen.query_one("#phone-box").content_region
        for part in ("#phone-qr", "#phone-url", "#phone-where", "#phone-keys"):
            widget = screen.query_one(part)
            # Inside the box's visible part: in view, and as wide as the box at most (the
            # words wrap there instead of running past its edge).
            assert box.contains_region(widget.region), (part, widget.region, box)
        keys = str(screen.query_one("#phone-keys").render())
        assert "Esc" in keys and "turn off" in keys
        # The address whole on one line (beside the code it was broken in its token).
        assert screen.query_one("#phone-url").region.height == 1


async def test_sound_on_the_phone_only_quiets_the_computer_while_a_page_is_connected(
        data_dir: Path) -> None:
    app, _, alerts = phone_app(data_dir)
    app.config.phone_sound_only = True
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        assert not alerts.muted
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(companion.url + "ws")
            assert (await ws.receive_json(timeout=5))["type"] == "hello"
            assert (await ws.receive_json(timeout=5))["phase"] == "idle"
            await pilot.pause()
            assert alerts.muted
            await ws.close()
            for _ in range(50):
                await pilot.pause()
                if companion.pages == 0:
                    break
            # The last page gone: the computer speaks again.
            assert not alerts.muted


async def test_the_local_network_only_when_asked_and_stride_says_so() -> None:
    companion = Companion(say)
    try:
        url = await companion.start()
        assert url.startswith("http://127.0.0.1:") and "this computer only" in companion.where
        lan_url = await companion.start(lan=True)
        assert companion.lan and "local network" in companion.where
        assert lan_url != url and not lan_url.startswith("http://127.")
        # It listens on every interface: the loopback address reaches it too.
        loopback = f"http://127.0.0.1:{companion.port}/{companion.token}/"
        async with aiohttp.ClientSession() as http, http.get(loopback) as r:
            assert r.status == 200
    finally:
        await companion.stop()
    assert companion.where == "The phone page is off."


def test_the_qr_code_drawn_in_the_terminal_reads_back_as_the_address(tmp_path: Path) -> None:
    need_commands("zbarimg")
    url = "http://192.168.1.23:47211/Sh0wnInTheScreenshot0A/"
    # Each character is two modules, one above the other: turn the text back into pixels.
    top = {"█": 1, "▀": 1, "▄": 0, " ": 0}
    bottom = {"█": 1, "▀": 0, "▄": 1, " ": 0}
    rows: list[list[int]] = []
    for line in qr_text(url).splitlines():
        rows.append([top[c] for c in line])
        rows.append([bottom[c] for c in line])
    scale = 6
    pixels = [[bit for bit in row for _ in range(scale)] for row in rows for _ in range(scale)]
    image = tmp_path / "qr.pbm"
    image.write_text(f"P1\n{len(pixels[0])} {len(pixels)}\n"
                     + "\n".join(" ".join(map(str, row)) for row in pixels) + "\n")
    read = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True,
                          text=True, timeout=30)
    assert read.stdout.strip() == url


async def test_without_the_companion_extra_stride_says_what_to_install(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    # As on a base install: aiohttp (and so the companion package) cannot be imported.
    monkeypatch.setitem(sys.modules, "stride_tui.companion", None)
    app, _, _ = phone_app(data_dir)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, PhoneScreen)
        assert app.phone is not None and not app.phone.running
        assert "is off" in str(app.screen.query_one("#phone-url").render())
        assert any("stride-tui[companion]" in message for message in said)


async def test_sound_on_the_phone_only_chosen_on_its_screen_is_kept_in_the_settings_file(
        data_dir: Path, _private_settings_file: Path) -> None:
    import asyncio

    from stride_tui.settings import load_settings

    app, _, _ = phone_app(data_dir)
    app.config.settings_file = _private_settings_file
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.action_phone()
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, PhoneScreen):
                break
        await pilot.press("s")
        for _ in range(100):
            if _private_settings_file.exists():
                break
            await asyncio.sleep(0.02)
        assert app.phone is not None and app.phone.sound_on_phone_only
        assert "sound on the phone only: on" in str(app.screen.query_one("#phone-keys").render())
    settings, problem = load_settings(_private_settings_file)
    assert problem == "" and settings.phone_sound_only is True
    # The next start, as `stride` builds it, begins with the computer quiet for a phone page
    # (the settings file is the one STRIDE_CONFIG names).
    from stride_tui.cli.commands import app_config
    from stride_tui.cli.common import Options

    opts = Options(data_dir=data_dir, mute=False, notify=False, time_scale=1.0)
    assert app_config(build_parser().parse_args([]), opts).phone_sound_only is True
    _private_settings_file.write_text("phone_sound_only = false\n")
    assert app_config(build_parser().parse_args([]), opts).phone_sound_only is False
    assert app_config(build_parser().parse_args(["--phone-sound-only"]),
                      opts).phone_sound_only is True
