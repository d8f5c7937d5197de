"""The registry the repository ships (data/clusters.toml): the other tests use a frozen copy, so
this is where the shipped file itself is held to account."""

from __future__ import annotations

from datetime import date

from labeltrack import loading
from labeltrack.edit import check_format
from labeltrack.history import histories

from .conftest import REPO

SHIPPED = REPO / "data" / "clusters.toml"
SCHEMA_FILE = REPO / "schema" / "clusters.schema.json"


def test_the_shipped_registry_loads_and_checks_clean() -> None:
    report = loading.check(SHIPPED)
    assert report.problems == []
    assert report.registry is not None
    assert [cluster.id for cluster in report.registry.clusters] == [
        "bigscience-dk",
        "ineustar",
        "litek",
    ]


def test_the_shipped_registry_is_in_the_canonical_layout() -> None:
    assert not check_format(SHIPPED).changed


def test_the_shipped_registry_points_editors_at_the_schema() -> None:
    first = SHIPPED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ../schema/clusters.schema.json"
    assert (SHIPPED.parent / "../schema/clusters.schema.json").resolve() == SCHEMA_FILE


def test_litek_holds_one_continuous_bronze_run() -> None:
    registry = loading.load(SHIPPED)
    litek = next(cluster for cluster in registry.clusters if cluster.id == "litek")
    (ecei,) = histories(litek, registry.scheme)
    earlier, renewal = ecei.periods
    assert renewal.renews == earlier.label
    assert (earlier.end, renewal.start, renewal.end) == (
        date(2023, 5, 31),
        date(2023, 6, 1),
        date(2026, 5, 31),
    )
