"""A Rich table coloured by state. Every registry value goes in as plain Text, so a name like
``[bold]`` or ``[link=...]`` prints literally instead of becoming markup."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from labeltrack.formats import Screen
from labeltrack.formats.terminal import STATE_STYLES, render
from labeltrack.model import State
from labeltrack.status import StatusReport

_NONE = "—"
_RENEWING = (State.WARNING, State.CRITICAL)


def format(report: StatusReport, screen: Screen) -> str:
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
    return render(Group(table, Text(), Text(report.caption, style="dim")), screen)
