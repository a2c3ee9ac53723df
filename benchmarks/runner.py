"""``python -m benchmarks [--quick] [--only SECTION,...] [--output FILE]``

Runs every section, prints the summary table and writes ``benchmarks/results.md``. Each
section runs on its own: one that fails is reported as failed and the others still run.

Sections (in run order):
    startup   start-up to the first screen, headless, against the bare app
    tmux      the same in a real terminal (tmux), polled with capture-pane
    memory    peak RSS on the walk, history and Home screens with 3,650 sessions
    store     checkpoint, end-of-walk save and weekly summary with 3,650 sessions
    progress  `stride progress --json` end to end, against `json.load` of the same file
    stall     the UI loop's longest stall during the end-of-walk save, off-thread vs inline
    walk      real walks at time scale 1 (cue lateness, walk end), CPU on the walk screen
              against the bare ticker, and a naive sleep(1) loop, all side by side
    alerts    benchmarks/alert_latency.py (sound and notification latency)
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks import report as rep
from benchmarks.children import NEEDLES
from benchmarks.procs import (
    PY,
    ROOT,
    Finished,
    PaneRun,
    child_env,
    run_child,
    run_command,
    spawn_child,
    tmux_time_to_text,
)
from benchmarks.report import Row, Section, median, ms, percentile, ratio, worst

SECTIONS = ("startup", "tmux", "memory", "store", "progress", "stall", "walk", "alerts")
RESULTS = ROOT / "benchmarks" / "results.md"


# The CPU window on the walk screen: a walk of the programme's 20-minute minimum dose, measured
# from 5 s after it starts (the walk's opening notice shows for 4 s).
CPU_WALK_MINUTES = 20
CPU_SETTLE = 5.0


@dataclass
class Settings:
    mode: str = "full"
    repeats: int = 15  # process-level runs per app (after one discarded warm-up round)
    memory_repeats: int = 3
    cpu_window: float = 60.0  # seconds of CPU measured on the walk screen
    walks: tuple[int, ...] = (3, 1)  # minutes; the first is the main one
    walk_scale: float = 1.0  # only the smoke test speeds the clock up
    naive_seconds: int = 180
    sessions: int = 3650
    checkpoints: int = 200
    saves: int = 20
    summaries: int = 20
    stall_repeats: int = 5
    hold: float = 2.0  # seconds an app is held on a screen for its peak memory
    warmup: bool = True  # one discarded round before the timed ones
    timeout_slack: float = 60.0
    sections: tuple[str, ...] = SECTIONS

    @classmethod
    def full(cls) -> Settings:
        return cls()

    @classmethod
    def quick(cls) -> Settings:
        return cls(mode="quick", repeats=3, memory_repeats=1, cpu_window=20.0, walks=(1,),
                   naive_seconds=60, checkpoints=100, saves=5, summaries=10, stall_repeats=3)

    @classmethod
    def smoke(cls) -> Settings:
        """Tiny inputs for tests/test_benchmarks_smoke.py: every piece runs, nothing is timed
        seriously (the walk's clock runs 30× fast)."""
        return cls(mode="smoke", repeats=1, memory_repeats=1, cpu_window=1.0, walks=(1,),
                   walk_scale=30.0, naive_seconds=2, sessions=30, checkpoints=5, saves=2,
                   summaries=2, stall_repeats=1, hold=0.3, warmup=False,
                   sections=SECTIONS[:-1])


@dataclass
class Context:
    settings: Settings
    scratch: Path
    today: date
    profile_dir: Path = field(init=False)
    walk_profile_dir: Path = field(init=False)
    history_dir: Path = field(init=False)

    def fresh(self, template: Path, name: str) -> Path:
        from benchmarks.data import fresh_copy

        intact(template)
        return fresh_copy(template, self.scratch, name)


def intact(data_dir: Path) -> Path:
    """Raise if Stride set the data file aside (it could not read it) or it is gone."""
    if not (data_dir / "stride.json").is_file():
        raise RuntimeError(f"{data_dir}/stride.json is gone; the folder holds "
                           f"{sorted(p.name for p in data_dir.iterdir())}")
    return data_dir


# --- start-up -----------------------------------------------------------------------------------


def _interleaved(
    settings: Settings, kinds: dict[str, Callable[[], float]]
) -> dict[str, list[float]]:
    """Run each kind ``repeats`` times, alternating the order every round, after one warm-up
    round that is thrown away (it fills the page cache for everyone alike)."""
    times: dict[str, list[float]] = {k: [] for k in kinds}
    names = list(kinds)
    first = 0 if settings.warmup else 1
    for round_ in range(first, settings.repeats + 1):
        for name in names if round_ % 2 else names[::-1]:
            value = kinds[name]()
            if round_:
                times[name].append(value)
    return times


def _instructions(argv: list[str]) -> int | None:
    """How many instructions the process ``argv`` runs, counted by callgrind (None if it
    failed)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True, text=True, timeout=600, env=child_env(), check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if done.returncode == 0 and found else None


def section_startup(ctx: Context) -> Section:
    s = Section("Start-up to the first screen, headless")
    sc, today = ctx.scratch, ctx.today.isoformat()
    first_paint: list[float] = []
    first_paint_10y: list[float] = []

    def bare() -> float:
        f = run_child("bare-paint", sc, timeout=30)
        return f.report["first_paint"] - f.spawned

    def stride(data: Path, firsts: list[float]) -> Callable[[], float]:
        def run() -> float:
            f = run_child("stride-paint", sc, timeout=60, data=intact(data), today=today)
            firsts.append(f.report["first_paint"] - f.spawned)
            return f.report["first_screen"] - f.spawned
        return run

    def textual_import() -> float:
        return run_command([PY, "-c", "import textual.app"], sc, "import", timeout=30).wall

    def stride_import() -> float:
        return run_command([PY, "-c", "import stride_tui.ui.app, stride_tui.ui.screens.home"],
                           sc, "import-stride", timeout=30).wall

    def python_bare() -> float:
        return run_command([PY, "-c", "pass"], sc, "python", timeout=30).wall

    t = _interleaved(ctx.settings, {
        "bare": bare, "stride": stride(ctx.profile_dir, first_paint),
        "stride_10y": stride(ctx.history_dir, first_paint_10y),
        "import": textual_import, "import_stride": stride_import, "python": python_bare,
    })
    n = ctx.settings.repeats
    first_paint, first_paint_10y = first_paint[-n:], first_paint_10y[-n:]
    b = median(t["bare"])
    st = median(t["stride"])
    s.rows += [
        Row(f"Start-up to first screen, headless (median of {n})", ms(st), ms(b), ratio(st, b),
            "≤ 1.2× bare", st <= 1.2 * b),
        Row("  … with 3,650 sessions in the store", ms(median(t["stride_10y"])), ms(b),
            ratio(median(t["stride_10y"]), b), "(for information)"),
    ]
    s.details += [
        "Each run is a fresh `python` process; the time is from just before the parent starts "
        "it to the first paint of the screen (the app's `_display` receiving its first "
        "compositor update, stamped with `time.monotonic()` in the child). The bare app is one "
        "Label and exits at its first paint; Stride is timed to the first paint of Home with "
        "its data (a Static showing one of " + ", ".join(f"\"{n}\"" for n in NEEDLES) + "; the "
        "store is opened and read on the store thread), with a profile in the data folder. "
        "Runs alternate order each round; one warm-up round is discarded.",
        "",
        "| | median | min | max |",
        "|---|---|---|---|",
    ]
    for label, values in (
        ("`python -c pass`", t["python"]),
        ("`python -c 'import textual.app'` (process wall time)", t["import"]),
        ("`python -c 'import stride_tui.ui.app, stride_tui.ui.screens.home'`",
         t["import_stride"]),
        ("bare app, first paint", t["bare"]),
        ("Stride, first paint (header, before Home's data)", first_paint),
        ("Stride, Home with \"Today:\" painted", t["stride"]),
        ("Stride with 3,650 sessions, first paint", first_paint_10y),
        ("Stride with 3,650 sessions, Home painted", t["stride_10y"]),
    ):
        s.details.append(f"| {label} | {ms(median(values))} | {ms(min(values))} | "
                         f"{ms(max(values))} |")
    # The same two starts counted in instructions, which the machine's noise does not move.
    if ctx.settings.mode == "full" and shutil.which("valgrind"):
        child = str(ROOT / "benchmarks" / "children.py")
        bare_ir = _instructions([PY, child, "bare-paint", f"out={sc / 'ir-bare.json'}"])
        stride_ir = _instructions([PY, child, "stride-paint", f"out={sc / 'ir-stride.json'}",
                                   f"data={intact(ctx.profile_dir)}", f"today={today}"])
        if bare_ir and stride_ir:
            s.rows.append(Row(
                "  … in instructions to the first screen (callgrind, the whole process)",
                f"{stride_ir / 1e6:,.0f} M", f"{bare_ir / 1e6:,.0f} M",
                ratio(stride_ir, bare_ir), "(for information: free of timing noise)"))
            s.details += [
                "",
                "Instructions: each app run once more under `valgrind --tool=callgrind`, which "
                "counts every instruction the process runs until it exits at that first "
                "paint (every thread, start-up and exit included). Unlike the times above, "
                "the count does not move with the machine's load.",
            ]
    s.extra = {"stride": st, "bare": b, "import_textual": median(t["import"]),
               "import_stride": median(t["import_stride"]),
               "paint_to_home": median([a - f for a, f in zip(t["stride"], first_paint,
                                                             strict=True)])}
    return s


def section_tmux(ctx: Context) -> Section:
    s = Section("Start-up to the first screen in a real terminal (tmux)")
    if shutil.which("tmux") is None:
        s.error = "tmux is not installed (Debian: apt-get install tmux)"
        return s
    env = child_env(STRIDE_TODAY=ctx.today.isoformat())
    poll = 0.005

    lingered = {"bare": 0, "stride": 0}
    killed = {"bare": 0, "stride": 0}

    def measured(name: str, run: PaneRun) -> float:
        lingered[name] += run.lingered
        killed[name] += run.needed_kill
        return run.seconds

    def bare() -> float:
        out = ctx.scratch / "tmux-bare.json"
        return measured("bare", tmux_time_to_text(
            [PY, str(ROOT / "benchmarks" / "children.py"), "bare-static", f"out={out}"],
            ("Bare app ready",), env, poll=poll))

    def stride() -> float:
        data = ctx.fresh(ctx.profile_dir, "tmux")
        return measured("stride", tmux_time_to_text(
            [PY, "-m", "stride_tui", "--data-dir", str(data), "--mute", "--no-notify"],
            NEEDLES, env, poll=poll))

    t = _interleaved(ctx.settings, {"bare": bare, "stride": stride})
    runs = ctx.settings.repeats + (1 if ctx.settings.warmup else 0)
    b, st = median(t["bare"]), median(t["stride"])
    s.rows.append(Row(f"Start-up to first screen, tmux 100×30 (median of {ctx.settings.repeats})",
                      ms(st), ms(b), ratio(st, b), "≤ 1.2× bare", st <= 1.2 * b))
    s.details += [
        "A private tmux server (`tmux -L`, no config) with a 100×30 session; the time runs from "
        "`respawn-pane` starting the command to the first `capture-pane` (polled every "
        f"{poll * 1000:.0f} ms) that shows the text: for `python -m stride_tui --data-dir DIR "
        "--mute --no-notify` (the real command, a profile in DIR), Home with its data (one of "
        + ", ".join(f"\"{n}\"" for n in NEEDLES) + "); \"Bare app ready\" for the bare app. "
        "Both include tmux's own start of the pane and the polling granularity.",
        "",
        f"- bare app: median {ms(b)}, min {ms(min(t['bare']))}, max {ms(max(t['bare']))}",
        f"- Stride: median {ms(st)}, min {ms(min(t['stride']))}, max {ms(max(t['stride']))}",
        "",
        "Closing: each pane's tmux server is killed after the measurement, which hangs up on "
        "the app. Still running 3 s later (then sent SIGTERM, and SIGKILL if that did not "
        f"end it within 2 s): Stride {lingered['stride']} of {runs} (SIGKILL needed: "
        f"{killed['stride']}), bare app {lingered['bare']} of {runs} (SIGKILL needed: "
        f"{killed['bare']}).",
    ]
    s.extra = {"lingered": lingered["stride"], "killed": killed["stride"], "runs": runs}
    if lingered["stride"]:
        s.rows.append(Row("Stride exits when its terminal goes away (tmux killed)",
                          f"{runs - lingered['stride']} of {runs}",
                          f"{runs - lingered['bare']} of {runs}", "", "exits every time",
                          False))
    return s


# --- memory ---------------------------------------------------------------------------------------


def section_memory(ctx: Context) -> Section:
    s = Section("Peak memory (max RSS)")
    sc, today = ctx.scratch, ctx.today.isoformat()
    results: dict[str, list[int]] = {"bare": [], "walk": [], "history": [], "home": [],
                                     "json": []}
    shown: dict[str, str] = {}
    # A floor for the data: Python parsing the same stride.json, and nothing else.
    parse = ("import json, sys; json.load(open(sys.argv[1], 'rb')); "
             "print(next(l.split()[1] for l in open('/proc/self/status') "
             "if l.startswith('VmHWM:')))")
    for round_ in range(ctx.settings.memory_repeats):
        order = list(results) if round_ % 2 == 0 else list(results)[::-1]
        for name in order:
            if name == "bare":
                f = run_child("bare-static", sc, timeout=30, hold=ctx.settings.hold)
            elif name == "json":
                f = run_command([PY, "-c", parse, str(ctx.history_dir / "stride.json")], sc,
                                "json-parse", timeout=60)
                f.report["vm_hwm_kb"] = int(f.log.split()[-1])
            else:
                f = run_child("stride-screen", sc, timeout=90, screen=name,
                              hold=ctx.settings.hold,
                              data=ctx.fresh(ctx.history_dir, f"mem-{name}"), today=today)
                shown[name] = f.report.get("shown", "?")
            # The child's own high-water mark (VmHWM), read as it exits: wait4's ru_maxrss
            # would start from this runner's RSS at fork (Linux keeps it across exec).
            results[name].append(f.report["vm_hwm_kb"])
    b = median(results["bare"])
    n = ctx.settings.sessions
    for name, label in (("walk", "walk screen"), ("history", "history screen"),
                        ("home", "Home")):
        v = median(results[name])
        s.rows.append(Row(f"Peak RSS, {label}, {n:,} sessions", f"{v / 1024:.1f} MB",
                          f"{b / 1024:.1f} MB", ratio(v, b), "(for information)"))
    s.details += [
        f"Each app runs headless in its own process and is held {ctx.settings.hold:g} s on the "
        "screen, then exits; "
        "the peak resident set is the child's own high-water mark (`VmHWM` in "
        "`/proc/self/status`, read as the app returns; `ru_maxrss` from `wait4` is not used: "
        "Linux carries the parent's peak across fork and exec). "
        f"Stride's data folder holds {n:,} daily walks "
        "(~15 cues each) and a profile; the bare app is one Label. Median of "
        f"{ctx.settings.memory_repeats}; screens reached: "
        + ", ".join(f"{k} → `{v}`" for k, v in shown.items()) + ".",
        "",
        "| | median | runs |",
        "|---|---|---|",
    ]
    labels = {"bare": "bare app", "walk": "Stride, walk screen",
              "history": "Stride, history screen", "home": "Stride, Home",
              "json": "`python -c 'json.load(stride.json)'` (the data alone)"}
    s.details += [f"| {labels[k]} | {median(v) / 1024:.1f} MB | "
                  f"{', '.join(f'{x / 1024:.1f}' for x in v)} |" for k, v in results.items()]
    return s


# --- the store ----------------------------------------------------------------------------------


def section_store(ctx: Context) -> Section:
    st = ctx.settings
    s = Section(f"The store with {st.sessions:,} sessions")
    f = run_command(
        [PY, "-m", "benchmarks.store_bench", f"data={ctx.fresh(ctx.history_dir, 'store')}",
         f"today={ctx.today.isoformat()}", f"out={ctx.scratch / 'store.json'}",
         f"checkpoints={st.checkpoints}", f"saves={st.saves}", f"summaries={st.summaries}"],
        ctx.scratch, "store", timeout=300 + st.saves * 10,
    )
    import json

    r: dict[str, Any] = json.loads((ctx.scratch / "store.json").read_text())
    del f
    cp, cpf = r["checkpoint"], r["checkpoint_floor"]
    sv, svf = r["save"], r["save_floor"]
    ws, pipe = r["week_summary"], r["pipeline"]
    s.rows += [
        Row(f"Checkpoint write, median of {len(cp)}", ms(median(cp)), ms(median(cpf)),
            ratio(median(cp), median(cpf)), "≤ 1 ms", median(cp) <= 0.001),
        Row("Checkpoint write, p99 / worst", f"{ms(percentile(cp, 99))} / {ms(worst(cp))}",
            f"{ms(percentile(cpf, 99))} / {ms(worst(cpf))}", ratio(worst(cp), worst(cpf)),
            "≤ 1 ms", worst(cp) <= 0.001),
        Row(f"End-of-walk save (add_session + clear_checkpoint), median / worst of {len(sv)}",
            f"{ms(median(sv))} / {ms(worst(sv))}", f"{ms(median(svf))} / {ms(worst(svf))}",
            ratio(median(sv), median(svf)), "off the UI thread (see stall)"),
        Row("week_summary over SessionsByDay, median / worst",
            f"{ms(median(ws))} / {ms(worst(ws))}", "", "", "≤ 100 ms", worst(ws) <= 0.1),
        Row("Weekly summary incl. loading every session (what `stride progress` does)",
            f"{ms(median(pipe))} / {ms(worst(pipe))}", "", "", "≤ 100 ms",
            median(pipe) <= 0.1),
    ]
    s.details += [
        f"Run in its own process on a copy of a data folder with {r['sessions']:,} daily walks "
        f"(a {r['db_bytes'] / 1e6:.1f} MB `stride.json`; opening it took {ms(r['open'])}). "
        "Floors: the checkpoint's same JSON written with `open`/`write`/`os.replace` (Stride's "
        "checkpoint is not fsynced either); for the save, the whole database encoded with "
        "`json.dumps` and written with fsync and rename, as Stride's store does, without TinyDB.",
        "",
        "| operation | median | p99 | worst | floor median | floor worst |",
        "|---|---|---|---|---|---|",
        f"| checkpoint ({r['checkpoint_bytes']} bytes) | {ms(median(cp))} | "
        f"{ms(percentile(cp, 99))} | {ms(worst(cp))} | {ms(median(cpf))} | {ms(worst(cpf))} |",
        f"| end-of-walk save | {ms(median(sv))} | {ms(percentile(sv, 99))} | {ms(worst(sv))} | "
        f"{ms(median(svf))} | {ms(worst(svf))} |",
        "",
        "Weekly summary (this week, with a profile ten years old):",
        "",
        "| step | median | worst |",
        "|---|---|---|",
    ]
    for key, label in (
        ("load_all", f"`sessions_between(1970-01-01, Sunday)`: {r['loaded_sessions']:,} records"),
        ("index", "`SessionsByDay(...)`"),
        ("week_summary", "`week_summary(...)`"),
        ("weekly_minutes", "`weekly_minutes(..., 12)`"),
        ("pipeline", "all four (what `stride progress` does after opening the store)"),
        ("home_summary", "Home's summary: last 21 days loaded + index + week_summary"),
    ):
        s.details.append(f"| {label} | {ms(median(r[key]))} | {ms(worst(r[key]))} |")
    s.extra = {"checkpoint": median(cp), "checkpoint_worst": worst(cp),
               "checkpoint_floor": median(cpf),
               "checkpoint_floor_worst": worst(cpf), "checkpoint_floor_p99": percentile(cpf, 99),
               "checkpoint_p99": percentile(cp, 99), "load_all": median(r["load_all"]),
               "index": median(r["index"]), "week_summary": median(ws),
               "pipeline": median(pipe), "loaded": r["loaded_sessions"],
               "save": median(sv), "save_floor": median(svf)}
    return s


def section_progress(ctx: Context) -> Section:
    s = Section("`stride progress --json` end to end")
    data = ctx.history_dir
    env = child_env(STRIDE_TODAY=ctx.today.isoformat())
    sc = ctx.scratch
    outputs: list[str] = []

    def cli() -> float:
        f = run_command([PY, "-m", "stride_tui", "--data-dir", str(data), "progress", "--json"],
                        sc, "progress", timeout=60, env=env)
        outputs.append(f.log)
        return f.wall

    def floor() -> float:
        return run_command(
            [PY, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))",
             str(data / "stride.json")], sc, "json-load", timeout=60).wall

    def python_bare() -> float:
        return run_command([PY, "-c", "pass"], sc, "python", timeout=30).wall

    t = _interleaved(ctx.settings, {"cli": cli, "floor": floor, "python": python_bare})
    import json

    week = json.loads(outputs[-1]).get("week", "?")
    c, fl = median(t["cli"]), median(t["floor"])
    s.rows.append(Row(f"`stride progress --json`, {ctx.settings.sessions:,} sessions (process)",
                      ms(c), ms(fl) + " (json.load)", ratio(c, fl), "(for information)"))
    s.details += [
        f"Wall time of the whole process, median of {ctx.settings.repeats}, interleaved: "
        f"`python -m stride_tui --data-dir DIR progress --json` (week {week}) against the floor "
        "`python -c \"json.load(open('DIR/stride.json','rb'))\"` and `python -c pass`.",
        "",
        f"- `stride progress --json`: median {ms(c)}, min {ms(min(t['cli']))}, "
        f"max {ms(max(t['cli']))}",
        f"- `json.load` of the same file: median {ms(fl)}",
        f"- `python -c pass`: median {ms(median(t['python']))}",
    ]
    return s


def section_stall(ctx: Context) -> Section:
    s = Section("The end-of-walk save and the UI thread")
    f = run_child("save-stall", ctx.scratch, timeout=120 + 20 * ctx.settings.stall_repeats,
                  data=ctx.fresh(ctx.history_dir, "stall"), today=ctx.today.isoformat(),
                  repeats=ctx.settings.stall_repeats)
    r = f.report
    off, inline, idle = r["off_thread"], r["inline"], r["idle"]
    s.rows.append(Row(
        f"UI loop's longest stall during a save ({r['sessions']:,} sessions), off-thread",
        ms(median(off)), ms(median(inline)) + " (inline)", ratio(median(off), median(inline)),
        "save off the UI thread", median(off) < 0.5 * median(inline)))
    s.details += [
        "Stride runs headless on Home with the ten-year store. A 1 ms `asyncio.sleep` loop on "
        "the UI's event loop records its longest gap (less the 1 ms) while the end-of-walk "
        "save (`add_session` + `clear_checkpoint`, the driver's own `_save`) runs: once through "
        "`store_submit` on the store thread, as Stride does it, and once called inline on the "
        f"UI thread. {len(off)} of each, alternating.",
        "",
        "| | median | worst |",
        "|---|---|---|",
        f"| longest stall, idle (0.3 s, nothing running) | {ms(median(idle))} | "
        f"{ms(worst(idle))} |",
        f"| longest stall, save on the store thread | {ms(median(off))} | {ms(worst(off))} |",
        f"| longest stall, save inline on the UI thread | {ms(median(inline))} | "
        f"{ms(worst(inline))} |",
        f"| the save itself, on the store thread | {ms(median(r['save_off_thread']))} | "
        f"{ms(worst(r['save_off_thread']))} |",
        f"| the save itself, inline | {ms(median(r['save_inline']))} | "
        f"{ms(worst(r['save_inline']))} |",
        f"| longest stall, `json.dumps` of the same sessions in a plain thread | "
        f"{ms(median(r['encode_thread']))} | {ms(worst(r['encode_thread']))} |",
        f"| that `json.dumps` itself | {ms(median(r['encode']))} | {ms(worst(r['encode']))} |",
        "",
        "The last two rows need no Stride code: Python's C JSON encoder keeps the GIL for the "
        "whole encoding, so any thread encoding the file stops the UI's loop for about as long.",
    ]
    s.extra = {"off": median(off), "inline": median(inline),
               "encode_thread": median(r["encode_thread"]), "encode": median(r["encode"])}
    return s


# --- the walk: timing and CPU, side by side -----------------------------------------------------


def analyse_walk(r: dict[str, Any]) -> dict[str, Any]:
    """Real-time lateness of every cue, of every second's display tick, and of the walk's end.

    Each delivery is stamped (clock seconds since the walk's anchor) as the driver's ``apply``
    is entered; cue lateness = that stamp − cue.at, in real seconds (÷ the clock's scale)."""
    scale, total = r["scale"], r["walk_seconds"]
    deliveries = sorted((e, kinds, ats) for e, kinds, ats in r["deliveries"])
    cues = [((e - at) / scale, at) for e, _, ats in deliveries for at in ats]
    ends = [(e - total) / scale for e, kinds, _ in deliveries if "WalkEnded" in kinds]
    ticks: list[tuple[int, float]] = []
    stamps = [e for e, _, _ in deliveries]
    i = 0
    for k in range(1, total + 1):
        while i < len(stamps) and stamps[i] < k - 1e-9:
            i += 1
        if i < len(stamps):
            ticks.append((k, (stamps[i] - k) / scale))
    early = sum(1 for e in stamps if 0 < math.ceil(e) - e < 0.01)
    half = total / 2
    return {
        "minutes": total // 60,
        "cues": cues,
        "cue_late": [c for c, _ in cues],
        "expected_cues": len(r["cues"]),
        "end": ends[0] if ends else float("nan"),
        "ticks": [t for _, t in ticks],
        "first_half": [t for k, t in ticks if k <= half],
        "second_half": [t for k, t in ticks if k > half],
        "first_minute": [t for k, t in ticks if k <= 60],
        "last_minute": [t for k, t in ticks if k > total - 60],
        "early_wakeups": early,
        "deliveries": len(deliveries),
    }


def section_walk(ctx: Context) -> Section:
    st = ctx.settings
    s = Section("A real walk: cue timing, CPU on the walk screen, a naive sleep loop")
    sc, today = ctx.scratch, ctx.today.isoformat()
    slack = st.timeout_slack

    # The timer probe first, on its own: what does Textual's set_timer do when the loop is busy
    # right after arming it? (It explains the lateness figures; see the details.)
    probe = run_child("timer-probe", sc, timeout=60).report

    # The CPU window: a walk of the programme's minimum dose, measured once the walk screen has
    # settled (its opening notice closes after 4 s). A walk so short that its progress bar moves
    # every second, measured from 2 s, is run beside it for information.
    settle = CPU_SETTLE
    cpu_minutes = max(CPU_WALK_MINUTES, math.ceil((settle + st.cpu_window + 10) / 60))
    short_minutes = max(2, math.ceil((2 + st.cpu_window + 10) / 60))
    running = {
        "cpu_bare": spawn_child("bare-ticker", sc, window=st.cpu_window, settle=settle),
        "cpu_stride": spawn_child("stride-walk", sc, data=ctx.fresh(ctx.walk_profile_dir, "cpu"),
                                  today=today, minutes=cpu_minutes, window=st.cpu_window,
                                  settle=settle),
        "cpu_short": spawn_child("stride-walk", sc,
                                 data=ctx.fresh(ctx.walk_profile_dir, "cpu-short"), today=today,
                                 minutes=short_minutes, window=st.cpu_window, settle=2),
        "naive": spawn_child("naive-sleep", sc, seconds=st.naive_seconds),
    }
    for minutes in st.walks:
        running[f"walk{minutes}"] = spawn_child(
            "stride-walk", sc, data=ctx.fresh(ctx.walk_profile_dir, f"walk{minutes}"),
            today=today, minutes=minutes, scale=st.walk_scale)
    longest = max([st.naive_seconds, st.cpu_window + 30] +
                  [m * 60 / st.walk_scale + 10 for m in st.walks])
    done: dict[str, Finished] = {}
    for name, child in running.items():
        done[name] = child.wait(longest + slack)

    def cpu(f: Finished) -> tuple[float, float, float]:
        r = f.report
        wall = r["window_end"] - r["window_start"]
        used = r["cpu_end"] - r["cpu_start"]
        return used / wall * 100, used, wall

    sp, s_used, s_wall = cpu(done["cpu_stride"])
    bp, b_used, b_wall = cpu(done["cpu_bare"])
    screen = done["cpu_stride"].report.get("screen", "?")
    short, short_used, short_wall = cpu(done["cpu_short"])
    s.rows.append(Row(f"CPU on the live walk screen, {cpu_minutes}-min walk, "
                      f"{st.cpu_window:.0f} s window (% of a core)",
                      f"{sp:.3f} %", f"{bp:.3f} % (ticker)", ratio(sp, bp),
                      "≤ 0.5 % and ≤ 1.5× bare", sp <= 0.5 and sp <= 1.5 * bp))
    s.rows.append(Row(f"  … a {short_minutes}-min walk (its bar moves every second), window from "
                      "2 s (its opening notice closes in it)", f"{short:.3f} %",
                      f"{bp:.3f} % (ticker)", ratio(short, bp), "(for information)"))

    # Where the walk screen's CPU goes: a shorter window again, profiled (the UI thread only).
    window = min(10.0, st.cpu_window)
    prof_path = sc / "walk-window.prof"
    run_child("stride-walk", sc, timeout=window + 60 + slack,
              data=ctx.fresh(ctx.walk_profile_dir, "profile"), today=today,
              minutes=max(CPU_WALK_MINUTES, math.ceil((settle + window + 10) / 60)), window=window,
              settle=settle, profile=prof_path)
    shares = profile_shares(prof_path)

    walks = [analyse_walk(done[f"walk{m}"].report) for m in st.walks]
    main = walks[0]
    naive = done["naive"].report["drift"]
    span = main["minutes"] * 60
    naive_at_span = naive[min(len(naive), int(span / st.walk_scale)) - 1]
    late, end = main["cue_late"], main["end"]
    # The bare app's own timer, armed with nothing else to do: how late it fires.
    bare_timer = [v for busy, values in probe["late"] if busy == 0 for v in values]
    bare_ref = f"{ms(median(bare_timer))} / {ms(worst(bare_timer))} (bare app's set_timer)"
    s.rows += [
        Row(f"Cue lateness, {main['minutes']}-min walk, median / worst ({len(late)} cues)",
            f"{ms(median(late))} / {ms(worst(late))}", bare_ref,
            ratio(median(late), median(bare_timer)), "worst ≤ 50 ms",
            worst(late) <= 0.05 and len(late) == main["expected_cues"]),
        Row("Display tick lateness (every second), median / worst",
            f"{ms(median(main['ticks']))} / {ms(worst(main['ticks']))}", bare_ref,
            ratio(median(main["ticks"]), median(bare_timer)), "(for information)"),
        Row(f"Walk end error ({main['minutes']} min)", ms(end),
            f"{ms(naive_at_span)} (naive sleep(1) drift)", ratio(end, naive_at_span),
            "≤ 5 ms", abs(end) <= 0.005),
    ]
    growth = median(main["second_half"]) - median(main["first_half"])
    s.rows.append(Row(
        "Growth with the walk: tick lateness 1st half → 2nd half, median / worst",
        f"{ms(median(main['first_half']))} → {ms(median(main['second_half']))} / "
        f"{ms(worst(main['first_half']))} → {ms(worst(main['second_half']))}",
        f"{ms(naive[len(naive) // 2 - 1])} → {ms(naive[-1])} (naive drift)", "",
        "no growth", growth <= 0.001))
    if len(walks) > 1:
        other = walks[1]
        # Judged on every display tick of each walk, not on the one end sample of each.
        s.rows.append(Row(
            f"  {other['minutes']}-min vs {main['minutes']}-min walk: tick lateness median; "
            "end error",
            f"{ms(median(other['ticks']))} vs {ms(median(main['ticks']))}; "
            f"{ms(other['end'])} vs {ms(end)}", "", "", "no growth (tick medians)",
            median(main["ticks"]) <= median(other["ticks"]) + 0.001))

    walk_names = "- and ".join(str(m) for m in st.walks) + "-minute"
    s.details += [
        f"All side by side, started together: the {walk_names} walk"
        f"{'s' if len(st.walks) > 1 else ''}, the CPU pair and the naive loop. Each walk is a "
        f"headless Stride at time scale "
        f"{st.walk_scale:g} on the real `SystemClock` with no-op alerts: the check-in is answered "
        "(no red flags, pain 1) and the warm-up skipped through the driver "
        "(`check_in([], 1)`, `skip_all()`), as the keys would. The profile has "
        "spinal stenosis and spondylolisthesis, which add cues. Every call of the driver's "
        "`apply(events)` is stamped on entry; a cue's lateness is that stamp minus (walk anchor "
        "+ `cue.at`), the end error the stamp of the delivery carrying `WalkEnded` minus "
        "(anchor + walk length). A display tick's lateness is, for each whole second k, the "
        "first delivery at or after k minus k. Growth is judged on the medians of the ticks "
        "(every second of each walk, within 1 ms), not on single samples such as the end.",
        "",
        "| walk | cues: median / worst | ticks: median / p95 / worst | first minute median | "
        "last minute median | end error | wake-ups just before a second |",
        "|---|---|---|---|---|---|---|",
    ]
    for w in walks:
        s.details.append(
            f"| {w['minutes']} min | {ms(median(w['cue_late']))} / {ms(worst(w['cue_late']))} "
            f"({len(w['cue_late'])} of {w['expected_cues']}) | {ms(median(w['ticks']))} / "
            f"{ms(percentile(w['ticks'], 95))} / {ms(worst(w['ticks']))} | "
            f"{ms(median(w['first_minute']))} | {ms(median(w['last_minute']))} | "
            f"{ms(w['end'])} | {w['early_wakeups']} |")
    s.details += ["", "Each cue of the main walk: " + ", ".join(
        f"{at} s → {ms(late)}" for late, at in main["cues"]) + "."]
    s.details += [
        "",
        f"Naive loop (`time.sleep(1)`, then count a second): drift after "
        f"{len(naive) // 2} s {ms(naive[len(naive) // 2 - 1])}, after {len(naive)} s "
        f"{ms(naive[-1])} ({ms(naive[-1] / max(1, len(naive)) * 60)} a minute, and growing).",
        "",
        f"CPU: process CPU time (`time.process_time()`, every thread) over a {st.cpu_window:.0f} s "
        f"window starting {settle:.0f} s after a {cpu_minutes}-minute walk started (the "
        "programme's minimum dose; the walk's opening notice has closed by then; screen: "
        f"`{screen}`), against the bare app whose only work is a Label updated by "
        f"`set_interval(1)`, its window starting {settle:.0f} s after it started, run at the "
        f"same time. Stride {s_used * 1000:.0f} ms of CPU in {s_wall:.1f} s; bare "
        f"{b_used * 1000:.0f} ms in {b_wall:.1f} s. For information, the same window from 2 s "
        f"into a {short_minutes}-minute walk — the definition of earlier runs, where the "
        "progress bar moves every second and the opening notice closes inside the window: "
        f"{short_used * 1000:.0f} ms in {short_wall:.1f} s.",
        "",
        f"Where it goes: a second walk-screen window of {window:.0f} s profiled with cProfile "
        f"(the UI thread only; cProfile slows it, so only shares are shown): the UI thread was "
        f"busy {shares['busy'] * 1000:.0f} ms; {shares['layouts']:.0f} full layout passes "
        f"(`Screen._refresh_layout`) took {shares['refresh_layout_share']:.0%} of that, "
        f"{shares['reflows']:.0f} of them reflowing the whole screen (`Compositor.reflow`, "
        f"{shares['reflow_share']:.0%}); the driver's own work (`SessionDriver.apply`, the "
        f"screen's update included) {shares['apply_share']:.0%}. Top functions by own time: "
        + "; ".join(f"`{name}` {share:.0%}" for name, share in shares["top"]) + ".",
        "",
        "Timer probe (why a wake-up is late by about one render): a Textual app arms "
        "`set_timer(0.2)` and then keeps the loop busy for 0, 10 or 20 ms in the same callback; "
        "the timer fires late by: " + "; ".join(
            f"{busy * 1000:.0f} ms busy → {ms(median(v))}" for busy, v in probe["late"]) + ". "
        "Textual starts a timer's countdown when the timer's task first runs, not when "
        "`set_timer` is called, so whatever the loop does right after arming is added to the "
        "wait. Stride's driver therefore arms a plain event-loop timer (`loop.call_later`) that "
        "hands the tick to the app's message queue: what is left of a wake-up's lateness is "
        "the loop finishing what it was doing (usually drawing the previous second's frame).",
    ]
    s.extra = {"cpu_stride": sp, "cpu_bare": bp, "cpu_stride_ms_per_s": s_used / s_wall * 1000,
               "cpu_bare_ms_per_s": b_used / b_wall * 1000, "end": end,
               "tick_median": median(main["ticks"]),
               "probe_busy_10ms": next((median(v) for busy, v in probe["late"]
                                        if abs(busy - 0.01) < 1e-9), float("nan")),
               "layouts_per_s": shares["layouts"] / window, "reflow_share": shares["reflow_share"],
               "refresh_layout_share": shares["refresh_layout_share"]}
    return s


def profile_shares(path: Path) -> dict[str, Any]:
    """Summarise a cProfile dump of the UI thread: busy time, and the shares of the layout
    passes, the reflows and the driver's work in it."""
    import pstats

    stats = pstats.Stats(str(path)).stats  # type: ignore[attr-defined]
    # Waiting for the next event is the epoll call's own time; everything else is work.
    idle = sum(v[2] for (file, _, func), v in stats.items() if file == "~" and "epoll" in func)
    busy = sum(v[2] for v in stats.values()) - idle

    def cum(file_end: str, func: str) -> tuple[float, int]:
        hits = [(ct, nc) for (file, _, f), (_, nc, _, ct, _) in stats.items()
                if f == func and file.endswith(file_end)]
        return (sum(h[0] for h in hits), sum(h[1] for h in hits))

    layout_t, layouts = cum("textual/screen.py", "_refresh_layout")
    reflow_t, reflows = cum("textual/_compositor.py", "reflow")
    apply_t, _ = cum("stride_tui/ui/session.py", "apply")
    own = sorted(((v[2], f"{Path(file).name}:{func}") for (file, _, func), v in stats.items()
                  if not (file == "~" and "epoll" in func)), reverse=True)[:4]
    busy = max(busy, 1e-9)
    return {"busy": busy, "layouts": layouts, "reflows": reflows,
            "refresh_layout_share": layout_t / busy, "reflow_share": reflow_t / busy,
            "apply_share": apply_t / busy, "top": [(name, tt / busy) for tt, name in own]}


# --- alerts -------------------------------------------------------------------------------------


def section_alerts(ctx: Context) -> Section:
    s = Section("Alerts latency (benchmarks/alert_latency.py)")
    try:
        from benchmarks import alert_latency  # written and owned by the alerts work
    except ImportError as exc:
        s.rows.append(Row("Alerts latency", "not available", target=str(exc)[:60]))
        return s
    results = alert_latency.run()
    for key, label in (("sound", "Cue due → sound started"),
                       ("notify", "Cue due → notification arrived")):
        if f"{key}_median_ms" in results:
            s.rows.append(Row(f"{label}, median / worst",
                              f"{results[f'{key}_median_ms']:.1f} / "
                              f"{results[f'{key}_worst_ms']:.1f} ms", "", "",
                              "see alert_latency.py"))
    s.details += [
        "From `benchmarks.alert_latency.run()` (its own docstring says how it measures):",
        "",
        "| measure | value |",
        "|---|---|",
    ]
    s.details += [f"| {k} | {v:.2f} |" for k, v in results.items()]
    return s


RUNNERS: dict[str, Callable[[Context], Section]] = {
    "startup": section_startup, "tmux": section_tmux, "memory": section_memory,
    "store": section_store, "progress": section_progress, "stall": section_stall,
    "walk": section_walk, "alerts": section_alerts,
}


def notes_for(sections: list[Section], idle: float = 1.0) -> list[str]:
    """Plain words for what missed, each with the cause this run's own figures show."""
    by_name = {s.name: s for s in sections}
    notes: list[str] = []
    if idle < 0.5:
        notes.append(f"**The machine was busy** (its cores only {idle:.0%} idle around the run, "
                     "see above): every absolute time carries that noise. Stride and the bare "
                     "app ran interleaved or side by side, so the ratios are fairer than the "
                     "absolute figures, but a quiet machine gives cleaner ones.")
    for s in sections:
        for r in s.rows:
            if r.met is False:
                notes.append(f"**Missed: {r.figure.strip()}** — {r.stride} against {r.target}. "
                             + _why(s, r, by_name))
    for s in sections:
        if s.error:
            notes.append(f"**Did not run: {s.title}** — {s.error.splitlines()[0]}")
    if not any(r.met is False for s in sections for r in s.rows) and not any(
            s.error for s in sections):
        notes.append("Every target with a verdict was met in this run.")
    met = [r.figure.strip() for s in sections for r in s.rows if r.met]
    if met:
        notes.append("Met: " + "; ".join(met) + ".")
    return notes


def _why(s: Section, r: Row, by_name: dict[str, Section]) -> str:
    x = s.extra
    if s.name == "tmux" and "exits" in r.figure:
        return (f"In {x['lingered']:.0f} of {x['runs']:.0f} runs Stride, on Home, was still "
                "running 3 s after its terminal went away (the tmux server killed, a hang-up), "
                f"and in {x['killed']:.0f} it ignored SIGTERM too and needed SIGKILL. Such a "
                "process keeps its data folder's lock, so the next Stride cannot open it.")
    if s.name in ("startup", "tmux"):
        x = by_name["startup"].extra if "startup" in by_name else {}
        if not x:
            return ""
        gap = x["stride"] - x["bare"]
        imports = max(0.0, x["import_stride"] - x["import_textual"])
        rest = gap - imports - x["paint_to_home"]
        cost = (f"costs {ms(imports)} more than" if imports > 0 else
                "costs no more, within the noise, than")
        return (f"Headless ({x['stride'] / x['bare']:.2f}× there), Stride paints Home with its "
                f"data {ms(gap)} after the bare app's first paint: importing Stride's app and "
                f"Home {cost} `import textual.app` alone (process wall "
                f"times); Home's data is painted {ms(x['paint_to_home'])} after Stride's own "
                "first paint (the store opened and read on its thread, the plan and week worked "
                f"out, Home updated); the remaining {ms(rest)} is Stride's set-up before its "
                "first paint (the rest of its imports, its stylesheet, composing Home's "
                "header, boxes and footer).")
    if s.name == "walk" and "CPU" in r.figure:
        return (f"Stride spends {x['cpu_stride_ms_per_s']:.1f} ms of CPU a second on the walk "
                f"screen against the ticker's {x['cpu_bare_ms_per_s']:.1f} ms. The profiled "
                f"window shows {x['layouts_per_s']:.1f} full layout passes a second "
                f"(`Screen._refresh_layout`, {x['refresh_layout_share']:.0%} of the UI thread's "
                "busy time, the reflow alone "
                f"{x['reflow_share']:.0%}). "
                + ("Each second's update lays the screen out again: updating fixed-size "
                   "widgets with `layout=False`, and only when their text changes, is where "
                   "to look." if x["layouts_per_s"] >= 0.9 else
                   "Those come from the cue banner changing size, not from each second's "
                   "update, which repaints only what changed: the clock pair's changed digits "
                   "(five lines of one widget) and the next-cue countdown (one line), where "
                   "the ticker repaints one Label. The rest is Textual's own work for a frame "
                   "a second and the checkpoint every 5 s; compare the short walk's row, "
                   "where the progress bar moves every second too."))
    if s.name == "walk" and ("Growth" in r.figure or "vs" in r.figure):
        return ("Lateness is worked out afresh from the walk's anchor at every wake-up, so a "
                "later half means the machine was busier then; compare the load averages "
                "above and run again.")
    if s.name == "walk":
        return (f"Every wake-up is late by about one screen refresh (ticks: median "
                f"{ms(x['tick_median'])}): the driver's event-loop timer fires on time, and "
                "the tick then waits for the loop to finish what it is doing, such as drawing "
                "the previous frame (the timer probe, busy 10 ms after arming, fired "
                f"{ms(x['probe_busy_10ms'])} late). It does not grow with the walk: each "
                "wake-up is computed from the walk's anchor.")
    if s.name == "store" and "Checkpoint" in r.figure:
        return (f"The floor — the same bytes written with plain `open`/`write`/`os.replace` — "
                f"took {ms(x['checkpoint_floor'])} median, {ms(x['checkpoint_floor_p99'])} p99 "
                f"and {ms(x['checkpoint_floor_worst'])} worst in this run: the file system "
                "sets the tail (and, when it is busy, the median too). Stride's own layer "
                "(checking the record, encoding, the temporary file's name) adds "
                f"{ms(x['checkpoint'] - x['checkpoint_floor'])} at the median "
                f"(Stride {ms(x['checkpoint'])}, p99 {ms(x['checkpoint_p99'])}).")
    if s.name == "store":
        return (f"`week_summary` itself takes {ms(x['week_summary'])} and indexing by day "
                f"{ms(x['index'])}; loading all {x['loaded']:,} sessions from the store "
                f"(`sessions_between(1970-01-01, …)`, each record rebuilt with `from_dict`) "
                f"takes {ms(x['load_all'])}. `stride progress` loads every session to count "
                "the streak; loading the weeks it shows and counting the streak from the "
                "store's day index would keep it far under the budget.")
    if s.name == "stall":
        return (f"The save runs on the store thread, yet the UI loop still stops for "
                f"{ms(x['off'])} (inline: {ms(x['inline'])}): encoding the whole file holds "
                f"the GIL. The same `json.dumps` of the sessions in a plain thread stops the "
                f"loop for {ms(x['encode_thread'])} (the encoding takes {ms(x['encode'])}). "
                "Off the UI thread is not enough while the encoding is one long C call: a "
                "store that appends the new session instead of re-encoding ten years, or an "
                "encoder that yields, would keep the screen live.")
    return ""


def prepare(ctx: Context) -> None:
    from benchmarks.data import build_history_dir, build_profile_dir

    base = ctx.scratch / "templates"
    ctx.profile_dir = build_profile_dir(base / "profile", ctx.today)
    ctx.walk_profile_dir = build_profile_dir(base / "walk-profile", ctx.today,
                                             ("spinal-stenosis", "spondylolisthesis"))
    ctx.history_dir = build_history_dir(base / "ten-years", ctx.today, ctx.settings.sessions)


def compile_sources() -> str:
    """Byte-compile Stride and the benchmark children before timing anything.

    ``pip install .`` compiles a package as it installs it, as it did Textual; an editable
    checkout is compiled by whoever imports it first, unless PYTHONDONTWRITEBYTECODE is set
    (as it can be on CI machines), when every start would compile Stride's modules afresh and
    the comparison with the (compiled) bare app would measure the compiler.
    """
    import compileall

    ok = all(compileall.compile_dir(ROOT / folder, quiet=1, workers=1)
             for folder in ("src", "benchmarks"))
    return ("src/ and benchmarks/ compiled before the run, as `pip install .` compiles an "
            "installed package" if ok else "compiling src/ failed: modules compile at start-up")


def run(settings: Settings, output: Path | None = RESULTS,
        log: Callable[[str], None] = print, keep: bool = False) -> list[Section]:
    started = time.monotonic()
    info = rep.machine()
    info["Byte-code"] = compile_sources()
    info["Before the run"], idle_before = rep.quietness()
    sections: list[Section] = []
    tmp = tempfile.mkdtemp(prefix="stride-benchmarks-")
    if keep:
        log(f"Keeping the scratch folder {tmp}")
    try:
        ctx = Context(settings, Path(tmp), date.today())
        log(f"Stride benchmarks ({settings.mode}): preparing data folders "
            f"({settings.sessions:,} sessions)…")
        prepare(ctx)
        for name in settings.sections:
            log(f"  {name}…")
            t0 = time.monotonic()
            try:
                section = RUNNERS[name](ctx)
            except Exception as exc:
                section = Section(name, error=f"{type(exc).__name__}: {exc}\n\n"
                                  + traceback.format_exc())
            section.seconds = time.monotonic() - t0
            section.name = name
            sections.append(section)
            log(f"    done in {section.seconds:.0f} s" + (" (FAILED)" if section.error else ""))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - started
    info["After the run"], idle_after = rep.quietness()
    log("")
    log(rep.text_table(sections))
    if output is not None:
        rep.write(output, rep.markdown(sections, info, settings.mode, total,
                                       notes_for(sections, min(idle_before, idle_after))))
        log(f"\nWrote {output} ({total / 60:.1f} minutes).")
    return sections


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Stride's performance harness (DESIGN.md §5).")
    parser.add_argument("--quick", action="store_true",
                        help="fewer repeats, a 20 s CPU window, a 1-minute walk")
    parser.add_argument("--only", metavar="SECTION,...",
                        help=f"run only these sections ({', '.join(SECTIONS)})")
    parser.add_argument("--output", metavar="FILE", default=str(RESULTS),
                        help="where to write the Markdown results (default: %(default)s)")
    parser.add_argument("--priority", type=int, metavar="NICE",
                        help="run at this autogroup nice value (e.g. -10, needs root) so that a "
                             "busy machine's other sessions disturb the figures less")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch folder (data folders, child logs and reports)")
    args = parser.parse_args(argv)
    settings = Settings.quick() if args.quick else Settings.full()
    if args.priority is not None:
        from benchmarks.procs import set_autogroup_nice

        try:
            set_autogroup_nice(args.priority)
        except OSError as exc:
            parser.error(f"--priority {args.priority}: {exc}")
    if args.only:
        chosen = tuple(x.strip() for x in args.only.split(",") if x.strip())
        unknown = [x for x in chosen if x not in SECTIONS]
        if unknown:
            parser.error(f"unknown section(s): {', '.join(unknown)}")
        settings.sections = chosen
    sections = run(settings, Path(args.output), keep=args.keep)
    return 1 if any(s.error for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main())
