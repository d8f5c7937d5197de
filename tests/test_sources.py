"""Reading tables of clusters: dates in every published form, headings, delimiters, encodings."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labeltrack import reconcile
from labeltrack.countries import country_code
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.loading import load
from labeltrack.sources import columns, parse_date, read

from .conftest import BIGINN

_BIGINN = load(BIGINN)


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("2026-05-31", False, date(2026, 5, 31)),
        ("2018/09/06", False, date(2018, 9, 6)),  # ESCA's lists
        ("2026-05-31 00:00:00", False, date(2026, 5, 31)),  # a date cell saved as text
        ("31.05.2026", False, date(2026, 5, 31)),  # day above 12: day first, unambiguous
        ("31/05/2026", False, date(2026, 5, 31)),
        ("05.05.2026", False, date(2026, 5, 5)),  # the same either way
        ("01.02.2027", True, date(2027, 2, 1)),
        ("01/02/2027", True, date(2027, 2, 1)),
        (date(2027, 1, 14), False, date(2027, 1, 14)),  # an Excel date cell
    ],
)
def test_dates_in_every_published_form(value: object, day_first: bool, expected: date) -> None:
    assert parse_date(value, day_first=day_first) == expected


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("01.02.2027", "'01.02.2027' could be day first or month first; give --day-first if the "
         "file writes the day first"),
        ("05/31/2026", "'05/31/2026' puts the month first; write the day first or as YYYY-MM-DD"),
        ("2026/02/30", "'2026/02/30' is not a day of the calendar"),
        ("May 2026", "'May 2026' is not a date (YYYY-MM-DD, YYYY/MM/DD or DD.MM.YYYY)"),
        ("", "is empty"),
        (None, "is empty"),
        (datetime(2026, 1, 1, 13, 30), "2026-01-01 13:30:00 carries a time of day"),
    ],
)  # fmt: skip
def test_dates_that_cannot_be_read_say_why(value: object, why: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(why)}$"):
        parse_date(value, day_first=False)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
def test_every_date_reads_back_from_each_form(day: date, day_first: bool) -> None:
    forms = [day.isoformat(), day.strftime("%Y/%m/%d")]
    if day_first or day.day > 12 or day.day == day.month:
        forms += [day.strftime("%d.%m.%Y"), day.strftime("%d/%m/%Y")]
    assert {parse_date(form, day_first=day_first) for form in forms} == {day}


@given(st.text(max_size=30))
def test_no_text_crashes_the_date_reader(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert isinstance(parse_date(text, day_first=False), date)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Denmark", "DK"), ("dk", "DK"), (" Spain ", "ES"), ("Lithuania", "LT"), ("EL", "EL"),
     ("UK", "UK"), ("Greece", "GR"), ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("DNK", "DK"),
     ("Türkiye", "TR"), ("Deutschland", None), ("Atlantis", None)],
)  # fmt: skip
def test_countries_by_code_or_english_name(text: str, code: str | None) -> None:
    assert country_code(text) == code


def test_a_semicolon_csv_in_windows_1252_with_a_title_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(
        "Labelled clusters 2026\n\nCluster organisation;Land;Date of award;Expiry\n"
        "Øresund – Ålborg;DK;2024-01-01;2026-01-01\n".encode("cp1252")
    )
    table = read(path)
    assert table.headings == ["Cluster organisation", "Land", "Date of award", "Expiry"]
    assert table.rows == [(4, ["Øresund – Ålborg", "DK", "2024-01-01", "2026-01-01"])]
    assert columns(table, {}) == {"name": 0, "awarded": 2, "valid_until": 3}
    assert columns(table, {"country": "land"}) == {
        "country": 1, "name": 0, "awarded": 2, "valid_until": 3
    }  # fmt: skip


def test_a_utf8_csv_with_a_bom_and_quoted_line_breaks_keeps_its_line_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text('\ufeffName,Valid until\n"Two\nlines",2026-01-01\nNext,2027-01-01\n',
                    encoding="utf-8")  # fmt: skip
    table = read(path)
    assert table.headings == ["Name", "Valid until"]
    assert table.rows == [(2, ["Two\nlines", "2026-01-01"]), (4, ["Next", "2027-01-01"])]


_CELLS = st.one_of(
    st.text(max_size=14),
    st.sampled_from(["Denmark", "DK", "bronze", "GOLD", "2026/05/31", "31.05.2026", "01.02.2027",
                     "BigScience.dk", "LITEK", "www.litek.lt", "", "EL", "2026-02-30"]),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_CELLS, min_size=0, max_size=6), max_size=8),
    st.sampled_from([",", ";", "\t"]),
)
def test_any_table_reads_and_plans_or_says_why_in_one_sentence(
    rows: list[list[str]], delimiter: str
) -> None:
    """Whatever a spreadsheet holds, import either plans it or refuses with a LabeltrackError:
    never another exception, and never a row it silently drops."""
    import csv
    import io
    import tempfile

    text = io.StringIO()
    out = csv.writer(text, delimiter=delimiter)
    out.writerow(["Name", "Country", "Level", "Label valid until", "www"])
    out.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        refused: LabeltrackError | None = None
        try:
            table = read(path)
            plan = reconcile.plan(table, _BIGINN, reconcile.Options(as_of=date(2026, 1, 1)))
        except LabeltrackError as exc:
            refused = exc
    if refused is not None:
        assert refused.message.startswith(str(path)) or isinstance(refused, UsageError)
        return
    accounted = (
        [row.number for new in plan.new_clusters for row in new.rows]
        + [m.row.number for m in (*plan.new_labels, *plan.differing, *plan.unchanged)]
        + [item.number for item in plan.unread]
    )
    listed = {number for number, _ in table.rows}
    assert set(accounted) <= listed
    assert len(accounted) <= len(listed)  # a repeated row of a new cluster counts once
