"""Tables of labelled clusters as people keep them: CSV from any spreadsheet, Excel workbooks and
HTML pages (ESCA's published lists, project deliverables), read into rows of cells with the row
numbers the user sees, and their columns recognised by heading.

Each reader is imported only for its kind of file. A file that cannot be read as a table is one
``LabeltrackError`` naming the file (and the row, where there is one).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.words import fold

#: The fields a column can fill, and the headings each is known by (folded: see ``_heading``),
#: in English and as ESCA and project deliverables publish them.
HEADINGS: dict[str, tuple[str, ...]] = {
    "id": ("id", "cluster id"),
    "name": ("name", "cluster", "cluster organisation", "cluster organization", "cluster name",
             "organisation", "organization", "cluster management organisation"),
    "short_name": ("short name", "acronym"),
    "country": ("country",),
    "portfolio": ("comparative portfolio", "portfolio", "sector"),
    "website": ("www", "website", "web site", "web", "url", "homepage"),
    "level": ("level", "label", "label level"),
    "scheme": ("scheme",),
    "awarded": ("awarded", "date of award", "award date", "awarded on"),
    "valid_until": ("label valid until", "valid until", "expiry", "expiry date", "expires",
                    "valid to"),
}  # fmt: skip
_FIELD_OF = {heading: field for field, headings in HEADINGS.items() for heading in headings}
#: How far down a file its heading row may be (below a title, a merged banner, notes).
_HEADER_SEARCH = 10
_MAX_BYTES = 64 * 1024 * 1024
_DELIMITERS = ",;\t|"


@dataclass(frozen=True)
class Table:
    """A file's table: the heading of each column, and each row's cells with its number as the
    user sees it (the line of a CSV file, the row of a sheet, the row of an HTML table)."""

    path: Path
    headings: list[str]
    rows: list[tuple[int, list[Any]]]


def _heading(text: Any) -> str:
    """A heading as it is compared: folded, without punctuation around or inside words."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


def read(path: Path) -> Table:
    """The table in ``path``, chosen by its extension: .csv (or .txt, .tsv), .xlsx, .html."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LabeltrackError(f"{path}: cannot be read ({exc.strerror})") from None
    if size > _MAX_BYTES:
        raise LabeltrackError(f"{path}: {size} bytes is too big for a table of clusters")
    if suffix in (".csv", ".txt", ".tsv"):
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".html", ".htm"):
        rows = _html_rows(path)
    else:
        kind = suffix or "a file without an extension"
        raise UsageError(f"{path}: labeltrack imports .csv, .xlsx and .html files; not {kind}")
    return _table(path, rows)


def _table(path: Path, rows: Sequence[tuple[int, list[Any]]]) -> Table:
    """Find the heading row: among the first rows, the one naming the most known fields."""
    best, best_known = None, 1
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH]):
        known = _known(cells)
        if known > best_known:
            best, best_known = index, known
    if best is None:
        raise LabeltrackError(
            f"{path}: no row of headings found in its first {_HEADER_SEARCH} rows (a table of "
            "clusters needs at least a name and a valid-until column, such as "
            '"Name" and "Label valid until")'
        )
    headings = [str(cell or "").strip() for cell in rows[best][1]]
    data = [
        (number, cells)
        for number, cells in rows[best + 1 :]
        if any(str(cell or "").strip() for cell in cells)
    ]
    return Table(path, headings, data)


def _known(cells: Sequence[Any]) -> int:
    """How many fields a row of headings names."""
    return len({_FIELD_OF[h] for h in map(_heading, cells) if h in _FIELD_OF})


def _has_headings(rows: Sequence[tuple[int, list[Any]]]) -> bool:
    """Whether a row of headings (two fields or more) is near the top."""
    return any(_known(cells) > 1 for _, cells in rows[:_HEADER_SEARCH])


def columns(table: Table, chosen: Mapping[str, str]) -> dict[str, int]:
    """Which column fills each field: ``chosen`` (field -> heading, from ``--column``) first,
    then the known headings. A field two columns claim goes to the first."""
    by_heading = {
        _heading(text): index for index, text in reversed(list(enumerate(table.headings)))
    }
    found: dict[str, int] = {}
    for field, heading in chosen.items():
        if field not in HEADINGS:
            raise UsageError(
                f"{field!r} is not a field to import; choose from {', '.join(HEADINGS)}",
                param="column",
            )
        if _heading(heading) not in by_heading:
            shown = ", ".join(repr(text) for text in table.headings if text)
            raise UsageError(
                f"{table.path} has no column {heading!r}; its columns are {shown}", param="column"
            )
        found[field] = by_heading[_heading(heading)]
    taken = set(found.values())
    for index, text in enumerate(table.headings):
        known = _FIELD_OF.get(_heading(text))
        if known and known not in found and index not in taken:
            found[known] = index
            taken.add(index)
    return found


# -- the readers -------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """UTF-8 (with or without a BOM), else Windows-1252, as spreadsheets save; the delimiter is
    whichever of , ; tab | the file uses."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise LabeltrackError(
                f"{path}: is neither UTF-8 nor Windows-1252 text (byte {exc.start + 1}); save it "
                "from the spreadsheet as CSV UTF-8"
            ) from None
    if "\x00" in text:
        raise LabeltrackError(f"{path}: holds NUL bytes, so it is not a CSV file")
    sample = text[:16384]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:  # rows of different lengths, such as a title above the table
        delimiter = max(_DELIMITERS, key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        start = 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise LabeltrackError(f"{path}, line {reader.line_num}: {exc}") from None
    return rows


def _xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The first sheet with a row of known headings; date cells come as dates."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LabeltrackError(
            f"{path}: is not an Excel workbook that can be read ({exc})"
        ) from None
    try:
        first: list[tuple[int, list[Any]]] | None = None
        for sheet in book.worksheets:
            rows = [
                (number, [_cell(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            first = rows if first is None else first
            if _has_headings(rows):
                return rows
        return first or []
    finally:
        book.close()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    return value


def _html_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """The first <table> with a row of known headings; a cell spanning columns fills each."""
    from bs4 import BeautifulSoup

    raw = path.read_bytes()
    soup = BeautifulSoup(raw, "html.parser")
    tables = soup.find_all("table")
    chosen: list[tuple[int, list[Any]]] = []
    for table in tables:
        rows = []
        for number, row in enumerate(table.find_all("tr"), start=1):
            if row.find_parent("table") is not table:
                continue  # a row of a table nested in a cell
            cells: list[Any] = []
            for cell in row.find_all(["td", "th"], recursive=False):
                text = " ".join(cell.get_text(" ").split())
                span = str(cell.get("colspan") or "1")
                cells += [text] * (min(int(span), 50) if span.isdigit() and int(span) > 0 else 1)
            rows.append((number, cells))
        if _has_headings(rows):
            return rows
        chosen = chosen or rows
    if not tables:
        raise LabeltrackError(f"{path}: the page holds no <table>")
    return chosen


# -- cell values -------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_YEAR_FIRST = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")


def parse_date(value: Any, *, day_first: bool) -> date:
    """A date written as ESCA (2018/09/06), ISO (2018-09-06), day first (06.09.2018,
    06/09/2018: only when the day is above 12, the same either way, or ``day_first``), or an
    Excel date cell. Raises ValueError with the reason in words."""
    if isinstance(value, datetime):
        raise ValueError(f"{value} carries a time of day")
    if isinstance(value, date):
        return value
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValueError("is empty")
    for pattern in (_ISO, _YEAR_FIRST):
        match = pattern.fullmatch(text)
        if match:
            return _date(text, int(match[1]), int(match[2]), int(match[3]))
    match = _DAY_FIRST.fullmatch(text)
    if match:
        first, second, year = int(match[1]), int(match[3]), int(match[4])
        if first > 12 or first == second or day_first:
            return _date(text, year, second, first)
        if second > 12:
            raise ValueError(f"{text!r} puts the month first; write the day first or as YYYY-MM-DD")
        raise ValueError(
            f"{text!r} could be day first or month first; give --day-first if the file writes "
            "the day first"
        )
    raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, YYYY/MM/DD or DD.MM.YYYY)")


def _date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
