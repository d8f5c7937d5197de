"""`labeltrack show`: periods, gaps and advice as pure functions, and the card itself."""

from __future__ import annotations

from datetime import date

import pytest

from labeltrack.card import Gap, Period, advice, history
from labeltrack.expiry import Thresholds, grade
from labeltrack.model import ECEI_SCHEME, Cluster, Label, Scheme

from .conftest import BUNDLED, Invoke, WriteRegistry

THRESHOLDS = Thresholds(180, 30)


def test_history_puts_gaps_between_labels() -> None:
    old = Label(level="bronze", valid_until=date(2023, 5, 31))
    new = Label(level="bronze", awarded=date(2023, 11, 20), valid_until=date(2026, 5, 31))
    assert history([new, old], ECEI_SCHEME) == [
        Period(old, date(2021, 6, 1), date(2023, 5, 31), True),
        Gap(date(2023, 6, 1), date(2023, 11, 19)),
        Period(new, date(2023, 11, 20), date(2026, 5, 31), False),
    ]
    back_to_back = Label(level="silver", awarded=date(2023, 6, 1), valid_until=date(2025, 6, 1))
    assert [type(entry) for entry in history([old, back_to_back], ECEI_SCHEME)] == [Period, Period]


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
    result = invoke("show", "litek", "-r", BUNDLED, "--as-of", "2026-04-01")
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "LITEK – Laser & Engineering Technologies Cluster"
    assert "country     Lithuania (LT)" in lines
    assert "portfolio   Micro, nano and optical technologies" in lines
    assert any(line.startswith("no label   2023-06-01          2024-05-31   a gap of 366 days")
               for line in lines)  # fmt: skip
    assert "State on 2026-04-01: warning, 60 days left" in lines
    assert (
        "Next: Renewal work should have started on 2026-03-02; the label can be renewed until "
        "2027-05-31." in lines
    )
    assert "\x1b" not in result.stdout


def test_show_an_unknown_id_suggests_the_closest(invoke: Invoke) -> None:
    result = invoke("show", "litk", "-r", BUNDLED)
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr == f"{BUNDLED}: there is no cluster with id 'litk'; did you mean 'litek'?\n"
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
