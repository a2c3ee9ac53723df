"""`stride doctor`: every backend with a status, and an exit status that agrees with what it says.

Whether this machine has sound or a notification server is not assumed: the tests check the
report's structure and that "exit 0" and "cues will reach you" go together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import run

ROW = re.compile(r"^  (ok|--)  (.+?)\s{2,}(\S.*?)(  <- in use)?$")
FIX = re.compile(r"^\s{6,}fix: \S")


@dataclass(frozen=True)
class Row:
    ok: bool
    name: str
    reason: str
    in_use: bool


@dataclass(frozen=True)
class Report:
    sound: list[Row]
    notifications: list[Row]
    settings: str
    verdict: str


def parse(text: str) -> Report:
    lines = text.splitlines()
    assert lines[0] == "Stride doctor: can cues reach you here?"
    sections: dict[str, list[Row]] = {}
    current: list[Row] | None = None
    settings = verdict = ""
    for line in lines[1:]:
        if not line.strip():
            continue
        if line == "Sound (the first that works is used):":
            current = sections.setdefault("sound", [])
        elif line == "Notifications:":
            current = sections.setdefault("notifications", [])
        elif line.startswith("Settings: "):
            settings, current = line, None
        elif (m := ROW.match(line)) and current is not None:
            current.append(Row(m[1] == "ok", m[2].strip(), m[3], m[4] is not None))
        elif FIX.match(line) and current:
            assert not current[-1].ok, f"a fix for a backend that works: {line!r}"
        else:
            assert current is None, f"unexpected line in a section: {line!r}"
            verdict = line
    return Report(sections["sound"], sections["notifications"], settings, verdict)


@pytest.mark.parametrize("flags", [(), ("--mute",), ("--no-notify",), ("--mute", "--no-notify")],
                         ids=["defaults", "mute", "no-notify", "mute-and-no-notify"])
def test_doctor_lists_each_backend_and_its_exit_status_matches_its_verdict(
    flags: tuple[str, ...], data_dir: Path
) -> None:
    result = run("doctor", *flags)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    report = parse(result.stdout)

    names = [r.name for r in report.sound]
    assert names[-1] == "terminal bell"
    assert len(names) >= 2 and len(set(names)) == len(names)
    bell = report.sound[-1]
    assert not bell.ok and "not a terminal" in bell.reason  # stdout is a pipe here
    working = [r for r in report.sound if r.ok]
    assert [r.name for r in report.sound if r.in_use] == [r.name for r in working[:1]]
    assert all(r.reason for r in report.sound + report.notifications)

    notify = {r.name: r for r in report.notifications}
    assert set(notify) == {"desktop notifications", "terminal notifications"}
    assert not notify["terminal notifications"].in_use

    muted, notifying = "--mute" in flags, "--no-notify" not in flags
    assert report.settings == (f"Settings: sound voice{' (muted)' if muted else ''}, "
                               f"notifications {'on' if notifying else 'off'}")
    sound_reaches = bool(working) and not muted
    notices_reach = notify["desktop notifications"].ok and notifying
    if result.returncode == 0:
        assert report.verdict.startswith("Cues will reach you by ")
        assert ("sound" in report.verdict) == sound_reaches
        assert ("desktop notifications" in report.verdict) == notices_reach
    else:
        assert report.verdict.startswith("No cue can reach you here")
        assert not sound_reaches and not notices_reach
    assert result.returncode == (0 if sound_reaches or notices_reach else 1)
    assert not data_dir.exists()  # the doctor reads no data and writes none
