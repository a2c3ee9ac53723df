"""Announce a walk's cues with whatever this machine offers, then print a JSON report.

Run by the tests with no sound device and no session bus: the report must be the only thing
this process writes, on stdout or stderr.

    python -m tests.alerts.announce_child [--unchecked]   # --unchecked: try to send anyway
"""

from __future__ import annotations

import dataclasses
import json
import sys
import threading

from stride_tui.alerts import Alerts, AlertSettings, Notifier
from tests.alerts.alerts_harness import UncheckedNotifier

CUES = ["walk-start", "shoulders", "tick", "halfway", "red-flag", "walk-end"]


def main() -> None:
    rings: list[str] = []  # the thread each bell rang on
    notifier: Notifier | None = UncheckedNotifier() if "--unchecked" in sys.argv else None
    alerts = Alerts(AlertSettings(), bell=lambda: rings.append(threading.current_thread().name),
                    notifier=notifier)
    idle = True
    for kind in CUES:
        alerts.announce(kind, kind.title(), f"The {kind} cue")
        idle = alerts.wait_idle(20) and idle  # cues are minutes apart in a real walk
    report = {
        "cues": len(CUES),
        "caller": threading.current_thread().name,
        "bell_threads": sorted(set(rings)),
        "idle": idle,
        "rings": len(rings),
        "status": [dataclasses.asdict(row) for row in alerts.status()],
    }
    alerts.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
