"""`labeltrack timeline`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from labeltrack.cli import say
from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    AsOfOption,
    RegistryOption,
    command_app,
    day,
    emit,
    parse_date,
    reported,
    screen,
)
from labeltrack.words import count

app = command_app()


@app.command("timeline", short_help="A Gantt chart of every cluster's labels over time.")
def timeline(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    start: Annotated[
        date | None,
        typer.Option(
            "--from",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="First day shown.",
            show_default="two years before --as-of",
        ),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option(
            "--to",
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="Last day shown.",
            show_default="two years after --as-of",
        ),
    ] = None,
    svg_file: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Write the chart as an SVG picture instead."),
    ] = None,
) -> None:
    """Draw each cluster's labels over time: validity as bars coloured by level, the renewal
    window and the grace period shaded differently, gaps as empty space, and a marker for
    --as-of. Fits the terminal; plain characters when not on one."""
    from labeltrack.session import open_session
    from labeltrack.timeline import timeline as chart

    with reported():
        drawn = chart(open_session(registry, day(as_of)), start, end)
        if svg_file is not None:
            from labeltrack.formats.timeline import svg

            emit(svg.format(drawn), svg_file, registry=registry)
            rows = count(len(drawn.rows), "row")
            say(f"{svg_file}: wrote the timeline of {rows}")
            return
        from labeltrack.formats.timeline import text

        emit(text.format(drawn, screen()), None)
