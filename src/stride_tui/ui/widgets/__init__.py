"""Reusable widgets: the pain scale and the yes/no question."""
