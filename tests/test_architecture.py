"""ARCHITECTURE.md's import rules hold: each layer imports only the layers its row names, and
no module of Stride imports itself back through others (type-only imports included)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.import_graph import SRC, cycles, graph

DOC = Path(__file__).resolve().parents[1] / "ARCHITECTURE.md"


def layer_rules() -> dict[str, set[str]]:
    """Layer → the layers it may import, from the table between the ``layers`` markers."""
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- layers:", 1)[1].split("<!-- /layers -->", 1)[0]
    rules = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("layer", "") or set(cells[0]) <= {"-"}:
            continue
        rules[cells[0]] = {name.strip() for name in cells[2].split(",")}
    return rules


def layer_of(module: str) -> str | None:
    """The layer of a module of Stride (None: a package the table does not name)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__init__":
        return None
    top = parts[1]
    if top in ("cli", "__main__"):
        return "cli"
    return top


def test_the_table_names_every_layer() -> None:
    assert set(layer_rules()) == {
        "core", "store", "alerts", "formats", "settings", "preload", "ui", "treadmill",
        "companion", "cli",
    }


@pytest.mark.parametrize("module, imports", sorted(graph().items()))
def test_each_module_imports_only_what_its_layer_may(module: str, imports: set[str]) -> None:
    rules = layer_rules()
    own = layer_of(module)
    if own not in rules:
        return  # a package beside ui/ (treadmill, companion): see ARCHITECTURE.md
    wrong = sorted(m for m in imports
                   if layer_of(m) is not None and layer_of(m) not in rules[own])
    assert wrong == [], f"{module} ({own}) may not import {wrong}"


def test_there_is_no_import_circle() -> None:
    assert cycles() == []


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    # The app imports its screens inside methods, and the session screens name the driver.
    edges = graph()
    assert "stride_tui.ui.screens.walk" in edges["stride_tui.ui.app"]
    assert "stride_tui.ui.session" in edges["stride_tui.ui.screens.walk"]
    assert re.search(r"TYPE_CHECKING", (SRC / "stride_tui/ui/session.py").read_text())
