from __future__ import annotations

import string
import textwrap
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labeltrack.edit import canonical_data, derive_id, render, split_comments
from labeltrack.loading import check_text
from labeltrack.model import PORTFOLIOS, validate


@pytest.mark.parametrize(
    ("name", "cluster_id"),
    [
        ("LITEK", "litek"),
        ("BigScience.dk", "bigscience-dk"),
        ("Clúster Aeroespacial – Ñandú", "cluster-aeroespacial-nandu"),
        ("  INEUSTAR  ", "ineustar"),
        ("Øresund Logistics Cluster", "oresund-logistics-cluster"),
        ("Łódzki Klaster", "lodzki-klaster"),
        ("Æbleklyngen", "aebleklyngen"),
        ("Straße der Cluster", "strasse-der-cluster"),
        ("Ελληνικό Cluster", "elliniko-cluster"),
        ("Кластер", "klaster"),
        ("–", "cluster"),  # nothing to spell: never empty
        ("Šviesos (LT) 2.0", "sviesos-lt-2-0"),
    ],
)
def test_derive_id(name: str, cluster_id: str) -> None:
    assert derive_id(name) == cluster_id


def test_split_comments_keeps_the_top_block_and_finds_the_rest() -> None:
    text = textwrap.dedent(
        """\
        #:schema ../schema/clusters.schema.json
        # The header.

        # Still the header.

        [settings]  # a trailing comment
        warn_days = 100
        notes = "# not a comment"
        # a comment line
        """
    )
    header, others = split_comments(text)
    assert header == [
        "#:schema ../schema/clusters.schema.json",
        "# The header.",
        "",
        "# Still the header.",
    ]
    assert others == [6, 9]


UNORDERED = """\
# Header stays.

[[cluster]]
label = [{valid_until = 2026-05-31, level = "bronze"}, {level = "gold", valid_until = 2020-01-01}]
country = "LT"
name = "LITEK"
id = "litek"

[settings]
critical_days = 10
warn_days = 90
"""

CANONICAL = """\
# Header stays.

[settings]
warn_days = 90
critical_days = 10

[[cluster]]
id = "litek"
name = "LITEK"
country = "LT"

[[cluster.label]]
level = "gold"
valid_until = 2020-01-01

[[cluster.label]]
level = "bronze"
valid_until = 2026-05-31
"""


def test_render_writes_the_canonical_layout() -> None:
    header, _ = split_comments(UNORDERED)
    assert render(header, tomllib.loads(UNORDERED)) == CANONICAL
    assert render(*_reparse(CANONICAL)) == CANONICAL


def _reparse(text: str) -> tuple[list[str], dict[str, Any]]:
    return split_comments(text)[0], tomllib.loads(text)


# -- the round trip, as a property -------------------------------------------------------------

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_BIDI + "\x85"),
    max_size=30,
)
_names = _line_text.filter(lambda text: text.strip() != "")
_notes = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=_BIDI + "\x85"),
        st.sampled_from(["\n", "\t", "\r", '"', "\\", "'", "#"]),
    ),
    max_size=40,
)
_ids = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}\Z")
_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
_emails = st.builds(
    "{}@{}.org".format,
    st.text(string.ascii_lowercase + string.digits + "._+", min_size=1, max_size=8).filter(
        lambda local: not local.startswith(".") and not local.endswith(".") and ".." not in local
    ),
    st.text(string.ascii_lowercase, min_size=1, max_size=8),
)


@st.composite
def _labels(draw: st.DrawFn) -> dict[str, Any]:
    until = draw(_days)
    label: dict[str, Any] = {
        "level": draw(st.sampled_from(["bronze", "silver", "gold"])),
        "valid_until": until,
    }
    if draw(st.booleans()):
        label["awarded"] = until - timedelta(days=draw(st.integers(0, 2000)))
    if draw(st.booleans()):
        label["notes"] = draw(_notes)
    return label


@st.composite
def _clusters(draw: st.DrawFn, cluster_id: str) -> dict[str, Any]:
    cluster: dict[str, Any] = {
        "id": cluster_id,
        "name": draw(_names),
        "country": draw(st.sampled_from(["DK", "ES", "LT", "EL", "UK", "DE"])),
    }
    optional = {
        "short_name": _names,
        "portfolio": st.sampled_from(PORTFOLIOS),
        "website": st.sampled_from(["https://example.org", "http://x.example/a?b=c#d"]),
        "contacts": st.lists(_emails, max_size=3),
        "notes": _notes,
        # one label per level: two of a level must follow the history rules (test_history.py)
        "label": st.lists(_labels(), max_size=3, unique_by=lambda label: label["level"]),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            cluster[key] = draw(strategy)
    return cluster


@st.composite
def _registries(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if draw(st.booleans()):
        warn = draw(st.integers(0, 400))
        data["settings"] = {"warn_days": warn, "critical_days": draw(st.integers(0, warn))}
        if draw(st.booleans()):
            data["settings"]["notify_days"] = draw(st.lists(st.integers(0, 400), min_size=1))
    empty_list: bool = draw(st.booleans())  # `cluster = []` is the same as no clusters
    ids: list[str] = draw(st.lists(_ids, unique=True, max_size=4))
    if ids or empty_list:
        data["cluster"] = [draw(_clusters(cluster_id)) for cluster_id in ids]
    return data


@settings(max_examples=200, deadline=None)
@given(_registries(), st.sampled_from([[], ["# header"], ["#:schema x.json", "", "# more"]]))
def test_writing_and_reading_back_gives_the_same_data(
    data: dict[str, Any], header: list[str]
) -> None:
    validate(data)  # the generator makes only valid registries
    text = render(header, data)
    assert tomllib.loads(text) == canonical_data(data)
    assert validate(tomllib.loads(text)) == validate(canonical_data(data))
    assert render(*_reparse(text)) == text  # canonical output is a fixed point
    assert split_comments(text) == (header, [])
    assert check_text(Path("generated.toml"), text).errors == []
