"""Changing a registry file without ever damaging it.

Every change reads and validates the file, changes its data, validates the result with the same
rules as ``labeltrack check``, and writes it atomically in labeltrack's canonical layout, holding a
lock for the whole read-modify-write. tomli-w writes the file, so comments cannot survive: the
comment block at the top is kept exactly, and any other comment makes the write refuse unless the
user accepts the loss.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from labeltrack import history
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.files import atomic_write, locked
from labeltrack.loading import (
    Finding,
    RegistryInvalid,
    Severity,
    check,
    check_text,
    find_cluster,
    findings,
    parse,
    read_text,
)
from labeltrack.model import ECEI, Cluster, Label, Scheme, Settings, known_schemes, toml_keys
from labeltrack.toml_lines import KeyPath, comment_lines, key_lines, line_of
from labeltrack.words import count, fold

Data = dict[str, Any]

#: The top of a file made by ``labeltrack init``.
INIT_TEXT = """\
# labeltrack registry: cluster organisations and the quality labels they hold.
# The format is described under "The registry file" in labeltrack's README; `labeltrack check`
# validates this file, and `labeltrack add`, `award`, `remove` and `fmt` edit it.
# labeltrack keeps this comment block when it rewrites the file; comments anywhere else
# would be lost, so write such remarks into `notes` fields instead.

[settings]
warn_days = 180
critical_days = 30
"""

_LOCK_WAIT = 60


# -- the canonical layout ----------------------------------------------------------------------


def _ordered(table: Mapping[str, Any], keys: list[str]) -> Data:
    return {key: table[key] for key in keys if key in table}


def canonical_data(data: Mapping[str, Any]) -> Data:
    """``data`` in the canonical order: ``[settings]`` first, then the ``[scheme.NAME]`` tables,
    then the clusters in file order with their
    keys in the order the README documents, each cluster's labels by ``valid_until``. An empty
    list of clusters or labels is left out: as tables, it has nothing to write."""
    result: Data = {}
    if "settings" in data:
        result["settings"] = _ordered(data["settings"], toml_keys(Settings))
    if data.get("scheme"):
        keys = toml_keys(Scheme)
        result["scheme"] = {name: _ordered(rules, keys) for name, rules in data["scheme"].items()}
    clusters = []
    for cluster in data.get("cluster", []):
        ordered = _ordered(cluster, toml_keys(Cluster))
        labels = sorted(ordered.pop("label", []), key=lambda label: label["valid_until"])
        if labels:
            ordered["label"] = [_ordered(label, toml_keys(Label)) for label in labels]
        clusters.append(ordered)
    if clusters:
        result["cluster"] = clusters
    return result


def render(header: list[str], data: Mapping[str, Any]) -> str:
    """The canonical text: the file's top comment block exactly as it was, then every table in
    canonical order, each separated by a blank line. Labels are always ``[[cluster.label]]``
    tables (tomli-w alone would inline short ones); tomli-w writes every value."""
    import tomli_w

    def table(heading: str, values: Mapping[str, Any]) -> str:
        return f"{heading}\n{tomli_w.dumps(values, multiline_strings=True)}"

    ordered = canonical_data(data)
    tables = []
    if "settings" in ordered:
        tables.append(table("[settings]", ordered["settings"]))
    for name, rules in ordered.get("scheme", {}).items():
        tables.append(table(f"[scheme.{name}]", rules))
    for cluster in ordered.get("cluster", []):
        labels = cluster.pop("label", [])
        tables.append(table("[[cluster]]", cluster))
        tables.extend(table("[[cluster.label]]", label) for label in labels)
    return "\n".join(["\n".join(header) + "\n"] * bool(header) + tables)


def split_comments(text: str) -> tuple[list[str], list[int]]:
    """The leading comment block (comment and blank lines before the first TOML line, without
    trailing blank lines) and the lines of every other comment."""
    lines = re.split(r"\r\n|\r|\n", text.removesuffix("\n"))  # TOML's line ends only
    end = 0
    while end < len(lines) and (not lines[end].strip() or lines[end].lstrip().startswith("#")):
        end += 1
    header = lines[:end]
    while header and not header[-1].strip():
        header.pop()
    others = [line for line in comment_lines(text) if line > end]
    return header, others


# -- the edits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What an edit does, in words, and where its new values sit: ``params`` maps each key the
    edit wrote to the parameter that gave its value, so errors name the input."""

    verb: str  # "add"
    past: str  # "added"
    what: str  # "cluster 'litek' (LITEK)"
    at: KeyPath = ()
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def done(self) -> str:
        return f"{self.past} {self.what}"

    @property
    def planned(self) -> str:
        return f"would {self.verb} {self.what}"


def derive_id(text: str) -> str:
    """An id from a name in any script: ``LITEK`` → ``litek``, ``BigScience.dk`` →
    ``bigscience-dk``, ``Øresund`` → ``oresund``, ``Ελληνικό`` → ``elliniko``; never empty."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "cluster"


def _clusters(data: Data) -> list[Data]:
    clusters: list[Data] = data.setdefault("cluster", [])
    return clusters


def _find(data: Data, wanted: str) -> tuple[int, Data]:
    """The cluster ``wanted`` names (its id, or unambiguously its name or short name)."""
    clusters = _clusters(data)
    names = [(str(c.get("id")), str(c.get("name")), c.get("short_name")) for c in clusters]
    index = find_cluster(wanted, names)
    return index, clusters[index]


def add_cluster(data: Data, cluster_id: str | None, values: Mapping[str, Any]) -> Change:
    """Append a cluster; without an id, derive one from the short name or the name."""
    if cluster_id is None:
        cluster_id = derive_id(values.get("short_name") or values["name"])
    clusters = _clusters(data)
    taken = next((c for c in clusters if c.get("id") == cluster_id), None)
    if taken is not None:
        raise LabeltrackError(
            f"cluster id {cluster_id!r} is already taken by {taken.get('name')!r}; "
            "give another id: labeltrack add ID ..."
        )
    clusters.append({"id": cluster_id, **{k: v for k, v in values.items() if v is not None}})
    params = {key: key for key in toml_keys(Cluster)}
    params.update(id="cluster_id", contacts="contact", notify="notify_tag")
    what = f"cluster {cluster_id!r} ({values['name']})"
    return Change("add", "added", what, ("cluster", len(clusters) - 1), params)


def _scheme(data: Data, scheme_id: str) -> Scheme:
    """A scheme's rules from the (validated) file's data."""
    declared = data.get("scheme", {})
    if scheme_id in declared:
        return Scheme(**declared[scheme_id])
    schemes = known_schemes({})
    if scheme_id not in schemes:
        known = ", ".join(sorted({*schemes, *declared}))
        raise UsageError(
            f"{scheme_id!r} is not a known scheme ({known}); declare others under "
            "[scheme.ID] in the registry",
            param="scheme",
        )
    return schemes[scheme_id]


def award_label(
    data: Data,
    cluster_id: str,
    level: str | None,
    awarded: date | None,
    valid_until: date | None,
    notes: str | None,
    scheme: str = ECEI,
    *,
    today: date,
) -> Change:
    """Record a new label; without ``valid_until``, derive it from the history on ``awarded``
    by the scheme's rule (ESCA's, for ECEI). Refuses the same label twice, two labels of one
    level at once, and an award after ``today`` whose end is not given (labels are recorded
    once granted). ``level`` may be None for a scheme with one level."""
    if level is None:
        levels = _scheme(data, scheme).levels
        if len(levels) != 1:
            raise UsageError(
                f"give {{level}}: {scheme} has the levels {', '.join(levels)}",
                mentions=("level",),
            )
        level = levels[0]
    index, cluster = _find(data, cluster_id)
    labels: list[Data] = cluster.setdefault("label", [])
    new = Label(
        scheme=scheme,
        level=level,
        awarded=awarded,
        valid_until=valid_until or awarded or today,  # derived below when not given
        notes=notes,
    )
    existing = [Label(**label) for label in labels]
    if valid_until is None:
        if awarded is None:
            raise UsageError(
                "give {valid_until}, or {awarded} to derive it from the scheme's rules",
                mentions=("valid_until", "awarded"),
            )
        rules = _scheme(data, scheme)
        if awarded > today:
            raise UsageError(
                f"{awarded} is after today ({today}); labels are recorded once they are granted "
                "(give {valid_until} too to record a label granted ahead of its award date)",
                param="awarded",
                mentions=("valid_until",),
            )
        planned = history.plan_award(existing, rules, new, derive=True)
    elif scheme in known_schemes({}) or scheme in data.get("scheme", {}):
        planned = history.plan_award(existing, _scheme(data, scheme), new, derive=False)
    else:
        planned = history.Award(new, "")  # validation names the unknown scheme as check does
    label: Data = {
        "scheme": None if scheme == ECEI else scheme,
        "level": level,
        "awarded": awarded,
        "valid_until": planned.label.valid_until,
        "notes": notes,
    }
    labels.append({key: value for key, value in label.items() if value is not None})
    rule = f" ({planned.rule})" if planned.rule else ""
    what = (
        f"a {level.upper()} label for {cluster_id!r}, valid until "
        f"{planned.label.valid_until.isoformat()}{rule}"
    )
    params = {key: key for key in toml_keys(Label)}
    return Change("record", "recorded", what, ("cluster", index, "label", len(labels) - 1), params)


def remove_cluster(data: Data, cluster_id: str) -> Change:
    index, cluster = _find(data, cluster_id)
    del _clusters(data)[index]
    labels = count(len(cluster.get("label", [])), "label")
    return Change(
        "remove", "removed", f"cluster {cluster_id!r} ({cluster.get('name')}) and its {labels}"
    )


def reformat(data: Data) -> Change:
    return Change("reformat", "reformatted", "the file in the canonical layout")


# -- reading and writing -----------------------------------------------------------------------


@dataclass(frozen=True)
class EditResult:
    path: Path
    before: str
    after: str
    change: Change
    warnings: list[str]
    dropped_comments: list[int]
    written: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=str(self.path),
                tofile=f"{self.path} (after)",
            )
        )


@dataclass(frozen=True)
class _Loaded:
    text: str
    data: Data
    header: list[str]
    comments: list[int]


def _load(path: Path) -> _Loaded:
    """The file's data, read once, refusing a file that ``labeltrack check`` would fail."""
    try:
        text = read_text(path)
    except LabeltrackError:
        raise RegistryInvalid(check(path)) from None
    report = check_text(path, text)
    if report.errors:
        first = report.format(report.errors[0])
        more = len(report.errors) - 1
        others = f" (and {more} more)" if more else ""
        raise LabeltrackError(
            f"{first}{others}; fix the registry first (labeltrack check -r {path} lists every "
            "problem): nothing was changed"
        )
    header, comments = split_comments(text)
    return _Loaded(text, parse(text), header, comments)


def _comments_refused(path: Path, lines: list[int]) -> LabeltrackError:
    where = ", ".join(str(line) for line in lines)
    which = f"the comments on lines {where}" if len(lines) > 1 else f"the comment on line {where}"
    return LabeltrackError(
        f"{path}: {which} would be lost, because "
        "labeltrack rewrites the file and keeps only the comment block at the top; move them "
        "into notes fields, or pass {drop_comments} to accept the loss: nothing was changed",
        mentions=("drop_comments",),
    )


def _new_value_error(
    path: Path, change: Change, found: list[Finding], line: Callable[[KeyPath], int]
) -> LabeltrackError:
    """The first error in the changed data, named by the option that gave the value."""
    errors = [finding for finding in found if finding.severity is Severity.ERROR]
    for finding in errors:
        at = len(change.at)
        if change.at and finding.loc[:at] == change.at and len(finding.loc) > at:
            key = str(finding.loc[at])
            param = change.params.get(key, key)
            message = finding.words(line).removeprefix(f"{key} ")
            return UsageError(message, param=param)
    return LabeltrackError(
        f"{path}: the change would make the registry invalid: {errors[0].words(line)}"
    )


def apply(
    path: Path,
    edit: Callable[[Data], Change],
    *,
    dry_run: bool = False,
    drop_comments: bool = False,
) -> EditResult:
    """Read, change, validate and (unless ``dry_run``) write ``path``, under its lock. A dry
    run writes nothing, not even the lock, so it works in a folder it cannot write to. Through
    a symbolic link, the file it points to is the one changed (in its own folder, so the link
    stays a link); a file with hard links is refused, since replacing it would split them."""
    if not path.is_file():
        _load(path)  # raises with the same message check gives
    if dry_run:
        return _apply_locked(path, edit, dry_run=True, drop_comments=drop_comments)
    links = path.stat().st_nlink
    if links > 1:
        raise LabeltrackError(
            f"{path}: the file has {links} hard links, and labeltrack replaces a file when it "
            "writes it, which would split them; edit it through one name only (or copy it): "
            "nothing was changed"
        )
    busy = (
        f"{path}: another labeltrack command has been editing this file for {_LOCK_WAIT} s; "
        "nothing was changed"
    )
    target = path.resolve()
    with locked(target.with_name(f".{target.name}.lock"), wait=_LOCK_WAIT, busy=busy):
        return _apply_locked(path, edit, dry_run=dry_run, drop_comments=drop_comments)


def _apply_locked(
    path: Path, edit: Callable[[Data], Change], *, dry_run: bool, drop_comments: bool
) -> EditResult:
    loaded = _load(path)
    if loaded.comments and not drop_comments:
        raise _comments_refused(path, loaded.comments)
    data = copy.deepcopy(loaded.data)
    try:
        change = edit(data)
    except LabeltrackError as exc:
        if isinstance(exc, UsageError):
            raise
        raise exc.within(str(path)) from None
    _, found = findings(data)

    def line(loc: KeyPath) -> int:
        """Where a label the change did not add is in the file (edits only append labels)."""
        return line_of(key_lines(loaded.text), loc)

    if any(finding.severity is Severity.ERROR for finding in found):
        raise _new_value_error(path, change, found, line)
    warnings = [
        f"warning: {finding.words(line)}"
        for finding in found
        if change.at and finding.loc[: len(change.at)] == change.at
    ]
    after = render(loaded.header, data)
    outcome = EditResult(path, loaded.text, after, change, warnings, loaded.comments, False)
    if dry_run or not outcome.changed:
        return outcome
    if _current_text(path) != loaded.text:
        raise LabeltrackError(
            f"{path}: the file changed on disk while labeltrack was editing it (an editor saved "
            "it?); nothing was written, so run the command again"
        )
    atomic_write(path.resolve(), after.encode("utf-8"))
    return EditResult(path, loaded.text, after, change, warnings, loaded.comments, True)


def _current_text(path: Path) -> str | None:
    try:
        return read_text(path)
    except LabeltrackError:
        return None


def check_format(path: Path) -> EditResult:
    """What ``fmt`` would do, without the lock or a write: for ``fmt --check`` in CI."""
    loaded = _load(path)
    after = render(loaded.header, loaded.data)
    return EditResult(path, loaded.text, after, reformat(loaded.data), [], loaded.comments, False)


def init(path: Path, *, dry_run: bool = False) -> EditResult:
    """Create a new, valid registry (and its folders); never overwrite one."""
    if path.exists():
        raise LabeltrackError(
            f"{path}: the file already exists; labeltrack init never overwrites a registry"
        )
    if not dry_run:
        atomic_write(path, INIT_TEXT.encode("utf-8"), exclusive=True)
    change = Change("create", "created", "a new registry")
    return EditResult(path, "", INIT_TEXT, change, [], [], not dry_run)
