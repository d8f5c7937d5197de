"""Calendar arithmetic on whole days and months, safe at the calendar's ends."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a day the later month lacks becomes its last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def months_later(day: date, months: int) -> date | None:
    """``add_months``, or None past the calendar's first or last year."""
    try:
        return add_months(day, months)
    except ValueError:
        return None


def days_later(day: date, number: int) -> date:
    """``day`` plus ``number`` days, held at the calendar's ends (for comparisons only)."""
    try:
        return day + timedelta(days=number)
    except OverflowError:
        return date.max if number > 0 else date.min
