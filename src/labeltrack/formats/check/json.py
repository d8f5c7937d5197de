"""One JSON document: every problem, and a summary."""

from __future__ import annotations

import json

from labeltrack.check import CheckResult


def format(result: CheckResult) -> str:
    registry = result.report.registry
    document = {
        "file": str(result.path),
        "errors": [
            {"line": p.line, "message": p.message, "severity": p.severity.value}
            for p in result.problems
        ],
        "summary": {
            "passed": registry is not None and result.errors == 0,
            "errors": result.errors,
            "warnings": len(result.problems) - result.errors,
            "clusters": len(registry.clusters) if registry else None,
            "labels": sum(len(c.labels) for c in registry.clusters) if registry else None,
            "text": result.totals,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
