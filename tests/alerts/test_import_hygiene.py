"""The alerts layer stays free of Textual, and start-up stays light: desktop-notifier and
simpleaudio are imported on the worker threads, when first needed."""

from __future__ import annotations

import subprocess
import sys


def test_importing_and_starting_alerts_loads_no_textual_notifier_or_simpleaudio() -> None:
    code = (
        "import sys\n"
        "from stride_tui.alerts import AlertSettings, Alerts\n"
        "import stride_tui.alerts.doctor\n"
        "alerts = Alerts(AlertSettings(notifications=False), sound_backends=[])\n"
        "alerts.close()\n"
        "print(sorted(m for m in ('textual', 'desktop_notifier', 'dbus_fast', 'simpleaudio')"
        " if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30
    )
    assert done.stdout.strip() == "[]"
