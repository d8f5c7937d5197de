"""The check service: a result with its problems, exit code and verdict, without the command
line (tests/test_cli_check.py covers the flags and the formats)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from labeltrack.check import CheckResult, FailOn, NagiosCode, check
from labeltrack.errors import UsageError

from .conftest import BIGINN, WriteRegistry


def test_a_clean_registry_passes() -> None:
    result = check(BIGINN, date(2025, 1, 1))
    assert (result.passed, result.exit_code, result.problems) == (True, 0, [])
    assert result.totals == f"{BIGINN}: OK (3 clusters, 4 labels)"
    assert result.verdict.code is NagiosCode.OK


def test_fail_on_adds_an_error_on_each_failing_labels_line() -> None:
    result = check(BIGINN, date(2025, 11, 28), fail_on=FailOn.CRITICAL)
    assert [(p.line, p.severity.value) for p in result.problems] == [(19, "error"), (32, "error")]
    assert result.exit_code == 1
    assert result.verdict.code is NagiosCode.CRITICAL


def test_warnings_fail_only_when_strict(write_registry: WriteRegistry) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\nportfolio = "x"\n')
    lenient, strict = check(path, date(2025, 1, 1)), check(path, date(2025, 1, 1), strict=True)
    assert [(p.line, p.severity.value) for p in lenient.problems] == [(5, "warning")]
    assert (lenient.exit_code, strict.exit_code) == (0, 1)
    assert lenient.totals == f"{path}: 1 warning"


def test_an_unreadable_registry_is_a_result_not_an_exception(tmp_path: Path) -> None:
    result: CheckResult = check(tmp_path / "none.toml", date(2025, 1, 1))
    assert result.exit_code == 1
    assert result.verdict.code is NagiosCode.UNKNOWN
    assert [p.line for p in result.problems] == [1]


def test_bad_thresholds_are_the_callers_mistake() -> None:
    with pytest.raises(UsageError) as raised:
        check(BIGINN, date(2025, 1, 1), warn_days=10, critical_days=30)
    assert raised.value.mentions == ("critical_days", "warn_days")
    assert str(raised.value) == (
        "critical days (30) must not be more than warn days (10); check critical_days and "
        "warn_days against the registry's [settings]"
    )
