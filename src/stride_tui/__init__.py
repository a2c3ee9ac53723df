"""Stride: a terminal companion for a progressive walking programme for lower back pain."""

__version__ = "0.1.0"
