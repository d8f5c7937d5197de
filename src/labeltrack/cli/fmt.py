"""`labeltrack fmt`."""

from __future__ import annotations

from typing import Annotated

import typer

from labeltrack.cli import say
from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    DropCommentsOption,
    DryRunOption,
    RegistryOption,
    command_app,
    edited,
    reported,
)

app = command_app()


@app.command("fmt", short_help="Rewrite the registry in the canonical layout.")
def fmt(
    registry: RegistryOption = DEFAULT_REGISTRY,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Change nothing; exit 1 if the file is not canonical."),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show what would change; write nothing.")
    ] = False,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Rewrite the registry in labeltrack's canonical layout: [settings] first, clusters in file
    order, keys in a fixed order, labels by valid_until, a blank line between tables."""
    from labeltrack import edit

    with reported():
        if check_only:
            outcome = edit.check_format(registry)
            if diff:
                print(outcome.diff(), end="")
            if outcome.changed:
                say(f"{registry}: not in the canonical layout; run labeltrack fmt -r {registry}")
                raise typer.Exit(1)
            say(f"{registry}: already in the canonical layout")
            return
        preview = diff or dry_run
        outcome = edit.apply(registry, edit.reformat, dry_run=preview, drop_comments=drop_comments)
    edited(outcome, preview)
