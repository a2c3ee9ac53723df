"""The store with years of daily walks: checkpoint writes and Home's sums over the index.

    python -m benchmarks.store_bench data=DIR today=YYYY-MM-DD out=REPORT.json [checkpoints=200]

Runs in its own process on a private copy of the data folder. The checkpoint has a floor beside
it: the same bytes written with plain ``open``/``write``/``rename``, so the report shows what
Stride's own layer costs. All times in seconds; the runner turns them into milliseconds.
(The end-of-walk save is measured cold, in a fresh process: ``children.py cold-save``.)
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        out.append(time.perf_counter() - t0)
    return out


def plain_write(path: Path, payload: bytes) -> None:
    """The floor: write beside, rename."""
    tmp = path.with_name(f".{path.name}.floor")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def run(data_dir: Path, today: date, *, checkpoints: int) -> dict[str, Any]:
    from benchmarks.data import walk_in_progress
    from stride_tui.core.programme import today_for
    from stride_tui.core.records import SCHEMA_VERSION
    from stride_tui.store import Store

    report: dict[str, Any] = {}
    t0 = time.perf_counter()
    store = Store.open(data_dir)
    report["open"] = time.perf_counter() - t0
    try:
        report["sessions"] = store.session_count()
        # Alternating with its floor, so that a file system that gets busier or quieter
        # during the run weighs on both alike.
        walk = walk_in_progress(today)
        doc = {"format": "stride-checkpoint", "schema_version": SCHEMA_VERSION,
               "session": walk.to_dict()}
        floor_path = data_dir / "floor-checkpoint.json"
        report["checkpoint"], report["checkpoint_floor"] = [], []
        for _ in range(checkpoints):
            report["checkpoint"] += timed(lambda: store.write_checkpoint(walk), 1)
            report["checkpoint_floor"] += timed(
                lambda: plain_write(floor_path, json.dumps(doc, separators=(",", ":")).encode()),
                1)
        report["checkpoint_bytes"] = store.checkpoint_path.stat().st_size
        floor_path.unlink()
        store.clear_checkpoint()

        profile = store.load_profile()
        assert profile is not None
        report["digests"] = timed(store.digests, 5)
        digests = store.digests()
        report["today_for"] = timed(lambda: today_for(profile, digests, today), 5)
    finally:
        store.close()
    return report


def main() -> None:
    opts = dict(a.split("=", 1) for a in sys.argv[1:])
    report = run(Path(opts["data"]), date.fromisoformat(opts["today"]),
                 checkpoints=int(opts.get("checkpoints", "200")))
    Path(opts["out"]).write_text(json.dumps(report))


if __name__ == "__main__":
    main()
