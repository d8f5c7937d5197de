"""One JSON document, ISO dates, null where a value is absent."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from labeltrack.expiry import LabelStatus
from labeltrack.formats import Screen
from labeltrack.status import StatusReport


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


def format(report: StatusReport, screen: Screen) -> str:
    """One label per line. ``json.dumps(indent=...)`` would fall back to the pure-Python
    encoder, several times slower on big registries; each line here goes through the C one."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    header = {
        "as_of": report.as_of.isoformat(),
        "warn_days": report.thresholds.warn_days,
        "critical_days": report.thresholds.critical_days,
    }
    fields = "".join(f"  {encode(key)}: {encode(value)},\n" for key, value in header.items())
    rows = ",\n".join(f"    {encode(label_record(status))}" for status in report.statuses)
    return f'{{\n{fields}  "labels": [' + (f"\n{rows}\n  " if rows else "") + "]\n}\n"
