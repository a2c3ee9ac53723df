"""The settings file: found where the person says, read with tomllib, one line rewritten at a
time, and a file that cannot be used named by its line (Stride then starts with defaults)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from stride_tui.core.records import Units
from stride_tui.formats import distance
from stride_tui.settings import (
    Settings,
    SettingsError,
    load_settings,
    parse_settings,
    save_setting,
    settings_path,
    with_setting,
)


def test_no_file_is_the_defaults_without_a_word(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nowhere.toml") == (Settings(), "")


def test_every_documented_key_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('# mine\ntheme = "nord"\nunits = "mi"\nsound = false\n'
                    'notifications = false\n\n[keys]\nwalk-pause = "space, k"\nhelp = "f2"\n')
    settings, problem = load_settings(path)
    assert problem == ""
    assert settings == Settings(theme="nord", units="mi", sound=False, notifications=False,
                                keys={"walk-pause": "space,k", "help": "f2"})


@pytest.mark.parametrize("text, line, words", [
    ('theme = "nord"\nunits = "furlongs"\n', 2, 'units must be "km" or "mi"'),
    ('theme = "nord"\n\nsound = "loud"\n', 3, "sound must be true or false"),
    ('colour = "red"\n', 1, "'colour' is not a setting Stride knows"),
    ('[keys]\nwalk-pause = "k"\nfly = "f"\n', 3, "'fly' is not a key Stride lets you change"),
    ('[keys]\nwalk-pause = 3\n', 2, "walk-pause must be keys in quotes"),
    ('theme = "nord"\nunits = km\n', 2, "not valid TOML"),
])
def test_a_file_that_cannot_be_used_is_named_by_its_line_and_defaults_are_used(
    tmp_path: Path, text: str, line: int, words: str,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    settings, problem = load_settings(path)
    assert settings == Settings()
    assert str(path) in problem
    assert f"line {line}" in problem
    assert words in problem
    assert problem.endswith("Stride starts with the default settings.")


def test_an_unreadable_file_is_a_message_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b'theme = "\xff"\n')
    settings, problem = load_settings(path)
    assert settings == Settings()
    assert "Could not read the settings file" in problem


def test_the_path_comes_from_the_option_then_the_environment_then_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STRIDE_CONFIG", str(tmp_path / "env.toml"))
    assert settings_path(str(tmp_path / "opt.toml")) == tmp_path / "opt.toml"
    assert settings_path() == tmp_path / "env.toml"
    monkeypatch.delenv("STRIDE_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert settings_path() == tmp_path / "xdg" / "stride" / "settings.toml"


def test_saving_one_setting_keeps_the_rest_of_the_file_and_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.toml"
    save_setting(path, "theme", "nord")
    assert parse_settings(path.read_text()).theme == "nord"
    path.write_text('# my colours\ntheme = "nord"  # was dark\nunits = "mi"\n\n[keys]\n'
                    'walk-pause = "k"\n')
    save_setting(path, "theme", "gruvbox")
    text = path.read_text()
    assert text.startswith("# my colours\ntheme = \"gruvbox\"\nunits = \"mi\"\n")
    assert parse_settings(text) == Settings(theme="gruvbox", units="mi",
                                            keys={"walk-pause": "k"})


def test_a_new_setting_goes_above_the_first_table() -> None:
    text = with_setting('units = "mi"\n[keys]\nhelp = "f2"\n', "sound", False)
    assert parse_settings(text) == Settings(units="mi", sound=False, keys={"help": "f2"})


def test_a_file_stride_cannot_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('units = "furlongs"\n')
    with pytest.raises(SettingsError):
        save_setting(path, "theme", "nord")
    assert path.read_text() == 'units = "furlongs"\n'


def test_quotes_in_a_theme_name_are_written_as_valid_toml(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    save_setting(path, "theme", 'odd "name"\\ é')
    assert parse_settings(path.read_text()).theme == 'odd "name"\\ é'


def test_distances_follow_the_units() -> None:
    assert distance(2350, Units.METRIC) == "2.35 km"
    assert distance(2350, Units.IMPERIAL) == "1.46 mi"


def test_the_settings_module_loads_without_textual() -> None:
    code = ("import sys, stride_tui.settings as s; s.settings_path(); "
            "print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("xdg", [None, "/somewhere/config", "relative/config", "  "])
def test_the_config_folder_is_the_one_platformdirs_names(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import platformdirs

    monkeypatch.delenv("STRIDE_CONFIG", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    expected = Path(platformdirs.user_config_dir("stride", appauthor=False)) / "settings.toml"
    assert settings_path() == expected
