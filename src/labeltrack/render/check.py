"""Output formats for `labeltrack check`: plain lines, GitHub Actions workflow commands, JSON."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from typing import TextIO

from labeltrack.loading import Problem, Report
from labeltrack.words import count

#: GitHub shows at most this many annotations of each kind per step.
GITHUB_ANNOTATIONS = 10


class CheckFormat(StrEnum):
    TEXT = "text"
    GITHUB = "github"
    JSON = "json"
    NAGIOS = "nagios"


def summary(report: Report, problems: list[Problem]) -> str:
    """``PATH: OK (3 clusters, 4 labels)`` or ``PATH: 2 errors, 1 warning``."""
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    if not problems and report.registry is not None:
        clusters = report.registry.clusters
        labels = sum(len(cluster.labels) for cluster in clusters)
        return f"{report.path}: OK ({count(len(clusters), 'cluster')}, {count(labels, 'label')})"
    parts = [count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"{report.path}: {', '.join(parts)}"


def write_text(report: Report, problems: list[Problem], out: TextIO) -> None:
    for problem in problems:
        out.write(report.format(problem) + "\n")
    out.write(summary(report, problems) + "\n")


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's runner decodes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file=, title=)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, problems: list[Problem], out: TextIO) -> None:
    """An annotation per problem, up to GitHub's limit; the rest as plain lines and a notice.
    With ``GITHUB_STEP_SUMMARY`` set, a Markdown table is appended to the job summary too."""
    file = escape_property(str(report.path))
    for problem in problems[:GITHUB_ANNOTATIONS]:
        out.write(
            f"::{problem.severity} file={file},line={problem.line},title=labeltrack::"
            f"{escape_data(problem.message)}\n"
        )
    hidden = problems[GITHUB_ANNOTATIONS:]
    for problem in hidden:
        out.write(report.format(problem) + "\n")
    if hidden:
        out.write(
            f"::notice title=labeltrack::{len(hidden)} more problems are not shown as "
            f"annotations; they are listed in this step's log\n"
        )
    out.write(summary(report, problems) + "\n")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        _append_step_summary(step_summary, report, problems)


def _append_step_summary(target: str, report: Report, problems: list[Problem]) -> None:
    from labeltrack.render.markdown import escape

    lines = [
        f"### labeltrack check: {escape(str(report.path))}",
        "",
        escape(summary(report, problems)),
    ]
    if problems:
        lines += ["", "| Line | Severity | Message |", "|---:|---|---|"]
        lines += [f"| {p.line} | {p.severity} | {escape(p.message)} |" for p in problems]
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n\n")
    except OSError as exc:
        print(f"labeltrack: cannot write the job summary {target}: {exc.strerror}", file=sys.stderr)


def write_json(report: Report, problems: list[Problem], out: TextIO) -> None:
    errors = sum(problem.severity == "error" for problem in problems)
    registry = report.registry
    document = {
        "file": str(report.path),
        "errors": [
            {"line": p.line, "message": p.message, "severity": p.severity.value} for p in problems
        ],
        "summary": {
            "passed": registry is not None and errors == 0,
            "errors": errors,
            "warnings": len(problems) - errors,
            "clusters": len(registry.clusters) if registry else None,
            "labels": sum(len(c.labels) for c in registry.clusters) if registry else None,
            "text": summary(report, problems),
        },
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
