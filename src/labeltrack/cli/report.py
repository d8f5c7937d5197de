"""`labeltrack report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labeltrack.cli import say
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
)

app = command_app()


@app.command("report", short_help="One HTML page: summary, labels, timeline, a card each.")
def report(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR|FILE.html",
            help="Write the page to FILE.html, or to DIR/index.html for a folder (GitHub "
            "Pages); atomically.",
            show_default="standard output",
        ),
    ] = None,
) -> None:
    """Write one self-contained HTML page to send to a board or publish from CI: the summary
    figures, every label with its renew-by and renewable-until dates, the timeline, and a card
    per cluster with its history and next step. No scripts, fonts or anything else from
    elsewhere; it prints well too."""
    from labeltrack.formats import overview as page
    from labeltrack.overview import overview
    from labeltrack.session import open_session

    target = output / "index.html" if output is not None and output.is_dir() else output
    with reported():
        text = page.format(overview(open_session(registry, day(as_of), warn_days, critical_days)))
        emit(text, target, registry=registry)
    if target is not None and str(target) != "-":
        say(f"{target}: wrote the report")
