"""Profile and settings: start date, surface, conditions, surgery date, sound, notifications,
the treadmill and its units.

On first run this is the short set-up before Home. Every field is checked, with a message that
says what is allowed, before anything is saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
)

from stride_tui.core.plan import CONDITION_CHANGES
from stride_tui.core.programme import check_profile, record_evaluation
from stride_tui.core.records import (
    BLUETOOTH_ADDRESS,
    Condition,
    Profile,
    SoundMode,
    Surface,
    Units,
)
from stride_tui.ui.widgets.keybar import KeyBar

_CONDITION_LABELS = {
    Condition.SPINAL_STENOSIS: "Spinal stenosis",
    Condition.DISC_HERNIATION: "Recent disc herniation",
    Condition.SPONDYLOLISTHESIS: "Unstable spondylolisthesis",
    Condition.MICRODISCECTOMY: "After microdiscectomy",
}
_UNIT_LABELS = {Units.METRIC: "km/h, km", Units.IMPERIAL: "mph, miles"}
_SOUND_LABELS = {
    SoundMode.VOICE_AND_CHIME: "Voice and chime",
    SoundMode.CHIME_ONLY: "Chime only",
    SoundMode.OFF: "Off",
}


class MarkedCheckbox(Checkbox):
    """A checkbox whose state reads without colour: ▐X▌ when ticked, ▐ ▌ when not."""

    def render(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super().render()


class MarkedRadioButton(RadioButton):
    """A radio button whose state reads without colour: ● chosen, ○ not."""

    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else "○"
        return super().render()


def parse_profile_date(text: str, what: str, *, required: bool) -> date | None:
    """A date typed into the profile form; ValueError says what is allowed."""
    text = text.strip()
    if not text:
        if required:
            raise ValueError(f"{what} is needed (a date like 2026-03-02)")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{what} must be a real date like 2026-03-02, not {text!r}") from exc


# Below this many columns each label goes above its field, and choices one under another: side
# by side, the cue sounds alone need 70 columns.
NARROW_BELOW = 70


class ProfileScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="profile-save",
                tooltip="Check and save the profile"),
        Binding("escape", "cancel", "Back", id="profile-back",
                tooltip="Back without saving"),
        # On the first run there is nothing to go back to: Esc says so, and Quit is shown.
        Binding("escape", "must_save", "Save first", show=False, id="profile-must-save"),
        # A priority binding, as the app's own Ctrl+Q is: else the key bar shows the app's
        # (hidden) one in its place. Either quits the same way.
        Binding("ctrl+q", "quit", "Quit", id="profile-quit", priority=True,
                tooltip="Quit Stride (the profile is not saved)"),
    ]

    def __init__(self, *, first_run: bool, notices: list[str] | None = None) -> None:
        super().__init__()
        self.first_run = first_run
        self.notices = notices or []

    def compose(self) -> ComposeResult:
        app: Any = self.app
        profile: Profile = app.profile or Profile(start_date=app.today)
        yield Header()
        # Compact rows, so the whole form fits 80×24; Save sits below the form, always in view.
        with VerticalScroll(id="profile-body"):
            for notice in self.notices:
                yield Static(f"[b]Note:[/b] {notice}", classes="profile-notice")
            if self.first_run:
                yield Static(
                    "[b]Welcome to Stride.[/b] A few questions set up your walking plan. "
                    "You can change them later (O on Home).", id="profile-welcome")
            with Horizontal(classes="profile-row"):
                yield Label("Programme start date", classes="profile-label")
                yield Input(profile.start_date.isoformat(), id="start-date", compact=True,
                            placeholder="YYYY-MM-DD")
            with Horizontal(classes="profile-row"):
                yield Label("Where you walk", classes="profile-label")
                with RadioSet(id="surface", compact=True):
                    for surface in Surface:
                        yield MarkedRadioButton(surface.value.capitalize(), compact=True,
                                                value=surface is profile.surface,
                                                name=surface.value)
            yield Label("Conditions that change the walk (leave blank if none apply)",
                        classes="profile-heading")
            with Grid(id="conditions"):
                for condition in Condition:
                    yield MarkedCheckbox(_CONDITION_LABELS[condition], compact=True,
                                         value=condition in profile.conditions,
                                         name=condition.value,
                                         tooltip=CONDITION_CHANGES[condition])
            with Horizontal(classes="profile-row"):
                yield Label("Surgery date", classes="profile-label")
                yield Input(profile.surgery_date.isoformat() if profile.surgery_date else "",
                            placeholder="YYYY-MM-DD, only after microdiscectomy",
                            id="surgery-date", compact=True)
            with Horizontal(classes="profile-row"):
                yield Label("Cue sound", classes="profile-label")
                with RadioSet(id="sound", compact=True):
                    for mode in SoundMode:
                        yield MarkedRadioButton(_SOUND_LABELS[mode], compact=True,
                                                value=mode is profile.sound, name=mode.value)
            with Horizontal(classes="profile-row"):
                yield Label("Notifications", classes="profile-label")
                yield MarkedCheckbox("Desktop notifications", value=profile.notifications,
                                     id="notifications", compact=True)
            # The treadmill and its units share a row, so the form still fits 80×24.
            with Horizontal(classes="profile-row"):
                yield Label("Treadmill (Bluetooth)", classes="profile-label")
                yield Input(profile.treadmill or "", compact=True, id="treadmill",
                            placeholder="address, or none", classes="treadmill-address")
                with RadioSet(id="units", compact=True):
                    for units in Units:
                        yield MarkedRadioButton(_UNIT_LABELS[units], compact=True,
                                                value=units is profile.units, name=units.value)
            if profile.evaluation_advised_on is not None:
                yield MarkedCheckbox(
                    "I have been checked by a therapist or doctor and may walk again",
                    id="evaluated", compact=True)
        with Horizontal(id="profile-actions"):
            yield Button("Save", variant="primary", id="save", compact=True)
            yield Static("", id="profile-message")
        yield KeyBar()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()

    def _build(self) -> Profile:
        app: Any = self.app
        current: Profile | None = app.profile
        start = parse_profile_date(self.query_one("#start-date", Input).value,
                                   "Start date", required=True)
        assert start is not None
        surgery = parse_profile_date(self.query_one("#surgery-date", Input).value,
                                     "Surgery date", required=False)
        conditions = [Condition(c.name) for c in self.query(Checkbox)
                      if c.name in {x.value for x in Condition} and c.value]
        if Condition.MICRODISCECTOMY in conditions and surgery is None:
            raise ValueError("After microdiscectomy, add the surgery date (YYYY-MM-DD)")
        if surgery is not None and surgery > app.today:
            raise ValueError("Surgery date cannot be in the future")
        surface_button = self.query_one("#surface", RadioSet).pressed_button
        sound_button = self.query_one("#sound", RadioSet).pressed_button
        treadmill = self.query_one("#treadmill", Input).value.strip().upper() or None
        if treadmill is not None and BLUETOOTH_ADDRESS.fullmatch(treadmill) is None:
            raise ValueError("Treadmill: a Bluetooth address like F7:00:00:00:18:26, or blank")
        units_button = self.query_one("#units", RadioSet).pressed_button
        evaluated = self.query("#evaluated")
        base = current or Profile(start_date=start)
        if evaluated and evaluated.first(Checkbox).value:
            # The same rule as `stride profile --evaluated`: lifts the pause, keeps when.
            base = record_evaluation(base, app.today, app.today)
        profile = base._replace(
            start_date=start,
            surface=Surface(surface_button.name or Surface.TREADMILL.value)
            if surface_button else Surface.TREADMILL,
            conditions=conditions,
            surgery_date=surgery,
            sound=SoundMode(sound_button.name or SoundMode.VOICE_AND_CHIME.value)
            if sound_button else SoundMode.VOICE_AND_CHIME,
            notifications=self.query_one("#notifications", Checkbox).value,
            treadmill=treadmill,
            units=Units(units_button.name or Units.METRIC.value)
            if units_button else Units.METRIC,
        )
        check_profile(profile, app.today)  # a ProfileError is a ValueError: shown below
        return profile

    def action_save(self) -> None:
        message = self.query_one("#profile-message", Static)
        try:
            profile = self._build()
        except ValueError as exc:
            message.update(f"[b]{exc}[/b]")
            return
        self._save(profile)

    @work(exclusive=True, group="profile-save")
    async def _save(self, profile: Profile) -> None:
        app: Any = self.app
        await app.store_call(lambda store: store.save_profile(profile))
        app.profile = profile
        app.units_chosen(profile.units)
        if app._alerts is not None:
            app._alerts.set_sound_mode(profile.sound)
        self.notify("Profile saved.", timeout=2)
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return not self.first_run
        if action in ("must_save", "quit"):
            return self.first_run  # else the app's own Ctrl+Q
        return True

    def action_cancel(self) -> None:
        self.app.pop_screen()

    def action_must_save(self) -> None:
        self.query_one("#profile-message", Static).update(
            "[b]Save the profile to start[/b] (Ctrl+S), or Ctrl+Q to quit."
        )

    async def action_quit(self) -> None:
        app: Any = self.app
        await app.action_quit()
