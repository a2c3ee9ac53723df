"""A small Stride process for the crash and lock tests, run as ``python child.py MODE DIR``.

Modes:
- ``add DIR START [QUICK]``: save daily walks START, START+1, … forever, printing each id once
  saved; with QUICK, the save after QUICK quick ones prints "renaming" and waits 10 s just
  before renaming its new file into place;
- ``checkpoint DIR``: checkpoint a walk every 0.1 s, printing walked_seconds once written;
- ``hold DIR``: take the store (and so its lock), save one walk, print "ready", then wait;
- ``migrate DIR STEP``: open the store (migrating a single data file), killing itself with
  SIGKILL just before its STEP-th file-system change (a rename, link, or folder made or
  removed); prints "done" when the open finished first.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from stride_tui.store import Store  # noqa: E402
from tests.store.factories import daily_walk  # noqa: E402


def kill_at_step(step: int) -> None:
    """Replace the file-system calls the store makes with ones that count, and SIGKILL this
    process at the ``step``-th."""
    import shutil
    import signal

    count = 0

    def counted(real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            if count == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    for name in ("replace", "rename", "link", "mkdir", "rmdir", "unlink", "fsync"):
        setattr(os, name, counted(getattr(os, name)))
    shutil.rmtree = counted(shutil.rmtree)  # type: ignore[assignment]


def main(mode: str, data_dir: Path, *rest: str) -> None:
    if mode == "migrate":
        kill_at_step(int(rest[0]))
        Store.open(data_dir).close()
        print("done", flush=True)
        return
    store = Store.open(data_dir)
    if mode == "add":
        n = int(rest[0])
        if len(rest) > 1:
            quick = int(rest[1])
            rename = os.replace

            def slow_rename(src: str, dst: str) -> None:
                nonlocal quick
                if quick == 0:
                    print("renaming", flush=True)
                    time.sleep(10)
                quick -= 1
                rename(src, dst)

            os.replace = slow_rename  # type: ignore[assignment]
        print("ready", flush=True)
        while True:
            walk = daily_walk(n)
            store.add_session(walk)
            print(walk.id, flush=True)
            n += 1
    elif mode == "checkpoint":
        walk = daily_walk(0)
        ticks = 0
        print("ready", flush=True)
        while True:
            ticks += 1
            store.write_checkpoint(walk._replace(walked_seconds=ticks * 0.5))
            print(ticks * 0.5, flush=True)
            time.sleep(0.1)
    elif mode == "hold":
        store.add_session(daily_walk(0))
        print("ready", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:])
