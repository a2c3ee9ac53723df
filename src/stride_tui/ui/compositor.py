"""A compositor for screens that repaint a few lines every second (the live walk).

Textual's compositor answers a partial update (a widget repainted a few of its lines) by asking
every widget whose clip touches the changed area to render all of its visible lines; it keeps
only the changed lines afterwards. On the walk screen that is every widget on the screen, every
second, for the whole walk (the clip of a top-level widget is the whole screen).

``LineCroppedCompositor`` asks only the widgets that cross the changed lines, and only for
those lines. Everything else is Textual's: the cuts, the chops and what is sent to the
terminal are the same, line for line (``tests/ui/test_compositor.py`` renders each second of a
walk both ways and compares them). A full update (a new layout, a resize, a screenshot) crops
nothing and is unchanged.

Textual is pinned (``textual==8.2.8`` in ``pyproject.toml``): ``_get_renders`` is internal, so a
new Textual must pass that test before the pin moves.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class LineCroppedCompositor(Compositor):
    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        crop_top, crop_bottom = crop.y, crop.bottom
        for widget, (region, clip) in self.visible_widgets.items():
            x, y, width, height = region.intersection(clip)
            top = max(y, crop_top)
            bottom = min(y + height, crop_bottom)
            if not width or top >= bottom:
                continue
            # Whole lines of what is visible, so the widget's strips still line up with the
            # cuts (its region's columns); only the lines outside the crop are left out.
            shown = Region(x, top, width, bottom - top)
            yield region, shown, widget.render_lines(
                Region(x - region.x, top - region.y, width, bottom - top)
            )
