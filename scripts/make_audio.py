"""Rebuild Stride's cue sounds in the audio/ folder (shipped in the package as stride_tui.audio).

Chimes are synthesised here in pure Python, so they rebuild byte for byte anywhere. Spoken
prompts need espeak-ng and sox (only to rebuild them; the app plays the committed WAVs).

    python scripts/make_audio.py                # everything
    python scripts/make_audio.py --chimes-only  # no espeak-ng/sox needed
    python scripts/make_audio.py --out DIR      # write somewhere else (tests compare)
"""

from __future__ import annotations

import argparse
import math
import shlex
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
HERE = Path(__file__).resolve().parents[1] / "audio"


@dataclass(frozen=True)
class Note:
    """One struck bell-like note inside a chime."""

    start: float  # seconds from the chime's start
    freq: float  # Hz
    length: float  # seconds until it has died away
    level: float = 1.0


C5, E5, G5, A5, C6 = 523.25, 659.25, 783.99, 880.0, 1046.5
F4, A4 = 349.23, 440.0

CHIMES: dict[str, tuple[Note, ...]] = {
    # Rising fifth: "let's go".
    "chime-start": (Note(0.0, C5, 0.45), Note(0.16, G5, 0.55)),
    # One soft note: something new to do, not urgent.
    "chime-change": (Note(0.0, E5, 0.45),),
    # Short and dry so a 3-2-1 countdown stays crisp.
    "chime-tick": (Note(0.0, A5, 0.15, 0.8),),
    # Ding-dong, distinct from start and change.
    "chime-halfway": (Note(0.0, A5, 0.4), Note(0.2, E5, 0.5)),
    # Rising arpeggio that resolves: done.
    "chime-finish": (
        Note(0.0, C5, 0.5),
        Note(0.12, E5, 0.5),
        Note(0.24, G5, 0.55),
        Note(0.36, C6, 0.8),
    ),
    # Lower falling third, twice: calm but unmistakably "stop".
    "chime-warning": (
        Note(0.0, A4, 0.3),
        Note(0.22, F4, 0.3),
        Note(0.5, A4, 0.3),
        Note(0.72, F4, 0.4),
    ),
}

# The words of every spoken prompt. Short on purpose: ~44 KB a second of speech.
VOICES: dict[str, str] = {
    # walk cues
    "say-shoulders": "Shoulders to your pockets, head tall.",
    "say-shoulder-roll": "Roll your shoulders down, to your pockets.",
    "say-stride": "Foot under your hip. Shorter steps.",
    "say-hands": "Loose hands, like holding eggs. Swing front to back.",
    "say-talk-test": "You should talk easily, but not sing.",
    "say-halfway": "Halfway there, nice and steady.",
    "say-last-minute": "One minute to go.",
    "say-pain-check": "Pain check, zero to ten?",
    "say-lean-forward": "Lean forward a little, on the rails.",
    "say-poles": "Use your poles. No incline.",
    "say-flatten": "Flatten it.",
    "say-ease-pace": "Can you talk?",
    # phases
    "say-warm-up": "Warm-up time.",
    "say-walk-start": "Walk starts now. Easy pace.",
    "say-walk-end": "Target reached, well done. Slow down now.",
    "say-paused": "Paused.",
    "say-resumed": "Resuming.",
    "say-strength": "Strength moves.",
    "say-cool-down": "Cool-down, easy does it.",
    "say-red-flag": "Stop walking now. Get medical care today.",
    "say-pain-stop": "Pain is over this week's limit. Stop and rest.",
    # warm-up moves
    "say-move-march": "March in place, thirty seconds.",
    "say-move-cat-camel": "Standing cat-camel. Round, then arch.",
    "say-move-ankle-circles": "Ankle circles, ten each way.",
    "say-move-glute-squeezes": "Squeeze your glutes, fifteen times.",
    # strength moves
    "say-move-glute-bridges": "Glute bridges, lift and lower slowly.",
    "say-move-bird-dog": "Bird-dog, ten a side.",
    "say-move-hamstring-stretch": "Hamstring stretch, thirty seconds a leg.",
    # cool-down moves
    "say-move-slow-walk": "Slow walk, let your breath settle.",
    "say-move-calf-stretch": "Calf stretch, heel down.",
    "say-move-hip-flexor-stretch": "Hip flexor stretch, gently.",
}

# Bell-like timbre: partial ratio, relative level, how much faster it decays than the fundamental.
_PARTIALS = ((1.0, 1.0, 1.0), (2.0, 0.35, 1.8), (3.0, 0.12, 2.6), (4.2, 0.05, 3.5))
_ATTACK = 0.012  # long enough to avoid a click, short enough to still sound struck
_TAIL = 0.03  # release of each note, and a final fade so the last sample is exactly silent
_PEAK = 0.55  # of full scale: pleasant, never clipping, leaves room next to speech


# Always -b 16: at 24-bit sox writes WAVE_FORMAT_EXTENSIBLE, which Python's wave module rejects.
_SOX_FORMAT = ["-r", str(RATE), "-c", "1", "-b", "16", "-e", "signed-integer"]
# Trim the silence at both ends, shorten pauses between sentences to 0.25 s (keeps the files
# small), normalise, and leave a 50 ms breath either side.
_SOX_EFFECTS = shlex.split(
    "silence -l 1 0.01 0.1% -1 0.25 0.1% reverse silence 1 0.01 0.1% reverse norm -1 pad 0.05 0.05"
)


def chime_frames(name: str) -> bytes:
    """The 16-bit mono PCM frames of one chime (deterministic)."""
    notes = CHIMES[name]
    total = max(n.start + n.length for n in notes) + _TAIL
    count = int(total * RATE)
    mix = [0.0] * count
    for note in notes:
        first = int(note.start * RATE)
        length = int(note.length * RATE)
        decay = 5.0 / note.length  # about -43 dB by the note's end
        for i in range(min(length, count - first)):
            t = i / RATE
            attack = 0.5 - 0.5 * math.cos(math.pi * t / _ATTACK) if t < _ATTACK else 1.0
            left = (length - i) / RATE
            # Even at -43 dB a note cut off dead clicks; ease it out.
            release = 0.5 - 0.5 * math.cos(math.pi * left / _TAIL) if left < _TAIL else 1.0
            value = 0.0
            for ratio, level, speed in _PARTIALS:
                value += (
                    level
                    * math.exp(-decay * speed * t)
                    * math.sin(2 * math.pi * note.freq * ratio * t)
                )
            mix[first + i] += note.level * attack * release * value
    peak = max(abs(v) for v in mix) or 1.0
    tail = int(_TAIL * RATE)
    samples = []
    for i, v in enumerate(mix):
        fade = min(1.0, (count - 1 - i) / tail)
        samples.append(round(v / peak * _PEAK * 32767 * fade))
    return struct.pack(f"<{count}h", *samples)


def write_wav(path: Path, frames: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def write_chimes(out: Path) -> list[Path]:
    paths = []
    for name in CHIMES:
        path = out / f"{name}.wav"
        write_wav(path, chime_frames(name))
        paths.append(path)
    return paths


def write_voices(out: Path) -> list[Path]:
    missing = [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: apt install espeak-ng sox")
    paths = []
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        for name, text in VOICES.items():
            path = out / f"{name}.wav"
            subprocess.run(
                ["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), text], check=True
            )
            subprocess.run(["sox", str(raw), *_SOX_FORMAT, str(path), *_SOX_EFFECTS], check=True)
            paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--chimes-only", action="store_true", help="skip the spoken prompts")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    written = write_chimes(args.out)
    if not args.chimes_only:
        written += write_voices(args.out)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {size / 1e6:.2f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
