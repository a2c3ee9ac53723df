"""The store stays free of the layers above it: importing it loads no Textual, no alerts and no
screens, and its sources import only the standard library, TinyDB, platformdirs, the core and
the store."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import stride_tui.store

STORE = Path(stride_tui.store.__file__).parent
ALLOWED_THIRD_PARTY = {"tinydb", "platformdirs"}


def test_importing_the_store_loads_no_textual_alerts_or_screens() -> None:
    modules = sorted(f"stride_tui.store.{p.stem}" for p in STORE.glob("*.py")
                     if p.stem != "__init__")
    code = (
        "import sys\n"
        f"import stride_tui.store, {', '.join(modules)}\n"
        "print(sorted(n for n in sys.modules if n == 'textual' or n.startswith(('textual.', "
        "'stride_tui.ui', 'stride_tui.alerts', 'desktop_notifier', 'simpleaudio'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_store_sources_import_only_the_standard_library_tinydb_core_and_store() -> None:
    for path in sorted(STORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "stride_tui":
                    assert name.startswith(("stride_tui.core", "stride_tui.store")), (path, name)
                else:
                    assert top in sys.stdlib_module_names | ALLOWED_THIRD_PARTY, (path, name)
