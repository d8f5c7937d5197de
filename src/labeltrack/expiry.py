"""Grading labels by the days they have left on a date; pure functions, the date passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from labeltrack.errors import UsageError
from labeltrack.model import Cluster, Label, Registry, Settings


class State(StrEnum):
    """A label's state, most urgent first."""

    EXPIRED = "expired"
    CRITICAL = "critical"
    WARNING = "warning"
    OK = "ok"
    UNLABELLED = "unlabelled"


@dataclass(frozen=True)
class Thresholds:
    warn_days: int
    critical_days: int

    @classmethod
    def resolve(
        cls, settings: Settings, warn_days: int | None = None, critical_days: int | None = None
    ) -> Thresholds:
        """The registry's thresholds, overridden by command-line values where given."""
        warn = settings.warn_days if warn_days is None else warn_days
        critical = settings.critical_days if critical_days is None else critical_days
        if critical > warn:
            raise UsageError(
                f"critical days ({critical}) must not be more than warn days ({warn}); "
                "check --critical-days and --warn-days against the registry's [settings]"
            )
        return cls(warn, critical)


@dataclass(frozen=True)
class LabelStatus:
    """One cluster's label graded on a date; ``label`` is None for a cluster with no label."""

    cluster: Cluster
    label: Label | None
    days_left: int | None
    state: State


def state_for(days_left: int, thresholds: Thresholds) -> State:
    if days_left < 0:
        return State.EXPIRED
    if days_left <= thresholds.critical_days:
        return State.CRITICAL
    if days_left <= thresholds.warn_days:
        return State.WARNING
    return State.OK


def current_label(cluster: Cluster) -> Label | None:
    """The label that runs longest; between two ending the same day, the higher level."""
    if not cluster.labels:
        return None
    return max(cluster.labels, key=lambda label: (label.valid_until, label.level.rank))


def grade(
    cluster: Cluster, label: Label | None, as_of: date, thresholds: Thresholds
) -> LabelStatus:
    if label is None:
        return LabelStatus(cluster, None, None, State.UNLABELLED)
    days_left = (label.valid_until - as_of).days
    return LabelStatus(cluster, label, days_left, state_for(days_left, thresholds))


def urgency(status: LabelStatus) -> tuple[bool, int, str, str]:
    """Sort key: fewest days left first, clusters without a label last."""
    days = status.days_left
    return (days is None, days or 0, status.cluster.name.casefold(), status.cluster.id)


def current_statuses(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Every cluster's current label, graded and ordered most urgent first."""
    graded = (
        grade(cluster, current_label(cluster), as_of, thresholds) for cluster in registry.clusters
    )
    return sorted(graded, key=urgency)


def every_label(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Every label of every cluster, graded (a cluster without a label as one unlabelled row),
    cluster by cluster, each cluster's labels oldest first."""
    graded: list[LabelStatus] = []
    for cluster in registry.clusters:
        labels: list[Label | None] = [*sorted(cluster.labels, key=lambda lab: lab.valid_until)]
        graded.extend(grade(cluster, label, as_of, thresholds) for label in labels or [None])
    return sorted(graded, key=lambda s: (s.cluster.name.casefold(), s.cluster.id))
