"""The summary's sections as Markdown tables, registry text escaped."""

from __future__ import annotations

from labeltrack.formats import Screen
from labeltrack.formats.markup import markdown
from labeltrack.formats.summary import intro, sections
from labeltrack.summary import Summary


def format(summary: Summary, screen: Screen) -> str:
    lines = [markdown(intro(summary))]
    for title, headings, rows in sections(summary):
        lines += ["", f"### {title}", "", "| " + " | ".join(headings) + " |"]
        lines.append("|" + "|".join(["---", *["---:"] * (len(headings) - 1)]) + "|")
        lines += ["| " + " | ".join(markdown(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
