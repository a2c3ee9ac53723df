"""Notifications drawn by the terminal itself (OSC 777 / OSC 9), for terminals known to show them.

The UI decides whether to write the string (and must write it whole, between frames).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Protocol = Literal["osc777", "osc9"]

# TERM_PROGRAM values (and TERM prefixes) of terminals that turn these into desktop popups.
_BY_PROGRAM: dict[str, Protocol] = {
    "iTerm.app": "osc9",
    "WezTerm": "osc777",
    "ghostty": "osc777",
}
_BY_TERM: dict[str, Protocol] = {
    "foot": "osc777",
    "rxvt-unicode": "osc777",
    "xterm-kitty": "osc9",
    "xterm-ghostty": "osc777",
}


def terminal_protocol(env: Mapping[str, str] | None = None) -> Protocol | None:
    """Which notification escape this terminal understands, guessed from its environment.

    None when unknown, and inside tmux or screen, which swallow these escapes.
    """
    env = os.environ if env is None else env
    if env.get("TMUX") or env.get("STY"):
        return None
    program = env.get("TERM_PROGRAM", "")
    if program in _BY_PROGRAM:
        return _BY_PROGRAM[program]
    term = env.get("TERM", "")
    for prefix, protocol in _BY_TERM.items():
        if term.startswith(prefix):
            return protocol
    if env.get("KITTY_WINDOW_ID"):
        return "osc9"
    return None


def _clean(text: str, *, semicolons: bool = True) -> str:
    # A stray ESC or BEL would end the escape early and spill the rest onto the screen.
    kept = "".join(ch if ch.isprintable() else " " for ch in text)
    return kept if semicolons else kept.replace(";", ",")


def osc777(title: str, body: str) -> str:
    """``ESC ] 777 ; notify ; TITLE ; BODY BEL`` (urxvt, foot, WezTerm, Ghostty)."""
    return f"\x1b]777;notify;{_clean(title, semicolons=False)};{_clean(body)}\x07"


def osc9(title: str, body: str) -> str:
    """``ESC ] 9 ; TEXT BEL`` (iTerm2, kitty): one line, so the title leads the body."""
    # No semicolons: other terminals read "9;4;..." as a progress report, not a message.
    return f"\x1b]9;{_clean(f'{title}: {body}' if body else title, semicolons=False)}\x07"


def terminal_notification(
    title: str, body: str, env: Mapping[str, str] | None = None
) -> str | None:
    """The escape string that makes this terminal pop up a notification, or None if unsupported."""
    protocol = terminal_protocol(env)
    if protocol == "osc777":
        return osc777(title, body)
    if protocol == "osc9":
        return osc9(title, body)
    return None
