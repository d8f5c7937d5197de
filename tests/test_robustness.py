"""Nothing that `check` accepts can crash another command: registries generated with extreme
dates and periods and hostile text go through every command and format, which must end with
exit 0 or 1 and never a traceback (issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labeltrack import loading

from .conftest import BIGINN, Invoke, WriteRegistry

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
).filter(lambda text: text.strip() != "")
_days = st.dates(date(1900, 1, 1), date(2200, 12, 31))
_period = st.integers(0, 36_500)


@st.composite
def _registries(draw: st.DrawFn) -> dict[str, Any]:
    scheme = {
        "name": draw(_text),
        "levels": ["one", "two"],
        "validity_months": draw(st.integers(1, 1216)),
        "grace_days": draw(_period),
        "lead_days": draw(_period),
    }
    clusters = []
    for number in range(draw(st.integers(0, 3))):
        labels = []
        for level in draw(st.lists(st.sampled_from(["bronze", "silver", "gold", "one"]),
                                   max_size=3, unique=True)):  # fmt: skip
            label: dict[str, Any] = {"level": level, "valid_until": draw(_days)}
            if level == "one":
                label["scheme"] = "nat"
            if draw(st.booleans()):
                label["awarded"] = draw(st.dates(date(1900, 1, 1), label["valid_until"]))
            labels.append(label)
        clusters.append(
            {
                "id": f"c{number}",
                "name": draw(_text),
                "short_name": draw(_text),
                "country": draw(st.sampled_from(["DK", "EL", "UK", "FR"])),
                "portfolio": draw(_text),
                "label": labels,
            }
        )
    return {"scheme": {"nat": scheme}, "cluster": clusters}


COMMANDS: list[list[str]] = [
    *(["status", "-f", fmt] for fmt in ("table", "json", "csv", "markdown", "html", "prometheus")),
    ["status", "--history"],
    *(["summary", "-f", fmt] for fmt in ("table", "json", "markdown")),
    ["timeline"],
    ["export", "ics"],
    ["report"],
    *(["check", "-f", fmt] for fmt in ("text", "github", "json", "nagios")),
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_registries(), as_of=_days, width=st.sampled_from(["40", "80", "200"]))
def test_every_command_survives_what_check_accepts(
    invoke: Invoke, tmp_path: Path, data: dict[str, Any], as_of: date, width: str
) -> None:
    path = tmp_path / "generated.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    if loading.check(path).registry is None:
        return  # check refuses it: nothing more is promised
    ids = [cluster["id"] for cluster in data["cluster"]]
    for command in [*COMMANDS, *(["show", cluster_id] for cluster_id in ids)]:
        result = invoke(*command, "-r", path, "--as-of", as_of.isoformat(),
                        env={"COLUMNS": width})  # fmt: skip
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not crashed, (command, result.exception)
        allowed = (0, 1, 2) if "nagios" in command else (0, 1)  # CRITICAL is an answer
        assert result.exit_code in allowed, (command, result.stderr)
        assert "Traceback" not in result.stderr


def test_the_calendars_edges_are_accepted_and_drawn(invoke: Invoke, tmp_path: Path) -> None:
    """The extremes the generator reaches, spelled out: the first and last days and the longest
    periods check accepts, through every command (the property above must not pass by
    generating only registries that check refuses)."""
    extreme = {
        "scheme": {"nat": {"name": "N", "levels": ["one"], "validity_months": 1216,
                           "grace_days": 36_500, "lead_days": 36_500}},
        "cluster": [
            {"id": "a", "name": "Ñandú – Øresund", "country": "DK",
             "label": [{"level": "gold", "awarded": date(1900, 1, 1),
                        "valid_until": date(2200, 12, 31)},
                       {"scheme": "nat", "level": "one", "valid_until": date(1900, 1, 1)}]},
        ],
    }  # fmt: skip
    path = tmp_path / "extreme.toml"
    path.write_text(tomli_w.dumps(extreme), encoding="utf-8")
    assert loading.check(path).registry is not None
    for as_of in ("1900-01-01", "2200-12-31"):
        for command in [*COMMANDS, ["show", "a"]]:
            result = invoke(*command, "-r", path, "--as-of", as_of)
            assert result.exception is None or isinstance(result.exception, SystemExit), command
            allowed = (0, 1, 2) if "nagios" in command else (0, 1)
            assert result.exit_code in allowed, (command, result.stderr)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["status", "--as-of", "9999-06-01"],
         "--as-of: 9999-06-01 is not between 1900-01-01 and 2200-12-31"),
        (["timeline", "--as-of", "0001-01-01"],
         "--as-of: 0001-01-01 is not between 1900-01-01 and 2200-12-31"),
        (["export", "ics", "--alarm-days", "99999999999999"],
         "--alarm-days: '99999999999999' is not a list of days from 0 to 36500; write it like "
         "180,90,30,7,0"),
        (["notify", "--dry-run", "--smtp-timeout", "nan"],
         "--smtp-timeout: nan is not a number of seconds"),
        (["notify", "--dry-run", "--smtp-timeout", "inf"],
         "--smtp-timeout: inf is not in the range 1<=x<=3600."),
        (["status", "--warn-days", "40000"], "--warn-days: 40000 is not in the range 0<=x<=36500."),
    ],
)  # fmt: skip
def test_option_values_outside_the_calendar_are_usage_errors(
    invoke: Invoke, args: list[str], line: str
) -> None:
    result = invoke(*args, "-r", BIGINN)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"labeltrack: {line}\n")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('valid_until = 9999-12-31',
         "valid_until must be a date from 1900-01-01 to 2200-12-31; not 9999-12-31"),
        ('valid_until = 0001-01-01',
         "valid_until must be a date from 1900-01-01 to 2200-12-31; not 0001-01-01"),
    ],
)  # fmt: skip
def test_dates_outside_the_calendar_are_check_errors(
    invoke: Invoke, write_registry: WriteRegistry, text: str, message: str
) -> None:
    path = write_registry(
        f'[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\n\n[[cluster.label]]\n'
        f'level = "gold"\n{text}\n'
    )
    result = invoke("check", "-r", path)
    assert (result.exit_code, result.stdout) == (
        1,
        f"{path}:8: error: {message}\n{path}: 1 error\n",
    )
    shown = invoke("status", "-r", path, "-f", "json")
    assert (shown.exit_code, shown.stderr) == (1, f"labeltrack: {path}:8: error: {message}\n")


def test_periods_past_a_hundred_years_are_check_errors(
    invoke: Invoke, write_registry: WriteRegistry
) -> None:
    path = write_registry(
        '[scheme.n]\nname = "N"\nlevels = ["one"]\nvalidity_months = 12\n'
        "grace_days = 4000000\nlead_days = 4000000\n"
    )
    result = invoke("check", "-r", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:5: error: grace_days must be 36500 or less",
        f"{path}:6: error: lead_days must be 36500 or less",
        f"{path}: 2 errors",
    ]
