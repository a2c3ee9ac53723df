"""A checkpoint Stride cannot read, whatever it holds, is kept aside (0600) when the app opens,
Home says so, and Stride carries on (issue #16)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.resilience.doors import GOOD_SESSION, deep_nesting, huge_integer
from tests.resilience.terminal import QUIET, Terminal, make_profile, wait_until


def _checkpoint(**changes: object) -> bytes:
    session = {**GOOD_SESSION, "status": "in-progress", "ended_at": None, **changes}
    return json.dumps(
        {"format": "stride-checkpoint", "schema_version": 1, "session": session}
    ).encode()


DAMAGED = {
    "walked 1e300": _checkpoint(walked_seconds=1e300),
    "naive start": _checkpoint(started_at="2026-03-02T08:00:00"),
    "deep nesting": deep_nesting(),
    "5,000-digit integer": huge_integer(),
}


@pytest.mark.parametrize("raw", list(DAMAGED.values()), ids=list(DAMAGED))
def test_a_damaged_checkpoint_is_kept_aside_and_home_carries_on(
    term: Terminal, data_dir: Path, raw: bytes
) -> None:
    make_profile(data_dir)
    damaged = data_dir / "checkpoint.json"
    damaged.write_bytes(raw)
    damaged.chmod(0o644)
    term.start(*QUIET)
    screen = term.wait_for("could not be recovered", timeout=20)
    assert "Unfinished walk" not in screen  # nothing offered back to keep (and crash on K)
    kept = wait_until(lambda: list(data_dir.glob("checkpoint.json.corrupt-*")), 5, "kept file")
    assert kept[0].read_bytes() == raw
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert not damaged.exists()
    term.keys("q")
    assert term.wait_exit() == 0
