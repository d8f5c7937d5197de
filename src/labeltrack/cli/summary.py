"""`labeltrack summary`."""

from __future__ import annotations

from typing import Annotated

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
from labeltrack.formats import PLAIN, SummaryFormat

app = command_app()


@app.command("summary", short_help="Counts by level, state, country, portfolio and quarter.")
def summary(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
    output_format: Annotated[SummaryFormat, FORMAT] = SummaryFormat.TABLE,
    state: StateOption = None,
    country: CountryOption = None,
    level: LevelOption = None,
    portfolio: PortfolioOption = None,
    within: WithinOption = None,
    output: OutputOption = None,
) -> None:
    """Count the current labels, for a report: by level and state, the labels held by country
    and by portfolio, and how many expire in each of the next four quarters. Takes the filters
    of status."""
    from labeltrack.session import open_session
    from labeltrack.summary import summary as summarise

    chosen = selection(state, country, level, portfolio, within, history=False)
    with reported():
        counted = summarise(open_session(registry, day(as_of), warn_days, critical_days), chosen)
        shown = screen() if output is None or str(output) == "-" else PLAIN
        emit(output_format.render(counted, shown), output, registry=registry)
