"""The registry's JSON Schema: up to date in the repository, and agreeing with `check`."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from labeltrack.model import json_schema

from .conftest import BIGINN, REPO, Invoke

SCHEMA_FILE = REPO / "schema" / "clusters.schema.json"


def test_the_committed_schema_is_up_to_date(invoke: Invoke) -> None:
    printed = invoke("schema")
    assert printed.exit_code == 0
    assert printed.stdout == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schema/clusters.schema.json is stale: run `uv run labeltrack schema > "
        "schema/clusters.schema.json`"
    )


def _as_json(value: Any) -> Any:
    """TOML data as a TOML language server hands it to a JSON Schema validator."""
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_every_field_has_a_description() -> None:
    def walk(node: Any, path: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, child in node.get("properties", {}).items():
                if "description" not in child:
                    missing.append(f"{path}.{name}")
                missing += walk(child, f"{path}.{name}")
            if "items" in node:
                missing += walk(node["items"], f"{path}[]")
        return missing

    assert walk(json_schema(), "registry") == []


def test_the_bundled_registry_is_valid() -> None:
    with BIGINN.open("rb") as handle:
        data = _as_json(tomllib.load(handle))
    assert list(_validator().iter_errors(data)) == []


GOOD = {"id": "a", "name": "A", "country": "DK"}


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"cluster": [{**GOOD, "mascot": "owl"}]}, "cluster/0"),
        ({"cluster": [{"id": "a", "country": "DK"}]}, "cluster/0"),
        ({"cluster": [{**GOOD, "id": "Not_An_Id"}]}, "cluster/0/id"),
        ({"cluster": [{**GOOD, "country": "XX"}]}, "cluster/0/country"),
        ({"cluster": [{**GOOD, "contacts": ["a,b@example.org"]}]}, "cluster/0/contacts/0"),
        ({"cluster": [{**GOOD, "website": "ftp://example.org"}]}, "cluster/0/website"),
        ({"cluster": [{**GOOD, "label": [{"level": "platinum", "valid_until": "2026-01-01"}]}]},
         "cluster/0/label/0/level"),
        ({"cluster": [{**GOOD, "label": [{"level": "gold", "valid_until": "2026-13-01"}]}]},
         "cluster/0/label/0/valid_until"),
        ({"settings": {"warn_days": -1}}, "settings/warn_days"),
        ({"settings": {"notify_days": []}}, "settings/notify_days"),
    ],
)  # fmt: skip
def test_bad_registries_are_rejected(data: dict[str, Any], where: str) -> None:
    errors = list(_validator().iter_errors(data))
    assert errors
    assert "/".join(str(part) for part in errors[0].absolute_path) == where


BEYOND_A_SCHEMA = """\
[settings]
warn_days = 60
critical_days = 90

[scheme.national]
name = "National label"
levels = ["a", "b"]
validity_months = 36

[[cluster]]
id = "one"
name = "One"
country = "DK"

[[cluster.label]]
scheme = "nationl"
level = "a"
valid_until = 2026-05-31

[[cluster.label]]
scheme = "national"
level = "c"
valid_until = 2026-05-31

[[cluster.label]]
level = "bronze"
awarded = 2027-01-01
valid_until = 2026-05-31

[[cluster]]
id = "one"
name = "Two"
country = "DK"

[[cluster.label]]
level = "bronze"
valid_until = "2026-05-31"
"""


def _check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA_FILE)]
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=120)


def test_check_jsonschema_accepts_the_registries_and_catches_what_a_schema_can() -> None:
    good = _check_jsonschema(REPO / "data" / "clusters.toml", BIGINN)
    assert good.returncode == 0, good.stdout
    bad = _check_jsonschema(REPO / "docs" / "example.toml")
    assert bad.returncode == 1
    assert "$.cluster[0].country: 'lt' is not one of" in bad.stdout
    assert "('valid_untill' was unexpected)" in bad.stdout


def test_the_rules_only_check_judges_pass_the_schema(invoke: Invoke, tmp_path: Path) -> None:
    """The table in docs/registry.md: each rule here passes a real JSON Schema validator, so
    `check` is the one that must report it."""
    registry = tmp_path / "clusters.toml"
    registry.write_text(BEYOND_A_SCHEMA, encoding="utf-8")
    assert _check_jsonschema(registry).returncode == 0
    result = invoke("check", "-r", registry, "--as-of", "2025-06-01")
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in result.stdout.splitlines()[:-1]] == [
        f"{registry}:{line}" for line in (3, 16, 22, 28, 31, 37)
    ]
    assert "a labeltrack registry" in json_schema()["description"].lower()
    assert "run `labeltrack check`" in json_schema()["description"]
