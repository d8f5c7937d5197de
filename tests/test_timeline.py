"""`labeltrack timeline`: the layout as pure functions (dates to columns), the text chart, SVG."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from labeltrack.history import SchemeHistory, histories
from labeltrack.model import Cluster, Label, Registry, Scheme
from labeltrack.timeline import Kind, Row, Segment, Window, cells, rows, segments, year_starts

from .conftest import BIGINN, REPO, Invoke, WriteRegistry

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("day", "column"),
    [
        (date(2024, 1, 1), 0),
        (date(2024, 1, 10), 0),
        (date(2024, 1, 11), 1),
        (date(2024, 4, 9), 9),
        (date(2023, 6, 1), 0),  # before the window: the first column
        (date(2030, 1, 1), 9),  # after it: the last
    ],
)
def test_days_map_to_columns(day: date, column: int) -> None:
    window = Window(date(2024, 1, 1), date(2024, 4, 9), 10)  # 100 days, 10 columns
    assert window.days == 100
    assert window.column(day) == column


def test_span_is_none_outside_the_window() -> None:
    window = Window(date(2024, 1, 1), date(2024, 4, 9), 10)
    assert window.span(date(2023, 1, 1), date(2023, 12, 31)) is None
    assert window.span(date(2023, 1, 1), date(2024, 1, 25)) == (0, 2)
    assert window.span(date(2024, 4, 1), date(2025, 1, 1)) == (9, 9)


AS_OF = date(2026, 11, 29)


def _history(*labels: Label, schemes: dict[str, Scheme] | None = None) -> SchemeHistory:
    cluster = Cluster(id="c", name="C", country="LT", labels=labels)
    (history,) = histories(cluster, Registry(schemes=schemes or {}).scheme)
    return history


def test_segments_show_validity_renewal_window_and_grace() -> None:
    label = Label(level="silver", awarded=date(2024, 1, 1), valid_until=date(2025, 12, 31))
    assert segments(_history(label), AS_OF) == [
        Segment(Kind.VALID, "silver", date(2024, 1, 1), date(2025, 10, 1), 1),
        Segment(Kind.RENEW, "silver", date(2025, 10, 2), date(2025, 12, 31), 1),
        Segment(Kind.GRACE, "silver", date(2026, 1, 1), date(2026, 12, 31), 1),
    ]


def test_a_renewal_awarded_within_grace_shows_the_wait_as_grace_then_validity() -> None:
    first = Label(level="bronze", awarded=date(2021, 6, 1), valid_until=date(2023, 5, 31))
    second = Label(level="bronze", awarded=date(2023, 10, 10), valid_until=date(2026, 5, 31))
    drawn = segments(_history(second, first), AS_OF)
    assert drawn[2:5] == [
        Segment(Kind.GRACE, "bronze", date(2023, 6, 1), date(2023, 10, 9)),
        Segment(Kind.VALID, "bronze", date(2023, 10, 10), date(2026, 3, 1)),
        Segment(Kind.RENEW, "bronze", date(2026, 3, 2), date(2026, 5, 31)),
    ]
    # on a day before the renewal was awarded, the first label's whole grace period shows
    before = segments(_history(second, first), date(2023, 8, 1))
    assert before[-1] == Segment(Kind.GRACE, "bronze", date(2023, 6, 1), date(2024, 5, 30))


def test_a_seamless_renewal_draws_no_grace_between() -> None:
    first = Label(level="bronze", valid_until=date(2023, 5, 31))
    second = Label(level="bronze", valid_until=date(2026, 5, 31))
    kinds = [(s.kind, s.start) for s in segments(_history(first, second), AS_OF)]
    assert kinds == [
        (Kind.VALID, date(2021, 5, 31)),
        (Kind.RENEW, date(2023, 3, 2)),
        (Kind.VALID, date(2023, 6, 1)),
        (Kind.RENEW, date(2026, 3, 2)),
        (Kind.GRACE, date(2026, 6, 1)),
    ]


def test_a_higher_level_is_drawn_over_a_lower_one() -> None:
    cluster = Cluster(id="a", name="A", country="DK")
    row = Row(cluster, "ECEI", "A", [
        Segment(Kind.RENEW, "bronze", date(2024, 1, 1), date(2024, 2, 9), 0),
        Segment(Kind.VALID, "silver", date(2024, 1, 21), date(2024, 4, 9), 1),
    ])  # fmt: skip
    window = Window(date(2024, 1, 1), date(2024, 4, 9), 10)
    assert [cell.level if cell else None for cell in cells(row, window)] == [
        "bronze", "bronze", *["silver"] * 8
    ]  # fmt: skip


def test_no_lead_or_grace_gives_one_plain_bar() -> None:
    iso = Scheme(name="ISO 9001", levels=("certified",), validity_months=36)
    label = Label(scheme="iso", level="certified", valid_until=date(2026, 1, 31))
    assert segments(_history(label, schemes={"iso": iso}), AS_OF) == [
        Segment(Kind.VALID, "certified", date(2023, 1, 31), date(2026, 1, 31))
    ]


def test_cells_draw_validity_over_grace_and_leave_gaps_empty() -> None:
    cluster = Cluster(id="a", name="A", country="DK")
    row = Row(cluster, "ECEI", "A", [
        Segment(Kind.GRACE, "gold", date(2024, 1, 1), date(2024, 1, 30)),
        Segment(Kind.VALID, "gold", date(2024, 1, 21), date(2024, 2, 9)),
    ])  # fmt: skip
    window = Window(date(2024, 1, 1), date(2024, 4, 9), 10)
    kinds = [cell.kind if cell else None for cell in cells(row, window)]
    assert kinds == [Kind.GRACE, Kind.GRACE, Kind.VALID, Kind.VALID, *[None] * 6]


def test_one_row_per_cluster_and_scheme() -> None:
    key = Scheme(name="Key", levels=("key",), validity_months=36)
    cluster = Cluster(id="pl", name="Polski", country="PL", labels=(
        Label(level="gold", valid_until=date(2026, 1, 1)),
        Label(scheme="key", level="key", valid_until=date(2027, 1, 1)),
    ))  # fmt: skip
    bare = Cluster(id="b", name="Bare", country="DK")
    registry = Registry(schemes={"key": key}, clusters=(cluster, bare))
    laid_out = rows(registry, [cluster, bare], AS_OF)
    assert [(row.title, row.scheme_id) for row in laid_out] == [
        ("Polski", "ECEI"),
        ("Polski · Key", "key"),
        ("Bare", None),
    ]
    assert laid_out[2].segments == []


def test_year_starts() -> None:
    window = Window(date(2023, 11, 20), date(2025, 11, 20), 100)
    assert year_starts(window) == [date(2024, 1, 1), date(2025, 1, 1)]


def test_text_chart_when_piped(invoke: Invoke) -> None:
    result = invoke("timeline", "-r", BIGINN, "--as-of", "2025-11-20", "--from", "2021-01-01",
                    "--to", "2027-12-31", env={"COLUMNS": "113"})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["2022", "2023", "2024", "2025", "2026", "2027"]
    assert lines[1].startswith(" " * 29 + "-")
    assert len(lines[1]) == 29 + 84
    litek = next(line for line in lines if line.startswith("LITEK"))
    bar = litek[29:]
    assert bar.strip(" ").startswith("B")
    assert "b." in bar  # renewal window, then grace
    assert litek.count("|") == 1  # the as-of marker
    assert lines[-1] == (
        "B bronze  lowercase: renewal window  . grace period (expired, renewable)  | 2025-11-20"
    )
    assert "\x1b" not in result.stdout


def test_svg_is_well_formed_and_escapes_names(
    invoke: Invoke, write_registry: WriteRegistry, tmp_path: Path
) -> None:
    path = write_registry(
        '[[cluster]]\nid = "x"\nname = "<script>alert(1)</script> & Ñ"\ncountry = "DK"\n\n'
        '[[cluster.label]]\nlevel = "gold"\nawarded = 2024-01-01\nvalid_until = 2025-12-31\n'
    )
    target = tmp_path / "chart.svg"
    result = invoke("timeline", "-r", path, "--as-of", "2025-06-01", "--svg", target)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"labeltrack: {target}: wrote the timeline of 1 row\n"
    root = ET.parse(target).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}script") is None
    names = [t for t in root.iter(f"{SVG}text") if t.get("class") == "name"]
    assert [name.findtext(f"{SVG}title") for name in names] == ["<script>alert(1)</script> & Ñ"]
    assert [name[0].tail for name in names] == ["<script>alert(1)</script> & Ñ"]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") in ("valid", "renew", "grace")]
    assert [bar.get("class") for bar in bars] == ["valid", "renew", "grace"]
    assert [bar.get("data-level") for bar in bars] == ["gold", "gold", "gold"]
    assert sum(1 for line in root.iter(f"{SVG}line") if line.get("class") == "as-of") == 1
    lefts = [float(bar.get("x", "0")) for bar in bars]
    assert lefts == sorted(lefts)


def test_litek_svg_draws_one_continuous_bronze_run(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    result = invoke("timeline", "-r", BIGINN, "--as-of", "2025-11-20", "--from", "2021-01-01",
                    "--to", "2027-12-31", "--svg", target)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    root = ET.parse(target).getroot()
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") in ("valid", "renew", "grace")]
    litek = bars[-5:]  # rows by name: BigScience.dk, INEUSTAR, LITEK
    tips = [bar.findtext(f"{SVG}title") for bar in litek]
    assert tips == [
        "bronze valid: 2021-05-31 – 2023-03-01",
        "bronze renew: 2023-03-02 – 2023-05-31",
        "bronze valid: 2023-06-01 – 2026-03-01",  # the renewal: no gap, no grace between
        "bronze renew: 2026-03-02 – 2026-05-31",
        "bronze grace: 2026-06-01 – 2027-05-31",
    ]
    for left, right in itertools.pairwise(litek):  # each bar starts where the last one ended
        end = float(left.get("x", "0")) + float(left.get("width", "0"))
        assert float(right.get("x", "0")) == pytest.approx(end, abs=0.01)


def test_a_window_that_ends_before_it_starts_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("timeline", "-r", BIGINN, "--from", "2026-01-01", "--to", "2025-01-01")
    assert result.exit_code == 2
    assert "2025-01-01 is not after 2026-01-01" in result.stderr


def test_svg_has_a_heading_a_key_of_what_it_draws_and_notes_for_empty_rows(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "chart.svg"
    screens = REPO / "tests" / "fixtures" / "screens.toml"
    assert (
        invoke("timeline", "-r", screens, "--as-of", "2025-11-20", "--svg", target).exit_code == 0
    )
    root = ET.parse(target).getroot()
    texts = {t.get("class"): t for t in root.iter(f"{SVG}text") if t.get("class")}
    assert texts["heading"].text == "Cluster labels, 2023-11-20 to 2027-11-20, as of 2025-11-20"
    key = root.find(f"{SVG}g[@class='key']")
    assert key is not None
    assert [t.text for t in key.iter(f"{SVG}text")] == [
        "bronze: valid",
        "silver: valid",
        "gold: valid",
        "labelled (Pôle de compétitivité): valid",
        "renewal window (pale)",
        "grace period: expired, renewable",
        "as of 2025-11-20",
    ]
    notes = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "note"]
    assert notes == ["lapsed", "no label"]
    long_titles = [t for t in root.iter(f"{SVG}text") if t.get("class") == "name"]
    assert all(len(t[0].tail or "") <= 44 for t in long_titles)  # shortened, whole in <title>


def test_a_renewal_awarded_early_ends_the_renewal_window() -> None:
    """Issue 16, item 8: only what is true at each moment: once the renewal is awarded, no
    renewal work is due on the label it continues."""
    first = Label(level="bronze", awarded=date(2023, 12, 1), valid_until=date(2025, 12, 1))
    renewal = Label(level="bronze", awarded=date(2025, 10, 1), valid_until=date(2028, 12, 1))
    drawn = segments(_history(first, renewal), AS_OF)
    assert drawn[:3] == [
        Segment(Kind.VALID, "bronze", date(2023, 12, 1), date(2025, 9, 1)),
        Segment(Kind.RENEW, "bronze", date(2025, 9, 2), date(2025, 9, 30)),
        Segment(Kind.VALID, "bronze", date(2025, 10, 1), date(2025, 12, 1)),
    ]
    assert not [s for s in drawn if s.kind is Kind.GRACE and s.start <= date(2025, 12, 2)]
