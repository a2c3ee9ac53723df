"""The walk screen's CPU while a treadmill sends data at 1 Hz and at 4 Hz, in a real terminal.

Each figure is one process in its own private tmux server (100×30), all running at the same
time: the app draws to a real terminal, so the terminal's share of the work counts.

- The verdict: Stride on a walk with a treadmill remembered, linked over Bluetooth as in use:
  real bleak (and dbus-fast under it) on a private D-Bus system bus, talking to the fake BlueZ
  of the treadmill tests (tests/treadmill/fake_bluez.py: a python-dbusmock template whose
  treadmill sends Treadmill Data hz times a second at 5 km/h). The fake runs in processes of
  its own, not counted. The report says how many notifications Stride heard in the window.
- For information: the readings handed in by a thread through the same gate as the link's
  (``stride_tui.treadmill.feed.ReadingGate``: a change of the belt at once, else at most one
  reading a second), without Bluetooth; they stand in for the verdict where the fake BlueZ's
  parts (dbus-daemon, gdbus, python3-dbusmock) or bleak are missing.

The reference is a bare Textual app updating one Label once a second, in the same kind of
terminal (and, for information, the same app on Stride's terminal driver,
``stride_tui.ui.driver``). CPU is the whole process (every thread) over a window after the
walk has settled, as % of one core.

    python -m benchmarks.treadmill_load [--quick]       (the runner calls ``run``)
    python benchmarks/treadmill_load.py child MODE key=value ...   (one measured process)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

TARGET_PERCENT = 0.5
HERE = Path(__file__).resolve()


def run(quick: bool, scratch: Path) -> list[Any]:
    """CPU of the bare ticker, the walk without a treadmill, and with one at 1 Hz and 4 Hz."""
    from benchmarks.report import Row, ratio
    from tests.treadmill.fake_bluez import fake_bluez

    if shutil.which("tmux") is None:
        return [Row("Walk screen CPU with a treadmill (tmux)", "tmux is not installed", met=False)]
    window = 10.0 if quick else 60.0
    runs = [("bare", 0), ("bare-quiet", 0), ("stride", 0), ("stride", 1), ("stride", 4)]
    missing = _fake_bluez_missing()
    if not missing:
        runs += [("ble", 1), ("ble", 4)]
    percent: dict[tuple[str, int], float] = {}
    reports: dict[tuple[str, int], dict[str, Any]] = {}
    # All at once, each in its own terminal, so that each figure is measured under the
    # same load as the others (one after another, the machine's moods moved them by more
    # than the treadmill's share). Together they use about 2 % of one core. The bare app runs
    # twice: on Textual's driver (the reference) and, for information, on Stride's, whose
    # input thread does not wake ten times a second.
    with contextlib.ExitStack() as fakes:
        started = []
        for mode, hz in runs:
            # A fresh folder each: a walk left by the run before would be offered back.
            data = _seeded(scratch / f"treadmill-load-data-{mode}-{hz}", treadmill=mode == "ble")
            env = {}
            if mode == "ble":
                # A fake BlueZ of its own, its treadmill sending Treadmill Data hz times a
                # second at 5 km/h; Stride finds it through the system bus address.
                fake = fakes.enter_context(fake_bluez())
                fake.stream(hz, 5.0)
                env["DBUS_SYSTEM_BUS_ADDRESS"] = fake.bus
            started.append((mode, hz, _start(scratch, mode, hz=hz, window=window, data=data,
                                             env=env)))
        for mode, hz, (socket, out) in started:
            report = _report(socket, out, window)
            reports[(mode, hz)] = report
            percent[(mode, hz)] = (report["cpu_end"] - report["cpu_start"]) / (
                report["window_end"] - report["window_start"]) * 100
    bare = percent[("bare", 0)]
    rows = [Row(f"Bare Textual app ticking once a second, tmux 100×30, {window:.0f} s window",
                f"{bare:.3f} %", target="(reference)")]
    quiet = percent[("bare-quiet", 0)]
    rows.append(Row("  … the same app on Stride's terminal driver (ui.driver)", f"{quiet:.3f} %",
                    f"{bare:.3f} %", ratio(quiet, bare), "(for information)"))
    walk = percent[("stride", 0)]
    rows.append(Row("Walk screen, no treadmill (% of a core)", f"{walk:.3f} %",
                    f"{bare:.3f} %", ratio(walk, bare), "(for information)"))
    # The verdict is the real link's (bleak and dbus-fast reading each notification); without
    # the fake BlueZ, the thread's readings stand in for it, and the rows say so.
    for hz in (1, 4):
        value = percent[("stride", hz)]
        judged = bool(missing)
        rows.append(Row(f"Walk screen, readings handed in by a thread at {hz} Hz (% of a core)",
                        f"{value:.3f} %", f"{bare:.3f} %", ratio(value, bare),
                        f"≤ {TARGET_PERCENT} %" if judged else "(for information)",
                        value <= TARGET_PERCENT if judged else None))
    if missing:
        rows.append(Row("Walk screen, real Bluetooth link (bleak, fake BlueZ)",
                        f"not measured: {missing}", target="(for information)"))
        return rows
    for hz in (1, 4):
        value = percent[("ble", hz)]
        report = reports[("ble", hz)]
        heard = report["readings_end"] - report["readings_start"]
        wall = report["window_end"] - report["window_start"]
        linked = report["linked_start"] and report["linked_end"]
        rows.append(Row(f"Walk screen, treadmill at {hz} Hz over Bluetooth (bleak, fake BlueZ; "
                        f"{heard / wall:.1f} notifications/s heard) (% of a core)",
                        f"{value:.3f} %", f"{bare:.3f} %", ratio(value, bare),
                        f"≤ {TARGET_PERCENT} %", value <= TARGET_PERCENT and linked
                        and heard >= 0.9 * hz * wall))
    return rows


def _fake_bluez_missing() -> str:
    """What the fake BlueZ needs and this machine lacks ("" when it has everything)."""
    from tests.treadmill.fake_bluez import fake_bluez_missing

    missing = fake_bluez_missing()
    try:
        import bleak  # noqa: F401
    except ImportError:
        missing.append("bleak (the treadmill extra)")
    return ", ".join(missing)


def _seeded(data: Path, *, treadmill: bool = False) -> Path:
    from datetime import date, timedelta

    from stride_tui.core.records import Profile
    from stride_tui.store import Store
    from tests.treadmill.fake_bluez import ADDRESS

    if not (data / "stride.json").exists():
        with Store.open(data) as store:
            store.save_profile(Profile(start_date=date.today() - timedelta(days=14),
                                       treadmill=ADDRESS if treadmill else None))
    return data


def _start(scratch: Path, mode: str, *, hz: int, window: float, data: Path,
           env: dict[str, str]) -> tuple[str, Path]:
    """Start one measured process in its own private tmux server; its socket and report."""
    out = scratch / f"treadmill-load-{mode}-{hz}.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(HERE), "child", mode, f"hz={hz}", f"window={window}",
               f"data={data}", f"out={out}", f"today={time.strftime('%Y-%m-%d')}"]
    socket = f"stride-tread-{os.getpid()}-{mode}-{hz}"
    env = {**os.environ, **env, "PYTHONPATH": str(HERE.parent.parent)}
    shell = " ".join(_quote(a) for a in command)
    subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "load",
                    "-x", "100", "-y", "30", shell], check=True, env=env)
    return socket, out


def _report(socket: str, out: Path, window: float) -> dict[str, Any]:
    """Wait for a started process's report, then close its tmux server."""
    try:
        deadline = time.monotonic() + window + 60
        while not out.exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{out.name}: the run wrote no report")
            time.sleep(0.2)
        report: dict[str, Any] = json.loads(out.read_text())
        return report
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# --- the measured process --------------------------------------------------------------------


def _window(app: Any, report: dict[str, Any], window: float, *, settle: float = 3.0,
            link: Any = None) -> None:
    """Measure the process's CPU over ``window`` s from ``settle`` s on; with a treadmill
    ``link`` (the app's TreadmillFeed), also how many readings it had, and whether it was up."""
    def start() -> None:
        report["window_start"] = time.monotonic()
        report["cpu_start"] = time.process_time()
        if link is not None:
            report["readings_start"], report["linked_start"] = link.readings, link.connected
        app.set_timer(window, end)

    def end() -> None:
        report["window_end"] = time.monotonic()
        report["cpu_end"] = time.process_time()
        if link is not None:
            report["readings_end"], report["linked_end"] = link.readings, link.connected
        report["screen"] = type(app.screen).__name__
        app.exit()

    app.set_timer(settle, start)  # after the walk's opening notices have gone


def _bare(opts: dict[str, str], report: dict[str, Any]) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Bare app ready", id="msg")

        def on_mount(self) -> None:
            self.set_interval(1, self.tick)
            _window(self, report, float(opts["window"]))

        def tick(self) -> None:
            self.query_one("#msg", Label).update(time.strftime("Bare ticker %H:%M:%S"))

    driver_class = None
    if opts.get("driver") == "stride":
        from stride_tui.ui.driver import QuietInputDriver

        driver_class = QuietInputDriver
    Bare(driver_class=driver_class).run()


def _stride(opts: dict[str, str], report: dict[str, Any]) -> None:
    from datetime import date

    from benchmarks.children import NullAlerts, stride_app_class
    from stride_tui.core.belt import BeltReading
    from stride_tui.treadmill.feed import ReadingGate
    from stride_tui.ui.app import AppConfig

    hz = int(opts["hz"])
    ble = opts.get("ble") == "1"
    stop = threading.Event()

    # Stride's own CSS paths (Textual looks beside the subclass's module otherwise).
    class WalkStride(stride_app_class({}, watch_home=False)):  # type: ignore[misc]
        def start_session(self, profile: Any, target: Any, minutes: Any = None) -> None:
            super().start_session(profile, target, minutes)
            driver = self.driver
            assert driver is not None
            # As a person would with the keys: answer the check-in, skip the warm-up.
            self.set_timer(0.3, lambda: driver.check_in([], 1))
            self.set_timer(0.8, lambda: self._walk(driver))

        def _walk(self, driver: Any) -> None:
            import asyncio

            driver.skip_all()
            if ble:
                # The real link connects off the UI thread: give it time to come up and the
                # belt to start the walk before the window opens.
                _window(self, report, float(opts["window"]), settle=8.0, link=self._belt)
                return
            if hz:
                loop = asyncio.get_running_loop()
                threading.Thread(target=feed, args=(loop, driver), daemon=True).start()
            _window(self, report, float(opts["window"]))

    def feed(loop: Any, driver: Any) -> None:
        gate = ReadingGate()  # as the link's thread passes readings on
        metres = 0.0
        while not stop.wait(1 / hz):
            metres += 5.0 / 3.6 / hz
            reading = BeltReading(True, 5.0, int(metres), 0.0)
            if not gate.admit(reading, time.monotonic()):
                continue
            try:
                loop.call_soon_threadsafe(driver.belt, reading)
            except RuntimeError:
                return

    from stride_tui.treadmill.feed import TreadmillFeed

    config = AppConfig(data_dir=Path(opts["data"]), mute=True, notify=False, start_walk=True,
                       walk_minutes=45, today=date.fromisoformat(opts["today"]),
                       alerts=NullAlerts(),  # type: ignore[arg-type]
                       treadmill=TreadmillFeed if ble else None)
    WalkStride(config).run()
    stop.set()


def _child(argv: list[str]) -> None:
    mode = argv[0]
    opts = dict(a.split("=", 1) for a in argv[1:])
    report: dict[str, Any] = {"mode": mode, "hz": int(opts["hz"])}
    if mode == "bare-quiet":
        opts["driver"] = "stride"
    if mode == "ble":
        opts["ble"] = "1"
    (_stride if mode in ("stride", "ble") else _bare)(opts, report)
    tmp = f"{opts['out']}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f)
    os.replace(tmp, opts["out"])


def main() -> None:
    from benchmarks.report import Row

    quick = "--quick" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        rows: list[Row] = run(quick, Path(tmp))
    for row in rows:
        print(f"{row.figure:<72} {row.stride:>10}  {row.reference:>10}  {row.ratio:>7}  "
              f"{row.target} {'' if row.met is None else ('met' if row.met else 'NOT met')}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["child"]:
        sys.path.insert(0, str(HERE.parent.parent))
        _child(sys.argv[2:])
    else:
        main()
