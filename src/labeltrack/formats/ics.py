"""An iCalendar (RFC 5545) file of label expiry dates, for Outlook, Google Calendar and
Thunderbird: one all-day event per current label, alarms before it, and a UID that stays the same
for the same label so that importing again updates events instead of duplicating them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from labeltrack import __version__
from labeltrack.expiry import LabelStatus
from labeltrack.model import label_key
from labeltrack.status import StatusReport
from labeltrack.words import days_words, in_days

if TYPE_CHECKING:
    from icalendar import Event

#: Alarms go off at this hour of the day they fall on (an all-day event starts at midnight).
ALARM_HOUR = 9


def uid(status: LabelStatus) -> str:
    assert status.label is not None
    return f"{label_key(status.cluster.id, status.label)}@labeltrack"


def _label_name(status: LabelStatus) -> str:
    """``ECEI BRONZE``, or ``KEY (Krajowy Klaster Kluczowy)``."""
    return f"ECEI {status.title}" if status.ecei else status.title


def summary(status: LabelStatus) -> str:
    """``LITEK — ECEI BRONZE label expires``."""
    assert status.label is not None
    name = status.cluster.short_name or status.cluster.name
    return f"{name} — {_label_name(status)} label expires"


def description(status: LabelStatus, as_of: date) -> str:
    assert status.label is not None
    assert status.days_left is not None
    cluster, label, days = status.cluster, status.label, status.days_left
    where = ", ".join(part for part in (cluster.country_name, cluster.portfolio) if part)
    return (
        f"{cluster.name} ({where}).\n"
        f"{_label_name(status)} label, valid until {label.valid_until.isoformat()}: "
        f"{days_words(days)} on {as_of.isoformat()} ({status.state}).\n"
        "Made by labeltrack."
    )


def _event(status: LabelStatus, now: datetime, title: str) -> Event:
    """The all-day event on a label's valid-until day, the part live and cancelled events share."""
    from icalendar import Event

    assert status.label is not None
    event = Event()
    event.add("uid", uid(status))
    event.add("dtstamp", now)
    event.add("dtstart", status.label.valid_until)
    event.add("dtend", status.label.valid_until + timedelta(days=1))
    event.add("summary", title)
    event.add("transp", "TRANSPARENT")
    return event


def format(
    report: StatusReport,
    *,
    now: datetime,
    alarm_days: Iterable[int],
    history: Iterable[LabelStatus] = (),
) -> str:
    """The calendar of the report's labels (clusters without a label are left out), and every
    other label of the ``history`` (renewed, superseded by another level, ended) as a cancelled
    event under the UID it had, so that a calendar that imported it drops it, alarms and all, on
    the next import; ``now`` stamps the events."""
    from icalendar import Alarm, Calendar

    days_before = sorted(set(alarm_days), reverse=True)
    cal = Calendar()
    cal.add("prodid", f"-//labeltrack//labeltrack {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Cluster labels (labeltrack)")
    as_of = report.as_of
    current = {uid(status) for status in report.statuses if status.label is not None}
    for status in report.statuses:
        if status.label is None:
            continue
        event = _event(status, now, summary(status))
        event.add("description", description(status, as_of))
        event.add("categories", ["labeltrack"])
        for days in days_before:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{summary(status)} {in_days(days)}")
            alarm.add("trigger", timedelta(days=-days, hours=ALARM_HOUR))
            event.add_component(alarm)
        cal.add_component(event)
    for status in history:
        if status.label is None or uid(status) in current:
            continue
        event = _event(status, now, f"{summary(status)} (replaced)")
        event.add("sequence", 1)  # later than the event it replaces
        event.add("status", "CANCELLED")
        cal.add_component(event)
    text: bytes = cal.to_ical()
    return text.decode("utf-8")
