"""The summary as one JSON document."""

from __future__ import annotations

import json
from typing import Any

from labeltrack.formats import Screen
from labeltrack.summary import LABEL_STATES, Summary


def document(summary: Summary) -> dict[str, Any]:
    return {
        "as_of": summary.as_of.isoformat(),
        "headline": summary.headline,
        "labels": summary.labels,
        "clusters": summary.clusters,
        "unlabelled": summary.unlabelled,
        "by_level": [
            {
                "scheme": row.scheme_id,
                "level": row.level,
                **{state.value: row.counts[state] for state in LABEL_STATES},
                "held": row.held,
            }
            for row in summary.by_level
        ],
        "by_country": [
            {"country": code, "name": name, "held": n} for code, name, n in summary.by_country
        ],
        "by_portfolio": [{"portfolio": name, "held": n} for name, n in summary.by_portfolio],
        "expiring_by_quarter": [
            {
                "quarter": q.name,
                "from": q.start.isoformat(),
                "to": q.end.isoformat(),
                "labels": q.expiring,
            }
            for q in summary.quarters
        ],
    }


def format(summary: Summary, screen: Screen) -> str:
    return json.dumps(document(summary), ensure_ascii=False, indent=2) + "\n"
