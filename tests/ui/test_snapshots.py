"""Snapshot tests of every session screen, clocks frozen (update: --snapshot-update)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.ui.shots import SHOTS, Shot, build


@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_screen_snapshot(shot: Shot, snap_compare: Any, _private_data_dir: Path) -> None:
    app = build(shot, _private_data_dir)

    async def run_before(pilot: Any) -> None:
        await shot.drive(pilot, app)

    assert snap_compare(app, terminal_size=shot.size, run_before=run_before)
