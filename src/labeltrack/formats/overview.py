"""`labeltrack report`: one self-contained HTML page (inline CSS and SVG; no scripts, fonts or
anything else from elsewhere) that reads well on a screen, a phone and paper: the summary, the
labels, the timeline and a card per cluster. Every registry value is escaped; every state is a
word as well as a colour."""

from __future__ import annotations

import re
from html import escape

from labeltrack.card import Card, Gap, Late, gap_words
from labeltrack.formats.status.html import caption, style, table
from labeltrack.formats.summary import intro, sections
from labeltrack.formats.timeline import svg
from labeltrack.history import Period
from labeltrack.overview import Overview
from labeltrack.words import days_words

_NONE = "—"
_PAGE_STYLE = """
body { max-width: 72rem; margin: 0 auto; padding: 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 2px solid #ddd; }
nav ol { padding-left: 1.4rem; }
.date { white-space: nowrap; }
.scroll { overflow-x: auto; max-width: 100%; }
svg { max-width: 100%; height: auto; }
section.card { break-inside: avoid; border-top: 1px solid #ddd; padding-top: 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
@media (max-width: 40rem) { body { padding: 0.5rem; margin: 0; } th, td { padding: 0.3rem; } }
@media print { nav { display: none; } h2 { break-after: avoid; } a { color: inherit; } }
"""


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _text(text: str) -> str:
    """``text`` escaped, its dates kept whole on one line."""
    return _DATE.sub(lambda match: f'<span class="date">{match[0]}</span>', escape(text))


def _table(headings: list[str], rows: list[list[str]], numbers: bool = True) -> str:
    """A small table of text; all but the first column right-aligned numbers."""
    head = "".join(f"<th>{escape(heading)}</th>" for heading in headings)
    body = "\n".join(
        "<tr>"
        + "".join(
            f"<td>{_text(cell)}</td>"
            if index == 0 or not numbers
            else f'<td class="number">{_text(cell)}</td>'
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return _scroll(head, body)


def _card(card: Card) -> str:
    cluster = card.cluster
    details = [
        ("id", cluster.id),
        ("country", f"{cluster.country_name} ({cluster.country})"),
        ("portfolio", cluster.portfolio or _NONE),
        ("website", cluster.website or _NONE),
        ("contacts", ", ".join(cluster.contacts) or _NONE),
        ("notify", ", ".join(cluster.notify) or _NONE),
        ("notes", cluster.notes or _NONE),
    ]
    parts = [
        f'<section class="card" id="cluster-{escape(cluster.id)}">',
        f"<h3>{escape(cluster.name)}</h3>",
        "<dl>" + "".join(f"<dt>{k}</dt><dd>{_text(v)}</dd>" for k, v in details) + "</dl>",
    ]
    for scheme in card.schemes:
        heading = "ECEI labels" if scheme.scheme_id == "ECEI" else f"{scheme.scheme.name} labels"
        rows = []
        for entry in scheme.entries:
            if isinstance(entry, Gap):
                rows.append(["no label", str(entry.start), str(entry.end), gap_words(entry)])
            elif isinstance(entry, Late):
                rows.append(["—", str(entry.start), str(entry.end),
                             "expired, renewed within the grace period"])  # fmt: skip
            else:
                assert isinstance(entry, Period)
                start = f"{entry.start}" + (" (est.)" if entry.start_estimated else "")
                notes = ["renewed" if entry.renewed_by else "", entry.label.notes or ""]
                rows.append([entry.label.level.upper(), start, str(entry.end),
                             "; ".join(note for note in notes if note)])  # fmt: skip
        status = scheme.current
        days = f", {days_words(status.days_left)}" if status.days_left is not None else ""
        parts += [
            f"<h4>{escape(heading)}</h4>",
            _history(rows) if rows else "",
            f'<p>State on {_text(str(card.as_of))}: <span class="state {status.state.value}">'
            f"{status.state.value}</span>{escape(days)}</p>",
            f"<p>Next: {_text(scheme.advice)}</p>",
        ]
    parts.append("</section>")
    return "\n".join(part for part in parts if part)


def _history(rows: list[list[str]]) -> str:
    head = "<th>Level</th><th>From</th><th>Until</th><th>Notes</th>"
    body = "\n".join(
        f'<tr><td>{escape(level)}</td><td class="date">{escape(start)}</td>'
        f'<td class="date">{escape(until)}</td><td>{_text(notes)}</td></tr>'
        for level, start, until, notes in rows
    )
    return _scroll(head, body)


def _scroll(head: str, body: str) -> str:
    """A table that scrolls inside its own box on a narrow screen, never the page."""
    table = f"<table><thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>\n'


def format(overview: Overview) -> str:
    as_of = overview.status.as_of
    title = f"Cluster labels as of {as_of}"
    heading = _text(title)
    picture = svg.format(overview.timeline).split("\n", 1)[1]  # without the XML declaration
    toc = "".join(
        f'<li><a href="#cluster-{escape(card.cluster.id)}">{escape(card.cluster.name)}</a></li>'
        for card in overview.cards
    )
    summary = "".join(
        f"<h3>{escape(section)}</h3>\n{_table(headings, rows)}"
        for section, headings, rows in sections(overview.summary)
    )
    state_words = "".join(
        f"span.state.{name} {{ font-weight: bold; }}\n"
        for name in ("expired", "critical", "warning", "ok", "lapsed", "unlabelled")
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f"<style>\n{style()}{_PAGE_STYLE}{state_words}</style>\n</head>\n<body>\n"
        f"<header><h1>{heading}</h1><p>{_text(intro(overview.summary))}</p></header>\n"
        '<nav><h2>Contents</h2><ol><li><a href="#summary">Summary</a></li>'
        '<li><a href="#labels">Labels</a></li><li><a href="#timeline">Timeline</a></li>'
        f'<li><a href="#clusters">Clusters</a><ol>{toc}</ol></li></ol></nav>\n'
        f'<section id="summary"><h2>Summary</h2>\n{summary}</section>\n'
        f'<section id="labels"><h2>Labels</h2>\n'
        f'<div class="scroll">{table(overview.status)}</div>\n'
        f'<p class="caption">{caption(overview.status)}</p></section>\n'
        f'<section id="timeline"><h2>Timeline</h2>\n'
        f'<div class="scroll">{picture}</div></section>\n'
        f'<section id="clusters"><h2>Clusters</h2>\n'
        + "\n".join(_card(card) for card in overview.cards)
        + "\n</section>\n</body>\n</html>\n"
    )
