"""Which clips each announcement plays, in each sound mode."""

from __future__ import annotations

import pytest

from stride_tui.alerts.catalogue import ALL_CLIPS, MOVES, WALK_CUES, announcement_kinds, clips_for
from stride_tui.core.records import SoundMode

VOICE, CHIME, OFF = SoundMode.VOICE_AND_CHIME, SoundMode.CHIME_ONLY, SoundMode.OFF


def test_a_walk_cue_is_a_change_chime_then_its_words() -> None:
    assert clips_for("shoulders", VOICE) == ("chime-change", "say-shoulders")
    assert clips_for("shoulders", CHIME) == ("chime-change",)
    assert clips_for("shoulders", OFF) == ()


@pytest.mark.parametrize(
    ("kind", "chime"),
    [
        ("halfway", "chime-halfway"),
        ("walk-start", "chime-start"),
        ("warm-up", "chime-start"),
        ("walk-end", "chime-finish"),
        ("red-flag", "chime-warning"),
        ("pain-stop", "chime-warning"),
        ("move:bird-dog", "chime-change"),
    ],
)
def test_phases_open_with_their_own_chime(kind: str, chime: str) -> None:
    assert clips_for(kind, VOICE)[0] == chime
    assert clips_for(kind, CHIME) == (chime,)


def test_a_move_says_its_name() -> None:
    assert clips_for("move:cat-camel", VOICE) == ("chime-change", "say-move-cat-camel")


def test_the_countdown_ticks_without_words() -> None:
    assert clips_for("tick", VOICE) == ("chime-tick",)
    assert clips_for("tick", CHIME) == ("chime-tick",)
    assert clips_for("tick", OFF) == ()


def test_every_kind_plays_only_clips_that_exist_and_every_clip_is_used() -> None:
    used = {clip for kind in announcement_kinds() for clip in clips_for(kind, VOICE)}
    assert used <= set(ALL_CLIPS)
    assert used == set(ALL_CLIPS)
    assert len(WALK_CUES) == 12 and len(MOVES) == 10  # 12: with the treadmill's two


@pytest.mark.parametrize("kind", ["shoulder", "move:jumping-jacks", "", "move:"])
def test_a_misspelt_kind_is_an_error_not_silence(kind: str) -> None:
    with pytest.raises(ValueError):
        clips_for(kind, VOICE)
