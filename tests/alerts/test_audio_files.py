"""The committed cue sounds: all present, in the one format every backend plays, and rebuildable."""

from __future__ import annotations

import array
import importlib
import importlib.util
import shutil
import sys
import wave
from pathlib import Path

import pytest

from stride_tui.alerts.catalogue import ALL_CLIPS, clip_path
from tests.conftest import need

# scripts/make_audio.py is a tool of the checkout, not part of the package: loaded by its path.
# By name: the editable install maps stride_tui.audio onto the top-level audio/ folder.
AUDIO = Path(str(importlib.import_module("stride_tui.audio").__file__)).parent
_SPEC = importlib.util.spec_from_file_location(
    "make_audio", Path(__file__).resolve().parents[2] / "scripts" / "make_audio.py"
)
assert _SPEC is not None and _SPEC.loader is not None
make_audio = importlib.util.module_from_spec(_SPEC)
sys.modules["make_audio"] = make_audio  # dataclasses look their module up there
_SPEC.loader.exec_module(make_audio)

NAMED_IN_THE_ISSUE = (
    "chime-start",
    "chime-change",
    "chime-tick",
    "chime-halfway",
    "chime-finish",
    "chime-warning",
    "say-shoulders",
    "say-shoulder-roll",
    "say-stride",
    "say-hands",
    "say-talk-test",
    "say-halfway",
    "say-last-minute",
    "say-pain-check",
    "say-lean-forward",
    "say-poles",
    "say-warm-up",
    "say-walk-start",
    "say-walk-end",
    "say-paused",
    "say-resumed",
    "say-strength",
    "say-cool-down",
    "say-red-flag",
    "say-pain-stop",
    "say-move-march",
    "say-move-cat-camel",
    "say-move-ankle-circles",
    "say-move-glute-squeezes",
    "say-move-glute-bridges",
    "say-move-bird-dog",
    "say-move-hamstring-stretch",
    "say-move-slow-walk",
    "say-move-calf-stretch",
    "say-move-hip-flexor-stretch",
    # the treadmill's safety cues (issue #12)
    "say-flatten",
    "say-ease-pace",
)


def test_the_catalogue_names_exactly_the_clips_the_core_asks_for() -> None:
    assert sorted(ALL_CLIPS) == sorted(NAMED_IN_THE_ISSUE)
    assert sorted(ALL_CLIPS) == sorted([*make_audio.CHIMES, *make_audio.VOICES])


@pytest.mark.parametrize("name", ALL_CLIPS)
def test_every_clip_is_16_bit_mono_22050_hz_and_audible(name: str) -> None:
    path = clip_path(name)
    assert path.is_file()
    with wave.open(str(path), "rb") as wav:
        assert (wav.getsampwidth(), wav.getnchannels(), wav.getframerate()) == (2, 1, 22050)
        samples = array.array("h", wav.readframes(wav.getnframes()))
    seconds = len(samples) / 22050
    assert 0.1 <= seconds <= 5.0
    peak = max(abs(s) for s in samples)
    assert peak > 8000, "too quiet to hear over a treadmill"
    assert peak < 32767, "clipped"


def test_chimes_are_soft_at_both_ends() -> None:
    for name in make_audio.CHIMES:
        with wave.open(str(clip_path(name)), "rb") as wav:
            samples = array.array("h", wav.readframes(wav.getnframes()))
        peak = max(abs(s) for s in samples)
        assert abs(samples[0]) < peak * 0.05  # soft attack: no click on the first sample
        assert samples[-1] == 0  # faded out, no click at the end
        assert 0.1 <= len(samples) / 22050 <= 1.5


def test_all_the_sound_stays_small() -> None:
    total = sum(clip_path(name).stat().st_size for name in ALL_CLIPS)
    assert total < 3_000_000


def test_make_audio_rebuilds_the_chimes_byte_for_byte(tmp_path: Path) -> None:
    assert make_audio.main(["--chimes-only", "--out", str(tmp_path)]) == 0
    for name in make_audio.CHIMES:
        assert (tmp_path / f"{name}.wav").read_bytes() == (AUDIO / f"{name}.wav").read_bytes()


def test_clip_path_accepts_a_name_with_or_without_wav() -> None:
    assert clip_path("chime-tick") == clip_path("chime-tick.wav")
    with pytest.raises(ValueError, match="no cue sound"):
        clip_path("say-one")


def test_make_audio_speaks_a_prompt_with_espeak_ng_and_sox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need(shutil.which("espeak-ng") is not None, "espeak-ng is not installed")
    need(shutil.which("sox") is not None, "sox is not installed")
    # One prompt is enough to prove the recipe; all 29 take a few seconds.
    monkeypatch.setattr(make_audio, "VOICES", {"say-paused": make_audio.VOICES["say-paused"]})
    written = make_audio.write_voices(tmp_path)
    assert [p.name for p in written] == ["say-paused.wav"]
    with wave.open(str(written[0]), "rb") as wav:
        assert (wav.getsampwidth(), wav.getnchannels(), wav.getframerate()) == (2, 1, 22050)
