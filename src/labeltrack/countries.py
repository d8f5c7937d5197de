"""Country codes: ISO 3166-1 alpha-2 from pycountry's database, plus the EU's own EL and UK.

The database is read straight from pycountry's package folder: importing pycountry itself costs
more start-up time than every other part of ``labeltrack status`` put together, and we need
only the codes and names. If its layout ever changes, we fall back to pycountry's API.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.util import find_spec
from pathlib import Path

#: Codes EU documents use instead of the ISO ones (Greece, the United Kingdom).
EU_ALIASES = {"EL": "GR", "UK": "GB"}


@cache
def _names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the English name people know the country by."""
    spec = find_spec("pycountry")
    for folder in (spec and spec.submodule_search_locations) or []:
        database = Path(folder) / "databases" / "iso3166-1.json"
        if database.is_file():
            entries = json.loads(database.read_text(encoding="utf-8"))["3166-1"]
            return {e["alpha_2"]: e.get("common_name") or e["name"] for e in entries}
    import pycountry

    return {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}


def iso_code(code: str) -> str:
    """The ISO 3166-1 code a registry code stands for (EL -> GR, UK -> GB)."""
    return EU_ALIASES.get(code, code)


def country_name(code: str) -> str | None:
    """The English name of a registry country code, or None for a code that is not a country."""
    return _names().get(iso_code(code))


def codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return list(_names())
