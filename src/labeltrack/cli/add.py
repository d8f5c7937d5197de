"""`labeltrack add`."""

from __future__ import annotations

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

app = command_app()


@app.command("add", short_help="Add a cluster.")
def add(
    name: Annotated[
        str, typer.Option(metavar="TEXT", help="Full name of the cluster organisation.")
    ],
    country: Annotated[
        str, typer.Option(metavar="CC", help="ISO 3166-1 alpha-2 code (DK, ES, LT; EL, UK).")
    ],
    cluster_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Lowercase letters, digits and hyphens; made from the short name or name "
            "if left out.",
            show_default=False,
        ),
    ] = None,
    short_name: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Short name or acronym.")
    ] = None,
    portfolio: Annotated[
        str | None, typer.Option(metavar="TEXT", help="ESCA comparative portfolio.")
    ] = None,
    website: Annotated[
        str | None, typer.Option(metavar="URL", help="Web site, an http(s) address.")
    ] = None,
    contact: Annotated[
        list[str] | None,
        typer.Option(metavar="ADDRESS", help="Contact e-mail address; repeat for more."),
    ] = None,
    notify_tag: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TAG",
            help="Tag of the notify destinations that get this cluster's warnings with "
            "notify --per-cluster; repeat for more.",
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(metavar="TEXT", help="Free text.")] = None,
    registry: RegistryOption = DEFAULT_REGISTRY,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Add a cluster to the registry."""
    from labeltrack import edit

    values = {
        "name": name,
        "short_name": short_name,
        "country": country,
        "portfolio": portfolio,
        "website": website,
        "contacts": contact or None,
        "notify": notify_tag or None,
        "notes": notes,
    }
    with reported():
        outcome = edit.apply(
            registry,
            lambda data: edit.add_cluster(data, cluster_id, values),
            dry_run=dry_run,
            drop_comments=drop_comments,
        )
    edited(outcome, dry_run)
