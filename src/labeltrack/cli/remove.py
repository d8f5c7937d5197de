"""`labeltrack remove`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    DropCommentsOption,
    DryRunOption,
    RegistryOption,
    command_app,
    edited,
    reported,
)
from labeltrack.errors import LabeltrackError, UsageError

app = command_app()


@app.command("remove", short_help="Remove a cluster.")
def remove(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; required when not on a terminal.")
    ] = False,
    registry: RegistryOption = DEFAULT_REGISTRY,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Remove a cluster and its labels. Asks first on a terminal; otherwise needs --yes."""
    from labeltrack import edit

    def change(data: edit.Data) -> edit.Change:
        return edit.remove_cluster(data, cluster_id)

    with reported():
        if not (yes or dry_run):
            planned = edit.apply(registry, change, dry_run=True, drop_comments=drop_comments)
            if not sys.stdin.isatty():
                raise UsageError(
                    f"not removing {planned.change.what} without confirmation: "
                    "pass --yes when not on a terminal"
                )
            question = f"labeltrack: {registry}: remove {planned.change.what}?"
            if not typer.confirm(question, default=False, err=True):
                raise LabeltrackError(f"{registry}: nothing removed")
        outcome = edit.apply(registry, change, dry_run=dry_run, drop_comments=drop_comments)
    edited(outcome, dry_run)
