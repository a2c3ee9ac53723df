"""Help for the screen in front of you: what it is for, in the programme's words, and its keys.

Opened with F1 or ``?`` anywhere (and from the command palette); the keys are read from the
screen's own bindings at that moment, so the list is always the one that works (a key moved in
the settings file shows as moved).
"""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# What each screen is for, by its class. Short, calm, and in the programme's own words.
PURPOSE: dict[str, tuple[str, str]] = {
    "HomeScreen": (
        "Home",
        "Today's walk and why the plan set it, this week so far, and the way in. Enter checks "
        "in and starts the walk when today allows one; when it does not (a red flag today, a "
        "pause, the day's walking done), the box says why and what to do instead.",
    ),
    "CheckInScreen": (
        "Check-in",
        "A few safety questions before every walk, then your pain now (0–10). Any yes to a "
        "warning sign stops here: do not walk, and get medical care today. Your answers are "
        "saved.",
    ),
    "RoutineScreen": (
        "Warm-up, strength and cool-down",
        "One move at a time, with a countdown or a rep counter and a sound at each change. "
        "Move gently, within what is comfortable for your back.",
    ),
    "WalkScreen": (
        "The walk",
        "Time walked and time to go, today's target, and the next form cue. Walk at an easy "
        "pace: you can talk, but not sing. If a warning sign appears, press r: the walk stops at "
        "once and is saved.",
    ),
    "AfterScreen": (
        "After the walk",
        "How your back feels now, 0–10. Comparing it with before the walk is how the plan "
        "decides whether to hold, grow or scale back.",
    ),
    "SummaryScreen": (
        "Summary",
        "What you walked, the cues, pain before and after, and what the plan says for next "
        "time. It is already saved in your history.",
    ),
    "StopScreen": (
        "Stopped",
        "The session stopped here and is saved. Follow the advice on the screen; Stride informs, "
        "it does not diagnose.",
    ),
    "RedFlagScreen": (
        "Warning sign",
        "You reported a warning sign. Do not walk today and get medical care today; with loss "
        "of bladder or bowel control, call your local emergency number. This is saved.",
    ),
    "ProfileScreen": (
        "Profile",
        "When the programme started, where you walk, conditions that change the walk, and how "
        "cues reach you. Ctrl+S saves; the plan follows at once.",
    ),
    "ProgressScreen": (
        "Progress",
        "One week against the plan: days walked, minutes, days at the 20-minute dose, pain "
        "before and after, and the streak.",
    ),
    "PlanScreen": (
        "Plan",
        "The levels of the programme and where you are on them. A level opens when the one "
        "before it was walked, not by the calendar.",
    ),
    "HistoryScreen": (
        "History",
        "Every session, newest first. Enter opens one.",
    ),
    "HistoryDetailScreen": (
        "A session",
        "One session in full: the walk, its cues, pain scores and routines.",
    ),
    "DayAfterScreen": (
        "The day after",
        "How your back was over the day after your last walk. A clear flare holds the plan "
        "where it is for a while.",
    ),
    "PainPromptScreen": (
        "Pain check",
        "Your pain right now, 0–10. The walk keeps running while you answer.",
    ),
    "ReportFlagScreen": (
        "Report a warning sign",
        "Choose the symptom: the session stops at once and is saved.",
    ),
    "ConfirmScreen": (
        "A question",
        "Stride asks before doing something you cannot undo.",
    ),
}

# Keys everyone has, said once at the end rather than on every screen.
EVERYWHERE = "F1 or ? this help · Ctrl+P command palette · q quit (asks during a session)"


_KEY_NAMES = {"enter": "Enter", "escape": "Esc", "space": "Space", "question_mark": "?",
              "left": "←", "right": "→", "up": "↑", "down": "↓", "tab": "Tab"}


def key_name(key: str) -> str:
    """A key as people write it: Enter, Esc, Space, Ctrl+S, ←, S (shift+s)."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    parts = key.split("+")
    *mods, last = parts
    last = _KEY_NAMES.get(last, last.upper() if len(last) > 1 else last)
    return "+".join([*(m.capitalize() for m in mods), last])


def keys_of(screen: Screen[object]) -> list[tuple[str, str]]:
    """The keys that work on ``screen`` now, each with what it does (one row per action)."""
    rows: dict[tuple[str, str], list[str]] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        # Stride's own keys all have an id; Textual's defaults (focus, copy) do not.
        if binding.id is None or not binding.description or active.node is app \
                or not active.enabled:
            continue
        what = binding.tooltip or binding.description
        shown = key_name(key)
        keys = rows.setdefault((binding.action, what), [])
        if shown not in keys:
            keys.append(shown)
    return [(" / ".join(keys), what) for (_action, what), keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,enter", "dismiss", "Close", id="help-close",
                tooltip="Close the help"),
    ]

    def __init__(self, about: Screen[object]) -> None:
        super().__init__()
        self.title_text, self.purpose = PURPOSE.get(
            type(about).__name__, ("Stride", "A guided walking programme for your back.")
        )
        self.keys = keys_of(about)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"[b]Help · {self.title_text}[/b]", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(self.purpose, id="help-purpose")
                yield Static(self._keys_table(), id="help-keys")
                yield Static(f"[dim]{EVERYWHERE}[/dim]", id="help-everywhere")
            yield Static("[b]Esc[/b] to close", id="help-close-hint")

    def _keys_table(self) -> Table | str:
        if not self.keys:
            return "No keys of its own here."
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for keys, what in self.keys:
            table.add_row(keys, what)
        return table
