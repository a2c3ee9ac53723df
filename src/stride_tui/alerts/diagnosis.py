"""What the alerts layer found out about this machine, in words a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Diagnosis:
    """Whether a backend works here; if not, why, and what would fix it."""

    ok: bool
    reason: str
    fix: str = ""


@dataclass(frozen=True)
class BackendStatus:
    """One backend as ``Alerts.status()`` reports it: in use, usable, or not and why."""

    role: Literal["sound", "notification"]
    name: str
    ok: bool
    in_use: bool
    reason: str
    fix: str = ""
