"""`labeltrack report`: everything a coordinator sends to a board, computed once: the summary,
every cluster's current labels, the timeline and each cluster's card."""

from __future__ import annotations

from dataclasses import dataclass

from labeltrack.card import Card, card
from labeltrack.session import Session
from labeltrack.status import StatusReport, status
from labeltrack.summary import Summary, summary
from labeltrack.timeline import Timeline, timeline
from labeltrack.words import sort_key


@dataclass(frozen=True)
class Overview:
    summary: Summary
    status: StatusReport
    timeline: Timeline
    cards: list[Card]  # by name


def overview(session: Session) -> Overview:
    registry = session.registry
    clusters = sorted(registry.clusters, key=lambda c: (sort_key(c.name), c.id))
    return Overview(
        summary(session),
        status(session),
        timeline(session),
        [card(registry, cluster, session.as_of, session.thresholds) for cluster in clusters],
    )
