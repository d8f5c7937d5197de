"""What the commands share: option types defined once, turning parameter names into flags,
errors into messages and exit codes, and writing text to the screen or to a file."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from labeltrack.cli import say
from labeltrack.errors import LabeltrackError
from labeltrack.formats import Screen
from labeltrack.model import FIRST_DAY, LAST_DAY, MAX_DAYS
from labeltrack.select import Selection

if TYPE_CHECKING:
    from labeltrack.edit import EditResult

T = TypeVar("T")

DEFAULT_REGISTRY = Path("data/clusters.toml")


def parse_date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise typer.BadParameter(f"{value} is not between {FIRST_DAY} and {LAST_DAY}")
    return day


RegistryOption = Annotated[
    Path,
    typer.Option(
        "--registry",
        "-r",
        metavar="PATH",
        envvar="LABELTRACK_REGISTRY",
        help="The registry file.",
        show_default=True,
    ),
]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        parser=parse_date,
        metavar="YYYY-MM-DD",
        help="Grade labels as on this day instead of today.",
        show_default="today",
    ),
]
WarnDaysOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=MAX_DAYS,
        metavar="DAYS",
        help="Warn at this many days left or fewer (overrides [settings]).",
        show_default="180 or [settings]",
    ),
]
CriticalDaysOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=MAX_DAYS,
        metavar="DAYS",
        help="Critical at this many days left or fewer (overrides [settings]).",
        show_default="30 or [settings]",
    ),
]
#: ``--format``, the same option for every report; each command gives its own enum of formats.
FORMAT = typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of standard output.",
    ),
]
StateOption = Annotated[
    str | None,
    typer.Option(
        metavar="STATE,...",
        help="Only labels in these states: expired, critical, warning, ok, lapsed, unlabelled "
        "(and renewed, with --history).",
    ),
]
CountryOption = Annotated[
    str | None, typer.Option(metavar="CC,...", help="Only clusters in these countries.")
]
LevelOption = Annotated[
    str | None, typer.Option(metavar="LEVEL,...", help="Only labels of these levels.")
]
PortfolioOption = Annotated[
    str | None,
    typer.Option(metavar="TEXT", help="Only clusters whose portfolio contains TEXT (any case)."),
]
WithinOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=MAX_DAYS,
        metavar="DAYS",
        help="Only labels ending within DAYS days, or expired and still renewable (never "
        "lapsed ones).",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the change as a diff; write nothing.")
]
DropCommentsOption = Annotated[
    bool,
    typer.Option(
        "--drop-comments",
        help="Accept losing comments below the top comment block (they cannot be kept).",
    ),
]


def today() -> date:
    """The one place the clock is read."""
    return date.today()


def day(as_of: date | None) -> date:
    """The day a command grades labels on: ``--as-of``, or today."""
    return as_of or today()


def split(values: list[str] | str | None, separators: str = ",") -> list[str]:
    """Items given by repeating an option, separating them with ``separators`` (a regular
    expression: commas unless said otherwise), or both."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    return [part.strip() for item in items for part in re.split(separators, item) if part.strip()]


def parse_days(value: str | None, option: str) -> tuple[int, ...] | None:
    """``180,90,30,7,0``: whole numbers of days, 0 or more."""
    if value is None:
        return None
    parts = split(value)
    if not parts or not all(part.isdigit() and int(part) <= MAX_DAYS for part in parts):
        raise typer.BadParameter(
            f"{value!r} is not a list of days from 0 to {MAX_DAYS}; write it like 180,90,30,7,0",
            param_hint=f"'{option}'",
        )
    return tuple(int(part) for part in parts)


#: Parameters whose command-line name is not ``--`` and the parameter's name with hyphens.
_FLAGS = {"cluster_id": "ID", "sender": "--from", "start": "--from", "end": "--to"}


def flag(param: str) -> str:
    """How the command line names the core's parameter ``param``: ``valid_until`` is
    ``--valid-until``."""
    return _FLAGS.get(param) or f"--{param.replace('_', '-')}"


@contextmanager
def reported() -> Iterator[None]:
    """Turn the core's errors into one message on stderr and the documented exit code."""
    try:
        yield
    except LabeltrackError as exc:
        say(exc.worded(flag))
        raise typer.Exit(exc.exit_code) from None


def screen() -> Screen:
    """How standard output will be read. A terminal gets its width and colour (none under
    ``NO_COLOR``); anything else plain text with rows that never wrap, unless ``COLUMNS`` says
    how wide."""
    if sys.stdout.isatty():
        width = min(shutil.get_terminal_size((100, 24)).columns, _WIDEST)
        if os.environ.get("NO_COLOR"):
            return Screen(width, None)
        from rich.console import Console

        return Screen(width, Console(file=sys.stdout).color_system or "standard")
    columns = os.environ.get("COLUMNS", "")
    piped = min(int(columns), _WIDEST) if columns.isdigit() and int(columns) > 0 else None
    return Screen(piped, None)


_WIDEST = 1000  # columns: a wider COLUMNS is a mistake, not a screen


def emit(text: str, output: Path | None, *, registry: Path | None = None) -> None:
    """``text`` to standard output (also for ``-o -``), or the whole of it to ``output`` by the
    one safe output path: never over the registry, a device, a pipe or a link."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from labeltrack.files import write_output

    write_output(output, text.encode("utf-8"), registry=registry)


def _choices(value: str | None, known: dict[str, T], option: str, what: str) -> frozenset[T] | None:
    """A comma-separated list of known names, or a usage error naming the unknown ones."""
    if value is None:
        return None
    names = [name.lower() for name in split(value)]
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        listed = ", ".join(map(repr, unknown)) or "nothing"
        raise typer.BadParameter(
            f"{listed} is not {what}; choose from {', '.join(known)}", param_hint=f"'{option}'"
        )
    return frozenset(known[name] for name in names)


def _countries(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    from labeltrack.countries import country_name, iso_code

    codes = [code.upper() for code in split(value)]
    unknown = [code for code in codes if country_name(code) is None]
    if unknown or not codes:
        listed = ", ".join(map(repr, unknown)) or "nothing"
        raise typer.BadParameter(
            f"{listed} is not an ISO 3166-1 alpha-2 country code (like DK, ES, LT; EL, UK)",
            param_hint="'--country'",
        )
    return frozenset(iso_code(code) for code in codes)


def _levels(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    names = frozenset(name.lower() for name in split(value))
    if not names:
        raise typer.BadParameter("'' is not a level; name one or more", param_hint="'--level'")
    return names


def selection(
    state: str | None,
    country: str | None,
    level: str | None,
    portfolio: str | None,
    within: int | None,
    history: bool,
) -> Selection:
    """The filters of `status` and `summary`, parsed."""
    from labeltrack.model import State

    return Selection(
        states=_choices(state, {s.value: s for s in State}, "--state", "a state"),
        countries=_countries(country),
        levels=_levels(level),
        portfolio=portfolio,
        within=within,
        history=history,
    )


def edited(outcome: EditResult, dry_run: bool) -> None:
    """A dry run's diff on stdout; warnings and one confirmation line on stderr."""
    if dry_run:
        print(outcome.diff(), end="")
    for warning in outcome.warnings:
        say(f"{outcome.path}: {warning}")
    dropped = outcome.dropped_comments
    lost = f"; dropped the comments on lines {', '.join(map(str, dropped))}" if dropped else ""
    if dry_run:
        say(f"{outcome.path}: {outcome.change.planned}{lost}; dry run, nothing written")
    elif not outcome.changed:
        say(f"{outcome.path}: already in the canonical layout; unchanged")
    else:
        say(f"{outcome.path}: {outcome.change.done}{lost}")


def command_app(**settings: Any) -> typer.Typer:
    """The Typer app of one command module, set up like the main one: plain help, ``-h``,
    no completion installer, no pretty tracebacks."""
    return typer.Typer(
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )
