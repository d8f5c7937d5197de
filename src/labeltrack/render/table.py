"""`--format table`: a Rich table coloured by state. Every registry value goes in as plain Text,
so a name like ``[bold]`` or ``[link=...]`` prints literally instead of becoming markup."""

from __future__ import annotations

import os
from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from labeltrack.model import State
from labeltrack.render import StatusReport

STATE_STYLES = {
    State.LAPSED: "bold magenta",
    State.EXPIRED: "bold red",
    State.CRITICAL: "red",
    State.WARNING: "yellow",
    State.OK: "green",
    State.RENEWED: "cyan",
    State.UNLABELLED: "dim",
}
_NONE = "—"
_RENEWING = (State.WARNING, State.CRITICAL)


def print_renderable(renderable: RenderableType, out: TextIO) -> None:
    """Colour on a terminal. Piped, redirected or under NO_COLOR: no escape codes at all, rows
    that never wrap (unless COLUMNS says how wide), and no trailing padding, so cron mails and
    pasted reports stay tidy."""
    terminal = out.isatty()
    plain = not terminal or bool(os.environ.get("NO_COLOR"))
    console = Console(
        file=out,
        color_system=None if plain else "auto",
        width=None if terminal or "COLUMNS" in os.environ else 1000,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if not plain:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    out.write("".join(f"{line.rstrip()}\n" for line in captured.get().splitlines()))


def write_status(report: StatusReport, out: TextIO) -> None:
    # A "Renew by" column only when some label needs renewal work now.
    renewing = any(status.state in _RENEWING for status in report.statuses)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("Cluster", min_width=14, overflow="fold")
    table.add_column("Country", overflow="fold")
    table.add_column("Portfolio", overflow="fold")
    # Short columns never wrap: the long names give way instead.
    table.add_column("Level", no_wrap=True, min_width=6)
    table.add_column("Valid until", no_wrap=True, min_width=10)
    if renewing:
        table.add_column("Renew by", no_wrap=True, min_width=10)
    table.add_column("Days left", justify="right", no_wrap=True, min_width=4)
    table.add_column("State", no_wrap=True, min_width=10)
    for status in report.statuses:
        cluster, label = status.cluster, status.label
        renew_by = status.renew_by if status.state in _RENEWING else None
        cells = [
            Text(cluster.name),
            Text(cluster.country_name),
            Text(cluster.portfolio or _NONE),
            Text(status.title),
            Text(label.valid_until.isoformat() if label else _NONE),
            *([Text(renew_by.isoformat() if renew_by else "")] if renewing else []),
            Text(_NONE if status.days_left is None else str(status.days_left)),
            Text(status.state.value, style=STATE_STYLES[status.state]),
        ]
        table.add_row(*cells)
    thresholds = report.thresholds
    caption = Text(
        f"As of {report.as_of.isoformat()}: warning at {thresholds.warn_days} days left or "
        f"fewer, critical at {thresholds.critical_days}.",
        style="dim",
    )
    print_renderable(Group(table, Text(), caption), out)
