"""The store with ten years of daily walks: checkpoint, end-of-walk save, weekly summary.

    python -m benchmarks.store_bench data=DIR today=YYYY-MM-DD out=REPORT.json [checkpoints=200]
        [saves=20] [summaries=20]

Runs in its own process on a private copy of the data folder (it adds sessions). Each figure
has a floor beside it: the same bytes written with plain ``open``/``write``/``rename`` (and
``fsync`` where Stride's write is durable), so the report shows what Stride's own layer costs.
All times in seconds; the runner turns them into milliseconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        out.append(time.perf_counter() - t0)
    return out


def plain_write(path: Path, payload: bytes, *, durable: bool) -> None:
    """The floor: write beside, (fsync,) rename (, fsync the folder)."""
    tmp = path.with_name(f".{path.name}.floor")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if durable:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def run(data_dir: Path, today: date, *, checkpoints: int, saves: int,
        summaries: int) -> dict[str, Any]:
    from benchmarks.data import daily_walk, walk_in_progress
    from stride_tui.core.records import SCHEMA_VERSION
    from stride_tui.core.summary import SessionsByDay, monday_of, week_summary, weekly_minutes
    from stride_tui.store import Store

    report: dict[str, Any] = {}
    t0 = time.perf_counter()
    store = Store.open(data_dir)
    report["open"] = time.perf_counter() - t0
    try:
        report["sessions"] = store.session_count()
        report["db_bytes"] = store.db_path.stat().st_size

        # --- checkpoint: the walk in progress, to its own small file --------------------------
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
                lambda: plain_write(floor_path, json.dumps(doc, separators=(",", ":")).encode(),
                                    durable=False), 1)
        report["checkpoint_bytes"] = store.checkpoint_path.stat().st_size
        floor_path.unlink()

        # --- the end-of-walk save: add the session, forget the checkpoint ---------------------
        save_times, floor_times = [], []
        for n in range(saves):
            record = daily_walk(today, 10_000 + n)  # a programme week the schema allows
            store.write_checkpoint(walk)  # there is one to clear, as after a real walk
            t0 = time.perf_counter()
            store.add_session(record)
            store.clear_checkpoint()
            save_times.append(time.perf_counter() - t0)
            # The floor: the same whole file, encoded and written durably, with no TinyDB.
            tables = json.loads(store.db_path.read_bytes())
            t0 = time.perf_counter()
            payload = json.dumps(tables, separators=(",", ":")).encode("utf-8")
            plain_write(data_dir / "floor-db.json", payload, durable=True)
            floor_times.append(time.perf_counter() - t0)
        (data_dir / "floor-db.json").unlink()
        report["save"] = save_times
        report["save_floor"] = floor_times
        report["sessions_after"] = store.session_count()

        # --- weekly summary ------------------------------------------------------------------
        profile = store.load_profile()
        monday = monday_of(today)
        sunday = monday + timedelta(days=6)
        loads, indexes, weeks, trends = [], [], [], []
        for _ in range(max(3, summaries // 4)):
            t0 = time.perf_counter()
            sessions = store.sessions_between(date(1970, 1, 1), sunday)
            t1 = time.perf_counter()
            index = SessionsByDay(sessions)
            t2 = time.perf_counter()
            week_summary(index, monday, profile, today)
            t3 = time.perf_counter()
            weekly_minutes(index, monday, 12)
            t4 = time.perf_counter()
            loads.append(t1 - t0)
            indexes.append(t2 - t1)
            weeks.append(t3 - t2)
            trends.append(t4 - t3)
        weeks += timed(lambda: week_summary(index, monday, profile, today), summaries)
        report.update(load_all=loads, index=indexes, week_summary=weeks, weekly_minutes=trends,
                      loaded_sessions=len(sessions))
        report["pipeline"] = [a + b + c + d for a, b, c, d in zip(loads, indexes, weeks, trends,
                                                                 strict=False)]

        def home() -> None:
            recent = store.sessions_between(today - timedelta(days=21), today)
            week_summary(SessionsByDay(recent), monday, profile, today)

        report["home_summary"] = timed(home, summaries)
    finally:
        store.close()
    return report


def main() -> None:
    opts = dict(a.split("=", 1) for a in sys.argv[1:])
    report = run(
        Path(opts["data"]),
        date.fromisoformat(opts["today"]),
        checkpoints=int(opts.get("checkpoints", "200")),
        saves=int(opts.get("saves", "20")),
        summaries=int(opts.get("summaries", "20")),
    )
    Path(opts["out"]).write_text(json.dumps(report))


if __name__ == "__main__":
    main()
