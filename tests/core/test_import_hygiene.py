"""The core is plain Python: it imports no Textual, no storage and no sound or desktop libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import stride_tui.core

CORE = Path(stride_tui.core.__file__).parent
CORE_MODULES = sorted(
    f"stride_tui.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__"
)
FORBIDDEN = ("textual", "tinydb", "desktop_notifier", "simpleaudio", "platformdirs")


def test_every_core_module_is_checked() -> None:
    assert {m.rsplit(".", 1)[1] for m in CORE_MODULES} >= {
        "records", "clock", "plan", "safety", "routines", "cues", "engine", "summary",
    }


def test_importing_the_core_loads_no_textual_storage_or_sound() -> None:
    code = (
        "import sys\n"
        f"import stride_tui.core, {', '.join(CORE_MODULES)}\n"
        f"print(sorted(n for n in {FORBIDDEN!r} if n in sys.modules))\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded, textual = result.stdout.split("\n")[:2]
    assert loaded == "[]"
    assert textual == "False"


def test_core_sources_import_only_the_standard_library_and_the_core() -> None:
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                assert node.level <= 1, (path.name, "a relative import out of core/")
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "stride_tui":
                    assert name.startswith("stride_tui.core"), (path.name, name)
                else:
                    assert top in sys.stdlib_module_names, (path.name, name)
