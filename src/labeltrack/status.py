"""`labeltrack status`: the labels a report shows, graded on a day, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from labeltrack.expiry import LabelStatus, Thresholds
from labeltrack.select import Selection, select
from labeltrack.session import Session


@dataclass(frozen=True)
class StatusReport:
    """Graded labels on a day, under given thresholds; ``filtered`` when some filter left
    labels out."""

    as_of: date
    thresholds: Thresholds
    statuses: list[LabelStatus]
    filtered: bool = False

    @property
    def caption(self) -> str:
        """``As of 2025-11-20: warning at 180 days left or fewer, critical at 30.``"""
        warn, critical = self.thresholds.warn_days, self.thresholds.critical_days
        return f"As of {self.as_of}: warning at {warn} days left or fewer, critical at {critical}."


def status(session: Session, selection: Selection | None = None) -> StatusReport:
    """Each cluster's current label (or, with ``selection.history``, every label) that passes
    the selection's filters."""
    selection = selection or Selection()
    statuses = select(session.registry, session.as_of, session.thresholds, selection)
    filtered = selection != Selection(history=selection.history)
    return StatusReport(session.as_of, session.thresholds, statuses, filtered)
