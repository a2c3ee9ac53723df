"""Key bars drawn again only when a key is enabled or disabled.

A screen whose keys follow its state (Home's Start or Keep, the progress screen's earlier and
later weeks, history's Delete) says ``keys_changed()`` after each change; the screen's bindings
are refreshed, and its key bar (``widgets.keybar``) drawn again, only when one of its
``CHECKED`` actions is answered differently.
"""

from __future__ import annotations

from typing import ClassVar

from textual.screen import Screen

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
        self.refresh_bindings()
