"""GitHub Actions workflow commands: an annotation per problem, up to GitHub's limit, and the
rest as plain lines. Every value is encoded the way the runner decodes it, so registry text can
never become a workflow command of its own."""

from __future__ import annotations

from labeltrack.check import CheckResult

#: GitHub shows at most this many annotations of each severity per step.
GITHUB_ANNOTATIONS = 10


def escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's runner decodes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file=, title=)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format(result: CheckResult) -> str:
    """Up to ten annotations of each severity (GitHub's limit per step); the rest as plain,
    encoded lines and a notice saying how many."""
    file = escape_property(str(result.path))
    shown: dict[str, int] = {}
    lines, hidden = [], []
    for problem in result.problems:
        severity = problem.severity.value
        shown[severity] = shown.get(severity, 0) + 1
        if shown[severity] > GITHUB_ANNOTATIONS:
            hidden.append(problem)
            continue
        lines.append(
            f"::{severity} file={file},line={problem.line},title=labeltrack::"
            f"{escape_data(problem.message)}"
        )
    # Plain lines too are read by the runner: encoded, so none can start a workflow command.
    lines += [escape_data(result.format(problem)) for problem in hidden]
    if hidden:
        lines.append(
            f"::notice title=labeltrack::{len(hidden)} more problems are not shown as "
            "annotations; they are listed in this step's log"
        )
    return "\n".join([*lines, escape_data(result.totals)]) + "\n"
