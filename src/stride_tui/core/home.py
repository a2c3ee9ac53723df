"""What Home shows, read from the store: the one answer to "what does Home say today".

``load_home`` runs wherever the store is read for Home: on the app's store thread, and in the
start-up preload (``stride_tui.preload``), a child process that reads it on another core while
Textual starts. It never imports Textual, so that child does not either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stride_tui.core.digest import SessionDigest
from stride_tui.core.plan import DailyTarget
from stride_tui.core.programme import today_for
from stride_tui.core.records import Profile, SessionRecord


@dataclass
class HomeData:
    """What Home shows: the profile, the last three weeks' digests, every day walked (for the
    streak, however long), an unfinished walk, and today's programme day (``None`` without a
    profile), worked out from every session's digest."""

    profile: Profile | None
    recent: list[SessionDigest]
    walk_days: set[date]
    checkpoint: SessionRecord | None
    notices: list[str]
    target: DailyTarget | None = None


def load_home(store: Any, today: date) -> HomeData:
    """What Home shows, read and worked out off the UI thread: the programme's rules read
    every session (about 10 ms at ten years), which the UI thread must not wait on (#15)."""
    profile = store.load_profile()
    return HomeData(
        profile=profile,
        recent=store.digests(today - timedelta(days=21), today),
        walk_days=store.walk_days(date.min, today),
        checkpoint=store.read_checkpoint(),
        notices=list(store.notices),
        target=None if profile is None else today_for(profile, store.digests(), today),
    )
