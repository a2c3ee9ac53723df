"""Property: any export document built from the schema's own strategies either imports, after
which ``plan``, ``progress`` and ``history`` (``--json``) and the app's Home all work, or is
refused with exit status 2, one line, and the data folder unchanged (issue #16).

The strategies draw each field from values inside the schema's bounds and from values just
outside them (a naive time, a bare date, week 0, 1e308 seconds, an id with an escape, …), so
about half the documents are refused and half go all the way to the screen.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from stride_tui.core.records import (
    FIRST_DAY,
    LAST_DAY,
    MAX_MINUTES,
    MAX_SECONDS,
    MAX_WEEK,
    RED_FLAGS,
    Condition,
    SessionStatus,
    SoundMode,
    StepStatus,
    Surface,
)
from stride_tui.ui.screens.home import HomeScreen
from tests.resilience.doors import TODAY, export_doc, run, snapshot
from tests.ui.scenarios import make_app, settle


def _either(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Mostly good values: a document has dozens of fields and is refused at its first bad one,
    # so a bad value one time in fifty leaves about half the documents to go all the way.
    return st.integers(0, 49).flatmap(lambda n: bad if n == 0 else good)


_zones = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-8))])
_days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY - timedelta(days=2))
_moments = st.datetimes(
    min_value=datetime(2000, 1, 2), max_value=datetime(2100, 12, 29), timezones=_zones
)
_bad_moments = st.sampled_from(
    ["2026-03-02T08:00:00", "2026-03-02", "0001-01-01T00:00:00+00:00",
     "9999-12-31T23:59:59+00:00", "yesterday", "", 20260302]
)
_bad_days = st.sampled_from(["0001-01-01", "9999-12-31", "1999-12-31", "2026-02-30", "", 1])
_seconds = st.floats(min_value=0, max_value=MAX_SECONDS, allow_nan=False)
_bad_seconds = st.sampled_from([-1.0, 1e300, 1e308, MAX_SECONDS + 1, "60", True, None])
_pain = st.integers(0, 10)
_bad_pain = st.sampled_from([-1, 11, 10**50, 2.5, "3"])
_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
_bad_text = st.sampled_from(["\x1b[2J", "a\x00b", "x" * 5000, 7])
_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
_bad_ids = st.sampled_from(["", "a b", "a\nb", "\x1b[31m", "a" * 65, "ü", 5, None])


def _enum(values: Any, bad: list[Any]) -> st.SearchStrategy[Any]:
    return _either(st.sampled_from([v.value for v in values]), st.sampled_from(bad))


@st.composite
def sessions(draw: st.DrawFn) -> dict[str, Any]:
    started = draw(_either(_moments, _bad_moments))
    if isinstance(started, datetime):
        gap = draw(_either(st.floats(0, MAX_SECONDS), st.just(-60.0)))
        ended: Any = (started + timedelta(seconds=gap)).isoformat()
        started = started.isoformat()
    else:
        ended = None
    day = draw(_either(_days.map(date.isoformat), _bad_days))
    steps = st.lists(st.fixed_dictionaries({
        "move": _either(_text, _bad_text),
        "status": _enum(StepStatus, ["half"]),
        "seconds": _either(_seconds, _bad_seconds),
    }), max_size=2)
    stored = [s for s in SessionStatus if s is not SessionStatus.IN_PROGRESS]
    return {
        "id": draw(_either(_ids, _bad_ids)),
        "day": day,
        "started_at": started,
        "ended_at": draw(st.sampled_from([ended, None])),
        "status": draw(_enum(stored, ["in-progress", "done", None])),
        "target_minutes": draw(_either(st.integers(0, MAX_MINUTES), st.sampled_from([-1, 10**6]))),
        "week": draw(_either(st.integers(1, MAX_WEEK), st.sampled_from([0, -1, 10**9]))),
        "surface": draw(_enum(Surface, ["moon"])),
        "walked_seconds": draw(_either(_seconds, _bad_seconds)),
        "pain_before": draw(_either(st.none() | _pain, _bad_pain)),
        "pain_after": draw(_either(st.none() | _pain, _bad_pain)),
        "pain_checks": draw(st.lists(st.fixed_dictionaries({
            "at": _either(_seconds, _bad_seconds), "score": _either(_pain, _bad_pain),
            "outcome": _either(_text, _bad_text),
        }), max_size=2)),
        "cues": draw(st.lists(st.fixed_dictionaries({
            "kind": _either(_text, _bad_text), "due": _either(_seconds, _bad_seconds),
            "fired": _either(_seconds, _bad_seconds),
        }), max_size=3)),
        "warm_up": draw(steps),
        "strength": draw(steps),
        "cool_down": draw(steps),
        "red_flags": draw(st.lists(_either(st.sampled_from(sorted(RED_FLAGS)),
                                           st.sampled_from(["dizzy", "", 3])), max_size=2)),
        "note": draw(_either(_text, _bad_text)),
    }


profiles = st.fixed_dictionaries({
    "start_date": _either(_days.map(date.isoformat), _bad_days),
    "surface": _enum(Surface, ["moon"]),
    "conditions": st.lists(_enum(Condition, ["flu"]), max_size=2, unique=True),
    "surgery_date": st.none() | _either(_days.map(date.isoformat), _bad_days),
    "sound": _enum(SoundMode, ["loud"]),
    "notifications": _either(st.booleans(), st.just("yes")),
    "evaluation_advised_on": st.none() | _days.map(date.isoformat),
    "escalation_asked_on": st.none() | _days.map(date.isoformat),
})

documents = st.builds(
    lambda profile, found: export_doc(*found, profile=profile),
    st.none() | profiles,
    st.lists(sessions(), max_size=4),
)


async def _home_works(data_dir: Path) -> None:
    app, _, _ = make_app(data_dir, today=date.fromisoformat(TODAY))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, HomeScreen) or type(screen).__name__ == "ProfileScreen", screen
        await pilot.press("h")  # history, then back: the list draws every imported session
        await settle(pilot, app)
    assert app.return_code in (None, 0)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=documents)
def test_an_export_from_the_schemas_strategies_imports_and_works_or_is_refused(
    doc: dict[str, Any],
) -> None:
    work = Path(tempfile.mkdtemp(prefix="stride-prop-"))
    try:
        data_dir = work / "data"
        assert run(data_dir, "log", "--minutes", "12").returncode == 0
        before = snapshot(data_dir)
        path = work / "in.json"
        path.write_text(json.dumps(doc))
        done = run(data_dir, "import", str(path))
        event(f"import exit {done.returncode}")
        if done.returncode == 2:
            assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
            assert snapshot(data_dir) == before
            return
        assert done.returncode == 0, done.stderr
        for command in (["plan", "--json"], ["progress", "--json"], ["history", "--json"]):
            shown = run(data_dir, *command)
            assert shown.returncode == 0, (command, shown.stderr)
            json.loads(shown.stdout)
        asyncio.run(_home_works(data_dir))
    finally:
        shutil.rmtree(work, ignore_errors=True)
