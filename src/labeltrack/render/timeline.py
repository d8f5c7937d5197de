"""`labeltrack timeline`: the rows of ``timeline.py`` as a Gantt chart on a terminal (plain
characters when piped) or as a standalone SVG picture."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from labeltrack.timeline import Kind, Row, Segment, Window, cells, quarter_starts, year_starts

LEVEL_COLOURS = {"bronze": "#cd7f32", "silver": "#a8a9ad", "gold": "#d4af37"}
OTHER_COLOUR = "#4a7bd0"  # levels of national schemes
_BLOCKS = {Kind.VALID: "█", Kind.RENEW: "▒", Kind.GRACE: "░"}
NAME_WIDTH = 28


def chart_width(out: TextIO) -> int:
    """The terminal's width; piped, COLUMNS or 100."""
    if out.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    try:
        return max(int(os.environ.get("COLUMNS", "100")), 40)
    except ValueError:
        return 100


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


def write_text(rows: list[Row], window: Window, as_of: date, out: TextIO) -> None:
    from rich.console import Group
    from rich.text import Text

    from labeltrack.render.table import print_renderable

    colour = out.isatty() and not os.environ.get("NO_COLOR")
    marker = window.column(as_of) if window.start <= as_of <= window.end else None
    lines = []
    years, ticks = _axis(window, NAME_WIDTH)
    lines += [Text(years), Text(ticks)]
    for row in rows:
        line = Text(_fit(row.title, NAME_WIDTH).ljust(NAME_WIDTH) + " ")
        for column, segment in enumerate(cells(row, window)):
            if column == marker:
                line.append("│" if colour else "|", style="bold red")
            elif segment is None:
                line.append(" ")
            elif colour:
                shade = LEVEL_COLOURS.get(segment.level, OTHER_COLOUR)
                style = f"dim {shade}" if segment.kind is Kind.GRACE else shade
                line.append(_BLOCKS[segment.kind], style=style)
            else:
                line.append(_plain(segment))
        lines.append(line)
    legend = (
        "█ valid (bronze, silver, gold)  ▒ renewal window  ░ grace period  │ "
        if colour
        else "B/S/G valid (bronze, silver, gold)  b/s/g renewal window  . grace period  | "
    )
    lines += [Text(), Text(f"{legend}{as_of.isoformat()}", style="dim")]
    print_renderable(Group(*lines), out)


# -- SVG ---------------------------------------------------------------------------------------

_ROW = 22
_BAR = 14
_LEFT = 240
_PLOT = 960
_TOP = 40


def svg(rows: list[Row], window: Window, as_of: date) -> str:
    """A standalone SVG picture of the chart; every registry value is XML-escaped."""
    pixels = Window(window.start, window.end, _PLOT)
    height = _TOP + len(rows) * _ROW + 50
    width = _LEFT + _PLOT + 20

    def x(day: date) -> float:
        return round(_LEFT + pixels.position(day), 2)

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>Cluster labels, {window.start.isoformat()} to {window.end.isoformat()}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for day in year_starts(window):
        parts.append(
            f'<line class="year" x1="{x(day)}" y1="{_TOP - 14}" x2="{x(day)}" '
            f'y2="{height - 40}" stroke="#cccccc"/>'
        )
        parts.append(f'<text x="{x(day) + 3}" y="{_TOP - 18}" fill="#555555">{day.year}</text>')
    for index, row in enumerate(rows):
        top = _TOP + index * _ROW
        parts.append(
            f'<text class="name" x="{_LEFT - 8}" y="{top + _BAR - 2}" text-anchor="end">'
            f"{escape(row.title)}</text>"
        )
        for segment in row.segments:
            if pixels.span(segment.start, segment.end) is None:
                continue
            left = x(max(segment.start, window.start))
            right = x(min(segment.end, window.end) + timedelta(days=1))
            colour = LEVEL_COLOURS.get(segment.level, OTHER_COLOUR)
            style = {
                Kind.VALID: f'fill="{colour}"',
                Kind.RENEW: f'fill="{colour}" fill-opacity="0.5" stroke="{colour}"',
                Kind.GRACE: 'fill="#9e9e9e" fill-opacity="0.35" stroke="#9e9e9e" '
                'stroke-dasharray="3 2"',
            }[segment.kind]
            tip = f"{segment.level} {segment.kind}: {segment.start} – {segment.end}"
            parts.append(
                f'<rect class="{segment.kind}" data-level={quoteattr(segment.level)} '
                f'x="{left}" y="{top}" width="{round(max(right - left, 1), 2)}" '
                f'height="{_BAR}" {style}><title>{escape(tip)}</title></rect>'
            )
    if window.start <= as_of <= window.end:
        parts.append(
            f'<line class="as-of" x1="{x(as_of)}" y1="{_TOP - 14}" x2="{x(as_of)}" '
            f'y2="{height - 40}" stroke="#d32f2f" stroke-width="2"/>'
        )
    legend_y = height - 16
    parts.append(
        f'<text x="{_LEFT}" y="{legend_y}" fill="#555555">Solid: valid · pale: renewal window · '
        f"grey dashed: grace period · red line: {as_of.isoformat()}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
