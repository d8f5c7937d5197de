"""`labeltrack export ics`, read back with the icalendar library."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from .conftest import BIGINN, Invoke, WriteRegistry


def _calendar(invoke: Invoke, *args: str | Path) -> Calendar:
    result = invoke("export", "ics", *args)
    assert result.exit_code == 0, result.stderr
    return Calendar.from_ical(result.stdout)


def test_one_all_day_event_per_current_label_with_alarms(invoke: Invoke) -> None:
    cal = _calendar(invoke, "-r", BIGINN, "--as-of", "2025-11-20")
    assert str(cal["version"]) == "2.0"
    events = [event for event in cal.walk("VEVENT") if "status" not in event]
    assert [str(event["uid"]) for event in events] == [
        "bigscience-dk/bronze/2025-11-25@labeltrack",
        "ineustar/bronze/2025-11-30@labeltrack",
        "litek/bronze/2026-05-31@labeltrack",
    ]
    litek = events[2]
    assert str(litek["summary"]) == "LITEK — ECEI BRONZE label expires"
    assert litek.decoded("dtstart") == date(2026, 5, 31)
    assert litek.decoded("dtend") == date(2026, 6, 1)
    assert str(litek["description"]).startswith(
        "LITEK – Laser & Engineering Technologies Cluster (Lithuania, Micro, nano and optical "
        "technologies).\nECEI BRONZE label, valid until 2026-05-31: 192 days left on 2025-11-20 "
        "(ok)."
    )
    alarms = litek.walk("VALARM")
    assert [alarm.decoded("trigger") for alarm in alarms] == [
        timedelta(days=-90, hours=9),
        timedelta(days=-30, hours=9),
        timedelta(days=-7, hours=9),
    ]
    assert {str(alarm["action"]) for alarm in alarms} == {"DISPLAY"}


def test_a_renewed_label_is_cancelled_so_calendars_drop_it(invoke: Invoke) -> None:
    """Read with vobject, a second client, so the cancellation is not only our parser's view."""
    import vobject

    result = invoke("export", "ics", "-r", BIGINN, "--as-of", "2025-11-20")
    assert result.exit_code == 0, result.stderr
    events = {str(e.uid.value): e for e in vobject.readOne(result.stdout).vevent_list}
    old = events["litek/bronze/2023-05-31@labeltrack"]
    assert old.status.value == "CANCELLED"
    assert int(old.sequence.value) > 0
    assert old.dtstart.value == date(2023, 5, 31)
    assert "valarm" not in old.contents
    live = events["litek/bronze/2026-05-31@labeltrack"]
    assert "status" not in live.contents
    assert len(live.contents["valarm"]) == 3
    cancelled = sorted(uid for uid, e in events.items() if "status" in e.contents)
    assert cancelled == ["litek/bronze/2023-05-31@labeltrack"]


def test_a_label_replaced_by_another_level_is_cancelled(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    """An upgrade: BRONZE still running when SILVER is awarded is no longer the current label."""
    import vobject

    path = write_registry(
        """
        [[cluster]]
        id = "one"
        name = "One"
        country = "DK"

        [[cluster.label]]
        level = "bronze"
        awarded = 2023-06-01
        valid_until = 2025-05-31

        [[cluster.label]]
        level = "silver"
        awarded = 2024-01-01
        valid_until = 2026-01-01
        """
    )
    result = invoke("export", "ics", "-r", path, "--as-of", "2024-06-01")
    assert result.exit_code == 0, result.stderr
    events = vobject.readOne(result.stdout).vevent_list
    states = {str(e.uid.value): e.contents.get("status", [None])[0] for e in events}
    assert {uid: state and state.value for uid, state in states.items()} == {
        "one/silver/2026-01-01@labeltrack": None,
        "one/bronze/2025-05-31@labeltrack": "CANCELLED",
    }


def test_uids_are_stable_across_exports_and_dates(invoke: Invoke) -> None:
    first = _calendar(invoke, "-r", BIGINN, "--as-of", "2025-01-01")
    later = _calendar(invoke, "-r", BIGINN, "--as-of", "2026-01-01", "--alarm-days", "14,0")
    assert [e["uid"] for e in first.walk("VEVENT")] == [e["uid"] for e in later.walk("VEVENT")]
    alarms = later.walk("VEVENT")[0].walk("VALARM")
    assert [str(alarm["description"]) for alarm in alarms] == [
        "BigScience.dk — ECEI BRONZE label expires in 14 days",
        "BigScience.dk — ECEI BRONZE label expires today",
    ]


def test_hostile_text_and_unlabelled_clusters(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [[cluster]]
        id = "x"
        name = "Evil;\\\\, \\"quoted\\" <b>Ñ</b>"
        country = "ES"

        [[cluster.label]]
        level = "gold"
        valid_until = 2026-02-28

        [[cluster]]
        id = "none"
        name = "No label"
        country = "DK"
        """
    )
    events = _calendar(invoke, "-r", path, "--as-of", "2026-01-01").walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == 'Evil;\\, "quoted" <b>Ñ</b> — ECEI GOLD label expires'


def test_output_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "labels.ics"
    result = invoke("export", "ics", "-r", BIGINN, "-o", target, "--alarm-days", "30")
    assert (result.exit_code, result.stdout) == (0, "")
    cal = Calendar.from_ical(target.read_bytes())
    assert len(cal.walk("VEVENT")) == 4  # three current labels, one renewed (cancelled)
    assert target.read_bytes().count(b"\r\n") > 10  # RFC 5545 line endings


def test_bad_alarm_days_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("export", "ics", "-r", BIGINN, "--alarm-days", "soon")
    assert result.exit_code == 2
    assert "'soon' is not a list of days" in result.stderr
