"""Terminal-drawn notifications: the right escape for terminals that show them, none otherwise."""

from __future__ import annotations

import pytest

from stride_tui.alerts.terminal import osc9, osc777, terminal_notification, terminal_protocol


def test_osc_777_carries_title_and_body() -> None:
    assert osc777("Halfway", "Keep it steady") == "\x1b]777;notify;Halfway;Keep it steady\x07"


def test_osc_9_carries_one_line() -> None:
    assert osc9("Halfway", "Keep it steady") == "\x1b]9;Halfway: Keep it steady\x07"


def test_control_characters_cannot_end_the_escape_early() -> None:
    text = osc777("Pain; check", "rate it\x07\x1b[2J now")
    assert text.count("\x07") == 1 and text.count("\x1b") == 1
    assert text.startswith("\x1b]777;notify;Pain, check;")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM_PROGRAM": "WezTerm"}, "osc777"),
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9"),
        ({"TERM": "foot"}, "osc777"),
        ({"TERM": "xterm-kitty"}, "osc9"),
        ({"TERM": "xterm-256color"}, None),
        ({"TERM_PROGRAM": "WezTerm", "TMUX": "/tmp/tmux-0/default,1,0"}, None),
        ({}, None),
    ],
)
def test_the_terminal_is_recognised_from_its_environment(
    env: dict[str, str], expected: str | None
) -> None:
    assert terminal_protocol(env) == expected


def test_an_unknown_terminal_gets_no_escape() -> None:
    assert terminal_notification("Halfway", "", {"TERM": "linux"}) is None
    assert terminal_notification("Halfway", "", {"TERM": "foot"}) == osc777("Halfway", "")
