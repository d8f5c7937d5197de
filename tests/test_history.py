"""The history model: periods, renewals, what counts on a day, what `award` derives and refuses,
and what `check` finds. One table of histories, then properties over generated award sequences."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labeltrack.edit import award_label
from labeltrack.errors import LabeltrackError
from labeltrack.expiry import Thresholds, current_statuses, every_label
from labeltrack.history import (
    Period,
    conflicts,
    histories,
    level_periods,
    plan_award,
)
from labeltrack.loading import findings
from labeltrack.model import ECEI_SCHEME, Cluster, Label, Registry, Scheme, State

THRESHOLDS = Thresholds(180, 30)
KEY = Scheme(name="Key", levels=("key",), validity_months=36, grace_days=0, lead_days=120)


def bronze(until: date, awarded: date | None = None, level: str = "bronze") -> Label:
    return Label(level=level, awarded=awarded, valid_until=until)


def _periods(*labels: Label) -> list[tuple[date, date, bool, bool]]:
    """(start, end, estimated, is a renewal) of each label, oldest first."""
    return [
        (p.start, p.end, p.start_estimated, p.renews is not None)
        for p in level_periods(list(enumerate(labels)), ECEI_SCHEME)
    ]


def test_litek_from_the_bundled_data_is_one_seamless_run() -> None:
    old, new = bronze(date(2023, 5, 31)), bronze(date(2026, 5, 31))
    assert _periods(new, old) == [
        (date(2021, 5, 31), date(2023, 5, 31), True, False),
        (date(2023, 6, 1), date(2026, 5, 31), False, True),
    ]


def test_a_renewal_awarded_within_grace_was_awaited_expired_but_has_no_gap() -> None:
    old, new = bronze(date(2023, 5, 31)), bronze(date(2026, 5, 31), date(2023, 10, 10))
    first, second = level_periods([(0, old), (1, new)], ECEI_SCHEME)
    assert (second.start, second.renews, first.renewed_by) == (date(2023, 6, 1), old, new)
    assert second.late == (date(2023, 6, 1), date(2023, 10, 9))


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        # a first label, with and without its award date
        ([bronze(date(2025, 11, 25), date(2023, 11, 25))],
         [(date(2023, 11, 25), date(2025, 11, 25), False, False)]),
        ([bronze(date(2025, 11, 25))], [(date(2023, 11, 25), date(2025, 11, 25), True, False)]),
        # renewed before it expired: seamless, no late stretch
        ([bronze(date(2025, 11, 30), date(2023, 11, 30)),
          bronze(date(2028, 11, 30), date(2025, 9, 1))],
         [(date(2023, 11, 30), date(2025, 11, 30), False, False),
          (date(2025, 12, 1), date(2028, 11, 30), False, True)]),
        # awarded more than a year after the end: a new label, and a gap
        ([bronze(date(2023, 5, 31)), bronze(date(2026, 6, 1), date(2024, 6, 1))],
         [(date(2021, 5, 31), date(2023, 5, 31), True, False),
          (date(2024, 6, 1), date(2026, 6, 1), False, False)]),
        # ends three years after but was awarded after the grace period: not a renewal
        ([bronze(date(2023, 5, 31)), bronze(date(2026, 5, 31), date(2024, 6, 1))],
         [(date(2021, 5, 31), date(2023, 5, 31), True, False),
          (date(2024, 6, 1), date(2026, 5, 31), False, False)]),
        # an estimate never starts before the earlier label of the level ended
        ([bronze(date(2023, 5, 31)), bronze(date(2024, 12, 31))],
         [(date(2021, 5, 31), date(2023, 5, 31), True, False),
          (date(2023, 6, 1), date(2024, 12, 31), True, False)]),
    ],
)  # fmt: skip
def test_periods(labels: list[Label], expected: list[tuple[date, date, bool, bool]]) -> None:
    assert _periods(*labels) == expected


def test_a_higher_level_is_a_new_label_and_the_longest_valid_is_current() -> None:
    cluster = Cluster(id="mi", name="Mi", country="DK", labels=(
        bronze(date(2027, 11, 30), date(2025, 11, 30)),
        bronze(date(2028, 3, 1), date(2026, 3, 1), level="silver"),
    ))  # fmt: skip
    (ecei,) = histories(cluster, Registry().scheme)
    assert [(p.label.level, p.start, p.renews) for p in ecei.periods] == [
        ("bronze", date(2025, 11, 30), None),
        ("silver", date(2026, 3, 1), None),
    ]
    current = ecei.current(date(2026, 11, 29))
    assert current is not None
    assert current.label.level == "silver"
    # before the silver was awarded, the bronze was the cluster's label
    before = ecei.current(date(2026, 2, 1))
    assert before is not None
    assert before.label.level == "bronze"


# -- award: the derived end and the refusals -----------------------------------------------------

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("existing", "level", "awarded", "until", "rule"),
    [
        ([], "bronze", date(2023, 11, 25), date(2025, 11, 25), "a first BRONZE label runs two"),
        ([bronze(date(2023, 5, 31))], "bronze", date(2023, 10, 10), date(2026, 5, 31),
         "a renewal of the BRONZE label that ended 2023-05-31: awarded 132 days after it ended"),
        ([bronze(date(2023, 5, 31))], "bronze", date(2024, 5, 30), date(2026, 5, 31),
         "a renewal"),  # 365 days on
        ([bronze(date(2023, 5, 31))], "bronze", date(2024, 5, 31), date(2026, 5, 31),
         "a new BRONZE label: the previous one ended 2023-05-31, more than a year"),  # a day late
        ([bronze(date(2023, 5, 31))], "bronze", date(2023, 1, 15), date(2026, 5, 31),
         "a renewal of the BRONZE label that ended 2023-05-31: awarded before it ended"),
        # upgrade: a first SILVER while the BRONZE is valid
        ([bronze(date(2027, 11, 30), date(2025, 11, 30))], "silver", date(2026, 6, 1),
         date(2028, 6, 1), "a first SILVER label"),
        # the reproduction: a SILVER dated long before the BRONZE is a first SILVER
        ([bronze(date(2027, 11, 30), date(2025, 11, 30))], "silver", date(2020, 6, 1),
         date(2022, 6, 1), "a first SILVER label"),
        # recorded before an existing label, far enough not to overlap it
        ([bronze(date(2027, 11, 30), date(2025, 11, 30))], "bronze", date(2020, 6, 1),
         date(2022, 6, 1), "a first BRONZE label"),
    ],
)  # fmt: skip
def test_award_derives_the_end_from_the_history_on_the_award_date(
    existing: list[Label], level: str, awarded: date, until: date, rule: str
) -> None:
    new = Label(level=level, awarded=awarded, valid_until=awarded)
    planned = plan_award(existing, ECEI_SCHEME, new, derive=True)
    assert planned.label.valid_until == until
    assert planned.rule.startswith(rule)
    # what award said is what the history then says
    periods = level_periods(
        list(enumerate([*existing, planned.label])),
        ECEI_SCHEME,
    )
    mine = next(p for p in periods if p.label == planned.label)
    assert (mine.renews is not None) == planned.rule.startswith("a renewal")


@pytest.mark.parametrize(
    ("existing", "new", "message"),
    [
        # the same award twice
        ([bronze(date(2022, 6, 1), date(2020, 6, 1), "silver")],
         Label(level="silver", awarded=date(2020, 6, 1), valid_until=date(2020, 6, 1)),
         "this SILVER label is already recorded: awarded 2020-06-01, valid until 2022-06-01"),
        # the same end twice
        ([bronze(date(2027, 1, 31))], Label(level="bronze", valid_until=date(2027, 1, 31)),
         "a BRONZE label valid until 2027-01-31 is already recorded (no award date recorded)"),
        # before the predecessor's own start: it would overlap it
        ([bronze(date(2025, 11, 25))],
         Label(level="bronze", awarded=date(2023, 6, 1), valid_until=date(2023, 6, 1)),
         "a BRONZE label awarded 2023-06-01, valid until 2025-06-01 would overlap the BRONZE "
         "label valid from 2023-11-25 (estimated: no award date is recorded) until 2025-11-25: "
         "two labels of one level cannot run at once; if it is the same label, add awarded = "
         "2023-06-01 to it in the file instead"),
        # a renewal that is already recorded
        ([bronze(date(2023, 5, 31)), bronze(date(2026, 5, 31), date(2023, 10, 10))],
         Label(level="bronze", awarded=date(2023, 8, 1), valid_until=date(2023, 8, 1)),
         "a BRONZE label valid until 2026-05-31 is already recorded (awarded 2023-10-10)"),
        # a given end that overlaps
        ([bronze(date(2025, 11, 30), date(2023, 11, 30))],
         Label(level="bronze", awarded=date(2024, 1, 1), valid_until=date(2026, 1, 1)),
         "a BRONZE label awarded 2024-01-01, valid until 2026-01-01 would overlap the BRONZE "
         "label awarded 2023-11-30, valid until 2025-11-30: two labels of one level cannot run "
         "at once; a renewal of that label is awarded between 2024-11-30 and 2026-11-30 and is "
         "valid until 2028-11-30"),
        # a renewal awarded more than a year before the label ends is too early
        ([bronze(date(2025, 11, 30), date(2023, 11, 30))],
         Label(level="bronze", awarded=date(2024, 6, 1), valid_until=date(2024, 6, 1)),
         "a BRONZE label awarded 2024-06-01, valid until 2026-06-01 would overlap the BRONZE "
         "label awarded 2023-11-30, valid until 2025-11-30: two labels of one level cannot run "
         "at once; a renewal of that label is awarded between 2024-11-30 and 2026-11-30 and is "
         "valid until 2028-11-30"),
    ],
)  # fmt: skip
def test_award_refuses_what_cannot_be(existing: list[Label], new: Label, message: str) -> None:
    with pytest.raises(LabeltrackError) as refused:
        plan_award(existing, ECEI_SCHEME, new, derive=new.awarded == new.valid_until)
    assert refused.value.message == message


def test_a_national_scheme_uses_its_own_months() -> None:
    new = Label(scheme="key", level="key", awarded=date(2024, 3, 1), valid_until=date(2024, 3, 1))
    first = plan_award([], KEY, new, derive=True)
    assert first.label.valid_until == date(2027, 3, 1)
    later = Label(scheme="key", level="key", awarded=date(2027, 3, 2), valid_until=date(2027, 3, 2))
    second = plan_award([first.label], KEY, later, derive=True)
    assert second.label.valid_until == date(2030, 3, 2)
    assert second.rule.startswith("a new KEY (key) label: the previous one ended 2027-03-01, more")


# -- check ---------------------------------------------------------------------------------------


def _found(*labels: Label) -> list[tuple[int, str, str, int | None, bool]]:
    registry = Registry(clusters=(Cluster(id="mi", name="Mi", country="DK", labels=labels),))
    return [(c.index, c.key, c.message, c.other, c.error) for c in conflicts(registry)]


def test_check_finds_the_same_label_twice_and_overlaps() -> None:
    assert _found(bronze(date(2027, 1, 31)), bronze(date(2027, 1, 31))) == [
        (1, "valid_until", "the BRONZE label valid until 2027-01-31 is recorded twice: the label "
         "on line {0} is the same; remove one of them", 0, True),
    ]  # fmt: skip
    overlap = _found(bronze(date(2025, 11, 30), date(2023, 11, 30)),
                     bronze(date(2026, 1, 10), date(2024, 1, 10)))  # fmt: skip
    assert overlap == [
        (1, "awarded", "this BRONZE label (awarded 2024-01-10, valid until 2026-01-10) overlaps "
         "the BRONZE label on line {0}, valid until 2025-11-30: two labels of one level cannot "
         "run at once; a renewal of that label is awarded between 2024-11-30 and 2026-11-30 and "
         "is valid until 2028-11-30", 0, True),
    ]  # fmt: skip


def test_check_warns_of_a_label_longer_than_its_scheme_allows() -> None:
    assert _found(bronze(date(2030, 11, 30), date(2020, 6, 1), "silver")) == [
        (0, "valid_until", "this SILVER label runs from its award on 2020-06-01 to 2030-11-30, "
         "longer than the 48 months a label of ECEI can run from its award; check both dates",
         None, False),
    ]  # fmt: skip
    assert _found(bronze(date(2024, 5, 31), date(2020, 6, 1))) == []  # exactly 48 months


def test_check_places_both_labels_on_their_lines() -> None:
    text = """\
[[cluster]]
id = "mi"
name = "Mi"
country = "DK"

[[cluster.label]]
level = "bronze"
awarded = 2023-11-30
valid_until = 2025-11-30

[[cluster.label]]
level = "bronze"
awarded = 2024-01-10
valid_until = 2026-01-10
"""
    from pathlib import Path

    from labeltrack.loading import check_text

    report = check_text(Path("r.toml"), text)
    assert [report.format(p) for p in report.problems] == [
        "r.toml:13: error: this BRONZE label (awarded 2024-01-10, valid until 2026-01-10) "
        "overlaps the BRONZE label on line 9, valid until 2025-11-30: two labels of one level "
        "cannot run at once; a renewal of that label is awarded between 2024-11-30 and "
        "2026-11-30 and is valid until 2028-11-30"
    ]
    assert report.registry is None


# -- states on a day -----------------------------------------------------------------------------


def test_a_label_counts_from_its_award_date() -> None:
    old = bronze(date(2023, 5, 31), date(2021, 5, 31))
    renewal = bronze(date(2026, 5, 31), date(2023, 10, 10))
    registry = Registry(clusters=(Cluster(id="l", name="L", country="LT", labels=(old, renewal)),))
    # between the end and the renewal award: expired, still renewable
    (waiting,) = current_statuses(registry, date(2023, 8, 1), THRESHOLDS)
    assert (waiting.label, waiting.state) == (old, State.EXPIRED)
    history = every_label(registry, date(2023, 8, 1), THRESHOLDS)
    assert [s.state for s in history] == [State.EXPIRED]
    # once it was awarded: the old one is renewed, the new one current
    (current,) = current_statuses(registry, date(2023, 10, 10), THRESHOLDS)
    assert (current.label, current.state) == (renewal, State.OK)
    assert [s.state for s in every_label(registry, date(2026, 11, 29), THRESHOLDS)] == [
        State.RENEWED,
        State.EXPIRED,
    ]


# -- properties over generated award sequences ---------------------------------------------------


@dataclass(frozen=True)
class Step:
    level: str
    awarded: date


steps = st.lists(
    st.builds(
        Step,
        st.sampled_from(["bronze", "bronze", "silver", "gold"]),
        st.dates(date(2010, 1, 1), date(2026, 11, 29)),
    ),
    max_size=8,
)


def _award_all(plan: list[Step]) -> dict[str, Any]:
    """The registry data after running each step as `labeltrack award` does, skipping refusals."""
    data: dict[str, Any] = {"cluster": [{"id": "mi", "name": "Mi", "country": "DK"}]}
    for step in plan:
        with contextlib.suppress(LabeltrackError):
            award_label(data, "mi", step.level, step.awarded, None, None, today=TODAY)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=steps, as_of=st.dates(date(2008, 1, 1), date(2032, 12, 31)))
def test_any_accepted_awards_make_a_history_check_accepts(plan: list[Step], as_of: date) -> None:
    data = _award_all(plan)
    registry, found = findings(data)
    assert [f.message for f in found] == []
    assert registry is not None
    (cluster,) = registry.clusters
    if not cluster.labels:
        return
    (ecei,) = histories(cluster, registry.scheme)
    by_level: dict[str, list[Period]] = {}
    for period in ecei.periods:
        by_level.setdefault(period.label.level, []).append(period)
    for periods in by_level.values():
        ordered = sorted(periods, key=lambda p: p.end)
        for earlier, later in pairwise(ordered):
            assert later.start > earlier.end  # no overlap within a level
            if later.renews is not None:
                assert later.renews == earlier.label
                assert later.start == earlier.end + timedelta(days=1)  # seamless
    statuses = current_statuses(registry, as_of, THRESHOLDS)
    current = ecei.current(as_of)
    if current is None:
        assert [s.state for s in statuses] == [State.UNLABELLED]
    else:
        (status,) = statuses
        assert status.label == current.label
        assert status.days_left == (current.end - as_of).days
