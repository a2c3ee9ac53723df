"""Regenerate screenshots/: an SVG and a PNG of every screen, from tests/ui/shots.py.

Run after any UI change: .venv/bin/python scripts/screenshots.py
(`--check` only says whether screenshots/SOURCE.txt matches the UI sources as they are now.)
(PNGs need rsvg-convert from librsvg2-bin; fonts-firacode gives them Textual's own font.)
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ui.shots import SHOTS, build  # noqa: E402


async def shoot(out: Path) -> list[Path]:
    made = []
    for shot in SHOTS:
        with tempfile.TemporaryDirectory() as tmp:
            app = build(shot, Path(tmp) / "data")
            async with app.run_test(size=shot.size) as pilot:
                await shot.drive(pilot, app)
                await pilot.pause()
                svg = app.save_screenshot(f"{shot.name}.svg", str(out))
                made.append(Path(svg))
    return made


def main() -> int:
    out = ROOT / "screenshots"
    if sys.argv[1:] == ["--check"]:
        current = (out / "SOURCE.txt").exists() and ui_digest() in (
            out / "SOURCE.txt").read_text(encoding="utf-8")
        print("screenshots are current" if current else
              "screenshots are stale: run python scripts/screenshots.py")
        return 0 if current else 1
    out.mkdir(exist_ok=True)
    svgs = asyncio.run(shoot(out))
    converter = shutil.which("rsvg-convert")
    for svg in svgs:
        # rsvg collapses the non-breaking spaces Textual writes unless told to preserve them.
        text = svg.read_text(encoding="utf-8")
        if 'xml:space="preserve"' not in text:
            svg.write_text(text.replace("<svg ", '<svg xml:space="preserve" ', 1), encoding="utf-8")
        if converter:
            subprocess.run([converter, "-o", str(svg.with_suffix(".png")), str(svg)], check=True)
        print(svg.relative_to(ROOT))
    if not converter:
        print("rsvg-convert not found (apt install librsvg2-bin): PNGs not made", file=sys.stderr)
    # The phone companion page, in Chromium (skipped, with a note, without it).
    from tests.companion.shots import shoot_pages

    for png in asyncio.run(shoot_pages(out)):
        print(png.relative_to(ROOT))
    write_source(out / "SOURCE.txt")
    return 0


def ui_digest() -> str:
    """A digest of everything the screenshots are drawn from: the UI package and the scenes."""
    digest = hashlib.sha256()
    files = sorted((ROOT / "src" / "stride_tui" / "ui").rglob("*.py"))
    files += sorted((ROOT / "src" / "stride_tui" / "ui").rglob("*.tcss"))
    files.append(ROOT / "tests" / "ui" / "shots.py")
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def write_source(path: Path) -> None:
    """Record what the screenshots were made from, so a stale set can be told from a current
    one (run `python scripts/screenshots.py --check` to compare)."""
    path.write_text(
        "Made by scripts/screenshots.py from the UI sources with this digest (src/stride_tui/ui "
        "and tests/ui/shots.py):\n" + ui_digest() + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    raise SystemExit(main())
