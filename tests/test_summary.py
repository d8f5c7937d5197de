"""`labeltrack summary`: counts as pure functions, and the three formats."""

from __future__ import annotations

import json
from datetime import date

import pytest

from labeltrack.summary import quarters

from .conftest import BIGINN, Invoke, WriteRegistry


def test_quarters_start_with_the_one_holding_the_day() -> None:
    assert quarters(date(2025, 11, 20)) == [
        ("2025-Q4", date(2025, 11, 20), date(2025, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ]
    assert quarters(date(2026, 1, 1), 1) == [("2026-Q1", date(2026, 1, 1), date(2026, 3, 31))]


MIXED = """
[scheme.key-national-cluster]
name = "Krajowy Klaster Kluczowy"
levels = ["key"]
validity_months = 36

[[cluster]]
id = "pl"
name = "Polski Klaster"
country = "PL"
portfolio = "ICT | <b>"

[[cluster.label]]
scheme = "key-national-cluster"
level = "key"
valid_until = 2026-02-15

[[cluster.label]]
level = "gold"
valid_until = 2025-10-01

[[cluster]]
id = "dk"
name = "Dansk"
country = "DK"

[[cluster.label]]
level = "silver"
valid_until = 2027-01-01

[[cluster]]
id = "none"
name = "No label"
country = "ES"
"""


def test_summary_json_counts_levels_states_countries_portfolios_quarters(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(MIXED)
    result = invoke("summary", "-r", path, "--as-of", "2025-11-20", "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["headline"] == (
        "0 BRONZE, 1 SILVER, 0 GOLD, 1 KEY (Krajowy Klaster Kluczowy) held in 2 countries; "
        "1 expired"
    )
    assert (document["labels"], document["clusters"], document["unlabelled"]) == (3, 3, 1)
    by_level = {(row["scheme"], row["level"]): row for row in document["by_level"]}
    assert list(by_level) == [
        ("ECEI", "bronze"),
        ("ECEI", "silver"),
        ("ECEI", "gold"),
        ("key-national-cluster", "key"),
    ]
    assert by_level[("ECEI", "gold")]["expired"] == 1
    assert by_level[("key-national-cluster", "key")]["warning"] == 1
    assert by_level[("ECEI", "silver")]["ok"] == 1
    assert document["by_country"] == [  # the expired GOLD is not held
        {"country": "DK", "name": "Denmark", "held": 1},
        {"country": "PL", "name": "Poland", "held": 1},
    ]
    assert document["by_portfolio"] == [
        {"portfolio": "ICT | <b>", "held": 1},
        {"portfolio": "—", "held": 1},
    ]
    assert [q["labels"] for q in document["expiring_by_quarter"]] == [0, 1, 0, 0]


def test_summary_takes_the_filters_of_status(invoke: Invoke) -> None:
    result = invoke("summary", "-r", BIGINN, "--as-of", "2025-06-01", "-f", "json",
                    "--country", "DK,LT")  # fmt: skip
    document = json.loads(result.stdout)
    assert document["headline"] == "2 BRONZE, 0 SILVER, 0 GOLD held in 2 countries"


def test_summary_markdown_escapes_registry_text(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(MIXED)
    text = invoke("summary", "-r", path, "--as-of", "2025-11-20", "-f", "markdown").stdout
    assert "| ICT \\| &lt;b&gt; | 1 |" in text
    assert "### Expiring by quarter" in text


def test_summary_table_headline(invoke: Invoke) -> None:
    result = invoke("summary", "-r", BIGINN, "--as-of", "2025-06-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == (
        "As of 2025-06-01: 3 BRONZE, 0 SILVER, 0 GOLD held in 3 countries. 3 current labels of "
        "3 clusters."
    )


@pytest.mark.parametrize(
    ("as_of", "held", "expired", "lapsed"),
    [
        ("2026-05-31", 1, 0, 0),  # its last day: still held
        ("2026-06-01", 0, 1, 0),  # the day after: expired, renewable
        ("2027-05-31", 0, 1, 0),  # the last day it can be renewed
        ("2027-06-01", 0, 0, 1),  # lapsed
    ],
)
def test_a_level_is_held_only_while_the_label_is_valid(
    invoke: Invoke, write_registry: WriteRegistry, as_of: str, held: int, expired: int, lapsed: int
) -> None:
    path = write_registry(
        '[[cluster]]\nid = "a"\nname = "A"\ncountry = "LT"\n\n'
        '[[cluster.label]]\nlevel = "gold"\nvalid_until = 2026-05-31\n'
    )
    document = json.loads(invoke("summary", "-r", path, "--as-of", as_of, "-f", "json").stdout)
    gold = next(row for row in document["by_level"] if row["level"] == "gold")
    assert (gold["held"], gold["expired"], gold["lapsed"]) == (held, expired, lapsed)
    assert document["headline"].startswith(f"0 BRONZE, 0 SILVER, {held} GOLD held in ")
    assert sum(row["held"] for row in document["by_country"]) == held
