"""`labeltrack export ...`: labels for other tools."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    AsOfOption,
    OutputOption,
    RegistryOption,
    command_app,
    day,
    emit,
    parse_days,
    reported,
)

app = command_app(name="export", no_args_is_help=True)


@app.callback(short_help="Export labels to other tools (ics).")
def export() -> None:
    """Export labels to other tools."""


@app.command("ics", short_help="An iCalendar file of label expiry dates.")
def ics(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    alarm_days: Annotated[
        str,
        typer.Option(
            metavar="DAYS,...",
            help="Reminders this many days before each expiry (at 09:00).",
        ),
    ] = "90,30,7",
) -> None:
    """Write an iCalendar (.ics) file with one all-day event per current label on its
    valid-until day, with reminders. Importing it again updates the events instead of
    duplicating them, and drops the events of labels since replaced (sent as cancelled)."""
    from labeltrack.formats import ics as calendar
    from labeltrack.select import Selection
    from labeltrack.session import open_session
    from labeltrack.status import status

    days = parse_days(alarm_days, "--alarm-days") or ()
    with reported():
        session = open_session(registry, day(as_of))
        text = calendar.format(
            status(session),
            now=datetime.now().astimezone(),
            alarm_days=days,
            history=status(session, Selection(history=True)).statuses,
        )
        emit(text, output, registry=registry)
