"""`stride doctor`'s advice fits how Stride was installed, and names this system's package.

Each layout is a real virtual environment made where that installer puts its environments
(pipx: .../pipx/venvs/NAME with pipx_metadata.json; uv tool: .../uv/tools/NAME with
uv-receipt.toml; a plain venv anywhere), and `python -m stride_tui doctor` runs with its Python.
Stride and its dependencies come from PYTHONPATH; simpleaudio is hidden, so the doctor has to
say how to add it.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import stride_tui
from stride_tui.alerts.install import (
    FAMILY_NAMES,
    SYSTEM_PACKAGES,
    Installation,
    detect_installation,
    install_command,
    system_family,
    this_system,
)
from stride_tui.alerts.sound import SIMPLEAUDIO_CRASHES

from .helpers import run

SRC = Path(stride_tui.__file__).resolve().parents[1]
CHECKOUT = SRC.parent


def _make_venv(prefix: Path) -> Path:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True,
                   timeout=60)
    return prefix / "bin" / "python"


def _doctor_in(prefix: Path, tmp_path: Path, marker: str = "") -> str:
    python = _make_venv(prefix)
    if marker:
        (prefix / marker).write_text("{}\n")
    hide = tmp_path / "hide"
    hide.mkdir(exist_ok=True)
    (hide / "simpleaudio.py").write_text('raise ImportError("hidden by the test")\n')
    deps = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hide), str(SRC), *deps])}
    done = subprocess.run([str(python), "-m", "stride_tui", "doctor"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("layout", "marker", "says", "fix"),
    [
        ("home/.local/share/pipx/venvs/stride-tui", "", "with pipx",
         "pipx inject stride-tui simpleaudio"),
        ("apps/envs/stride", "pipx_metadata.json", "with pipx",  # PIPX_HOME moved
         "pipx inject stride simpleaudio"),
        ("home/.local/share/uv/tools/stride-tui", "", "with uv tool",
         "uv tool install --reinstall 'stride-tui[audio]'"),
        ("tools/stride-tui", "uv-receipt.toml", "with uv tool",  # UV_TOOL_DIR moved
         "uv tool install --reinstall 'stride-tui[audio]'"),
        ("projects/walking/.venv", "", "in a virtual environment",
         "{python} -m pip install 'stride-tui[audio]'"),
    ],
    ids=["pipx", "pipx-home", "uv-tool", "uv-tool-dir", "venv"],
)
def test_the_simpleaudio_fix_is_the_command_of_the_installer_that_put_stride_there(
    layout: str, marker: str, says: str, fix: str, tmp_path: Path
) -> None:
    prefix = tmp_path / layout
    out = _doctor_in(prefix, tmp_path, marker)
    assert f"Stride is installed {says} ({prefix})." in out
    if SIMPLEAUDIO_CRASHES:  # Python 3.12+: simpleaudio is not offered at all
        assert "not used on Python 3.12 and later" in out and "[audio]" not in out
        return
    assert "the Python package simpleaudio is not installed" in out
    expected = fix.format(python=prefix / "bin" / "python")
    assert f"fix: {expected}" in out
    assert f"{install_command('alsa-headers', this_system())} first" in out
    if "pip install" not in expected:
        assert "pip install" not in out  # pip into a pipx or uv environment is the wrong advice


def test_the_checkout_the_tests_run_from_is_an_editable_install() -> None:
    found = detect_installation()
    assert (found.kind, found.source) == ("editable", CHECKOUT)
    assert found.add_extra("audio", "simpleaudio") == (
        f"{sys.executable} -m pip install -e '{CHECKOUT}[audio]'"
    )
    assert f"Stride is installed from a source checkout (editable) ({CHECKOUT})." in run(
        "doctor"
    ).stdout


def test_uvx_and_the_system_python_get_their_own_commands(tmp_path: Path) -> None:
    cache = tmp_path / ".cache/uv/environments-v2/stride-abc123"
    uvx = detect_installation(cache, Path("/usr"), cache / "bin/python")
    assert uvx.kind == "uvx"
    assert uvx.add_extra("audio", "simpleaudio") == "uvx --from 'stride-tui[audio]' stride"
    system = detect_installation(Path("/usr"), Path("/usr"), Path("/usr/bin/python3"))
    assert system.kind == "system"
    assert system.add_extra("audio", "simpleaudio") == (
        "/usr/bin/python3 -m pip install --user 'stride-tui[audio]'"
    )
    assert Installation("pipx", tmp_path / "pipx/venvs/my stride", Path("p")).add_extra(
        "audio", "simpleaudio"
    ) == "pipx inject 'my stride' simpleaudio"


@pytest.mark.parametrize(
    ("os_release", "family", "player_fix"),
    [
        ('ID=debian\nVERSION_ID="12"\n', "debian", "sudo apt install pulseaudio-utils"),
        ("ID=ubuntu\nID_LIKE=debian\n", "debian", "sudo apt install pulseaudio-utils"),
        ('ID="fedora"\n', "fedora", "sudo dnf install pulseaudio-utils"),
        ('ID="rocky"\nID_LIKE="rhel centos fedora"\n', "fedora",
         "sudo dnf install pulseaudio-utils"),
        ("ID=arch\n", "arch", "sudo pacman -S libpulse"),
        ("ID=endeavouros\nID_LIKE=arch\n", "arch", "sudo pacman -S libpulse"),
        ('ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', "opensuse",
         "sudo zypper install pulseaudio-utils"),
    ],
)
def test_the_package_is_named_for_this_distribution(
    os_release: str, family: str, player_fix: str, tmp_path: Path
) -> None:
    path = tmp_path / "os-release"
    path.write_text(os_release)
    found = system_family(path, platform="linux")
    assert found == family
    assert install_command("paplay", found) == player_fix


def test_macos_uses_brew_and_an_unknown_system_gets_every_family(tmp_path: Path) -> None:
    assert system_family(tmp_path / "missing", platform="darwin") == "macos"
    (tmp_path / "os-release").write_text("ID=gentoo\n")
    unknown = system_family(tmp_path / "os-release", platform="linux")
    assert unknown is None
    every = install_command("alsa-headers", unknown)
    for family, package in SYSTEM_PACKAGES["alsa-headers"].items():
        assert f"{FAMILY_NAMES[family]}: " in every and package in every
    assert "sudo apt install libasound2-dev" in every and "sudo dnf install alsa-lib-devel" in every
