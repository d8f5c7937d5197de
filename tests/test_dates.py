"""Month arithmetic and its limits."""

from __future__ import annotations

from datetime import date

from labeltrack.dates import add_months, days_later, months_later


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)
    assert add_months(date(2023, 8, 31), 18) == date(2025, 2, 28)
    assert add_months(date(2023, 11, 30), 1) == date(2023, 12, 30)
    assert add_months(date(2023, 5, 31), -24) == date(2021, 5, 31)


def test_the_calendars_ends_give_none_or_hold() -> None:
    assert months_later(date(9999, 6, 1), 36) is None
    assert months_later(date(1, 6, 1), -24) is None
    assert days_later(date(9999, 12, 1), 4_000_000) == date.max
    assert days_later(date(1, 1, 2), -5) == date.min
