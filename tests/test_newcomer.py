"""A newcomer's first run, as the README tells it, on a fresh virtual environment.

A copy of this checkout (without its .venv) gets exactly the README's first command; then the
installed ``stride`` answers ``--help`` and runs a whole first session in a real terminal
(tmux): the first-run profile, Home, check-in, warm-up, the walk, pain after, strength moves
if today has them, the summary, and the walk in ``stride history --json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import need, need_commands
from tests.resilience.terminal import (
    Terminal,
    check_in,
    clocks,
    finish_after_walk,
)

REPO = Path(__file__).resolve().parents[1]
# Not part of a checkout a newcomer would have: environments, caches, build output.
LEFT_BEHIND = shutil.ignore_patterns(
    ".venv", ".venv-*", "venv", ".git", "__pycache__", "*.egg-info", "build", "dist",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "snapshot_report.html",
)
TIME_SCALE = "60"  # today's 10-minute walk takes 10 s


def readme_install_command() -> tuple[str, str]:
    """The README's first command, split into the install part and the part that runs Stride."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)\n```", text, re.DOTALL)
    assert block, "README.md has no ```sh block"
    first = block[1].strip().splitlines()[0]
    *install, run = [part.strip() for part in first.split("&&")]
    assert install and run.endswith("stride"), first
    return " && ".join(install), run


def test_a_newcomer_installs_stride_from_the_readme_and_walks_a_first_session(
    tmp_path: Path,
) -> None:
    need_commands("tmux", "python3")
    install, run = readme_install_command()
    checkout = tmp_path / "stride"
    shutil.copytree(REPO, checkout, ignore=LEFT_BEHIND)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("STRIDE_DATA_DIR", "XDG_DATA_HOME", "VIRTUAL_ENV", "PYTHONPATH")}
    env["HOME"] = str(home)  # a newcomer's data goes to their own user data folder

    done = subprocess.run(["bash", "-c", install], cwd=checkout, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    if done.returncode != 0 and re.search(r"(?i)connection|network|resolve|proxy", done.stderr):
        need(False, f"the package index is out of reach: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    stride = checkout / run  # e.g. .venv/bin/stride
    assert stride.exists(), run

    helped = subprocess.run([str(stride), "--help"], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage: stride"), helped.stdout
    for command in ("walk", "history", "plan", "progress", "export", "import", "doctor"):
        assert command in helped.stdout

    data = home / ".local" / "share" / "stride"
    term = Terminal(data)
    try:
        term.run([str(stride), "--time-scale", TIME_SCALE],
                 env={"HOME": str(home)}, unset=("STRIDE_DATA_DIR", "XDG_DATA_HOME"))
        term.wait_for("Welcome to Stride", timeout=30)
        term.keys("C-s")  # the suggested profile: starting today, on a treadmill
        term.wait_for("Press Enter to check in and start", timeout=10)
        term.keys("Enter")
        check_in(term)
        # The warm-up runs by itself (2 minutes, 2 s here), then the walk.
        term.wait_for(lambda s: "to go" in s and clocks(s), timeout=20)
        finish_after_walk(term, timeout=60)  # pain after, strength if today has it, summary, Home
        assert term.status() == (False, None)
        term.keys("q")
        assert term.wait_exit(timeout=10) == 0
    finally:
        term.close()

    shown = subprocess.run([str(stride), "history", "--json"], env=env, capture_output=True,
                           text=True, timeout=60, check=False)
    assert shown.returncode == 0, shown.stderr
    (walk,) = json.loads(shown.stdout)
    assert walk["status"] == "completed"
    assert walk["walked_seconds"] == walk["target_minutes"] * 60
    assert walk["pain_before"] == 2 and walk["pain_after"] == 1
    assert [s["status"] for s in walk["warm_up"]] == ["done"] * len(walk["warm_up"])
    assert (data / "stride.json").exists()  # in the user data folder the README names
    assert oct((data / "stride.json").stat().st_mode & 0o777) == "0o600"
