"""What `labeltrack check` judges beyond the file's validity, for CI and monitoring: failing on
labels in a given state (``--fail-on``), and the one-line verdict of a Nagios-style plugin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from labeltrack.expiry import LabelStatus, Thresholds, current_statuses
from labeltrack.loading import Problem, Report, Severity, read_text
from labeltrack.model import CURRENT, Registry, State
from labeltrack.toml_lines import key_lines, line_of
from labeltrack.words import count, days_words

_SEVERITY = (State.LAPSED, State.EXPIRED, State.CRITICAL, State.WARNING)  # worst first


class FailOn(StrEnum):
    """The least severe state that makes `check --fail-on` fail."""

    WARNING = "warning"
    CRITICAL = "critical"
    EXPIRED = "expired"

    @property
    def states(self) -> frozenset[State]:
        return frozenset(_SEVERITY[: _SEVERITY.index(State(self.value)) + 1])


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
    lines = key_lines(read_text(report.path))
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


class NagiosCode(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3


@dataclass(frozen=True)
class Verdict:
    code: NagiosCode
    line: str


def nagios(report: Report, as_of: date, thresholds: Thresholds) -> Verdict:
    """The monitoring-plugins line: status, counts with the worst labels first, perfdata. An
    expired or lapsed label is CRITICAL; clusters with no label count only in the perfdata."""
    registry: Registry | None = report.registry
    if registry is None:
        errors = report.errors
        first = report.format(errors[0]) if errors else f"{report.path}: cannot be read"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return Verdict(NagiosCode.UNKNOWN, f"LABELTRACK UNKNOWN - {first}{more}")
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
        text = f"all {count(counts[State.OK], 'label')} ok"
    perfdata = " ".join(f"{state}={counts[state]};;;0" for state in CURRENT)
    return Verdict(code, f"LABELTRACK {code.name} - {text} | {perfdata}")
