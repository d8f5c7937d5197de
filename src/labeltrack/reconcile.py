"""`labeltrack import`: a table of labelled clusters reconciled with the registry.

Each row is matched to a cluster the registry holds — by id, then by web site host, then by
name (folded, without punctuation or legal-form words), then, marked as such, by a name that is
only close — and its label is compared with that cluster's history: the same label, a new one,
or a date that differs from the one recorded. The plan says all of it; applying it goes through
the same locked, atomic, validated write as every edit, and changes a recorded date only when
asked to.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from labeltrack import history
from labeltrack.countries import country_code
from labeltrack.edit import Change, Data, derive_id
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.model import ECEI, ID, Cluster, Label, Registry, Scheme
from labeltrack.sources import Table, columns, parse_date
from labeltrack.words import count, fold

#: Words that say what kind of body a cluster is, not which: legal forms and "cluster" in the
#: languages of the published lists. Single letters (e.V., z.s., s.r.o.) go too.
_FORM_WORDS = frozenset((
    "ev", "gmbh", "mbh", "ug", "ag", "eg", "zs", "zsps", "sro", "spzoo", "sp", "zoo", "ltd",
    "limited", "inc", "llc", "sa", "sl", "slu", "srl", "sas", "sarl", "asbl", "vzw", "ry", "aps",
    "as", "ab", "oy", "oyj", "kft", "zrt", "nonprofit", "kht", "bv", "nv", "cic", "cluster",
    "clusters", "klaster", "klasteris", "klasteri", "klastr", "klastrs", "klastras", "klynge",
    "klyngen", "kluster", "association", "asociacion", "associazione", "verein",
))  # fmt: skip
#: How alike two folded names must be (difflib's ratio) to be offered as a fuzzy match.
FUZZY = 0.86
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Options:
    """What the command line adds to the file: a country or level for a one-country or
    one-level list, the scheme, headings to use, how to read dates, and the day of the plan."""

    as_of: date
    country: str | None = None
    level: str | None = None
    scheme: str = ECEI
    columns: Mapping[str, str] = field(default_factory=dict)
    day_first: bool = False


@dataclass(frozen=True)
class Row:
    """A row understood: a cluster and one of its labels."""

    number: int
    name: str
    country: str
    scheme: str
    level: str
    valid_until: date
    awarded: date | None = None
    id: str | None = None
    short_name: str | None = None
    portfolio: str | None = None
    website: str | None = None

    @property
    def label(self) -> Label:
        return Label(
            scheme=self.scheme, level=self.level, awarded=self.awarded, valid_until=self.valid_until
        )

    @property
    def title(self) -> str:
        return history.title(self.label)


@dataclass(frozen=True)
class Unread:
    """A row not understood, and why."""

    number: int
    why: str


@dataclass(frozen=True)
class Match:
    cluster: Cluster
    how: str  # "id", "website", "name", "short name" or "similar name"

    @property
    def fuzzy(self) -> bool:
        return self.how == "similar name"


@dataclass(frozen=True)
class NewCluster:
    id: str
    rows: list[Row]  # the first gives the cluster's details; each gives a label


@dataclass(frozen=True)
class Matched:
    """A row matched to a registry cluster: a new label, a differing date (``recorded`` and
    its ``index`` among the cluster's labels), or the same label."""

    row: Row
    match: Match
    recorded: Label | None = None
    index: int | None = None


@dataclass(frozen=True)
class Missing:
    """A registry label of a country and level the file covers, which the file does not list."""

    cluster: Cluster
    label: Label


@dataclass(frozen=True)
class ImportPlan:
    source: Path
    rows: int
    new_clusters: list[NewCluster]
    new_labels: list[Matched]
    differing: list[Matched]
    unchanged: list[Matched]
    unread: list[Unread]
    missing: list[Missing]

    @property
    def changes(self) -> int:
        return len(self.new_clusters) + len(self.new_labels) + len(self.differing)


def plan(table: Table, registry: Registry, options: Options) -> ImportPlan:
    """What importing ``table`` into ``registry`` would do."""
    fields = columns(table, options.columns)
    _require(table, fields, options, registry)
    index = _Index(registry)
    rows: list[Row] = []
    unread: list[Unread] = []
    for number, cells in table.rows:
        read = _row(number, cells, fields, options, registry)
        if isinstance(read, Row):
            rows.append(read)
        else:
            unread.append(read)
    new: dict[str, NewCluster] = {}
    new_by_name: dict[tuple[str, str], str] = {}
    taken = {cluster.id for cluster in registry.clusters}
    labels: dict[str, list[Label]] = {c.id: list(c.labels) for c in registry.clusters}
    planned_rows: dict[tuple[str, str, str], Row] = {}
    new_labels: list[Matched] = []
    differing: list[Matched] = []
    unchanged: list[Matched] = []
    seen: set[str] = set()
    for row in rows:
        match = index.match(row)
        if match is None:
            key = (row.country, _normal(row.name))
            cluster_id = new_by_name.get(key)
            if cluster_id is None:
                cluster_id = _free_id(row, taken)
                taken.add(cluster_id)
                new_by_name[key] = cluster_id
                new[cluster_id] = NewCluster(cluster_id, [])
            earlier_rows = new[cluster_id].rows
            if any(r.label == row.label for r in earlier_rows):
                continue  # the same row twice
            try:
                scheme = registry.scheme(row.scheme)
                history.plan_award([r.label for r in earlier_rows], scheme, row.label, derive=False)
            except LabeltrackError as exc:
                unread.append(Unread(row.number, f"does not fit the rows before it: {exc.message}"))
                continue
            earlier_rows.append(row)
            continue
        cluster = match.cluster
        seen.add(cluster.id)
        existing = labels[cluster.id]
        same = next(
            (
                label
                for label in cluster.labels
                if (label.scheme, label.level, label.valid_until)
                == (row.scheme, row.level, row.valid_until)
            ),
            None,
        )
        if same is not None:
            unchanged.append(Matched(row, match))
            continue
        key3 = (cluster.id, row.scheme, row.level)
        try:
            history.plan_award(existing, registry.scheme(row.scheme), row.label, derive=False)
        except LabeltrackError as exc:
            earlier = planned_rows.get(key3)
            if earlier is not None:
                unread.append(
                    Unread(
                        row.number,
                        f"gives another {row.title} date for {cluster.id!r} than "
                        f"row {earlier.number} ({earlier.valid_until})",
                    )
                )
                continue
            recorded = _nearest(cluster.labels, row)
            if recorded is None:
                unread.append(Unread(row.number, f"{cluster.id!r}: {exc.message}"))
                continue
            differing.append(Matched(row, match, recorded[1], recorded[0]))
            continue
        existing.append(row.label)
        planned_rows[key3] = row
        new_labels.append(Matched(row, match))
    missing = _missing(registry, rows, options, seen)
    return ImportPlan(
        source=table.path,
        rows=len(table.rows),
        new_clusters=list(new.values()),
        new_labels=new_labels,
        differing=differing,
        unchanged=unchanged,
        unread=sorted(unread, key=lambda item: item.number),
        missing=missing,
    )


def _require(table: Table, fields: Mapping[str, int], options: Options, registry: Registry) -> None:
    """The columns a file needs, or the options that stand in for them."""
    shown = ", ".join(repr(text) for text in table.headings if text) or "none"
    if "name" not in fields:
        raise LabeltrackError(
            f"{table.path}: no column of cluster names (its headings: {shown}); name it with "
            "--column name=HEADING"
        )
    if "valid_until" not in fields:
        raise LabeltrackError(
            f"{table.path}: no column of valid-until dates (its headings: {shown}); name it with "
            "--column valid_until=HEADING"
        )
    if options.scheme not in registry.known_schemes:
        raise UsageError(
            f"{options.scheme!r} is not a known scheme; see labeltrack schemes", param="scheme"
        )
    scheme = registry.scheme(options.scheme)
    if options.level is not None and options.level not in scheme.levels:
        raise UsageError(
            f"{options.level!r} is not a level of {options.scheme} ({', '.join(scheme.levels)})",
            param="level",
        )
    if "level" not in fields and options.level is None and len(scheme.levels) > 1:
        raise UsageError(
            f"{table.path} has no level column: give {{level}} ({', '.join(scheme.levels)}) for a "
            "list of one level",
            mentions=("level",),
        )


def _row(
    number: int,
    cells: Sequence[Any],
    fields: Mapping[str, int],
    options: Options,
    registry: Registry,
) -> Row | Unread:
    def cell(name: str) -> Any:
        index = fields.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    texts: dict[str, str | None] = {}
    for key in ("id", "name", "short_name", "country", "portfolio", "website", "level", "scheme"):
        value = cell(key)
        text = " ".join(str(value).split()) if value is not None else ""
        if _CONTROL.search(text):
            return Unread(number, f"{key} {text!r} holds a control character")
        texts[key] = text or None
    name = texts["name"]
    if name is None:
        return Unread(number, "has no name")
    country = options.country
    if texts["country"]:
        country = country_code(texts["country"])
        if country is None:
            return Unread(number, f"country {texts['country']!r} is not a country labeltrack knows")
    if country is None:
        return Unread(number, "has no country: give a country column or --country")
    scheme_id = options.scheme
    if texts["scheme"]:
        scheme_id = texts["scheme"] if texts["scheme"] in registry.known_schemes else ""
        if not scheme_id:
            return Unread(number, f"scheme {texts['scheme']!r} is not a known scheme")
    scheme = registry.scheme(scheme_id)
    level = _level(texts["level"], scheme) if texts["level"] else options.level
    if level is None and not texts["level"] and len(scheme.levels) == 1:
        level = scheme.levels[0]
    if level is None:
        return Unread(
            number,
            f"level {texts['level']!r} is not one of {scheme_id}'s ({', '.join(scheme.levels)})"
            if texts["level"]
            else "has no level",
        )
    try:
        valid_until = parse_date(cell("valid_until"), day_first=options.day_first)
    except ValueError as exc:
        return Unread(number, f"valid until {exc}")
    awarded = None
    if cell("awarded") not in (None, ""):
        try:
            awarded = parse_date(cell("awarded"), day_first=options.day_first)
        except ValueError as exc:
            return Unread(number, f"awarded {exc}")
        if awarded > valid_until:
            return Unread(number, f"awarded {awarded} is after valid until {valid_until}")
    website = texts["website"]
    if website:
        website = _website(website)
        if website is None:
            return Unread(number, f"website {texts['website']!r} is not a web address")
    cluster_id = texts["id"] if texts["id"] and ID.fullmatch(texts["id"]) else None
    return Row(
        number=number,
        name=name,
        country=country,
        scheme=scheme_id,
        level=level,
        valid_until=valid_until,
        awarded=awarded,
        id=cluster_id,
        short_name=texts["short_name"],
        portfolio=texts["portfolio"],
        website=website,
    )


def _level(text: str, scheme: Scheme) -> str | None:
    """The scheme level a cell names: "BRONZE", "Silver label", "GOLD – Cluster Management
    Excellence"; None when it names none or more than one."""
    words = set(re.sub(r"[^a-z0-9-]+", " ", fold(text)).split())
    named = [level for level in scheme.levels if level in words or fold(text) == level]
    return named[0] if len(named) == 1 else None


_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")


def _website(text: str) -> str | None:
    """``www.litek.lt`` as ``https://www.litek.lt``; None for what is not a web address."""
    address = text if re.match(r"(?i)https?://", text) else f"https://{text}"
    host = _host(address)
    return address if host and _HOST.fullmatch(host) and " " not in address else None


def _host(address: str) -> str | None:
    try:
        host = urlsplit(address).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _normal(name: str) -> str:
    """A name as names are compared: folded, no punctuation, no legal-form or "cluster" word."""
    words = re.sub(r"[^a-z0-9]+", " ", fold(name)).split()
    kept = [word for word in words if len(word) > 1 and word not in _FORM_WORDS]
    return " ".join(kept or words)


def _head(name: str) -> str:
    """``LITEK`` of ``LITEK – Laser & Engineering Technologies Cluster``."""
    return re.split(r"\s[–—-]\s", name, maxsplit=1)[0]


class _Index:
    """The registry's clusters by id, web site host and compared name."""

    def __init__(self, registry: Registry) -> None:
        self.by_id = {cluster.id: cluster for cluster in registry.clusters}
        self.by_host: dict[str, list[Cluster]] = {}
        self.by_name: dict[str, list[tuple[Cluster, str]]] = {}
        self.by_country: dict[str, dict[str, list[Cluster]]] = {}
        #: Per country, the compared names by the first three letters of each of their words:
        #: a similar name shares at least one, so only those are compared letter by letter.
        self.by_prefix: dict[str, dict[str, set[str]]] = {}
        for cluster in registry.clusters:
            host = _host(cluster.website) if cluster.website else None
            if host:
                self.by_host.setdefault(host, []).append(cluster)
            names = {_normal(cluster.name): "name"}
            if cluster.short_name:
                names.setdefault(_normal(cluster.short_name), "short name")
            names.setdefault(_normal(_head(cluster.name)), "name")
            for normal, how in names.items():
                self.by_name.setdefault(normal, []).append((cluster, how))
                self.by_country.setdefault(cluster.country, {}).setdefault(normal, []).append(
                    cluster
                )
                prefixes = self.by_prefix.setdefault(cluster.country, {})
                for prefix in _prefixes(normal):
                    prefixes.setdefault(prefix, set()).add(normal)

    def match(self, row: Row) -> Match | None:
        if row.id and row.id in self.by_id:
            return Match(self.by_id[row.id], "id")
        host = _host(row.website) if row.website else None
        found = self.by_host.get(host, []) if host else []
        if len(found) == 1:
            return Match(found[0], "website")
        for normal in dict.fromkeys([_normal(row.name), _normal(_head(row.name))]):
            named = [
                (c, how) for c, how in self.by_name.get(normal, []) if c.country == row.country
            ]
            clusters = {c.id for c, _ in named}
            if len(clusters) == 1:
                return Match(named[0][0], named[0][1])
        pool = self.by_country.get(row.country, {})
        prefixes = self.by_prefix.get(row.country, {})
        normal = _normal(row.name)
        near = {name for prefix in _prefixes(normal) for name in prefixes.get(prefix, ())}
        close = difflib.get_close_matches(normal, sorted(near), n=2, cutoff=FUZZY)
        candidates = {c.id: c for name in close for c in pool[name]}
        if len(candidates) == 1:
            return Match(next(iter(candidates.values())), "similar name")
        return None


def _prefixes(normal: str) -> set[str]:
    return {word[:3] for word in normal.split() if len(word) >= 3}


def _free_id(row: Row, taken: set[str]) -> str:
    base = row.id or derive_id(row.short_name or row.name)
    cluster_id, number = base, 2
    while cluster_id in taken:
        cluster_id, number = f"{base}-{number}", number + 1
    return cluster_id


def _nearest(labels: Sequence[Label], row: Row) -> tuple[int, Label] | None:
    """The recorded label of the row's scheme and level whose end is closest to the row's."""
    same = [
        (index, label)
        for index, label in enumerate(labels)
        if (label.scheme, label.level) == (row.scheme, row.level)
    ]
    if not same:
        return None
    return min(same, key=lambda item: abs((item[1].valid_until - row.valid_until).days))


def _missing(
    registry: Registry, rows: Sequence[Row], options: Options, seen: set[str]
) -> list[Missing]:
    """Registry labels still valid on the day of the plan, of the countries and the levels the
    file covers, for clusters no row matched."""
    countries = {row.country for row in rows} | ({options.country} if options.country else set())
    levels = {(row.scheme, row.level) for row in rows}
    found = []
    for cluster in registry.clusters:
        if cluster.id in seen or cluster.country not in countries:
            continue
        for label in cluster.labels:
            if (label.scheme, label.level) in levels and label.valid_until >= options.as_of:
                found.append(Missing(cluster, label))
    return found


# -- applying the plan -------------------------------------------------------------------------


def apply_plan(data: Data, plan: ImportPlan, *, update: bool) -> Change:
    """Carry ``plan`` out on the registry's ``data``: add the new clusters and labels and, with
    ``update``, set the differing dates to the file's."""
    clusters: list[Data] = data.setdefault("cluster", [])
    position = {str(cluster.get("id")): cluster for cluster in clusters}
    for new in plan.new_clusters:
        first = new.rows[0]
        cluster: Data = {
            "id": new.id,
            "name": first.name,
            "short_name": first.short_name,
            "country": first.country,
            "portfolio": first.portfolio,
            "website": first.website,
            "label": [_label_data(row) for row in new.rows],
        }
        clusters.append({key: value for key, value in cluster.items() if value is not None})
    for matched in plan.new_labels:
        position[matched.match.cluster.id].setdefault("label", []).append(_label_data(matched.row))
    changed = 0
    if update:
        for matched in plan.differing:
            assert matched.index is not None
            label = position[matched.match.cluster.id]["label"][matched.index]
            label["valid_until"] = matched.row.valid_until
            changed += 1
    parts = [
        count(len(plan.new_clusters), "new cluster"),
        count(len(plan.new_labels) + sum(len(n.rows) for n in plan.new_clusters), "new label"),
    ]
    if changed:
        parts.append(count(changed, "changed date"))
    return Change("import", "imported", f"{', '.join(parts)} from {plan.source}")


def _label_data(row: Row) -> Data:
    label = {
        "scheme": None if row.scheme == ECEI else row.scheme,
        "level": row.level,
        "awarded": row.awarded,
        "valid_until": row.valid_until,
    }
    return {key: value for key, value in label.items() if value is not None}
