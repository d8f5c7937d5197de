"""`labeltrack award`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    DropCommentsOption,
    DryRunOption,
    RegistryOption,
    command_app,
    edited,
    parse_date,
    reported,
    today,
)
from labeltrack.model import ECEI

app = command_app()


@app.command("award", short_help="Record a new label for a cluster.")
def award(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    level: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="The label's level: bronze, silver or gold for ECEI; may be left out for a "
            "scheme with one level.",
            show_default=False,
        ),
    ] = None,
    awarded: Annotated[
        date | None,
        typer.Option(parser=parse_date, metavar="YYYY-MM-DD", help="The day it was awarded."),
    ] = None,
    valid_until: Annotated[
        date | None,
        typer.Option(
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="Its last valid day; derived from --awarded by ESCA's rules if left out.",
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(metavar="TEXT", help="Free text.")] = None,
    scheme: Annotated[
        str,
        typer.Option(
            metavar="SCHEME",
            help="The label's scheme: ECEI, a built-in national scheme (labeltrack schemes), "
            "or one declared in the registry.",
        ),
    ] = ECEI,
    registry: RegistryOption = DEFAULT_REGISTRY,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Record a new label for a cluster. Without --valid-until, the scheme's rules give it from
    the cluster's history on the award date; for ECEI, ESCA's: a renewal (a label of the same
    level was valid, or had ended at most a year before, on the award date) runs three years
    from the end of that label, without a gap; any other label two years from the award. The
    same label twice, two labels of one level at once, and an award date after today without
    --valid-until are refused."""
    from labeltrack import edit

    with reported():
        outcome = edit.apply(
            registry,
            lambda data: edit.award_label(
                data,
                cluster_id,
                level and level.lower(),
                awarded,
                valid_until,
                notes,
                scheme,
                today=today(),
            ),
            dry_run=dry_run,
            drop_comments=drop_comments,
        )
    edited(outcome, dry_run)
