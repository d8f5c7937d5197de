"""The summary's sections as tables."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from labeltrack.formats import Screen
from labeltrack.formats.summary import intro, sections
from labeltrack.formats.terminal import render
from labeltrack.summary import Summary


def format(summary: Summary, screen: Screen) -> str:
    parts: list[RenderableType] = [Text(intro(summary))]
    for title, headings, rows in sections(summary):
        table = Table(
            title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False
        )
        for index, heading in enumerate(headings):
            table.add_column(heading, justify="left" if index == 0 else "right", overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        parts += [Text(), table]
    return render(Group(*parts), screen)
