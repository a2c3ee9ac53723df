"""One session in full: walk and pain, pain checks, cues with due and fired times, the warm-up,
strength and cool-down moves done or skipped, red flags and the note.

Dismisses with True when the walker asks to delete the session (the history screen asks
for confirmation and deletes it).
"""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from stride_tui.core.cues import CueKind
from stride_tui.core.records import SessionRecord, StepRecord, StepStatus, Units
from stride_tui.core.routines import ROUTINES
from stride_tui.core.safety import PainAction, RedFlag
from stride_tui.formats import belt_lines, duration, pain_pair, pain_tone, status_label
from stride_tui.ui.widgets.bullets import Bullets
from stride_tui.ui.widgets.keybar import KeyBar

MOVE_NAMES = {move.id: move.name for routine in ROUTINES.values() for move in routine.moves}
TONE_COLOURS = {"good": "$success", "caution": "$warning", "stop": "$error",
                "muted": "$foreground-muted", "plain": "$foreground"}
CHECK_OUTCOMES = {
    PainAction.CONTINUE.value: "carried on",
    PainAction.SUGGEST_EASING.value: "eased off",
    PainAction.STOP.value: "stopped",
}


def _toned(text: str, tone: str) -> str:
    return f"[{TONE_COLOURS.get(tone, '$foreground')}]{text}[/]"


def cue_name(kind: str) -> str:
    try:
        return CueKind(kind).heading
    except ValueError:
        return kind.replace("-", " ").capitalize()


def flag_label(flag: str) -> str:
    try:
        return RedFlag(flag).label
    except ValueError:
        return flag.replace("-", " ")


def overview_text(record: SessionRecord) -> str:
    status, tone = status_label(record.status)
    if record.rehearsal:
        status += " — a rehearsal (faster clock), not counted as a walk"
    pain = pain_pair(record.pain_before, record.pain_after)
    tone_of_pain = pain_tone(record.pain_before, record.pain_after)
    lines = [
        f"[b]Status[/b]   {_toned(status, tone)}",
        f"[b]Walked[/b]   {duration(record.walked_seconds)} of {record.target_minutes} min",
        f"[b]Pain[/b]     {_toned(pain, tone_of_pain)}  [$foreground-muted](before → after)[/]",
    ]
    for check in record.pain_checks:
        outcome = CHECK_OUTCOMES.get(check.outcome, check.outcome)
        lines.append(f"  check  {check.score} at {duration(check.at)} · {outcome}")
    if record.ended_at is not None:
        lines.append(f"[b]Time[/b]     {record.started_at:%H:%M}–{record.ended_at:%H:%M} · "
                     f"{record.surface.value}")
    return "\n".join(lines)


def belt_text(record: SessionRecord, units: Units) -> str:
    """The treadmill's figures of the walk ("" without a treadmill)."""
    rows = belt_lines(record.belt, units)
    if not rows:
        return ""
    return "[b]Treadmill[/b]\n" + "\n".join(f"  {label:<10} {value}" for label, value in rows)


def steps_text(title: str, steps: list[StepRecord]) -> str:
    """A routine's moves, each with how many of its sets or sides were done."""
    if not steps:
        return f"[b]{title}[/b]  [$foreground-muted]not part of this session[/]"
    lines = [f"[b]{title}[/b]"]
    for move, group in groupby(steps, key=lambda s: s.move):
        parts = list(group)
        done = sum(1 for s in parts if s.status is StepStatus.DONE)
        name = MOVE_NAMES.get(move, move)
        if done == len(parts):
            mark, tail = "[$success]✓[/]", ""
        elif done == 0:
            mark, tail = "[$warning]–[/]", " [$foreground-muted]skipped[/]"
        else:
            mark, tail = "[$warning]◐[/]", f" [$foreground-muted]{done} of {len(parts)}[/]"
        lines.append(f" {mark} {name}{tail}")
    return "\n".join(lines)


def cues_items(record: SessionRecord, *, narrow: bool = False) -> list[tuple[str, str]]:
    """The cues called, as (mark, text) lines for ``Bullets``: each cue's due time is its
    mark, so a line too long for the screen wraps under the cue's name. ``narrow`` (a phone-
    sized terminal) leaves out the time it was called, the due time and the lateness tell it."""
    if not record.cues:
        return [("", "[b]Cues[/b]  [$foreground-muted]none called[/]")]
    heading = "due, lateness" if narrow else "due → fired"
    items = [("", f"[b]Cues[/b] · {len(record.cues)} called  [$foreground-muted]{heading}[/]")]
    for cue in record.cues:
        late_ms = (cue.fired - cue.due) * 1000
        late = f"+{late_ms:.0f} ms" if late_ms >= 0.5 else "on time"
        name = cue_name(cue.kind)
        text = (f"{name} [$foreground-muted]{late}[/]" if narrow else
                f"{name:<17} {duration(cue.fired):>5} [$foreground-muted]{late}[/]")
        items.append((f" {duration(cue.due):>5} ", text))
    return items


# Below this many columns the session's figures and its cues go one above the other: side by
# side, the cues' column left the figures no room at all at 40 columns.
NARROW_BELOW = 76


class HistoryDetailScreen(Screen[bool]):
    TITLE = "Session"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail-back", tooltip="Back to the history list"),
        Binding("d", "delete", "Delete", id="detail-delete",
                tooltip="Delete this session (asks first)"),
    ]

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record

    def compose(self) -> ComposeResult:
        record = self.record
        self.sub_title = f"{record.started_at:%a %d %b %Y, %H:%M}"
        yield Header()
        with VerticalScroll(id="detail-body"):
            yield Static(
                f"[b]{record.started_at:%A %d %B %Y, %H:%M}[/b] · level {record.week} of the plan",
                id="detail-title",
            )
            with Horizontal(id="detail-columns"):
                with Vertical(id="detail-left"):
                    yield Static(overview_text(record), id="detail-overview")
                    if record.belt is not None:
                        profile = getattr(self.app, "profile", None)
                        units = profile.units if profile is not None else Units.METRIC
                        yield Static(belt_text(record, units), id="detail-belt")
                    if record.red_flags:
                        yield Static(
                            "[b]Red flags reported[/b]\n"
                            + "\n".join(f"• {flag_label(f)}" for f in record.red_flags),
                            id="detail-flags",
                        )
                    yield Static(steps_text("Warm-up", record.warm_up), classes="detail-steps")
                    yield Static(steps_text("Strength", record.strength), classes="detail-steps")
                    yield Static(steps_text("Cool-down", record.cool_down),
                                 classes="detail-steps")
                yield Bullets(id="detail-cues")
            if record.note:
                yield Static(record.note, id="detail-note", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_cues()

    def on_resize(self) -> None:
        self._show_cues()

    def _show_cues(self) -> None:
        """The cues' lines for the screen's width (``show`` skips them if they are the same)."""
        self.query_one("#detail-cues", Bullets).show(
            cues_items(self.record, narrow=self.size.width < NARROW_BELOW))

    def action_back(self) -> None:
        self.dismiss(False)

    def action_delete(self) -> None:
        self.dismiss(True)
