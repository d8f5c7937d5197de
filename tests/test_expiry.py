from __future__ import annotations

from datetime import date, timedelta

import pytest

from labeltrack.errors import UsageError
from labeltrack.expiry import Thresholds, current_statuses, state_for
from labeltrack.history import current_labels
from labeltrack.model import Cluster, Label, Level, Registry, Scheme, Settings, State

THRESHOLDS = Thresholds(warn_days=180, critical_days=30)


@pytest.mark.parametrize(
    ("days_left", "state"),
    [
        (-1, State.EXPIRED),
        (-400, State.EXPIRED),
        (0, State.CRITICAL),
        (30, State.CRITICAL),
        (31, State.WARNING),
        (180, State.WARNING),
        (181, State.OK),
    ],
)
def test_state_boundaries(days_left: int, state: State) -> None:
    assert state_for(days_left, THRESHOLDS) is state


def test_zero_thresholds_leave_only_expired_critical_and_ok() -> None:
    zero = Thresholds(warn_days=0, critical_days=0)
    assert [state_for(d, zero) for d in (-1, 0, 1)] == [State.EXPIRED, State.CRITICAL, State.OK]


def _label(level: str, until: date) -> Label:
    return Label(level=Level(level), valid_until=until)


def _cluster(cluster_id: str, name: str, *labels: Label) -> Cluster:
    return Cluster(id=cluster_id, name=name, country="LT", labels=labels)


def test_current_label_is_the_latest_and_the_higher_level_on_a_tie() -> None:
    until = date(2026, 5, 31)
    old = _label("gold", date(2023, 5, 31))
    bronze, silver = _label("bronze", until), _label("silver", until)
    as_of = date(2026, 1, 1)

    def current(*labels: Label) -> list[Label]:
        cluster = _cluster("c", "C", *labels)
        return [label for _, _, label in current_labels(cluster, Registry().scheme, as_of)]

    assert current(old, silver, bronze) == [silver]
    assert current(bronze, old) == [bronze]
    assert current() == []


def test_statuses_are_ordered_most_urgent_first_with_unlabelled_last() -> None:
    as_of = date(2026, 1, 1)
    registry = Registry(
        clusters=(
            _cluster("ok", "Zeta", _label("gold", as_of + timedelta(days=400))),
            _cluster("none", "Alpha"),
            _cluster("late", "Beta", _label("bronze", as_of - timedelta(days=3))),
            _cluster("soon", "Gamma", _label("silver", as_of + timedelta(days=10))),
        )
    )
    statuses = current_statuses(registry, as_of, THRESHOLDS)
    assert [(s.cluster.id, s.days_left, s.state) for s in statuses] == [
        ("late", -3, State.EXPIRED),
        ("soon", 10, State.CRITICAL),
        ("ok", 400, State.OK),
        ("none", None, State.UNLABELLED),
    ]
    assert statuses[0].label is not None
    assert statuses[0].label.level is Level.BRONZE


def test_urgency_order_across_every_state_boundary() -> None:
    """Expired (soonest end of renewal first), critical, warning, ok, lapsed, unlabelled; within
    a state, fewest days left first."""
    as_of = date(2026, 1, 1)
    short = Scheme(name="Short grace", levels=("x",), validity_months=12, grace_days=30)
    day = timedelta(days=1)

    def labelled(cluster_id: str, until: date, scheme: str = "ECEI") -> Cluster:
        level = "x" if scheme == "short" else "bronze"
        label = Label(scheme=scheme, level=level, valid_until=until)
        return _cluster(cluster_id, cluster_id, label)

    registry = Registry(
        schemes={"short": short},
        clusters=(
            _cluster("none", "none"),
            labelled("lapsed-long-ago", as_of - 1155 * day),
            labelled("lapsed-just", as_of - 366 * day),
            labelled("ok", as_of + 181 * day),
            labelled("warning", as_of + 31 * day),
            labelled("critical-13", as_of + 13 * day),
            labelled("critical-0", as_of),
            labelled("expired-ecei", as_of - 20 * day),  # renewable for 345 more days
            labelled("expired-short", as_of - 2 * day, "short"),  # for 28 more days
            labelled("expired-last-day", as_of - 365 * day),  # renewable today only
        ),
    )
    statuses = current_statuses(registry, as_of, THRESHOLDS)
    assert [(s.cluster.id, s.state) for s in statuses] == [
        ("expired-last-day", State.EXPIRED),
        ("expired-short", State.EXPIRED),
        ("expired-ecei", State.EXPIRED),
        ("critical-0", State.CRITICAL),
        ("critical-13", State.CRITICAL),
        ("warning", State.WARNING),
        ("ok", State.OK),
        ("lapsed-long-ago", State.LAPSED),
        ("lapsed-just", State.LAPSED),
        ("none", State.UNLABELLED),
    ]


def test_thresholds_resolve_overrides_and_refuse_a_critical_above_warning() -> None:
    settings = Settings(warn_days=90, critical_days=10)
    assert Thresholds.resolve(settings) == Thresholds(90, 10)
    assert Thresholds.resolve(settings, warn_days=200) == Thresholds(200, 10)
    assert Thresholds.resolve(settings, critical_days=0) == Thresholds(90, 0)
    with pytest.raises(UsageError) as raised:
        Thresholds.resolve(settings, critical_days=91)
    assert raised.value.exit_code == 2
    assert "critical days (91) must not be more than warn days (90)" in raised.value.message


@pytest.mark.parametrize(
    ("days_left", "grace_days", "state"),
    [
        (-1, 365, State.EXPIRED),
        (-365, 365, State.EXPIRED),
        (-366, 365, State.LAPSED),
        (-1, 0, State.LAPSED),
        (0, 0, State.CRITICAL),
        (-5000, None, State.EXPIRED),
    ],
)
def test_an_expired_label_lapses_after_its_schemes_grace_period(
    days_left: int, grace_days: int | None, state: State
) -> None:
    assert state_for(days_left, THRESHOLDS, grace_days) is state


def test_one_current_label_per_scheme() -> None:
    key = Scheme(name="Krajowy Klaster Kluczowy", levels=("key",), validity_months=36,
                 grace_days=0, lead_days=120)  # fmt: skip
    as_of = date(2026, 1, 1)
    cluster = Cluster(
        id="pl",
        name="Polski Klaster",
        country="PL",
        labels=(
            Label(scheme="key", level="key", valid_until=date(2025, 12, 1)),
            Label(level="bronze", valid_until=date(2026, 3, 1)),
            Label(level="gold", valid_until=date(2024, 1, 1)),
        ),
    )
    registry = Registry(schemes={"key": key}, clusters=(cluster,))
    statuses = current_statuses(registry, as_of, THRESHOLDS)
    assert [(s.label.scheme, s.label.level, s.state) for s in statuses if s.label] == [
        ("ECEI", "bronze", State.WARNING),
        ("key", "key", State.LAPSED),  # expired a month ago; this scheme has no grace
    ]
    bronze, lapsed = statuses
    assert (lapsed.renew_by, lapsed.renewable_until) == (date(2025, 8, 3), date(2025, 12, 1))
    assert (bronze.renew_by, bronze.renewable_until) == (date(2025, 12, 1), date(2027, 3, 1))
    assert (lapsed.title, bronze.title) == ("KEY (Krajowy Klaster Kluczowy)", "BRONZE")
