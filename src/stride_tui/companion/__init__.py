"""The phone companion: a small web page, served from inside the running app, that shows the
walk in large type, plays Stride's cue sounds on the phone and takes a tap.

It sits beside ``ui/``: it reads the core's events and state, and acts on a running session only
through the session driver's typed methods (``CompanionSession`` names the ones it uses).
Everything runs on the app's own event loop; nothing here imports Textual.
"""

from __future__ import annotations

from stride_tui.companion.server import MAX_PAGES, Companion, CompanionError
from stride_tui.companion.state import CompanionSession, Sayer

__all__ = ["MAX_PAGES", "Companion", "CompanionError", "CompanionSession", "Sayer"]
