"""Output formats for `labeltrack status`; each format's module is imported only when chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import import_module
from typing import TextIO

from labeltrack.expiry import LabelStatus, Thresholds


class OutputFormat(StrEnum):
    """Each value names the module under ``labeltrack.render`` that writes it."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    PROMETHEUS = "prometheus"


@dataclass(frozen=True)
class StatusReport:
    """What `labeltrack status` shows: graded labels on a date, under given thresholds."""

    as_of: date
    thresholds: Thresholds
    statuses: list[LabelStatus]


def render_status(report: StatusReport, fmt: OutputFormat, out: TextIO) -> None:
    import_module(f"labeltrack.render.{fmt.value}").write_status(report, out)
