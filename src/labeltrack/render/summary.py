"""`labeltrack summary` as a table, JSON or Markdown."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TextIO

from labeltrack.summary import LABEL_STATES, Summary

HELD, ENDED = LABEL_STATES[:3], LABEL_STATES[3:]


class SummaryFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def _sections(summary: Summary) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each section's title, headings and rows, as text."""
    levels = [
        [
            row.level.upper()
            if row.scheme_id == "ECEI"
            else f"{row.level.upper()} ({row.scheme_name})",
            *(str(row.counts[state]) for state in HELD),
            str(row.held),
            *(str(row.counts[state]) for state in ENDED),
        ]
        for row in summary.by_level
    ]
    return [
        ("Current labels by level and state", ["Level", *HELD, "held", *ENDED], levels),
        (
            "Held by country",
            ["Country", "Held"],
            [[name, str(n)] for _, name, n in summary.by_country],
        ),
        (
            "Held by portfolio",
            ["Portfolio", "Held"],
            [[name, str(n)] for name, n in summary.by_portfolio],
        ),
        (
            "Expiring by quarter",
            ["Quarter", "From", "To", "Labels"],
            [
                [q.name, q.start.isoformat(), q.end.isoformat(), str(q.expiring)]
                for q in summary.quarters
            ],
        ),
    ]


def _intro(summary: Summary) -> str:
    unlabelled = f" {summary.unlabelled} without a label." if summary.unlabelled else ""
    return (
        f"As of {summary.as_of.isoformat()}: {summary.headline}. {summary.labels} current labels "
        f"of {summary.clusters} clusters.{unlabelled}"
    )


def write_table(summary: Summary, out: TextIO) -> None:
    from rich import box
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text

    from labeltrack.render.table import print_renderable

    parts: list[RenderableType] = [Text(_intro(summary))]
    for title, headings, rows in _sections(summary):
        table = Table(
            title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False
        )
        for index, heading in enumerate(headings):
            table.add_column(heading, justify="left" if index == 0 else "right", overflow="fold")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        parts += [Text(), table]
    print_renderable(Group(*parts), out)


def write_markdown(summary: Summary, out: TextIO) -> None:
    from labeltrack.render.markdown import escape

    lines = [escape(_intro(summary))]
    for title, headings, rows in _sections(summary):
        lines += ["", f"### {title}", "", "| " + " | ".join(headings) + " |"]
        lines.append("|" + "|".join(["---", *["---:"] * (len(headings) - 1)]) + "|")
        lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    out.write("\n".join(lines) + "\n")


def document(summary: Summary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "headline": summary.headline,
        "labels": summary.labels,
        "clusters": summary.clusters,
        "unlabelled": summary.unlabelled,
        "by_level": [
            {
                "scheme": row.scheme_id,
                "level": row.level,
                **{state.value: row.counts[state] for state in LABEL_STATES},
                "held": row.held,
            }
            for row in summary.by_level
        ],
        "by_country": [
            {"country": code, "name": name, "held": n} for code, name, n in summary.by_country
        ],
        "by_portfolio": [{"portfolio": name, "held": n} for name, n in summary.by_portfolio],
        "expiring_by_quarter": [
            {
                "quarter": q.name,
                "from": q.start.isoformat(),
                "to": q.end.isoformat(),
                "labels": q.expiring,
            }
            for q in summary.quarters
        ],
    }


def write_json(summary: Summary, out: TextIO) -> None:
    out.write(json.dumps(document(summary), ensure_ascii=False, indent=2) + "\n")


WRITERS = {
    SummaryFormat.TABLE: write_table,
    SummaryFormat.JSON: write_json,
    SummaryFormat.MARKDOWN: write_markdown,
}
