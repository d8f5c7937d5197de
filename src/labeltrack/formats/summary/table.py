"""The summary's sections as tables that fit the screen: counts never wrap, names wrap only at
spaces, and a section too wide for the screen becomes one block per row."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from labeltrack.formats import Screen
from labeltrack.formats.summary import intro, sections
from labeltrack.formats.terminal import Column, record, render, table
from labeltrack.summary import Summary


def _section(headings: list[str], rows: list[list[str]], screen: Screen) -> RenderableType:
    columns = [
        Column(
            heading,
            [Text(row[index]) for row in rows],
            wraps=index == 0,
            justify="left" if index == 0 else "right",
        )
        for index, heading in enumerate(headings)
    ]
    fitted = table(columns, screen.width)
    if fitted is not None:
        return fitted
    blocks: list[RenderableType] = []
    for row in rows:
        fields = [
            (heading, Text(cell)) for heading, cell in zip(headings[1:], row[1:], strict=True)
        ]
        blocks.append(record(Text(row[0]), fields))
    return Group(*blocks)


def format(summary: Summary, screen: Screen) -> str:
    parts: list[RenderableType] = [Text(intro(summary))]
    for title, headings, rows in sections(summary):
        parts += [Text(), Text(title, style="italic"), _section(headings, rows, screen)]
    return render(Group(*parts), screen)
