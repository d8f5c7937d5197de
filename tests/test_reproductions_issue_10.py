"""The reproductions of the label-history issue, each as a user would run it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from .conftest import BIGINN, Invoke, WriteRegistry


@pytest.fixture
def fresh(invoke: Invoke, tmp_path: Path) -> Path:
    path = tmp_path / "clusters.toml"
    assert invoke("init", "-r", path).exit_code == 0
    added = invoke("add", "mi", "-r", path, "--name", "Mi Cluster", "--country", "DK")
    assert added.exit_code == 0, added.stderr
    return path


def _labels(path: Path) -> list[dict]:  # type: ignore[type-arg]
    with path.open("rb") as handle:
        return list(tomllib.load(handle)["cluster"][0].get("label", []))


def test_a_silver_awarded_long_before_a_bronze_is_a_first_silver(
    invoke: Invoke, fresh: Path
) -> None:
    bronze = invoke("award", "mi", "-r", fresh, "--level", "bronze", "--awarded", "2025-11-30")
    assert bronze.exit_code == 0, bronze.stderr
    silver = invoke("award", "mi", "-r", fresh, "--level", "silver", "--awarded", "2020-06-01")
    assert silver.exit_code == 0, silver.stderr
    assert "valid until 2022-06-01" in silver.stderr
    assert "renewal" not in silver.stderr
    before = fresh.read_bytes()
    again = invoke("award", "mi", "-r", fresh, "--level", "silver", "--awarded", "2020-06-01")
    assert again.exit_code == 1
    assert "already recorded" in again.stderr
    assert fresh.read_bytes() == before
    assert invoke("check", "-r", fresh).exit_code == 0
    card = invoke("show", "mi", "-r", fresh, "--as-of", "2026-11-29").stdout
    assert "2033" not in card
    assert "2558" not in card


def test_the_same_award_twice_is_refused(invoke: Invoke, fresh: Path) -> None:
    first = invoke("award", "mi", "-r", fresh, "--level", "bronze", "--valid-until", "2027-01-31")
    assert first.exit_code == 0, first.stderr
    before = fresh.read_bytes()
    second = invoke("award", "mi", "-r", fresh, "--level", "bronze", "--valid-until", "2027-01-31")
    assert second.exit_code == 1
    assert fresh.read_bytes() == before
    assert len(_labels(fresh)) == 1


def test_check_finds_the_same_label_recorded_twice(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        """
        [[cluster]]
        id = "mi"
        name = "Mi"
        country = "DK"

        [[cluster.label]]
        level = "bronze"
        valid_until = 2027-01-31

        [[cluster.label]]
        level = "bronze"
        valid_until = 2027-01-31
        """
    )
    result = invoke("check", "-r", path)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:12: error: ")
    assert "line 8" in result.stdout


def test_litek_renewal_is_seamless_on_the_card_and_timeline(invoke: Invoke) -> None:
    card = invoke("show", "litek", "-r", BIGINN, "--as-of", "2026-04-01").stdout
    assert "no label" not in card
    assert "gap" not in card
    assert "2024-06-01" not in card
    assert "2023-06-01 " in card
    assert "2023-06-01 (est.)" not in card
    chart = invoke("timeline", "-r", BIGINN, "--as-of", "2025-11-20", "--from", "2023-01-01",
                   "--to", "2026-12-31", env={"COLUMNS": "130"}).stdout  # fmt: skip
    litek = next(line for line in chart.splitlines() if line.startswith("LITEK"))
    bar = litek[29:].strip()
    assert " " not in bar.split("B", 1)[1].rsplit("b", 1)[0]  # no gap inside the run


LAPSED_AND_CRITICAL = """
[[cluster]]
id = "old"
name = "Aaa old"
country = "DK"

[[cluster.label]]
level = "gold"
valid_until = 2023-08-01

[[cluster]]
id = "soon"
name = "Zzz soon"
country = "DK"

[[cluster.label]]
level = "bronze"
valid_until = 2026-10-12
"""


def test_a_lapsed_label_sorts_below_a_critical_one_and_outside_within(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(LAPSED_AND_CRITICAL)
    result = invoke("status", "-r", path, "--as-of", "2026-09-29", "-f", "json")
    ids = [label["cluster_id"] for label in json.loads(result.stdout)["labels"]]
    assert ids == ["soon", "old"]
    within = invoke("status", "-r", path, "--as-of", "2026-09-29", "-f", "json", "--within", "60")
    assert [label["cluster_id"] for label in json.loads(within.stdout)["labels"]] == ["soon"]


def test_summary_counts_only_valid_labels_as_held(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(LAPSED_AND_CRITICAL)
    document = json.loads(
        invoke("summary", "-r", path, "--as-of", "2026-09-29", "-f", "json").stdout
    )
    assert document["headline"].startswith("1 BRONZE, 0 SILVER, 0 GOLD held")


def test_history_calls_a_renewed_label_renewed(invoke: Invoke) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2025-11-20", "--history", "-f", "json")
    litek = [
        label for label in json.loads(result.stdout)["labels"] if label["cluster_id"] == "litek"
    ]
    assert [label["state"] for label in litek] == ["renewed", "ok"]


def test_show_says_one_day_not_one_days(invoke: Invoke) -> None:
    left = invoke("show", "litek", "-r", BIGINN, "--as-of", "2026-05-30").stdout
    assert "1 day left" in left
    assert "1 days" not in left
    ended = invoke("show", "litek", "-r", BIGINN, "--as-of", "2026-06-01").stdout
    assert "1 day ago" in ended
    assert "1 days" not in ended
