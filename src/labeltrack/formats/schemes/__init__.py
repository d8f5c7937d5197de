"""The schemes `labeltrack schemes` lists, in words shared by its formats."""

from __future__ import annotations

from labeltrack.catalogue import SchemeEntry
from labeltrack.countries import country_name
from labeltrack.model import ECEI
from labeltrack.words import count, span


def rules(entry: SchemeEntry) -> list[tuple[str, str]]:
    """Each scheme's facts as (name, words) pairs, in the order people read them."""
    scheme = entry.scheme
    renewal = scheme.renewal_months or scheme.validity_months
    country = (
        f"{country_name(scheme.country) or scheme.country} ({scheme.country})"
        if scheme.country
        else "—"
    )
    return [
        ("levels", ", ".join(scheme.levels)),
        ("country", country if entry.id != ECEI else "Europe"),
        ("valid", f"{span(scheme.validity_months)} from the award"),
        ("renewed", f"{span(renewal)} from the end of the previous label"),
        (
            "grace",
            f"renewable {count(scheme.grace_days, 'day')} after expiry"
            if scheme.grace_days
            else "none: it lapses when it ends",
        ),
        (
            "lead",
            f"renewal work starts {count(scheme.lead_days, 'day')} before expiry"
            if scheme.lead_days
            else "—",
        ),
        ("issuer", scheme.issuer or "—"),
        ("source", scheme.source or "—"),
        ("notes", scheme.notes or "—"),
        ("origin", entry.origin),
        ("labels", str(entry.labels)),
    ]
