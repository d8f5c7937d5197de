"""The figures a coordinator puts in a report, for `labeltrack summary`: current labels by level
and state, the labels held (valid) by country and by portfolio, and how many expire in each of
the next four quarters. A label that has ended is counted apart, never as held."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from labeltrack.expiry import LabelStatus
from labeltrack.model import ECEI, VALID, Registry, State
from labeltrack.select import Selection, select
from labeltrack.session import Session
from labeltrack.words import count

#: The states of a current label, in the order `status` lists them: the three of a label that
#: is held (valid), then the two of one that has ended.
LABEL_STATES = (State.CRITICAL, State.WARNING, State.OK, State.EXPIRED, State.LAPSED)


@dataclass(frozen=True)
class LevelRow:
    scheme_id: str
    scheme_name: str
    level: str
    counts: dict[State, int]

    @property
    def held(self) -> int:
        """Labels of this level that are valid: a label that has ended is not held."""
        return sum(self.counts[state] for state in VALID)


@dataclass(frozen=True)
class Quarter:
    name: str  # 2026-Q1
    start: date
    end: date
    expiring: int


@dataclass(frozen=True)
class Summary:
    as_of: date
    labels: int
    clusters: int
    unlabelled: int
    by_level: list[LevelRow]
    countries: int  # countries where some label is held
    by_country: list[tuple[str, str, int]]  # code, English name, labels held
    by_portfolio: list[tuple[str, int]]  # labels held
    quarters: list[Quarter]

    @property
    def headline(self) -> str:
        """``2 BRONZE, 0 SILVER, 0 GOLD held in 2 countries; 1 expired, 1 lapsed``."""
        levels = ", ".join(
            f"{row.held} {row.level.upper()}" for row in self.by_level if row.scheme_id == ECEI
        )
        others = [
            f"{row.held} {row.level.upper()} ({row.scheme_name})"
            for row in self.by_level
            if row.scheme_id != ECEI and row.held
        ]
        where = count(self.countries, "country", "countries")
        text = f"{', '.join([levels, *others])} held in {where}"
        ended = [
            f"{sum(row.counts[state] for row in self.by_level)} {state}"
            for state in (State.EXPIRED, State.LAPSED)
            if any(row.counts[state] for row in self.by_level)
        ]
        return text + (f"; {', '.join(ended)}" if ended else "")


def quarters(as_of: date, count: int = 4) -> list[tuple[str, date, date]]:
    """The quarter holding ``as_of`` (from that day) and the ``count - 1`` after it."""
    spans = []
    year, first_month = as_of.year, (as_of.month - 1) // 3 * 3 + 1
    start = as_of
    for _ in range(count):
        next_month = first_month + 3
        next_year = year + (next_month > 12)
        next_start = date(next_year, (next_month - 1) % 12 + 1, 1)
        spans.append((f"{year}-Q{(first_month - 1) // 3 + 1}", start, next_start - timedelta(1)))
        year, first_month, start = next_year, (next_month - 1) % 12 + 1, next_start
    return spans


def summary(session: Session, selection: Selection | None = None) -> Summary:
    """The counts over the current labels that pass ``selection``'s filters."""
    selection = selection or Selection()
    chosen = select(session.registry, session.as_of, session.thresholds, selection)
    return summarise(session.registry, chosen, session.as_of)


def summarise(registry: Registry, statuses: list[LabelStatus], as_of: date) -> Summary:
    """Counts over ``statuses`` (current labels, filtered as the user asked)."""
    labelled = [status for status in statuses if status.label is not None]
    schemes = registry.known_schemes
    used = {status.label.scheme for status in labelled if status.label}
    by_level = []
    for scheme_id, scheme in schemes.items():
        if scheme_id != ECEI and scheme_id not in used:
            continue
        for level in scheme.levels:
            counts = Counter(
                s.state
                for s in labelled
                if s.label and (s.label.scheme, s.label.level) == (scheme_id, level)
            )
            by_level.append(
                LevelRow(
                    scheme_id, scheme.name, level, {state: counts[state] for state in LABEL_STATES}
                )
            )
    held = [status for status in labelled if status.state in VALID]
    countries = Counter((s.cluster.country, s.cluster.country_name) for s in held)
    portfolios = Counter(s.cluster.portfolio or "—" for s in held)
    return Summary(
        as_of=as_of,
        labels=len(labelled),
        clusters=len({status.cluster.id for status in statuses}),
        unlabelled=sum(status.label is None for status in statuses),
        by_level=by_level,
        countries=len(countries),
        by_country=[
            (code, name, n)
            for (code, name), n in sorted(
                countries.items(), key=lambda item: (-item[1], item[0][1])
            )
        ],
        by_portfolio=sorted(portfolios.items(), key=lambda item: (-item[1], item[0])),
        quarters=[
            Quarter(
                name,
                start,
                end,
                sum(1 for s in labelled if s.label and start <= s.label.valid_until <= end),
            )
            for name, start, end in quarters(as_of)
        ],
    )
