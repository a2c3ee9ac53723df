"""Regenerate screenshots/: an SVG and a PNG of every screen, from tests/ui/shots.py.

Run after any UI change: .venv/bin/python scripts/screenshots.py
(PNGs need rsvg-convert from librsvg2-bin; fonts-firacode gives them Textual's own font.)
"""

from __future__ import annotations

import asyncio
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
