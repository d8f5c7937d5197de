"""``PATH:LINE: severity: message`` per problem, then a summary line."""

from __future__ import annotations

from labeltrack.check import CheckResult


def format(result: CheckResult) -> str:
    lines = [result.format(problem) for problem in result.problems]
    return "\n".join([*lines, result.totals]) + "\n"
