"""`--format prometheus`: node_exporter's textfile-collector format (the Prometheus text
exposition format), one series per label and state, in base units only (`promtool check metrics`
is clean): the end of validity as a Unix timestamp, from which Prometheus computes the time left
(``labeltrack_label_valid_until_timestamp_seconds - time()``), as certificate exporters do."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from labeltrack.expiry import LabelStatus
from labeltrack.formats import Screen
from labeltrack.model import CURRENT
from labeltrack.status import StatusReport

_UNTIL = "labeltrack_label_valid_until_timestamp_seconds"
_UNTIL_HELP = "When the label stops being valid: the end of its valid_until day (UTC), Unix time."
_STATE = "labeltrack_label_state"
_STATE_HELP = "1 for the label's state, 0 for the others; a cluster without a label is unlabelled."


def escape(value: str) -> str:
    """A label value as the exposition format writes it."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(status: LabelStatus, **extra: str) -> str:
    """Its labels; a cluster without a label has no scheme or level (never an empty value)."""
    pairs = {"cluster_id": status.cluster.id, "country": status.cluster.country}
    if status.label is not None:
        pairs.update(scheme=status.label.scheme, level=status.label.level)
    pairs.update(extra)
    return ",".join(f'{name}="{escape(value)}"' for name, value in pairs.items())


def format(report: StatusReport, screen: Screen) -> str:
    lines = [f"# HELP {_UNTIL} {_UNTIL_HELP}", f"# TYPE {_UNTIL} gauge"]
    for status in report.statuses:
        if status.label is not None:
            end = datetime.combine(status.label.valid_until + timedelta(days=1), time(), UTC)
            lines.append(f"{_UNTIL}{{{_labels(status)}}} {int(end.timestamp())}")
    lines += [f"# HELP {_STATE} {_STATE_HELP}", f"# TYPE {_STATE} gauge"]
    for status in report.statuses:
        for state in CURRENT:
            value = int(status.state is state)
            lines.append(f"{_STATE}{{{_labels(status, state=state.value)}}} {value}")
    return "\n".join(lines) + "\n"
