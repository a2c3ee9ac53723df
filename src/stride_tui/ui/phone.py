"""The app's side of the phone companion page: start and stop it, show its address and QR code,
hand it the session under way, and say when a page connects.

The server itself (``stride_tui.companion``) is imported only when the page is first asked
for: start-up never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from stride_tui.core.events import Event
from stride_tui.ui.words import announcement

if TYPE_CHECKING:
    from stride_tui.companion import Companion
    from stride_tui.ui.session import SessionDriver

# The theme colours the page takes from the TUI (CSS variables of the same names).
PAGE_COLOURS = ("background", "surface", "panel", "primary", "secondary", "accent", "warning",
                "error", "success", "foreground")

INSTALL_HINT = "The phone page needs aiohttp and segno: pip install 'stride-tui[companion]'."


def say(event: Event) -> str | None:
    """The announcement key the computer plays for ``event`` (the page plays the same)."""
    said = announcement(event, walk_minutes=0, note="")
    return None if said is None else said.key


class PhoneLink:
    """The companion page, as the app sees it: off until asked for, then one server for the
    rest of the run (or until turned off)."""

    def __init__(self, app: Any, *, sound_on_phone_only: bool = False) -> None:
        # The StrideApp (not named here: the app module imports this one).
        self.app = app
        self.sound_on_phone_only = sound_on_phone_only
        self.companion: Companion | None = None
        self._hushed = False
        self._shown_pages = 0

    @property
    def running(self) -> bool:
        return self.companion is not None and self.companion.running

    @property
    def pages(self) -> int:
        return self.companion.pages if self.companion is not None else 0

    async def start(self, *, lan: bool = False) -> bool:
        """Serve the page (a new address each time); False, and say why, if it cannot be."""
        try:
            from stride_tui.companion import Companion, CompanionError
        except ImportError:
            self.app.notify(INSTALL_HINT, severity="error", timeout=10)
            return False
        if self.companion is None:
            variables = self.app.get_css_variables()
            colours = {name: variables[name] for name in PAGE_COLOURS
                       if variables.get(name, "").startswith("#")}
            self.companion = Companion(say, colours, on_pages=self._pages_changed)
        try:
            await self.companion.start(lan=lan)
        except CompanionError as exc:
            self.app.notify(f"The phone page could not start: {exc}", severity="error",
                            timeout=10)
            return False
        if self.app.driver is not None:
            self.attach(self.app.driver)
        return True

    async def stop(self) -> None:
        if self.companion is not None:
            await self.companion.stop()
            self._pages_changed(0)

    def attach(self, driver: SessionDriver) -> None:
        """A session has started: the pages show it from now on."""
        if self.companion is not None:
            self.companion.attach(driver)
            driver.remove_listener(self._session_events)  # once, however often served
            driver.add_listener(self._session_events)

    def detach(self) -> None:
        if self.companion is not None:
            self.companion.detach()

    def _session_events(self, events: list[Event]) -> None:
        """A pain score given on the phone answers the computer's open question too."""
        from stride_tui.core.events import PainChecked
        from stride_tui.ui.screens.pain_prompt import PainPromptScreen

        if any(isinstance(e, PainChecked) for e in events) and isinstance(
                self.app.screen, PainPromptScreen):
            self.app.screen.dismiss(None)

    def set_sound_on_phone_only(self, on: bool) -> None:
        self.sound_on_phone_only = on
        self._pages_changed(self.pages)

    def _pages_changed(self, pages: int) -> None:
        """Say when a page comes or goes; with "sound on the phone only", the computer is
        quiet while a page is connected (and speaks again if the last one goes)."""
        if self.sound_on_phone_only or self._hushed:
            alerts = self.app.alerts
            if self.sound_on_phone_only and pages and not self._hushed and not alerts.muted:
                alerts.set_muted(True)
                self._hushed = True
            elif (not pages or not self.sound_on_phone_only) and self._hushed:
                alerts.set_muted(False)
                self._hushed = False
        shown = self._shown_pages
        if pages != shown:
            self._shown_pages = pages
            if pages > shown:
                self.app.notify(f"Phone page connected ({pages} open).", timeout=3)
            else:
                self.app.notify("A phone page disconnected.", timeout=3)
        for screen in self.app.screen_stack:
            refresh = getattr(screen, "phone_changed", None)
            if refresh is not None:
                refresh()


def qr_text(url: str) -> str:
    """The QR code of ``url`` in half-block characters: two rows of modules a line."""
    import segno

    rows = [list(row) for row in segno.make(url, error="l").matrix_iter(border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    chars = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        lines.append("".join(chars[bool(a), bool(b)] for a, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


class PhoneScreen(ModalScreen[None]):
    """The phone page's address, QR code and where it listens; keys to change that."""

    CSS_PATH = "phone.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    BINDINGS = [
        Binding("n", "network", "Local network on/off", id="phone-network",
                tooltip="Listen on the local network (for a phone) or on this computer only"),
        Binding("s", "phone_sound", "Sound on phone only", id="phone-sound",
                tooltip="Mute the computer while a phone page is connected"),
        Binding("t", "turn_off", "Turn off", id="phone-off", tooltip="Stop serving the page"),
        Binding("escape,c", "dismiss", "Close", id="phone-close", tooltip="Back"),
    ]

    def __init__(self, link: PhoneLink) -> None:
        super().__init__()
        self.link = link

    def compose(self) -> ComposeResult:
        with Vertical(id="phone-box"):
            yield Static("[b]Phone page[/b]", id="phone-title")
            # The address on a line of its own, across the box: beside the code it was
            # broken in the middle of its token, which is then hard to read out or type.
            yield Static("", id="phone-url")
            # The words beside the code where there is room, so that at 80×24 the keys and
            # where it listens are in view, not scrolled away below the code.
            with Horizontal(id="phone-body"):
                yield Static("", id="phone-qr")
                with Vertical(id="phone-text"):
                    yield Static("", id="phone-where")
                    yield Static("", id="phone-keys")

    def on_mount(self) -> None:
        if not self.link.running:
            self.start(lan=False)
        else:
            self.phone_changed()

    @work(exclusive=True, group="phone")
    async def start(self, lan: bool) -> None:
        await self.link.start(lan=lan)
        self.phone_changed()

    def phone_changed(self) -> None:
        companion = self.link.companion
        url = companion.url if companion is not None and self.link.running else ""
        qr = self.query_one("#phone-qr", Static)
        qr.update(qr_text(url) if url else "")
        qr.display = bool(url)
        self.query_one("#phone-url", Static).update(
            f"[b]{url}[/b]" if url else "The phone page is off. Press [b]n[/b] to serve it "
            "on your local network.")
        where = companion.where if companion is not None else ""
        pages = self.link.pages
        where += f"\n{pages} page{'s' if pages != 1 else ''} connected."
        self.query_one("#phone-where", Static).update(where)
        phone_only = "on" if self.link.sound_on_phone_only else "off"
        self.query_one("#phone-keys", Static).update(
            f"[b]n[/b] local network on/off   [b]s[/b] sound on the phone only: {phone_only}   "
            "[b]t[/b] turn off   [b]Esc[/b] close")

    def action_network(self) -> None:
        lan = not (self.link.companion is not None and self.link.companion.lan
                   and self.link.running)
        self.start(lan=lan)

    def action_phone_sound(self) -> None:
        on = not self.link.sound_on_phone_only
        self.link.set_sound_on_phone_only(on)
        self.phone_changed()
        app: Any = self.app
        app.config.phone_sound_only = on
        app.remember_setting("phone_sound_only", on, "Sound on the phone only")

    @work(exclusive=True, group="phone")
    async def action_turn_off(self) -> None:
        await self.link.stop()
        self.phone_changed()


def phone_link(app: Any) -> PhoneLink:
    """The app's phone link, made when first needed."""
    link: PhoneLink | None = app.phone
    if link is None:
        link = app.phone = PhoneLink(app, sound_on_phone_only=app.config.phone_sound_only)
    return link
