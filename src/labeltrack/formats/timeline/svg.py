"""`labeltrack timeline --svg`: the chart as a standalone SVG picture with a heading and a key of
everything it draws; every registry value is XML-escaped."""

from __future__ import annotations

from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from labeltrack.formats.timeline import LEVEL_COLOURS, OTHER_COLOUR
from labeltrack.timeline import Kind, Timeline, drawn, year_starts

_ROW = 22
_BAR = 14
_PLOT = 960
_TOP = 56
_CHAR = 7  # an average character of the 12 px sans-serif, in pixels
_LONGEST_TITLE = 44  # characters; longer titles end in "…" and show whole as a tooltip
GRACE_COLOUR = "#e57373"  # expired but renewable: a warm red, unlike every level's colour
_STYLES = {
    Kind.VALID: 'fill="{colour}"',
    Kind.RENEW: 'fill="{colour}" fill-opacity="0.45" stroke="{colour}"',
    Kind.GRACE: f'fill="{GRACE_COLOUR}" fill-opacity="0.35" stroke="{GRACE_COLOUR}" '
    'stroke-dasharray="3 2"',
}


def _short(title: str) -> str:
    return title if len(title) <= _LONGEST_TITLE else title[: _LONGEST_TITLE - 1] + "…"


def format(timeline: Timeline) -> str:
    rows, as_of = timeline.rows, timeline.as_of
    window = pixels = timeline.window(_PLOT)
    left_margin = max((len(_short(row.title)) for row in rows), default=10) * _CHAR + 24
    keys = drawn(rows)
    height = _TOP + len(rows) * _ROW + 24 + 20 * ((len(keys) + 3 + 3) // 4)
    width = left_margin + _PLOT + 20
    bottom = _TOP + len(rows) * _ROW

    def x(day: date) -> float:
        return round(left_margin + pixels.position(day), 2)

    heading = (
        f"Cluster labels, {window.start.isoformat()} to {window.end.isoformat()}, "
        f"as of {as_of.isoformat()}"
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f"<title>{heading}</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text class="heading" x="8" y="18" font-size="14" font-weight="bold">{heading}</text>',
    ]
    for day in year_starts(window):
        parts.append(
            f'<line class="year" x1="{x(day)}" y1="{_TOP - 14}" x2="{x(day)}" '
            f'y2="{bottom}" stroke="#cccccc"/>'
        )
        parts.append(f'<text x="{x(day) + 3}" y="{_TOP - 18}" fill="#555555">{day.year}</text>')
    marker = x(as_of) if window.start <= as_of <= window.end else None
    for index, row in enumerate(rows):
        top = _TOP + index * _ROW
        parts.append(
            f'<text class="name" x="{left_margin - 8}" y="{top + _BAR - 2}" text-anchor="end">'
            f"<title>{escape(row.title)}</title>{escape(_short(row.title))}</text>"
        )
        for segment in row.segments:
            if pixels.span(segment.start, segment.end) is None:
                continue
            start = x(max(segment.start, window.start))
            end = x(min(segment.end, window.end) + timedelta(days=1))
            colour = LEVEL_COLOURS.get(segment.level, OTHER_COLOUR)
            tip = f"{segment.level} {segment.kind}: {segment.start} – {segment.end}"
            parts.append(
                f'<rect class="{segment.kind}" data-level={quoteattr(segment.level)} '
                f'x="{start}" y="{top}" width="{round(max(end - start, 1), 2)}" '
                f'height="{_BAR}" {_STYLES[segment.kind].format(colour=colour)}>'
                f"<title>{escape(tip)}</title></rect>"
            )
        note = row.note(as_of)
        if note is not None:
            at = (marker if marker is not None else left_margin) + 6
            parts.append(
                f'<text class="note" x="{at}" y="{top + _BAR - 2}" fill="#757575" '
                f'font-style="italic">{note}</text>'
            )
    if marker is not None:
        parts.append(
            f'<line class="as-of" x1="{marker}" y1="{_TOP - 14}" x2="{marker}" '
            f'y2="{bottom}" stroke="#d32f2f" stroke-width="2"/>'
        )
    parts += _key(keys, left_margin, bottom + 24, as_of)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _key(keys: list[tuple[str, str | None]], left: int, top: int, as_of: date) -> list[str]:
    """A swatch and a name for every level drawn, the renewal window, the grace period and the
    as-of line, four to a line."""
    entries: list[tuple[str, str]] = []
    for level, scheme in keys:
        colour = LEVEL_COLOURS.get(level, OTHER_COLOUR)
        name = f"{level} ({scheme})" if scheme else level
        entries.append((_STYLES[Kind.VALID].format(colour=colour), f"{name}: valid"))
    sample = LEVEL_COLOURS["bronze"]
    entries += [
        (_STYLES[Kind.RENEW].format(colour=sample), "renewal window (pale)"),
        (_STYLES[Kind.GRACE], "grace period: expired, renewable"),
        ('fill="#d32f2f"', f"as of {as_of.isoformat()}"),
    ]
    parts = [f'<g class="key" transform="translate({left},{top})">']
    for index, (style, name) in enumerate(entries):
        column, line = index % 4, index // 4
        at_x, at_y = column * 240, line * 20
        parts.append(f'<rect x="{at_x}" y="{at_y}" width="18" height="10" {style}/>')
        parts.append(f'<text x="{at_x + 24}" y="{at_y + 9}" fill="#333333">{escape(name)}</text>')
    parts.append("</g>")
    return parts
