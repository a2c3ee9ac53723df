"""Running the installed ``stride`` command, and seeding a data folder through the Store API."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stride_tui.core.records import (
    Profile,
    SessionRecord,
    SessionStatus,
    StepRecord,
    StepStatus,
    Surface,
)
from stride_tui.store import Store
from tests.records import session_record

#: The console script installed in the venv running the tests.
STRIDE = Path(sys.executable).parent / "stride"


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def err_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run(*args: str, today: str | None = None, data_dir: Path | None = None) -> Result:
    """Run ``stride ARGS`` in a child process (it inherits the test's STRIDE_DATA_DIR)."""
    env = dict(os.environ)
    env.pop("STRIDE_TODAY", None)
    if today is not None:
        env["STRIDE_TODAY"] = today
    if data_dir is not None:
        env["STRIDE_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [str(STRIDE), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def walk(
    day: date,
    minutes: float,
    before: int | None = None,
    after: int | None = None,
    *,
    hour: int = 9,
    week: int = 1,
    status: SessionStatus = SessionStatus.COMPLETED,
    strength: bool = False,
    sid: str | None = None,
) -> SessionRecord:
    """A finished walk of ``minutes`` on ``day``, started at ``hour`` o'clock (UTC)."""
    return session_record(
        day, minutes, before=before, after=after, status=status, week=week, hour=hour,
        session_id=sid or f"{day.isoformat()}-{hour:02d}", target_minutes=int(minutes),
        surface=Surface.TREADMILL,
        strength=[StepRecord("glute-bridges", StepStatus.DONE, 90.0)] if strength else [],
    )


def seed(
    data_dir: Path, profile: Profile | None, sessions: Iterable[SessionRecord] = ()
) -> bytes:
    """Store a profile and sessions; return the data file's bytes."""
    with Store.open(data_dir) as store:
        if profile is not None:
            store.save_profile(profile)
        for s in sessions:
            store.add_session(s)
    return (data_dir / "stride.json").read_bytes()


def listing(directory: Path) -> dict[str, bytes]:
    """Every file in ``directory`` with its bytes (to prove nothing was written)."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def assert_usage_error(result: Result, *fragments: str) -> str:
    """Exit status 2, nothing on stdout, exactly one line on stderr that starts ``stride:`` and
    holds every fragment; return that line."""
    assert result.returncode == 2, result
    assert result.stdout == "", result
    lines = result.err_lines
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("stride: "), line
    assert "Traceback" not in line
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    return line

