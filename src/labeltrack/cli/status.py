"""`labeltrack status`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    FORMAT,
    AsOfOption,
    CountryOption,
    CriticalDaysOption,
    LevelOption,
    OutputOption,
    PortfolioOption,
    RegistryOption,
    StateOption,
    WarnDaysOption,
    WithinOption,
    command_app,
    day,
    emit,
    reported,
    screen,
    selection,
)
from labeltrack.formats import PLAIN, StatusFormat

app = command_app()


@app.command("status", short_help="Show every cluster's label and its state.")
def status(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
    output_format: Annotated[StatusFormat, FORMAT] = StatusFormat.TABLE,
    state: StateOption = None,
    country: CountryOption = None,
    level: LevelOption = None,
    portfolio: PortfolioOption = None,
    within: WithinOption = None,
    history: Annotated[
        bool, typer.Option("--history", help="Every label, not only each cluster's current one.")
    ] = False,
    output: OutputOption = None,
) -> None:
    """Show every cluster's current label and its state, most urgent first. Filters combine;
    a table that filters leave empty prints nothing when not on a terminal (for cron's MAILTO)."""
    from labeltrack.session import open_session
    from labeltrack.status import status as report_status

    chosen = selection(state, country, level, portfolio, within, history)
    if history and output_format is StatusFormat.PROMETHEUS:
        raise typer.BadParameter("prometheus shows current labels only", param_hint="'--history'")
    with reported():
        session = open_session(registry, day(as_of), warn_days, critical_days)
        report = report_status(session, chosen)
        table = output_format is StatusFormat.TABLE and output is None
        if report.filtered and not report.statuses and table and not sys.stdout.isatty():
            return  # nothing to report: no output, so cron's MAILTO sends nothing
        shown = screen() if output is None or str(output) == "-" else PLAIN
        emit(output_format.render(report, shown), output, registry=registry)
