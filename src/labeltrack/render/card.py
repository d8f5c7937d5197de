"""`labeltrack show`: one cluster's card, coloured on a terminal, plain when piped."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from labeltrack.card import Card, Gap, Period
from labeltrack.render.table import STATE_STYLES, print_renderable

_NONE = "—"


def _details(card: Card) -> Table:
    cluster = card.cluster
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = (
        ("id", cluster.id),
        ("short name", cluster.short_name or _NONE),
        ("country", f"{cluster.country_name} ({cluster.country})"),
        ("portfolio", cluster.portfolio or _NONE),
        ("website", cluster.website or _NONE),
        ("contacts", ", ".join(cluster.contacts) or _NONE),
        ("notes", cluster.notes or _NONE),
    )
    for name, value in rows:
        grid.add_row(Text(name), Text(value))
    return grid


def _labels(card: Card) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for history in card.schemes:
        heading = "ECEI labels" if history.scheme_id == "ECEI" else f"{history.scheme.name} labels"
        parts += [Text(), Text(heading, style="bold underline")]
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("Level", no_wrap=True)
        table.add_column("From", no_wrap=True)
        table.add_column("Until", no_wrap=True)
        table.add_column("Notes", overflow="fold")
        current = history.current.label
        for entry in history.timeline:
            if isinstance(entry, Gap):
                days = (entry.end - entry.start).days + 1
                table.add_row(
                    Text("no label", style="dim"),
                    Text(entry.start.isoformat(), style="dim"),
                    Text(entry.end.isoformat(), style="dim"),
                    Text(f"a gap of {days} days", style="dim"),
                )
                continue
            assert isinstance(entry, Period)
            start = entry.start.isoformat() + (" (est.)" if entry.start_estimated else "")
            note = "current" if entry.label == current else ""
            extra = entry.label.notes or ""
            table.add_row(
                Text(entry.label.level.upper()),
                Text(start),
                Text(entry.end.isoformat()),
                Text("; ".join(part for part in (note, extra) if part) or ""),
            )
        if history.timeline:
            parts.append(table)
        status = history.current
        state = Text("State on " + card.as_of.isoformat() + ": ")
        state.append(status.state.value, style=STATE_STYLES[status.state])
        if status.days_left is not None:
            days = status.days_left
            state.append(f", {days} days left" if days >= 0 else f", ended {-days} days ago")
        parts += [state, Text("Next: " + history.advice)]
    return parts


def write_card(card: Card, out: TextIO) -> None:
    title = Text(card.cluster.name, style="bold")
    estimated = any(
        isinstance(entry, Period) and entry.start_estimated
        for history in card.schemes
        for entry in history.timeline
    )
    note = "(est.): no award date recorded; counted back from the scheme's validity."
    footer = [Text(), Text(note, style="dim")] if estimated else []
    print_renderable(Group(title, _details(card), *_labels(card), *footer), out)
