"""`labeltrack check`: every problem of a registry on its line, and what CI and monitoring judge
beyond validity: labels in a failing state (``fail_on``), and the one-line verdict of a
Nagios-style plugin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from functools import cached_property
from pathlib import Path

from labeltrack import loading
from labeltrack.expiry import LabelStatus, Thresholds, current_statuses
from labeltrack.loading import Problem, Report, Severity
from labeltrack.model import CURRENT, State
from labeltrack.toml_lines import key_lines, line_of
from labeltrack.words import count, days_words

_SEVERITY = (State.LAPSED, State.EXPIRED, State.CRITICAL, State.WARNING)  # worst first


class FailOn(StrEnum):
    """The least severe state that makes a check fail."""

    WARNING = "warning"
    CRITICAL = "critical"
    EXPIRED = "expired"

    @property
    def states(self) -> frozenset[State]:
        return frozenset(_SEVERITY[: _SEVERITY.index(State(self.value)) + 1])


class NagiosCode(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3


@dataclass(frozen=True)
class Verdict:
    """A monitoring plugin's answer: its exit code and its one line."""

    code: NagiosCode
    line: str


@dataclass(frozen=True)
class CheckResult:
    report: Report
    problems: list[Problem]  # the file's, and the failing labels', by line
    strict: bool
    as_of: date
    thresholds: Thresholds | None  # None when the registry could not be read

    @cached_property
    def verdict(self) -> Verdict:
        """The monitoring plugin's answer (computed on demand: it grades every label)."""
        return nagios(self.report, self.as_of, self.thresholds or Thresholds(0, 0))

    @property
    def path(self) -> Path:
        return self.report.path

    @property
    def errors(self) -> int:
        return sum(problem.severity is Severity.ERROR for problem in self.problems)

    @property
    def passed(self) -> bool:
        """No error, a readable registry, and with ``strict`` no warning either."""
        clean = not self.problems if self.strict else self.errors == 0
        return self.report.registry is not None and clean

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1

    @property
    def totals(self) -> str:
        """The closing line: ``PATH: OK (3 clusters, 4 labels)`` or ``PATH: 2 errors, 1
        warning``."""
        registry = self.report.registry
        if not self.problems and registry is not None:
            labels = sum(len(cluster.labels) for cluster in registry.clusters)
            found = f"{count(len(registry.clusters), 'cluster')}, {count(labels, 'label')}"
            return f"{self.path}: OK ({found})"
        warnings = len(self.problems) - self.errors
        parts = [count(n, word) for n, word in ((self.errors, "error"), (warnings, "warning")) if n]
        return f"{self.path}: {', '.join(parts)}"

    def format(self, problem: Problem) -> str:
        """``PATH:LINE: severity: message``."""
        return self.report.format(problem)


def check(
    path: Path,
    as_of: date,
    *,
    warn_days: int | None = None,
    critical_days: int | None = None,
    fail_on: FailOn | None = None,
    strict: bool = False,
) -> CheckResult:
    """Read and judge ``path``; a registry that cannot be read is a result too, never an
    exception (bad thresholds are: they are the caller's mistake, not the file's)."""
    report = loading.check(path)
    registry = report.registry
    thresholds = (
        Thresholds.resolve(registry.settings, warn_days, critical_days) if registry else None
    )
    problems = list(report.problems)
    if fail_on is not None and thresholds is not None:
        problems += label_problems(report, as_of, thresholds, fail_on)
        problems.sort(key=lambda problem: problem.line)
    return CheckResult(report, problems, strict, as_of, thresholds)


def describe(status: LabelStatus) -> str:
    """``expired 5 days ago`` / ``12 days left``."""
    return "no label" if status.days_left is None else days_words(status.days_left)


def label_problems(
    report: Report, as_of: date, thresholds: Thresholds, fail_on: FailOn
) -> list[Problem]:
    """An error for each current label in ``fail_on``'s state or worse, on the line of its
    ``valid_until``; nothing for a registry that is not valid (its errors say enough)."""
    registry = report.registry
    if registry is None:
        return []
    failing = [
        s for s in current_statuses(registry, as_of, thresholds) if s.state in fail_on.states
    ]
    if not failing:
        return []
    lines = key_lines(report.text)
    place = {cluster.id: index for index, cluster in enumerate(registry.clusters)}
    problems = []
    for status in failing:
        assert status.label is not None
        cluster_index = place[status.cluster.id]
        label_index = status.cluster.labels.index(status.label)
        line = line_of(lines, ("cluster", cluster_index, "label", label_index, "valid_until"))
        label = f"the {status.title} label of {status.cluster.name!r}"
        until = status.label.valid_until.isoformat()
        if status.state in (State.EXPIRED, State.LAPSED):
            message = f"{label} expired on {until}, {describe(status).removeprefix('expired ')}"
        else:
            message = f"{label} is {status.state}: {describe(status)}, valid until {until}"
        problems.append(Problem(line, Severity.ERROR, f"{message}; --fail-on {fail_on}"))
    return problems


def nagios(report: Report, as_of: date, thresholds: Thresholds) -> Verdict:
    """The monitoring-plugins line: status, counts with the worst labels first, perfdata. An
    expired or lapsed label is CRITICAL; clusters with no label count only in the perfdata."""
    registry = report.registry
    if registry is None:
        errors = report.errors
        first = report.format(errors[0]) if errors else f"{report.path}: cannot be read"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        # a "|" would start the perfdata: registry text must not fake any
        text = f"{first}{more}".replace("|", "/")
        return Verdict(NagiosCode.UNKNOWN, f"LABELTRACK UNKNOWN - {text}")
    statuses = current_statuses(registry, as_of, thresholds)
    counts = Counter(status.state for status in statuses)
    if counts[State.LAPSED] or counts[State.EXPIRED] or counts[State.CRITICAL]:
        code = NagiosCode.CRITICAL
    elif counts[State.WARNING]:
        code = NagiosCode.WARNING
    else:
        code = NagiosCode.OK
    summary = ", ".join(f"{counts[state]} {state}" for state in _SEVERITY if counts[state])
    worst = [s for s in statuses if s.state in _SEVERITY]
    if worst:
        # Ids, not names: a name could hold the "|" that starts the perfdata.
        named = ", ".join(f"{s.cluster.id} {describe(s)}" for s in worst[:5])
        more = f", and {len(worst) - 5} more" if len(worst) > 5 else ""
        text = f"{summary}: {named}{more}"
    else:
        held = counts[State.OK]
        text = f"all {count(held, 'label')} ok" if held else "no label to watch"
    perfdata = " ".join(f"{state}={counts[state]};;;0" for state in CURRENT)
    return Verdict(code, f"LABELTRACK {code.name} - {text} | {perfdata}")
