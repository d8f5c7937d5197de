"""`labeltrack import`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from labeltrack.cli import say
from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    FORMAT,
    DropCommentsOption,
    RegistryOption,
    command_app,
    day,
    edited,
    parse_date,
    reported,
)
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.formats import ImportFormat
from labeltrack.model import ECEI
from labeltrack.words import count

app = command_app()


@app.command("import", short_help="Reconcile a spreadsheet or published list with the registry.")
def import_(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A .csv (any delimiter; UTF-8 or Windows-1252), .xlsx or .html file holding a "
            "table of clusters and their labels.",
            show_default=False,
        ),
    ],
    registry: RegistryOption = DEFAULT_REGISTRY,
    country: Annotated[
        str | None,
        typer.Option(
            metavar="CC",
            help="The country of every row, for a one-country list without a country column.",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            metavar="LEVEL",
            help="The level of every row, for a one-level list without a level column.",
            show_default=False,
        ),
    ] = None,
    scheme: Annotated[
        str,
        typer.Option(metavar="SCHEME", help="The scheme of every row without a scheme column."),
    ] = ECEI,
    column: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FIELD=HEADING",
            help="Read FIELD (name, country, portfolio, website, level, awarded, valid_until, "
            "id, short_name, scheme) from the column headed HEADING; repeat for more.",
            show_default=False,
        ),
    ] = None,
    day_first: Annotated[
        bool,
        typer.Option(
            "--day-first", help="Read 05/06/2026 and 05.06.2026 as 5 June, not as ambiguous."
        ),
    ] = False,
    apply: Annotated[
        bool,
        typer.Option("--apply", help="Carry the plan out: write the new clusters and labels."),
    ] = False,
    update: Annotated[
        bool,
        typer.Option(
            "--update", help="With --apply, also change recorded dates that differ to the file's."
        ),
    ] = False,
    output_format: Annotated[ImportFormat, FORMAT] = ImportFormat.TEXT,
    as_of: Annotated[
        date | None,
        typer.Option(
            parser=parse_date,
            metavar="YYYY-MM-DD",
            help="The day whose valid labels the file is expected to list.",
            show_default="today",
        ),
    ] = None,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Read a table of clusters and their labels, match each row to the registry (by id, web
    site, name, or, marked as such, a similar name) and print the plan: new clusters, new
    labels, dates that differ from the registry, rows not understood, and the registry's labels
    of the same countries and levels the file does not list. Nothing is written without
    --apply, and a recorded date is changed only with --update."""
    from labeltrack import edit, reconcile, sources
    from labeltrack.countries import country_code
    from labeltrack.loading import load
    from labeltrack.model import Registry, validate

    with reported():
        chosen = _columns(column)
        code = None
        if country is not None:
            code = country_code(country)
            if code is None:
                raise UsageError(f"{country!r} is not a country labeltrack knows", param="country")
        if update and not apply:
            raise UsageError("{update} changes the registry: give it with {apply}",
                             mentions=("update", "apply"))  # fmt: skip
        options = reconcile.Options(
            as_of=day(as_of),
            country=code,
            level=level.lower() if level else None,
            scheme=scheme,
            columns=chosen,
            day_first=day_first,
        )
        table = sources.read(source)
        fresh = not registry.exists() and not registry.is_symlink()
        plan = reconcile.plan(table, Registry() if fresh else load(registry), options)
        if apply and plan.unread:
            rows = ", ".join(str(item.number) for item in plan.unread)
            raise LabeltrackError(
                f"{source}: {count(len(plan.unread), 'row')} could not be understood (row "
                f"{rows}; see them without --apply); fix or delete them and run again: nothing "
                "was written"
            )
        outcome = None
        if apply and (plan.new_clusters or plan.new_labels or (update and plan.differing)):

            def carry_out(data: edit.Data) -> edit.Change:
                """Plan again from the file as it is under the lock, and carry that out."""
                nonlocal plan
                plan = reconcile.plan(table, validate(data), options)
                return reconcile.apply_plan(data, plan, update=update)

            if fresh:
                say(f"{edit.init(registry).path}: created a new registry")
            try:
                outcome = edit.apply(registry, carry_out, drop_comments=drop_comments)
            except LabeltrackError:
                if fresh:  # leave no empty registry behind a refused import
                    registry.unlink(missing_ok=True)
                raise
        elif fresh:
            say(f"{registry} does not exist yet: --apply creates it")
    print(output_format.render(plan, applied=outcome is not None, update=update), end="")
    if outcome is not None:
        edited(outcome, dry_run=False)


def _columns(values: list[str] | None) -> dict[str, str]:
    chosen = {}
    for value in values or []:
        field, equals, heading = value.partition("=")
        if not equals or not field.strip() or not heading.strip():
            raise typer.BadParameter(
                f"{value!r} is not FIELD=HEADING, like name=Cluster", param_hint="'--column'"
            )
        chosen[field.strip()] = heading.strip()
    return chosen
