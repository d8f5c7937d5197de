"""The `labeltrack` command: parses options, calls the core, renders. Nothing else lives here."""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar

import typer

from labeltrack import __version__, loading
from labeltrack.ci import FailOn
from labeltrack.countries import country_name, iso_code
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.expiry import Thresholds
from labeltrack.loading import DEFAULT_PATH
from labeltrack.model import ECEI, State
from labeltrack.notify import Security
from labeltrack.render import OutputFormat, StatusReport, render_status
from labeltrack.render.check import CheckFormat
from labeltrack.render.summary import SummaryFormat
from labeltrack.select import Selection, select
from labeltrack.words import count

if TYPE_CHECKING:
    from labeltrack.edit import Outcome

T = TypeVar("T")

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


def _split(values: list[str] | str | None) -> list[str]:
    """Items given by repeating an option, separating them with commas, or both."""
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def _parse_choices(
    value: str | None, known: dict[str, T], option: str, what: str
) -> frozenset[T] | None:
    """A comma-separated list of known names, or a usage error naming the unknown ones."""
    if value is None:
        return None
    names = _split(value)
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        listed = ", ".join(map(repr, unknown)) or "nothing"
        raise typer.BadParameter(
            f"{listed} is not {what}; choose from {', '.join(known)}", param_hint=f"'{option}'"
        )
    return frozenset(known[name] for name in names)


def _parse_countries(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    codes = [code.upper() for code in _split(value)]
    unknown = [code for code in codes if country_name(code) is None]
    if unknown or not codes:
        listed = ", ".join(map(repr, unknown)) or "nothing"
        raise typer.BadParameter(
            f"{listed} is not an ISO 3166-1 alpha-2 country code (like DK, ES, LT; EL, UK)",
            param_hint="'--country'",
        )
    return frozenset(iso_code(code) for code in codes)


def _parse_days(value: str | None, option: str) -> tuple[int, ...] | None:
    """``180,90,30,7,0``: whole numbers of days, 0 or more."""
    if value is None:
        return None
    parts = _split(value)
    if not parts or not all(part.isdigit() for part in parts):
        raise typer.BadParameter(
            f"{value!r} is not a list of days; write it like 180,90,30,7,0",
            param_hint=f"'{option}'",
        )
    return tuple(int(part) for part in parts)


@contextmanager
def _reported() -> Iterator[None]:
    """Turn the core's errors into one message on stderr and the documented exit code."""
    try:
        yield
    except LabeltrackError as exc:
        print(exc.worded(flag), file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None


#: Parameters whose command-line name is not ``--`` and the parameter's name with hyphens.
_FLAGS = {"cluster_id": "ID", "sender": "--from"}


def flag(param: str) -> str:
    """How the command line names the core's parameter ``param``: ``valid_until`` is
    ``--valid-until``."""
    return _FLAGS.get(param) or f"--{param.replace('_', '-')}"


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


WarnDaysOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        help="Warn at this many days left or fewer (overrides [settings]).",
        show_default="180 or [settings]",
    ),
]
CriticalDaysOption = Annotated[
    int | None,
    typer.Option(
        min=0,
        help="Critical at this many days left or fewer (overrides [settings]).",
        show_default="30 or [settings]",
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
        metavar="DAYS",
        help="Only labels ending within DAYS days, or expired and still renewable (never "
        "lapsed ones).",
    ),
]
HistoryOption = Annotated[
    bool,
    typer.Option("--history", help="Every label, not only each cluster's current one."),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of standard output.",
    ),
]


def _selection(
    state: str | None,
    country: str | None,
    level: str | None,
    portfolio: str | None,
    within: int | None,
    history: bool,
) -> Selection:
    return Selection(
        states=_parse_choices(state, {s.value: s for s in State}, "--state", "a state"),
        countries=_parse_countries(country),
        levels=frozenset(_split(level)) if level is not None else None,
        portfolio=portfolio,
        within=within,
        history=history,
    )


def _emit(write: Callable[[TextIO], object], output: Path | None) -> None:
    """``write`` to standard output; or, given ``output``, render the whole report first and
    replace the file atomically, so no reader ever sees half of it."""
    if output is None:
        write(sys.stdout)
        return
    from labeltrack.files import atomic_write

    buffer = io.StringIO()
    write(buffer)
    atomic_write(output, buffer.getvalue().encode("utf-8"))


@app.command(short_help="Show every cluster's label and its state.")
def status(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = OutputFormat.TABLE,
    state: StateOption = None,
    country: CountryOption = None,
    level: LevelOption = None,
    portfolio: PortfolioOption = None,
    within: WithinOption = None,
    history: HistoryOption = False,
    output: OutputOption = None,
) -> None:
    """Show every cluster's current label and its state, most urgent first. Filters combine;
    a table that filters leave empty prints nothing when not on a terminal (for cron's MAILTO)."""
    selection = _selection(state, country, level, portfolio, within, history)
    if history and output_format is OutputFormat.PROMETHEUS:
        raise typer.BadParameter("prometheus shows current labels only", param_hint="'--history'")
    with _reported():
        loaded = loading.load(registry)
        thresholds = Thresholds.resolve(loaded.settings, warn_days, critical_days)
        day = as_of or date.today()
        statuses = select(loaded, day, thresholds, selection)
        filtered = selection != Selection(history=history)
        quiet = output_format is OutputFormat.TABLE and output is None and not sys.stdout.isatty()
        if filtered and not statuses and quiet:
            return
        report = StatusReport(day, thresholds, statuses)
        _emit(lambda out: render_status(report, output_format, out), output)


@app.command(short_help="Counts by level, state, country, portfolio and quarter.")
def summary(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
    output_format: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SummaryFormat.TABLE,
    state: StateOption = None,
    country: CountryOption = None,
    level: LevelOption = None,
    portfolio: PortfolioOption = None,
    within: WithinOption = None,
    output: OutputOption = None,
) -> None:
    """Count the current labels, for a report: by level and state, by country, by portfolio,
    and how many expire in each of the next four quarters. Takes the filters of status."""
    from labeltrack.render.summary import WRITERS
    from labeltrack.summary import summarise

    selection = _selection(state, country, level, portfolio, within, history=False)
    with _reported():
        loaded = loading.load(registry)
        thresholds = Thresholds.resolve(loaded.settings, warn_days, critical_days)
        day = as_of or date.today()
        counted = summarise(loaded, select(loaded, day, thresholds, selection), day)
        _emit(lambda out: WRITERS[output_format](counted, out), output)


@app.command(short_help="A Gantt chart of every cluster's labels over time.")
def timeline(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    start: Annotated[
        date | None,
        typer.Option(
            "--from",
            parser=_parse_date,
            metavar="YYYY-MM-DD",
            help="First day shown.",
            show_default="two years before --as-of",
        ),
    ] = None,
    end: Annotated[
        date | None,
        typer.Option(
            "--to",
            parser=_parse_date,
            metavar="YYYY-MM-DD",
            help="Last day shown.",
            show_default="two years after --as-of",
        ),
    ] = None,
    svg_file: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Also write the chart as an SVG picture."),
    ] = None,
) -> None:
    """Draw each cluster's labels over time: validity as bars coloured by level, the renewal
    window and the grace period shaded differently, gaps as empty space, and a marker for
    --as-of. Fits the terminal; plain characters when not on one."""
    from labeltrack import timeline as layout
    from labeltrack.render import timeline as chart

    day = as_of or date.today()
    default_start, default_end = layout.default_window(day)
    first, last = start or default_start, end or default_end
    if last <= first:
        raise typer.BadParameter(f"{last} is not after {first}", param_hint="'--to'")
    with _reported():
        loaded = loading.load(registry)
        clusters = sorted(loaded.clusters, key=lambda c: (c.name.casefold(), c.id))
        rows = layout.rows(loaded, clusters, day)
        if svg_file is not None:
            picture = chart.svg(rows, layout.Window(first, last, 1), day)
            _emit(lambda out: out.write(picture), svg_file)
            print(f"{svg_file}: wrote the timeline of {count(len(rows), 'row')}", file=sys.stderr)
            return
        width = chart.chart_width(sys.stdout) - chart.NAME_WIDTH - 1
        chart.write_text(rows, layout.Window(first, last, max(width, 20)), day, sys.stdout)


@app.command(short_help="Show one cluster: details, labels, gaps, what to do next.")
def show(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
) -> None:
    """Show one cluster's card: its details, every label with its period, the gaps when it
    held no label of a scheme, its current state and what to do next."""
    from labeltrack.card import card
    from labeltrack.render.card import write_card

    with _reported():
        loaded = loading.load(registry)
        thresholds = Thresholds.resolve(loaded.settings, warn_days, critical_days)
        found = next((c for c in loaded.clusters if c.id == cluster_id), None)
        if found is None:
            ids = [c.id for c in loaded.clusters]
            raise LabeltrackError(f"{registry}: {loading.no_such_cluster(cluster_id, ids)}")
        write_card(card(loaded, found, as_of or date.today(), thresholds), sys.stdout)


@app.command(short_help="Validate the registry, for CI and monitoring.")
def check(
    registry: RegistryOption = DEFAULT_PATH,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    output_format: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, github (workflow annotations), json, or nagios (a monitoring plugin).",
            show_default="github under GitHub Actions, else text",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(help="Also fail when a current label is in this state or a worse one."),
    ] = None,
    as_of: AsOfOption = None,
    warn_days: WarnDaysOption = None,
    critical_days: CriticalDaysOption = None,
) -> None:
    """Validate the registry for CI: print every problem as PATH:LINE: severity: message,
    then a summary line. Exit 1 on errors (and on warnings with --strict). With --format nagios,
    print one monitoring-plugin line and exit 0, 1, 2 or 3 (OK, WARNING, CRITICAL, UNKNOWN)."""
    from labeltrack import ci
    from labeltrack.render import check as check_render

    if output_format is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = CheckFormat.GITHUB if github else CheckFormat.TEXT
    report = loading.check(registry)
    day = as_of or date.today()
    with _reported():
        thresholds = (
            Thresholds.resolve(report.registry.settings, warn_days, critical_days)
            if report.registry is not None
            else None
        )
    if output_format is CheckFormat.NAGIOS:
        verdict = ci.nagios(report, day, thresholds or Thresholds(0, 0))
        print(verdict.line)
        raise typer.Exit(int(verdict.code))
    problems = list(report.problems)
    if fail_on is not None and thresholds is not None:
        problems += ci.label_problems(report, day, thresholds, fail_on)
        problems.sort(key=lambda problem: problem.line)
    writer = {
        CheckFormat.TEXT: check_render.write_text,
        CheckFormat.GITHUB: check_render.write_github,
        CheckFormat.JSON: check_render.write_json,
    }[output_format]
    writer(report, problems, sys.stdout)
    failed = any(p.severity == "error" for p in problems) or report.registry is None
    if failed or (strict and problems):
        raise typer.Exit(1)


export_app = typer.Typer(
    help="Export labels to other tools.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(export_app, name="export", short_help="Export labels to other tools (ics).")


@export_app.command(short_help="An iCalendar file of label expiry dates.")
def ics(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    alarm_days: Annotated[
        str,
        typer.Option(
            metavar="DAYS,...",
            help="Reminders this many days before each expiry (at 09:00).",
        ),
    ] = "90,30,7",
) -> None:
    """Write an iCalendar (.ics) file with one all-day event per current label on its
    valid-until day, with reminders. Importing it again updates the events instead of
    duplicating them."""
    from labeltrack.ical import calendar

    days = _parse_days(alarm_days, "--alarm-days") or ()
    with _reported():
        loaded = loading.load(registry)
        day = as_of or date.today()
        statuses = select(loaded, day, Thresholds.resolve(loaded.settings), Selection())
        text = calendar(statuses, day, datetime.now().astimezone(), days).decode("utf-8")
        _emit(lambda out: out.write(text), output)


@app.command(short_help="E-mail due warnings, once per threshold.")
def notify(
    registry: RegistryOption = DEFAULT_PATH,
    as_of: AsOfOption = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            envvar="LABELTRACK_TO",
            metavar="ADDRESS",
            help="Send the digest to this address; repeat, or separate with commas.",
        ),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option("--from", envvar="LABELTRACK_FROM", metavar="ADDRESS", help="Sender."),
    ] = None,
    smtp_host: Annotated[
        str, typer.Option(envvar="LABELTRACK_SMTP_HOST", help="SMTP server.")
    ] = "localhost",
    smtp_port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            envvar="LABELTRACK_SMTP_PORT",
            help="SMTP port.",
            show_default="25; 587 with starttls; 465 with ssl",
        ),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            envvar="LABELTRACK_SMTP_USER",
            help="Log in as this user; the password is read from LABELTRACK_SMTP_PASSWORD.",
        ),
    ] = None,
    smtp_security: Annotated[
        Security,
        typer.Option(envvar="LABELTRACK_SMTP_SECURITY", help="How to protect the connection."),
    ] = Security.NONE,
    smtp_timeout: Annotated[
        float,
        typer.Option(
            min=1, envvar="LABELTRACK_SMTP_TIMEOUT", help="Seconds to wait for the server."
        ),
    ] = 30,
    notify_days: Annotated[
        str | None,
        typer.Option(
            metavar="DAYS,...",
            envvar="LABELTRACK_NOTIFY_DAYS",
            help="Warn once at each of these days left (overrides [settings] notify_days).",
            show_default="180,90,30,7,0",
        ),
    ] = None,
    state_file: Annotated[
        Path | None,
        typer.Option(
            envvar="LABELTRACK_STATE_FILE",
            help="Where to remember the warnings sent.",
            show_default="one file per registry in the user's state directory",
        ),
    ] = None,
    per_cluster: Annotated[
        bool,
        typer.Option(
            "--per-cluster", help="Also send each cluster's warnings to its own contacts."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the messages instead; connect to nothing, remember nothing."
        ),
    ] = False,
) -> None:
    """E-mail the labels that crossed a notify threshold since the last run, as one digest.
    Each label is warned about once per threshold; nothing due means no mail and no output."""
    days = _parse_days(notify_days, "--notify-days")
    password = os.environ.get("LABELTRACK_SMTP_PASSWORD") or None
    with _reported():
        from labeltrack import notify as notifier

        if smtp_user and password is None and not dry_run:
            raise UsageError("--smtp-user is set but LABELTRACK_SMTP_PASSWORD is not")
        loaded = loading.load(registry)
        delivery = notifier.Delivery(
            registry_path=registry,
            registry=loaded,
            as_of=as_of or date.today(),
            now=datetime.now().astimezone(),
            notify_days=days or loaded.settings.notify_days,
            state_file=state_file or notifier.default_state_file(registry),
            sender=sender,
            recipients=tuple(_split(to)),
            per_cluster=per_cluster,
        )
        server = notifier.SmtpServer(
            host=smtp_host,
            port=smtp_port or smtp_security.default_port,
            security=smtp_security,
            timeout=smtp_timeout,
            user=smtp_user,
            password=password,
        )
        outcome = notifier.run(delivery, None if dry_run else server)
    if dry_run:
        from labeltrack.mail import preview

        print("\n".join(preview(message) for message in outcome.messages), end="")
    elif outcome.messages:
        labels = count(len(outcome.notices), "label")
        print(
            f"labeltrack: sent {count(len(outcome.messages), 'message')} about {labels} "
            f"through {server.name}",
            file=sys.stderr,
        )


# -- editing the registry ----------------------------------------------------------------------

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


def _edited(outcome: Outcome, dry_run: bool) -> None:
    """A dry run's diff on stdout; warnings and one confirmation line on stderr."""
    if dry_run:
        print(outcome.diff(), end="")
    for warning in outcome.warnings:
        print(f"{outcome.path}: {warning}", file=sys.stderr)
    dropped = outcome.dropped_comments
    lost = f"; dropped the comments on lines {', '.join(map(str, dropped))}" if dropped else ""
    if dry_run:
        print(
            f"{outcome.path}: {outcome.change.planned}{lost}; dry run, nothing written",
            file=sys.stderr,
        )
    elif not outcome.changed:
        print(f"{outcome.path}: already in the canonical layout; unchanged", file=sys.stderr)
    else:
        print(f"{outcome.path}: {outcome.change.done}{lost}", file=sys.stderr)


@app.command(short_help="Create a new registry file.")
def init(registry: RegistryOption = DEFAULT_PATH, dry_run: DryRunOption = False) -> None:
    """Create a new registry (and its folders) that labeltrack check accepts. Never overwrites."""
    from labeltrack import edit

    with _reported():
        outcome = edit.init(registry, dry_run=dry_run)
    _edited(outcome, dry_run)


@app.command(short_help="Add a cluster.")
def add(
    name: Annotated[str, typer.Option(help="Full name of the cluster organisation.")],
    country: Annotated[str, typer.Option(help="ISO 3166-1 alpha-2 code (DK, ES, LT; EL, UK).")],
    cluster_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Lowercase letters, digits and hyphens; made from the short name or name "
            "if left out.",
            show_default=False,
        ),
    ] = None,
    short_name: Annotated[str | None, typer.Option(help="Short name or acronym.")] = None,
    portfolio: Annotated[str | None, typer.Option(help="ESCA comparative portfolio.")] = None,
    website: Annotated[str | None, typer.Option(help="Web site, an http(s) address.")] = None,
    contact: Annotated[
        list[str] | None,
        typer.Option(metavar="ADDRESS", help="Contact e-mail address; repeat for more."),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Free text.")] = None,
    registry: RegistryOption = DEFAULT_PATH,
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
        "notes": notes,
    }
    with _reported():
        outcome = edit.apply(
            registry,
            lambda data: edit.add_cluster(data, cluster_id, values),
            dry_run=dry_run,
            drop_comments=drop_comments,
        )
    _edited(outcome, dry_run)


@app.command(short_help="Record a new label for a cluster.")
def award(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    level: Annotated[str, typer.Option(help="The label's level: bronze, silver or gold for ECEI.")],
    awarded: Annotated[
        date | None,
        typer.Option(parser=_parse_date, metavar="YYYY-MM-DD", help="The day it was awarded."),
    ] = None,
    valid_until: Annotated[
        date | None,
        typer.Option(
            parser=_parse_date,
            metavar="YYYY-MM-DD",
            help="Its last valid day; derived from --awarded by ESCA's rules if left out.",
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="Free text.")] = None,
    scheme: Annotated[
        str, typer.Option(help="The label's scheme: ECEI, or one declared in the registry.")
    ] = ECEI,
    registry: RegistryOption = DEFAULT_PATH,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Record a new label for a cluster. Without --valid-until, the scheme's rules give it from
    the cluster's history on the award date; for ECEI, ESCA's: a renewal (a label of the same
    level was valid, or had ended at most a year before, on the award date) runs three years
    from the end of that label, without a gap; any other label two years from the award. The
    same label twice, two labels of one level at once, and an award date after today without
    --valid-until are refused."""
    from labeltrack import edit

    with _reported():
        outcome = edit.apply(
            registry,
            lambda data: edit.award_label(
                data, cluster_id, level, awarded, valid_until, notes, scheme, today=date.today()
            ),
            dry_run=dry_run,
            drop_comments=drop_comments,
        )
    _edited(outcome, dry_run)


@app.command(short_help="Remove a cluster.")
def remove(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="The cluster's id.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; required when not on a terminal.")
    ] = False,
    registry: RegistryOption = DEFAULT_PATH,
    dry_run: DryRunOption = False,
    drop_comments: DropCommentsOption = False,
) -> None:
    """Remove a cluster and its labels. Asks first on a terminal; otherwise needs --yes."""
    from labeltrack import edit

    def change(data: edit.Data) -> edit.Change:
        return edit.remove_cluster(data, cluster_id)

    with _reported():
        if not (yes or dry_run):
            planned = edit.apply(registry, change, dry_run=True, drop_comments=drop_comments)
            if not sys.stdin.isatty():
                raise UsageError(
                    f"not removing {planned.change.what} without confirmation: "
                    "pass --yes when not on a terminal"
                )
            question = f"{registry}: remove {planned.change.what}?"
            if not typer.confirm(question, default=False, err=True):
                raise LabeltrackError(f"{registry}: nothing removed")
        outcome = edit.apply(registry, change, dry_run=dry_run, drop_comments=drop_comments)
    _edited(outcome, dry_run)


@app.command(short_help="Rewrite the registry in the canonical layout.")
def fmt(
    registry: RegistryOption = DEFAULT_PATH,
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

    with _reported():
        if check_only:
            outcome = edit.check_format(registry)
            if diff:
                print(outcome.diff(), end="")
            if outcome.changed:
                print(
                    f"{registry}: not in the canonical layout; run labeltrack fmt -r {registry}",
                    file=sys.stderr,
                )
                raise typer.Exit(1)
            print(f"{registry}: already in the canonical layout", file=sys.stderr)
            return
        preview = diff or dry_run
        outcome = edit.apply(registry, edit.reformat, dry_run=preview, drop_comments=drop_comments)
    _edited(outcome, preview)


@app.command(short_help="Print the registry's JSON Schema.")
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of the registry file, for editors with a TOML
    language server (Taplo, Even Better TOML) and other tools."""
    import json

    from labeltrack.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def _keep_only_the_invoked_command(args: list[str]) -> None:
    """Typer builds every command's options from their signatures at each start, which costs
    more than running `status` on a small registry. When the first argument names a command,
    only that command is built; anything else (help, --version, a typo) sees them all."""
    if not args:
        return
    commands = [c for c in app.registered_commands if _name(c) == args[0]]
    groups = [g for g in app.registered_groups if g.name == args[0]]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _name(command: typer.models.CommandInfo) -> str:
    function = getattr(command.callback, "__name__", "")
    return command.name or typer.main.get_command_name(function)


def main() -> None:
    """Console entry point: also ends quietly when the reader of a pipe goes away.

    The cyclic garbage collector is off for the run: a command lasts seconds at most and makes
    no cycles worth collecting, while a big registry is hundreds of thousands of objects that
    the collector would rescan again and again."""
    gc.disable()
    try:
        _keep_only_the_invoked_command(sys.argv[1:])
        app()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
