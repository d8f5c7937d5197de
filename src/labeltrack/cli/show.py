"""`labeltrack show ID`."""

from __future__ import annotations

from typing import Annotated

import typer

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    AsOfOption,
    CriticalDaysOption,
    RegistryOption,
    WarnDaysOption,
    command_app,
    day,
    emit,
    reported,
    screen,
)

app = command_app()


@app.command("show", short_help="Show one cluster: details, labels, gaps, what to do next.")
def show(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
) -> None:
    """Show one cluster's card: its details, every label with its period, the gaps when it
    held no label of a scheme, its current state and what to do next."""
    from labeltrack.card import show as card
    from labeltrack.formats import card as card_format
    from labeltrack.session import open_session

    with reported():
        session = open_session(registry, day(as_of), warn_days, critical_days)
        emit(card_format.format(card(session, cluster_id), screen()), None)
