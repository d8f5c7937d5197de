"""Which labels a report shows: filters that combine (every one given must match)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from labeltrack.countries import iso_code
from labeltrack.errors import UsageError
from labeltrack.expiry import LabelStatus, Thresholds, current_statuses, every_label
from labeltrack.model import ECEI, VALID, Registry, State


@dataclass(frozen=True)
class Selection:
    """A filter left as None lets every label through."""

    states: frozenset[State] | None = None
    countries: frozenset[str] | None = None  # ISO codes: EL and GR both mean Greece
    levels: frozenset[str] | None = None
    portfolio: str | None = None  # a part of the portfolio's name, in any case
    within: int | None = None  # valid with days left at most, or expired and still renewable
    history: bool = False  # every label, not only each cluster's current one

    def matches(self, status: LabelStatus) -> bool:
        cluster, label = status.cluster, status.label
        if self.states is not None and status.state not in self.states:
            return False
        if self.countries is not None and iso_code(cluster.country) not in self.countries:
            return False
        if self.levels is not None and (label is None or label.level not in self.levels):
            return False
        if self.portfolio is not None and (
            cluster.portfolio is None
            or self.portfolio.casefold() not in cluster.portfolio.casefold()
        ):
            return False
        return self.within is None or (
            status.days_left is not None
            and status.days_left <= self.within
            and (status.state in VALID or status.state is State.EXPIRED)
        )


def select(
    registry: Registry, as_of: date, thresholds: Thresholds, selection: Selection
) -> list[LabelStatus]:
    if selection.levels is not None:
        used = {label.scheme for cluster in registry.clusters for label in cluster.labels}
        schemes = [
            scheme
            for scheme_id, scheme in registry.known_schemes.items()
            if scheme_id == ECEI or scheme_id in used or scheme_id in registry.schemes
        ]
        known = list(dict.fromkeys(level for scheme in schemes for level in scheme.levels))
        unknown = sorted(selection.levels.difference(known))
        if unknown:
            raise UsageError(
                f"{', '.join(map(repr, unknown))} is not a level of any scheme in the "
                f"registry; choose from {', '.join(known)}",
                param="level",
            )
    graded = (every_label if selection.history else current_statuses)(registry, as_of, thresholds)
    return [status for status in graded if selection.matches(status)]
