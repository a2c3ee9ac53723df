"""No sound device, no session bus, no notification server: cues still go out as best they can,
nothing blocks, the doctor says why, and nothing stray lands on the terminal.

ALSA reads its configuration once per process, so each case runs in a child process with its own
XDG_CONFIG_HOME (an empty asoundrc: ALSA's stock default, card 0, which this machine lacks).
"""

from __future__ import annotations

import json
import os
import pty
import shlex
import subprocess
import sys
import time
from pathlib import Path

from tests.alerts.alerts_harness import no_device_env
from tests.alerts.announce_child import CUES
from tests.conftest import need_commands

ROOT = Path(__file__).resolve().parents[2]
STRAY = ("ALSA lib", "notify-send", "Error", "Traceback", "autolaunch", "D-Bus")


def run_child(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cues_fall_back_to_the_bell_without_a_word_on_stderr(
    tmp_path: Path, simpleaudio_installed: None
) -> None:
    need_commands("aplay")
    done = run_child(no_device_env(tmp_path), "-m", "tests.alerts.announce_child", "--unchecked")
    assert done.returncode == 0
    assert done.stderr == ""
    report = json.loads(done.stdout)
    assert report["idle"]
    # Falling back to the bell happened on the sound thread, never on the caller's.
    assert report["bell_threads"] and report["caller"] not in report["bell_threads"]
    assert report["rings"] == len(CUES)
    status = {row["name"]: row for row in report["status"]}
    assert "no ALSA sound device" in status["simpleaudio"]["reason"]
    assert status["simpleaudio"]["fix"]
    assert "aplay failed" in status["aplay"]["reason"]
    assert status["terminal bell"]["in_use"]
    notes = status["desktop notifications"]
    assert not notes["ok"] and notes["reason"].startswith("stopped after")


def test_with_no_bus_notifications_are_not_even_tried(tmp_path: Path) -> None:
    done = run_child(no_device_env(tmp_path), "-m", "tests.alerts.announce_child")
    assert (done.returncode, done.stderr) == (0, "")
    status = {row["name"]: row for row in json.loads(done.stdout)["status"]}
    notes = status["desktop notifications"]
    assert notes["reason"] == "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)"
    assert "desktop session" in notes["fix"]


def test_the_doctor_says_why_nothing_works_and_fails(
    tmp_path: Path, simpleaudio_installed: None
) -> None:
    need_commands("aplay")
    done = run_child(no_device_env(tmp_path), "-m", "stride_tui.alerts.doctor", "--test")
    assert done.returncode == 1
    assert done.stderr == ""
    out = done.stdout
    assert "--  simpleaudio" in out and "no ALSA sound device" in out
    assert "aplay failed" in out and "audio open error" in out
    assert "fix: connect speakers or headphones" in out
    assert "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)" in out
    assert "nobody hears a bell" in out
    assert "no sound played" in out and "no notification sent" in out
    assert "No cue can reach you here" in out


def test_in_a_terminal_the_doctor_counts_the_bell(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "stride_tui.alerts.doctor"],
            env=no_device_env(tmp_path),
            cwd=ROOT,
            stdout=terminal,
            stderr=subprocess.PIPE,
        )
        os.close(terminal)
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert child.wait(30) == 0
        assert child.stderr is not None and child.stderr.read() == b""
    finally:
        os.close(controller)
    out = b"".join(chunks).decode()
    assert "ok  terminal bell" in out and "<- in use" in out
    assert "Cues will reach you by sound." in out


def test_no_stray_text_reaches_a_textual_screen(
    tmp_path: Path, no_tmux_leak: list[str], simpleaudio_installed: None
) -> None:
    need_commands("tmux", "aplay")
    socket = f"stride-alerts-{os.getpid()}-{time.monotonic_ns()}"
    no_tmux_leak.append(socket)
    env = {**no_device_env(tmp_path / "config"), "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    log = tmp_path / "pane.log"

    def tmux(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], env=env, capture_output=True, text=True, check=True
        ).stdout

    # The app waits for a key, so every byte it writes is after pipe-pane starts recording.
    app = f"cd {shlex.quote(str(ROOT))} && exec {shlex.quote(sys.executable)}"
    app += " -m tests.alerts.tui_announcer"
    command = f"sh -c {shlex.quote('read go; ' + app)}"
    tmux("new-session", "-d", "-s", "app", "-x", "100", "-y", "30", command)
    tmux("set-option", "-t", "app", "remain-on-exit", "on")
    tmux("pipe-pane", "-t", "app", "-o", f"cat >> {shlex.quote(str(log))}")
    tmux("send-keys", "-t", "app", "Enter")

    screen = ""
    deadline = time.monotonic() + 30
    while "FINISHED" not in screen and time.monotonic() < deadline:
        time.sleep(0.1)
        screen = tmux("capture-pane", "-t", "app", "-p")
    assert "FINISHED idle=True using=terminal bell" in screen, screen
    assert tmux("display", "-p", "-t", "app", "#{pane_dead}").strip() == "0"
    raw = log.read_bytes().decode(errors="replace")
    assert raw  # the recording works, so an empty match below means something
    for stray in STRAY:
        assert stray not in screen, screen
        assert stray not in raw, stray
