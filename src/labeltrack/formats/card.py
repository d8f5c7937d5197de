"""`labeltrack show`: one cluster's card."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from labeltrack.card import Card, Entry, Gap, Late, gap_words
from labeltrack.formats import Screen
from labeltrack.formats.terminal import STATE_STYLES, Column, record, render, table
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
        ("notify", ", ".join(cluster.notify) or _NONE),
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


_HEADINGS = ("Level", "From", "Until", "Notes")


def _entries(rows: list[list[Text]], screen: Screen) -> RenderableType:
    """A scheme's history as a table that fits the screen (dates never wrap; a start wraps only
    before its "(est.)"), or one block per label where none fits."""
    columns = [
        Column(heading, [row[index] for row in rows], wraps=heading != "Until")
        for index, heading in enumerate(_HEADINGS)
    ]
    fitted = table(columns, screen.width)
    if fitted is not None:
        return fitted
    return Group(*(record(row[0], list(zip(_HEADINGS[1:], row[1:], strict=True))) for row in rows))


def _labels(card: Card, screen: Screen) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for history in card.schemes:
        heading = "ECEI labels" if history.scheme_id == "ECEI" else f"{history.scheme.name} labels"
        parts += [Text(), Text(heading, style="bold underline")]
        current = history.current.label
        if history.entries:
            parts.append(_entries([_row(entry, current) for entry in history.entries], screen))
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
    return render(Group(title, _details(card), *_labels(card, screen), *footer), screen)
