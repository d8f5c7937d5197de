"""`labeltrack show`: periods, gaps and advice as pure functions, and the card itself."""

from __future__ import annotations

from datetime import date

import pytest

from labeltrack.card import Gap, Late, advice, entries
from labeltrack.expiry import Thresholds, grade
from labeltrack.history import Period, histories
from labeltrack.model import ECEI_SCHEME, Cluster, Label, Registry, Scheme

from .conftest import BIGINN, Invoke, WriteRegistry

THRESHOLDS = Thresholds(180, 30)


def _entries(*labels: Label) -> list[Period | Late | Gap]:
    cluster = Cluster(id="c", name="C", country="LT", labels=labels)
    (ecei,) = histories(cluster, Registry().scheme)
    return entries(ecei.periods)


def test_a_renewal_within_grace_is_awaited_not_a_gap() -> None:
    old = Label(level="bronze", valid_until=date(2023, 5, 31))
    new = Label(level="bronze", awarded=date(2023, 11, 20), valid_until=date(2026, 5, 31))
    first = Period(old, 1, date(2021, 5, 31), True, renewed_by=new)
    second = Period(new, 0, date(2023, 6, 1), False, renews=old)
    assert _entries(new, old) == [
        first,
        Late(date(2023, 6, 1), date(2023, 11, 19), second),
        second,
    ]


def test_gaps_only_where_no_label_of_the_scheme_was_valid() -> None:
    old = Label(level="bronze", valid_until=date(2023, 5, 31))
    lapsed = Label(level="bronze", awarded=date(2024, 7, 1), valid_until=date(2026, 7, 1))
    assert [type(entry) for entry in _entries(old, lapsed)] == [Period, Gap, Period]
    assert _entries(old, lapsed)[1] == Gap(date(2023, 6, 1), date(2024, 6, 30))
    back_to_back = Label(level="silver", awarded=date(2023, 6, 1), valid_until=date(2025, 6, 1))
    assert [type(entry) for entry in _entries(old, back_to_back)] == [Period, Period]


LITEK = Cluster(
    id="litek",
    name="LITEK",
    country="LT",
    labels=(Label(level="bronze", valid_until=date(2026, 5, 31)),),
)


@pytest.mark.parametrize(
    ("as_of", "words"),
    [
        (
            date(2025, 6, 1),
            "Renewal work should start by 2026-03-02 (90 days before the label ends on "
            "2026-05-31); the label can be renewed until 2027-05-31.",
        ),
        (
            date(2026, 4, 1),
            "Renewal work should have started on 2026-03-02; the label can be renewed until "
            "2027-05-31.",
        ),
        (
            date(2026, 7, 1),
            "The label ended on 2026-05-31; it can still be renewed until 2027-05-31 (334 days "
            "left).",
        ),
        (
            date(2027, 6, 1),
            "The label lapsed: it ended on 2026-05-31 and could be renewed only until "
            "2027-05-31; it must be earned again.",
        ),
    ],
)
def test_advice_follows_the_state(as_of: date, words: str) -> None:
    status = grade(LITEK, LITEK.labels[0], as_of, THRESHOLDS, ECEI_SCHEME)
    assert advice(status, as_of) == words


def test_advice_without_grace_or_lead() -> None:
    strict = Scheme(name="ISO 9001", levels=("certified",), validity_months=36)
    label = Label(scheme="iso", level="certified", valid_until=date(2026, 1, 31))
    status = grade(LITEK, label, date(2025, 1, 1), THRESHOLDS, strict)
    assert advice(status, date(2025, 1, 1)) == (
        "Renewal work should start by 2026-01-31; the label can be renewed until 2026-01-31."
    )
    unlabelled = grade(LITEK, None, date(2025, 1, 1), THRESHOLDS)
    assert advice(unlabelled, date(2025, 1, 1)) == (
        "No label is recorded; record one with labeltrack award."
    )


def test_show_prints_the_card(invoke: Invoke) -> None:
    result = invoke("show", "litek", "-r", BIGINN, "--as-of", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "LITEK – Laser & Engineering Technologies Cluster"
    assert "country     Lithuania (LT)" in lines
    assert "portfolio   Micro, nano and optical technologies" in lines
    labels = lines[lines.index("ECEI labels") + 1 :]
    assert [line.split()[:3] for line in labels[2:4]] == [
        ["BRONZE", "2021-05-31", "(est.)"],
        ["BRONZE", "2023-06-01", "2026-05-31"],
    ]
    assert "renewed; The previous BRONZE label" in labels[2]
    assert "current; renewal of the label that ended 2023-05-31, seamless;" in labels[3]
    assert "no label" not in result.stdout
    assert "State on 2026-04-01: warning, 60 days left" in lines
    assert (
        "Next: Renewal work should have started on 2026-03-02; the label can be renewed until "
        "2027-05-31." in lines
    )
    assert "\x1b" not in result.stdout


def test_show_an_unknown_id_suggests_the_closest(invoke: Invoke) -> None:
    result = invoke("show", "litk", "-r", BIGINN)
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr == f"labeltrack: {BIGINN}: there is no cluster with id or name 'litk'; "
        "did you mean 'litek'?\n"
    )


def test_show_keeps_hostile_text_literal(invoke: Invoke, write_registry: WriteRegistry) -> None:
    path = write_registry(
        '[[cluster]]\nid = "x"\nname = "[bold red]X[/]"\ncountry = "DK"\n'
        'notes = "line one\\n[link=https://evil.example]two[/link]"\n'
    )
    result = invoke("show", "x", "-r", path)
    assert result.exit_code == 0
    assert result.stdout.startswith("[bold red]X[/]\n")
    assert "[link=https://evil.example]two[/link]" in result.stdout
    assert "Next: No label is recorded; record one with labeltrack award." in result.stdout


@pytest.mark.parametrize(
    ("wanted", "shown"),
    [
        ("litek", "LITEK – Laser & Engineering Technologies Cluster"),
        ("LITEK", "LITEK – Laser & Engineering Technologies Cluster"),  # the short name
        ("bigscience.dk", "BigScience.dk"),  # the name, in any case
        ("ineustar – asociacion espanola de la industria de la ciencia", "INEUSTAR"),  # accents
    ],
)
def test_show_finds_a_cluster_by_id_name_or_short_name(
    invoke: Invoke, wanted: str, shown: str
) -> None:
    result = invoke("show", wanted, "-r", BIGINN, "--as-of", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(shown)


def test_a_name_that_matches_two_clusters_asks_for_the_id(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        '[[cluster]]\nid = "a"\nname = "Øresund"\ncountry = "DK"\n\n'
        '[[cluster]]\nid = "b"\nname = "Oresund"\ncountry = "SE"\n'
    )
    result = invoke("show", "oresund", "-r", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == f"labeltrack: {path}: 'oresund' names more than one cluster ('a', 'b'); give its id\n"
    )
    near = invoke("show", "oresnd", "-r", path)
    assert near.stderr == (
        f"labeltrack: {path}: there is no cluster with id or name 'oresnd'; did you mean 'a' or "
        "'b'?\n"
    )
