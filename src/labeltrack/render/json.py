"""`--format json`: one document, ISO dates, null where a value is absent."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, TextIO

from labeltrack.expiry import LabelStatus
from labeltrack.render import StatusReport


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def label_record(status: LabelStatus) -> dict[str, Any]:
    cluster, label = status.cluster, status.label
    return {
        "cluster_id": cluster.id,
        "cluster_name": cluster.name,
        "country": cluster.country,
        "portfolio": cluster.portfolio,
        "scheme": label.scheme if label else None,
        "level": label.level if label else None,
        "awarded": label.awarded.isoformat() if label and label.awarded else None,
        "valid_until": label.valid_until.isoformat() if label else None,
        "days_left": status.days_left,
        "state": status.state.value,
        "renew_by": _iso(status.renew_by),
        "renewable_until": _iso(status.renewable_until),
    }


def status_document(report: StatusReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "warn_days": report.thresholds.warn_days,
        "critical_days": report.thresholds.critical_days,
        "labels": [label_record(status) for status in report.statuses],
    }


def write_status(report: StatusReport, out: TextIO) -> None:
    """One label per line. ``json.dumps(indent=...)`` would fall back to the pure-Python
    encoder, several times slower on big registries; each line here goes through the C one."""
    document = status_document(report)
    labels = document.pop("labels")
    encode = json.JSONEncoder(ensure_ascii=False).encode
    fields = "".join(f"  {encode(key)}: {encode(value)},\n" for key, value in document.items())
    rows = ",\n".join(f"    {encode(record)}" for record in labels)
    out.write(f'{{\n{fields}  "labels": [' + (f"\n{rows}\n  " if rows else "") + "]\n}\n")
