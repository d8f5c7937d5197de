"""The plan as one JSON document, for scripts."""

from __future__ import annotations

import json
from typing import Any

from labeltrack.reconcile import ImportPlan, Matched, Row


def format(plan: ImportPlan, *, applied: bool, update: bool) -> str:
    document = {
        "source": str(plan.source),
        "rows": plan.rows,
        "applied": applied,
        "update": update,
        "new_clusters": [
            {"id": new.id, **_row(new.rows[0]), "labels": [_label(row) for row in new.rows]}
            for new in plan.new_clusters
        ],
        "new_labels": [_matched(m) for m in plan.new_labels],
        "differing": [
            {**_matched(m), "recorded_valid_until": m.recorded.valid_until.isoformat()}
            for m in plan.differing
            if m.recorded is not None
        ],
        "unchanged": [_matched(m) for m in plan.unchanged],
        "unread": [{"row": item.number, "why": item.why} for item in plan.unread],
        "missing": [
            {
                "cluster_id": m.cluster.id,
                "country": m.cluster.country,
                "scheme": m.label.scheme,
                "level": m.label.level,
                "valid_until": m.label.valid_until.isoformat(),
            }
            for m in plan.missing
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _row(row: Row) -> dict[str, Any]:
    return {
        "name": row.name,
        "short_name": row.short_name,
        "country": row.country,
        "portfolio": row.portfolio,
        "website": row.website,
    }


def _label(row: Row) -> dict[str, Any]:
    return {
        "row": row.number,
        "scheme": row.scheme,
        "level": row.level,
        "awarded": row.awarded.isoformat() if row.awarded else None,
        "valid_until": row.valid_until.isoformat(),
    }


def _matched(matched: Matched) -> dict[str, Any]:
    return {
        "cluster_id": matched.match.cluster.id,
        "matched_by": matched.match.how,
        "fuzzy": matched.match.fuzzy,
        "name_in_file": matched.row.name,
        **_label(matched.row),
    }
