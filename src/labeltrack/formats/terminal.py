"""Rich renderables as text for a screen: coloured for a terminal; plain, unpadded and never
wrapped (unless a width is given) for pipes, files and cron mail."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Group, JustifyMethod, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from labeltrack.formats import Screen
from labeltrack.model import State

STATE_STYLES = {
    State.EXPIRED: "bold red",
    State.CRITICAL: "red",
    State.WARNING: "yellow",
    State.OK: "green",
    State.LAPSED: "bold magenta",
    State.RENEWED: "cyan",
    State.UNLABELLED: "dim",
}
_UNLIMITED = 100_000  # piped output never wraps a row, however long a name


def render(renderable: RenderableType, screen: Screen) -> str:
    """``renderable`` as ``screen`` shows it. Registry values go in as ``Text``, never markup."""
    buffer = io.StringIO()
    from rich.console import Console

    console = Console(
        file=buffer,
        width=screen.width or _UNLIMITED,
        color_system=screen.colour,  # type: ignore[arg-type]
        force_terminal=screen.colour is not None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    console.print(renderable)
    text = buffer.getvalue()
    if screen.colour is not None:
        return text
    return "".join(f"{line.rstrip()}\n" for line in text.splitlines())


@dataclass(frozen=True)
class Column:
    """A table column whose width labeltrack chooses, so a word is never broken: ``wraps``
    columns wrap at spaces only; the others never wrap."""

    heading: str
    cells: list[Text]
    wraps: bool = True
    justify: JustifyMethod = "left"


_GAP = 2  # columns are two spaces apart


def widths(columns: Sequence[Column], width: int | None) -> list[int] | None:
    """Each column's width so the table fits ``width``: every column at least its longest word
    (its longest cell if it does not wrap); room left over goes to the columns that wrap, a
    column at a time up to its longest cell. None when even that does not fit."""
    least, most = [], []
    for column in columns:
        texts = [column.heading, *(cell.plain for cell in column.cells)]
        longest = max(cell_len(text) for text in texts)
        words = max(cell_len(word) for text in texts for word in [*text.split(), ""])
        least.append(words if column.wraps else longest)
        most.append(longest)
    if width is None:
        return most
    room = width - _GAP * (len(columns) - 1)
    if sum(least) > room:
        return None
    chosen = list(least)
    spare = room - sum(chosen)
    while spare > 0:
        growing = [index for index, size in enumerate(chosen) if size < most[index]]
        if not growing:
            break
        for index in growing[:spare]:
            chosen[index] += 1
        spare -= min(spare, len(growing))
    return chosen


def table(columns: Sequence[Column], width: int | None) -> Table | None:
    """A table of ``columns`` that fits ``width`` without breaking a word, or None."""
    sizes = widths(columns, width)
    if sizes is None:
        return None
    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for column, size in zip(columns, sizes, strict=True):
        grid.add_column(column.heading, width=size, justify=column.justify, overflow="fold")
    for row in zip(*(column.cells for column in columns), strict=True):
        grid.add_row(*row)
    return grid


def record(title: Text, fields: Sequence[tuple[str, Text]]) -> RenderableType:
    """One record as a block, for screens too narrow for a table: a title, then one field per
    line, each value wrapping under itself."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for name, value in fields:
        grid.add_row(Text(name), value)
    return Group(title, Padding(grid, (0, 0, 0, 2)))
