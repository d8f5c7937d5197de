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

from labeltrack.words import fold

#: Codes EU documents use instead of the ISO ones (Greece, the United Kingdom).
EU_ALIASES = {"EL": "GR", "UK": "GB"}


@cache
def _entries() -> list[dict[str, str]]:
    """pycountry's ISO 3166-1 records: alpha_2, alpha_3, name, common_name, official_name."""
    spec = find_spec("pycountry")
    for folder in (spec and spec.submodule_search_locations) or []:
        database = Path(folder) / "databases" / "iso3166-1.json"
        if database.is_file():
            entries: list[dict[str, str]] = json.loads(database.read_text(encoding="utf-8"))[
                "3166-1"
            ]
            return entries
    import pycountry

    return [dict(country._fields) for country in pycountry.countries]


@cache
def _names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> the English name people know the country by."""
    return {e["alpha_2"]: e.get("common_name") or e["name"] for e in _entries()}


#: Names in use that ISO spells otherwise.
_ALSO_CALLED = {
    "czech republic": "CZ",
    "turkey": "TR",
    "holland": "NL",
    "the netherlands": "NL",
    "great britain": "GB",
    "russia": "RU",
    "macedonia": "MK",
    "moldova": "MD",
}


@cache
def _by_name() -> dict[str, str]:
    found = dict(_ALSO_CALLED)
    for entry in _entries():
        for key in ("alpha_3", "name", "common_name", "official_name"):
            if entry.get(key):
                found.setdefault(fold(entry[key]), entry["alpha_2"])
    return found


def country_code(text: str) -> str | None:
    """The registry code for a country written as a code (DK, EL, UK, DNK) or by its English
    name (Denmark, Czech Republic, Korea, Republic of), or None."""
    stripped = text.strip()
    if stripped.upper() in EU_ALIASES or stripped.upper() in _names():
        return stripped.upper()
    return _by_name().get(fold(stripped))


def iso_code(code: str) -> str:
    """The ISO 3166-1 code a registry code stands for (EL -> GR, UK -> GB)."""
    return EU_ALIASES.get(code, code)


def country_name(code: str) -> str | None:
    """The English name of a registry country code, or None for a code that is not a country."""
    return _names().get(iso_code(code))


def codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return list(_names())
