"""Home's data read by a child process as `stride` starts (stride_tui.preload), on real stores
and real forked children: the same answer as the app's own reading, dropped whenever the folder
changed after the child read it (a warning sign logged meanwhile is never shown as a walk day),
the store read only once Home has painted, and a child that fails or hangs given up quietly."""

from __future__ import annotations

import os
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from stride_tui import preload as preload_module
from stride_tui.core.home import load_home
from stride_tui.core.records import SessionStatus
from stride_tui.preload import HomePreload, fingerprint
from stride_tui.store import Store
from stride_tui.ui.app import AppConfig, StrideApp
from stride_tui.ui.screens.home import HomeScreen
from tests.fakes import FakeClock
from tests.ui.scenarios import TODAY, RecordingAlerts, last_week_walks, seed, settle, walk_record

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the preload forks, on Linux only")


def _start(data_dir: Path) -> HomePreload:
    found = HomePreload.start(data_dir, TODAY, None, allow_threads=True)
    assert found is not None
    return found


def _app(data_dir: Path, found: HomePreload | None) -> StrideApp:
    clock = FakeClock(datetime(TODAY.year, TODAY.month, TODAY.day, 7, 30).astimezone())
    return StrideApp(AppConfig(data_dir=data_dir, clock=clock, today=TODAY,
                               alerts=RecordingAlerts(), preload=found))  # type: ignore[arg-type]


def _home_text(app: StrideApp) -> str:
    home = app.screen_stack[0]
    assert isinstance(home, HomeScreen)
    from textual.widgets import Static

    return " | ".join(str(w.content) for w in home.query(Static))


def _red_flag_today() -> Any:
    record = walk_record(TODAY, 0.5, before=3, after=None, hour=7)
    record.id = "red-flag-today"
    record.status = SessionStatus.RED_FLAG
    record.red_flags = ["leg-numbness"]
    return record


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped: no zombie left behind
    return False


def test_the_child_reads_what_the_app_reads(data_dir: Path) -> None:
    seed(data_dir, sessions=last_week_walks())
    found = _start(data_dir)
    data = found.current()
    with Store.open(data_dir, readonly=True) as store:
        assert data == load_home(store, TODAY)
    assert data is not None and data.target is not None and data.target.walk_allowed
    assert found.dropped == ""
    assert _gone(found.pid)


def test_a_write_after_the_child_read_drops_its_answer(data_dir: Path) -> None:
    seed(data_dir, sessions=last_week_walks())
    found = _start(data_dir)
    assert found.wait()  # the child has read and answered
    with Store.open(data_dir) as store:
        store.add_session(_red_flag_today())
    assert found.current() is None
    assert found.dropped == "the folder changed after the child read it"


def test_the_fingerprint_ignores_the_lock_and_sees_every_data_file(data_dir: Path) -> None:
    seed(data_dir, sessions=last_week_walks())
    names = [name for name, *_ in fingerprint(data_dir)]
    assert "stride.json" in names and "stride.lock" not in names
    assert any(n.startswith("index/") for n in names)
    assert any(n.startswith("sessions/") for n in names)
    before = fingerprint(data_dir)
    Store.open(data_dir).close()  # an open that writes nothing but its lock
    assert fingerprint(data_dir) == before


async def test_a_warning_sign_logged_after_the_child_read_is_what_home_shows(
    data_dir: Path,
) -> None:
    """The safety case: the child read a walk day; a red flag is logged (`stride log` in
    another terminal) before the app takes the folder; Home says not to walk."""
    seed(data_dir, sessions=last_week_walks())
    found = _start(data_dir)
    assert found.wait()
    with Store.open(data_dir) as store:
        store.add_session(_red_flag_today())
    app = _app(data_dir, found)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        text = _home_text(app)
        assert "No walk today — get medical care today" in text
        assert "minute walk" not in text
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen) and home.target is not None
        assert not home.target.walk_allowed
    assert found.dropped == "the folder changed after the child read it"


async def test_home_shows_the_childs_answer_and_the_store_is_read_after_its_paint(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(data_dir, sessions=last_week_walks())
    # The same folder for the app without a preload (an app keeps its folder locked).
    twin = data_dir.parent / "twin"
    shutil.copytree(data_dir, twin)
    found = _start(data_dir)  # forked before the spy below: the child reads as always
    from stride_tui.store import opening

    read_after_paint: list[bool] = []
    original = opening.load_folder

    def spy(*args: Any, **kwargs: Any) -> Any:
        read_after_paint.append(app._first_home_shown.is_set())
        return original(*args, **kwargs)

    monkeypatch.setattr(opening, "load_folder", spy)
    app = _app(data_dir, found)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        with_preload = _home_text(app)
    assert read_after_paint == [True]
    assert found.dropped == ""
    monkeypatch.setattr(opening, "load_folder", original)
    plain = _app(twin, None)
    async with plain.run_test(size=(100, 30)) as pilot:
        await settle(pilot, plain)
        assert _home_text(plain) == with_preload
    assert "minute walk" in with_preload


def test_a_large_answer_does_not_keep_the_child_waiting_for_the_app(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ten years of walks make an answer of ~130 KB, twice a default pipe: the child still
    writes all of it and leaves while the app is starting, so that reading it later costs the
    app only the unpickling (not the child's write, exit and reaping)."""
    import select

    if not hasattr(os, "pidfd_open"):
        pytest.skip("no pidfd_open to wait for the child's exit")
    seed(data_dir)
    large = "ten years of walks " * 20_000  # 380 KB
    monkeypatch.setattr(preload_module, "_read", lambda d, *a: (fingerprint(d), large))
    found = _start(data_dir)
    pidfd = os.pidfd_open(found.pid)
    try:
        # Readable once the child has exited: nobody has read the pipe yet.
        assert select.select([pidfd], [], [], 10)[0], "the child waited for the app to read"
    finally:
        os.close(pidfd)
    assert found.current() == large
    assert _gone(found.pid)


def test_a_child_that_does_not_answer_is_given_up_and_reaped(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(data_dir)
    monkeypatch.setattr(preload_module, "_read", lambda *a: time.sleep(30))
    found = _start(data_dir)  # the child inherits the slow _read
    started = time.monotonic()
    assert not found.wait(timeout=0.3)
    assert time.monotonic() - started < 5
    assert found.dropped == "no answer in 0.3 s"
    assert _gone(found.pid)
    assert found.current() is None


def test_a_failing_child_says_nothing_on_the_terminal(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
) -> None:
    seed(data_dir)

    def noisy(*args: object) -> None:
        print("stdout from the child")
        print("stderr from the child", file=sys.stderr)
        raise RuntimeError("the child failed")

    monkeypatch.setattr(preload_module, "_read", noisy)
    found = _start(data_dir)
    assert not found.wait()
    assert found.dropped == "no answer (EOFError)"
    out, err = capfd.readouterr()
    assert "child" not in out and "child" not in err


async def test_a_damaged_index_is_left_to_the_app_which_says_so(data_dir: Path) -> None:
    seed(data_dir, sessions=last_week_walks())
    year = (TODAY - timedelta(days=7)).year
    (data_dir / "index" / f"{year}.json").write_text("{not json", encoding="utf-8")
    found = _start(data_dir)
    assert not found.wait()  # the read-only open refuses a damaged file
    app = _app(data_dir, found)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        assert any("index" in n for n in app.store_notices)
        assert "minute walk" in _home_text(app)  # rebuilt from the sessions files


async def test_a_folder_another_stride_holds_is_still_refused(data_dir: Path) -> None:
    seed(data_dir, sessions=last_week_walks())
    found = _start(data_dir)
    with Store.open(data_dir):  # another Stride has the folder
        app = _app(data_dir, found)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(50):
                await pilot.pause(0.02)
                if app.return_code is not None:
                    break
        assert app.return_code == 2


def test_no_preload_without_data_or_with_threads(data_dir: Path) -> None:
    assert HomePreload.start(data_dir, TODAY, None, allow_threads=True) is None  # first start
    seed(data_dir)
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert HomePreload.start(data_dir, TODAY, None) is None
    finally:
        stop.set()
        thread.join()


def test_the_stride_command_in_a_real_terminal_leaves_no_child_behind(data_dir: Path) -> None:
    """`stride` itself (tmux): Home shows today's walk, and the preload's child is gone."""
    from tests.conftest import need_commands
    from tests.resilience.terminal import Terminal

    need_commands("tmux")
    seed(data_dir, sessions=last_week_walks())
    with Store.open(data_dir, readonly=True) as store:
        expected = load_home(store, TODAY).target
    assert expected is not None
    term = Terminal(data_dir)
    try:
        term.start("--mute", "--no-notify", env={"STRIDE_TODAY": TODAY.isoformat()})
        term.wait_for("to check in and start", timeout=20)
        assert f"{expected.session_minutes} minute walk" in term.screen()
        pid = term.pid()
        children = [
            child for task in os.listdir(f"/proc/{pid}/task")
            for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        ]
        assert children == []
    finally:
        term.close()
