#!/usr/bin/env bash
# Installs everything the tests need on a fresh machine, then runs the whole test suite.
# As root on Debian/Ubuntu it also installs the system parts the tests use for real:
# ALSA (sound), D-Bus and notify-send (notifications), espeak-ng and sox (audio files),
# tmux (a real terminal), librsvg2-bin (screenshots to PNG) and chromium (the phone page, driven
# by Playwright; never `playwright install`) and zbar-tools (reads back the QR code).
#
#   scripts/test.sh [--newest] [pytest args]
#   --newest  first upgrade Textual and every other dependency to the newest release that
#             pyproject.toml allows (e.g. textual>=8.2.8,<9): the snapshots guard the look.
set -euo pipefail
cd "$(dirname "$0")/.."

NEWEST=0
if [ "${1:-}" = "--newest" ]; then
    NEWEST=1
    shift
fi

DEB_PACKAGES=(libasound2-dev alsa-utils dbus libnotify-bin espeak-ng sox tmux librsvg2-bin gcc
    chromium zbar-tools)
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

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# simpleaudio builds only with the ALSA headers: try the audio extra, fall back without it.
if ! .venv/bin/python -m pip install -q -e '.[test,audio]' 2>/tmp/stride-pip.log; then
    echo "note: simpleaudio could not be built (see /tmp/stride-pip.log); installing without it"
    .venv/bin/python -m pip install -q -e '.[test]'
fi

if [ "$NEWEST" = 1 ]; then
    .venv/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
    .venv/bin/python -m pip list 2>/dev/null | grep -iE '^(textual|desktop-notifier|tinydb) '
fi

.venv/bin/ruff check src tests benchmarks audio
.venv/bin/mypy
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
