"""The status service: a report of graded labels, without the command line."""

from __future__ import annotations

from datetime import date

from labeltrack.formats import Screen, StatusFormat
from labeltrack.model import State
from labeltrack.select import Selection
from labeltrack.session import open_session
from labeltrack.status import status

from .conftest import BIGINN


def test_a_report_of_current_labels_most_urgent_first() -> None:
    report = status(open_session(BIGINN, date(2025, 11, 20)))
    assert [(s.cluster.id, s.days_left, s.state) for s in report.statuses] == [
        ("bigscience-dk", 5, State.CRITICAL),
        ("ineustar", 10, State.CRITICAL),
        ("litek", 192, State.OK),
    ]
    assert not report.filtered
    assert report.caption == (
        "As of 2025-11-20: warning at 180 days left or fewer, critical at 30."
    )


def test_filters_and_thresholds() -> None:
    session = open_session(BIGINN, date(2025, 11, 20), warn_days=400, critical_days=7)
    report = status(session, Selection(within=100))
    assert [(s.cluster.id, s.state) for s in report.statuses] == [
        ("bigscience-dk", State.CRITICAL),
        ("ineustar", State.WARNING),
    ]
    assert report.filtered


def test_formats_are_pure_functions_of_the_report() -> None:
    report = status(open_session(BIGINN, date(2025, 11, 20)))
    plain = StatusFormat.TABLE.render(report)
    assert "\x1b" not in plain
    assert plain.splitlines()[-1] == report.caption
    coloured = StatusFormat.TABLE.render(report, Screen(width=200, colour="standard"))
    assert "\x1b[31mcritical" in coloured
    assert StatusFormat.TABLE.render(report) == plain  # the same report, the same text
