"""Fixtures for the store tests: a data folder, and real read-only and full filesystems."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from stride_tui.core.records import SCHEMA_VERSION, Profile, SessionRecord
from tests.conftest import need

CHILD = Path(__file__).with_name("child.py")


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    """The test's own data folder (STRIDE_DATA_DIR), not created yet."""
    return _private_data_dir


def start_child(*args: str) -> subprocess.Popen[str]:
    """Run tests/store/child.py (a small Stride process) with its output piped back."""
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@contextmanager
def _mounted(target: Path, *mount_args: str) -> Iterator[None]:
    done = _run("mount", *mount_args, str(target))
    need(done.returncode == 0, f"cannot mount here: {done.stderr.strip()}")
    try:
        yield
    finally:
        if _run("umount", str(target)).returncode != 0:
            _run("umount", "-l", str(target))


@contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """Make ``directory`` (and everything under it) read-only for this process while inside.

    As root, permission bits do not stop writes, so a read-only bind mount is laid over the
    folder (files already open keep working, as on a real remount); otherwise chmod 0500.
    """
    if os.geteuid() != 0:
        directory.chmod(0o500)
        try:
            yield
        finally:
            directory.chmod(0o700)
        return
    need(_can_mount(), "needs `mount` to make a read-only folder as root")
    with _mounted(directory, "--bind", str(directory)):
        remount = _run("mount", "-o", "remount,bind,ro", str(directory))
        need(remount.returncode == 0, f"cannot remount read-only: {remount.stderr.strip()}")
        yield


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB filesystem (tmpfs), so a test can fill it up."""
    need(os.geteuid() == 0, "needs root to mount a small tmpfs")
    need(_can_mount(), "needs the `mount` command")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    with _mounted(disk, "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs"):
        yield disk


def fill_up(disk: Path) -> Path:
    """Fill ``disk`` until the filesystem refuses another byte; return the filler file."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
        try:
            while True:
                f.write(b"\0")
        except OSError:
            pass
    return filler


def folder_files(data_dir: Path) -> dict[str, bytes]:
    """Every file under the data folder (its subfolders too) and its bytes."""
    return {
        str(p.relative_to(data_dir)): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
    }


def single_file(
    data_dir: Path,
    sessions: list[SessionRecord],
    profile: Profile | None = None,
    version: int = SCHEMA_VERSION,
) -> bytes:
    """Write ``stride.json`` as Stride wrote it before the index layout (one file holding the
    profile and every session) and return its bytes."""
    tables = {
        "meta": {"1": {"schema_version": version}},
        "profile": {"1": profile.to_dict()} if profile is not None else {},
        "sessions": {str(n + 1): s.to_dict() for n, s in enumerate(sessions)},
    }
    raw = json.dumps(tables, separators=(",", ":")).encode()
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "stride.json").write_bytes(raw)
    return raw
