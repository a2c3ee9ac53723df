"""Stride's performance harness (DESIGN.md §5): ``python -m benchmarks [--quick]``.

Every figure is measured in the same run as a bare Textual app doing the least it can (one that
exits after its first paint; one whose only work is a Label updated once a second), and is
reported as absolute numbers and as a ratio. Process-level figures come from fresh
subprocesses (``benchmarks/children.py``), repeated and interleaved, and the median is kept.

Nothing here is imported by the app or run as a timed assertion by the tests.
"""
