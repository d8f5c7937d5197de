"""The monitoring-plugins line (its exit code is the result's verdict)."""

from __future__ import annotations

from labeltrack.check import CheckResult


def format(result: CheckResult) -> str:
    return result.verdict.line + "\n"
