"""The key bar at the foot of every screen: the screen's keys, drawn as one line.

It shows what Textual's ``Footer`` shows — each key the screen offers with what it does, a
key the screen offers but cannot take now dimmed, the command palette's key on the right —
and a tap or click on a key presses it. The difference is the cost: ``Footer`` is a container
of one widget per key, mounted again (with their CSS) and laid out again each time the
screen's keys are refreshed, which it first does just after the screen's first paint. That was
the UI thread's longest stall on Home after its data came (about 15 ms of the 17 ms measured,
benchmarks ``stall``). This bar is one widget whose line is drawn again from the screen's
``active_bindings`` when they change: no widgets mounted, no layout.

A key that does not fit whole is left out rather than cut; the screen's own keys come first,
and the palette's key is drawn only when all of them fit beside it (ctrl+p still opens the
palette). The keys drawn, with their columns, are ``shown``; all the screen offers, ``offered``.
"""

# Annotations are objects here (no __future__ import): see the note in core/digest.py.

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class BarKey(NamedTuple):
    """A key offered in the bar, and where it is drawn (``start``..``end`` columns)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False
    start: int = 0
    end: int = 0

    @property
    def width(self) -> int:
        return cell_len(self.label)

    @property
    def label(self) -> str:
        """The key and its description as drawn: " p Pain " (the palette's starts with a bar)."""
        return f"{'▏' if self.palette else ''} {self.display} {self.description} "


class KeyBar(Widget, can_focus=False):
    """The screen's keys in one line, docked at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--hover",
                         "keybar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        pointer: pointer;
        .keybar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keybar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keybar--hover { background: $block-hover-background; }
        .keybar--separator { color: $foreground 20%; }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_command_palette = show_command_palette
        self._shown: tuple[BarKey, ...] = ()
        self._offered: tuple[BarKey, ...] = ()
        self._hover: str | None = None  # the key under the pointer

    @property
    def shown(self) -> tuple[BarKey, ...]:
        """The keys drawn at the last paint, with their columns."""
        return self._shown

    @property
    def offered(self) -> tuple[BarKey, ...]:
        """Every key the screen offers now (the palette's last), drawn or not."""
        return self._offered

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _read_keys(self) -> tuple[BarKey, ...]:
        """The keys the screen offers, one per action, in the order it binds them."""
        app = self.app
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys: list[BarKey] = []
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(BarKey(binding.key, app.get_key_display(binding), binding.description,
                               binding.action, enabled, tooltip or ""))
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, tooltip = palette
                keys.append(BarKey(binding.key, app.get_key_display(binding),
                                   binding.description, binding.action, enabled,
                                   tooltip or binding.tooltip or binding.description,
                                   palette=True))
        return tuple(keys)

    @staticmethod
    def _fit(keys: tuple[BarKey, ...], width: int) -> tuple[BarKey, ...]:
        """The keys that fit whole in ``width`` columns, with their columns."""
        own = [k for k in keys if not k.palette]
        palette = [k for k in keys if k.palette]
        shown: list[BarKey] = []
        x = 0
        for key in own:
            if x + key.width > width:
                break
            shown.append(_at(key, x))
            x += key.width
        if palette and len(shown) == len(own) and x + palette[0].width <= width:
            shown.append(_at(palette[0], width - palette[0].width))
        return tuple(shown)

    def render(self) -> Text:
        self._offered = self._read_keys()
        self._shown = self._fit(self._offered, self.size.width)
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        hover_style = self.get_component_rich_style("keybar--hover")
        separator = self.get_component_rich_style("keybar--separator")
        line = Text(no_wrap=True, end="")
        x = 0
        for key in self._shown:
            if key.start > x:
                line.append(" " * (key.start - x))
            begin = len(line)
            if key.palette:
                line.append("▏", separator)
            line.append(f" {key.display} ", key_style)
            line.append(f"{key.description} ", text_style)
            if not key.enabled:
                line.stylize("dim", begin)
            elif key.key == self._hover:
                line.stylize(hover_style, begin)
            x = key.end
        return line

    def _key_at(self, x: int) -> BarKey | None:
        return next((k for k in self._shown if k.start <= x < k.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        event.stop()
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        hover = key.key if key is not None and key.enabled else None
        if hover != self._hover:
            self._hover = hover
            self.tooltip = (key.tooltip or None) if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()


def _at(key: BarKey, start: int) -> BarKey:
    return key._replace(start=start, end=start + key.width)
