"""Time the store with ten years of daily walks: ``python -m tests.store.perf_report``.

The same ten-year store backs tests/store/test_scaling.py (what each query reads); the
budgets themselves are measured side by side in benchmarks/ (``python -m benchmarks``).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from stride_tui.store import Store
from tests.store.factories import FIRST_DAY, daily_walk

TEN_YEARS = 3650


def build_ten_years(data_dir: Path, scratch: Path) -> None:
    """Fill ``data_dir`` with 3,650 daily walks of realistic size (15 cues each)."""
    export = scratch / "ten-years.json"
    export.write_text(
        json.dumps(
            {
                "format": "stride-export",
                "schema_version": 1,
                "exported_at": "2026-03-07T00:00:00",
                "profile": None,
                "sessions": [daily_walk(n).to_dict() for n in range(TEN_YEARS)],
            }
        )
    )
    with Store.open(data_dir) as store:
        store.import_file(export)


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Seconds each of ``repeat`` runs took."""
    return [wall for wall, _ in timed_both(action, repeat)]


def timed_both(action: Callable[[], object], repeat: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds) of each run: CPU time is what the store itself costs, even
    when other processes are competing for the machine."""
    times = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def report(label: str, action: Callable[[], object], repeat: int) -> None:
    times = timed_both(action, repeat)
    wall = statistics.median(t for t, _ in times) * 1000
    best = min(t for t, _ in times) * 1000
    cpu = statistics.median(c for _, c in times) * 1000
    print(f"{label:<20} wall median {wall:8.2f} ms, best {best:8.2f} ms; CPU median {cpu:8.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        build_ten_years(data_dir, root)
        index = sum(p.stat().st_size for p in (data_dir / "index").iterdir())
        every = sum(p.stat().st_size for p in data_dir.rglob("*.json"))
        print(f"{TEN_YEARS} sessions: index {index / 1e6:.1f} MB of {every / 1e6:.1f} MB in all")

        report("open", lambda: Store.open(data_dir).close(), 5)
        with Store.open(data_dir) as store:
            report("digests()", store.digests, 20)
            week = (FIRST_DAY + timedelta(days=3000), FIRST_DAY + timedelta(days=3006))
            report("sessions()", store.sessions, 5)
            report("sessions_between 7d", lambda: store.sessions_between(*week), 20)
            report("sessions_page 50", lambda: store.sessions_page(1800, 50), 20)
            report("recent_sessions 7", lambda: store.recent_sessions(7), 20)
            days = iter(range(TEN_YEARS, TEN_YEARS + 100))
            report("add_session (new)", lambda: store.add_session(daily_walk(next(days))), 5)
            walk = daily_walk(TEN_YEARS + 200)
            store.add_session(walk)
            report("add_session (same)", lambda: store.add_session(walk), 5)
            ticks = iter(range(10_000))
            report(
                "write_checkpoint",
                lambda: store.write_checkpoint(walk._replace(walked_seconds=next(ticks))),
                500,
            )
            report("read_checkpoint", store.read_checkpoint, 20)


if __name__ == "__main__":
    main()
