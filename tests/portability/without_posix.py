"""Run Stride's code as on a system without ``fcntl`` and POSIX signals (Windows), in this
process only: ``python -m tests.portability.without_posix CHECK [ARGS]``; prints JSON.

``fcntl`` is hidden (``sys.modules['fcntl'] = None`` makes importing it fail) and every signal
name Windows lacks (SIGHUP, SIGTSTP, SIGWINCH, ...) is removed from ``signal`` before any of
Stride loads. (Signal functions stay: Linux's own asyncio loop needs them to run at all.)

    imports           import every module of stride_tui; report those that fail
    hold DIR          take DIR's lock, print READY, release when stdin closes
    take DIR          try to take DIR's lock once; report taken or the refusal
    app DIR           mount the app headless (it installs its signal handlers), then quit
"""

from __future__ import annotations

import signal
import sys

sys.modules["fcntl"] = None  # type: ignore[assignment]
# The signals Windows' signal module has; every other SIG* name goes.
WINDOWS_SIGNALS = {"SIGABRT", "SIGBREAK", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM"}
REMOVED = sorted(
    name for name in vars(signal)
    if name.startswith("SIG") and not name.startswith("SIG_") and name not in WINDOWS_SIGNALS
)
for _name in REMOVED:
    delattr(signal, _name)

import asyncio  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import pkgutil  # noqa: E402
from pathlib import Path  # noqa: E402


def imports() -> dict[str, object]:
    import stride_tui

    failed = {}
    names = []
    for info in pkgutil.walk_packages(stride_tui.__path__, "stride_tui."):
        if info.name == "stride_tui.__main__":
            continue  # running it is running the command
        names.append(info.name)
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # report every failure, whatever it is
            failed[info.name] = f"{type(exc).__name__}: {exc}"
    return {"modules": names, "failed": failed, "fcntl_loaded": bool(sys.modules.get("fcntl")),
            "signals_removed": REMOVED}


def hold(folder: Path) -> dict[str, object]:
    from stride_tui.store.lock import LOCKING, DataDirLock

    lock = DataDirLock.acquire(folder)
    print(json.dumps({"ready": True, "locking": LOCKING}), flush=True)
    sys.stdin.read()
    lock.release()
    return {"released": True}


def take(folder: Path) -> dict[str, object]:
    from stride_tui.store import StoreLocked
    from stride_tui.store.lock import LOCKING, DataDirLock

    try:
        lock = DataDirLock.acquire(folder)
    except StoreLocked as exc:
        return {"taken": False, "message": str(exc), "locking": LOCKING}
    holder = (folder / "stride.lock").read_text()
    lock.release()
    again = DataDirLock.acquire(folder)  # released means free again, in this process too
    again.release()
    return {"taken": True, "holder": json.loads(holder), "locking": LOCKING}


def app(folder: Path) -> dict[str, object]:
    from stride_tui.ui.app import AppConfig, StrideApp

    async def mount() -> list[str]:
        stride = StrideApp(AppConfig(data_dir=folder, mute=True, notify=False))
        async with stride.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screen = type(stride.screen).__name__
            await stride.action_quit()
        return [screen]

    return {"screens": asyncio.run(mount())}


def main() -> None:
    check, *args = sys.argv[1:]
    checks = {"imports": imports, "hold": hold, "take": take, "app": app}
    result = checks[check](*map(Path, args))  # type: ignore[operator]
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
