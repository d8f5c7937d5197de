"""One model of a cluster's labels, per scheme and level: when each ran, which renewed which,
which label counts on a given day. `award`, `check`, `status`, `show`, `timeline`, `summary` and
`notify` all read their facts from here, so no two of them can disagree about a date.

The rules (a scheme's numbers come from its ``Scheme``; ECEI's are built in):

- A label *renews* the label of the same scheme and level that ended just before it when it ends
  exactly ``renewal_months`` after that one ended and — where its award date is recorded — was
  awarded after the earlier label's start and award and no later than ``grace_days`` after its
  end. A renewal's validity starts the day after the earlier label ended: there is no gap. The
  days between that end and a later renewal award were "expired, renewed within the grace
  period".
- Any other label starts on its award date; without one, ``validity_months`` before its end,
  marked estimated (and never before the earlier label of its level ended).
- On a given day a label counts once it was awarded (a label without an award date always
  counts). A cluster's current label of a scheme is the counted one valid longest, the higher
  level on a tie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from labeltrack.dates import days_later, months_later
from labeltrack.errors import LabeltrackError
from labeltrack.model import ECEI, Cluster, Label, Registry, Scheme
from labeltrack.words import count, days, span

_DAY = timedelta(days=1)


#: How early a renewal can be awarded: ESCA's second benchmarking comes 1.5 to 2 years after
#: the first, so up to a year before a two-year label ends.
EARLY_MONTHS = 12


def renewal_window(end: date, scheme: Scheme) -> tuple[date, date]:
    """The days on which a label that ends on ``end`` can be renewed: from ``EARLY_MONTHS``
    before its end to the end of its grace period."""
    opens = months_later(end, -EARLY_MONTHS) or date.min
    return opens, days_later(end, scheme.grace_days)


def renewal_end(end: date, scheme: Scheme) -> date | None:
    """The last day of a renewal of a label that ended on ``end``."""
    return months_later(end, scheme.renewal_months or scheme.validity_months)


def counts_on(label: Label, day: date) -> bool:
    """Whether ``label`` had been awarded by ``day`` (without an award date: always)."""
    return label.awarded is None or label.awarded <= day


def title(label: Label) -> str:
    """``BRONZE``, or ``KEY (key-national-cluster)`` for another scheme: ids only, so a message
    built from it never carries free text from the registry."""
    level = label.level.upper()
    return level if label.scheme == ECEI else f"{level} ({label.scheme})"


@dataclass(frozen=True, slots=True)
class Period:
    """A label's time: ``start`` (its first valid day) to its ``valid_until``."""

    label: Label
    index: int  # the label's place among its cluster's labels, as written in the file
    start: date
    start_estimated: bool
    renews: Label | None = None  # the earlier label of its level it continues without a gap
    renewed_by: Label | None = None

    @property
    def end(self) -> date:
        return self.label.valid_until

    @property
    def late(self) -> tuple[date, date] | None:
        """The days between the renewed label's end and this renewal's award: expired, then
        renewed within the grace period. None when there were none."""
        awarded = self.label.awarded
        if self.renews is None or awarded is None or awarded <= self.start:
            return None
        return self.start, awarded - _DAY

    def describe(self) -> str:
        """``awarded 2023-10-10, valid until 2026-05-31`` or, with no award date,
        ``valid from 2023-11-25 (estimated) until 2025-11-25``."""
        if self.label.awarded is not None and not self.renews:
            return f"awarded {self.label.awarded}, valid until {self.end}"
        if self.label.awarded is not None:
            return f"awarded {self.label.awarded}, valid from {self.start} until {self.end}"
        estimated = " (estimated: no award date is recorded)" if self.start_estimated else ""
        return f"valid from {self.start}{estimated} until {self.end}"


def _renews(label: Label, previous: Period, scheme: Scheme) -> bool:
    if label.valid_until != renewal_end(previous.end, scheme):
        return False
    if label.awarded is None:
        return True
    return _can_renew(previous, label.awarded, scheme)


def _can_renew(previous: Period, awarded: date, scheme: Scheme) -> bool:
    """Whether an award on ``awarded`` can renew ``previous``: after its start and its own
    award, and within its renewal window."""
    opens, closes = renewal_window(previous.end, scheme)
    before = previous.label.awarded
    return (
        previous.start < awarded
        and (before is None or before < awarded)
        and opens <= awarded <= closes
    )


def level_periods(
    labels: Sequence[tuple[int, Label]], scheme: Scheme, *, clamp: bool = True
) -> list[Period]:
    """The labels of one scheme and level (each with its index), oldest first. With ``clamp``,
    an estimated start never falls before the earlier label ended: an estimate alone must not
    make two labels overlap."""
    ordered = sorted(labels, key=lambda item: (item[1].valid_until, item[1].awarded or date.min))
    periods: list[Period] = []
    for index, label in ordered:
        previous = periods[-1] if periods else None
        if previous is not None and _renews(label, previous, scheme):
            periods[-1] = replace(previous, renewed_by=label)
            periods.append(Period(label, index, previous.end + _DAY, False, previous.label))
        elif label.awarded is not None:
            periods.append(Period(label, index, label.awarded, False))
        else:
            start = months_later(label.valid_until, -scheme.validity_months) or date.min
            if clamp and previous is not None and start <= previous.end < label.valid_until:
                start = previous.end + _DAY
            periods.append(Period(label, index, start, True))
    return periods


@dataclass(frozen=True)
class SchemeHistory:
    """Every label a cluster holds or held in one scheme, every level, oldest first."""

    scheme_id: str
    scheme: Scheme
    periods: list[Period]

    def on(self, day: date) -> list[Period]:
        """The periods of the labels that count on ``day``."""
        return [period for period in self.periods if counts_on(period.label, day)]

    def current(self, day: date) -> Period | None:
        """The label that counts on ``day`` and is valid longest; the higher level on a tie."""
        return max(
            self.on(day),
            key=lambda period: (period.end, self.scheme.rank(period.label.level)),
            default=None,
        )


def _levels(labels: Sequence[tuple[int, Label]]) -> dict[tuple[str, str], list[tuple[int, Label]]]:
    """The labels by scheme and level: ECEI first, then in the order the file names them."""
    groups: dict[tuple[str, str], list[tuple[int, Label]]] = {}
    for item in sorted(labels, key=lambda item: item[1].scheme != ECEI):
        groups.setdefault((item[1].scheme, item[1].level), []).append(item)
    return groups


def histories(cluster: Cluster, scheme_of: Callable[[str], Scheme]) -> list[SchemeHistory]:
    """The cluster's history in each scheme it holds or held a label of."""
    result: dict[str, SchemeHistory] = {}
    for (scheme_id, _), labels in _levels(list(enumerate(cluster.labels))).items():
        scheme = scheme_of(scheme_id)
        entry = result.setdefault(scheme_id, SchemeHistory(scheme_id, scheme, []))
        entry.periods.extend(level_periods(labels, scheme))
    for entry in result.values():
        entry.periods.sort(key=lambda p: (p.start, p.end, entry.scheme.rank(p.label.level)))
    return list(result.values())


def current_labels(
    cluster: Cluster, scheme_of: Callable[[str], Scheme], day: date
) -> list[tuple[str, Scheme, Label]]:
    """Each scheme's current label on ``day``, ECEI first: the fast path of ``status``, which
    needs no periods (a label's start never decides which label is current)."""
    best: dict[str, Label] = {}
    for label in cluster.labels:
        if label.awarded is not None and label.awarded > day:
            continue  # not awarded yet on that day
        held = best.get(label.scheme)
        if held is None or label.valid_until > held.valid_until:
            best[label.scheme] = label
        elif label.valid_until == held.valid_until:
            rank = scheme_of(label.scheme).rank
            if rank(label.level) > rank(held.level):
                best[label.scheme] = label
    result = [(scheme_id, scheme_of(scheme_id), label) for scheme_id, label in best.items()]
    if len(result) > 1:
        result.sort(key=lambda item: item[0] != ECEI)
    return result


# -- what `check` finds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """An impossible history, on the key ``key`` of the label at ``index`` of cluster
    ``cluster``. ``message`` holds ``{0}`` where the line of the label at ``other`` goes."""

    cluster: int
    index: int
    key: str
    message: str
    other: int | None = None
    error: bool = True


def max_months(scheme: Scheme) -> int:
    """The longest a label can run from its award: a renewal awarded as early as it can be."""
    return max(scheme.validity_months, scheme.renewal_months or 0) + EARLY_MONTHS


def conflicts(registry: Registry) -> Iterator[Conflict]:
    """Every label recorded twice, every two labels of one level that overlap, and (a
    warning) every label that runs longer from its award than its scheme allows."""
    for number, cluster in enumerate(registry.clusters):
        groups: dict[tuple[str, str], list[tuple[int, Label]]] = {}
        for item in enumerate(cluster.labels):
            groups.setdefault((item[1].scheme, item[1].level), []).append(item)
        for (scheme_id, _), items in groups.items():
            scheme = registry.scheme(scheme_id)
            if len(items) > 1:
                yield from _overlaps(number, level_periods(items, scheme), scheme)
            for index, label in items:
                if label.awarded is not None:
                    yield from _too_long(number, index, label, scheme)


def _overlaps(cluster: int, periods: list[Period], scheme: Scheme) -> Iterator[Conflict]:
    for previous, period in pairwise(periods):
        label = period.label
        if previous.end == period.end:
            yield Conflict(
                cluster,
                period.index,
                "valid_until",
                f"the {title(label)} label valid until {period.end} is recorded twice: the label "
                "on line {0} is the same; remove one of them",
                previous.index,
            )
        elif period.start <= previous.end:
            yield Conflict(
                cluster,
                period.index,
                "awarded" if label.awarded is not None else "valid_until",
                f"this {title(label)} label ({period.describe()}) overlaps the {title(label)} "
                f"label on line {{0}}, valid until {previous.end}: two labels of one level "
                f"cannot run at once{_renewal_hint(previous, scheme)}",
                previous.index,
            )


def _too_long(cluster: int, index: int, label: Label, scheme: Scheme) -> Iterator[Conflict]:
    assert label.awarded is not None
    longest = max_months(scheme)
    if label.valid_until > (months_later(label.awarded, longest) or date.max):
        yield Conflict(
            cluster,
            index,
            "valid_until",
            f"this {title(label)} label runs from its award on {label.awarded} to "
            f"{label.valid_until}, longer than the {count(longest, 'month')} a label of "
            f"{label.scheme} can run from its award; check both dates",
            error=False,
        )


# -- what `award` records ------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """A label to record, and how its end was found (empty when it was given)."""

    label: Label
    rule: str


def plan_award(labels: Sequence[Label], scheme: Scheme, new: Label, *, derive: bool) -> Award:
    """Check ``new`` against the cluster's ``labels`` and, with ``derive``, set its
    ``valid_until`` by the scheme's rule from the history *on its award date*: a renewal when
    a label of the same scheme and level was valid, or within its grace period, that day.
    Raises with a sentence naming the conflicting label: the same label twice, or two labels
    of one level at once."""
    same = [
        (index, label)
        for index, label in enumerate(labels)
        if (label.scheme, label.level) == (new.scheme, new.level)
    ]
    for _, label in same:
        if new.awarded is not None and label.awarded == new.awarded:
            raise LabeltrackError(
                f"this {title(label)} label is already recorded: awarded {label.awarded}, valid "
                f"until {label.valid_until}"
            )
    rule = ""
    if derive:
        assert new.awarded is not None
        new, rule = _derive(same, scheme, new)
    if new.awarded is not None and new.awarded > new.valid_until:
        return Award(new, rule)  # validation names the date that is wrong
    for _, label in same:
        if label.valid_until == new.valid_until:
            awarded = f"awarded {label.awarded}" if label.awarded else "no award date recorded"
            raise LabeltrackError(
                f"a {title(label)} label valid until {label.valid_until} is already recorded "
                f"({awarded})"
            )
    others = level_periods(same, scheme, clamp=False)
    mine = next(
        p
        for p in level_periods([*same, (len(labels), new)], scheme, clamp=False)
        if p.index == len(labels)
    )
    for other in others:
        if other.start <= mine.end and mine.start <= other.end:
            same_label = ""
            if other.start_estimated and new.awarded is not None:
                same_label = (
                    f"; if it is the same label, add awarded = {new.awarded} to it in the file "
                    "instead"
                )
            hint = same_label or (_renewal_hint(other, scheme) if other.end < mine.end else "")
            raise LabeltrackError(
                f"a {title(new)} label {mine.describe()} would overlap the {title(other.label)} "
                f"label {other.describe()}: two labels of one level cannot run at once{hint}"
            )
    return Award(new, rule)


def _derive(same: list[tuple[int, Label]], scheme: Scheme, new: Label) -> tuple[Label, str]:
    awarded = new.awarded
    assert awarded is not None
    periods = level_periods(same, scheme, clamp=False)
    grace = scheme.grace_days
    renewable = [
        p for p in periods if counts_on(p.label, awarded) and _can_renew(p, awarded, scheme)
    ]
    level = title(new)
    if renewable:
        previous = max(renewable, key=lambda p: p.end)
        until = renewal_end(previous.end, scheme)
        months = scheme.renewal_months or scheme.validity_months
        when = (
            "before it ended"
            if awarded <= previous.end
            else f"{days((awarded - previous.end).days)} after it ended, within its grace "
            f"period of {_grace(grace)}"
        )
        rule = (
            f"a renewal of the {level} label that ended {previous.end}: awarded {when}, it runs "
            f"{span(months)} from that day, without a gap"
        )
    else:
        until = months_later(awarded, scheme.validity_months)
        rule = f"a first {level} label runs {span(scheme.validity_months)} from the award"
        ended = [p for p in periods if p.end < awarded and counts_on(p.label, awarded)]
        if ended:
            last = max(ended, key=lambda p: p.end)
            rule = (
                f"a new {level} label: the previous one ended {last.end}, more than "
                f"{_grace(grace)} before the award, so it lapsed and the new one runs "
                f"{span(scheme.validity_months)} from the award"
            )
    if until is None:
        raise LabeltrackError(f"a label awarded {awarded} would end after the year 9999")
    return replace(new, valid_until=until), rule


def _renewal_hint(previous: Period, scheme: Scheme) -> str:
    """``; a renewal of that label is awarded between … and … and is valid until …``."""
    until = renewal_end(previous.end, scheme)
    if until is None:
        return ""
    opens, closes = renewal_window(previous.end, scheme)
    return (
        f"; a renewal of that label is awarded between {opens} and {closes} and is valid until "
        f"{until}"
    )


def _grace(number: int) -> str:
    return "a year" if number == 365 else days(number)
