from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import tomli_w
from hypothesis import assume, given
from hypothesis import strategies as st

from labeltrack.toml_lines import KeyPath, key_lines, line_of

DOCUMENT = '''\
# header
[settings]
warn_days = 180   # comment with = and [brackets]

[[cluster]]
id = "a"
"quoted key" = 'x'
notes = """
multi
line with \\""" and "quotes"
"""
contacts = [
  "one@example.org",  # first
  "two@example.org",
]

[[cluster.label]]
level = "bronze"
valid_until = 2025-11-25

[[cluster]]
id = "b"
label = [
  {level = "gold", valid_until = 2026-01-01},
  { level = "silver", valid_until = 2027-01-01, notes = '}' },
]
site.name = "dotted"
'''


def test_every_kind_of_key_is_placed_on_its_line() -> None:
    lines = key_lines(DOCUMENT)
    assert lines[("settings",)] == 2
    assert lines[("settings", "warn_days")] == 3
    assert lines[("cluster", 0)] == 5
    assert lines[("cluster", 0, "id")] == 6
    assert lines[("cluster", 0, "quoted key")] == 7
    assert lines[("cluster", 0, "notes")] == 8
    assert lines[("cluster", 0, "contacts")] == 12
    assert lines[("cluster", 0, "contacts", 0)] == 13
    assert lines[("cluster", 0, "contacts", 1)] == 14
    assert lines[("cluster", 0, "label", 0)] == 17
    assert lines[("cluster", 0, "label", 0, "valid_until")] == 19
    assert lines[("cluster", 1)] == 21
    assert lines[("cluster", 1, "label", 0, "level")] == 24
    assert lines[("cluster", 1, "label", 1)] == 25
    assert lines[("cluster", 1, "label", 1, "notes")] == 25
    assert lines[("cluster", 1, "site", "name")] == 27


def test_a_missing_key_falls_back_to_its_table() -> None:
    lines = key_lines(DOCUMENT)
    assert line_of(lines, ("cluster", 1, "label", 1, "awarded")) == 25
    assert line_of(lines, ("cluster", 0, "label", 0, "awarded")) == 17
    assert line_of(lines, ("nowhere",)) == 1


def test_windows_line_endings_count_the_same() -> None:
    lines = key_lines(DOCUMENT.replace("\n", "\r\n"))
    assert lines[("cluster", 1, "label", 1, "notes")] == 25


_keys = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
_scalars = st.one_of(
    st.integers(),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1)),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
    max_leaves=10,
)


def _paths(data: dict[str, Any], prefix: KeyPath = ()) -> list[KeyPath]:
    found: list[KeyPath] = []
    for key, value in data.items():
        path = (*prefix, key)
        found.append(path)
        if isinstance(value, dict):
            found.extend(_paths(value, path))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found.append((*path, index))
                if isinstance(item, dict):
                    found.extend(_paths(item, (*path, index)))
    return found


@given(st.dictionaries(_keys, _values, max_size=5), st.booleans())
def test_every_key_tomli_w_writes_is_found(data: dict[str, Any], multiline: bool) -> None:
    text = tomli_w.dumps(data, multiline_strings=multiline)
    # A multi-line string reads "\r\n" back as "\n": not a document this test is about.
    assume(tomllib.loads(text) == data)
    lines = key_lines(text)
    total = text.count("\n") + 1
    for path in _paths(data):
        assert path in lines, (path, text)
        assert 1 <= lines[path] <= total
