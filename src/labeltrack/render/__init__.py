"""Output formats for `labeltrack status`; each format's module is imported only when chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TextIO

from labeltrack.expiry import LabelStatus, Thresholds


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@dataclass(frozen=True)
class StatusReport:
    """What `labeltrack status` shows: graded labels on a date, under given thresholds."""

    as_of: date
    thresholds: Thresholds
    statuses: list[LabelStatus]


def render_status(report: StatusReport, fmt: OutputFormat, out: TextIO) -> None:
    if fmt is OutputFormat.JSON:
        from labeltrack.render import json

        json.write_status(report, out)
    else:
        from labeltrack.render import table

        table.write_status(report, out)
