"""A GitHub-flavoured table shaped like the one in the BIGINN deliverable, ready to paste into a
report; registry text stays text."""

from __future__ import annotations

from labeltrack.formats import Screen
from labeltrack.formats.markup import markdown
from labeltrack.status import StatusReport

_NONE = "—"


def format(report: StatusReport, screen: Screen) -> str:
    lines = [
        "| Name | Comparative portfolio | Country | Label | Valid until | State |",
        "|---|---|---|---|---|---|",
    ]
    for status in report.statuses:
        cluster, label = status.cluster, status.label
        cells = (
            markdown(cluster.name),
            markdown(cluster.portfolio) if cluster.portfolio else _NONE,
            markdown(cluster.country_name),
            markdown(status.title),
            label.valid_until.isoformat() if label else _NONE,
            status.state.value,
        )
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join([*lines, "", report.caption]) + "\n"
