"""Test-wide set-up: keep the developer's own data, sound card and desktop out of every test.

ALSA reads its configuration once per process, from $XDG_CONFIG_HOME/alsa/asoundrc, so it is set
here at import time: every sound any test plays lands in a file sink (TESTING.md) instead of a
speaker, and tests can read the bytes back.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_CONFIG_HOME = Path(tempfile.mkdtemp(prefix="stride-test-config-"))
(_CONFIG_HOME / "alsa").mkdir()
(_CONFIG_HOME / "alsa" / "asoundrc").write_text(
    """pcm.!default {
    type file
    slave.pcm "null"
    file { @func getenv vars [ TEST_AUDIO_CAPTURE ] default "/tmp/alsa-capture.raw" }
    format "raw"
    truncate false
}
"""
)
os.environ["XDG_CONFIG_HOME"] = str(_CONFIG_HOME)
# No test may reach the developer's desktop session.
os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)

REQUIRE_SYSTEM = os.environ.get("STRIDE_REQUIRE_SYSTEM") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip (on a laptop) or fail (in CI, STRIDE_REQUIRE_SYSTEM=1) when a real part is missing."""
    if condition:
        return
    if REQUIRE_SYSTEM:
        pytest.fail(f"required system part missing: {reason}")
    pytest.skip(reason)


def need_commands(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None]
    need(not missing, f"missing commands: {', '.join(missing)}")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data directory and a capture file for sound."""
    data = tmp_path / "stride-data"
    monkeypatch.setenv("STRIDE_DATA_DIR", str(data))
    monkeypatch.setenv("TEST_AUDIO_CAPTURE", str(tmp_path / "capture.raw"))
    yield data


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    """The test's own data folder (STRIDE_DATA_DIR, inherited by every ``stride`` run), not
    created yet."""
    return _private_data_dir


@pytest.fixture(autouse=True)
def _private_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test reads its own settings file (none, unless it writes one): the developer's
    own theme and keys never reach a test."""
    path = tmp_path / "stride-config" / "settings.toml"
    monkeypatch.setenv("STRIDE_CONFIG", str(path))
    return path
