"""The benchmarks' child processes: each runs one app one way and writes a JSON report.

    python benchmarks/children.py MODE out=REPORT.json [key=value ...]

Run as a script (not ``-m``) and with nothing imported at the top beyond the standard library's
smallest modules, so that a child's start-up is Python plus what its app imports, the same for
Stride and for the bare app. All times are ``time.monotonic()`` (CLOCK_MONOTONIC, one clock for
every process on Linux), so the parent can subtract its own stamps from a child's.

Modes
    bare-paint      bare app (one Label); exits at its first paint
    bare-static     bare app that stays up (tmux), or exits ``hold`` s after its first paint
    bare-ticker     bare app whose only work is a Label updated once a second; CPU window
                    (``driver=stride``: on Stride's terminal driver, ``ui.driver``, not Textual's)
    stride-paint    Stride on Home; exits when Home's data is first painted (and fails, saying
                    what is on the screen, if Home has not shown 20 s after the first paint)
    stride-walk     Stride on a real walk (check-in answered, warm-up skipped); every delivery of
                    the engine's events stamped, the walk end; optional CPU window
                    (``window=S``); ``headless=0`` to run in a terminal (tmux), ``alerts=real``
                    for Stride's own sound and notifications with their timing hooks
    stride-screen   Stride held on the walk, history or Home screen (peak memory)
    save-stall      Stride on Home; the UI loop's longest stall during the first end-of-walk save
                    on the store thread, the collector left alone
    cold-save       the first end-of-walk save in a fresh process (store opened as the app does)
    command         any command (``argv=`` JSON) with its output on a pty: time to its first line
                    and to its exit, output size, peak memory
    naive-sleep     a ``time.sleep(1)`` loop that counts ticks, for its drift
    timer-probe     how late Textual's ``set_timer`` fires when the loop is busy after arming
"""

from __future__ import annotations

import json
import os
import sys
import time

# Home with its data painted shows one of these (today's target, or why there is no walk).
NEEDLES = ("Today:", "to check in and start", "No walk today", "Walking is paused")
# A child waiting for Home gives up this long after its first paint.
HOME_LIMIT = 20.0


def _args() -> tuple[str, dict[str, str]]:
    mode = sys.argv[1]
    opts = dict(a.split("=", 1) for a in sys.argv[2:])
    return mode, opts


def _write(opts: dict[str, str], report: dict[str, object]) -> None:
    path = opts["out"]
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(report, f)
    os.replace(tmp, path)


def _cpu_seconds() -> float:
    """CPU time of the whole process, every thread (user + system)."""
    return time.process_time()


def _vm_hwm_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


# --- the bare apps ----------------------------------------------------------------------------


def bare(mode: str, opts: dict[str, str]) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    hold = float(opts["hold"]) if "hold" in opts else None
    window = float(opts.get("window", "0"))
    settle = float(opts.get("settle", "2"))
    report: dict[str, object] = {"mode": mode}

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Bare app ready", id="msg")

        def on_mount(self) -> None:
            if mode == "bare-ticker":
                self.set_interval(1, self.tick)
                self.set_timer(settle, self.start_window)

        def tick(self) -> None:
            self.query_one("#msg", Label).update(time.strftime("Bare ticker %H:%M:%S"))

        def start_window(self) -> None:
            report["window_start"] = time.monotonic()
            report["cpu_start"] = _cpu_seconds()
            self.set_timer(window, self.end_window)

        def end_window(self) -> None:
            report["window_end"] = time.monotonic()
            report["cpu_end"] = _cpu_seconds()
            self.exit()

        def _display(self, screen: object, renderable: object) -> None:
            super()._display(screen, renderable)  # type: ignore[arg-type]
            if renderable is None or "first_paint" in report:
                return
            report["first_paint"] = time.monotonic()
            if mode == "bare-paint":
                self.exit()
            elif mode == "bare-static" and hold is not None:
                self.set_timer(hold, self.exit)

    headless = mode != "bare-static" or hold is not None
    driver_class = None
    if opts.get("driver") == "stride":
        from stride_tui.ui.driver import QuietInputDriver

        driver_class = QuietInputDriver
    Bare(driver_class=driver_class).run(
        headless=opts.get("headless", "1" if headless else "0") == "1")
    report["vm_hwm_kb"] = _vm_hwm_kb()
    _write(opts, report)


# --- Stride -----------------------------------------------------------------------------------


class NullAlerts:
    """Alerts that do nothing (the sound and notification path has its own benchmark)."""

    muted = True

    def announce(self, kind: str, title: str, body: str, *, notify: bool = True) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_sound_mode(self, mode: object) -> None:
        pass

    def close(self, timeout: float = 1.0) -> None:
        pass


def _texts(screen: object) -> str:
    from textual.widgets import Static

    try:
        return " | ".join(str(w.content) for w in screen.query(Static))  # type: ignore[attr-defined]
    except Exception:
        return "?"


def _shows(screen: object, needles: tuple[str, ...]) -> str | None:
    """The first of ``needles`` that a Static on ``screen`` holds (Home's data is shown)."""
    from textual.widgets import Static

    try:
        texts = [str(w.content) for w in screen.query(Static)]  # type: ignore[attr-defined]
    except Exception:
        return None
    return next((n for n in needles if any(n in t for t in texts)), None)


def stride_app_class(report: dict[str, object], on_first_screen: object = None,
                     *, watch_home: bool = True) -> type:
    """StrideApp, seen from outside: it stamps its first paint and Home's first full paint
    (unless ``watch_home`` is false: a walk never shows Home, and looking for it on every
    frame would be the harness's work counted as Stride's)."""
    from stride_tui.ui.app import StrideApp

    here = os.path.dirname(sys.modules[StrideApp.__module__].__file__ or "")
    paths = StrideApp.CSS_PATH if isinstance(StrideApp.CSS_PATH, list) else [StrideApp.CSS_PATH]

    class BenchStride(StrideApp):
        # Textual finds CSS next to the class's own module: point it back at Stride's.
        CSS_PATH = [os.path.join(here, str(p)) for p in paths]

        def _display(self, screen: object, renderable: object) -> None:
            super()._display(screen, renderable)  # type: ignore[arg-type]
            if renderable is None or "first_screen" in report or not watch_home:
                return
            now = time.monotonic()
            if "first_paint" not in report:
                report["first_paint"] = now
                self.set_timer(HOME_LIMIT, self._home_missing)
            found = _shows(screen, NEEDLES)
            if found:
                report["first_screen"] = now
                report["needle"] = found
                if callable(on_first_screen):
                    self.call_later(on_first_screen, self)

        def _home_missing(self) -> None:
            if "first_screen" not in report:
                # Something else is in front of Home (a question at start-up, an error): say
                # what, and leave at once rather than wait to be killed.
                texts = _texts(self.screen)
                report["error"] = (f"Home with its data did not show in {HOME_LIMIT:g} s after "
                                   f"the first paint; the screen is "
                                   f"{type(self.screen).__name__}: {texts[:300]!r}")
                self.exit(return_code=3)

    return BenchStride


def _finish(opts: dict[str, str], report: dict[str, object]) -> None:
    """Write the report; a child that failed says why on stderr and exits 3."""
    _write(opts, report)
    if "error" in report:
        print(f"benchmark child failed: {report['error']}", file=sys.stderr)
        raise SystemExit(3)


def _config(opts: dict[str, str], **changes: object) -> object:
    from datetime import date
    from pathlib import Path

    from stride_tui.ui.app import AppConfig

    settings: dict[str, object] = {
        "data_dir": Path(opts["data"]),
        "mute": True,
        "notify": False,
        "today": date.fromisoformat(opts["today"]) if "today" in opts else None,
    }
    settings.update(changes)
    return AppConfig(**settings)  # type: ignore[arg-type]


def stride_paint(opts: dict[str, str]) -> None:
    report: dict[str, object] = {"mode": "stride-paint"}
    app_class = stride_app_class(report, lambda app: app.exit())
    app = app_class(_config(opts))
    app.run(headless=True)
    report["vm_hwm_kb"] = _vm_hwm_kb()
    _finish(opts, report)


def _walk_app(opts: dict[str, str], report: dict[str, object], on_walk: object) -> object:
    """Stride that goes straight to a walk: check-in answered (no red flags, pain 1), warm-up
    skipped, as a person would with the keys; ``on_walk(app, driver)`` once the walk runs."""
    from stride_tui.ui.app import StrideApp

    class WalkStride(stride_app_class(report, watch_home=False)):  # type: ignore[misc]
        def start_session(self, profile: object, target: object, minutes: object = None) -> None:
            StrideApp.start_session(self, profile, target, minutes)  # type: ignore[arg-type]
            driver = self.driver
            assert driver is not None
            report["session_started"] = time.monotonic()
            self.set_timer(0.3, lambda: driver.check_in([], 1))
            self.set_timer(0.8, lambda: self._skip_warm_up(driver))

        def _skip_warm_up(self, driver: object) -> None:
            driver.skip_all()  # type: ignore[attr-defined]
            if driver.engine.phase.value != "walk":  # type: ignore[attr-defined]
                raise RuntimeError(f"no walk: phase {driver.engine.phase}")  # type: ignore[attr-defined]
            report["walk_started"] = time.monotonic()
            on_walk(self, driver)  # type: ignore[operator]

    scale = float(opts.get("scale", "1"))
    alerts: object = NullAlerts()
    if opts.get("alerts") == "real":
        # Stride's own alerts, built as the app builds them, with the hooks that say when each
        # sound started and each notification was accepted (sound and notifications on).
        from stride_tui.alerts import Alerts, AlertSettings

        played: list[list[object]] = []
        notified: list[list[object]] = []
        report["played"], report["notified"] = played, notified
        alerts = Alerts(AlertSettings(),
                        on_played=lambda kind, clip, t: played.append([kind, t]),
                        on_notified=lambda title, t: notified.append([title, t]))
    return WalkStride(_config(
        opts, start_walk=True, walk_minutes=int(opts["minutes"]), time_scale=scale,
        alerts=alerts, mute=opts.get("alerts") != "real", notify=opts.get("alerts") == "real",
    ))


def stride_walk(opts: dict[str, str]) -> None:
    """A real walk; every delivery of the engine's events is stamped on the way in."""
    report: dict[str, object] = {"mode": "stride-walk"}
    window = float(opts.get("window", "0"))
    settle = float(opts.get("settle", "2"))
    deliveries: list[tuple[float, list[str], list[int]]] = []

    def on_walk(app: object, driver: object) -> None:
        engine = driver.engine  # type: ignore[attr-defined]
        clock = app.clock  # type: ignore[attr-defined]
        anchor = engine.walk_watch.anchor
        report.update(anchor=anchor, walk_seconds=engine.walk_seconds, scale=clock.scale,
                      cues=[[c.at, c.kind.value] for c in engine.cues])
        original = driver.apply  # type: ignore[attr-defined]

        def apply(events: list[object]) -> None:
            now = clock.monotonic()  # before any of the delivery's own work
            kinds = [type(e).__name__ for e in events]
            cue_ats = [e.cue.at for e in events if type(e).__name__ == "CueFired"]  # type: ignore[attr-defined]
            deliveries.append((now - anchor, kinds, cue_ats))
            original(events)
            if "WalkEnded" in kinds and not window:
                app.call_later(app.exit)  # type: ignore[attr-defined]

        driver.apply = apply  # type: ignore[attr-defined]
        if window:
            app.set_timer(settle, lambda: start_window(app))  # type: ignore[attr-defined]

    profiler = None
    if "profile" in opts:  # for a person asking where the window's CPU goes (UI thread only)
        import cProfile

        profiler = cProfile.Profile()

    def start_window(app: object) -> None:
        report["screen"] = type(app.screen).__name__  # type: ignore[attr-defined]
        report["window_start"] = time.monotonic()
        report["cpu_start"] = _cpu_seconds()
        if profiler is not None:
            profiler.enable()
        app.set_timer(window, lambda: end_window(app))  # type: ignore[attr-defined]

    def end_window(app: object) -> None:
        report["window_end"] = time.monotonic()
        report["cpu_end"] = _cpu_seconds()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(opts["profile"])
        report["screen_end"] = type(app.screen).__name__  # type: ignore[attr-defined]
        app.exit()  # type: ignore[attr-defined]

    app = _walk_app(opts, report, on_walk)
    app.run(headless=opts.get("headless", "1") == "1")  # type: ignore[attr-defined]
    if opts.get("alerts") == "real":
        import contextlib

        app.alerts.wait_idle(5)  # type: ignore[attr-defined]
        with contextlib.suppress(Exception):  # already closed by the app
            app.alerts.close()  # type: ignore[attr-defined]
    report["deliveries"] = deliveries
    report["vm_hwm_kb"] = _vm_hwm_kb()
    _write(opts, report)


def stride_screen(opts: dict[str, str]) -> None:
    """Stride held on one screen for ``hold`` seconds (for its peak memory)."""
    screen = opts["screen"]
    hold = float(opts.get("hold", "2"))
    report: dict[str, object] = {"mode": "stride-screen", "screen": screen}

    def finish(app: object) -> None:
        report["shown"] = type(app.screen).__name__  # type: ignore[attr-defined]
        app.exit()  # type: ignore[attr-defined]

    if screen == "walk":
        app = _walk_app({**opts, "minutes": opts.get("minutes", "5")}, report,
                        lambda app, driver: app.set_timer(hold, lambda: finish(app)))
    else:
        def open_screen(app: object) -> None:
            if screen != "home":
                app.open_screen(screen)  # type: ignore[attr-defined]
            app.set_timer(hold, lambda: finish(app))  # type: ignore[attr-defined]

        app = stride_app_class(report, open_screen)(_config(opts))
    app.run(headless=True)  # type: ignore[attr-defined]
    report["vm_hwm_kb"] = _vm_hwm_kb()
    _finish(opts, report)


def _bench_import() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def save_stall(opts: dict[str, str]) -> None:
    """The UI loop's longest stall during the first end-of-walk save of a Stride on Home.

    Nothing is done to the collector (no ``gc.collect``, no freeze beyond what Stride does) and
    nothing else is loaded first: Home is shown, ``settle`` s pass, the walk's checkpoint is
    written on the store thread (a walk writes one every few seconds), then the save is queued
    on the store thread exactly as the session driver queues it (``_save``) while a 1 ms sleep
    loop on the UI's event loop records its longest gap. Collections seen during the watch are
    reported (``gc.callbacks``), with the thread they ran on. The ``settle`` s on Home before
    it are watched the same way (``after_load``): the stalls the load itself leaves behind."""
    import asyncio
    import gc
    import threading
    from datetime import date

    settle = float(opts.get("settle", "1"))
    tick = 0.001
    report: dict[str, object] = {"mode": "save-stall"}
    _bench_import()
    from benchmarks.data import finished_walk, walk_in_progress
    from stride_tui.ui.session import _save

    collections: list[list[object]] = []
    started: dict[int, float] = {}

    def on_gc(phase: str, info: dict[str, int]) -> None:
        ident = threading.get_ident()
        if phase == "start":
            started[ident] = time.perf_counter()
        elif ident in started:
            collections.append([info["generation"], time.perf_counter() - started.pop(ident),
                                "ui" if ident == ui_thread else "other"])

    ui_thread = threading.get_ident()

    async def watch(start: object, done: object, tail: float = 0.05) -> float:
        """Longest gap between two wake-ups of a 1 ms sleep loop, less the 1 ms, from just
        before ``start()`` until ``done()`` and ``tail`` s more."""
        worst, last, end, begun = 0.0, time.perf_counter(), None, False
        t0 = last
        while True:
            await asyncio.sleep(tick)
            now = time.perf_counter()
            worst, last = max(worst, now - last), now
            if not begun:
                if now - t0 >= 0.005:
                    begun = True
                    start()  # type: ignore[operator]
                continue
            if end is None and done():  # type: ignore[operator]
                end = now + tail
            if end is not None and now >= end:
                return max(0.0, worst - tick)

    async def experiment(app: object) -> None:
        today = date.fromisoformat(opts["today"])
        # The first seconds on Home: whatever the load left to the collector happens here.
        gc.callbacks.append(on_gc)
        shown = time.perf_counter()
        report["after_load"] = await watch(lambda: None,
                                           lambda: time.perf_counter() - shown >= settle, 0)
        report["load_collections"] = list(collections)
        report["sessions"] = await app.store_call(lambda s: s.session_count())  # type: ignore[attr-defined]
        walk = walk_in_progress(today)
        await app.store_call(lambda s: s.write_checkpoint(walk))  # type: ignore[attr-defined]
        report["idle"] = await watch(lambda: None, lambda: True, tail=0.3)
        for name in ("first", "second"):
            record = finished_walk(today)
            took: list[float] = []
            futures: list[object] = []

            def job(store: object, r: object = record, took: list[float] = took) -> None:
                t0 = time.perf_counter()
                _save(store, r)  # type: ignore[arg-type]
                took.append(time.perf_counter() - t0)

            def submit(futures: list[object] = futures, job: object = job) -> None:
                futures.append(app.store_submit(job))  # type: ignore[attr-defined]

            collections.clear()
            report[f"{name}_stall"] = await watch(submit, lambda f=futures: f[0].done())
            futures[0].result()  # type: ignore[attr-defined]
            report[f"{name}_save"] = took[0]
            report[f"{name}_collections"] = list(collections)
            await app.store_call(lambda s, w=walk: s.write_checkpoint(w))  # type: ignore[attr-defined]
        # Home read again, as on every return to it (from a walk, the plan, history…): the
        # store is read on the store thread, and what the UI thread does with it is watched.
        home = app.screen  # type: ignore[attr-defined]
        for name in ("reload", "reload2"):
            before = home.data
            collections.clear()
            report[f"{name}_stall"] = await watch(
                home.reload, lambda h=home, b=before: h.data is not b and h.target is not None)
            report[f"{name}_collections"] = list(collections)
        gc.callbacks.remove(on_gc)
        app.exit()  # type: ignore[attr-defined]

    def start(app: object) -> None:
        app.run_worker(experiment(app), exclusive=True)  # type: ignore[attr-defined]

    app = stride_app_class(report, start)(_config(opts))
    app.run(headless=True)
    _finish(opts, report)


def cold_save(opts: dict[str, str]) -> None:
    """The first end-of-walk save in a fresh process, as a walk's end does it: the store opened
    as the app opens it (then ``gc.freeze()``, as the app does), the walk's checkpoint written,
    then ``_save`` (add the session, clear the checkpoint) timed; a second save beside it."""
    import gc
    from datetime import date
    from pathlib import Path

    _bench_import()
    from benchmarks.data import finished_walk, walk_in_progress
    from stride_tui.store import Store
    from stride_tui.ui.session import _save

    today = date.fromisoformat(opts["today"])
    report: dict[str, object] = {"mode": "cold-save"}
    t0 = time.perf_counter()
    store = Store.open(Path(opts["data"]))
    report["open"] = time.perf_counter() - t0
    gc.freeze()
    try:
        report["sessions"] = store.session_count()
        store.write_checkpoint(walk_in_progress(today))
        for name in ("first", "second"):
            record = finished_walk(today)
            t0 = time.perf_counter()
            _save(store, record)
            report[name] = time.perf_counter() - t0
            store.write_checkpoint(walk_in_progress(today))
        report["sessions_after"] = store.session_count()
        # The floor: the same two files' bytes (today's month and year's index, as they now
        # are), each written beside, fsynced, renamed and its folder fsynced, with no Stride.
        folder = Path(opts["data"])
        files = [folder / "sessions" / f"{today:%Y-%m}.json", folder / "index" / f"{today:%Y}.json"]
        payloads = [(p, p.read_bytes()) for p in files if p.exists()]
        t0 = time.perf_counter()
        for path, payload in payloads:
            tmp, target = path.with_name(f".{path.name}.floor.tmp"), path.with_name(
                f".{path.name}.floor")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        report["floor"] = time.perf_counter() - t0
        report["floor_bytes"] = sum(len(p) for _, p in payloads)
    finally:
        store.close()
    _write(opts, report)


def command(opts: dict[str, str]) -> None:
    """Run ``argv`` (JSON list) with its output on a terminal (a pty, as a person typing it
    sees it, so Python line-buffers it): the time from starting it to its first line and to
    its exit, its output's size and its peak memory (``ru_maxrss`` of this tiny parent's only
    child)."""
    import pty
    import resource
    import subprocess

    argv = json.loads(opts["argv"])
    env = dict(os.environ)
    env.update(json.loads(opts.get("vars", "{}")))
    main_fd, child_fd = pty.openpty()
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=child_fd, stderr=subprocess.PIPE, env=env,
                            stdin=subprocess.DEVNULL)
    os.close(child_fd)
    first = None
    size = lines = 0
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        if first is None and b"\n" in data:
            first = time.monotonic()
        size += len(data)
        lines += data.count(b"\n")
        if sum(len(c) for c in chunks) < 4096:
            chunks.append(data)
    proc.wait()
    end = time.monotonic()
    os.close(main_fd)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    _write(opts, {"mode": "command", "wall": end - t0,
                  "first_line": (first - t0) if first else None, "bytes": size,
                  "lines": lines, "returncode": proc.returncode,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "head": b"".join(chunks)[:2000].decode(errors="replace"), "stderr": err[-2000:]})


def naive_sleep(opts: dict[str, str]) -> None:
    """What counting ticks does: ``sleep(1)``, update the clock text, count a second."""
    seconds = int(opts["seconds"])
    start = time.monotonic()
    drift: list[float] = []
    for n in range(1, seconds + 1):
        time.sleep(1)
        elapsed = n  # what a tick-counting clock believes
        _ = f"{elapsed // 60}:{elapsed % 60:02d}"
        drift.append(time.monotonic() - start - n)
    _write(opts, {"mode": "naive-sleep", "drift": drift})


def timer_probe(opts: dict[str, str]) -> None:
    """How late Textual's ``set_timer`` fires when the loop is kept busy right after arming."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    busy_for = (0.0, 0.01, 0.02)
    rounds = int(opts.get("rounds", "8"))
    late: dict[float, list[float]] = {b: [] for b in busy_for}
    plan = [b for _ in range(rounds) for b in busy_for]

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("timer probe")

        def on_mount(self) -> None:
            self.arm()

        def arm(self) -> None:
            if not plan:
                self.exit()
                return
            busy = plan.pop(0)
            due = time.monotonic() + 0.2
            self.set_timer(0.2, lambda: self.fired(busy, due))
            t0 = time.monotonic()
            while time.monotonic() - t0 < busy:
                pass

        def fired(self, busy: float, due: float) -> None:
            late[busy].append(time.monotonic() - due)
            self.arm()

    Probe().run(headless=True)
    _write(opts, {"mode": "timer-probe", "late": [[b, v] for b, v in late.items()]})


def main() -> None:
    mode, opts = _args()
    if mode.startswith("bare-"):
        bare(mode, opts)
    elif mode == "stride-paint":
        stride_paint(opts)
    elif mode == "stride-walk":
        stride_walk(opts)
    elif mode == "stride-screen":
        stride_screen(opts)
    elif mode == "save-stall":
        save_stall(opts)
    elif mode == "cold-save":
        cold_save(opts)
    elif mode == "command":
        command(opts)
    elif mode == "naive-sleep":
        naive_sleep(opts)
    elif mode == "timer-probe":
        timer_probe(opts)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
