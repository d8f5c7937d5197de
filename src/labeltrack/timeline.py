"""The layout of `labeltrack timeline`: rows of dated segments, and days mapped to columns.

Pure functions of dates; ``render/timeline.py`` draws the result on a terminal or as SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from labeltrack.card import period
from labeltrack.edit import add_months
from labeltrack.expiry import by_scheme
from labeltrack.model import ECEI, Cluster, Label, Registry, Scheme


class Kind(StrEnum):
    """What a stretch of a row shows; later kinds are drawn over earlier ones."""

    GRACE = "grace"  # expired, still renewable
    VALID = "valid"
    RENEW = "renew"  # valid, and renewal work should be under way


@dataclass(frozen=True)
class Segment:
    kind: Kind
    level: str
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class Row:
    cluster: Cluster
    scheme_id: str | None
    title: str
    segments: list[Segment]


@dataclass(frozen=True)
class Window:
    """The days shown, mapped onto ``width`` columns (or pixels)."""

    start: date
    end: date
    width: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def position(self, day: date) -> float:
        """Where ``day`` begins, from 0 to ``width``; days outside clamp to the edges."""
        offset = min(max((day - self.start).days, 0), self.days)
        return offset * self.width / self.days

    def column(self, day: date) -> int:
        """The column ``day`` falls in, from 0 to ``width - 1``."""
        return min(int(self.position(day)), self.width - 1)

    def span(self, start: date, end: date) -> tuple[int, int] | None:
        """The columns from ``start`` through ``end``, or None when they are outside."""
        if end < self.start or start > self.end:
            return None
        return self.column(max(start, self.start)), self.column(min(end, self.end))


def default_window(as_of: date) -> tuple[date, date]:
    """Two years back and two years ahead."""
    return add_months(as_of, -24), add_months(as_of, 24)


def segments(labels: list[Label], scheme: Scheme) -> list[Segment]:
    """Each label's validity (its last ``lead_days`` as the renewal window) and its grace
    period, which ends early when the next label of the scheme begins."""
    ordered = sorted(labels, key=lambda label: label.valid_until)
    result = []
    for index, label in enumerate(ordered):
        start = period(label, scheme).start
        renew_from = label.valid_until - timedelta(days=scheme.lead_days)  # the "renew by" day
        if scheme.lead_days and renew_from > start:
            result.append(Segment(Kind.VALID, label.level, start, renew_from - timedelta(days=1)))
            result.append(Segment(Kind.RENEW, label.level, renew_from, label.valid_until))
        else:
            result.append(Segment(Kind.VALID, label.level, start, label.valid_until))
        if scheme.grace_days:
            grace_end = label.valid_until + timedelta(days=scheme.grace_days)
            if index + 1 < len(ordered):
                next_start = period(ordered[index + 1], scheme).start
                grace_end = min(grace_end, next_start - timedelta(days=1))
            if grace_end > label.valid_until:
                grace_start = label.valid_until + timedelta(days=1)
                result.append(Segment(Kind.GRACE, label.level, grace_start, grace_end))
    return result


def rows(registry: Registry, clusters: list[Cluster]) -> list[Row]:
    """One row per cluster, or per cluster and scheme when it holds labels of several."""
    result = []
    for cluster in clusters:
        name = cluster.short_name or cluster.name
        groups = by_scheme(cluster)
        if not groups:
            result.append(Row(cluster, None, name, []))
        for scheme_id, labels in groups.items():
            scheme = registry.scheme(scheme_id)
            title = name if scheme_id == ECEI else f"{name} · {scheme.name}"
            result.append(Row(cluster, scheme_id, title, segments(labels, scheme)))
    return result


def cells(row: Row, window: Window) -> list[Segment | None]:
    """What each column of ``row`` shows (None: no label then)."""
    painted: list[Segment | None] = [None] * window.width
    for kind in Kind:  # grace first, so validity wins where they share a column
        for segment in row.segments:
            span = window.span(segment.start, segment.end) if segment.kind is kind else None
            if span is not None:
                for column in range(span[0], span[1] + 1):
                    painted[column] = segment
    return painted


def year_starts(window: Window) -> list[date]:
    """Every 1 January inside the window."""
    return [date(year, 1, 1) for year in range(window.start.year + 1, window.end.year + 1)]


def quarter_starts(window: Window) -> list[date]:
    """Every 1 April, July and October inside the window."""
    return [
        date(year, month, 1)
        for year in range(window.start.year, window.end.year + 1)
        for month in (4, 7, 10)
        if window.start < date(year, month, 1) <= window.end
    ]
