"""The quick commands import only what they use: no ``dataclasses`` (which brings ``inspect``,
``ast``, ``dis`` and ``tokenize``, ~10 ms of every command), no Textual, and no TinyDB in a
command that only reads (~4 ms): a command that saves (``log``) loads it to save."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from stride_tui.core.records import Profile
from tests.cli.helpers import seed, walk

TODAY = date(2026, 3, 20)
NOT_ON_THE_COMMAND_PATH = ("dataclasses", "inspect", "textual")

# The command runs as `stride` runs it (its output on stdout); then the modules it loaded are
# written to stderr as JSON.
PROBE = (
    "import json, sys\n"
    "from stride_tui.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stdout.flush()\n"
    "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    "raise SystemExit(code)\n"
)


@pytest.mark.parametrize(("command", "saves"), [
    (["plan", "--json"], False),
    (["progress", "--json"], False),
    (["history", "--json", "--limit", "2"], False),
    (["export", "--format", "csv"], False),
    (["log", "--minutes", "20", "--pain-before", "2", "--pain-after", "2"], True),
])
def test_a_quick_command_imports_no_dataclasses_and_no_textual(
    command: list[str], saves: bool, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(data_dir, Profile(start_date=TODAY - timedelta(days=14)),
         [walk(TODAY - timedelta(days=n), 15, 2, 2) for n in range(1, 8)])
    monkeypatch.setenv("STRIDE_TODAY", TODAY.isoformat())
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), *command],
        capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout  # the command did its work
    loaded = set(json.loads(done.stderr))
    assert "stride_tui.core.records" in loaded
    assert [m for m in NOT_ON_THE_COMMAND_PATH if m in loaded] == []
    assert ("tinydb" in loaded) is saves
    if saves:  # and it saved, through TinyDB
        listed = subprocess.run(
            [sys.executable, "-m", "stride_tui", "--data-dir", str(data_dir), "history",
             "--json"], capture_output=True, text=True, timeout=60, check=True,
        )
        assert len(json.loads(listed.stdout)) == 8
