"""The cyclic garbage collector during a run of `stride` (#15): paused for a command, which is
a short run whose collections find nothing to free, and given back as it was; turned back on
by what runs long or reads every session: the app once Home has shown its data (or a few
seconds after start when it cannot), `stride treadmill`, `history`, `export` and `import`."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from stride_tui.cli import commands as cli_commands
from stride_tui.cli import main
from stride_tui.cli import treadmill as cli_treadmill
from stride_tui.ui import app as app_module
from stride_tui.ui.app import AppConfig, StrideApp
from stride_tui.ui.screens.home import HomeScreen
from tests.fakes import FakeClock
from tests.ui.scenarios import TODAY, RecordingAlerts, last_week_walks, seed, settle


@pytest.fixture
def collector() -> Iterator[None]:
    """Each test leaves the collector on, as it found it."""
    assert gc.isenabled()
    try:
        yield
    finally:
        gc.enable()


def _seen_during(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[bool]:
    """Whether the collector was on, each time ``module.name`` ran."""
    seen: list[bool] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_a_command_runs_with_the_collector_paused_and_gives_it_back(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    collector: None,
) -> None:
    seed(data_dir, sessions=last_week_walks())
    seen = _seen_during(monkeypatch, cli_commands, "_target_for")
    assert main(["--data-dir", str(data_dir), "plan", "--json"]) == 0
    assert '"level"' in capsys.readouterr().out
    assert seen == [False]
    assert gc.isenabled()


def test_a_failing_command_gives_the_collector_back_too(
    data_dir: Path, capsys: pytest.CaptureFixture[str], collector: None,
) -> None:
    assert main(["--data-dir", str(data_dir), "export"]) == 2
    assert "no Stride data" in capsys.readouterr().err
    assert gc.isenabled()
    with pytest.raises(SystemExit):  # argparse's own exit: a pain score out of range
        main(["--data-dir", str(data_dir), "log", "--pain-before", "11"])
    assert "pain score must be from 0 to 10" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(
    data_dir: Path, capsys: pytest.CaptureFixture[str], collector: None,
) -> None:
    gc.disable()
    assert main(["--data-dir", str(data_dir), "plan", "--json"]) == 0
    capsys.readouterr()
    assert not gc.isenabled()


def test_stride_treadmill_runs_with_the_collector_on(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    collector: None,
) -> None:
    seen = _seen_during(monkeypatch, cli_treadmill, "_forget")
    assert main(["--data-dir", str(data_dir), "treadmill", "forget"]) == 0
    assert "No treadmill was remembered" in capsys.readouterr().out
    assert seen == [True]


@pytest.mark.parametrize(("argv", "reader"), [(["history", "--json"], "iter_sessions"),
                                              (["export", "--format", "json"], "sessions")])
def test_what_reads_every_session_runs_with_the_collector_on(
    argv: list[str], reader: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], collector: None,
) -> None:
    """Reading and printing every session leaves cyclic garbage: paused, ten years of it
    stayed to the end (35 MB against 25)."""
    seed(data_dir, sessions=last_week_walks())
    from stride_tui.store import Store

    seen = _seen_during(monkeypatch, Store, reader)
    frozen = gc.get_freeze_count()
    assert main(["--data-dir", str(data_dir), *argv]) == 0
    assert capsys.readouterr().out
    assert seen and all(seen)
    # Nothing of the caller's is frozen (a command may run inside another program).
    assert gc.get_freeze_count() == frozen


def test_an_import_runs_with_the_collector_on(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], collector: None,
) -> None:
    seed(data_dir, sessions=last_week_walks())
    export = tmp_path / "walks.json"
    assert main(["--data-dir", str(data_dir), "export", "--output", str(export)]) == 0
    from stride_tui.store import Store

    seen = _seen_during(monkeypatch, Store, "import_file")
    assert main(["--data-dir", str(tmp_path / "other"), "import", str(export)]) == 0
    assert "Imported" in capsys.readouterr().out
    assert seen == [True]


def _app(data_dir: Path, *, paused: bool) -> StrideApp:
    clock = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 7, 30).astimezone())
    return StrideApp(AppConfig(data_dir=data_dir, clock=clock, today=TODAY,
                               alerts=RecordingAlerts(),  # type: ignore[arg-type]
                               collector_paused=paused))


async def test_the_app_turns_the_collector_back_on_once_home_shows_its_data(
    data_dir: Path, collector: None,
) -> None:
    seed(data_dir, sessions=last_week_walks())
    gc.disable()  # as `stride` starts the app
    app = _app(data_dir, paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen) and home.target is not None
        assert gc.isenabled()


async def test_the_app_turns_it_on_after_a_while_when_home_has_no_data_yet(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, collector: None,
) -> None:
    """A slow disk: the store is still being opened, Home still says it is loading."""
    seed(data_dir, sessions=last_week_walks())
    disk = threading.Event()
    real_open = StrideApp._open_store

    def slow_open(self: StrideApp) -> Any:
        disk.wait(10)
        return real_open(self)

    monkeypatch.setattr(StrideApp, "_open_store", slow_open)
    monkeypatch.setattr(app_module, "RESUME_COLLECTOR_AFTER", 0.05)
    gc.disable()
    app = _app(data_dir, paused=True)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(500):  # until the timer has fired (a few turns of the loop)
                if gc.isenabled():
                    break
                await pilot.pause(0.01)
            assert gc.isenabled()
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen) and home.target is None  # still loading
            disk.set()
            await settle(pilot, app)
            assert home.target is not None
    finally:
        disk.set()


async def test_an_app_started_otherwise_leaves_the_collector_alone(
    data_dir: Path, collector: None,
) -> None:
    """The tests' apps, and any app not started by `stride`: nothing is turned on or frozen."""
    seed(data_dir, sessions=last_week_walks())
    gc.disable()
    app = _app(data_dir, paused=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert not gc.isenabled()
