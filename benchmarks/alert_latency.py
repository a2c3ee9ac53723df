"""Alert latency: from a cue falling due to its sound starting and its notification arriving.

A simulated walk of 20 cues, spaced so that none waits behind another (the queue is measured
separately by the tests: a cue never talks over the one before it, by design). Sound goes
through simpleaudio into ALSA's file sink (TESTING.md) in a child process with its own
XDG_CONFIG_HOME; notifications go through plyer and notify-send to a test notification server
on a private D-Bus session bus, which stamps each arrival with time.monotonic() (one clock for
every process on Linux).

"Sound started" is when simpleaudio has opened the device and queued the first samples; a real
device then adds its own output buffer (a few tens of ms), which no software path controls.

    .venv/bin/python benchmarks/alert_latency.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # for tests.alerts.alerts_harness, shared with the tests

CUES = 20
SPACING = 0.3  # seconds between cues: longer than one cue takes into the file sink
LEAD = 0.5  # the first cue falls due this long after the probes have finished
KINDS = ["shoulders", "stride", "hands", "talk-test", "halfway", "pain-check", "last-minute"]


def _child(report: Path) -> None:
    """The walk itself, run in a process whose ALSA default is the file sink."""
    from stride_tui.alerts import Alerts, AlertSettings, SimpleaudioBackend

    played: list[tuple[str, float]] = []
    alerts = Alerts(
        AlertSettings(),
        sound_backends=[SimpleaudioBackend()],
        on_played=lambda kind, clip, t: played.append((kind, t)),
    )
    alerts.status(wait=5)  # start-up probes are not part of a cue's latency
    start = time.monotonic() + LEAD
    cues: list[dict[str, Any]] = []
    for index in range(CUES):
        kind = KINDS[index % len(KINDS)]
        due = start + index * SPACING
        time.sleep(max(0.0, due - time.monotonic()))
        called = time.monotonic()
        alerts.announce(kind, f"Cue {index:02d}", f"{kind} cue")
        returned = time.monotonic()
        cues.append({"title": f"Cue {index:02d}", "kind": kind, "due": due, "called": called,
                     "returned": returned})  # fmt: skip
    alerts.wait_idle(10)
    status = [row.name for row in alerts.status(wait=0) if row.in_use]
    alerts.close()
    for cue in cues:
        # The cue's first clip: the first sound of its kind to start after it was announced.
        starts = [t for kind, t in played if kind == cue["kind"] and t >= cue["called"]]
        cue["sound"] = min(starts, default=None)
    report.write_text(json.dumps({"cues": cues, "in_use": status}))


def run() -> dict[str, float]:
    """Run the simulated walk; latencies in milliseconds (announce cost in microseconds)."""
    from tests.alerts.alerts_harness import (
        FILE_SINK_ASOUNDRC,
        alsa_config_home,
        notification_server,
        private_bus,
        read_notifications,
    )

    with tempfile.TemporaryDirectory(prefix="stride-bench-") as name:
        tmp = Path(name)
        record, report = tmp / "notifications.jsonl", tmp / "report.json"
        with private_bus(tmp) as address, notification_server(address, record):
            env = {
                **os.environ,
                "XDG_CONFIG_HOME": str(alsa_config_home(tmp / "config", FILE_SINK_ASOUNDRC)),
                "TEST_AUDIO_CAPTURE": str(tmp / "capture.raw"),
                "DBUS_SESSION_BUS_ADDRESS": address,
            }
            subprocess.run(
                [sys.executable, __file__, "--child", str(report)],
                env=env,
                cwd=ROOT,
                check=True,
                timeout=120,
            )
            time.sleep(0.2)  # let the last notification's record reach the file
        data = json.loads(report.read_text())
        arrivals = {n["summary"]: n["t"] for n in read_notifications(record)}

    cues = data["cues"]
    missing_sound = [c["title"] for c in cues if c["sound"] is None]
    missing_note = [c["title"] for c in cues if c["title"] not in arrivals]
    if missing_sound or missing_note or "simpleaudio" not in data["in_use"]:
        raise RuntimeError(
            f"not every cue got through: sound {missing_sound}, notes {missing_note}, "
            f"backends in use {data['in_use']}"
        )
    sound = [(c["sound"] - c["due"]) * 1000 for c in cues]
    notes = [(arrivals[c["title"]] - c["due"]) * 1000 for c in cues]
    announce = [(c["returned"] - c["called"]) * 1e6 for c in cues]
    schedule = [(c["called"] - c["due"]) * 1000 for c in cues]
    return {
        "cues": float(len(cues)),
        "sound_median_ms": statistics.median(sound),
        "sound_worst_ms": max(sound),
        "notify_median_ms": statistics.median(notes),
        "notify_worst_ms": max(notes),
        "announce_median_us": statistics.median(announce),
        "announce_worst_us": max(announce),
        "due_to_call_worst_ms": max(schedule),
    }


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(Path(sys.argv[2]))
        return
    results = run()
    targets = {"sound_median_ms": 50, "sound_worst_ms": 200, "notify_median_ms": 50,
               "notify_worst_ms": 200}  # fmt: skip
    print(f"alert latency over a simulated walk of {int(results['cues'])} cues")
    print(f"{'measure':<22} {'value':>10}  target")
    for key, value in results.items():
        if key == "cues":
            continue
        target = f"< {targets[key]}" if key in targets else ""
        verdict = "" if key not in targets else ("ok" if value < targets[key] else "MISSED")
        print(f"{key:<22} {value:>10.2f}  {target} {verdict}".rstrip())


if __name__ == "__main__":
    main()
