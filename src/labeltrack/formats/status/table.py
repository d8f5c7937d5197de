"""A Rich table coloured by state that fits the screen by giving way, never by corrupting: dates,
numbers and state words are never cut or wrapped, names wrap only at spaces. When the screen is
too narrow, the portfolio goes first, then the country shrinks to its code, then the renew-by
date goes, then names give way to short names; when even that does not fit, every label is
printed as a block of its own. Every registry value goes in as plain Text, so a name like
``[bold]`` prints literally instead of becoming markup."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from labeltrack.expiry import LabelStatus
from labeltrack.formats import Screen
from labeltrack.formats.terminal import STATE_STYLES, Column, record, render, table
from labeltrack.model import State
from labeltrack.status import StatusReport

_NONE = "—"
_RENEWING = (State.WARNING, State.CRITICAL)


@dataclass(frozen=True)
class _Shown:
    """What one variant of the table shows."""

    portfolio: bool = True
    country_names: bool = True
    renew_by: bool = True
    short_names: bool = False


#: The variants, fullest first: each gives way one step further.
_VARIANTS = (
    _Shown(),
    _Shown(portfolio=False),
    _Shown(portfolio=False, country_names=False),
    _Shown(portfolio=False, country_names=False, renew_by=False),
    _Shown(portfolio=False, country_names=False, renew_by=False, short_names=True),
)


def _renew_by(status: LabelStatus) -> str:
    renew_by = status.renew_by if status.state in _RENEWING else None
    return renew_by.isoformat() if renew_by else ""


def _days(status: LabelStatus) -> str:
    return _NONE if status.days_left is None else str(status.days_left)


def _until(status: LabelStatus) -> str:
    return status.label.valid_until.isoformat() if status.label else _NONE


def _state(status: LabelStatus) -> Text:
    return Text(status.state.value, style=STATE_STYLES[status.state])


def _columns(report: StatusReport, shown: _Shown) -> list[Column]:
    rows = report.statuses
    # A "Renew by" column only when some label needs renewal work now.
    renewing = shown.renew_by and any(status.state in _RENEWING for status in rows)

    def name(status: LabelStatus) -> str:
        cluster = status.cluster
        return cluster.short_name if shown.short_names and cluster.short_name else cluster.name

    def country(status: LabelStatus) -> str:
        cluster = status.cluster
        return cluster.country_name if shown.country_names else cluster.country

    columns = [
        Column("Cluster", [Text(name(s)) for s in rows]),
        Column("Country", [Text(country(s)) for s in rows], wraps=shown.country_names),
    ]
    if shown.portfolio:
        columns.append(Column("Portfolio", [Text(s.cluster.portfolio or _NONE) for s in rows]))
    columns += [
        Column("Level", [Text(s.title) for s in rows]),
        Column("Valid until", [Text(_until(s)) for s in rows], wraps=False),
    ]
    if renewing:
        columns.append(Column("Renew by", [Text(_renew_by(s)) for s in rows], wraps=False))
    return [
        *columns,
        Column("Days left", [Text(_days(s)) for s in rows], wraps=False, justify="right"),
        Column("State", [_state(s) for s in rows], wraps=False),
    ]


def _records(report: StatusReport) -> RenderableType:
    """Every label as a block of its own."""
    blocks: list[RenderableType] = []
    for status in report.statuses:
        if blocks:
            blocks.append(Text())
        cluster = status.cluster
        fields = [
            ("country", Text(f"{cluster.country_name} ({cluster.country})")),
            ("portfolio", Text(cluster.portfolio or _NONE)),
            ("level", Text(status.title)),
            ("valid until", Text(_until(status))),
            *([("renew by", Text(_renew_by(status)))] if _renew_by(status) else []),
            ("days left", Text(_days(status))),
            ("state", _state(status)),
        ]
        blocks.append(record(Text(cluster.name, style="bold"), fields))
    return Group(*blocks)


def format(report: StatusReport, screen: Screen) -> str:
    if not report.statuses:
        empty = "No label matches these filters." if report.filtered else "No cluster yet."
        return render(Group(Text(empty), Text(), Text(report.caption, style="dim")), screen)
    fitted = (table(_columns(report, shown), screen.width) for shown in _VARIANTS)
    body = next((choice for choice in fitted if choice is not None), None) or _records(report)
    return render(Group(body, Text(), Text(report.caption, style="dim")), screen)
