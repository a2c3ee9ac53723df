#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then runs the whole test suite.
# As root on Debian/Ubuntu it also installs the system parts the tests use for real:
# ALSA (sound), D-Bus (notifications go to a test notification server on a private bus),
# espeak-ng and sox (audio files), tmux (a real terminal), librsvg2-bin (screenshots to PNG),
# zsh and fish (the completion scripts are syntax-checked by them).
# chromium (the phone page, driven by Playwright; never `playwright install`) and zbar-tools
# (reads back the QR code).
#
#   scripts/test.sh [--newest] [--python X.Y]... [--all-pythons] [pytest args]
#   --newest       first upgrade Textual and every other dependency to the newest release that
#                  pyproject.toml allows (e.g. textual>=8.2.8,<9): the snapshots guard the look.
#   --python X.Y   run the test suite on Python X.Y instead (repeatable), each in its own
#                  .venv-X.Y; the interpreter comes from pyenv (`pyenv root`/versions/X.Y.*) or
#                  pythonX.Y on PATH. ruff, mypy and the package build run only without it.
#   --all-pythons  the same for every Python Stride supports: 3.11, 3.12 and 3.13.
#
# Without --python it also builds the sdist and the wheel once (`python -m build`), checks them
# with `twine check --strict`, and hands them to tests/packaging (STRIDE_DIST_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

NEWEST=0
PYTHONS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --newest) NEWEST=1; shift ;;
        --python) PYTHONS+=("${2:?--python needs a version, e.g. --python 3.12}"); shift 2 ;;
        --all-pythons) PYTHONS+=(3.11 3.12 3.13); shift ;;
        *) break ;;
    esac
done

DEB_PACKAGES=(libasound2-dev alsa-utils dbus espeak-ng sox tmux librsvg2-bin gcc zsh fish)
# The fake BlueZ of the treadmill tests: a private bus and a python-dbusmock template.
DEB_PACKAGES+=(dbus-daemon python3-dbusmock libglib2.0-bin)
# The phone page's browser tests and the QR code read-back.
DEB_PACKAGES+=(chromium zbar-tools)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    missing=()
    for p in "${DEB_PACKAGES[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing Debian packages: ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi

# The interpreter for one Python version: pyenv's newest X.Y.*, else pythonX.Y on PATH.
find_python() {
    local root found
    root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
    found=$(ls -d "$root"/versions/"$1".*/bin/python 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$found" ]; then echo "$found"; return; fi
    if command -v "python$1" >/dev/null; then command -v "python$1"; return; fi
    echo "scripts/test.sh: no Python $1 here (pyenv install $1, or put python$1 on PATH)" >&2
    return 1
}

# make_venv DIR PYTHON: a virtual environment with Stride (editable) and its test tools.
make_venv() {
    local venv=$1 python=$2
    if [ ! -x "$venv/bin/python" ]; then
        "$python" -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install -q --upgrade pip >/dev/null
    # simpleaudio builds only with the ALSA headers: try the audio extra, fall back without it.
    # pip's complaint goes to a log inside the (git-ignored) venv, not to a shared path.
    if ! "$venv/bin/python" -m pip install -q -e '.[test,audio,treadmill]' 2>"$venv/pip-install.log"; then
        echo "note: simpleaudio could not be built (see $venv/pip-install.log); installing without it"
        "$venv/bin/python" -m pip install -q -e '.[test,treadmill]'
    fi
    if [ "$NEWEST" = 1 ]; then
        "$venv/bin/python" -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
        "$venv/bin/python" -m pip list 2>/dev/null | grep -iE '^(textual|desktop-notifier|tinydb) '
    fi
}

if [ ${#PYTHONS[@]} -gt 0 ]; then
    failed=()
    for version in "${PYTHONS[@]}"; do
        python=$(find_python "$version")
        echo "== Python $version ($python)"
        make_venv ".venv-$version" "$python"
        ".venv-$version/bin/python" -m pytest -q -p no:cacheprovider "$@" || failed+=("$version")
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "scripts/test.sh: tests failed on Python ${failed[*]}" >&2
        exit 1
    fi
    exit 0
fi

make_venv .venv "${PYTHON:-python3}"

.venv/bin/ruff check src tests benchmarks audio scripts
.venv/bin/mypy

# The package as it would be published: built once (sdist, then the wheel from the sdist),
# checked, and handed to tests/packaging, which lists both and runs the unpacked sdist's tests.
dist=.venv/dist
rm -rf "$dist"
.venv/bin/python -m build --no-isolation --outdir "$dist" . >"$dist.log" 2>&1 \
    || { cat "$dist.log" >&2; exit 1; }
.venv/bin/twine check --strict "$dist"/*
export STRIDE_DIST_DIR="$PWD/$dist"

exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
