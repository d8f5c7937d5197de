"""`--format prometheus`: node_exporter's textfile-collector format (the Prometheus text
exposition format), one series per label and state, labelled by cluster_id, country and level."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from labeltrack.expiry import LabelStatus
from labeltrack.formats import Screen
from labeltrack.model import CURRENT
from labeltrack.status import StatusReport

_METRICS = (
    (
        "labeltrack_label_valid_until_timestamp_seconds",
        "When the label stops being valid: the end of its valid_until day (UTC), in Unix time.",
    ),
    ("labeltrack_label_days_left", "Days from the report date to the label's valid_until day."),
    ("labeltrack_label_state", "1 for the label's state, 0 for the others."),
)


def escape(value: str) -> str:
    """A label value as the exposition format writes it."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(status: LabelStatus, **extra: str) -> str:
    pairs = {
        "cluster_id": status.cluster.id,
        "country": status.cluster.country,
        "scheme": status.label.scheme if status.label else "",
        "level": status.label.level if status.label else "",
        **extra,
    }
    return ",".join(f'{name}="{escape(value)}"' for name, value in pairs.items())


def format(report: StatusReport, screen: Screen) -> str:
    (until_name, until_help), (days_name, days_help), (state_name, state_help) = _METRICS
    lines = [f"# HELP {until_name} {until_help}", f"# TYPE {until_name} gauge"]
    for status in report.statuses:
        if status.label is not None:
            end = datetime.combine(status.label.valid_until + timedelta(days=1), time(), UTC)
            lines.append(f"{until_name}{{{_labels(status)}}} {int(end.timestamp())}")
    lines += [f"# HELP {days_name} {days_help}", f"# TYPE {days_name} gauge"]
    lines.extend(
        f"{days_name}{{{_labels(status)}}} {status.days_left}"
        for status in report.statuses
        if status.days_left is not None
    )
    lines += [f"# HELP {state_name} {state_help}", f"# TYPE {state_name} gauge"]
    for status in report.statuses:
        for state in CURRENT:
            value = int(status.state is state)
            lines.append(f"{state_name}{{{_labels(status, state=state.value)}}} {value}")
    return "\n".join(lines) + "\n"
