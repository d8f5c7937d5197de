"""`labeltrack schemes`: every labelling scheme a registry can use, and where each comes from."""

from __future__ import annotations

from dataclasses import dataclass

from labeltrack.model import BUILT_IN_SCHEMES, ECEI, ECEI_SCHEME, Registry, Scheme


@dataclass(frozen=True)
class SchemeEntry:
    id: str
    scheme: Scheme
    #: "built in", "registry", or "registry, over the built-in one"
    origin: str
    #: How many labels of the registry use it (0 without a registry).
    labels: int


def catalogue(registry: Registry | None) -> list[SchemeEntry]:
    """ECEI, then the built-in national schemes, then those only the registry declares; a
    registry's [scheme.ID] table takes the place of the built-in scheme of that id."""
    declared = registry.schemes if registry else {}
    used: dict[str, int] = {}
    for cluster in registry.clusters if registry else ():
        for label in cluster.labels:
            used[label.scheme] = used.get(label.scheme, 0) + 1
    entries = [SchemeEntry(ECEI, ECEI_SCHEME, "built in", used.get(ECEI, 0))]
    for scheme_id, scheme in BUILT_IN_SCHEMES.items():
        if scheme_id in declared:
            origin, scheme = "registry, over the built-in one", declared[scheme_id]
        else:
            origin = "built in"
        entries.append(SchemeEntry(scheme_id, scheme, origin, used.get(scheme_id, 0)))
    entries += [
        SchemeEntry(scheme_id, scheme, "registry", used.get(scheme_id, 0))
        for scheme_id, scheme in declared.items()
        if scheme_id not in BUILT_IN_SCHEMES
    ]
    return entries
