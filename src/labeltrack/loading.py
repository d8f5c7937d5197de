"""Reading a registry file: every problem found, each placed on its line, in plain words."""

from __future__ import annotations

import difflib
import gc
import re
import stat
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic_core import ErrorDetails, ValidationError

from labeltrack.errors import LabeltrackError
from labeltrack.files import kind_of
from labeltrack.history import conflicts
from labeltrack.model import (
    DEFAULT_CRITICAL_DAYS,
    ECEI,
    ID,
    INVISIBLE,
    PORTFOLIOS,
    Cluster,
    Label,
    Registry,
    Scheme,
    Settings,
    explain,
    explain_level,
    known_schemes,
    toml_keys,
    validate,
)
from labeltrack.toml_lines import KeyPath, key_lines, line_of
from labeltrack.words import fold

DEFAULT_PATH = Path("data/clusters.toml")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    line: int
    severity: Severity
    message: str


@dataclass(frozen=True)
class Report:
    """The outcome of reading one registry file: the registry if it is valid, and every problem."""

    path: Path
    registry: Registry | None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the file's text, to place more problems on their lines

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def format(self, problem: Problem) -> str:
        return f"{self.path}:{problem.line}: {problem.severity}: {problem.message}"


class RegistryInvalid(LabeltrackError):
    """The registry could not be read or has errors; carries the full report."""

    def __init__(self, report: Report) -> None:
        super().__init__("\n".join(report.format(p) for p in report.errors))
        self.report = report


@dataclass(frozen=True)
class Finding:
    """A problem in parsed registry data, located by its key path rather than a line. A
    problem that concerns a second label names it by line: ``message`` holds ``{0}`` where the
    line of the key ``other`` goes."""

    loc: KeyPath
    severity: Severity
    message: str
    other: KeyPath | None = None

    def words(self, line: Callable[[KeyPath], int]) -> str:
        return self.message if self.other is None else self.message.format(line(self.other))


def check(path: Path) -> Report:
    """Read and validate ``path``, collecting every problem instead of stopping at the first."""
    try:
        text = read_text(path)
    except LabeltrackError as problem:
        return _file_problem(path, problem)
    return check_text(path, text)


def check_text(path: Path, text: str) -> Report:
    """Validate ``text``, the contents of ``path``."""
    with _without_cyclic_gc():
        try:
            data = parse(text)
        except LabeltrackError as problem:
            return _file_problem(path, problem)
        registry, found = findings(data)
    if not found:
        return Report(path, registry, [], text)

    lines = key_lines(text)

    def line(loc: KeyPath) -> int:
        return line_of(lines, loc)

    problems = sorted(
        (Problem(line(f.loc), f.severity, f.words(line)) for f in found),
        key=lambda problem: problem.line,
    )
    has_errors = any(p.severity is Severity.ERROR for p in problems)
    return Report(path, None if has_errors else registry, problems, text)


def findings(data: Mapping[str, Any]) -> tuple[Registry | None, list[Finding]]:
    """Every problem in parsed ``data``; the registry when there is no error."""
    registry: Registry | None = None
    found: list[Finding] = []
    try:
        registry = validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        # A list whose every entry failed also comes out "too short": its entries say enough.
        with_bad_entries = {tuple(e["loc"][:-1]) for e in errors if isinstance(e["loc"][-1], int)}
        found.extend(
            Finding(tuple(err["loc"]), Severity.ERROR, _explain(err))
            for err in errors
            if not (err["type"] == "too_short" and tuple(err["loc"]) in with_bad_entries)
        )
    found.extend(_duplicate_ids(data))
    found.extend(_label_schemes(data))
    found.extend(_unknown_portfolios(data))
    found.extend(_invisible_characters(data))
    found.extend(_default_critical_above_warning(data))
    if registry is not None and not any(f.severity is Severity.ERROR for f in found):
        found.extend(_history_conflicts(registry))
    return (registry if not any(f.severity is Severity.ERROR for f in found) else None), found


def _history_conflicts(registry: Registry) -> Iterator[Finding]:
    for conflict in conflicts(registry):
        label = ("cluster", conflict.cluster, "label")
        yield Finding(
            (*label, conflict.index, conflict.key),
            Severity.ERROR if conflict.error else Severity.WARNING,
            conflict.message,
            None if conflict.other is None else (*label, conflict.other, "valid_until"),
        )


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Parsing and validating build hundreds of thousands of objects with no cycles among them;
    the cyclic collector would rescan them again and again for nothing (a third of validation
    time on 10,000 clusters)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(path: Path) -> Registry:
    """The validated registry at ``path``; warnings are left to ``labeltrack check``."""
    report = check(path)
    if report.registry is None:
        raise RegistryInvalid(report)
    return report.registry


# -- reading and parsing ----------------------------------------------------------------------


class _FileProblem(LabeltrackError):
    """A problem with the file as a whole, or a syntax error, placed on ``line``."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def _file_problem(path: Path, problem: LabeltrackError) -> Report:
    line = problem.line if isinstance(problem, _FileProblem) else 1
    return Report(path, None, [Problem(line, Severity.ERROR, problem.message)])


#: The largest registry labeltrack reads: many times the largest real one, and small enough
#: to read and check in seconds.
MAX_SIZE = 64 * 1024 * 1024


def read_text(path: Path) -> str:
    """The registry's text; a file that cannot be read raises, with a message for people."""
    try:
        found = path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise _FileProblem(f"this is {kind_of(found.st_mode)}, not a registry file")
        if found.st_size > MAX_SIZE:
            raise _FileProblem(
                f"the file is {found.st_size:,} bytes; a registry may be {MAX_SIZE:,} at most"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _FileProblem(
            "file not found; pass --registry PATH or set LABELTRACK_REGISTRY"
        ) from None
    except IsADirectoryError:
        raise _FileProblem("this is a directory, not a registry file") from None
    except PermissionError:
        raise _FileProblem("the file cannot be read: permission denied") from None
    except OSError as exc:
        raise _FileProblem(f"the file cannot be read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _FileProblem(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line
        ) from None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def parse(text: str) -> dict[str, Any]:
    """The TOML data of registry text; a syntax error raises, placed on its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = text.count("\n") + 1
        if match and match.group(1):
            line = int(match.group(1))
            message = f"{message[: match.start()]} (column {match.group(2)})"
        elif match:
            message = f"{message[: match.start()]} (at the end of the file)"
        raise _FileProblem(f"TOML syntax error: {message[:1].lower()}{message[1:]}", line) from None
    except RecursionError:
        raise _FileProblem("TOML syntax error: values are nested too deeply") from None


# -- turning Pydantic's errors into plain words ------------------------------------------------


def _record_at(loc: KeyPath) -> type:
    """The record that validates the table holding the last key of ``loc``."""
    table = loc[:-1]
    if not table:
        return Registry
    if table[0] == "settings":
        return Settings
    if table[0] == "scheme":
        return Scheme
    return Label if len(table) >= 4 else Cluster


def _key_name(loc: KeyPath) -> str:
    """``valid_until``, or ``contacts entry 2`` for an item of a list."""
    if loc[-1:] == ("[key]",):  # a table's own name, such as [scheme.NAME]
        return f"the name {loc[-2]!r}"
    if loc and isinstance(loc[-1], int):
        return f"{_key_name(loc[:-1])} entry {loc[-1] + 1}"
    if not loc:
        return "the file"
    key = str(loc[-1])
    # A key labeltrack knows reads as a word; any other is registry text: quoted, so that no
    # control character in it reaches a terminal or a CI log.
    return key if _KNOWN_KEY.fullmatch(key) else repr(key)


_KNOWN_KEY = re.compile(r"[a-z_]+")
_EXPECTED_TABLE = {
    "cluster": "each cluster must be a [[cluster]] table",
    "label": "each label must be a [[cluster.label]] table or an inline table",
    "settings": "settings must be a [settings] table",
    "scheme": "each scheme must be a [scheme.NAME] table",
}
_EXPECTED_LIST = {
    "cluster": "write each cluster as a [[cluster]] table",
    "label": "write each label as a [[cluster.label]] table",
    "contacts": 'contacts must be a list of e-mail addresses, like ["manager@example.org"]',
    "notify": 'notify must be a list of tags, like ["team-a"]',
    "levels": 'levels must be a list of level names, lowest first, like ["bronze", "silver"]',
    "notify_days": "notify_days must be a list of whole numbers of days, like [180, 90, 30, 7, 0]",
}


def _explain(error: ErrorDetails) -> str:
    loc = tuple(error["loc"])
    key = _key_name(loc)
    kind = error["type"]
    if kind == "labeltrack":
        return f"{key} {error['msg']}"
    # The field whose rule applies: a list entry follows its list's; a scheme's name and its
    # levels follow the rule for ids.
    field = str(loc[-2] if isinstance(loc[-1], int) and len(loc) > 1 else loc[-1])
    worded = explain("id" if field in ("[key]", "levels") else field, kind, error["input"])
    if worded is not None:
        return f"{key} {worded}"
    if kind == "missing":
        return f"missing required key {key}"
    if kind == "unexpected_keyword_argument":
        allowed = toml_keys(_record_at(loc))
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        suggestion = (
            f"; did you mean {hint[0]}?" if hint else f" (known keys: {', '.join(allowed)})"
        )
        return f"unknown key {str(loc[-1])!r}{suggestion}"
    if kind in ("dataclass_type", "dataclass_args_type", "dict_type"):
        parent = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
        return _EXPECTED_TABLE.get(parent, f"{key} must be a table")
    if kind == "tuple_type":
        return _EXPECTED_LIST.get(str(loc[-1]), f"{key} must be a list")
    if kind == "too_short":
        return f"{key} must not be empty"
    if kind == "int_type":
        return f"{key} must be a whole number"
    if kind == "greater_than_equal":
        return f"{key} must be {error.get('ctx', {}).get('ge', 0)} or more"
    if kind == "less_than_equal":
        return f"{key} must be {error.get('ctx', {}).get('le', 0)} or less"
    return f"{key}: {error['msg']}"


# -- checks across the file --------------------------------------------------------------------


def _clusters(data: Mapping[str, Any]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    clusters = data.get("cluster")
    if isinstance(clusters, list):
        for index, cluster in enumerate(clusters):
            if isinstance(cluster, Mapping):
                yield index, cluster


def _duplicate_ids(data: Mapping[str, Any]) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, cluster in _clusters(data):
        cluster_id = cluster.get("id")
        if not isinstance(cluster_id, str):
            continue
        if cluster_id in first:
            yield Finding(
                ("cluster", index, "id"),
                Severity.ERROR,
                f"duplicate cluster id {cluster_id!r}: cluster {first[cluster_id] + 1} has it too",
            )
        else:
            first[cluster_id] = index


def _label_schemes(data: Mapping[str, Any]) -> Iterator[Finding]:
    """Each label's scheme must be ECEI, built in or declared, and its level one of that
    scheme's."""
    declared = data.get("scheme")
    declared = declared if isinstance(declared, Mapping) else {}
    levels_of: dict[str, tuple[str, ...] | None] = {
        name: scheme.levels for name, scheme in known_schemes({}).items()
    }
    for name, scheme in declared.items():
        levels = scheme.get("levels") if isinstance(scheme, Mapping) else None
        ok = isinstance(levels, list) and all(isinstance(level, str) for level in levels)
        levels_of[name] = tuple(levels) if ok and levels else None  # None: reported already
    for index, cluster in _clusters(data):
        labels = cluster.get("label")
        for number, label in enumerate(labels if isinstance(labels, list) else []):
            if not isinstance(label, Mapping):
                continue
            at = ("cluster", index, "label", number)
            scheme = label.get("scheme", ECEI)
            if not isinstance(scheme, str):
                continue
            if scheme not in levels_of:
                yield Finding((*at, "scheme"), Severity.ERROR, _unknown_scheme(scheme, levels_of))
                continue
            levels, level = levels_of[scheme], label.get("level")
            if levels is not None and isinstance(level, str) and level not in levels:
                message = f"level {explain_level(level, levels, scheme)}"
                yield Finding((*at, "level"), Severity.ERROR, message)


def _unknown_scheme(scheme: str, known: Mapping[str, object]) -> str:
    same = [name for name in known if name.casefold() == scheme.casefold()]
    near = same or difflib.get_close_matches(scheme, list(known), n=1, cutoff=0.6)
    if near:
        hint = f"did you mean {near[0]!r}?"
    elif ID.fullmatch(scheme):
        hint = f"declare it as a [scheme.{scheme}] table"
    else:
        hint = "declare it as a [scheme.ID] table, its id in lowercase letters, digits and hyphens"
    return (
        f"scheme {scheme!r} is not ECEI, a built-in scheme (labeltrack schemes) or one declared "
        f"in this file; {hint}"
    )


def _default_critical_above_warning(data: Mapping[str, Any]) -> Iterator[Finding]:
    """``warn_days`` below the default ``critical_days`` (which a key left out keeps): the
    registry's mistake, placed on its line, not the command line's."""
    settings = data.get("settings")
    if not isinstance(settings, Mapping) or "critical_days" in settings:
        return
    warn = settings.get("warn_days")
    if type(warn) is int and 0 <= warn < DEFAULT_CRITICAL_DAYS:
        yield Finding(
            ("settings", "warn_days"),
            Severity.ERROR,
            f"warn_days {warn} is less than critical_days, {DEFAULT_CRITICAL_DAYS} when not "
            f"given; raise warn_days or set critical_days to at most {warn}",
        )


def _invisible_characters(data: Mapping[str, Any]) -> Iterator[Finding]:
    """Names that hide characters nobody sees, so one cluster can pass for another."""
    for index, cluster in _clusters(data):
        for key in ("name", "short_name"):
            value = cluster.get(key)
            if isinstance(value, str) and INVISIBLE.search(value):
                yield Finding(
                    ("cluster", index, key),
                    Severity.WARNING,
                    f"{key} {value!r} holds characters that do not show on screen (zero-width "
                    "or tag characters); remove them",
                )


def _unknown_portfolios(data: Mapping[str, Any]) -> Iterator[Finding]:
    for index, cluster in _clusters(data):
        portfolio = cluster.get("portfolio")
        if isinstance(portfolio, str) and portfolio not in PORTFOLIOS:
            yield Finding(
                ("cluster", index, "portfolio"),
                Severity.WARNING,
                f"{portfolio!r} is not an ESCA comparative portfolio; "
                f"the closest is {closest(portfolio, PORTFOLIOS)!r}",
            )


def find_cluster(wanted: str, clusters: Sequence[tuple[str, str, str | None]]) -> int:
    """Which of ``clusters`` (id, name, short name) ``wanted`` names: its id, or — in any case,
    with or without accents, in any script — its id, name or short name, when only one cluster
    answers to it. Raises with the closest ids otherwise."""
    for index, (cluster_id, _, _) in enumerate(clusters):
        if cluster_id == wanted:
            return index
    folded = fold(wanted)
    matches = [
        index
        for index, names in enumerate(clusters)
        if folded in (fold(name) for name in names if name)
    ]
    if len(matches) == 1:
        return matches[0]
    ids = [cluster_id for cluster_id, _, _ in clusters]
    if matches:
        named = ", ".join(repr(ids[index]) for index in matches)
        raise LabeltrackError(f"{wanted!r} names more than one cluster ({named}); give its id")
    raise LabeltrackError(no_such_cluster(wanted, clusters))


def no_such_cluster(wanted: str, clusters: Sequence[tuple[str, str, str | None]]) -> str:
    """``there is no cluster with id 'litk'; did you mean 'litek'?``, matching ``wanted``
    against ids and folded names alike."""
    ids: dict[str, list[str]] = {}
    for cluster_id, *names in clusters:
        for key in (cluster_id, *(fold(name) for name in names if name)):
            ids.setdefault(key, []).append(cluster_id)
    near = difflib.get_close_matches(fold(wanted), list(ids), n=3, cutoff=0.5)
    suggestions = list(dict.fromkeys(found for match in near for found in ids[match]))
    hint = f"; did you mean {' or '.join(map(repr, suggestions))}?" if suggestions else ""
    return f"there is no cluster with id or name {wanted!r}{hint}"


_WORD = re.compile(r"\w+")
_LONGEST_GUESS = 200


def closest(text: str, choices: tuple[str, ...] | list[str]) -> str:
    """The choice most like ``text``: word by word first ("Optics" is nearer "optical" than
    "ICT"), then as a whole, ignoring case."""
    text = text[:_LONGEST_GUESS]  # matching is quadratic in length: a name is not longer
    words = _WORD.findall(text.casefold())

    def similarity(choice: str) -> tuple[float, float]:
        folded = choice.casefold()
        targets = _WORD.findall(folded) or [folded]
        by_word = sum(
            max(difflib.SequenceMatcher(None, word, target).ratio() for target in targets)
            for word in words
        )
        whole = difflib.SequenceMatcher(None, text.casefold(), folded).ratio()
        return (by_word / max(len(words), 1), whole)

    return max(choices, key=similarity)
