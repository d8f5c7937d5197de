"""`--format markdown`: a GitHub-flavoured table shaped like the one in the BIGINN deliverable,
ready to paste into a report. Registry text is escaped so that it stays text: no column breaks,
links, emphasis or HTML."""

from __future__ import annotations

import re
from typing import TextIO

from labeltrack.render import StatusReport

# What could end a cell, start code, emphasis, a link or strikethrough; < > become entities.
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # only an & that would start an entity
_NONE = "—"


def escape(text: str) -> str:
    """Markdown-inert text for a table cell."""
    flat = " ".join(text.split())
    entities = _ENTITY.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", entities)


def write_status(report: StatusReport, out: TextIO) -> None:
    out.write("| Name | Comparative portfolio | Country | Label | Valid until | State |\n")
    out.write("|---|---|---|---|---|---|\n")
    for status in report.statuses:
        cluster, label = status.cluster, status.label
        cells = (
            escape(cluster.name),
            escape(cluster.portfolio) if cluster.portfolio else _NONE,
            escape(cluster.country_name),
            escape(status.title),
            label.valid_until.isoformat() if label else _NONE,
            status.state.value,
        )
        out.write(f"| {' | '.join(cells)} |\n")
    thresholds = report.thresholds
    out.write(
        f"\nAs of {report.as_of.isoformat()}: warning at {thresholds.warn_days} days left or "
        f"fewer, critical at {thresholds.critical_days}.\n"
    )
