"""Stride's persistence: profile, sessions, walk checkpoint, export and import (no Textual)."""

from stride_tui.store.database import (
    MIGRATIONS,
    ImportResult,
    Store,
    StoreError,
    StoreLocked,
    StoreUnwritable,
    check_import_file,
)
from stride_tui.store.errors import DeletionRefused
from stride_tui.store.locations import resolve_data_dir

__all__ = [
    "MIGRATIONS",
    "DeletionRefused",
    "ImportResult",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreUnwritable",
    "check_import_file",
    "resolve_data_dir",
]
