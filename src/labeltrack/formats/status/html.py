"""`--format html`: one self-contained page (inline CSS, no scripts, no external resources),
rows coloured by state, every value HTML-escaped."""

from __future__ import annotations

from datetime import date
from html import escape

from labeltrack.formats import Screen
from labeltrack.model import State
from labeltrack.status import StatusReport

#: Text colours by state, shared with the HTML part of notify's e-mails (formats/mail.py).
STATE_COLOURS = {
    State.LAPSED: "#6a1b9a",
    State.EXPIRED: "#b00020",
    State.CRITICAL: "#b3261e",
    State.WARNING: "#8a5a00",
    State.OK: "#2e7d32",
    State.RENEWED: "#00695c",
    State.UNLABELLED: "#666666",
}
_BACKGROUNDS = {
    State.LAPSED: "#ede7f6",  # violet: past saving
    State.EXPIRED: "#ffcdd2",  # red: ended, still renewable
    State.CRITICAL: "#ffe0b2",  # orange: ending soon
    State.WARNING: "#fff8d6",  # yellow: renewal work due
    State.OK: "#ffffff",
    State.RENEWED: "#ffffff",
    State.UNLABELLED: "#f5f5f5",
}
_NONE = "—"


def style() -> str:
    """The CSS of labeltrack's pages: state colours with their words, dates that never wrap."""
    rows = "\n".join(
        f"tr.{state.value} td {{ background: {_BACKGROUNDS[state]}; }}\n"
        f"tr.{state.value} td.state {{ color: {colour}; font-weight: bold; }}"
        for state, colour in STATE_COLOURS.items()
    )
    return (
        "body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }\n"
        "table { border-collapse: collapse; }\n"
        "th, td { padding: 0.35rem 0.8rem; border-bottom: 1px solid #ddd; text-align: left; }\n"
        "th { background: #f0f0f0; }\n"
        "td.number { text-align: right; font-variant-numeric: tabular-nums; }\n"
        "td.date, td.number, td.state { white-space: nowrap; }\n"
        f"{rows}\n"
        "p.caption { color: #555; }\n"
    )


def _day(day: date | None) -> str:
    return day.isoformat() if day else _NONE


_HEADINGS = (
    "Cluster",
    "Country",
    "Portfolio",
    "Level",
    "Valid until",
    "Renew by",
    "Renewable until",
    "Days left",
    "State",
)


def table(report: StatusReport) -> str:
    """The report's labels as an HTML table, every registry value escaped."""
    rows = []
    for status in report.statuses:
        cluster, label = status.cluster, status.label
        days = _NONE if status.days_left is None else str(status.days_left)
        cells = (
            f"<td>{escape(cluster.name)}</td>",
            f"<td>{escape(cluster.country_name)}</td>",
            f"<td>{escape(cluster.portfolio or _NONE)}</td>",
            f"<td>{escape(status.title)}</td>",
            f'<td class="date">{label.valid_until.isoformat() if label else _NONE}</td>',
            f'<td class="date">{_day(status.renew_by)}</td>',
            f'<td class="date">{_day(status.renewable_until)}</td>',
            f'<td class="number">{days}</td>',
            f'<td class="state">{status.state.value}</td>',
        )
        rows.append(f'<tr class="{status.state.value}">{"".join(cells)}</tr>')
    head = "".join(f"<th>{heading}</th>" for heading in _HEADINGS)
    body = "\n".join(rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n"


def caption(report: StatusReport) -> str:
    thresholds = report.thresholds
    return (
        f"Warning at {thresholds.warn_days} days left or fewer, critical at "
        f"{thresholds.critical_days}. Made by labeltrack."
    )


def format(report: StatusReport, screen: Screen) -> str:
    as_of = report.as_of.isoformat()
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Cluster labels as of {as_of}</title>\n"
        f"<style>\n{style()}</style>\n</head>\n<body>\n"
        f"<h1>Cluster labels as of {as_of}</h1>\n"
        f"{table(report)}"
        f'<p class="caption">{caption(report)}</p>\n'
        "</body>\n</html>\n"
    )
