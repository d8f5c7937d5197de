"""`labeltrack show`: one cluster's card."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from labeltrack.card import Card, Entry, Gap, Late, gap_words
from labeltrack.formats import Screen
from labeltrack.formats.terminal import STATE_STYLES, render
from labeltrack.history import Period
from labeltrack.model import Label
from labeltrack.words import days_words

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


def _row(entry: Entry, current: Label | None) -> list[Text]:
    """Level, from, until and notes of one line of a scheme's history; dim when no label of
    the scheme was valid."""
    if isinstance(entry, Gap):
        cells = ["no label", str(entry.start), str(entry.end), gap_words(entry)]
        return [Text(cell, style="dim") for cell in cells]
    if isinstance(entry, Late):
        awarded = entry.renewal.label.awarded
        notes = f"expired, renewed within the grace period: the renewal was awarded {awarded}"
        return [Text(cell, style="dim") for cell in ("—", str(entry.start), str(entry.end), notes)]
    label, renews = entry.label, entry.renews
    start = f"{entry.start}" + (" (est.)" if entry.start_estimated else "")
    parts = [
        "current" if label == current else "",
        "renewed" if entry.renewed_by is not None else "",
        f"renewal of the label that ended {renews.valid_until}, seamless" if renews else "",
        f"awarded {label.awarded}" if renews and label.awarded else "",
        label.notes or "",
    ]
    notes = "; ".join(part for part in parts if part)
    return [Text(label.level.upper()), Text(start), Text(str(entry.end)), Text(notes)]


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
        for entry in history.entries:
            table.add_row(*_row(entry, current))
        if history.entries:
            parts.append(table)
        status = history.current
        state = Text("State on " + card.as_of.isoformat() + ": ")
        state.append(status.state.value, style=STATE_STYLES[status.state])
        if status.days_left is not None:
            state.append(f", {days_words(status.days_left)}")
        parts += [state, Text("Next: " + history.advice)]
    return parts


def format(card: Card, screen: Screen) -> str:
    title = Text(card.cluster.name, style="bold")
    estimated = any(
        isinstance(entry, Period) and entry.start_estimated
        for history in card.schemes
        for entry in history.entries
    )
    note = "(est.): no award date recorded; counted back from the scheme's validity."
    footer = [Text(), Text(note, style="dim")] if estimated else []
    return render(Group(title, _details(card), *_labels(card), *footer), screen)
