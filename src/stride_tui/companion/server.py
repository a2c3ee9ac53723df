"""The companion's web server: aiohttp on the app's own event loop, one random port, one
random token per run, a few pages at most.

Every request whose path does not start with the token gets 403 and nothing else. Behind the
token there are only the page's three files, the cue WAVs and the live connection (a WebSocket):
no history, no profile, no other file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import socket
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from aiohttp import WSMsgType, web

from stride_tui.alerts.catalogue import ALL_CLIPS, clip_path
from stride_tui.companion.state import (
    CompanionSession,
    Sayer,
    asks_for_pain,
    idle_state,
    pain_note,
    session_state,
    sounds_for,
)
from stride_tui.core.events import Event, SessionError
from stride_tui.core.safety import PainScoreError, RedFlag, parse_pain_score

# At most this many pages at once (a phone, a tablet and a second window).
MAX_PAGES = 3
# 16 random bytes: a 128-bit token, new each time the server starts.
TOKEN_BYTES = 16
# The largest message a page may send (taps are a few dozen bytes).
MAX_MESSAGE = 1024
# Sounds kept for a page that has not read them yet (beyond this, the oldest are dropped).
MAX_PENDING_SOUNDS = 32
# Seconds between WebSocket pings: a phone that vanished (Wi-Fi off) is noticed.
HEARTBEAT = 10.0

PAGE_FILES: dict[str, tuple[str, str]] = {
    "": ("index.html", "text/html"),
    "page.css": ("page.css", "text/css"),
    "page.js": ("page.js", "text/javascript"),
}

FORBIDDEN = "Forbidden"


class CompanionError(Exception):
    """The companion page could not be served (e.g. no free port)."""


def _security_headers(response: web.StreamResponse, host: str) -> None:
    headers = response.headers
    headers["Cache-Control"] = "no-store"
    # The token is in the address: never send it on to another site.
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Content-Security-Policy"] = (
        f"default-src 'self'; connect-src 'self' ws://{host}; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


def lan_address() -> str | None:
    """This machine's address on the local network (the one a phone on the same Wi-Fi can
    reach), or None. No packet is sent: a UDP socket is only pointed at a test address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


class Companion:
    """The phone page's server. ``start`` and ``stop`` it on the app's loop; ``attach`` the
    session under way and ``detach`` it when it is over.

    ``say`` maps an event to the announcement key the computer plays for it (the page plays
    the same clips); ``colours`` are the TUI's theme colours, by CSS variable name;
    ``on_pages`` hears how many pages are connected whenever that changes.
    """

    def __init__(
        self,
        say: Sayer,
        colours: dict[str, str] | None = None,
        *,
        on_pages: Callable[[int], None] | None = None,
        max_pages: int = MAX_PAGES,
    ) -> None:
        self.say = say
        self.colours = dict(colours or {})
        self.on_pages = on_pages
        self.max_pages = max_pages
        self.token = ""
        self.lan = False
        self.host = "127.0.0.1"
        self.port = 0
        self.refused = 0
        self._runner: web.AppRunner | None = None
        self._page: dict[str, bytes] = {}
        self._pages: dict[web.WebSocketResponse, Outbox] = {}
        self._opening = 0
        self._session: CompanionSession | None = None
        self._note = ""

    # --- the server ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def pages(self) -> int:
        """How many pages are connected now."""
        return len(self._pages)

    @property
    def url(self) -> str:
        """The address to open (with its token), or "" while the server is off."""
        return f"http://{self.host}:{self.port}/{self.token}/" if self.running else ""

    @property
    def where(self) -> str:
        """Where the server listens, in words."""
        if not self.running:
            return "The phone page is off."
        if self.lan:
            return (f"Listening on your local network (every interface, port {self.port}): "
                    "anyone on this network with the address can open the page.")
        return (f"Listening on this computer only (127.0.0.1, port {self.port}): "
                "open it in a browser here, or turn on the local network for a phone.")

    async def start(self, *, lan: bool = False) -> str:
        """Start serving with a new token; return the address. Restarting makes a new token,
        so an address from before stops working."""
        await self.stop()
        if not self._page:
            self._page = await asyncio.to_thread(_read_page)
        # Keep aiohttp's own messages (a client that went away mid-request) off the terminal.
        quiet = logging.getLogger("aiohttp")
        if not quiet.handlers:
            quiet.addHandler(logging.NullHandler())
        app = web.Application(client_max_size=MAX_MESSAGE)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        bind = "0.0.0.0" if lan else "127.0.0.1"
        try:
            await web.TCPSite(runner, bind, 0).start()
        except OSError as exc:
            await runner.cleanup()
            raise CompanionError(f"could not listen on {bind}: {exc.strerror or exc}") from exc
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self.token = secrets.token_urlsafe(TOKEN_BYTES)
        self.lan = lan
        self.host = (lan_address() or socket.gethostname()) if lan else "127.0.0.1"
        return self.url

    async def stop(self) -> None:
        """Close every page and stop listening; the token is forgotten."""
        runner, self._runner = self._runner, None
        self.token = ""
        if runner is None:
            return
        await self._close_pages(code=1001, reason="Stride turned the phone page off.")
        await runner.cleanup()

    async def drop_pages(self) -> None:
        """Close every page's live connection (the pages reconnect by themselves)."""
        await self._close_pages(code=1012, reason="Reconnect, please.")

    async def _close_pages(self, *, code: int, reason: str) -> None:
        for ws in list(self._pages):
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.close(code=code, message=reason.encode())

    # --- the session -----------------------------------------------------------------------

    def attach(self, session: CompanionSession) -> None:
        """Show ``session`` (the one under way) on the pages from now on."""
        self.detach()
        self._session = session
        self._note = ""
        session.add_listener(self._on_events)
        self._broadcast(self._state())

    def detach(self) -> None:
        """The session is over: the pages go back to waiting."""
        session, self._session = self._session, None
        if session is not None:
            session.remove_listener(self._on_events)
            self._broadcast(self._state())

    def _state(self) -> dict[str, Any]:
        session = self._session
        if session is None:
            return idle_state()
        return session_state(session, self._note)

    def _on_events(self, events: list[Event]) -> None:
        """The driver applied a batch of events (or a tick): tell the pages, at once."""
        session = self._session
        if session is None:
            return
        self._note = pain_note(events, self._note)
        if not self._pages:
            return  # nothing to tell, nothing to build
        state = self._state()
        sounds = sounds_for(events, self.say, session)
        if sounds:
            state["sounds"] = sounds
        if asks_for_pain(events):
            state["ask"] = "pain"
        self._broadcast(state)

    def _broadcast(self, state: dict[str, Any]) -> None:
        for outbox in self._pages.values():
            outbox.put_state(state)

    def _send(self, ws: web.WebSocketResponse, message: dict[str, Any]) -> None:
        outbox = self._pages.get(ws)
        if outbox is not None:
            outbox.put(message)

    # --- requests ------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        response = await self._route(request)
        if not response.prepared:
            _security_headers(response, request.host)
        return response

    async def _route(self, request: web.Request) -> web.StreamResponse:
        # The raw path, before any decoding: the token is the first segment, exactly.
        parts = request.rel_url.raw_path.split("/", 2)
        token = parts[1] if len(parts) > 1 else ""
        if not self.token or not secrets.compare_digest(token.encode(), self.token.encode()):
            self.refused += 1
            return web.Response(status=403, text=FORBIDDEN)
        if len(parts) < 3:
            raise web.HTTPFound(f"/{self.token}/")
        rest = parts[2]
        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, text="Method not allowed")
        if rest == "ws":
            return await self._live(request)
        if rest in PAGE_FILES:
            name, kind = PAGE_FILES[rest]
            return web.Response(body=self._page[name], content_type=kind, charset="utf-8")
        if rest.startswith("sound/") and rest.endswith(".wav"):
            clip = rest.removeprefix("sound/").removesuffix(".wav")
            if clip in ALL_CLIPS:
                return web.FileResponse(clip_path(clip), headers={"Content-Type": "audio/wav"})
        return web.Response(status=404, text="Not found")

    async def _live(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"http://{request.host}":
            self.refused += 1
            return web.Response(status=403, text=FORBIDDEN)
        if len(self._pages) + self._opening >= self.max_pages:
            self.refused += 1
            return web.Response(status=403, text=FORBIDDEN)
        # No per-message compression: a state is a few hundred bytes, sent every second.
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE,
                                   compress=False)
        _security_headers(ws, request.host)
        self._opening += 1
        try:
            await ws.prepare(request)
        finally:
            self._opening -= 1
        outbox = self._pages[ws] = Outbox()
        writer = asyncio.get_running_loop().create_task(outbox.write_to(ws))
        self._send(ws, {"type": "hello", "colours": self.colours, "maxPages": self.max_pages})
        self._send(ws, self._state())
        self._pages_changed()
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._on_message(ws, msg.data)
                else:
                    self._send(ws, _error("Send text messages only."))
        finally:
            self._pages.pop(ws, None)
            writer.cancel()
            self._pages_changed()
        return ws

    def _pages_changed(self) -> None:
        if self.on_pages is not None:
            self.on_pages(len(self._pages))

    # --- taps ------------------------------------------------------------------------------

    def _on_message(self, ws: web.WebSocketResponse, data: str) -> None:
        """A tap from the page: each calls the session driver's method for the same key."""
        try:
            message = json.loads(data)
        except ValueError:
            self._send(ws, _error("That message was not understood."))
            return
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            self._send(ws, _error("That message was not understood."))
            return
        kind = message["type"]
        if kind == "state":
            self._send(ws, self._state())
            return
        session = self._session
        if session is None:
            self._send(ws, _error("No session under way."))
            return
        try:
            if kind == "pause":
                session.toggle_pause()
            elif kind == "end":
                session.end_early()
            elif kind == "pain":
                score = message.get("score")
                if not isinstance(score, int):
                    raise PainScoreError("pain score must be a whole number from 0 to 10")
                session.record_pain(parse_pain_score(score))
            elif kind == "red-flag":
                session.report_red_flag(RedFlag(str(message.get("flag"))))
            else:
                self._send(ws, _error("That message was not understood."))
                return
        except (PainScoreError, SessionError) as exc:
            self._send(ws, _error(str(exc)))
            return
        except ValueError:
            self._send(ws, _error("Unknown red-flag symptom."))
            return
        # Whatever the tap changed (maybe nothing: a tap just after the walk ended), every
        # page sees the session as it now stands.
        self._broadcast(self._state())


def _error(text: str) -> dict[str, Any]:
    return {"type": "error", "message": text}


class Outbox:
    """What is still to be sent to one page, in order: messages (hello, errors) as they came,
    then the newest state with every sound announced since the last one sent. A page that
    falls behind (a burst of ticks at a high time scale) gets one up-to-date state, and no
    sound is lost."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.state: dict[str, Any] | None = None
        self.sounds: list[dict[str, Any]] = []
        self.ask: str | None = None
        self.ready = asyncio.Event()

    def put(self, message: dict[str, Any]) -> None:
        self._flush_state()
        self.messages.append(message)
        self.ready.set()

    def put_state(self, state: dict[str, Any]) -> None:
        self.sounds.extend(state.get("sounds", ()))
        del self.sounds[:-MAX_PENDING_SOUNDS]
        self.ask = state.get("ask", self.ask)
        self.state = state
        self.ready.set()

    def _flush_state(self) -> None:
        # A message after a state goes after it: the state takes its place in the line.
        if self.state is not None:
            state = dict(self.state)
            if self.sounds:
                state["sounds"] = self.sounds
            if self.ask is not None:
                state["ask"] = self.ask
            self.messages.append(state)
            self.state, self.sounds, self.ask = None, [], None

    async def write_to(self, ws: web.WebSocketResponse) -> None:
        """Send what comes, one message at a time, until the page goes."""
        while True:
            await self.ready.wait()
            self.ready.clear()
            self._flush_state()
            messages, self.messages = self.messages, []
            for message in messages:
                try:
                    await ws.send_str(json.dumps(message, separators=(",", ":")))
                except (ConnectionError, RuntimeError):
                    return


def _read_page() -> dict[str, bytes]:
    folder = files("stride_tui.companion").joinpath("page")
    return {name: folder.joinpath(name).read_bytes() for name, _ in PAGE_FILES.values()}
