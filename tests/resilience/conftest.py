"""Fixtures for the resilience tests: a real terminal (tmux) per test, always torn down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import need_commands
from tests.resilience.terminal import Terminal


@pytest.fixture
def terminal(data_dir: Path) -> Iterator[Callable[..., Terminal]]:
    """Make tmux terminals (each on its own server); every server is killed afterwards."""
    need_commands("tmux")
    made: list[Terminal] = []

    def make(width: int = 100, height: int = 30) -> Terminal:
        term = Terminal(data_dir, width=width, height=height)
        made.append(term)
        return term

    try:
        yield make
    finally:
        for term in made:
            term.close()


@pytest.fixture
def term(terminal: Callable[..., Terminal]) -> Terminal:
    """One 100×30 terminal."""
    return terminal()
