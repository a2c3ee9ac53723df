"""Stride's performance harness (DESIGN.md §5, issue #15): ``python -m benchmarks [--quick]``.

It measures what a person gets: start-up to Home with its data, peak memory on Home and the walk
screen's CPU and terminal output in a real terminal (tmux 100×30), on data folders of 0, 365 and
3,650 realistic daily walks; the first end-of-walk save in a fresh process and the UI's stall
during it with the collector left alone; the commands against ``python -c 'import json'``; cue
lateness with alerts on. Every verdict is a ratio against a bare Textual app (or a floor)
measured in the same run; headless figures are for information. Process-level figures come from
fresh subprocesses (``benchmarks/children.py``), repeated and interleaved, and the median is kept.

Nothing here is imported by the app or run as a timed assertion by the tests.
"""
