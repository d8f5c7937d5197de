"""The layout of `labeltrack timeline`: rows of dated segments, and days mapped to columns.

Pure functions of dates; ``formats/timeline/`` draws the result as text or as SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from labeltrack.dates import months_later
from labeltrack.errors import UsageError
from labeltrack.history import SchemeHistory, counts_on, histories
from labeltrack.model import ECEI, Cluster, Registry
from labeltrack.session import Session
from labeltrack.words import sort_key

_DAY = timedelta(days=1)


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
    rank: int = 0  # the level's place in its scheme: higher levels are drawn over lower ones


@dataclass(frozen=True)
class Row:
    cluster: Cluster
    scheme_id: str | None
    title: str
    segments: list[Segment]
    scheme_name: str | None = None  # a national scheme's name; None for ECEI

    def note(self, as_of: date) -> str | None:
        """What an empty stretch at ``as_of`` means: "no label" for a cluster that never held
        one, "lapsed" once nothing of its labels reaches that day; None when one does."""
        if not self.segments:
            return "no label"
        return None if any(s.end >= as_of for s in self.segments) else "lapsed"


def drawn(rows: list[Row]) -> list[tuple[str, str | None]]:
    """The levels the rows draw, each with its scheme's name (None for ECEI), in the order
    they first appear: what a key must explain."""
    found: dict[tuple[str, str | None], None] = {}
    for row in rows:
        for segment in row.segments:
            found.setdefault((segment.level, row.scheme_name), None)
    return list(found)


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


@dataclass(frozen=True)
class Timeline:
    """The rows of a chart of the days from ``start`` to ``end``, marked at ``as_of``."""

    rows: list[Row]
    start: date
    end: date
    as_of: date

    def window(self, width: int) -> Window:
        return Window(self.start, self.end, width)


def timeline(session: Session, start: date | None = None, end: date | None = None) -> Timeline:
    """Every cluster's rows, by name, from ``start`` to ``end`` (by default two years either
    side of the session's day)."""
    as_of = session.as_of
    first = start or months_later(as_of, -24) or date.min
    last = end or months_later(as_of, 24) or date.max
    if last <= first:
        raise UsageError(f"{last} is not after {first}", param="end")
    clusters = sorted(session.registry.clusters, key=lambda c: (sort_key(c.name), c.id))
    return Timeline(rows(session.registry, clusters, as_of), first, last, as_of)


def segments(history: SchemeHistory, as_of: date) -> list[Segment]:
    """Each label that counts on ``as_of``: its validity (its last ``lead_days`` as the renewal
    window, which ends when a renewal is awarded) and, unless a renewal continues it, its grace
    period, cut short where the next label of its level begins. Days a renewal was awaited are
    drawn as grace."""
    scheme = history.scheme
    periods = history.on(as_of)
    result = []
    for period in periods:
        level, rank = period.label.level, scheme.rank(period.label.level)
        start = period.start
        if period.late is not None:
            result.append(Segment(Kind.GRACE, level, *period.late, rank))
            start = period.late[1] + _DAY
        renewed = period.renewed_by is not None and counts_on(period.renewed_by, as_of)
        renew_from = period.end - timedelta(days=scheme.lead_days)  # the "renew by" day
        # Renewal work is due only until the renewal is awarded: after that, plain validity.
        awarded = period.renewed_by.awarded if renewed and period.renewed_by else None
        renew_to = min(period.end, awarded - _DAY) if awarded else period.end
        if scheme.lead_days and renew_from > start and renew_to >= renew_from:
            result.append(Segment(Kind.VALID, level, start, renew_from - _DAY, rank))
            result.append(Segment(Kind.RENEW, level, renew_from, renew_to, rank))
            if renew_to < period.end:
                result.append(Segment(Kind.VALID, level, renew_to + _DAY, period.end, rank))
        else:
            result.append(Segment(Kind.VALID, level, start, period.end, rank))
        if scheme.grace_days and not renewed:
            grace_end = period.end + timedelta(days=scheme.grace_days)
            later = [p.start for p in periods if p.label.level == level and p.start > period.end]
            if later:
                grace_end = min(grace_end, min(later) - _DAY)
            if grace_end > period.end:
                result.append(Segment(Kind.GRACE, level, period.end + _DAY, grace_end, rank))
    return result


def rows(registry: Registry, clusters: list[Cluster], as_of: date) -> list[Row]:
    """One row per cluster, or per cluster and scheme when it holds labels of several."""
    result = []
    for cluster in clusters:
        name = cluster.short_name or cluster.name
        schemes = [h for h in histories(cluster, registry.scheme) if h.on(as_of)]
        if not schemes:
            result.append(Row(cluster, None, name, []))
        for history in schemes:
            scheme_id = history.scheme_id
            national = None if scheme_id == ECEI else history.scheme.name
            title = f"{name} · {national}" if national else name
            result.append(Row(cluster, scheme_id, title, segments(history, as_of), national))
    return result


def cells(row: Row, window: Window) -> list[Segment | None]:
    """What each column of ``row`` shows (None: no label then): validity over grace, a higher
    level over a lower one."""
    painted: list[Segment | None] = [None] * window.width
    order = list(Kind)
    for segment in sorted(
        row.segments, key=lambda s: (s.kind is not Kind.GRACE, s.rank, order.index(s.kind))
    ):
        span = window.span(segment.start, segment.end)
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
