"""Grading labels by the days they have left on a date; pure functions, the date passed in."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from labeltrack.errors import UsageError
from labeltrack.history import counts_on, current_labels, histories
from labeltrack.model import ECEI, Cluster, Label, Registry, Scheme, Settings, State
from labeltrack.words import sort_key

_ORDER = {state: place for place, state in enumerate(State)}


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
                "check {critical_days} and {warn_days} against the registry's [settings]",
                mentions=("critical_days", "warn_days"),
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


def urgency(status: LabelStatus) -> tuple[int, date, str, str]:
    """Sort key: by state (expired, critical, warning, ok, lapsed, unlabelled); an expired label
    whose renewal chance ends soonest first, otherwise the fewest days left first."""
    if status.state is State.EXPIRED:
        day = status.renewable_until
    else:
        day = status.label.valid_until if status.label else None
    return (
        _ORDER[status.state],
        day or date.max,
        status.cluster.name.casefold(),  # code points: fast for big registries
        status.cluster.id,
    )


def current_statuses(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Each cluster's current label of each scheme it holds on ``as_of`` (one row for a cluster
    with none), graded and ordered most urgent first."""
    graded = []
    for cluster in registry.clusters:
        held = [
            grade(cluster, label, as_of, thresholds, scheme)
            for _, scheme, label in current_labels(cluster, registry.scheme, as_of)
        ]
        graded.extend(held or [grade(cluster, None, as_of, thresholds)])
    return sorted(graded, key=urgency)


def every_label(registry: Registry, as_of: date, thresholds: Thresholds) -> list[LabelStatus]:
    """Every label of every cluster that counts on ``as_of``, graded (a label its renewal
    continues is ``renewed``; a cluster without a label is one unlabelled row), cluster by
    cluster, each cluster's labels oldest first."""
    graded: list[LabelStatus] = []
    for cluster in sorted(registry.clusters, key=lambda c: (sort_key(c.name), c.id)):
        rows = []
        for history in histories(cluster, registry.scheme):
            for period in history.on(as_of):
                status = grade(cluster, period.label, as_of, thresholds, history.scheme)
                successor = period.renewed_by
                if successor is not None and counts_on(successor, as_of):
                    status = replace(status, state=State.RENEWED)
                rows.append((period.start, period.end, status))
        rows.sort(key=lambda row: (row[0], row[1]))
        graded.extend([row[2] for row in rows] or [grade(cluster, None, as_of, thresholds)])
    return graded
