"""Every `status` format, fed a hostile registry: each value must come out as text."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from .conftest import BIGINN, Invoke, WriteRegistry

HOSTILE_NAME = (
    '=HYPERLINK("http://evil.example","x"), <script>alert(1)</script> | 100% '
    "[bold]Ñandú[/bold] `code` *em* _u_ ~s~ \\ &amp;"
)
HOSTILE = """
[[cluster]]
id = "hostile"
name = '=HYPERLINK("http://evil.example","x"), <script>alert(1)</script> | 100% [bold]Ñandú[/bold] `code` *em* _u_ ~s~ \\ &amp;'
country = "EL"
portfolio = '-ICT, "quoted"'
notes = \"\"\"line one
line two\"\"\"

[[cluster.label]]
level = "gold"
valid_until = 2026-01-10

[[cluster]]
id = "plain"
name = "Øresund"
country = "DK"

[[cluster.label]]
level = "silver"
valid_until = 2027-06-30
"""  # noqa: E501
AS_OF = "2026-01-15"


@pytest.fixture
def hostile(write_registry: WriteRegistry) -> Path:
    return write_registry(HOSTILE)


def _status(invoke: Invoke, path: Path, *args: str) -> str:
    result = invoke("status", "-r", path, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_csv_neutralises_formulas_and_keeps_numbers(invoke: Invoke, hostile: Path) -> None:
    rows = list(csv.reader(io.StringIO(_status(invoke, hostile, "-f", "csv"), newline="")))
    assert rows[0] == [
        "cluster_id", "cluster_name", "country", "portfolio", "scheme", "level", "awarded",
        "valid_until", "days_left", "state", "renew_by", "renewable_until",
    ]  # fmt: skip
    assert rows[1] == [
        "hostile", f"'{HOSTILE_NAME}", "EL", "'-ICT, \"quoted\"", "ECEI", "gold", "",
        "2026-01-10", "-5", "expired", "2025-10-12", "2027-01-10",
    ]  # fmt: skip
    assert rows[2][1] == "Øresund"
    assert len(rows) == 3


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_cells_stay_cells(invoke: Invoke, hostile: Path) -> None:
    lines = _status(invoke, hostile, "-f", "markdown").splitlines()
    assert lines[0] == "| Name | Comparative portfolio | Country | Label | Valid until | State |"
    assert all(_unescaped_pipes(line) == 7 for line in lines[:4])
    assert lines[2] == (
        '| =HYPERLINK("http\\://evil.example","x"), &lt;script&gt;alert(1)&lt;/script&gt; \\| 100% '
        "\\[bold\\]Ñandú\\[/bold\\] \\`code\\` \\*em\\* \\_u\\_ \\~s\\~ \\\\ &amp;amp; "
        '| -ICT, "quoted" | Greece | GOLD | 2026-01-10 | expired |'
    )
    assert lines[3] == "| Øresund | — | Denmark | SILVER | 2027-06-30 | ok |"


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def test_html_is_one_self_contained_escaped_page(invoke: Invoke, hostile: Path) -> None:
    page = _status(invoke, hostile, "-f", "html")
    parser = _Cells()
    parser.feed(page)
    parser.close()
    assert "script" not in parser.tags
    assert not {"link", "img", "iframe", "object"} & set(parser.tags)
    assert [marker for marker in ("src=", "href=", "url(") if marker in page] == []
    assert parser.cells[:9] == [
        HOSTILE_NAME, "Greece", '-ICT, "quoted"', "GOLD", "2026-01-10", "2025-10-12",
        "2027-01-10", "-5", "expired",
    ]  # fmt: skip
    assert '<tr class="expired">' in page
    assert page.startswith("<!DOCTYPE html>\n")


def test_prometheus_parses_with_the_reference_parser(invoke: Invoke, hostile: Path) -> None:
    text = _status(invoke, hostile, "-f", "prometheus")
    families = {family.name: family for family in text_string_to_metric_families(text)}
    until = families["labeltrack_label_valid_until_timestamp_seconds"]
    assert until.type == "gauge"
    assert [(s.labels, s.value) for s in until.samples] == [
        ({"cluster_id": "hostile", "country": "EL", "scheme": "ECEI", "level": "gold"}, 1768089600),
        ({"cluster_id": "plain", "country": "DK", "scheme": "ECEI", "level": "silver"}, 1814400000),
    ]
    assert "labeltrack_label_days_left" not in families  # "days" is no base unit
    states = families["labeltrack_label_state"]
    on = [(s.labels["cluster_id"], s.labels["state"]) for s in states.samples if s.value == 1]
    assert on == [("hostile", "expired"), ("plain", "ok")]
    assert len(states.samples) == 2 * 6


def test_promtool_accepts_the_metrics(
    invoke: Invoke, write_registry: WriteRegistry, hostile: Path
) -> None:
    """Issue 16, item 1: Prometheus's own linter, with an unlabelled cluster too (no empty label
    values). `.ci/run` installs promtool (Debian's prometheus), so this never skips there."""
    import shutil
    import subprocess

    promtool = shutil.which("promtool")
    if promtool is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run promtool: install Debian's prometheus")
        pytest.skip("promtool is not installed (apt-get install prometheus)")
    bare = write_registry(hostile.read_text(encoding="utf-8") + '\n[[cluster]]\nid = "none"\n'
                          'name = "No label"\ncountry = "DK"\n')  # fmt: skip
    text = _status(invoke, bare, "-f", "prometheus")
    assert 'level=""' not in text
    checked = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                             text=True, check=False)  # fmt: skip
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")


def test_prometheus_escapes_label_values() -> None:
    from labeltrack.formats.status.prometheus import escape

    assert escape('a"b\\c\nd') == 'a\\"b\\\\c\\nd'


def test_json_keeps_hostile_text_exact(invoke: Invoke, hostile: Path) -> None:
    document = json.loads(_status(invoke, hostile, "-f", "json"))
    assert document["labels"][0]["cluster_name"] == HOSTILE_NAME


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html", "prometheus"])
def test_output_file_is_written_atomically_with_the_same_text(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "reports" / f"status.{fmt}"
    written = invoke("status", "-r", BIGINN, "--as-of", AS_OF, "-f", fmt, "-o", target)
    assert (written.exit_code, written.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == _status(invoke, BIGINN, "-f", fmt)
    assert [p.name for p in target.parent.iterdir()] == [target.name]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_every_history_format_shows_a_renewed_label(invoke: Invoke, fmt: str) -> None:
    result = invoke("status", "-r", BIGINN, "--as-of", "2025-11-20", "--history", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert "renewed" in result.stdout


WITHIN = """
[[cluster]]
id = "{cluster_id}"
name = "{cluster_id}"
country = "DK"

[[cluster.label]]
level = "bronze"
valid_until = {until}
"""


@pytest.mark.parametrize(
    ("until", "included"),
    [
        ("2026-01-31", True),  # 61 days left: the edge of --within 61
        ("2026-02-01", False),  # 62 days left
        ("2025-12-01", True),  # its last day
        ("2025-11-30", True),  # expired yesterday, renewable
        ("2024-12-01", True),  # expired 365 days ago: renewable for the last day
        ("2024-11-30", False),  # expired 366 days ago: lapsed
    ],
)
def test_within_means_ending_soon_or_expired_and_renewable_never_lapsed(
    invoke: Invoke, write_registry: WriteRegistry, until: str, included: bool
) -> None:
    path = write_registry(WITHIN.format(cluster_id="a", until=until))
    result = _status(invoke, path, "-f", "json", "--as-of", "2025-12-01", "--within", "61")
    assert [label["cluster_id"] for label in json.loads(result)["labels"]] == (
        ["a"] if included else []
    )


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--country", "GR"], ["hostile"]),  # EL in the registry is Greece
        (["--country", "el,dk"], ["hostile", "plain"]),
        (["--level", "silver"], ["plain"]),
        (["--portfolio", "ict"], ["hostile"]),
        (["--within", "0"], ["hostile"]),
        (["--state", "ok", "--country", "DK"], ["plain"]),
        (["--state", "ok", "--country", "EL"], []),
    ],
)
def test_filters_combine(invoke: Invoke, hostile: Path, args: list[str], ids: list[str]) -> None:
    document = json.loads(_status(invoke, hostile, "-f", "json", *args))
    assert [label["cluster_id"] for label in document["labels"]] == ids


def test_history_lists_every_label_cluster_by_cluster(invoke: Invoke) -> None:
    document = json.loads(_status(invoke, BIGINN, "-f", "json", "--history"))
    assert [(label["cluster_id"], label["valid_until"]) for label in document["labels"]] == [
        ("bigscience-dk", "2025-11-25"),
        ("ineustar", "2025-11-30"),
        ("litek", "2023-05-31"),
        ("litek", "2026-05-31"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX"], "'XX' is not an ISO 3166-1 alpha-2 country code"),
        (
            ["--level", "platinum"],
            "--level: 'platinum' is not a level of any scheme in the registry; choose from "
            "bronze, silver, gold",
        ),
        (["--within", "-1"], "--within"),
        (["-f", "prometheus", "--history"], "prometheus shows current labels only"),
    ],
)
def test_bad_filters_are_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("status", "-r", BIGINN, *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        *(
            ["status", "-f", fmt]
            for fmt in ("table", "json", "csv", "markdown", "html", "prometheus")
        ),
        ["export", "ics"],
    ],
)
def test_every_format_fails_the_same_clean_way_on_bad_data(
    invoke: Invoke, write_registry: WriteRegistry, args: list[str]
) -> None:
    path = write_registry('[[cluster]]\nid = "a"\nname = "A"\ncountry = "XX"\n')
    result = invoke(*args, "-r", path)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"labeltrack: {path}:4: error: country must be an ISO 3166-1 alpha-2 country code like "
        "DK, ES or LT "
        "(EL and UK are accepted too); not 'XX'\n"
    )


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def test_every_state_colour_is_readable_on_its_row() -> None:
    """WCAG AA for normal text: a contrast of 4.5 or more, in every state's row."""
    from labeltrack.formats.status.html import _BACKGROUNDS, STATE_COLOURS

    for state, colour in STATE_COLOURS.items():
        light, dark = sorted((_luminance(colour), _luminance(_BACKGROUNDS[state])), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, state


def test_markdown_makes_no_links_on_github(invoke: Invoke, write_registry: WriteRegistry) -> None:
    """Issue 13, defect 12: GitHub links bare URLs, www. names and e-mail addresses by itself;
    the reports' Markdown, rendered by GitHub's own cmark-gfm, holds no link at all."""
    import cmarkgfm  # type: ignore[import-untyped,unused-ignore]

    name = "See https://evil.example, www.evil.example or boss@evil.example [x](http://y)"
    path = write_registry(
        f'[[cluster]]\nid = "a"\nname = "{name}"\ncountry = "DK"\nportfolio = "ICT"\n\n'
        '[[cluster.label]]\nlevel = "gold"\nvalid_until = 2026-01-10\n'
    )
    for args in (["status", "-f", "markdown"], ["summary", "-f", "markdown"],
                 ["check", "-f", "markdown"]):  # fmt: skip
        text = invoke(*args, "-r", path, "--as-of", "2025-11-20").stdout
        page = cmarkgfm.github_flavored_markdown_to_html(text)
        assert "<a " not in page, args
    table = cmarkgfm.github_flavored_markdown_to_html(
        invoke("status", "-f", "markdown", "-r", path, "--as-of", "2025-11-20").stdout
    )
    assert "See https://evil.example, www.evil.example or boss@" in table
