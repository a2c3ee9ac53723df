"""Footers that are built again only when a key is enabled or disabled.

Textual builds a screen's footer again, key by key, each time the screen's bindings are
refreshed: 12-20 ms of the UI thread and a layout of the whole screen. A screen whose keys
follow its state (Home's Start or Keep, the progress screen's earlier and later weeks, history's
Delete) says ``keys_changed()`` after each change instead; the footer is built again only when
one of its ``CHECKED`` actions changed, and only once it has drawn its keys (the first time it
draws them it asks for the state as it is then).
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen
from textual.widgets import Footer

KeyState = tuple[bool | None, ...]


class KeysFollowState(Screen[None]):
    """A screen whose ``check_action`` answers follow its state."""

    #: The (action, parameters) whose ``check_action`` answer may change.
    CHECKED: ClassVar[tuple[tuple[str, tuple[object, ...]], ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        self._key_state: KeyState = ()

    def keys_changed(self) -> None:
        """Refresh the footer's keys if one of ``CHECKED`` is answered differently now."""
        state = tuple(self.check_action(action, parameters)
                      for action, parameters in self.CHECKED)
        if state == self._key_state:
            return
        self._key_state = state
        if any(footer.children for footer in self.query(Footer)):
            self.refresh_bindings()
