"""The package as it would be published: the sdist and the wheel, built once for this module.

scripts/test.sh builds them once (`python -m build`, then `twine check`) and hands them over in
STRIDE_DIST_DIR; run alone, this module builds them itself. The wheel is built from the sdist,
so a file missing from the sdist shows up as a missing file in the wheel too.
"""

from __future__ import annotations

import email
import email.message
import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from stride_tui import __version__
from tests.conftest import need

ROOT = Path(__file__).resolve().parents[2]
REPOSITORY = "https://github.com/stride-tui/stride"
RAW = "https://raw.githubusercontent.com/stride-tui/stride/main/"
# A quick, representative part of the suite for the unpacked sdist: the programme's rules and
# the layering (the property-based programme tests take minutes on a shared CPU).
SDIST_TESTS = ("tests/core", "tests/test_architecture.py")
SDIST_IGNORE = ("tests/core/test_programme_properties.py",)


def _build(outdir: Path) -> None:
    need(importlib.util.find_spec("build") is not None, "the `build` package is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(outdir), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("STRIDE_DIST_DIR")
    if given:
        return Path(given)
    outdir = tmp_path_factory.mktemp("dist")
    _build(outdir)
    return outdir


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob(f"stride_tui-{__version__}-py3-none-any.whl")
    return found


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    (found,) = dist.glob(f"stride_tui-{__version__}.tar.gz")
    return found


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.fixture(scope="module")
def sdist_names(sdist: Path) -> set[str]:
    top = f"stride_tui-{__version__}/"
    with tarfile.open(sdist) as archive:
        return {m.name.removeprefix(top) for m in archive.getmembers() if m.isfile()}


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(f"stride_tui-{__version__}.dist-info/METADATA").decode()
    return email.message_from_string(text)


def _tracked(folder: str) -> set[str]:
    """Files of the checkout under ``folder``: git's list when there is one, else the disk."""
    done = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode == 0 and done.stdout.strip():
        return set(done.stdout.split())
    return {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_the_wheel_ships_every_cue_sound_but_not_the_script_that_makes_them(
    wheel_names: set[str],
) -> None:
    sounds = {p.name for p in (ROOT / "audio").glob("*.wav")}
    assert len(sounds) > 30
    assert {n.removeprefix("stride_tui/audio/") for n in wheel_names
            if n.startswith("stride_tui/audio/") and n.endswith(".wav")} == sounds
    assert not [n for n in wheel_names if "make_audio" in n]
    assert not [n for n in wheel_names if n.startswith(("tests/", "scripts/", "benchmarks/"))]
    assert "stride_tui/py.typed" in wheel_names
    assert "stride_tui/ui/stride.tcss" in wheel_names
    assert f"stride_tui-{__version__}.dist-info/licenses/LICENSE" in wheel_names


def test_the_metadata_says_licence_version_pythons_and_where_the_project_lives(
    metadata: email.message.Message,
) -> None:
    assert metadata["Version"] == __version__  # read from stride_tui.__version__, the one place
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert metadata["License"] is None  # the deprecated free-text form is gone
    classifiers = metadata.get_all("Classifier") or []
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    # PyPI refuses an upload with a classifier it does not know.
    from trove_classifiers import classifiers as known

    assert [c for c in classifiers if c not in known] == []
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    assert urls["Source"] == REPOSITORY
    assert urls["Issues"] == f"{REPOSITORY}/issues"
    assert metadata["Description-Content-Type"] == "text/markdown"


def test_the_readme_pictures_are_absolute_urls_of_files_in_the_repository(
    metadata: email.message.Message,
) -> None:
    description = metadata.get_payload()
    assert isinstance(description, str)
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", description)
    assert images, "the README shows no picture"
    for url in images:
        assert url.startswith(RAW), url
        assert (ROOT / url.removeprefix(RAW)).is_file(), f"{url} names no file of the checkout"


def test_the_sdist_carries_the_tests_and_what_they_read(sdist_names: set[str]) -> None:
    missing = sorted(_tracked("tests") - sdist_names)
    assert not missing, f"the sdist lacks {missing}"
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "ARCHITECTURE.md", "pyproject.toml",
                 "scripts/make_audio.py", "scripts/test.sh", "benchmarks/report.py"):
        assert name in sdist_names
    assert not [n for n in sdist_names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in sdist_names if n.startswith(("screenshots/", ".venv"))]


@pytest.fixture(scope="module")
def unpacked(sdist: Path, wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[Path, Path]
]:
    """The sdist unpacked, and the wheel (built from it) installed into a folder of its own."""
    root = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as archive:
        archive.extractall(root, filter="data")
    site = root / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
         "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    yield root / f"stride_tui-{__version__}", site


def test_the_unpacked_sdist_passes_its_own_tests_against_the_installed_package(
    unpacked: tuple[Path, Path],
) -> None:
    source, site = unpacked
    # The dependencies come from this venv; Stride itself only from the installed wheel.
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import stride_tui; print(stride_tui.__file__)"],
        cwd=source, env=env, capture_output=True, text=True, check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    ignore = [f"--ignore={path}" for path in SDIST_IGNORE]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *ignore, *SDIST_TESTS],
        cwd=source, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"\b\d{2,} passed\b", done.stdout), done.stdout[-1000:]
