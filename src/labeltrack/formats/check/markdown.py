"""A Markdown section: the summary and a table of the problems (GitHub's job summary shows it)."""

from __future__ import annotations

from labeltrack.check import CheckResult
from labeltrack.formats.markup import markdown


def format(result: CheckResult) -> str:
    lines = [f"### labeltrack check: {markdown(str(result.path))}", "", markdown(result.totals)]
    if result.problems:
        lines += ["", "| Line | Severity | Message |", "|---:|---|---|"]
        lines += [f"| {p.line} | {p.severity} | {markdown(p.message)} |" for p in result.problems]
    return "\n".join(lines) + "\n"
