"""Output formats: pure functions from a result to text, nothing else.

One enum per kind of report picks the format. Each format is the module
``labeltrack.formats.<kind>.<name>`` with one ``format`` function, imported only when chosen, so
a new format is one module and one enum member. Writing the text somewhere (standard output, an
``-o`` file, GitHub's job summary) is the caller's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from labeltrack.catalogue import SchemeEntry
    from labeltrack.check import CheckResult
    from labeltrack.notify import NotifyResult
    from labeltrack.reconcile import ImportPlan
    from labeltrack.status import StatusReport
    from labeltrack.summary import Summary


@dataclass(frozen=True)
class Screen:
    """Where text will be read: ``width`` in columns (None: unlimited, so rows never wrap) and
    ``colour``, the terminal's colour system ("standard", "256", "truecolor"), None for none."""

    width: int | None = None
    colour: str | None = None


PLAIN = Screen()


def _formatter(kind: str, name: str) -> Any:
    return import_module(f"labeltrack.formats.{kind}.{name}").format


class StatusFormat(StrEnum):
    """Formats of `labeltrack status`."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"
    PROMETHEUS = "prometheus"

    def render(self, report: StatusReport, screen: Screen = PLAIN) -> str:
        text: str = _formatter("status", self.value)(report, screen)
        return text


class CheckFormat(StrEnum):
    """Formats of `labeltrack check`."""

    TEXT = "text"
    GITHUB = "github"
    JSON = "json"
    NAGIOS = "nagios"
    MARKDOWN = "markdown"

    def render(self, result: CheckResult) -> str:
        text: str = _formatter("check", self.value)(result)
        return text


class SummaryFormat(StrEnum):
    """Formats of `labeltrack summary`."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"

    def render(self, summary: Summary, screen: Screen = PLAIN) -> str:
        text: str = _formatter("summary", self.value)(summary, screen)
        return text


class NotifyFormat(StrEnum):
    """Formats of `labeltrack notify --dry-run`."""

    TEXT = "text"
    JSON = "json"

    def render(self, result: NotifyResult) -> str:
        text: str = _formatter("notify", self.value)(result)
        return text


class SchemesFormat(StrEnum):
    """Formats of `labeltrack schemes`."""

    TABLE = "table"
    JSON = "json"

    def render(self, entries: Sequence[SchemeEntry], screen: Screen = PLAIN) -> str:
        text: str = _formatter("schemes", self.value)(entries, screen)
        return text


class ImportFormat(StrEnum):
    """Formats of `labeltrack import`'s plan."""

    TEXT = "text"
    JSON = "json"

    def render(self, plan: ImportPlan, *, applied: bool, update: bool) -> str:
        text: str = _formatter("imports", self.value)(plan, applied=applied, update=update)
        return text
