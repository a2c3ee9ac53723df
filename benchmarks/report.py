"""The results: one table of figures against the bare app, the machine, and the details."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from benchmarks.procs import ROOT


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def worst(values: Sequence[float]) -> float:
    return max(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    if seconds != seconds:  # NaN
        return "–"
    value = seconds * 1000
    if abs(value) >= 100:
        return f"{value:.0f} ms"
    if abs(value) >= 10:
        return f"{value:.1f} ms"
    return f"{value:.2f} ms"


def ratio(a: float, b: float) -> str:
    if not b or a != a or b != b:
        return "–"
    return f"{a / b:.2f}×"


@dataclass
class Row:
    """One line of the summary table."""

    figure: str
    stride: str
    reference: str = "–"
    ratio: str = "–"
    target: str = ""
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: ""}[self.met]


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    name: str = ""
    extra: dict[str, float] = field(default_factory=dict)  # figures the notes explain


def idle_share(seconds: float = 1.0) -> float:
    """The share of all cores' time that was idle over ``seconds`` (from /proc/stat): how
    quiet the machine was, since everything else running competes with what is measured."""
    import time

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    try:
        idle0, total0 = sample()
        time.sleep(seconds)
        idle1, total1 = sample()
    except OSError:
        return float("nan")
    return (idle1 - idle0) / max(1, total1 - total0)


def quietness() -> tuple[str, float]:
    """How busy the machine is, in words, and the idle share."""
    idle = idle_share()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"load average {load}; cores idle {idle:.0%} over 1 s", idle


def priority() -> str:
    from benchmarks.procs import autogroup_nice

    group = autogroup_nice()
    text = f"nice {os.nice(0)}"
    if group is not None:
        text += f", autogroup nice {group} (the runner, its children and tmux panes)"
    return text


def machine() -> dict[str, str]:
    model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual_version = version("textual")
        tinydb_version = version("tinydb")
    except Exception:  # pragma: no cover - reported as unknown
        textual_version = tinydb_version = "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        commit += " (src/ has uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        usable = os.cpu_count() or 0
    return {
        "Date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "CPU": model,
        "Cores": f"{os.cpu_count()} ({usable} usable by this process)",
        "OS": platform.platform(),
        "Python": f"{platform.python_version()} ({sys.executable})",
        "Textual": textual_version,
        "TinyDB": tinydb_version,
        "Commit": commit,
        "Priority": priority(),
    }


def table(sections: Sequence[Section]) -> list[str]:
    head = ["Figure", "Stride", "Bare app / floor", "Ratio", "Target", ""]
    rows = [head]
    for s in sections:
        if s.error:
            rows.append([f"{s.title}: FAILED", s.error.splitlines()[0][:60], "", "", "", ""])
        rows.extend([r.figure, r.stride, r.reference, r.ratio, r.target, r.verdict]
                    for r in s.rows)
    return rows


def text_table(sections: Sequence[Section]) -> str:
    rows = table(sections)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(sections: Sequence[Section], info: dict[str, str], mode: str,
             total_seconds: float, notes: Sequence[str],
             preamble: Sequence[str] = ()) -> str:
    rows = table(sections)
    out = [
        "# Stride performance results",
        "",
        f"Written by `python -m benchmarks{' --quick' if mode == 'quick' else ''}` "
        f"({mode} run, {total_seconds / 60:.1f} minutes). Every figure was measured in this "
        "run, side by side with a bare Textual app or a floor, on this machine:",
        "",
    ]
    out += [f"- **{k}**: {v}" for k, v in info.items()]
    out += ["", "## Summary", ""]
    out.append("| " + " | ".join(rows[0]) + " |")
    out.append("|" + "|".join("---" for _ in rows[0]) + "|")
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    if notes:
        out += ["", "## What the figures say", ""]
        out += [f"- {n}" for n in notes]
    out += ["", *preamble] if preamble else []
    out += ["", "## Details", ""]
    for s in sections:
        out += [f"### {s.title}", ""]
        if s.error:
            out += ["Failed:", "", "```", s.error.rstrip(), "```", ""]
        out += s.details
        out += ["", f"_({s.seconds:.0f} s)_", ""]
    return "\n".join(out).rstrip() + "\n"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
