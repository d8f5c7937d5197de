"""Grading labels by the days they have left on a date; pure functions, the date passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from labeltrack.errors import UsageError
from labeltrack.model import ECEI, Cluster, Label, Registry, Scheme, Settings


class State(StrEnum):
    """A label's state, most urgent first."""

    LAPSED = "lapsed"
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
    """One cluster's label graded on a date; ``label`` and ``scheme`` are None for a cluster
    with no label."""

    cluster: Cluster
    label: Label | None
    days_left: int | None
    state: State
    scheme: Scheme | None = None

    @property
    def renew_by(self) -> date | None:
        """When renewal work should start: the scheme's lead time before the label ends."""
        if self.label is None or self.scheme is None:
            return None
        return self.label.valid_until - timedelta(days=self.scheme.lead_days)

    @property
    def renewable_until(self) -> date | None:
        """The last day the label can be renewed rather than earned again."""
        if self.label is None or self.scheme is None:
            return None
        return self.label.valid_until + timedelta(days=self.scheme.grace_days)

    @property
    def ecei(self) -> bool:
        return self.label is not None and self.label.scheme == ECEI

    @property
    def title(self) -> str:
        """``BRONZE`` for ECEI; ``KEY (Krajowy Klaster Kluczowy)`` for another scheme."""
        if self.label is None:
            return "—"
        if self.ecei or self.scheme is None:
            return self.label.level.upper()
        return f"{self.label.level.upper()} ({self.scheme.name})"


def days_words(days_left: int) -> str:
    """``12 days left``, ``1 day left``, ``expired 5 days ago``."""
    if days_left < 0:
        return f"expired {-days_left} day{'' if days_left == -1 else 's'} ago"
    return f"{days_left} day{'' if days_left == 1 else 's'} left"


def state_for(days_left: int, thresholds: Thresholds, grace_days: int | None = None) -> State:
    """The state for ``days_left``; an expired label lapses once more than ``grace_days`` have
    passed (None: never)."""
    if days_left < 0:
        lapsed = grace_days is not None and -days_left > grace_days
        return State.LAPSED if lapsed else State.EXPIRED
    if days_left <= thresholds.critical_days:
        return State.CRITICAL
    if days_left <= thresholds.warn_days:
        return State.WARNING
    return State.OK


def current_label(labels: tuple[Label, ...] | list[Label], scheme: Scheme) -> Label | None:
    """The label that runs longest; between two ending the same day, the higher level."""
    if not labels:
        return None
    return max(labels, key=lambda label: (label.valid_until, scheme.rank(label.level)))


def grade(
    cluster: Cluster,
    label: Label | None,
    as_of: date,
    thresholds: Thresholds,
    scheme: Scheme | None = None,
) -> LabelStatus:
    if label is None:
        return LabelStatus(cluster, None, None, State.UNLABELLED)
    days_left = (label.valid_until - as_of).days
    grace = scheme.grace_days if scheme else None
    return LabelStatus(cluster, label, days_left, state_for(days_left, thresholds, grace), scheme)


def urgency(status: LabelStatus) -> tuple[bool, int, str, str]:
    """Sort key: fewest days left first, clusters without a label last."""
    days = status.days_left
    return (days is None, days or 0, status.cluster.name.casefold(), status.cluster.id)


def by_scheme(cluster: Cluster) -> dict[str, list[Label]]:
    """A cluster's labels grouped by scheme: ECEI first, then in the order they appear."""
    groups: dict[str, list[Label]] = {}
    for label in sorted(cluster.labels, key=lambda label: label.scheme != ECEI):
        groups.setdefault(label.scheme, []).append(label)
    return groups


def current_statuses(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Each cluster's current label of each scheme it holds (one row for a cluster with no
    label), graded and ordered most urgent first."""
    graded = []
    for cluster in registry.clusters:
        groups = by_scheme(cluster)
        if not groups:
            graded.append(grade(cluster, None, as_of, thresholds))
        for scheme_id, labels in groups.items():
            scheme = registry.scheme(scheme_id)
            graded.append(grade(cluster, current_label(labels, scheme), as_of, thresholds, scheme))
    return sorted(graded, key=urgency)


def every_label(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Every label of every cluster, graded (a cluster without a label as one unlabelled row),
    cluster by cluster, each cluster's labels oldest first."""
    graded: list[LabelStatus] = []
    for cluster in sorted(registry.clusters, key=lambda c: (c.name.casefold(), c.id)):
        if not cluster.labels:
            graded.append(grade(cluster, None, as_of, thresholds))
        for label in sorted(cluster.labels, key=lambda label: label.valid_until):
            scheme = registry.scheme(label.scheme)
            graded.append(grade(cluster, label, as_of, thresholds, scheme))
    return graded
