"""Helpers for the door tests: a seeded data folder, its bytes, and documents that break it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path
from typing import Any

from tests.resilience.terminal import STRIDE

TODAY = "2026-03-04"
GOOD_SESSION: dict[str, Any] = {
    "id": "0f4e8a2c9b7d4e1fa3c5b6d7e8f90123",
    "day": "2026-03-02",
    "started_at": "2026-03-02T08:00:00+01:00",
    "ended_at": "2026-03-02T08:40:00+01:00",
    "status": "completed",
    "target_minutes": 20,
    "week": 2,
    "surface": "outdoor",
    "walked_seconds": 1200.0,
    "pain_before": 3,
    "pain_after": 2,
    "pain_checks": [{"at": 600.0, "score": 3, "outcome": "continue"}],
    "cues": [{"kind": "posture", "due": 120.0, "fired": 120.5}],
    "warm_up": [{"move": "march", "status": "done", "seconds": 30.0}],
    "strength": [],
    "cool_down": [],
    "red_flags": [],
    "note": "",
}
GOOD_PROFILE: dict[str, Any] = {
    "start_date": "2026-02-23",
    "surface": "outdoor",
    "conditions": [],
    "surgery_date": None,
    "sound": "off",
    "notifications": False,
    "evaluation_advised_on": None,
    "escalation_asked_on": None,
}


def run(data_dir: Path, *args: str, stdin: Any = subprocess.DEVNULL,
        env: dict[str, str] | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """``stride --data-dir DIR ARGS`` in a child process, today pinned to ``TODAY``."""
    full = {**os.environ, "STRIDE_TODAY": TODAY, **(env or {})}
    full.pop("STRIDE_DATA_DIR", None)
    return subprocess.run(
        [*STRIDE, "--data-dir", str(data_dir), *args], capture_output=True, text=True,
        stdin=stdin, env=full, timeout=timeout, check=False,
    )


def export_doc(*sessions: Any, profile: Any = None) -> dict[str, Any]:
    return {"format": "stride-export", "schema_version": 1,
            "exported_at": "2026-03-04T09:00:00+01:00", "profile": profile,
            "sessions": list(sessions)}


def with_session(**changes: Any) -> dict[str, Any]:
    return {**GOOD_SESSION, **changes}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (bytes and mode), to compare before and after a refusal.
    The lock file's contents say who held it last, so only its presence counts."""
    found: dict[str, tuple[bytes, int]] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = b"" if path.name == "stride.lock" else path.read_bytes()
            found[str(path.relative_to(folder))] = (data, stat.S_IMODE(path.stat().st_mode))
    return found


def seeded(data_dir: Path) -> dict[str, tuple[bytes, int]]:
    """A data folder with a profile and one logged walk; its snapshot."""
    done = run(data_dir, "profile", "--start-date", "2026-02-23")
    assert done.returncode == 0, done.stderr
    done = run(data_dir, "log", "--minutes", "15", "--pain-before", "3", "--pain-after", "2")
    assert done.returncode == 0, done.stderr
    return snapshot(data_dir)


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc))
    return path


def deep_nesting(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def huge_integer(digits: int = 5_000) -> bytes:
    return b'{"meta": {"1": {"schema_version": ' + b"9" * digits + b"}}}"


def huge_key(digits: int = 5_000) -> bytes:
    doc = json.dumps({"meta": {"1": {"schema_version": 1}}, "profile": {},
                      "sessions": {"9" * digits: GOOD_SESSION}})
    return doc.encode()


def database(*sessions: dict[str, Any], profile: dict[str, Any] | None = None) -> bytes:
    """A stride.json in today's layout holding ``sessions``."""
    return json.dumps({
        "meta": {"1": {"schema_version": 1}},
        "profile": {"1": profile} if profile else {},
        "sessions": {str(n + 1): s for n, s in enumerate(sessions)},
    }).encode()
