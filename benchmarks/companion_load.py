"""The phone companion's cost: CPU on the live walk screen with a page connected, and how long
a session event takes to reach the page (DESIGN §5; issue 13: ≤ 0.5 % of a core, ≤ 250 ms p99).

    run(quick, scratch) -> list[Row]       (python -m benchmarks wires it in)
    python benchmarks/companion_load.py child out=FILE data=DIR ...   (one measured Stride)

Each Stride runs in its own process on a real walk (check-in answered, warm-up skipped, as a
person would), headless like the other walk figures; the page is the real one, in Debian's
Chromium (a separate process, not counted), connected before the CPU window opens. Latency is
from the start of the driver's delivery of a batch of events (``apply``) to the page's socket
receiving the state that batch produced, both on the wall clock of this one machine.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.children import NullAlerts  # noqa: E402
from benchmarks.procs import PY, Running, run_child  # noqa: E402
from benchmarks.report import Row, percentile, ratio  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# Stamps each message's arrival at the page (before the page draws it), by the walk time shown.
ARRIVALS = """
(() => {
  const Native = window.WebSocket;
  window.__arrivals = [];
  function Stamped(url, protocols) {
    const ws = new Native(url, protocols);
    ws.addEventListener("message", (event) => {
      const at = performance.timeOrigin + performance.now();
      try {
        const m = JSON.parse(event.data);
        if (m.walk) window.__arrivals.push([at / 1000, m.walk.elapsed]);
      } catch (e) {}
    });
    return ws;
  }
  Stamped.prototype = Native.prototype;
  Object.assign(Stamped, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Stamped;
})();
"""
# Seconds after the walk starts (and the page connects) before the window opens: the walk's
# opening notice and the "phone page connected" one close first (4 s).
SETTLE = 5.0


def run(quick: bool, scratch: Path) -> list[Row]:
    window = 8.0 if quick else 30.0
    burst_window = 4.0 if quick else 10.0
    bare = run_child("bare-ticker", scratch, timeout=window + 60, window=window, settle=SETTLE)
    bare_cpu = _cpu_percent(bare.report)
    alone = _stride(scratch, "alone", window=window, page=False)
    rows = [
        Row("Walk screen CPU, no phone page (for comparison; % of a core)",
            f"{_cpu_percent(alone):.3f} %", f"{bare_cpu:.3f} % (ticker)",
            ratio(_cpu_percent(alone), bare_cpu), "(for information)"),
    ]
    if not _have_browser():
        rows.append(Row("Walk screen CPU with a phone page connected", "– (no Chromium or "
                        "Playwright here)", target="≤ 0.5 %"))
        return rows
    paged, arrivals = _stride_with_page(scratch, "page", window=window, scale=1.0)
    cpu = _cpu_percent(paged)
    rows.append(Row("Walk screen CPU with a phone page connected (% of a core)",
                    f"{cpu:.3f} %", f"{bare_cpu:.3f} % (ticker)", ratio(cpu, bare_cpu),
                    "≤ 0.5 %", cpu <= 0.5))
    lat = _latencies(paged, arrivals)
    p99 = percentile(lat, 99)
    rows.append(Row(f"Event → phone page, p99 ({len(lat)} events, real time)",
                    f"{p99 * 1000:.1f} ms (max {max(lat, default=float('nan')) * 1000:.1f})",
                    target="≤ 250 ms", met=bool(lat) and p99 <= 0.25))
    burst, burst_arrivals = _stride_with_page(scratch, "burst", window=burst_window, scale=20.0)
    lat = _latencies(burst, burst_arrivals)
    p99 = percentile(lat, 99)
    rows.append(Row(f"  … at --time-scale 20, 20 events a second ({len(lat)} events)",
                    f"{p99 * 1000:.1f} ms (max {max(lat, default=float('nan')) * 1000:.1f})",
                    target="≤ 250 ms", met=bool(lat) and p99 <= 0.25))
    return rows


def _cpu_percent(report: dict[str, Any]) -> float:
    wall = report["window_end"] - report["window_start"]
    return float((report["cpu_end"] - report["cpu_start"]) / wall * 100)


def _latencies(report: dict[str, Any], arrivals: list[list[Any]]) -> list[float]:
    """Each delivery in the window, matched with the first arrival showing its walk time."""
    first: dict[str, float] = {}
    for at, elapsed in arrivals:
        first.setdefault(elapsed, at)
    return [first[elapsed] - at for at, elapsed in report["deliveries"]
            if report["window_start_wall"] <= at <= report["window_end_wall"]
            and elapsed in first]


def _have_browser() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


def _spawn(scratch: Path, name: str, **opts: object) -> tuple[Running, Path]:
    out = scratch / f"companion-{name}.json"
    data = scratch / f"companion-{name}-data"
    argv = [PY, str(Path(__file__).resolve()), "child", f"out={out}", f"data={data}",
            *(f"{k}={v}" for k, v in opts.items())]
    return Running(argv, scratch, f"companion-{name}", out=out), out


def _stride(scratch: Path, name: str, *, window: float, page: bool) -> dict[str, Any]:
    child, _ = _spawn(scratch, name, window=window, settle=SETTLE, page=int(page))
    return child.wait(window + 60).report


def _stride_with_page(scratch: Path, name: str, *, window: float,
                      scale: float) -> tuple[dict[str, Any], list[list[Any]]]:
    from playwright.sync_api import sync_playwright

    url_file = scratch / f"companion-{name}.url"
    child, _ = _spawn(scratch, name, window=window, settle=SETTLE, page=1, scale=scale,
                      urlfile=url_file)
    try:
        deadline = time.monotonic() + 30
        while not url_file.exists():
            if time.monotonic() > deadline or child.proc.poll() is not None:
                raise RuntimeError(f"the companion child gave no address: {child.log_path}")
            time.sleep(0.05)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True,
                                    has_touch=True)
            page.add_init_script(ARRIVALS)
            page.goto(url_file.read_text().strip())
            finished = child.wait(window + 60)
            arrivals: list[list[Any]] = page.evaluate("window.__arrivals")
            browser.close()
    finally:
        child.kill()
    return finished.report, arrivals


# --- the child: one Stride on a real walk, maybe serving the page --------------------------------


def child(opts: dict[str, str]) -> None:
    import asyncio
    from datetime import date, timedelta

    from stride_tui.core.records import Profile
    from stride_tui.formats import duration
    from stride_tui.store import Store
    from stride_tui.ui.app import AppConfig, StrideApp
    from stride_tui.ui.phone import phone_link

    data = Path(opts["data"])
    with Store.open(data) as store:
        store.save_profile(Profile(start_date=date.today() - timedelta(days=14)))
    window, settle = float(opts["window"]), float(opts["settle"])
    scale = float(opts.get("scale", "1"))
    page = opts.get("page") == "1"
    report: dict[str, Any] = {"deliveries": []}

    class Measured(StrideApp):
        # Textual finds CSS next to the class's own module: point it back at Stride's.
        CSS_PATH = str(Path(sys.modules[StrideApp.__module__].__file__ or "").parent
                       / str(StrideApp.CSS_PATH))

        def start_session(self, profile: Any, target: Any, minutes: Any = None) -> None:
            super().start_session(profile, target, minutes)
            driver = self.driver
            assert driver is not None
            self.set_timer(0.3, lambda: driver.check_in([], 1))
            self.set_timer(0.8, self.walk_started)

        async def walk_started(self) -> None:
            driver = self.driver
            assert driver is not None
            driver.skip_all()
            engine = driver.engine
            original = driver.apply

            def apply(events: list[Any]) -> None:
                at = time.time()
                original(events)
                report["deliveries"].append([at, duration(engine.walk_elapsed)])

            driver.apply = apply  # type: ignore[method-assign]
            if page:
                link = phone_link(self)
                await link.start()
                assert link.companion is not None
                Path(opts["urlfile"]).write_text(link.companion.url)
                while link.pages < 1:
                    await asyncio.sleep(0.05)
            self.set_timer(settle, self.start_window)

        def start_window(self) -> None:
            report["screen"] = type(self.screen).__name__
            report["window_start"], report["window_start_wall"] = time.monotonic(), time.time()
            report["cpu_start"] = time.process_time()
            self.set_timer(window, self.end_window)

        def end_window(self) -> None:
            report["window_end"], report["window_end_wall"] = time.monotonic(), time.time()
            report["cpu_end"] = time.process_time()
            self.exit()

    minutes = max(20, int((settle + window) * scale / 60) + 5)
    app = Measured(AppConfig(data_dir=data, mute=True, notify=False, start_walk=True,
                             walk_minutes=minutes, time_scale=scale,
                             alerts=NullAlerts()))  # type: ignore[arg-type]
    app.run(headless=True)
    out = Path(opts["out"])
    out.with_suffix(".tmp").write_text(json.dumps(report))
    os.replace(out.with_suffix(".tmp"), out)


if __name__ == "__main__":
    if sys.argv[1:2] != ["child"]:
        raise SystemExit("usage: python benchmarks/companion_load.py child out=FILE data=DIR ...")
    child(dict(a.split("=", 1) for a in sys.argv[2:]))
