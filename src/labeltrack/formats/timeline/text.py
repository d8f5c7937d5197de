"""`labeltrack timeline` as text: a Gantt chart in colour on a terminal, plain characters
elsewhere."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from labeltrack.formats import Screen
from labeltrack.formats.terminal import render
from labeltrack.formats.timeline import LEVEL_COLOURS, OTHER_COLOUR
from labeltrack.timeline import (
    Kind,
    Segment,
    Timeline,
    Window,
    cells,
    drawn,
    quarter_starts,
    year_starts,
)

_BLOCKS = {Kind.VALID: "█", Kind.RENEW: "▒", Kind.GRACE: "░"}
NAME_WIDTH = 28
_DEFAULT_WIDTH = 100  # when the screen sets no width
_NARROWEST = 20  # columns of chart, at the least


def _plain(segment: Segment | None) -> str:
    """Without colour: the level's initial, lowercase in the renewal window; dots for grace."""
    if segment is None:
        return " "
    if segment.kind is Kind.GRACE:
        return "."
    initial = segment.level[:1]
    return initial.upper() if segment.kind is Kind.VALID else initial.lower()


def _axis(window: Window, name_width: int) -> tuple[str, str]:
    """A line of year labels and a line of ticks: | at each 1 January, ' at each quarter."""
    labels = [" "] * window.width
    ticks = ["-"] * window.width
    for day in quarter_starts(window):
        ticks[window.column(day)] = "'"
    for day in year_starts(window):
        column = window.column(day)
        ticks[column] = "|"
        for offset, char in enumerate(str(day.year)):
            if column + offset < window.width:
                labels[column + offset] = char
    pad = " " * (name_width + 1)
    return pad + "".join(labels).rstrip(), pad + "".join(ticks)


def _fit(title: str, width: int) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def format(timeline: Timeline, screen: Screen) -> str:
    columns = max((screen.width or _DEFAULT_WIDTH) - NAME_WIDTH - 1, _NARROWEST)
    window = timeline.window(columns)
    rows, as_of = timeline.rows, timeline.as_of
    colour = screen.colour is not None
    marker = window.column(as_of) if window.start <= as_of <= window.end else None
    lines = []
    years, ticks = _axis(window, NAME_WIDTH)
    lines += [Text(years), Text(ticks)]
    for row in rows:
        line = Text(_fit(row.title, NAME_WIDTH).ljust(NAME_WIDTH) + " ")
        painted = cells(row, window)
        note = row.note(as_of)
        if note is not None:  # say what the empty stretch means, after the as-of marker
            start = min((marker or 0) + 2, max(window.width - len(note), 0))
            if all(cell is None for cell in painted[start : start + len(note)]):
                for offset, char in enumerate(note[: window.width - start]):
                    painted[start + offset] = char  # type: ignore[call-overload]
        for column, segment in enumerate(painted):
            if column == marker:
                line.append("│" if colour else "|", style="bold red")
            elif segment is None:
                line.append(" ")
            elif isinstance(segment, str):
                line.append(segment, style="dim italic")
            elif colour:
                shade = LEVEL_COLOURS.get(segment.level, OTHER_COLOUR)
                style = f"dim {shade}" if segment.kind is Kind.GRACE else shade
                line.append(_BLOCKS[segment.kind], style=style)
            else:
                line.append(_plain(segment))
        lines.append(line)
    lines += [Text(), _legend(timeline, colour)]
    return render(Group(*lines), screen)


def _legend(timeline: Timeline, colour: bool) -> Text:
    """A key of every level drawn (by its colour, or by its letter), the shadings and the
    marker."""
    legend = Text(style="dim")
    for level, scheme in drawn(timeline.rows):
        name = f"{level} ({scheme})" if scheme else level
        if colour:
            legend.append("█", style=LEVEL_COLOURS.get(level, OTHER_COLOUR))
        else:
            legend.append(level[:1].upper())
        legend.append(f" {name}  ")
    if colour:
        legend.append("▒ renewal window  ░ grace period (expired, renewable)  ")
        legend.append("│", style="bold red")
    else:
        legend.append("lowercase: renewal window  . grace period (expired, renewable)  |")
    legend.append(f" {timeline.as_of.isoformat()}")
    return legend
