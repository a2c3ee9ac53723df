"""Cue sounds: the WAV files Stride plays, made by make_audio.py."""
