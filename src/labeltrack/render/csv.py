"""`--format csv`: a header row and one row per label, the JSON fields as columns.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula, so such text from the registry is neutralised with a leading ``'``. Numbers
labeltrack computes itself (a negative ``days_left``) stay numbers.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from labeltrack.render import StatusReport
from labeltrack.render.json import label_record

COLUMNS = (
    "cluster_id",
    "cluster_name",
    "country",
    "portfolio",
    "scheme",
    "level",
    "awarded",
    "valid_until",
    "days_left",
    "state",
    "renew_by",
    "renewable_until",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return "" if value is None else value


def write_status(report: StatusReport, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for status in report.statuses:
        record = label_record(status)
        writer.writerow(cell(record[column]) for column in COLUMNS)
