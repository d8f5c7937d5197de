"""`labeltrack schema`."""

from __future__ import annotations

from labeltrack.cli.common import command_app

app = command_app()


@app.command("schema", short_help="Print the registry's JSON Schema.")
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the registry file, for editors with a TOML
    language server (Taplo, Even Better TOML) and other tools."""
    import json

    from labeltrack.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
