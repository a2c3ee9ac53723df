"""Time the store with ten years of daily walks: ``python -m tests.store.perf_report``.

The same ten-year store backs tests/store/test_performance.py, which holds the budgets.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
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
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:8.2f} ms, best {min(times) * 1000:8.2f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data_dir = root / "data"
        build_ten_years(data_dir, root)
        size = (data_dir / "stride.json").stat().st_size
        print(f"{TEN_YEARS} sessions, data file {size / 1e6:.1f} MB")

        print("open               ", ms(timed(lambda: Store.open(data_dir).close(), 5)))
        with Store.open(data_dir) as store:
            week = (FIRST_DAY + timedelta(days=3000), FIRST_DAY + timedelta(days=3006))
            print("sessions()         ", ms(timed(store.sessions, 5)))
            print("sessions_between 7d", ms(timed(lambda: store.sessions_between(*week), 20)))
            print("sessions_page 50   ", ms(timed(lambda: store.sessions_page(1800, 50), 20)))
            print("get_session        ", ms(timed(lambda: store.get_session("nope"), 20)))
            n = iter(range(TEN_YEARS, TEN_YEARS + 100))
            print(
                "add_session (new)  ", ms(timed(lambda: store.add_session(daily_walk(next(n))), 5))
            )
            walk = daily_walk(TEN_YEARS + 200)
            store.add_session(walk)
            print("add_session (same) ", ms(timed(lambda: store.add_session(walk), 5)))
            ticks = iter(range(10_000))
            print(
                "write_checkpoint   ",
                ms(
                    timed(
                        lambda: store.write_checkpoint(replace(walk, walked_seconds=next(ticks))),
                        500,
                    )
                ),
            )
            print("read_checkpoint    ", ms(timed(store.read_checkpoint, 20)))


if __name__ == "__main__":
    main()
