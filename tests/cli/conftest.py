from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(_private_data_dir: Path) -> Path:
    """The test's private data folder (STRIDE_DATA_DIR, inherited by every ``stride`` run)."""
    return _private_data_dir
