"""`labeltrack check`."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from labeltrack.check import FailOn
from labeltrack.cli import say
from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    AsOfOption,
    CriticalDaysOption,
    RegistryOption,
    WarnDaysOption,
    command_app,
    day,
    flag,
    reported,
)
from labeltrack.errors import LabeltrackError
from labeltrack.formats import CheckFormat

app = command_app()


@app.command("check", short_help="Validate the registry, for CI and monitoring.")
def check(
    registry: RegistryOption = DEFAULT_REGISTRY,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, github (workflow annotations), json, nagios (a monitoring plugin) or "
            "markdown.",
            show_default="github under GitHub Actions, else text",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            case_sensitive=False,
            help="Also fail when a current label is in this state or a worse one.",
        ),
    ] = None,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
) -> None:
    """Validate the registry for CI: print every problem as PATH:LINE: severity: message,
    then a summary line. Exit 1 on errors (and on warnings with --strict). With --format nagios,
    print one monitoring-plugin line and exit 0, 1, 2 or 3 (OK, WARNING, CRITICAL, UNKNOWN).
    Under GitHub Actions the problems also go to the job summary."""
    from labeltrack.check import check as judge

    github = os.environ.get("GITHUB_ACTIONS") == "true"
    chosen = output_format or (CheckFormat.GITHUB if github else CheckFormat.TEXT)
    try:
        result = judge(
            registry,
            day(as_of),
            warn_days=warn_days,
            critical_days=critical_days,
            fail_on=fail_on,
            strict=strict,
        )
    except LabeltrackError as exc:
        if chosen is not CheckFormat.NAGIOS:
            with reported():
                raise
        print(f"LABELTRACK UNKNOWN - {exc.worded(flag)}")
        raise typer.Exit(3) from None
    sys.stdout.write(chosen.render(result))
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if chosen is CheckFormat.GITHUB and step_summary:
        try:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(CheckFormat.MARKDOWN.render(result) + "\n")
        except OSError as exc:
            say(f"cannot write the job summary {step_summary}: {exc.strerror}")
    if chosen is CheckFormat.NAGIOS:
        raise typer.Exit(int(result.verdict.code))
    raise typer.Exit(result.exit_code)
