"""Where the data lives: --data-dir, then STRIDE_DATA_DIR, then the platform's data folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from stride_tui.store import resolve_data_dir


def test_the_command_line_wins_over_the_environment(tmp_path: Path) -> None:
    assert resolve_data_dir(str(tmp_path / "from-cli")) == tmp_path / "from-cli"


def test_the_environment_wins_over_the_platform_folder(data_dir: Path) -> None:
    assert resolve_data_dir() == data_dir


@pytest.mark.parametrize("xdg", [None, "/somewhere/data", "relative/data", "  "])
def test_without_either_the_platform_data_folder_is_used(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None,
) -> None:
    monkeypatch.delenv("STRIDE_DATA_DIR")
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert resolve_data_dir() == Path(platformdirs.user_data_dir("stride", appauthor=False))


def test_a_home_relative_folder_is_expanded_and_nothing_is_created(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_data_dir("~/walks") == tmp_path / "walks"
    assert not (tmp_path / "walks").exists()
