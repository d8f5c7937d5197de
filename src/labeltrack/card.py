"""One cluster in full, for `labeltrack show`: its details, every label's period and the gaps
between them, each scheme's current state, and what to do next, in words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from labeltrack.errors import LabeltrackError
from labeltrack.expiry import LabelStatus, Thresholds, grade
from labeltrack.history import Period, SchemeHistory, counts_on, histories
from labeltrack.loading import find_cluster
from labeltrack.model import ECEI, Cluster, Registry, Scheme, State
from labeltrack.session import Session
from labeltrack.words import days


@dataclass(frozen=True)
class Late:
    """Days between a label's end and the award of its renewal: expired, then renewed within
    the grace period (the renewal's validity covers them too, without a gap)."""

    start: date
    end: date
    renewal: Period


@dataclass(frozen=True)
class Gap:
    """Days when the cluster held no label of a scheme."""

    start: date
    end: date


Entry = Period | Late | Gap


@dataclass(frozen=True)
class SchemeCard:
    scheme_id: str
    scheme: Scheme
    entries: list[Entry]
    current: LabelStatus
    advice: str


@dataclass(frozen=True)
class Card:
    cluster: Cluster
    schemes: list[SchemeCard]
    as_of: date


def entries(periods: list[Period]) -> list[Entry]:
    """The periods by start, with the days a renewal was awaited and the gaps when no label
    of the scheme was valid."""
    result: list[Entry] = []
    covered: date | None = None  # the last day some earlier label was valid
    for period in periods:
        if covered is not None and period.start > covered + timedelta(days=1):
            result.append(Gap(covered + timedelta(days=1), period.start - timedelta(days=1)))
        if period.late is not None:
            result.append(Late(*period.late, period))
        result.append(period)
        covered = period.end if covered is None else max(covered, period.end)
    return result


def gap_words(gap: Gap) -> str:
    return f"a gap of {days((gap.end - gap.start).days + 1)}"


def advice(status: LabelStatus, as_of: date) -> str:
    """What to do next about a current label, in words."""
    label, scheme = status.label, status.scheme
    if label is None or scheme is None:
        return "No label is recorded; record one with labeltrack award."
    ends, renew_by, until = label.valid_until, status.renew_by, status.renewable_until
    assert renew_by is not None
    assert until is not None
    if status.state is State.LAPSED:
        return (
            f"The label lapsed: it ended on {ends} and could be renewed only until {until}; "
            "it must be earned again."
        )
    if status.state is State.EXPIRED:
        left = (until - as_of).days
        return (
            f"The label ended on {ends}; it can still be renewed until {until} ({days(left)} left)."
        )
    renewable = f"the label can be renewed until {until}"
    if as_of > renew_by:
        return f"Renewal work should have started on {renew_by}; {renewable}."
    lead = f" ({scheme.lead_days} days before the label ends on {ends})" if scheme.lead_days else ""
    return f"Renewal work should start by {renew_by}{lead}; {renewable}."


def _scheme_card(
    cluster: Cluster, history: SchemeHistory, as_of: date, thresholds: Thresholds
) -> SchemeCard | None:
    periods = history.on(as_of)
    current = history.current(as_of)
    if current is None:
        return None
    # A renewal awarded after as_of is not known yet on that day.
    known = [
        p if p.renewed_by is None or counts_on(p.renewed_by, as_of) else replace(p, renewed_by=None)
        for p in periods
    ]
    status = grade(cluster, current.label, as_of, thresholds, history.scheme)
    return SchemeCard(
        history.scheme_id, history.scheme, entries(known), status, advice(status, as_of)
    )


def show(session: Session, cluster_id: str) -> Card:
    """The card of the cluster ``cluster_id``; an unknown id names the closest one."""
    registry = session.registry
    names = [(c.id, c.name, c.short_name) for c in registry.clusters]
    try:
        found = registry.clusters[find_cluster(cluster_id, names)]
    except LabeltrackError as exc:
        raise exc.within(str(session.path)) from None
    return card(registry, found, session.as_of, session.thresholds)


def card(registry: Registry, cluster: Cluster, as_of: date, thresholds: Thresholds) -> Card:
    schemes = [
        scheme_card
        for history in histories(cluster, registry.scheme)
        if (scheme_card := _scheme_card(cluster, history, as_of, thresholds)) is not None
    ]
    if not schemes:
        status = grade(cluster, None, as_of, thresholds)
        ecei = registry.scheme(ECEI)
        schemes.append(SchemeCard(ECEI, ecei, [], status, advice(status, as_of)))
    return Card(cluster, schemes, as_of)
