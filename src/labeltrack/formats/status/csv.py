"""A header row and one row per label, the JSON fields as columns. Registry text that a
spreadsheet would run as a formula is neutralised; numbers labeltrack computes itself (a negative
``days_left``) stay numbers."""

from __future__ import annotations

import csv
import io

from labeltrack.formats import Screen
from labeltrack.formats.markup import spreadsheet
from labeltrack.formats.status.json import label_record
from labeltrack.status import StatusReport

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


def format(report: StatusReport, screen: Screen) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for status in report.statuses:
        record = label_record(status)
        writer.writerow(spreadsheet(record[column]) for column in COLUMNS)
    return buffer.getvalue()
