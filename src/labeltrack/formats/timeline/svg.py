"""`labeltrack timeline --svg`: the chart as a standalone SVG picture; every registry value is
XML-escaped."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from labeltrack.formats.timeline import LEVEL_COLOURS, OTHER_COLOUR
from labeltrack.timeline import Kind, Timeline, year_starts

_ROW = 22
_BAR = 14
_LEFT = 240
_PLOT = 960
_TOP = 40


def format(timeline: Timeline) -> str:
    rows, as_of = timeline.rows, timeline.as_of
    window = pixels = timeline.window(_PLOT)
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
