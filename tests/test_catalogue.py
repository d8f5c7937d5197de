"""The built-in catalogue of label schemes and `labeltrack schemes`."""

from __future__ import annotations

import json
from pathlib import Path

from labeltrack.catalogue import catalogue
from labeltrack.loading import load
from labeltrack.model import BUILT_IN_SCHEMES

from .conftest import BIGINN, Invoke, WriteRegistry


def test_every_national_scheme_of_the_product_notes_is_built_in_with_its_facts() -> None:
    assert {scheme_id: scheme.country for scheme_id, scheme in BUILT_IN_SCHEMES.items()} == {
        "pole": "FR",
        "go-cluster": "DE",
        "kkk": "PL",
        "aei": "ES",
        "hu-accredited": "HU",
        "arena": "NO",
        "arena-pro": "NO",
        "gce": "NO",
        "dk-national": "DK",
    }
    months = {scheme_id: scheme.validity_months for scheme_id, scheme in BUILT_IN_SCHEMES.items()}
    assert months == {"pole": 48, "go-cluster": 24, "kkk": 36, "aei": 48, "hu-accredited": 24,
                      "arena": 36, "arena-pro": 60, "gce": 120, "dk-national": 48}  # fmt: skip
    assert BUILT_IN_SCHEMES["arena"].renewal_months == 24  # 3 (+2) years
    assert all(scheme.issuer and scheme.source for scheme in BUILT_IN_SCHEMES.values())


def test_a_registry_table_overrides_a_built_in_scheme_and_adds_others(
    write_registry: WriteRegistry,
) -> None:
    path = write_registry(
        '[scheme.kkk]\nname = "KKK, our reading"\nlevels = ["key"]\nvalidity_months = 24\n\n'
        '[scheme.iso9001]\nname = "ISO 9001"\nlevels = ["certified"]\nvalidity_months = 36\n\n'
        '[[cluster]]\nid = "a"\nname = "A"\ncountry = "PL"\n'
        'label = [{scheme = "kkk", level = "key", valid_until = 2027-01-01},\n'
        '         {scheme = "pole", level = "pole", valid_until = 2027-01-01}]\n'
    )
    entries = {entry.id: entry for entry in catalogue(load(path))}
    assert next(iter(entries)) == "ECEI"
    assert list(entries)[-1] == "iso9001"
    assert (entries["kkk"].origin, entries["kkk"].scheme.validity_months) == (
        "registry, over the built-in one", 24
    )  # fmt: skip
    assert (entries["pole"].origin, entries["pole"].labels) == ("built in", 1)
    assert (entries["iso9001"].origin, entries["iso9001"].labels) == ("registry", 0)


def test_schemes_lists_them_as_json_and_on_any_screen(invoke: Invoke, tmp_path: Path) -> None:
    document = json.loads(invoke("schemes", "-r", BIGINN, "-f", "json").stdout)
    ecei = document["schemes"][0]
    assert ecei["id"] == "ECEI"
    assert ecei["labels"] == 4
    assert ecei["issuer"].startswith("EUCLES")
    assert "ESCA" in ecei["issuer"]
    assert [s["id"] for s in document["schemes"]][1:] == list(BUILT_IN_SCHEMES)
    missing = invoke("schemes", "-r", tmp_path / "none.toml", "-f", "json")
    assert missing.exit_code == 0
    assert json.loads(missing.stdout)["schemes"][0]["labels"] == 0
    for width in ("60", "100", "250"):
        shown = invoke("schemes", "-r", BIGINN, env={"COLUMNS": width}).stdout
        assert max(len(line) for line in shown.splitlines()) <= int(width)
        assert "Krajowy Klaster Kluczowy" in shown
        assert "competitivite.gouv.fr" in shown


def test_award_uses_a_built_in_scheme_without_a_declaration(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry('[[cluster]]\nid = "pole-mer"\nname = "Pôle Mer"\ncountry = "FR"\n')
    result = invoke("award", "pole-mer", "--scheme", "pole", "--awarded", "2023-01-10", "-r", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"labeltrack: {path}: recorded a POLE label for 'pole-mer', valid until 2027-01-10 (a "
        "first POLE (pole) label runs four years from the award)\n"
    )
    assert invoke("check", "-r", path).exit_code == 0
    two_levels = invoke("award", "pole-mer", "--awarded", "2023-01-10", "-r", path)
    assert (two_levels.exit_code, two_levels.stderr) == (
        2, "labeltrack: give --level: ECEI has the levels bronze, silver, gold\n"
    )  # fmt: skip
