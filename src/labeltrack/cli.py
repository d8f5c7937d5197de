"""The `labeltrack` command: parses options, calls the core, renders. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from labeltrack import __version__
from labeltrack import registry as registry_io
from labeltrack.errors import LabeltrackError
from labeltrack.expiry import Thresholds, current_statuses
from labeltrack.registry import DEFAULT_PATH
from labeltrack.render import OutputFormat, StatusReport, render_status

app = typer.Typer(
    name="labeltrack",
    help="Keep track of cluster organisations' quality labels and warn before they expire.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


RegistryOption = Annotated[
    Path,
    typer.Option(
        "--registry",
        "-r",
        envvar="LABELTRACK_REGISTRY",
        help="The registry file.",
        show_default=True,
    ),
]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        parser=_parse_date,
        metavar="YYYY-MM-DD",
        help="Grade labels as on this day instead of today.",
        show_default="today",
    ),
]


@contextmanager
def _reported() -> Iterator[None]:
    """Turn the core's errors into one message on stderr and the documented exit code."""
    try:
        yield
    except LabeltrackError as exc:
        print(exc.message, file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        print(f"labeltrack {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Keep track of cluster organisations' quality labels and warn before they expire."""


@app.command(short_help="Show every cluster's label and its state.")
def status(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    warn_days: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Warn at this many days left or fewer (overrides [settings]).",
            show_default="180 or [settings]",
        ),
    ] = None,
    critical_days: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Critical at this many days left or fewer (overrides [settings]).",
            show_default="30 or [settings]",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = OutputFormat.TABLE,
) -> None:
    """Show every cluster's current label and its state, most urgent first."""
    with _reported():
        loaded = registry_io.load(registry)
        thresholds = Thresholds.resolve(loaded.settings, warn_days, critical_days)
        day = as_of or date.today()
        report = StatusReport(day, thresholds, current_statuses(loaded, day, thresholds))
        render_status(report, output_format, sys.stdout)


@app.command(short_help="Validate the registry, for CI.")
def check(
    registry: RegistryOption = DEFAULT_PATH,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Validate the registry for CI: print every problem as PATH:LINE: severity: message,
    then a summary line. Exit 1 on errors (and on warnings with --strict)."""
    report = registry_io.check(registry)
    for problem in report.problems:
        print(report.format(problem))
    errors, warnings = len(report.errors), len(report.warnings)
    if report.registry is not None and not report.problems:
        clusters = report.registry.clusters
        labels = sum(len(cluster.labels) for cluster in clusters)
        print(f"{registry}: OK ({_count(len(clusters), 'cluster')}, {_count(labels, 'label')})")
    else:
        parts = [_count(n, word) for n, word in ((errors, "error"), (warnings, "warning")) if n]
        print(f"{registry}: {', '.join(parts)}")
    if errors or (strict and warnings):
        raise typer.Exit(1)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def main() -> None:
    """Console entry point: also ends quietly when the reader of a pipe goes away."""
    try:
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
