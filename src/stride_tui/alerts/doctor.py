"""``stride doctor``: can cues reach the walker here? Each path, whether it works, and the fix."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from stride_tui.alerts import Alerts, AlertSettings
from stride_tui.alerts.diagnosis import Diagnosis
from stride_tui.alerts.install import detect_installation
from stride_tui.alerts.notify import DesktopNotifications
from stride_tui.alerts.sound import BellBackend, default_sound_backends
from stride_tui.alerts.terminal import terminal_protocol
from stride_tui.core.records import SoundMode

TEST_TITLE = "Stride doctor"
TEST_BODY = "Test notification: if you can read this, Stride's notifications reach you."
# Long enough for a chime, a spoken prompt and a slow notification server.
TEST_TIMEOUT = 15.0


def run_doctor(
    *, test: bool, out: TextIO, settings: AlertSettings | None = None,
    more: Callable[[TextIO], None] | None = None,
) -> int:
    """Report every sound backend and the notification path; 0 when some cue can reach the
    walker, 1 when none can. With ``test``, play a chime and a spoken cue and send a notification.

    The terminal bell counts as sound only when ``out`` is a terminal (nobody hears a bell
    written into a pipe or a log file). ``more(out)`` writes further sections before the
    verdict.
    """
    settings = settings or AlertSettings()
    bell = _terminal_bell(out) if _is_terminal(out) else None

    out.write("Stride doctor: can cues reach you here?\n\n")
    # The fixes below fit this: pip in a venv, pipx inject, uv tool install, ...
    out.write(f"Stride is installed {detect_installation().describe()}.\n\n")
    out.write("Sound (the first that works is used):\n")
    backends = default_sound_backends(bell)
    working: list[str] = []
    for backend in backends:
        found = backend.diagnose(deep=True)
        if isinstance(backend, BellBackend) and bell is None:
            found = Diagnosis(False, "output is not a terminal, so nobody hears a bell", "")
        _report(out, backend.name, found, in_use=found.ok and not working)
        if found.ok:
            working.append(backend.name)

    out.write("\nNotifications:\n")
    notifier = DesktopNotifications()
    notice = notifier.diagnose()
    _report(out, notifier.name, notice, in_use=notice.ok)
    protocol = terminal_protocol()
    terminal = (
        Diagnosis(True, f"this terminal shows {protocol.upper().replace('OSC', 'OSC ')} popups")
        if protocol
        else Diagnosis(False, "this terminal is not known to show notifications (optional)")
    )
    _report(out, "terminal notifications", terminal, in_use=False)

    sound_on = settings.sound is not SoundMode.OFF and not settings.muted
    out.write(
        f"\nSettings: sound {settings.sound.value}{' (muted)' if settings.muted else ''}, "
        f"notifications {'on' if settings.notifications else 'off'}\n"
    )

    sound_works, notices_work = bool(working), notice.ok
    if test:
        sound_works, notices_work = _test(out, notifier, bell)

    if more is not None:
        more(out)  # other sections (the treadmill's), before the verdict
    reaches = []
    if sound_works and sound_on:
        reaches.append("sound")
    if notices_work and settings.notifications:
        reaches.append("desktop notifications")
    if reaches:
        out.write(f"\nCues will reach you by {' and '.join(reaches)}.\n")
        return 0
    out.write(
        "\nNo cue can reach you here: fix one of the above"
        + (", or turn sound or notifications back on in Stride's settings" if working else "")
        + ".\n"
    )
    return 1


def _test(
    out: TextIO, notifier: DesktopNotifications, bell: Callable[[], None] | None
) -> tuple[bool, bool]:
    """Play a chime and a spoken cue, send a notification, and wait for all three."""
    played: list[str] = []
    notified: list[str] = []
    alerts = Alerts(
        AlertSettings(),  # the test always tries everything, whatever the settings say
        bell=bell,
        notifier=notifier,
        on_played=lambda kind, clip, t: played.append(clip),
        on_notified=lambda kind, t: notified.append(kind),
    )
    out.write("\nTest:\n")
    out.flush()
    try:
        alerts.announce("walk-start", TEST_TITLE, TEST_BODY)
        finished = alerts.wait_idle(TEST_TIMEOUT)
        rows = alerts.status(wait=0)
    finally:
        alerts.close()
    in_use = next((row.name for row in rows if row.role == "sound" and row.in_use), None)
    if alerts.last_error:
        out.write(f"  unexpected error: {alerts.last_error}\n")
    if played:
        out.write(f"  played {', '.join(played)} through {in_use}\n")
    else:
        out.write("  no sound played" + ("" if finished else " (timed out)") + "\n")
    for row in rows:
        if row.role == "sound" and row.reason.startswith("failed while playing"):
            out.write(f"  {row.name}: {row.reason}\n")
    if notified:
        out.write("  sent a test notification: look for it on your desktop\n")
    else:
        note = next(row for row in rows if row.role == "notification")
        out.write(f"  no notification sent: {note.reason}\n")
    return bool(played), bool(notified)


def _report(out: TextIO, name: str, found: Diagnosis, *, in_use: bool) -> None:
    mark = "ok" if found.ok else "--"
    suffix = "  <- in use" if in_use else ""
    out.write(f"  {mark}  {name:<30} {found.reason}{suffix}\n")
    if not found.ok and found.fix:
        out.write(f"      {'':<30} fix: {found.fix}\n")


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _terminal_bell(out: TextIO) -> Callable[[], None]:
    def ring() -> None:
        out.write("\a")
        out.flush()

    return ring


def main() -> int:
    """For trying the doctor without the CLI: ``python -m stride_tui.alerts.doctor [--test]``."""
    return run_doctor(test="--test" in sys.argv[1:], out=sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
