"""The schemes as a table when the screen is wide enough for every fact without breaking a word,
else one block per scheme."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from labeltrack.catalogue import SchemeEntry
from labeltrack.formats import Screen
from labeltrack.formats.schemes import rules
from labeltrack.formats.terminal import Column, record, render, table

_SHORT = {"valid", "renewed", "grace", "lead", "labels"}


def format(entries: Sequence[SchemeEntry], screen: Screen) -> str:
    facts = [rules(entry) for entry in entries]
    names = [name for name, _ in facts[0]]
    columns = [
        Column("id", [Text(entry.id, style="bold") for entry in entries], wraps=False),
        Column("name", [Text(entry.scheme.name) for entry in entries]),
    ]
    for name in names:
        short = name in _SHORT
        cells = [
            Text(_brief(entry, name) if short else dict(fact)[name])
            for entry, fact in zip(entries, facts, strict=True)
        ]
        columns.append(Column(name, cells, wraps=not short, justify="right" if short else "left"))
    fitted = table(columns, screen.width)
    if fitted is not None:
        return render(fitted, screen)
    blocks: list[RenderableType] = []
    for entry, fact in zip(entries, facts, strict=True):
        if blocks:
            blocks.append(Text())
        title = Text.assemble((entry.id, "bold"), f" — {entry.scheme.name}")
        blocks.append(record(title, [(name, Text(words)) for name, words in fact]))
    return render(Group(*blocks), screen)


def _brief(entry: SchemeEntry, name: str) -> str:
    """The numbers of a table row: months and days."""
    scheme = entry.scheme
    return {
        "valid": f"{scheme.validity_months} mo",
        "renewed": f"{scheme.renewal_months or scheme.validity_months} mo",
        "grace": f"{scheme.grace_days} d",
        "lead": f"{scheme.lead_days} d",
        "labels": str(entry.labels),
    }[name]
