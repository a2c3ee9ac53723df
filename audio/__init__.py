"""Cue sounds: the WAV files Stride plays, made by scripts/make_audio.py."""
