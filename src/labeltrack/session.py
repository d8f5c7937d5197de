"""What every report starts from, resolved once: the loaded registry, the day it is graded on and
the thresholds that grade it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from labeltrack.expiry import Thresholds
from labeltrack.loading import load
from labeltrack.model import Registry


@dataclass(frozen=True)
class Session:
    path: Path
    registry: Registry
    as_of: date
    thresholds: Thresholds


def open_session(
    path: Path, as_of: date, warn_days: int | None = None, critical_days: int | None = None
) -> Session:
    """Load ``path`` (raising ``RegistryInvalid`` with every error) and resolve its thresholds,
    overridden where ``warn_days`` or ``critical_days`` are given."""
    registry = load(path)
    thresholds = Thresholds.resolve(registry.settings, warn_days, critical_days)
    return Session(path, registry, as_of, thresholds)
