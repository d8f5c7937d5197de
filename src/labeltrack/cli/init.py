"""`labeltrack init`."""

from __future__ import annotations

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    DryRunOption,
    RegistryOption,
    command_app,
    edited,
    reported,
)

app = command_app()


@app.command("init", short_help="Create a new registry file.")
def init(registry: RegistryOption = DEFAULT_REGISTRY, dry_run: DryRunOption = False) -> None:
    """Create a new registry (and its folders) that labeltrack check accepts. Never overwrites."""
    from labeltrack import edit

    with reported():
        outcome = edit.init(registry, dry_run=dry_run)
    edited(outcome, dry_run)
