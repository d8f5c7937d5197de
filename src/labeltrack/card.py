"""One cluster in full, for `labeltrack show`: its details, every label's period and the gaps
between them, each scheme's current state, and what to do next, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from labeltrack.edit import add_months
from labeltrack.expiry import LabelStatus, State, Thresholds, by_scheme, current_label, grade
from labeltrack.model import ECEI, Cluster, Label, Registry, Scheme


@dataclass(frozen=True)
class Period:
    """A label's time: from its award (or, unrecorded, its validity counted back) to its end."""

    label: Label
    start: date
    end: date
    start_estimated: bool


@dataclass(frozen=True)
class Gap:
    """Days between two labels of a scheme when the cluster held neither."""

    start: date
    end: date


@dataclass(frozen=True)
class SchemeHistory:
    scheme_id: str
    scheme: Scheme
    timeline: list[Period | Gap]
    current: LabelStatus
    advice: str


@dataclass(frozen=True)
class Card:
    cluster: Cluster
    schemes: list[SchemeHistory]
    as_of: date


def period(label: Label, scheme: Scheme) -> Period:
    if label.awarded is not None:
        return Period(label, label.awarded, label.valid_until, False)
    start = add_months(label.valid_until, -scheme.validity_months) + timedelta(days=1)
    return Period(label, start, label.valid_until, True)


def history(labels: list[Label], scheme: Scheme) -> list[Period | Gap]:
    """The labels oldest first, with a gap wherever one ended before the next began."""
    timeline: list[Period | Gap] = []
    previous: Period | None = None
    for label in sorted(labels, key=lambda label: label.valid_until):
        current = period(label, scheme)
        if previous is not None and current.start > previous.end + timedelta(days=1):
            timeline.append(
                Gap(previous.end + timedelta(days=1), current.start - timedelta(days=1))
            )
        timeline.append(current)
        previous = current
    return timeline


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
            f"The label ended on {ends}; it can still be renewed until {until} "
            f"({left} day{'' if left == 1 else 's'} left)."
        )
    renewable = f"the label can be renewed until {until}"
    if as_of > renew_by:
        return f"Renewal work should have started on {renew_by}; {renewable}."
    lead = f" ({scheme.lead_days} days before the label ends on {ends})" if scheme.lead_days else ""
    return f"Renewal work should start by {renew_by}{lead}; {renewable}."


def card(registry: Registry, cluster: Cluster, as_of: date, thresholds: Thresholds) -> Card:
    schemes = []
    for scheme_id, labels in by_scheme(cluster).items():
        scheme = registry.scheme(scheme_id)
        status = grade(cluster, current_label(labels, scheme), as_of, thresholds, scheme)
        schemes.append(
            SchemeHistory(scheme_id, scheme, history(labels, scheme), status, advice(status, as_of))
        )
    if not schemes:
        status = grade(cluster, None, as_of, thresholds)
        ecei = registry.scheme(ECEI)
        schemes.append(SchemeHistory(ECEI, ecei, [], status, advice(status, as_of)))
    return Card(cluster, schemes, as_of)
