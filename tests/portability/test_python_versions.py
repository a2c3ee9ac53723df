"""Python 3.11, 3.12 and 3.13 (`scripts/test.sh --all-pythons` runs the suite on each).

simpleaudio 1.0.4, the last release, kills the process when a sound ends on Python 3.12 and
later: there it is neither installed by the `audio` extra nor ever imported.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from stride_tui.alerts.sound import SIMPLEAUDIO_CRASHES

NEW_PYTHON = sys.version_info >= (3, 12)


def test_the_audio_extra_brings_simpleaudio_only_before_python_3_12() -> None:
    requires = metadata.requires("stride-tui") or []
    (simpleaudio,) = [r for r in requires if r.startswith("simpleaudio")]
    assert 'python_version < "3.12"' in simpleaudio and 'extra == "audio"' in simpleaudio
    assert SIMPLEAUDIO_CRASHES == NEW_PYTHON


@pytest.mark.skipif(not NEW_PYTHON, reason="only Python 3.12 and later avoid simpleaudio")
def test_on_python_3_12_and_later_simpleaudio_is_never_imported() -> None:
    program = (
        "import sys\n"
        "from stride_tui.alerts.sound import SimpleaudioBackend, SoundError, Clip\n"
        "backend = SimpleaudioBackend()\n"
        "found = backend.diagnose(deep=True)\n"
        "try:\n"
        "    backend.play(Clip.silence(), lambda t: None)\n"
        "except SoundError as exc:\n"
        "    print('refused:', exc)\n"
        "print(found.ok, found.reason)\n"
        "print('simpleaudio' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          timeout=60, check=True)
    refused, verdict, loaded = done.stdout.splitlines()
    assert refused.startswith("refused: not used on Python 3.12 and later")
    assert verdict.startswith("False not used on Python 3.12")
    assert loaded == "False"


def test_the_test_command_says_which_python_is_missing() -> None:
    # Fails before installing or testing anything: no Python 2.0 in pyenv or on PATH.
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(["bash", "scripts/test.sh", "--python", "2.0", "tests/core"], cwd=root,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "scripts/test.sh: no Python 2.0 here (pyenv install 2.0" in done.stderr
    assert not (root / ".venv-2.0").exists()
