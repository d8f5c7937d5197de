"""One JSON document: each scheme's rules in numbers, for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from labeltrack.catalogue import SchemeEntry
from labeltrack.formats import Screen


def _record(entry: SchemeEntry) -> dict[str, Any]:
    scheme = entry.scheme
    return {
        "id": entry.id,
        "name": scheme.name,
        "levels": list(scheme.levels),
        "country": scheme.country,
        "validity_months": scheme.validity_months,
        "renewal_months": scheme.renewal_months or scheme.validity_months,
        "grace_days": scheme.grace_days,
        "lead_days": scheme.lead_days,
        "issuer": scheme.issuer,
        "source": scheme.source,
        "notes": scheme.notes,
        "origin": entry.origin,
        "labels": entry.labels,
    }


def format(entries: Sequence[SchemeEntry], screen: Screen) -> str:
    document = {"schemes": [_record(entry) for entry in entries]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
