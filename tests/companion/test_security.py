"""The phone page is private: without this run's token, nothing but 403; a few pages at most;
bad messages change nothing; nothing breaks into a traceback."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import aiohttp
import pytest

from stride_tui.companion import MAX_PAGES
from tests.companion.helpers import into_the_walk, phone_app, record_of, serve


@pytest.fixture(autouse=True)
def _no_error_logs(caplog: pytest.LogCaptureFixture):
    """Whatever a client sends, nothing is logged as an error (no traceback anywhere)."""
    caplog.set_level(logging.DEBUG)
    yield
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert bad == []


def _origin(url: str) -> str:
    return url.split("/", 3)[0] + "//" + url.split("/", 3)[2]


async def test_requests_without_this_runs_token_get_403_and_nothing_else(
        data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        await into_the_walk(pilot, app)
        base = _origin(companion.url)
        token = companion.token
        assert len(token) >= 22  # 16 random bytes, URL-safe
        before = record_of(app)
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        async with aiohttp.ClientSession() as http:
            for path in ("/", "/index.html", "/page.js", "/ws", f"/{wrong}/",
                         f"/{wrong}/page.js", f"/{wrong}/ws", f"/{token.upper()}/",
                         "/sound/chime-start.wav", f"/x{token}/", f"/{token[:10]}/"):
                async with http.get(base + path, allow_redirects=False) as r:
                    assert r.status == 403, path
                    assert await r.text() == "Forbidden"
            async with http.post(base + "/", data=b"x") as r:
                assert r.status == 403
            assert companion.refused == 12
            # The right token opens the page, its files and the sounds.
            async with http.get(companion.url) as r:
                assert r.status == 200
                assert "Tap to start sound" in await r.text()
                assert r.headers["Referrer-Policy"] == "no-referrer"
            async with http.get(companion.url + "sound/chime-start.wav") as r:
                assert r.status == 200 and (await r.read())[:4] == b"RIFF"
            # The live connection only as a WebSocket; other methods not at all.
            async with http.get(companion.url + "ws") as r:
                assert r.status == 400
            async with http.post(companion.url + "ws", data=b'{"type": "pause"}') as r:
                assert r.status == 405
        assert record_of(app) == before


async def test_a_token_from_an_earlier_run_is_refused(data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        old_url = companion.url
        assert app.phone is not None
        await app.phone.stop()
        assert not companion.running and companion.url == ""
        await app.phone.start()
        assert companion.url != old_url
        new_base = _origin(companion.url)
        old_path = old_url.split("/", 3)[3]
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{new_base}/{old_path}") as r:
                assert r.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{new_base}/{old_path}ws")
            assert refused.value.status == 403
            async with http.get(companion.url) as r:
                assert r.status == 200


async def test_paths_outside_the_pages_files_are_not_served(data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        base = _origin(companion.url)
        token = companion.token
        tries = ["../pyproject.toml", "..%2F..%2Fpyproject.toml", "%2e%2e/%2e%2e/etc/passwd",
                 "sound/../../../../etc/passwd", "sound/..%2F__init__.py",
                 "sound/chime-start.wav%00.txt", "page/index.html", "state.py",
                 "sound/x.wav", "__init__.py", "sound/%2e%2e%2fserver.py"]
        async with aiohttp.ClientSession() as http:
            for tail in tries:
                # Sent exactly as written (a browser or aiohttp would tidy the dots away).
                url = aiohttp.client.URL(f"{base}/{token}/{tail}", encoded=True)
                async with http.get(url, allow_redirects=False) as r:
                    body = await r.read()
                    assert r.status in (403, 404), tail
                    assert b"root:" not in body and b"[project]" not in body
                    assert b"import" not in body, tail


async def test_a_page_beyond_the_limit_is_refused(data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        async with aiohttp.ClientSession() as http:
            pages = [await http.ws_connect(companion.url + "ws") for _ in range(MAX_PAGES)]
            for ws in pages:
                hello = await ws.receive_json(timeout=5)
                assert hello["type"] == "hello"
            assert companion.pages == MAX_PAGES
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(companion.url + "ws")
            assert refused.value.status == 403
            # One leaves: a new page may come.
            await pages.pop().close()
            for _ in range(50):
                if companion.pages < MAX_PAGES:
                    break
                await asyncio.sleep(0.01)
            pages.append(await http.ws_connect(companion.url + "ws"))
            assert (await pages[-1].receive_json(timeout=5))["type"] == "hello"
            for ws in pages:
                await ws.close()


async def test_a_page_from_another_site_is_refused(data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(companion.url + "ws", origin="http://evil.example")
            assert refused.value.status == 403


async def test_malformed_messages_change_nothing(data_dir: Path) -> None:
    app, _, _ = phone_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        await into_the_walk(pilot, app)
        before = record_of(app)
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(companion.url + "ws")
            assert (await ws.receive_json(timeout=5))["type"] == "hello"
            assert (await ws.receive_json(timeout=5))["phase"] == "walk"
            bad = ["not json", "[]", "3", json.dumps({"type": 3}), json.dumps({"kind": "pause"}),
                   json.dumps({"type": "pain", "score": 11}),
                   json.dumps({"type": "pain", "score": "7"}),
                   json.dumps({"type": "pain", "score": True}),
                   json.dumps({"type": "pain", "score": 2.5}),
                   json.dumps({"type": "pain"}),
                   json.dumps({"type": "red-flag", "flag": "headache"}),
                   json.dumps({"type": "red-flag"}),
                   json.dumps({"type": "delete-history"}), "\x00\xff"]
            for text in bad:
                await ws.send_str(text)
                reply = await ws.receive_json(timeout=5)
                while reply["type"] == "state":  # a tick of the walk may come between
                    reply = await ws.receive_json(timeout=5)
                assert reply["type"] == "error", text
            await ws.send_bytes(b"\x01\x02")
            reply = await ws.receive_json(timeout=5)
            while reply["type"] == "state":
                reply = await ws.receive_json(timeout=5)
            assert reply["type"] == "error"
            # Too big a message closes the connection, and nothing else happens.
            await ws.send_str("x" * 10_000)
            closed = await ws.receive(timeout=5)
            while closed.type is aiohttp.WSMsgType.TEXT:
                closed = await ws.receive(timeout=5)
            assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            await ws.close()
        await pilot.pause()
        assert app.driver is not None and app.driver.engine.phase.value == "walk"
        assert not app.driver.engine.paused
        assert record_of(app) == before


async def test_the_page_hears_only_the_session_under_way_never_history_or_profile(
        data_dir: Path) -> None:
    from datetime import date, timedelta

    from stride_tui.core.records import Condition
    from tests.ui.scenarios import TODAY, make_app, run_phase, seed, walk_record

    earlier = walk_record(TODAY - timedelta(days=2), 17, 4, 3, week=2)
    earlier.note = "A private note about an earlier walk"
    seed(data_dir, sessions=[earlier], conditions=(Condition.SPONDYLOLISTHESIS,),
         start=date(2026, 3, 2))
    app, _, _ = make_app(data_dir, walk_minutes=2)
    async with app.run_test(size=(80, 24)) as pilot:
        companion = await serve(pilot, app)
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(companion.url + "ws")
            await into_the_walk(pilot, app)
            await run_phase(pilot, app)
            await pilot.pause()
            await ws.send_str(json.dumps({"type": "state"}))
            texts = []
            while True:
                text = await ws.receive_str(timeout=5)
                texts.append(text)
                if json.loads(text).get("phase") == "pain-after":
                    break
            await ws.close()
    everything = "\n".join(texts)
    for secret in ("private note", earlier.id, "2026-03-02", "spondylolisthesis", "17:00",
                   "history", "profile", "start_date"):
        assert secret not in everything
    keys = {k for t in texts for k in json.loads(t)}
    assert keys <= {"type", "colours", "maxPages", "phase", "label", "paused", "flags",
                    "message", "actions", "walk", "step", "note", "advice", "sounds", "ask"}
